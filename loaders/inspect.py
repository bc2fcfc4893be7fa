"""`cchc inspect FILE`: what the loader identifies and parses in one file, without writing."""

from __future__ import annotations

from pathlib import Path

from loaders.ingest import prepare_file


def describe(path: Path, province_hint: str | None = None) -> str:
    prepared = prepare_file(path.resolve(), inbox_root=path.resolve().parent.parent, province_hint=province_hint)
    record = prepared.record
    lines = [
        f"Tệp: {record.source_path}  ({record.file_size} byte, sha256 {record.file_sha256[:16]}…)",
        f"Trạng thái: {record.load_status}" + (f" — {record.status_reason}" if record.status_reason else ""),
        f"Đơn vị: {record.unit_name or '?'} (mã {record.unit_code or '?'}), tỉnh {record.province_name or '?'}",
        f"Kỳ báo cáo: {record.period_key or '?'}; số {record.report_number or '—'}; ngày {record.report_date or '—'}",
        f"Mẫu phụ lục: {record.template_id or 'không xác định'} (độ khớp {record.template_score or 0:.2f})",
        f"Số dòng: {len(prepared.rows)}",
        "",
        f"{'dòng':>4}  {'mã':<9} {'kiểu':<8} {'số liệu gốc':<24} {'giá trị':>12}  {'quy tắc':<22} {'chỉ tiêu':<32} chỉ tiêu (nhãn)",
    ]
    for row, (indicator, _rule) in zip(prepared.rows, prepared.mappings):
        value = "" if row.value_numeric is None else f"{row.value_numeric:g}"
        flags = f" [{','.join(row.parse_flags)}]" if row.parse_flags else ""
        lines.append(
            f"{row.row_no:>4}  {(row.code or row.code_raw or ''):<9} {row.value_type:<8} "
            f"{(row.value_raw or '')[:24]:<24} {value:>12}  {row.parse_rule[:22]:<22} {(indicator or '-'):<32} "
            f"{row.label[:60]}{flags}"
        )
    return "\n".join(lines)
