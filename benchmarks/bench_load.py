"""Loader benchmark: parse+load of realistic xlsx appendices, against the obvious
pandas baseline and the raw COPY ceiling, on the same files in one run.

    uv run python benchmarks/bench_load.py                         # 1,000 files, updates BENCHMARKS.md
    uv run python benchmarks/bench_load.py --files 200 --repeat 1  # quick run

What is measured (generating the files is not):

1. ours       the nightly load task (pipeline.load_files): prepare_files (read ->
              identify -> parse -> map, file by file) per batch of 100, then store_batch per batch of 100
              files (one transaction, one COPY per table), one process with one
              connection; the load step (store_batch) is also timed on its own. Then
              the same in a pool of worker processes, and, for comparison, with a
              transaction per file (store_submission).
2. baseline   pandas.read_excel of the appendix sheet + DataFrame.to_sql (SQLAlchemy,
              default method) per file into a scratch table: what one writes first.
              It stores cell text only: no identification, no Vietnamese numbers.
              Shown with openpyxl (pandas' default, the reference) and calamine.
3. COPY       exactly the rows our loader wrote: one COPY per file into a scratch
              table like raw.appendix_rows (what a transaction per file costs), and one
              COPY of all of them into it: the ceiling.

Then each step of prepare_file is timed on a sample, beside openpyxl and
python-calamine reading the same workbooks. Every phase starts from the same state
(landing tables truncated, scratch tables recreated, a checkpoint taken). The
warehouse is a separate embedded Postgres under --home (default /tmp/cchc-bench),
stopped at the end. The phases run in rounds (each phase once per round), so a slow
spell of a shared machine falls on all of them alike. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # allow `python benchmarks/bench_load.py` from any folder
    sys.path.insert(0, str(REPO))

OUT_DIR = REPO / "benchmarks" / "out"
REPORT = REPO / "BENCHMARKS.md"
GENERATOR_VERSION = 3  # bump when the generated files change, so a cached set is rebuilt
APPENDIX_SHEET = "Phu luc"
TABLE_FIRST_ROW = 7  # three title rows, a blank row, two header rows, then the table
RESULTS_START = "<!-- results:start (written by benchmarks/bench_load.py) -->"
RESULTS_END = "<!-- results:end -->"
STEP_SAMPLE = 200  # files timed step by step


# ---------------------------------------------------------------------------
# Generating the appendices: the seed tables with other units, periods and values
# ---------------------------------------------------------------------------

TYPE_WORD = {"huyen": "huyện", "quan": "quận", "thi_xa": "thị xã", "thanh_pho": "thành phố",
             "xa": "xã", "phuong": "phường", "thi_tran": "thị trấn"}
# (period code, how a title says it, month of the report date)
PERIODS = (("Q1", "quý I năm {y}", 3), ("Q2", "quý II năm {y}", 6), ("H1", "6 tháng đầu năm {y}", 6),
           ("Q3", "quý III năm {y}", 9), ("M9", "9 tháng năm {y}", 9), ("Y", "năm {y}", 12))
YEARS = range(2019, 2025)  # before the 2025 reorganisation, so districts still exist


@dataclass(frozen=True)
class Cover:
    """Who reports for which period: the facts the cover sheet and the title carry."""

    unit_name: str  # "Huyện Tân Hồng"
    unit_type: str
    short_name: str
    province_name: str  # "Tỉnh Đồng Tháp"
    folder: str  # the inbox folder of the province, "dong-thap"
    district_name: str | None  # for communes: "Huyện Hoằng Hóa"
    period_key: str
    period_text: str
    report_date: date
    report_number: int

    def lines(self) -> list[str]:
        organ = f"ỦY BAN NHÂN DÂN {TYPE_WORD[self.unit_type].upper()} {self.short_name.upper()}"
        above = f"{self.district_name}, {self.province_name.lower()}" if self.district_name else self.province_name
        day = self.report_date
        return [
            organ, above, f"Số: {self.report_number}/BC-UBND",
            f"{self.short_name}, ngày {day.day} tháng {day.month} năm {day.year}",
            "BÁO CÁO", f"Kết quả thực hiện công tác cải cách hành chính {self.period_text}",
            f"UBND {TYPE_WORD[self.unit_type]} {self.short_name} gửi số liệu thống kê kết quả cải cách hành chính "
            f"{self.period_text} tại trang tính \"{APPENDIX_SHEET}\" của tệp này.",
        ]

    def title(self) -> list[str]:
        day = self.report_date
        return [
            "PHỤ LỤC",
            f"THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {self.period_text.upper()}",
            f"(Kèm theo Báo cáo số {self.report_number}/BC-UBND ngày {day.day}/{day.month}/{day.year} của "
            f"UBND {TYPE_WORD[self.unit_type]} {self.short_name})",
        ]


def slug(text: str) -> str:
    from loaders.textnorm import loose_key

    return loose_key(text).replace(" ", "-")


def reporting_units(register) -> dict[str, list]:
    """Pre-2025 districts and communes of the register, by level: the units that send these appendices."""
    units = [u for u in register.units if u.era == "pre2025" and u.unit_type in TYPE_WORD]
    return {level: [u for u in units if u.level == level] for level in ("district", "commune")}


def random_cover(register, units: dict[str, list], rng: random.Random) -> Cover:
    # Half from each level: there are 14 communes for every district, but both send reports.
    unit = rng.choice(units[rng.choice(("district", "commune"))])
    code, phrase, month = rng.choice(PERIODS)
    year = rng.choice(YEARS)
    parent, province = register.parent(unit), register.province_of(unit)
    return Cover(
        unit_name=unit.unit_name, unit_type=unit.unit_type, short_name=unit.short_name,
        province_name=province.unit_name, folder=slug(province.short_name),
        district_name=parent.unit_name if unit.level == "commune" and parent else None,
        period_key=f"{year}-{code}", period_text=phrase.format(y=year),
        report_date=date(year, month, rng.randint(5, 25)), report_number=rng.randint(10, 480),
    )


def identifies_as(cover: Cover, folder: str) -> bool:
    """True when identification finds the cover's unit and period (names shared inside a
    province make some units ambiguous; a real clerk would add the district)."""
    from loaders.identify import identify

    text = "\n".join([*cover.lines(), *cover.title()])
    found = identify(text, folder_hint=folder)
    return found.unit_name == cover.unit_name and found.period_key == cover.period_key


_PLAIN_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?")


def varied_count(number: float, rng: random.Random) -> int:
    if number <= 0:
        return rng.choice((0, 0, 0, 1, 2, 5))
    return max(0, round(number * rng.lognormvariate(0, 0.6)))


def vi_thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def count_cell(number: int, rng: random.Random) -> tuple[object, str | None]:
    """A count as clerks type it: mostly a number cell, sometimes text with '.' groups or a leading 0."""
    draw = rng.random()
    if draw < 0.3:
        return vi_thousands(number), None
    if draw < 0.4 and number < 10:
        return f"0{number}", None
    return number, "#,##0" if number >= 1000 else "General"


def percent_cell(rng: random.Random) -> tuple[object, str | None]:
    """A percentage: a fraction with a % format, text "75,65%", or a bare 75.65."""
    places = rng.choice((0, 1, 2))
    percent = round(rng.uniform(0, 100), places)
    draw = rng.random()
    if draw < 0.45:
        return round(percent / 100, places + 2), "0%" if places == 0 else f"0.{'0' * places}%"
    if draw < 0.75:
        shown = f"{percent:.{places}f}".replace(".", ",")
        return f"{shown}%", None
    return percent, "General"


def value_cell(row, rng: random.Random) -> tuple[object, str | None]:
    """A new plausible value for a seed row. Codes of a legend ("Không = 0 Có = 1") and
    values with words ("06 (01 nv còn hạn)") are kept as printed."""
    if row.value is None:
        return None, None
    if not _PLAIN_NUMBER.fullmatch(row.value):
        return row.value, None
    if row.unit and "=" in row.unit:
        return int(row.number), "General"
    if row.unit == "%":
        return percent_cell(rng)
    return count_cell(varied_count(row.number, rng), rng)


def is_heading(row) -> bool:
    return row.bold or (row.code is not None and row.code != "Trong đó" and row.unit is None and row.value is None)


def stamp_properties(workbook, cover: Cover, rng: random.Random) -> None:
    """Document properties as a clerk's save leaves them, different in every file: a real
    inbox never holds two packages whose parts are all byte-identical, so nothing that
    remembers whole packages may make the benchmark faster than production."""
    day = cover.report_date
    saved = datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59))
    workbook.properties.creator = f"Văn phòng UBND {cover.short_name}"
    workbook.properties.lastModifiedBy = f"Cán bộ {rng.randint(1, 999):03d}"
    workbook.properties.created = saved
    workbook.properties.title = f"Phụ lục CCHC {cover.period_text}"


def workbook_bytes(cover: Cover, seed_rows, rng: random.Random) -> bytes:
    import io

    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    stamp_properties(workbook, cover, rng)
    sheet = workbook.active
    sheet.title = "Bia"
    for line in cover.lines():
        sheet.append([line])
    sheet["A1"].font = Font(bold=True)
    sheet["A5"].font = Font(bold=True)
    table = workbook.create_sheet(APPENDIX_SHEET)
    for line in cover.title():
        table.append([line])
    table.append([])
    table.append(["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                  "Kết quả thống kê", None, "Ghi chú"])
    table.append([None, None, "Đơn vị tính", "Số lượng/ Tỷ lệ", None])
    for cells in ("A5:A6", "B5:B6", "C5:D5", "E5:E6"):
        table.merge_cells(cells)
    for cell in table[5] + table[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in seed_rows:
        value, number_format = value_cell(row, rng)
        table.append([row.code, row.label, row.unit, value, row.note])
        if number_format:
            table.cell(table.max_row, 4).number_format = number_format
        if is_heading(row):
            table.cell(table.max_row, 1).font = Font(bold=True)
            table.cell(table.max_row, 2).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def generate(count: int, inbox: Path, seed: int) -> list[Path]:
    """``count`` appendices under inbox/<province>/, reused when the same set is already there."""
    from loaders.units import load_register
    from tests.fixtures.seed_appendices import SEED_000, SEED_001

    manifest = inbox / "manifest.json"
    wanted = {"files": count, "seed": seed, "generator": GENERATOR_VERSION}
    if manifest.exists() and json.loads(manifest.read_text()).get("key") == wanted:
        paths = [inbox / p for p in json.loads(manifest.read_text())["paths"]]
        if all(p.exists() for p in paths):
            return paths
    shutil.rmtree(inbox, ignore_errors=True)  # our own output folder: no stale files of another set
    rng = random.Random(seed)
    register = load_register()
    units = reporting_units(register)
    paths: list[Path] = []
    dropped = 0
    while len(paths) < count:
        cover = random_cover(register, units, rng)
        if not identifies_as(cover, cover.folder):
            dropped += 1
            continue
        path = inbox / cover.folder / f"{slug(cover.short_name)}_{cover.period_key}_{len(paths):04d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(workbook_bytes(cover, rng.choice((SEED_000, SEED_001)), rng))
        paths.append(path)
    print(f"  {dropped} drawn units skipped: not identifiable from the cover text alone", flush=True)
    manifest.write_text(json.dumps({"key": wanted, "paths": [str(p.relative_to(inbox)) for p in paths]}))
    return paths


# ---------------------------------------------------------------------------
# The warehouse and the scratch tables
# ---------------------------------------------------------------------------

SCRATCH_DDL = """
create schema if not exists bench;
drop table if exists bench.pandas_rows;
drop table if exists bench.copy_rows;
create table bench.copy_rows (like raw.appendix_rows including all);
"""


def reset(conn) -> None:
    """Same starting state for every phase: empty landing tables, fresh scratch tables, a checkpoint."""
    from loaders.sink import CONTENT_TABLES

    conn.execute(f"truncate raw.submissions, raw.files, {', '.join(CONTENT_TABLES)}")
    conn.execute(SCRATCH_DDL)
    conn.execute("vacuum analyze raw.submissions, raw.files, raw.appendix_rows")
    conn.execute("checkpoint")


@dataclass
class Phase:
    name: str
    files: int = 0
    rows: int = 0
    wall_s: float = 0.0
    read_s: float = 0.0  # read/parse part, summed over workers
    load_s: float = 0.0  # store_batch, store_submission, to_sql or COPY, summed over workers
    statuses: dict[str, int] = field(default_factory=dict)
    all_walls: list[float] = field(default_factory=list)  # every repeat, the fastest is reported

    def count(self, status: str, rows: int) -> None:
        self.files += 1
        self.rows += rows
        self.statuses[status] = self.statuses.get(status, 0) + 1


def best(phases: list[Phase]) -> Phase:
    return min(phases, key=lambda phase: phase.wall_s)


# ---------------------------------------------------------------------------
# Phase 1: our loader
# ---------------------------------------------------------------------------

def load_batch(conn, paths: list[Path], inbox: Path, per_file: bool = False,
               keep=None) -> tuple[list[tuple[str, int]], float, float, float]:
    """The nightly DAG's load task (pipeline.load_files): prepare_files for the batch, then
    store_batch, the cycle collector paused until the batch is freed; with ``per_file``,
    store_submission for each file (a transaction per file) instead. ``keep(prepared)``,
    not timed, may keep what it needs of the batch. Returns (status, rows) per file, the
    time of each part and the time ``keep`` took."""
    from loaders.ingest import cycle_collector_paused, prepare_files
    from loaders.sink import store_batch, store_submission

    with cycle_collector_paused():
        started = time.perf_counter()
        prepared = prepare_files(paths, inbox_root=inbox, run_id="bench")
        parsed = time.perf_counter()
        if per_file:
            for one in prepared:
                store_submission(conn, one)
        else:
            store_batch(conn, prepared)
        stored = time.perf_counter()
        if keep is not None:
            keep(prepared)
        kept = time.perf_counter()
        files = [(one.record.load_status, len(one.rows)) for one in prepared]
        del prepared
    return files, parsed - started, stored - parsed, kept - stored


def warm_up(path: Path, inbox: Path) -> None:
    """Build the register and catalogue and import the readers once, outside the timings."""
    from loaders.ingest import prepare_file

    prepare_file(path, inbox_root=inbox)


def batches_of(paths: list[Path]) -> list[list[Path]]:
    from loaders.pipeline import in_batches

    return in_batches(paths)


def run_ours(url: str, paths: list[Path], inbox: Path, per_file: bool = False) -> tuple[Phase, list[str]]:
    """One process, one connection. Also returns, per file, the COPY text of the rows it wrote."""
    import psycopg

    from loaders.copy_text import appendix_rows_text

    name = "ours, 1 process, a transaction per file" if per_file else "ours, 1 process"
    phase, written, bookkeeping_s = Phase(name), [], 0.0

    def keep_rows(prepared) -> None:
        # Keep the rows as text: holding 130,000 live row objects made every garbage
        # collection walk them, which slowed this phase by a quarter. Not timed.
        for one in prepared:
            written.append(appendix_rows_text(one.record.submission_id, one.rows, one.parent_codes, one.mappings))

    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for batch in batches_of(paths):
            files, read_s, load_s, kept_s = load_batch(conn, batch, inbox, per_file, keep_rows)
            phase.read_s += read_s
            phase.load_s += load_s
            bookkeeping_s += kept_s
            for status, rows in files:
                phase.count(status, rows)
        phase.wall_s = time.perf_counter() - started - bookkeeping_s
    return phase, written


_worker: dict = {}


def _worker_start(url: str, inbox: str, warm_path: str) -> None:
    import psycopg

    _worker["conn"] = psycopg.connect(url, autocommit=True)
    _worker["inbox"] = Path(inbox)
    warm_up(Path(warm_path), Path(inbox))


def _worker_load(paths: list[str]) -> tuple[list[tuple[str, int]], float, float]:
    files, read_s, load_s, _ = load_batch(_worker["conn"], [Path(p) for p in paths], _worker["inbox"])
    return files, read_s, load_s


def _worker_ready(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def run_ours_pool(url: str, paths: list[Path], inbox: Path, workers: int, sources: bool = False) -> Phase:
    """The same batches spread over worker processes, each with its own connection, as
    the nightly DAG's mapped load tasks run side by side. ``sources``: the workers run the
    loader's Python sources, not its compiled modules (loaders/native.py)."""
    import multiprocessing

    from loaders import native

    phase = Phase(f"ours, {workers} processes" + (f", Python sources ({native.PURE_PYTHON_VARIABLE}=1)"
                                                   if sources else ""))
    context = multiprocessing.get_context("spawn")
    if sources:
        os.environ[native.PURE_PYTHON_VARIABLE] = "1"  # read by each worker as it starts
    try:
        pool = context.Pool(workers, initializer=_worker_start, initargs=(url, str(inbox), str(paths[0])))
    finally:
        os.environ.pop(native.PURE_PYTHON_VARIABLE, None)
    with pool:
        # Every worker has started and warmed up once each one holds one of these sleeps.
        assert len(set(pool.map(_worker_ready, [1.0] * workers, chunksize=1))) == workers
        batches = [[str(p) for p in batch] for batch in batches_of(paths)]
        started = time.perf_counter()
        for files, read_s, load_s in pool.imap_unordered(_worker_load, batches):
            phase.read_s += read_s
            phase.load_s += load_s
            for status, rows in files:
                phase.count(status, rows)
        phase.wall_s = time.perf_counter() - started
    return phase


# ---------------------------------------------------------------------------
# Phase 2: the obvious baseline
# ---------------------------------------------------------------------------

BASELINE_COLUMNS = ["stt", "chi_tieu", "don_vi_tinh", "so_lieu", "ghi_chu"]


def run_baseline(url: str, paths: list[Path], engine_name: str) -> Phase:
    """pandas.read_excel + to_sql per file. Cells are kept as text (dtype=str) so that
    every file appends to the same table; nothing is parsed, identified or mapped, and
    the sheet name and the first table row are known in advance."""
    import pandas as pd
    import sqlalchemy

    phase = Phase(f"baseline: read_excel (engine={engine_name}) + to_sql")
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        started = time.perf_counter()
        for path in paths:
            read_started = time.perf_counter()
            frame = pd.read_excel(path, sheet_name=APPENDIX_SHEET, header=None, skiprows=TABLE_FIRST_ROW - 1,
                                  names=BASELINE_COLUMNS, dtype=str, engine=engine_name)
            frame.insert(0, "file_name", path.name)
            read_done = time.perf_counter()
            frame.to_sql("pandas_rows", engine, schema="bench", if_exists="append", index=False)
            phase.read_s += read_done - read_started
            phase.load_s += time.perf_counter() - read_done
            phase.count("loaded", len(frame))
        phase.wall_s = time.perf_counter() - started
    finally:
        engine.dispose()
    return phase


# ---------------------------------------------------------------------------
# Phase 3: the COPY ceiling, and COPY per file to see where the load step's time goes
# ---------------------------------------------------------------------------

def run_copy(url: str, table: str, batches: list[list[str]], name: str) -> Phase:
    """COPY each batch (the COPY texts of its files, as store_batch writes them) in its own
    transaction; one batch: the ceiling. The texts are written before, untimed: what is
    timed is Postgres taking the rows."""
    import psycopg

    from loaders.sink import ROW_COLUMNS, copy_texts

    phase = Phase(name)
    phase.rows = sum(text.count("\n") for batch in batches for text in batch)  # a line per row
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for batch in batches:
            with conn.transaction():
                copy_texts(conn, table, ROW_COLUMNS, batch)
        phase.wall_s = phase.load_s = time.perf_counter() - started
    return phase


# ---------------------------------------------------------------------------
# Where the time of one file goes: the steps of prepare_file, and the xlsx libraries alone
# ---------------------------------------------------------------------------

def _step_times(path: Path, inbox: Path, catalogue) -> dict[str, float]:
    """The steps of ingest.prepare_file, timed one by one (same calls, same order)."""
    from loaders.identify import identify
    from loaders.readers import read_file
    from loaders.rows import parse_rows

    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return clock[-1] - clock[-2]

    document = read_file(path)
    read_s = lap()
    identify(document.text, file_name=path.name, folder_hint=path.relative_to(inbox).parts[0])
    identify_s = lap()
    rows = parse_rows(document.rows)
    parse_s = lap()
    template_id, _ = catalogue.detect_template([(r.code, r.label) for r in rows if not r.is_section or r.code])
    code_by_row = {row.row_no: row.code for row in rows}
    parents = [code_by_row.get(row.parent_row_no) if row.parent_row_no else None for row in rows]
    catalogue.map_rows(template_id, [(r.code, parent, r.label) for r, parent in zip(rows, parents)])
    return {"read (loaders.readers.read_file)": read_s, "identify": identify_s, "parse_rows": parse_s,
            "catalogue: detect template + map rows": lap()}


def _openpyxl_alone(content: bytes) -> None:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                _ = (cell.value, getattr(cell, "font", None), getattr(cell, "number_format", None))
    workbook.close()


def _calamine_alone(content: bytes) -> None:
    import io

    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()


def step_breakdown(paths: list[Path], inbox: Path, passes: int = 3) -> dict[str, float]:
    """Milliseconds per file of each step, best of ``passes`` over ``paths``; for context, the
    xlsx libraries alone: openpyxl as our reader drives it (values, fonts, formats) and
    python-calamine (values only)."""
    from loaders.catalogue import load_catalogue

    catalogue = load_catalogue()
    contents = [path.read_bytes() for path in paths]
    best_ms: dict[str, float] = {}
    for _ in range(passes):
        totals: dict[str, float] = {}
        for path in paths:
            for step, seconds in _step_times(path, inbox, catalogue).items():
                totals[step] = totals.get(step, 0.0) + seconds
        for library, read in (("openpyxl alone: open, every cell's value, font, format", _openpyxl_alone),
                              ("python-calamine alone: open, every cell's value", _calamine_alone)):
            started = time.perf_counter()
            for content in contents:
                read(content)
            totals[library] = time.perf_counter() - started
        for step, seconds in totals.items():
            best_ms[step] = min(best_ms.get(step, float("inf")), seconds / len(paths) * 1000)
    return best_ms


def connect_cost(url: str, times: int = 20) -> float:
    """Seconds per psycopg.connect (pipeline.load_files opens one per batch of files)."""
    import psycopg

    started = time.perf_counter()
    for _ in range(times):
        psycopg.connect(url).close()
    return (time.perf_counter() - started) / times


# ---------------------------------------------------------------------------
# The machine and the report
# ---------------------------------------------------------------------------

def load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def machine(conn) -> dict[str, str]:
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    settings = {name: conn.execute(f"show {name}").fetchone()[0]
                for name in ("server_version", "synchronous_commit", "fsync", "shared_buffers")}
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical cores",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": f"{settings['server_version'].split()[0]}, embedded, on the same machine over TCP "
                      f"(synchronous_commit={settings['synchronous_commit']}, fsync={settings['fsync']}, "
                      f"shared_buffers={settings['shared_buffers']})",
        "Libraries": ", ".join(f"{name} {version(name)}" for name in
                               ("psycopg", "openpyxl", "python-calamine", "pandas", "SQLAlchemy")),
        "Loader modules": _compiled_modules(),
    }


def _compiled_modules() -> str:
    from importlib.metadata import version

    from loaders import native

    compiled = native.running_compiled()
    if not compiled:
        return "Python sources (none compiled)"
    return (f"{len(compiled)} of the hot path compiled with mypyc {version('mypy')} (loaders/native.py), "
            "the rest Python")


def rate(amount: float, seconds: float) -> str:
    return f"{amount / seconds:,.0f}" if seconds > 0 and amount else "–"


@dataclass
class Results:
    ours: list[Phase]  # our variants, 1 process first
    baselines: list[Phase]  # the obvious baseline first
    copies: list[Phase]  # per-file COPYs, then the ceiling last
    connect_s: float
    info: dict[str, str]
    command: str
    load_before: str
    load_after: str = ""
    steps: dict[str, float] = field(default_factory=dict)  # ms per file, see step_breakdown
    steps_files: int = 0

    @property
    def speedup(self) -> float:
        return self.baselines[0].wall_s / best(self.ours).wall_s

    @property
    def speedup_one_process(self) -> float:
        return self.baselines[0].wall_s / self.ours[0].wall_s

    @property
    def load_share(self) -> float:
        ours, ceiling = self.ours[0], self.copies[-1]
        return (ours.rows / ours.load_s) / (ceiling.rows / ceiling.wall_s)


def _row(phase: Phase) -> str:
    return (
        f"| {phase.name} | {phase.wall_s:.2f} | {' / '.join(f'{w:.2f}' for w in phase.all_walls)} "
        f"| {rate(phase.files, phase.wall_s)} | {rate(phase.rows, phase.wall_s)} "
        f"| {phase.read_s:.2f} | {phase.load_s:.2f} | {rate(phase.rows, phase.load_s)} |"
    )


def results_markdown(results: Results) -> str:
    ours, baseline = results.ours[0], results.baselines[0]
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(ours.statuses.items()))
    lines = [
        RESULTS_START,
        f"Run of {time.strftime('%Y-%m-%d %H:%M %Z')}: `{results.command}`",
        "",
        *(f"- **{key}**: {value}" for key, value in results.info.items()),
        f"- **1-minute load average**: {results.load_before} before, {results.load_after} after the run",
        "",
        f"{ours.files:,} xlsx appendices, {ours.rows:,} appendix rows ({statuses}). Each phase ran "
        f"{len(ours.all_walls)} time(s); the fastest run is shown.",
        "",
        "| phase | wall s | all runs, s | files/s | rows/s | read+parse s | load s | load rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(_row(phase) for phase in [*results.ours, *results.baselines, *results.copies]),
        "",
        "Read+parse and load are summed over worker processes, so with several workers they can exceed the "
        "wall time.",
        "",
        f"- ours ({best(results.ours).name}) vs the baseline ({baseline.name}), files/s: "
        f"**{results.speedup:.1f}×** (target ≥ 10×)",
        "- the same, round by round (each round runs every phase once, so a quiet or busy spell of the "
        "machine falls on both): " + " / ".join(f"{slow / fast:.1f}×" for slow, fast in
                                                  zip(baseline.all_walls, best(results.ours).all_walls)),
        f"- ours, 1 process vs the baseline, files/s: **{results.speedup_one_process:.1f}×**",
        *(f"- {phase.name} vs the baseline, files/s: **{baseline.wall_s / phase.wall_s:.1f}×**"
          for phase in results.ours if "Python sources" in phase.name),
        f"- our load step (store_batch, 1 process) vs the COPY ceiling, rows/s: **{results.load_share:.0%}** "
        "(target ≥ 50%)",
        f"- one `psycopg.connect` takes {results.connect_s * 1000:.1f} ms; not in the numbers above, which keep "
        "one connection per process (the DAG opens one per batch)",
        "",
        f"Where the time of one file goes (ours, 1 process; best of 3 passes over {results.steps_files} files; "
        "the load step from the run above):",
        "",
        "| step | ms per file |",
        "|---|---:|",
        *(f"| {step} | {ms:.2f} |" for step, ms in results.steps.items()),
        f"| load: store_batch, per file | {ours.load_s / ours.files * 1000:.2f} |",
        f"| baseline, read_excel (openpyxl) | {baseline.read_s / baseline.files * 1000:.2f} |",
        f"| baseline, to_sql | {baseline.load_s / baseline.files * 1000:.2f} |",
        RESULTS_END,
    ]
    return "\n".join(lines)


REPORT_SKELETON = """# Benchmarks

## Loader: parse+load of xlsx appendices

How to run it: benchmarks/README.md.

{results}
"""


def write_report(path: Path, results: str) -> None:
    """Replace the generated block of the report; the hand-written reading around it stays."""
    text = path.read_text() if path.exists() else ""
    if RESULTS_START in text and RESULTS_END in text:
        head, rest = text.split(RESULTS_START, 1)
        path.write_text(head + results + rest.split(RESULTS_END, 1)[1])
    else:
        path.write_text(REPORT_SKELETON.format(results=results))


# ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="number of appendices (default 1000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each phase; the best counts (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="processes of the pool variant (below 2: skip it)")
    parser.add_argument("--seed", type=int, default=20261122, help="random seed of the generated files")
    parser.add_argument("--home", default="/tmp/cchc-bench", help="CCHC_HOME of the benchmark warehouse")
    parser.add_argument("--report", default=str(REPORT), help="Markdown file to update ('-': print only)")
    parser.add_argument("--keep-running", action="store_true", help="leave the benchmark Postgres running")
    return parser.parse_args(argv)


def fastest_of(runs: list[Phase]) -> Phase:
    """The fastest of a phase's runs, with every run's wall time kept."""
    fastest = best(runs)
    fastest.all_walls = [phase.wall_s for phase in runs]
    print(f"  {fastest.name}: {', '.join(f'{w:.2f}' for w in fastest.all_walls)} s", flush=True)
    return fastest


def measure(admin, url: str, paths: list[Path], inbox: Path, args) -> Results:
    """Every phase ``args.repeat`` times, in rounds (each round runs each phase once), so
    that a slow spell of this shared machine falls on all phases alike; the fastest run of
    each phase counts."""
    from loaders import native

    results = Results([], [], [], 0.0, machine(admin), command="", load_before=load_average())
    written: list[str] = []  # per file, the COPY text of its rows, from the latest run of ours

    def ours() -> Phase:
        phase, written[:] = run_ours(url, paths, inbox)
        return phase

    def copy(table: str, name: str, one_batch: bool = False) -> Phase:
        return run_copy(url, table, [list(written)] if one_batch else [[text] for text in written], name)

    phases = [  # (where the result goes, the run); the copies reuse the rows ours just wrote
        (results.ours, ours),
        (results.copies, lambda: copy("bench.copy_rows",
                                      "rows only: COPY per file (a transaction each) into a scratch table")),
        (results.copies, lambda: copy("bench.copy_rows", "ceiling: one COPY of the same rows", one_batch=True)),
        (results.ours, lambda: run_ours(url, paths, inbox, per_file=True)[0]),
    ]
    if args.workers > 1:
        phases.append((results.ours, lambda: run_ours_pool(url, paths, inbox, args.workers)))
        if native.running_compiled():
            phases.append((results.ours, lambda: run_ours_pool(url, paths, inbox, args.workers, sources=True)))
    for engine_name in ("openpyxl", "calamine"):
        phases.append((results.baselines, lambda name=engine_name: run_baseline(url, paths, name)))
    runs: list[list[Phase]] = [[] for _ in phases]
    for round_no in range(1, args.repeat + 1):
        print(f"  round {round_no} of {args.repeat}", flush=True)
        for (_, run), phase_runs in zip(phases, runs):
            reset(admin)
            phase_runs.append(run())
    written.clear()
    for (target, _), phase_runs in zip(phases, runs):
        target.append(fastest_of(phase_runs))
    reset(admin)
    results.connect_s = connect_cost(url)
    sample = paths[:STEP_SAMPLE]
    results.steps, results.steps_files = step_breakdown(sample, inbox), len(sample)
    print("  step breakdown done", flush=True)
    results.load_after = load_average()
    return results


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ["CCHC_HOME"] = args.home
    os.environ.pop("CCHC_DATABASE_URL", None)  # always the benchmark's own warehouse
    import psycopg

    from loaders import embedded_pg
    from loaders.warehouse import ensure_schema

    inbox = OUT_DIR / "inbox"
    print(f"generating {args.files} appendices in {inbox} (not timed) ...", flush=True)
    paths = generate(args.files, inbox, args.seed)
    warm_up(paths[0], inbox)
    embedded_pg.up()
    try:
        url = embedded_pg.url()
        with psycopg.connect(url, autocommit=True) as admin:
            ensure_schema(admin)
            print("measuring ...", flush=True)
            results = measure(admin, url, paths, inbox, args)
        results.command = (f"python benchmarks/bench_load.py --files {args.files} --repeat {args.repeat} "
                           f"--workers {args.workers} --seed {args.seed}")
        markdown = results_markdown(results)
        print(markdown)
        if args.report != "-":
            write_report(Path(args.report), markdown)
            print(f"updated {args.report}")
    finally:
        if not args.keep_running:
            embedded_pg.down()


if __name__ == "__main__":
    main()
