"""What a run tells people: a summary for IT, and feedback to each submitting unit.

For every unit with issues, an HTML letter-style page and an xlsx file (for mailing)
list each problem: row code, label, submitted value, what was expected and what to do,
the way the Sở Nội vụ sends a report back for correction.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import psycopg
from jinja2 import Environment, FileSystemLoader, select_autoescape

from loaders.config import artifacts_dir, warehouse_url
from loaders.warehouse import LOADER_VERSION

TEMPLATES = Path(__file__).with_name("templates")

SEVERITY_VI = {"error": "Lỗi (số liệu bị tạm giữ, chưa công bố)", "warning": "Cảnh báo (số liệu vẫn được công bố)"}


_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def vi_number(text: str | None) -> str:
    """A number the rules wrote ("167000", "7.0") the way a clerk writes it ("167.000", "7,0")."""
    if not text or not _PLAIN_NUMBER.fullmatch(text):
        return text or ""
    whole, _, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    if whole.startswith("-") and grouped == "0":  # "-0.5"
        grouped = "-0"
    return f"{grouped},{decimals}" if decimals else grouped


def addressee(unit_name: str | None) -> str:
    """"Huyện Hương Khê" -> "Ủy ban nhân dân huyện Hương Khê": letters go to the unit's People's Committee."""
    if not unit_name:
        return "Đơn vị gửi báo cáo"
    return f"Ủy ban nhân dân {unit_name[0].lower()}{unit_name[1:]}"


def _safe_name(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "_", text).strip("_")[:80] or "run"


def _fetch(conn: psycopg.Connection, query: str, params=None) -> list[dict]:
    cur = conn.execute(query, params or [])
    names = [c.name for c in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def run_summary(conn: psycopg.Connection, run_id: str | None) -> dict:
    by_status = _fetch(conn, "select status, count(*) as n from marts.submissions group by 1 order by 1")
    this_run = _fetch(conn, """
        select s.status, count(*) as n from marts.submissions s
        join raw.submissions r using (submission_id) where r.run_id = %s group by 1 order by 1""", [run_id])
    issues = _fetch(conn, "select severity, count(*) as n from marts.dq_issues "
                          "where submission_status in ('published', 'no_appendix') group by 1 order by 1")
    values = _fetch(conn, "select dq_status, count(*) as n from marts.fct_indicator_values group by 1 order by 1")
    quarantined = _fetch(conn, "select source_path, status_reason from marts.submissions "
                               "where status = 'quarantined' order by source_path")
    (older,) = conn.execute("select count(*) from raw.submissions where loader_version <> %s",
                            [LOADER_VERSION]).fetchone()
    return {
        "run_id": run_id,
        "submissions_by_status": {r["status"]: r["n"] for r in by_status},
        "this_run_by_status": {r["status"]: r["n"] for r in this_run},
        "values_by_dq_status": {r["dq_status"]: r["n"] for r in values},
        "rows_published": sum(r["n"] for r in values),
        "issues_by_severity": {r["severity"]: r["n"] for r in issues},
        "quarantined": quarantined,
        # Files read by an older loader: `cchc reprocess` reads them again with this one.
        "read_by_older_loader": older,
    }


def unit_feedback(conn: psycopg.Connection) -> list[dict]:
    """One entry per published submission that has issues, problems sorted by row."""
    issues = _fetch(conn, """
        select i.submission_id, i.source_file, i.unit_code, i.unit_name, i.period_key, p.label_vi as period_label,
               i.severity, i.rule_id, i.source_row_code, i.source_row_label, i.observed, i.expected, i.message_vi,
               i.source_row_no, r.value_raw as submitted_raw
        from marts.dq_issues i
        left join marts.dim_periods p using (period_key)
        left join raw.appendix_rows r on r.submission_id = i.submission_id and r.row_no = i.source_row_no
        where i.submission_status in ('published', 'no_appendix')
        order by i.unit_name, i.submission_id, i.source_row_no nulls last, i.severity, i.rule_id""")
    grouped: dict[str, dict] = {}
    for issue in issues:
        entry = grouped.setdefault(issue["submission_id"], {
            "submission_id": issue["submission_id"], "source_file": issue["source_file"],
            "unit_code": issue["unit_code"], "unit_name": issue["unit_name"],
            "addressee": addressee(issue["unit_name"]),
            "period_key": issue["period_key"], "period_label": issue["period_label"] or issue["period_key"],
            "problems": [],
        })
        issue["severity_vi"] = SEVERITY_VI[issue["severity"]]
        # The value as the unit wrote it in its appendix; what the rule observed otherwise.
        issue["submitted"] = issue["submitted_raw"] or vi_number(issue["observed"])
        issue["expected_vi"] = vi_number(issue["expected"])
        entry["problems"].append(issue)
    for entry in grouped.values():
        entry["n_errors"] = sum(1 for p in entry["problems"] if p["severity"] == "error")
        entry["n_warnings"] = len(entry["problems"]) - entry["n_errors"]
    return list(grouped.values())


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render_feedback_html(entry: dict) -> str:
    return _environment().get_template("feedback.html.j2").render(entry=entry)


def write_feedback_xlsx(entry: dict, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phan hoi"
    sheet.append([f"Phản hồi kiểm tra số liệu báo cáo CCHC — {entry['unit_name']} — {entry['period_label']}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"Tệp đã nhận: {entry['source_file']}"])
    sheet.append([])
    header = ["STT", "Mã dòng", "Chỉ tiêu", "Số liệu đã gửi", "Yêu cầu", "Mức độ", "Nội dung và đề nghị"]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for number, problem in enumerate(entry["problems"], start=1):
        sheet.append([number, problem["source_row_code"] or "", problem["source_row_label"] or "",
                      problem["submitted"], problem["expected_vi"], problem["severity_vi"],
                      problem["message_vi"]])
    for column, width in zip("ABCDEFG", (5, 10, 50, 16, 22, 28, 80)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)


def write_run_report(run_id: str | None) -> dict:
    """Write the run summary (JSON + HTML index) and the feedback files; return the summary."""
    out_dir = artifacts_dir() / "runs" / _safe_name(run_id or "manual")
    feedback_dir = out_dir / "phan-hoi"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(warehouse_url()) as conn:
        summary = run_summary(conn, run_id)
        entries = unit_feedback(conn)
    files = []
    for entry in entries:
        stem = _safe_name(f"{entry['unit_code']}_{entry['period_key']}_{entry['submission_id']}")
        (feedback_dir / f"{stem}.html").write_text(render_feedback_html(entry), encoding="utf-8")
        write_feedback_xlsx(entry, feedback_dir / f"{stem}.xlsx")
        files.append({"unit_name": entry["unit_name"], "period_key": entry["period_key"],
                      "n_errors": entry["n_errors"], "n_warnings": entry["n_warnings"],
                      "html": f"phan-hoi/{stem}.html", "xlsx": f"phan-hoi/{stem}.xlsx"})
    summary["feedback_files"] = files
    summary["report_dir"] = str(out_dir)
    summary["report_html"] = str(out_dir / "index.html")
    summary["data_docs"] = str(artifacts_dir() / "data_docs" / "index.html")
    index = _environment().get_template("run_index.html.j2").render(summary=summary)
    (out_dir / "index.html").write_text(index, encoding="utf-8")
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                          encoding="utf-8")
    latest = artifacts_dir() / "latest-run.json"
    latest.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return summary
