"""Loader benchmark: parse+load of realistic xlsx appendices, against the obvious
pandas baseline and the raw COPY ceiling, on the same files in one run.

    uv run python benchmarks/bench_load.py              # 1,000 files, updates BENCHMARKS.md
    uv run python benchmarks/bench_load.py --files 200  # quick run

What is measured (generation of the files is not):

1. ours       prepare_file (read -> identify -> parse -> map) + store_submission per
              file, one process with one connection; the load step (store_submission)
              is also timed on its own. Then the same with a pool of worker processes.
2. baseline   pandas.read_excel of the appendix sheet + DataFrame.to_sql (SQLAlchemy,
              default method) per file into a scratch table: what one writes first.
              It stores cell text only: no identification, no Vietnamese numbers.
3. ceiling    one COPY of exactly the rows our loader wrote into a scratch table
              shaped like raw.appendix_rows: the rate no row loader can beat.

Every phase starts from the same state (landing tables truncated, scratch tables
recreated, a checkpoint taken). The warehouse is a separate embedded Postgres under
--home (default /tmp/cchc-bench), stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # allow `python benchmarks/bench_load.py` from any folder
    sys.path.insert(0, str(REPO))

OUT_DIR = REPO / "benchmarks" / "out"
REPORT = REPO / "BENCHMARKS.md"
GENERATOR_VERSION = 1  # bump when the generated files change, so a cached set is rebuilt
APPENDIX_SHEET = "Phu luc"
TABLE_FIRST_ROW = 7  # three title rows, a blank row, two header rows, then the table
RESULTS_START = "<!-- results:start (written by benchmarks/bench_load.py) -->"
RESULTS_END = "<!-- results:end -->"


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


def reporting_units(register) -> list:
    """Pre-2025 districts and communes of the register: the units that send these appendices."""
    return [u for u in register.units if u.era == "pre2025" and u.unit_type in TYPE_WORD]


def random_cover(register, units: list, rng: random.Random) -> Cover:
    unit = rng.choice(units)
    code, phrase, month = rng.choice(PERIODS)
    year = rng.choice(YEARS)
    parent = register.parent(unit)
    return Cover(
        unit_name=unit.unit_name, unit_type=unit.unit_type, short_name=unit.short_name,
        province_name=register.province_of(unit).unit_name,
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


def workbook_bytes(cover: Cover, seed_rows, rng: random.Random) -> bytes:
    import io

    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
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
    rng = random.Random(seed)
    register = load_register()
    units = reporting_units(register)
    paths: list[Path] = []
    while len(paths) < count:
        cover = random_cover(register, units, rng)
        folder = slug(cover.province_name.split(" ", 1)[1] if cover.province_name.startswith("Tỉnh")
                      else cover.province_name.removeprefix("Thành phố "))
        if not identifies_as(cover, folder):
            continue
        path = inbox / folder / f"{slug(cover.short_name)}_{cover.period_key}_{len(paths):04d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(workbook_bytes(cover, rng.choice((SEED_000, SEED_001)), rng))
        paths.append(path)
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
    conn.execute("truncate raw.submissions cascade")
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
    load_s: float = 0.0  # store_submission, to_sql or COPY, summed over workers
    statuses: dict[str, int] = field(default_factory=dict)

    def count(self, status: str, rows: int) -> None:
        self.files += 1
        self.rows += rows
        self.statuses[status] = self.statuses.get(status, 0) + 1


def best(phases: list[Phase]) -> Phase:
    return min(phases, key=lambda phase: phase.wall_s)


# ---------------------------------------------------------------------------
# Phase 1: our loader
# ---------------------------------------------------------------------------

def load_one(conn, path: Path, inbox: Path) -> tuple[object, float, float]:
    """prepare_file + store_submission, with the time of each part."""
    from loaders.ingest import prepare_file
    from loaders.sink import store_submission

    started = time.perf_counter()
    prepared = prepare_file(path, inbox_root=inbox, run_id="bench")
    parsed = time.perf_counter()
    store_submission(conn, prepared.record, prepared.content, prepared.rows, prepared.parent_codes,
                     prepared.mappings)
    return prepared, parsed - started, time.perf_counter() - parsed


def warm_up(path: Path, inbox: Path) -> None:
    """Build the register and catalogue and import the readers once, outside the timings."""
    from loaders.ingest import prepare_file

    prepare_file(path, inbox_root=inbox)


def run_ours(url: str, paths: list[Path], inbox: Path) -> tuple[Phase, list[list[tuple]]]:
    """One process, one connection. Also returns, per file, the row tuples it wrote."""
    import psycopg

    from loaders.sink import appendix_row_tuples

    phase, written = Phase("ours, 1 process"), []
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for path in paths:
            prepared, read_s, load_s = load_one(conn, path, inbox)
            phase.read_s += read_s
            phase.load_s += load_s
            phase.count(prepared.record.load_status, len(prepared.rows))
            written.append((prepared.record.submission_id, prepared.rows, prepared.parent_codes, prepared.mappings))
        phase.wall_s = time.perf_counter() - started
    # Built after the clock stopped, by the function the sink uses: exactly the rows written.
    return phase, [list(appendix_row_tuples(*submission)) for submission in written]


_worker: dict = {}


def _worker_start(url: str, inbox: str, warm_path: str) -> None:
    import psycopg

    _worker["conn"] = psycopg.connect(url, autocommit=True)
    _worker["inbox"] = Path(inbox)
    warm_up(Path(warm_path), Path(inbox))


def _worker_load(path: str) -> tuple[str, int, float, float]:
    prepared, read_s, load_s = load_one(_worker["conn"], Path(path), _worker["inbox"])
    return prepared.record.load_status, len(prepared.rows), read_s, load_s


def _worker_ready(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def run_ours_pool(url: str, paths: list[Path], inbox: Path, workers: int) -> Phase:
    """The same work spread over worker processes, each with its own connection."""
    import multiprocessing

    phase = Phase(f"ours, {workers} processes")
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_start, initargs=(url, str(inbox), str(paths[0]))) as pool:
        # Every worker has started and warmed up once each one holds one of these sleeps.
        assert len(set(pool.map(_worker_ready, [1.0] * workers, chunksize=1))) == workers
        started = time.perf_counter()
        for status, rows, read_s, load_s in pool.imap_unordered(_worker_load, [str(p) for p in paths], chunksize=4):
            phase.read_s += read_s
            phase.load_s += load_s
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

def run_copy(url: str, table: str, batches: list[list[tuple]], name: str) -> Phase:
    """COPY each batch in its own transaction (one batch: the ceiling)."""
    import psycopg

    from loaders.sink import ROW_COLUMNS, copy_rows

    phase = Phase(name)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for batch in batches:
            with conn.transaction():
                phase.rows += copy_rows(conn, table, ROW_COLUMNS, batch)
        phase.wall_s = phase.load_s = time.perf_counter() - started
    return phase


def connect_cost(url: str, times: int = 20) -> float:
    """Seconds per psycopg.connect (pipeline.load_file opens one connection per file)."""
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
    }


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

    @property
    def speedup(self) -> float:
        return self.baselines[0].wall_s / best(self.ours).wall_s

    @property
    def load_share(self) -> float:
        ours, ceiling = self.ours[0], self.copies[-1]
        return (ours.rows / ours.load_s) / (ceiling.rows / ceiling.wall_s)


def _row(phase: Phase) -> str:
    return (
        f"| {phase.name} | {phase.wall_s:.2f} | {rate(phase.files, phase.wall_s)} | {rate(phase.rows, phase.wall_s)} "
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
        f"{ours.files:,} xlsx appendices, {ours.rows:,} appendix rows ({statuses}). Best of the repeats, by wall time.",
        "",
        "| phase | wall s | files/s | rows/s | read+parse s | load s | load rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(_row(phase) for phase in [*results.ours, *results.baselines, *results.copies]),
        "",
        "Read+parse and load are summed over worker processes, so with several workers they can exceed the "
        "wall time.",
        "",
        f"- ours ({best(results.ours).name}) vs the baseline ({baseline.name}), files/s: "
        f"**{results.speedup:.1f}×** (target ≥ 10×)",
        f"- our load step (store_submission) vs the COPY ceiling, rows/s: **{results.load_share:.0%}** "
        "(target ≥ 50%)",
        f"- one `psycopg.connect` takes {results.connect_s * 1000:.1f} ms; not in the numbers above, which keep "
        "one connection per process",
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


def measure(admin, url: str, paths: list[Path], inbox: Path, args) -> Results:
    results = Results([], [], [], 0.0, machine(admin), command="", load_before=load_average())
    runs, per_file = [], []
    for _ in range(args.repeat):
        reset(admin)
        phase, per_file = run_ours(url, paths, inbox)
        runs.append(phase)
    results.ours.append(best(runs))
    print(f"  {results.ours[0].name}: {results.ours[0].wall_s:.1f} s", flush=True)

    # While the submissions of the last run are still there: its rows alone, COPY per file, with the FK.
    runs = []
    for _ in range(args.repeat):
        admin.execute("truncate raw.appendix_rows")
        admin.execute("checkpoint")
        runs.append(run_copy(url, "raw.appendix_rows", per_file, "rows only: COPY per file into raw.appendix_rows"))
    per_file_fk = best(runs)
    flat = [[row for batch in per_file for row in batch]]
    for table, batches, name in (("bench.copy_rows", per_file, "rows only: COPY per file into a scratch table"),
                                 ("bench.copy_rows", flat, "ceiling: one COPY of the same rows")):
        runs = []
        for _ in range(args.repeat):
            reset(admin)
            runs.append(run_copy(url, table, batches, name))
        results.copies.append(best(runs))
    results.copies.insert(0, per_file_fk)
    print(f"  COPY phases done (ceiling {results.copies[-1].wall_s:.2f} s)", flush=True)

    if args.workers > 1:
        runs = []
        for _ in range(args.repeat):
            reset(admin)
            runs.append(run_ours_pool(url, paths, inbox, args.workers))
        results.ours.append(best(runs))
        print(f"  {results.ours[-1].name}: {results.ours[-1].wall_s:.1f} s", flush=True)

    for engine_name in ("openpyxl", "calamine"):
        runs = []
        for _ in range(args.repeat):
            reset(admin)
            runs.append(run_baseline(url, paths, engine_name))
        results.baselines.append(best(runs))
        print(f"  {results.baselines[-1].name}: {results.baselines[-1].wall_s:.1f} s", flush=True)
    reset(admin)
    results.connect_s = connect_cost(url)
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
