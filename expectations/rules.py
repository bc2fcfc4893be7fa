"""The rule catalogue: every rule is data (id, kind, severity, SQL, Vietnamese message).

Most rules are generated from the indicator catalogue (value types and the relations
in dbt_project/seeds/indicator_relations.csv) rather than written one by one.
Each rule is an "unexpected rows" query over ``{batch}`` (the rows being checked)
returning one row per value involved:

    submission_id, row_no, indicator_id, severity, observed, expected, message_vi

Which value of a failed relation is withheld (severity 'error') is a documented
choice, made so that what stays published is what an analyst can still trust:
  - ratio: the stated percentage is withheld (it can be recomputed from its parts);
    numerator and denominator are published with a warning;
  - sum of parts: the total is withheld, the parts get a warning;
  - part <= whole: the part that exceeds its whole is withheld, the whole gets a warning;
  - mutually exclusive shares summing over 100%: every share is withheld;
  - overall rate outside its components: the overall rate is withheld.
A relation declared with severity 'warning' never withholds anything.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from loaders.config import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


@dataclass(frozen=True)
class Rule:
    rule_id: str
    kind: str
    severity: str  # the severity of the rule's primary value(s)
    description_vi: str
    sql: str  # unexpected-rows query over {batch}
    # "values": {batch} is dq.batch_values (appendix rows); "submissions": {batch} is
    # dq.batch_submissions and the query also returns row_code and row_label.
    target: str = "values"


def sql_literal(text: str) -> str:
    """A SQL string literal (the catalogue is ours, but quote properly anyway)."""
    return "'" + text.replace("'", "''") + "'"


def row_ref(alias: str) -> str:
    """SQL naming a row the way a clerk finds it: its code, or for uncoded rows its parent."""
    return (f"case when {alias}.code is not null "
            f"then format('Dòng %s «%s»', {alias}.code_raw, {alias}.label) "
            f"when {alias}.parent_code is not null "
            f"then format('Dòng «%s» (chi tiết của mục %s)', {alias}.label, {alias}.parent_code) "
            f"else format('Dòng «%s»', {alias}.label) end")


def num(expr: str) -> str:
    """A number as Vietnamese readers write it in a message: 11.690,5 (loaders/warehouse.py)."""
    return f"dq.vi_number(trim_scale(({expr})::numeric))"


ROW_REF = row_ref("v")


def _domain_rule(rule_id: str, value_type: str, condition: str, expected: str, advice: str) -> Rule:
    sql = f"""
        select v.submission_id, v.row_no, v.indicator_id, 'error' as severity,
               v.value_raw as observed, {sql_literal(expected)} as expected,
               {ROW_REF} || format(': số liệu «%s» không hợp lệ, {expected.replace('%', '%%')}. {advice}', v.value_raw) as message_vi
        from {{batch}} v
        where v.value_type = {sql_literal(value_type)} and v.value_numeric is not null and ({condition})
    """
    return Rule(rule_id, "domain", "error", f"Miền giá trị của dòng kiểu {value_type}", sql)


def _flag_rule(rule_id: str, flag: str, severity: str, expected: str, message: str) -> Rule:
    sql = f"""
        select v.submission_id, v.row_no, v.indicator_id, {sql_literal(severity)} as severity,
               v.value_raw as observed, {sql_literal(expected)} as expected,
               {ROW_REF} || format(': số liệu «%s» — {message.replace('%', '%%')}', v.value_raw) as message_vi
        from {{batch}} v
        where {sql_literal(flag)} = any(v.parse_flags)
    """
    return Rule(rule_id, "parse", severity, message, sql)


def generic_rules() -> list[Rule]:
    rules = [
        _domain_rule("domain.count", "count", "v.value_numeric < 0 or v.value_numeric <> trunc(v.value_numeric)",
                     "phải là số nguyên không âm", "Đề nghị kiểm tra lại số liệu."),
        _domain_rule("domain.percent", "percent", "v.value_numeric < 0 or v.value_numeric > 100",
                     "tỷ lệ phải nằm trong khoảng 0–100%",
                     "Đề nghị kiểm tra lại: có thể đã ghi số lượng vào dòng tỷ lệ."),
        _domain_rule("domain.binary", "binary", "v.value_numeric not in (0, 1)",
                     "chỉ nhận giá trị 0 hoặc 1 theo chú thích ở cột đơn vị tính",
                     "Đề nghị ghi 1 (có) hoặc 0 (không)."),
        _domain_rule("domain.enum", "enum",
                     "v.enum_codes is not null and not (trim_scale(v.value_numeric)::text = any(v.enum_codes))",
                     "phải là một trong các mã ghi ở cột đơn vị tính",
                     "Đề nghị chọn đúng mã theo chú thích."),
        _domain_rule("domain.money", "money", "v.value_numeric < 0",
                     "số tiền không được âm", "Đề nghị kiểm tra lại số liệu."),
        _flag_rule("parse.unit_mismatch", "unit_mismatch", "error", "số liệu đúng đơn vị tính của dòng",
                   "đơn vị của số liệu không khớp với đơn vị tính của dòng (ví dụ ghi số hồ sơ vào dòng tỷ lệ %). "
                   "Đề nghị ghi đúng đơn vị tính; số lượng ghi ở dòng số lượng tương ứng."),
        _flag_rule("parse.multiple_values", "multiple_values", "warning", "một giá trị cho mỗi dòng",
                   "ô số liệu chứa nhiều giá trị; hệ thống giữ nguyên văn bản và không tính vào tổng hợp. "
                   "Đề nghị tách thành các dòng chi tiết."),
        _flag_rule("parse.ambiguous_separator", "ambiguous_separator", "warning", "số viết rõ ràng",
                   "không rõ dấu chấm là dấu phân cách hàng nghìn hay dấu thập phân. "
                   "Đề nghị dùng dấu phẩy cho phần thập phân (ví dụ 63,4%)."),
    ]
    rules.append(Rule("catalogue.unmapped_row", "catalogue", "warning",
                      "Dòng không khớp chỉ tiêu nào trong danh mục", f"""
        select v.submission_id, v.row_no, v.indicator_id, 'warning' as severity,
               v.value_raw as observed, 'một chỉ tiêu trong danh mục' as expected,
               {ROW_REF} || ': không khớp với chỉ tiêu nào trong danh mục chỉ tiêu thống kê; '
                   || 'số liệu được lưu nhưng chưa đưa vào tổng hợp. Sở Nội vụ sẽ rà soát danh mục.' as message_vi
        from {{batch}} v
        where v.mapping_rule = 'unmapped' and not v.is_section
          and nullif(trim(v.value_raw), '') is not null
    """))
    rules.append(Rule("catalogue.value_type_mismatch", "catalogue", "warning",
                      "Đơn vị tính khác với danh mục", f"""
        select v.submission_id, v.row_no, v.indicator_id, 'warning' as severity,
               coalesce(v.unit_raw, '') as observed, t.type_vi as expected,
               {ROW_REF} || format(': đơn vị tính «%s» không phù hợp với chỉ tiêu (theo danh mục là %s). '
                   'Đề nghị kiểm tra lại đơn vị tính.', coalesce(v.unit_raw, ''), t.type_vi) as message_vi
        from {{batch}} v
        cross join lateral (
            select case v.catalogue_value_type when 'count' then 'số lượng' else 'tỷ lệ %%' end as type_vi
        ) t
        where v.catalogue_value_type in ('count', 'percent') and v.value_type in ('count', 'percent')
          and v.value_type <> v.catalogue_value_type
    """))
    rules.append(Rule("history.cumulative_decrease", "history", "warning",
                      "Số lũy kế giảm so với kỳ lũy kế trước trong cùng năm", f"""
        with earlier as (
            select s.unit_key, p.period_year, p.sort_order, r.indicator_id, r.value_numeric, s.period_key
            from raw.appendix_rows r
            join raw.submissions s on s.submission_id = r.submission_id and s.load_status = 'loaded'
            join ref.periods p on p.period_key = s.period_key and p.is_cumulative
            where r.value_numeric is not null and r.indicator_id is not null
        )
        select v.submission_id, v.row_no, v.indicator_id, 'warning' as severity,
               trim_scale(v.value_numeric)::text as observed,
               format('>= %s (kỳ %s)', trim_scale(max(e.value_numeric)), max(e.period_key)) as expected,
               {ROW_REF} || format(': số lũy kế %s nhỏ hơn số đã báo cáo ở kỳ trước cùng năm (%s). '
                   'Đề nghị kiểm tra lại số liệu lũy kế.', dq.vi_number(trim_scale(v.value_numeric)),
                   dq.vi_number(trim_scale(max(e.value_numeric))))
               as message_vi
        from {{batch}} v
        join ref.periods p on p.period_key = v.period_key and p.is_cumulative
        join earlier e on e.unit_key = v.unit_key and e.indicator_id = v.indicator_id
             and e.period_year = p.period_year and e.sort_order < p.sort_order
        where v.time_aggregation = 'cumulative' and v.value_numeric is not null
        group by v.submission_id, v.row_no, v.indicator_id, v.value_numeric, v.code_raw, v.label
        having v.value_numeric < max(e.value_numeric)
    """))
    rules.append(Rule("outlier.peers", "outlier", "warning",
                      "Giá trị bất thường so với các đơn vị cùng kỳ (modified z-score > 3,5)", f"""
        with peers as (
            select s.period_key, r.indicator_id, s.unit_key, r.value_numeric
            from raw.appendix_rows r
            join raw.submissions s on s.submission_id = r.submission_id and s.load_status = 'loaded'
            where r.value_numeric is not null and r.indicator_id is not null and r.value_type = 'count'
        ),
        medians as (
            select period_key, indicator_id, count(distinct unit_key) as n_units,
                   percentile_cont(0.5) within group (order by value_numeric) as median
            from peers group by 1, 2
        ),
        mads as (
            select p.period_key, p.indicator_id, m.median, m.n_units,
                   percentile_cont(0.5) within group (order by abs(p.value_numeric - m.median)) as mad
            from peers p join medians m using (period_key, indicator_id)
            group by 1, 2, 3, 4
        )
        select v.submission_id, v.row_no, v.indicator_id, 'warning' as severity,
               trim_scale(v.value_numeric)::text as observed,
               format('gần trung vị %s của %s đơn vị', round(m.median::numeric, 1), m.n_units) as expected,
               {ROW_REF} || format(': giá trị %s khác thường so với các đơn vị cùng kỳ (trung vị %s). '
                   'Đề nghị kiểm tra lại; nếu số liệu đúng, không cần điều chỉnh.',
                   dq.vi_number(trim_scale(v.value_numeric)), dq.vi_number(round(m.median::numeric, 1))) as message_vi
        from {{batch}} v
        join mads m on m.period_key = v.period_key and m.indicator_id = v.indicator_id
        where v.value_type = 'count' and v.value_numeric is not null and m.n_units >= 5 and m.mad > 0
          and abs(0.6745 * (v.value_numeric - m.median) / m.mad) > 3.5
    """))
    return rules


# ---------------------------------------------------------------- relation rules

VALUE_CTE = """
    values_by_indicator as (
        select submission_id, row_no, indicator_id, code, code_raw, parent_code, label, value_raw, value_numeric
        from {batch}
        where value_numeric is not null and indicator_id is not null
    )
"""


def _in_list(ids: list[str]) -> str:
    return ", ".join(sql_literal(i) for i in ids)


def _sev(relation_severity: str, primary: bool) -> str:
    return sql_literal("error" if primary and relation_severity == "error" else "warning")


def _relation_select(alias: str, severity: str, observed: str, expected: str, message: str) -> str:
    ref = row_ref(alias)
    return (f"select {alias}.submission_id, {alias}.row_no, {alias}.indicator_id, {severity} as severity, "
            f"{observed} as observed, {expected} as expected, {ref} || {message} as message_vi")


def _ratio_rule(rel: dict) -> Rule:
    pct, (numerator, den) = rel["lhs"], rel["rhs"][:2]
    tol = rel["tolerance"] or 0.5
    computed = "round(100.0 * n.value_numeric / d.value_numeric, 1)"
    mismatch = (f"format(': tỷ lệ ghi %s%% nhưng theo số liệu chi tiết là %s/%s = %s%% (dòng %s và %s). "
                f"Đề nghị kiểm tra lại tỷ lệ hoặc số liệu chi tiết.', dq.vi_number(trim_scale(p.value_numeric)), "
                f"dq.vi_number(trim_scale(n.value_numeric)), dq.vi_number(trim_scale(d.value_numeric)), dq.vi_number({computed}), "
                f"coalesce(n.code_raw, n.label), coalesce(d.code_raw, d.label))")
    part_msg = (f"format(': là thành phần của tỷ lệ ở dòng %s (ghi %s%%, tính được %s%%); "
                f"một trong các số liệu này chưa đúng.', coalesce(p.code_raw, p.label), "
                f"dq.vi_number(trim_scale(p.value_numeric)), dq.vi_number({computed}))")
    base = f"""
        with {VALUE_CTE},
        p as (select * from values_by_indicator where indicator_id = {sql_literal(pct)}),
        n as (select * from values_by_indicator where indicator_id = {sql_literal(numerator)}),
        d as (select * from values_by_indicator where indicator_id = {sql_literal(den)}),
        failed as (
            select p.submission_id from p join n using (submission_id) join d using (submission_id)
            where d.value_numeric > 0 and abs(p.value_numeric - 100.0 * n.value_numeric / d.value_numeric) > {tol}
        ),
        empty_denominator as (
            select p.submission_id from p join d using (submission_id)
            where d.value_numeric = 0 and p.value_numeric > 0
        )
    """
    observed = "trim_scale(p.value_numeric)::text"
    sql = base + f"""
        {_relation_select('p', _sev(rel['severity'], True), observed, computed + "::text", mismatch)}
        from p join n using (submission_id) join d using (submission_id)
        where p.submission_id in (select submission_id from failed)
        union all
        {_relation_select('x', _sev(rel['severity'], False), "trim_scale(x.value_numeric)::text", "'-'", part_msg)}
        from (select * from n union all select * from d) as x
        join p using (submission_id) join n on n.submission_id = x.submission_id join d on d.submission_id = x.submission_id
        where x.submission_id in (select submission_id from failed)
        union all
        {_relation_select('p', "'warning'", observed, "'không xác định (mẫu số bằng 0)'",
                          "format(': ghi tỷ lệ %s%% trong khi mẫu số (dòng %s) bằng 0. Nếu không phát sinh, đề nghị để trống.', dq.vi_number(trim_scale(p.value_numeric)), coalesce(d.code_raw, d.label))")}
        from p join d using (submission_id)
        where p.submission_id in (select submission_id from empty_denominator)
    """
    return Rule(rel["relation_id"], "ratio", rel["severity"], rel["description_vi"], sql)


def _sum_parts_rule(rel: dict) -> Rule:
    total, parts = rel["lhs"], rel["rhs"]
    tol = rel["tolerance"] or 0
    n_parts = len(parts)
    sql = f"""
        with {VALUE_CTE},
        t as (select * from values_by_indicator where indicator_id = {sql_literal(total)}),
        parts as (select * from values_by_indicator where indicator_id in ({_in_list(parts)})),
        sums as (
            select submission_id, sum(value_numeric) as parts_sum, count(distinct indicator_id) as n_present,
                   string_agg(dq.vi_number(trim_scale(value_numeric)), ' + ' order by row_no) as parts_text
            from parts group by submission_id
        ),
        failed as (
            select t.submission_id, s.parts_sum, s.parts_text from t join sums s using (submission_id)
            where (s.n_present = {n_parts} and abs(s.parts_sum - t.value_numeric) > {tol})
               or s.parts_sum > t.value_numeric + {tol}
        )
        {_relation_select('t', _sev(rel['severity'], True), "trim_scale(t.value_numeric)::text",
                          "trim_scale(f.parts_sum)::text",
                          "format(': tổng số ghi %s nhưng cộng các số liệu thành phần được %s = %s. Đề nghị kiểm tra lại tổng số hoặc các thành phần.', dq.vi_number(trim_scale(t.value_numeric)), f.parts_text, dq.vi_number(trim_scale(f.parts_sum)))")}
        from t join failed f using (submission_id)
        union all
        {_relation_select('x', _sev(rel['severity'], False), "trim_scale(x.value_numeric)::text", "'-'",
                          "format(': là thành phần của tổng số ở dòng %s (ghi %s, cộng thành phần được %s).', coalesce(t.code_raw, t.label), dq.vi_number(trim_scale(t.value_numeric)), dq.vi_number(trim_scale(f.parts_sum)))")}
        from parts x join failed f using (submission_id) join t on t.submission_id = x.submission_id
    """
    return Rule(rel["relation_id"], "sum_parts", rel["severity"], rel["description_vi"], sql)


def _part_le_whole_rule(rel: dict) -> Rule:
    whole, parts = rel["lhs"], rel["rhs"]
    tol = rel["tolerance"] or 0
    sql = f"""
        with {VALUE_CTE},
        w as (select * from values_by_indicator where indicator_id = {sql_literal(whole)}),
        x as (select * from values_by_indicator where indicator_id in ({_in_list(parts)})),
        failed as (
            select x.submission_id, x.row_no from x join w using (submission_id)
            where x.value_numeric > w.value_numeric + {tol}
        )
        {_relation_select('x', _sev(rel['severity'], True), "trim_scale(x.value_numeric)::text",
                          "format('<= %s', trim_scale(w.value_numeric))",
                          "format(': số liệu %s lớn hơn số liệu tổng thể ở dòng %s «%s» (%s). Đề nghị kiểm tra lại.', dq.vi_number(trim_scale(x.value_numeric)), coalesce(w.code_raw, 'không mã'), w.label, dq.vi_number(trim_scale(w.value_numeric)))")}
        from x join w using (submission_id)
        where (x.submission_id, x.row_no) in (select submission_id, row_no from failed)
        union all
        {_relation_select('w', _sev(rel['severity'], False), "trim_scale(w.value_numeric)::text", "'-'",
                          "format(': nhỏ hơn số liệu thành phần ở dòng %s (%s).', coalesce(x.code_raw, x.label), dq.vi_number(trim_scale(x.value_numeric)))")}
        from w join x using (submission_id)
        where (x.submission_id, x.row_no) in (select submission_id, row_no from failed)
    """
    return Rule(rel["relation_id"], "part_le_whole", rel["severity"], rel["description_vi"], sql)


def _exclusive_shares_rule(rel: dict) -> Rule:
    shares = rel["rhs"]
    tol = rel["tolerance"] or 0.5
    sql = f"""
        with {VALUE_CTE},
        x as (select * from values_by_indicator where indicator_id in ({_in_list(shares)})),
        sums as (
            select submission_id, sum(value_numeric) as total,
                   string_agg(dq.vi_number(trim_scale(value_numeric)) || '%', ' + ' order by row_no) as parts_text
            from x group by submission_id having count(*) > 1
        )
        {_relation_select('x', _sev(rel['severity'], True), "trim_scale(x.value_numeric)::text", "'tổng các tỷ lệ <= 100%'",
                          "format(': các tỷ lệ loại trừ nhau cộng lại vượt 100%% (%s = %s%%). Đề nghị kiểm tra lại.', s.parts_text, dq.vi_number(trim_scale(s.total)))")}
        from x join sums s using (submission_id)
        where s.total > 100 + {tol}
    """
    return Rule(rel["relation_id"], "exclusive_shares", rel["severity"], rel["description_vi"], sql)


def _rate_between_rule(rel: dict) -> Rule:
    overall, components = rel["lhs"], rel["rhs"]
    tol = rel["tolerance"] or 0.5
    sql = f"""
        with {VALUE_CTE},
        o as (select * from values_by_indicator where indicator_id = {sql_literal(overall)}),
        c as (
            select submission_id, min(value_numeric) as lo, max(value_numeric) as hi
            from values_by_indicator where indicator_id in ({_in_list(components)})
            group by submission_id having count(*) > 1
        )
        {_relation_select('o', _sev(rel['severity'], True), "trim_scale(o.value_numeric)::text",
                          "format('từ %s đến %s', trim_scale(c.lo), trim_scale(c.hi))",
                          "format(': tỷ lệ chung %s%% phải nằm giữa các tỷ lệ thành phần (%s%% – %s%%). Đề nghị kiểm tra lại.', dq.vi_number(trim_scale(o.value_numeric)), dq.vi_number(trim_scale(c.lo)), dq.vi_number(trim_scale(c.hi)))")}
        from o join c using (submission_id)
        where o.value_numeric < c.lo - {tol} or o.value_numeric > c.hi + {tol}
    """
    return Rule(rel["relation_id"], "rate_between", rel["severity"], rel["description_vi"], sql)


RELATION_BUILDERS = {
    "ratio": _ratio_rule,
    "sum_parts": _sum_parts_rule,
    "part_le_whole": _part_le_whole_rule,
    "exclusive_shares": _exclusive_shares_rule,
    "rate_between": _rate_between_rule,
}


def read_relations(seeds_dir: Path = SEEDS_DIR) -> list[dict]:
    path = seeds_dir / "indicator_relations.csv"
    if not path.exists():
        return []
    relations = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            relations.append({
                "relation_id": row["relation_id"].strip(),
                "kind": row["kind"].strip(),
                "lhs": row["lhs_indicator_id"].strip(),
                "rhs": [p.strip() for p in row["rhs_indicator_ids"].split("|") if p.strip()],
                "tolerance": float(row["tolerance"]) if row.get("tolerance", "").strip() else None,
                "severity": (row.get("severity") or "error").strip() or "error",
                "description_vi": (row.get("description_vi") or "").strip(),
            })
    return relations


def relation_rules(relations: list[dict]) -> list[Rule]:
    rules = []
    for rel in relations:
        builder = RELATION_BUILDERS.get(rel["kind"])
        if builder is None:
            raise ValueError(f"Unknown relation kind {rel['kind']!r} in relation {rel['relation_id']}")
        rules.append(builder(rel))
    return rules
