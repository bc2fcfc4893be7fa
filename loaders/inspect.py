"""`cchc inspect FILE`: what the loader identifies and parses in one file, without writing."""

from __future__ import annotations

from pathlib import Path

from loaders.ingest import prepare_file

_ROWS_HEADER = (f"{'dòng':>4}  {'mã':<9} {'kiểu':<8} {'số liệu gốc':<24} {'giá trị':>12}  {'quy tắc':<22} "
                f"{'chỉ tiêu':<32} chỉ tiêu (nhãn)")


def describe(path: Path, province_hint: str | None = None) -> str:
    prepared = prepare_file(path.resolve(), inbox_root=path.resolve().parent.parent, province_hint=province_hint)
    record = prepared.record
    # A draft header leaves the date blank; say when the appendix heading gave it.
    date_from_heading = record.identification.get("report_date_source") == "appendix_heading"
    lines = [
        f"Tệp: {record.source_path}  ({record.file_size} byte, sha256 {record.file_sha256[:16]}…)",
        f"Trạng thái: {record.load_status}" + (f" — {record.status_reason}" if record.status_reason else ""),
        f"Đơn vị: {record.unit_name or '?'} (mã {record.unit_code or '?'}), {record.province_name or 'tỉnh ?'}",
        f"Kỳ báo cáo: {record.period_key or '?'}; số {record.report_number or '—'}; ngày {record.report_date or '—'}"
        + (" (theo dòng «Kèm theo Báo cáo…» của phụ lục)" if date_from_heading else ""),
        f"Mẫu phụ lục: {record.template_id or 'không xác định'} (độ khớp {record.template_score or 0:.2f})",
        f"Số dòng: {len(prepared.rows)}",
    ]
    if prepared.rows:
        lines += ["", _ROWS_HEADER]
    for row, (indicator, _rule) in zip(prepared.rows, prepared.mappings):
        value = "" if row.value_numeric is None else f"{row.value_numeric:g}"
        flags = f" [{','.join(row.parse_flags)}]" if row.parse_flags else ""
        lines.append(
            f"{row.row_no:>4}  {(row.code or row.code_raw or ''):<9} {row.value_type:<8} "
            f"{(row.value_raw or '')[:24]:<24} {value:>12}  {row.parse_rule[:22]:<22} {(indicator or '-'):<32} "
            f"{row.label[:60]}{flags}"
        )
    lines += _scorecard_lines(prepared) + _narrative_lines(prepared)
    return "\n".join(lines)


def _scorecard_lines(prepared) -> list[str]:
    if not prepared.par_scores and not prepared.sipas:
        return []
    lines = ["", f"Bảng điểm Chỉ số CCHC: {len(prepared.par_scores)} dòng; SIPAS: {len(prepared.sipas)} dòng",
             f"{'bảng':>4}  {'loại':<12} {'năm':<5} {'tiêu chí':<10} {'tối đa':>7} {'đạt':>7} {'bị trừ':>7}  nội dung"]
    for row in prepared.par_scores:
        numbers = [("" if v is None else f"{v:g}") for v in (row.max_score, row.achieved, row.deducted)]
        lines.append(f"{row.table_no:>4}  {row.table_kind:<12} {row.year or '?':<5} {(row.node_code or ''):<10} "
                     f"{numbers[0]:>7} {numbers[1]:>7} {numbers[2]:>7}  {(row.content or '')[:60]}")
    for row in prepared.sipas:
        lines.append(f"SIPAS {row.year or '?'} {row.component_code:<10} {row.percent_raw or ''}%  "
                     f"{(row.content or '')[:60]}")
    return lines


def _narrative_lines(prepared) -> list[str]:
    if not prepared.narrative:
        return []
    lines = ["", f"Số liệu nêu trong phần thuyết minh: {len(prepared.narrative)}"]
    for figure in prepared.narrative:
        value = "" if figure.value_numeric is None else f"{figure.value_numeric:g}"
        lines.append(f"  {figure.indicator_id:<32} {value:>10}  «{figure.sentence[:90]}»")
    return lines
