"""From one received file to a submission ready to store (no database here).

read -> identify -> parse rows -> map rows to the indicator catalogue. Every
problem with the file itself ends as a quarantine decision with a Vietnamese
reason; this module never raises for a bad file.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from loaders.model import ExtractedDocument, Identification, ParsedRow, RejectedFile
from loaders.readers.safety import is_too_large, too_large
from loaders.sink import SubmissionRecord

log = logging.getLogger(__name__)

UNEXPECTED_REASON_VI = (
    "Không đọc được tệp do lỗi không mong đợi của hệ thống. Tệp đã được lưu lại; "
    "bộ phận CNTT sẽ kiểm tra và xử lý lại, đơn vị chưa cần gửi lại."
)
NO_PERIOD_REASON_VI = (
    "Không xác định được kỳ báo cáo (quý I, 6 tháng, 9 tháng, năm) và năm báo cáo trong nội dung tệp. "
    "Đề nghị ghi rõ kỳ báo cáo ở tiêu đề báo cáo hoặc phụ lục rồi gửi lại."
)
NO_UNIT_REASON_VI = (
    "Không xác định được đơn vị gửi báo cáo trong nội dung tệp. "
    "Đề nghị ghi rõ tên đơn vị (ví dụ: UBND huyện …, UBND xã …) ở đầu báo cáo hoặc phụ lục rồi gửi lại."
)
NO_APPENDIX_REASON_VI = "Báo cáo không kèm phụ lục số liệu thống kê; chỉ lưu nội dung báo cáo."


@dataclass
class PreparedSubmission:
    """Everything about one file that the sink needs, decided without a database."""

    record: SubmissionRecord
    content: bytes
    rows: list[ParsedRow] = field(default_factory=list)
    parent_codes: list[str | None] = field(default_factory=list)
    mappings: list[tuple[str | None, str]] = field(default_factory=list)
    document: ExtractedDocument | None = None
    identification: Identification | None = None
    # What the text of the report states besides the appendix.
    par_scores: list = field(default_factory=list)  # loaders.scorecards.ScorecardRow
    sipas: list = field(default_factory=list)  # loaders.scorecards.SipasRow
    narrative: list = field(default_factory=list)  # loaders.narrative.NarrativeFigure

    def clear_content(self) -> None:
        """A quarantined file keeps its record and bytes, nothing parsed from it."""
        self.rows, self.parent_codes, self.mappings = [], [], []
        self.par_scores, self.sipas, self.narrative = [], [], []


def file_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def path_sha256(path: Path) -> str:
    """The SHA-256 of a file read in chunks: a file of any size costs no more memory."""
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def submission_id_for(sha256: str) -> str:
    return sha256[:16]


def _base_record(rel: Path, sha: str, size: int, received: datetime, run_id: str | None) -> SubmissionRecord:
    folder = rel.parts[0] if len(rel.parts) > 1 else None
    return SubmissionRecord(
        submission_id=submission_id_for(sha), file_sha256=sha, source_file=rel.name,
        source_path=str(rel), inbox_folder=folder, file_size=size, received_at=received,
        load_status="loaded", run_id=run_id,
    )


def _quarantine(record: SubmissionRecord, code: str, reason_vi: str) -> SubmissionRecord:
    record.load_status = "quarantined"
    record.reason_code = code
    record.status_reason = reason_vi
    return record


def _apply_identification(record: SubmissionRecord, ident: Identification) -> None:
    for name in ("unit_code", "unit_key", "unit_name", "unit_type", "province_code", "province_name", "period_key",
                 "report_year", "report_number", "report_date", "stated_window_from", "stated_window_to"):
        setattr(record, name, getattr(ident, name))
    record.identification = {
        "candidates": ident.candidates, "problems": ident.problems, "district_code": ident.district_code,
        "report_date_source": ident.report_date_source,
    }


def _identification_problem(ident: Identification) -> tuple[str, str] | None:
    if not ident.unit_code:
        reason = " ".join(ident.problems) if ident.problems else NO_UNIT_REASON_VI
        return ("unit_ambiguous" if ident.candidates else "unit_unknown"), reason
    if not ident.period_key:
        return "period_unknown", NO_PERIOD_REASON_VI
    return None


def _parent_codes(rows: list[ParsedRow]) -> list[str | None]:
    code_by_row = {row.row_no: row.code for row in rows}
    return [code_by_row.get(row.parent_row_no) if row.parent_row_no else None for row in rows]


def prepare_file(path: Path, *, inbox_root: Path | None = None, province_hint: str | None = None,
                 run_id: str | None = None) -> PreparedSubmission:
    """Decide everything about one file. Bad files come back quarantined, never raised."""
    rel = path.relative_to(inbox_root) if inbox_root and path.is_relative_to(inbox_root) else Path(path.name)
    # The file's modification time is when the unit's file reached the inbox; using
    # it (not now()) keeps reruns reproducible.
    info = path.stat()
    received = datetime.fromtimestamp(info.st_mtime, tz=UTC)
    if is_too_large(info.st_size):
        return _oversized(path, rel, info.st_size, received, run_id)
    return prepare_content(path, path.read_bytes(), rel, received, province_hint=province_hint, run_id=run_id)


def _oversized(path: Path, rel: Path, size: int, received: datetime, run_id: str | None) -> PreparedSubmission:
    """A file over the size limit is never read whole (a file of gigabytes would exhaust the
    task's memory and fail the whole batch): it is hashed in chunks and quarantined, its
    bytes left in the inbox, not copied into the warehouse."""
    record = _base_record(rel, path_sha256(path), size, received, run_id)
    refused = too_large(size)
    _quarantine(record, refused.reason_code, refused.reason_vi)
    return PreparedSubmission(record=record, content=b"")


def prepare_files(paths: list[Path], *, inbox_root: Path | None = None, province_hint: str | None = None,
                  run_id: str | None = None) -> list[PreparedSubmission]:
    """prepare_file for each file of a batch, with the cycle collector paused (see below)."""
    with cycle_collector_paused():
        return [prepare_file(path, inbox_root=inbox_root, province_hint=province_hint, run_id=run_id)
                for path in paths]


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a batch is prepared (and, in the load tasks, until
    it is stored and freed).

    Reading allocates millions of short-lived objects while the batch's parsed rows stay
    alive until stored, so every collection of the older generations walked those rows
    again: a sixth of the preparing time in the benchmark. Resuming while they are still
    alive costs one more walk over them, so the load tasks resume once they are freed.
    What a file leaves behind is freed by reference counting; the few cycles (an openpyxl
    workbook read as a fallback, a caught exception) wait for the end of the batch, at
    most one batch of them. Nested pauses resume only at the outermost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def prepare_content(path: Path, content: bytes, rel: Path, received: datetime, *,
                    province_hint: str | None = None, run_id: str | None = None) -> PreparedSubmission:
    """Like prepare_file, for content already in hand; ``path`` names the file (its name is
    read for the unit and period, the whole path is what the log shows)."""
    record = _base_record(rel, file_sha256(content), len(content), received, run_id)
    prepared = PreparedSubmission(record=record, content=content)
    try:
        _prepare(prepared, path, province_hint)
    except RejectedFile as rejected:
        _quarantine(record, rejected.reason_code, rejected.reason_vi)
    except Exception:  # a reader bug must not stop the batch: quarantine and keep the trace
        log.error("unexpected error while reading %s\n%s", path, traceback.format_exc())
        record.identification = {"traceback": traceback.format_exc()[-4000:]}
        _quarantine(record, "unexpected_error", UNEXPECTED_REASON_VI)
    if record.load_status == "quarantined":
        prepared.clear_content()
    return prepared


def _read_report_text(prepared: PreparedSubmission, text: str) -> None:
    """PAR scorecards, SIPAS results and headline figures stated in the report's text."""
    from loaders.narrative import extract_figures
    from loaders.scorecards import read_scorecards

    scorecards = read_scorecards(text)
    if scorecards is not None:
        prepared.par_scores, prepared.sipas = scorecards.rows, scorecards.sipas
    prepared.narrative = extract_figures(text)


def _prepare(prepared: PreparedSubmission, path: Path, province_hint: str | None) -> None:
    from loaders.catalogue import load_catalogue
    from loaders.identify import identify
    from loaders.readers import read_content
    from loaders.rows import parse_rows

    record = prepared.record
    # The bytes already in hand, those hashed and stored: a file rewritten in the inbox
    # meanwhile cannot be parsed in one version and stored in another.
    document = read_content(prepared.content, path.name)
    prepared.document = document
    record.reader = document.reader
    ident = identify(document.text, file_name=path.name, province_hint=province_hint,
                     folder_hint=record.inbox_folder)
    prepared.identification = ident
    _apply_identification(record, ident)
    problem = _identification_problem(ident)
    if problem:
        _quarantine(record, *problem)
        return
    _read_report_text(prepared, document.text)
    if not document.rows:
        record.load_status = "no_appendix"
        record.reason_code = "no_appendix"
        record.status_reason = NO_APPENDIX_REASON_VI
        return
    rows = parse_rows(document.rows)
    catalogue = load_catalogue()
    template_id, score = catalogue.detect_template([(r.code, r.label) for r in rows if not r.is_section or r.code])
    parents = _parent_codes(rows)
    mappings = catalogue.map_rows(template_id, [(r.code, p, r.label) for r, p in zip(rows, parents)])
    record.template_id, record.template_score = template_id, score
    record.n_rows = len(rows)
    prepared.rows, prepared.parent_codes, prepared.mappings = rows, parents, mappings
