"""Quality rules for PAR Index scorecards and SIPAS results (raw.par_scores, raw.sipas_scores).

Every rule runs per submission (target "submissions": {batch} is dq.batch_submissions)
and returns one row per scorecard row involved, with row_no NULL and

    row_code  = how the clerk finds the row, and how marts/par joins the issue back:
                detail table      -> the criterion code ("5.3"; "1.1.a" for an uncoded row under 1.1)
                year summary      -> "<field> (tổng hợp <year>)", e.g. "4 (tổng hợp 2021)"
                published index   -> "Chỉ số CCHC (<year>)"
                SIPAS             -> "SIPAS (<year>)", "SIPAS (<year>) – <component>"
    row_label = the printed content of the row.

Severity is a documented choice, made so that what fct_par_scores publishes is what an
analyst can trust:
  - error (the node's score is withheld): a score outside 0..max; a node whose score or
    maximum differs from the sum of the leaf criteria beneath it; a summary-table score
    that contradicts the detail table (the summary row is the error, the detail row gets
    a warning: the detail is the primary record and the one published);
  - warning (nothing withheld, because the published figure is recomputed from the
    scores): points deducted <> max − achieved; a stated percentage <> score / max; a
    stated year-over-year change <> the difference of the percentages; a published
    index <> the index computed from the scores; SIPAS percentage <> score / max or
    <> the mean of its five components.

Sums compare a node with the leaves beneath it rather than its direct children: when
one intermediate criterion is wrong (5.3 in seed 002: 2 points printed, 1,5 beneath
it) only that criterion is flagged, not every ancestor that agrees with its leaves.
"""

from __future__ import annotations

from expectations.rules import Rule, num

SCORE_TOLERANCE = 0.005  # scores are printed with at most two decimals
# One unit in the last digit of a one-decimal percentage: accepts the truncation
# "64,2" for 4,5/7 = 64,29 but not "85,6" for 6/7 = 85,71.
PERCENT_TOLERANCE = 0.1
INDEX_TOLERANCE = 0.05  # the index is published with two decimals

# Field-level nodes have no dot in their code.
FIELD_LEVEL = "position('.' in {alias}.node_code) = 0"


def row_code(alias: str) -> str:
    """SQL for the row_code of a raw.par_scores row (marts/par/fct_par_scores.sql uses the same)."""
    return (f"case {alias}.table_kind "
            f"when 'summary' then format('%s (tổng hợp %s)', {alias}.node_code, {alias}.year) "
            f"when 'index' then format('Chỉ số CCHC (%s)', {alias}.year) "
            f"else {alias}.node_code end")


def sipas_row_code(alias: str) -> str:
    """SQL for the row_code of a raw.sipas_scores row (marts/par/fct_sipas.sql uses the same)."""
    return (f"case when {alias}.component_code = 'overall' then format('SIPAS (%s)', {alias}.year) "
            f"else format('SIPAS (%s) – %s', {alias}.year, {alias}.content) end")


def node_ref(alias: str) -> str:
    """SQL naming a scorecard row the way the clerk finds it in the report."""
    content = f"left({alias}.content, 120)"
    return (f"case "
            f"when {alias}.table_kind = 'summary' "
            f"then format('Bảng so sánh năm %s, lĩnh vực %s «%s»', {alias}.year, {alias}.node_code, {content}) "
            f"when {alias}.criterion_code is null "
            f"then format('Nội dung «%s» (thuộc tiêu chí %s)', {content}, {alias}.parent_code) "
            f"when position('.' in {alias}.node_code) = 0 "
            f"then format('Lĩnh vực %s «%s»', {alias}.node_code, {content}) "
            f"when {alias}.node_code ~ '^[0-9]+[.][0-9]+$' "
            f"then format('Tiêu chí %s «%s»', {alias}.node_code, {content}) "
            f"else format('Tiêu chí thành phần %s «%s»', {alias}.node_code, {content}) end")


def _issue_columns(alias: str, severity: str, observed: str, expected: str, message: str) -> str:
    return (f"select {alias}.submission_id, null::integer as row_no, null::text as indicator_id, "
            f"'{severity}' as severity, ({observed})::text as observed, ({expected})::text as expected, "
            f"{message} as message_vi, {row_code(alias)} as row_code, {alias}.content as row_label")


def _sipas_issue_columns(alias: str, severity: str, observed: str, expected: str, message: str) -> str:
    return (f"select {alias}.submission_id, null::integer as row_no, null::text as indicator_id, "
            f"'{severity}' as severity, ({observed})::text as observed, ({expected})::text as expected, "
            f"{message} as message_vi, {sipas_row_code(alias)} as row_code, {alias}.content as row_label")


# ---------------------------------------------------------------- PAR scorecard rules

def _achieved_within_max(raw: str) -> Rule:
    message = (f"{node_ref('p')} || format(': điểm đạt được %s nằm ngoài khoảng từ 0 đến điểm tối đa %s. "
               f"Đề nghị kiểm tra lại điểm của nội dung này.', {num('p.achieved')}, {num('p.max_score')})")
    sql = f"""
        {_issue_columns('p', 'error', 'p.achieved_raw', f"'0 – ' || {num('p.max_score')}", message)}
        from {raw}.par_scores p
        join {{batch}} b on b.submission_id = p.submission_id
        where p.table_kind in ('field_detail', 'summary')
          and p.achieved is not null and p.max_score is not null
          and (p.achieved < 0 or p.achieved > p.max_score + {SCORE_TOLERANCE})
    """
    return Rule("par.achieved_within_max", "domain", "error",
                "Điểm đạt được phải nằm trong khoảng từ 0 đến điểm tối đa", sql, target="submissions")


def _deducted(raw: str) -> Rule:
    computed = "(p.max_score - p.achieved)"
    message = (f"{node_ref('p')} || format(': điểm bị trừ ghi %s nhưng điểm tối đa %s trừ điểm đạt được %s là %s. "
               f"Hệ thống dùng số điểm bị trừ tính lại (%s); đề nghị kiểm tra lại.', p.deducted_raw, "
               f"{num('p.max_score')}, {num('p.achieved')}, {num(computed)}, {num(computed)})")
    sql = f"""
        {_issue_columns('p', 'warning', 'p.deducted_raw', num(computed), message)}
        from {raw}.par_scores p
        join {{batch}} b on b.submission_id = p.submission_id
        where p.table_kind = 'field_detail'
          and p.deducted is not null and p.max_score is not null and p.achieved is not null
          and abs(p.deducted - {computed}) > {SCORE_TOLERANCE}
    """
    return Rule("par.deducted", "ratio", "warning",
                "Điểm bị trừ phải bằng điểm tối đa trừ điểm đạt được", sql, target="submissions")


def _leaf_sum(raw: str) -> Rule:
    message = (f"{node_ref('p')} || format(': ghi %s/%s điểm (đạt được/tối đa) nhưng cộng các nội dung chi tiết "
               f"bên dưới được %s/%s điểm. Đề nghị kiểm tra lại điểm của tiêu chí này hoặc của các nội dung "
               f"chi tiết.', {num('p.achieved')}, {num('p.max_score')}, {num('s.leaves_achieved')}, "
               f"{num('s.leaves_max')})")
    observed = f"{num('p.achieved')} || '/' || {num('p.max_score')}"
    expected = f"{num('s.leaves_achieved')} || '/' || {num('s.leaves_max')}"
    sql = f"""
        with scores as (
            select p.*
            from {raw}.par_scores p
            join {{batch}} b on b.submission_id = p.submission_id
            where p.table_kind = 'field_detail' and p.node_code is not null
        ),
        leaves as (
            select s.*
            from scores s
            where not exists (
                select 1 from scores c
                where c.submission_id = s.submission_id and c.table_no = s.table_no
                  and c.parent_code = s.node_code
            )
        ),
        sums as (
            select n.submission_id, n.table_no, n.row_no,
                   sum(l.achieved) as leaves_achieved, sum(l.max_score) as leaves_max,
                   count(*) as n_leaves, count(l.achieved) as n_achieved, count(l.max_score) as n_max
            from scores n
            join leaves l
                on l.submission_id = n.submission_id and l.table_no = n.table_no
                and l.node_code like n.node_code || '.%'
            group by n.submission_id, n.table_no, n.row_no
        )
        {_issue_columns('p', 'error', observed, expected, message)}
        from scores p
        join sums s on s.submission_id = p.submission_id and s.table_no = p.table_no and s.row_no = p.row_no
        where (s.n_achieved = s.n_leaves and p.achieved is not null
               and abs(p.achieved - s.leaves_achieved) > {SCORE_TOLERANCE})
           or (s.n_max = s.n_leaves and p.max_score is not null
               and abs(p.max_score - s.leaves_max) > {SCORE_TOLERANCE})
    """
    return Rule("par.leaf_sum", "sum_parts", "error",
                "Điểm của một tiêu chí phải bằng tổng điểm các nội dung chi tiết bên dưới", sql,
                target="submissions")


def _summary_vs_detail(raw: str) -> Rule:
    pair = f"""
        with pairs as (
            select s.submission_id, s.table_no as s_table, s.row_no as s_row, d.table_no as d_table, d.row_no as d_row
            from {raw}.par_scores s
            join {{batch}} b on b.submission_id = s.submission_id
            join {raw}.par_scores d
                on d.submission_id = s.submission_id and d.table_kind = 'field_detail'
                and d.year = s.year and d.node_code = s.node_code and {FIELD_LEVEL.format(alias='d')}
            where s.table_kind = 'summary'
              and (abs(s.achieved - d.achieved) > {SCORE_TOLERANCE} or abs(s.max_score - d.max_score) > {SCORE_TOLERANCE})
        )
    """
    summary_message = (f"{node_ref('s')} || format(': ghi %s/%s điểm nhưng bảng điểm chi tiết của lĩnh vực ghi "
                       f"%s/%s điểm. Số liệu công bố lấy theo bảng điểm chi tiết; đề nghị sửa bảng so sánh cho "
                       f"thống nhất.', {num('s.achieved')}, {num('s.max_score')}, {num('d.achieved')}, "
                       f"{num('d.max_score')})")
    detail_message = (f"{node_ref('d')} || format(': bảng điểm chi tiết ghi %s/%s điểm, khác bảng so sánh năm %s "
                      f"(%s/%s điểm). Đề nghị kiểm tra lại để hai bảng thống nhất.', {num('d.achieved')}, "
                      f"{num('d.max_score')}, s.year, {num('s.achieved')}, {num('s.max_score')})")
    score = "{a}.achieved_raw || '/' || {a}.max_raw"
    sql = f"""
        {pair}
        {_issue_columns('s', 'error', score.format(a='s'), score.format(a='d'), summary_message)}
        from pairs x
        join {raw}.par_scores s on s.submission_id = x.submission_id and s.table_no = x.s_table and s.row_no = x.s_row
        join {raw}.par_scores d on d.submission_id = x.submission_id and d.table_no = x.d_table and d.row_no = x.d_row
        union all
        {_issue_columns('d', 'warning', score.format(a='d'), score.format(a='s'), detail_message)}
        from pairs x
        join {raw}.par_scores s on s.submission_id = x.submission_id and s.table_no = x.s_table and s.row_no = x.s_row
        join {raw}.par_scores d on d.submission_id = x.submission_id and d.table_no = x.d_table and d.row_no = x.d_row
    """
    return Rule("par.summary_vs_detail", "cross_table", "error",
                "Điểm lĩnh vực ở bảng so sánh phải bằng điểm ở bảng điểm chi tiết", sql, target="submissions")


def _summary_percent(raw: str) -> Rule:
    computed = "round(100.0 * p.achieved / p.max_score, 2)"
    message = (f"{node_ref('p')} || format(': tỷ lệ ghi %s%% nhưng %s/%s điểm là %s%%. Tỷ lệ công bố được tính "
               f"lại từ điểm; đề nghị kiểm tra lại.', {num('p.percent_stated')}, {num('p.achieved')}, "
               f"{num('p.max_score')}, {num(computed)})")
    sql = f"""
        {_issue_columns('p', 'warning', 'p.percent_raw', num(computed), message)}
        from {raw}.par_scores p
        join {{batch}} b on b.submission_id = p.submission_id
        where p.percent_stated is not null and p.achieved is not null and p.max_score > 0
          and p.table_kind in ('summary', 'field_detail')
          and abs(p.percent_stated - 100.0 * p.achieved / p.max_score) > {PERCENT_TOLERANCE}
    """
    return Rule("par.percent", "ratio", "warning",
                "Tỷ lệ % ghi trong bảng phải bằng điểm đạt được chia điểm tối đa", sql, target="submissions")


def _summary_change(raw: str) -> Rule:
    later = "coalesce(l.percent_stated, 100.0 * l.achieved / nullif(l.max_score, 0))"
    earlier = "coalesce(e.percent_stated, 100.0 * e.achieved / nullif(e.max_score, 0))"
    computed = f"round({later} - {earlier}, 2)"
    message = (f"{node_ref('l')} || format(': mức tăng/giảm ghi %s nhưng tỷ lệ năm %s (%s%%) trừ tỷ lệ năm %s "
               f"(%s%%) là %s. Đề nghị kiểm tra lại.', l.change_raw, l.year, {num(f'round({later}, 2)')}, e.year, "
               f"{num(f'round({earlier}, 2)')}, {num(computed)})")
    sql = f"""
        with earlier_year as (
            select l.submission_id, l.table_no, l.row_no, max(e.year) as year
            from {raw}.par_scores l
            join {{batch}} b on b.submission_id = l.submission_id
            join {raw}.par_scores e
                on e.submission_id = l.submission_id and e.table_kind = 'summary'
                and e.node_code = l.node_code and e.year < l.year
            where l.table_kind = 'summary' and l.change_stated is not null
            group by l.submission_id, l.table_no, l.row_no
        )
        {_issue_columns('l', 'warning', 'l.change_raw', num(computed), message)}
        from earlier_year x
        join {raw}.par_scores l on l.submission_id = x.submission_id and l.table_no = x.table_no and l.row_no = x.row_no
        join {raw}.par_scores e
            on e.submission_id = l.submission_id and e.table_kind = 'summary'
            and e.node_code = l.node_code and e.year = x.year
        where abs(l.change_stated - ({later} - {earlier})) > {PERCENT_TOLERANCE}
    """
    return Rule("par.change", "ratio", "warning",
                "Mức tăng/giảm phải bằng hiệu tỷ lệ của hai năm", sql, target="submissions")


def _index_vs_scores(raw: str) -> Rule:
    message = (f"format('Chỉ số CCHC năm %s ghi %s%% nhưng tính từ điểm các lĩnh vực (%s/%s) và điểm SIPAS "
               f"(%s/%s) được %s%%. Đề nghị kiểm tra lại.', i.year, {num('i.percent_stated')}, "
               f"{num('f.achieved')}, {num('f.max_score')}, {num('s.score')}, {num('s.max_score')}, "
               f"{num('c.computed')})")
    sql = f"""
        with fields as (
            select d.submission_id, d.year, sum(d.achieved) as achieved, sum(d.max_score) as max_score,
                   count(*) as n_fields, count(d.achieved) as n_scored
            from {raw}.par_scores d
            join {{batch}} b on b.submission_id = d.submission_id
            where d.table_kind = 'field_detail' and {FIELD_LEVEL.format(alias='d')}
            group by d.submission_id, d.year
        ),
        sipas as (
            select submission_id, year, score, max_score
            from {raw}.sipas_scores
            where component_code = 'overall' and score is not null and max_score > 0
        ),
        computed as (
            select f.submission_id, f.year,
                   round(100.0 * (f.achieved + s.score) / (f.max_score + s.max_score), 2) as computed
            from fields f
            join sipas s on s.submission_id = f.submission_id and s.year = f.year
            where f.n_fields = f.n_scored
        )
        {_issue_columns('i', 'warning', 'i.percent_raw', num('c.computed'), message)}
        from {raw}.par_scores i
        join computed c on c.submission_id = i.submission_id and c.year = i.year
        join fields f on f.submission_id = i.submission_id and f.year = i.year
        join sipas s on s.submission_id = i.submission_id and s.year = i.year
        where i.table_kind = 'index' and i.percent_stated is not null
          and abs(i.percent_stated - c.computed) > {INDEX_TOLERANCE}
    """
    return Rule("par.index_vs_scores", "cross_table", "warning",
                "Chỉ số CCHC công bố phải bằng chỉ số tính từ điểm các lĩnh vực và điểm SIPAS", sql,
                target="submissions")


# ---------------------------------------------------------------- SIPAS rules

def _sipas_domain(raw: str) -> Rule:
    message = ("format('Chỉ số hài lòng (SIPAS) «%s»: giá trị %s không hợp lệ (tỷ lệ phải từ 0 đến 100%%, "
               "điểm không vượt quá điểm tối đa). Đề nghị kiểm tra lại.', s.content, "
               "coalesce(s.percent_raw, s.score_raw || '/' || s.max_raw))")
    sql = f"""
        {_sipas_issue_columns('s', 'error', "coalesce(s.percent_raw, s.score_raw || '/' || s.max_raw)",
                              "'0 – 100%'", message)}
        from {raw}.sipas_scores s
        join {{batch}} b on b.submission_id = s.submission_id
        where s.percent_stated < 0 or s.percent_stated > 100 or s.score < 0 or s.score > s.max_score
    """
    return Rule("sipas.domain", "domain", "error", "Tỷ lệ hài lòng trong khoảng 0–100%, điểm không vượt tối đa",
                sql, target="submissions")


def _sipas_percent(raw: str) -> Rule:
    computed = "round(100.0 * s.score / s.max_score, 2)"
    message = (f"format('Chỉ số hài lòng (SIPAS) năm %s: tỷ lệ ghi %s%% nhưng %s/%s điểm là %s%%. Đề nghị kiểm "
               f"tra lại điểm hoặc tỷ lệ.', s.year, {num('s.percent_stated')}, {num('s.score')}, "
               f"{num('s.max_score')}, {num(computed)})")
    sql = f"""
        {_sipas_issue_columns('s', 'warning', 's.percent_raw', num(computed), message)}
        from {raw}.sipas_scores s
        join {{batch}} b on b.submission_id = s.submission_id
        where s.percent_stated is not null and s.score is not null and s.max_score > 0
          and abs(s.percent_stated - 100.0 * s.score / s.max_score) > {PERCENT_TOLERANCE}
    """
    return Rule("sipas.percent", "ratio", "warning", "Tỷ lệ hài lòng phải bằng điểm chia điểm tối đa", sql,
                target="submissions")


def _sipas_component_mean(raw: str) -> Rule:
    message = (f"format('Chỉ số hài lòng (SIPAS) năm %s: tỷ lệ chung ghi %s%% nhưng trung bình 5 yếu tố thành phần "
               f"là %s%%. Đề nghị kiểm tra lại.', s.year, {num('s.percent_stated')}, {num('round(m.mean, 2)')})")
    sql = f"""
        with means as (
            select c.submission_id, c.year, avg(c.percent_stated) as mean, count(distinct c.component_code) as n
            from {raw}.sipas_scores c
            join {{batch}} b on b.submission_id = c.submission_id
            where c.component_code in ('access', 'procedures', 'officials', 'results', 'feedback')
              and c.percent_stated is not null
            group by c.submission_id, c.year
        )
        {_sipas_issue_columns('s', 'warning', 's.percent_raw', num('round(m.mean, 2)'), message)}
        from {raw}.sipas_scores s
        join means m on m.submission_id = s.submission_id and m.year is not distinct from s.year
        where s.component_code = 'overall' and s.percent_stated is not null and m.n = 5
          and abs(s.percent_stated - m.mean) > {PERCENT_TOLERANCE}
    """
    return Rule("sipas.component_mean", "rate_between", "warning",
                "Tỷ lệ hài lòng chung bằng trung bình 5 yếu tố thành phần", sql, target="submissions")


def scorecard_rules(raw_schema: str = "raw") -> list[Rule]:
    """The scorecard rules; ``raw_schema`` lets tests point them at scratch tables."""
    return [
        _achieved_within_max(raw_schema),
        _deducted(raw_schema),
        _leaf_sum(raw_schema),
        _summary_vs_detail(raw_schema),
        _summary_percent(raw_schema),
        _summary_change(raw_schema),
        _index_vs_scores(raw_schema),
        _sipas_domain(raw_schema),
        _sipas_percent(raw_schema),
        _sipas_component_mean(raw_schema),
    ]
