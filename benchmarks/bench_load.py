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


# ---------------------------------------------------------------------------
# Phase 1: our loader
# ---------------------------------------------------------------------------

@dataclass
class Phase:
    name: str
    files: int = 0
    rows: int = 0
    wall_s: float = 0.0
    parse_s: float = 0.0  # CPU-bound part, summed over workers
    load_s: float = 0.0  # store_submission (or to_sql / COPY), summed over workers
    statuses: dict[str, int] = field(default_factory=dict)

    def count(self, status: str, rows: int) -> None:
        self.files += 1
        self.rows += rows
        self.statuses[status] = self.statuses.get(status, 0) + 1


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


def run_ours(url: str, paths: list[Path], inbox: Path) -> tuple[Phase, list[tuple]]:
    """One process, one connection. Also returns the tuples written, for the COPY ceiling."""
    import psycopg

    from loaders.sink import appendix_row_tuples

    phase, written = Phase("ours, 1 process"), []
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for path in paths:
            prepared, parse_s, load_s = load_one(conn, path, inbox)
            phase.parse_s += parse_s
            phase.load_s += load_s
            phase.count(prepared.record.load_status, len(prepared.rows))
            written.append((prepared.record.submission_id, prepared.rows, prepared.parent_codes, prepared.mappings))
        phase.wall_s = time.perf_counter() - started
    # Built after the clock stopped, by the function the sink uses: exactly the rows written.
    tuples = [t for sid, rows, parents, maps in written for t in appendix_row_tuples(sid, rows, parents, maps)]
    return phase, tuples


_worker: dict = {}


def _worker_start(url: str, inbox: str, warm_path: str) -> None:
    import psycopg

    sys.path.insert(0, str(REPO))
    _worker["conn"] = psycopg.connect(url, autocommit=True)
    _worker["inbox"] = Path(inbox)
    warm_up(Path(warm_path), Path(inbox))


def _worker_load(path: str) -> tuple[str, int, float, float]:
    prepared, parse_s, load_s = load_one(_worker["conn"], Path(path), _worker["inbox"])
    return prepared.record.load_status, len(prepared.rows), parse_s, load_s


def _worker_ready(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def run_ours_pool(url: str, paths: list[Path], inbox: Path, workers: int, warm_path: Path) -> Phase:
    """The same work spread over worker processes, each with its own connection."""
    import multiprocessing

    phase = Phase(f"ours, {workers} processes")
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_start, initargs=(url, str(inbox), str(warm_path))) as pool:
        # Every worker has started (and warmed up) once each holds one of these sleeps.
        assert len(set(pool.map(_worker_ready, [0.5] * workers, chunksize=1))) == workers
        started = time.perf_counter()
        for status, rows, parse_s, load_s in pool.imap_unordered(_worker_load, [str(p) for p in paths], chunksize=4):
            phase.parse_s += parse_s
            phase.load_s += load_s
            phase.count(status, rows)
        phase.wall_s = time.perf_counter() - started
    return phase


# ---------------------------------------------------------------------------
# Phase 2: the obvious baseline, and phase 3: the COPY ceiling
# ---------------------------------------------------------------------------

BASELINE_COLUMNS = ["stt", "chi_tieu", "don_vi_tinh", "so_lieu", "ghi_chu"]


def run_baseline(url: str, paths: list[Path]) -> Phase:
    """pandas.read_excel + to_sql per file. Cells are kept as text (dtype=str) so that
    every file appends to the same table; nothing is parsed, identified or mapped."""
    import pandas as pd
    import sqlalchemy

    phase = Phase("baseline: pandas read_excel + to_sql")
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        started = time.perf_counter()
        for path in paths:
            read_started = time.perf_counter()
            frame = pd.read_excel(path, sheet_name=APPENDIX_SHEET, header=None, skiprows=TABLE_FIRST_ROW - 1,
                                  names=BASELINE_COLUMNS, dtype=str)
            frame.insert(0, "file_name", path.name)
            read_done = time.perf_counter()
            frame.to_sql("pandas_rows", engine, schema="bench", if_exists="append", index=False)
            phase.parse_s += read_done - read_started
            phase.load_s += time.perf_counter() - read_done
            phase.count("loaded", len(frame))
        phase.wall_s = time.perf_counter() - started
    finally:
        engine.dispose()
    return phase


def run_ceiling(url: str, tuples: list[tuple]) -> Phase:
    """One COPY, in one transaction, of the tuples our loader wrote."""
    import psycopg

    from loaders.sink import ROW_COLUMNS, copy_rows

    phase = Phase("ceiling: one COPY of the same rows")
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        with conn.transaction():
            phase.rows = copy_rows(conn, "bench.copy_rows", ROW_COLUMNS, tuples)
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
        "PostgreSQL": f"{settings['server_version']} (embedded, same machine over TCP; "
                      f"synchronous_commit={settings['synchronous_commit']}, fsync={settings['fsync']}, "
                      f"shared_buffers={settings['shared_buffers']})",
        "Libraries": ", ".join(f"{name} {version(name)}" for name in
                               ("psycopg", "openpyxl", "pandas", "SQLAlchemy")),
    }


def rate(amount: float, seconds: float) -> str:
    return f"{amount / seconds:,.0f}" if seconds > 0 else "-"


def results_markdown(args, info: dict, phases: list[Phase], ours: Phase, baseline: Phase, ceiling: Phase,
                     best_ours: Phase, connect_s: float) -> str:
    speedup = baseline.wall_s / best_ours.wall_s
    load_share = (ours.rows / ours.load_s) / (ceiling.rows / ceiling.wall_s)
    lines = [
        RESULTS_START,
        f"Run of {time.strftime('%Y-%m-%d %H:%M', time.localtime())}: "
        f"`python benchmarks/bench_load.py --files {args.files} --workers {args.workers} --seed {args.seed}`",
        "",
        *(f"- **{key}**: {value}" for key, value in info.items()),
        "",
        f"{ours.files} xlsx appendices, {ours.rows:,} appendix rows "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(ours.statuses.items()))}).",
        "",
        "| phase | wall s | files/s | rows/s | read/parse s | load s | load rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        lines.append(
            f"| {phase.name} | {phase.wall_s:.2f} | {rate(phase.files, phase.wall_s) if phase.files else '-'} | "
            f"{rate(phase.rows, phase.wall_s)} | {phase.parse_s:.2f} | {phase.load_s:.2f} | "
            f"{rate(phase.rows, phase.load_s)} |"
        )
    lines += [
        "",
        "Read/parse and load columns are summed over worker processes, so with several workers "
        "they exceed the wall time.",
        "",
        f"- ours (best variant, {best_ours.name}) vs baseline, files/s: **{speedup:.1f}×** (target ≥ 10×)",
        f"- our load step vs the COPY ceiling, rows/s: **{load_share:.0%}** (target ≥ 50%)",
        f"- one `psycopg.connect` costs {connect_s * 1000:.1f} ms (not in the numbers above, which reuse "
        "one connection per process)",
        RESULTS_END,
    ]
    return "\n".join(lines)


REPORT_SKELETON = """# Benchmarks

## Loader: parse+load of xlsx appendices

How to run: see benchmarks/README.md.

{results}
"""


def write_report(path: Path, results: str) -> None:
    """Replace the generated block of BENCHMARKS.md; the hand-written reading around it stays."""
    if path.exists() and RESULTS_START in path.read_text():
        text = path.read_text()
        head, rest = text.split(RESULTS_START, 1)
        tail = rest.split(RESULTS_END, 1)[1] if RESULTS_END in rest else ""
        path.write_text(head + results + tail)
    else:
        path.write_text(REPORT_SKELETON.format(results=results))


# ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="number of appendices (default 1000)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the pool variant (0: skip it)")
    parser.add_argument("--seed", type=int, default=20261122, help="random seed of the generated files")
    parser.add_argument("--home", default="/tmp/cchc-bench", help="CCHC_HOME of the benchmark warehouse")
    parser.add_argument("--report", type=Path, default=REPORT, help="Markdown file to update ('-': print only)")
    parser.add_argument("--keep-running", action="store_true", help="leave the benchmark Postgres running")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ["CCHC_HOME"] = args.home
    os.environ.pop("CCHC_DATABASE_URL", None)  # always the benchmark's own warehouse
    import psycopg

    from loaders import embedded_pg
    from loaders.warehouse import ensure_schema

    inbox = OUT_DIR / "inbox"
    print(f"generating {args.files} appendices in {inbox} ...", flush=True)
    paths = generate(args.files, inbox, args.seed)
    warm_path = paths[0]
    warm_up(warm_path, inbox)

    embedded_pg.up()
    url = embedded_pg.url()
    try:
        with psycopg.connect(url, autocommit=True) as admin:
            ensure_schema(admin)
            info = machine(admin)

            reset(admin)
            print("phase 1: ours, 1 process ...", flush=True)
            ours, tuples = run_ours(url, paths, inbox)
            phases = [ours]
            if args.workers > 1:
                reset(admin)
                print(f"phase 1b: ours, {args.workers} processes ...", flush=True)
                phases.append(run_ours_pool(url, paths, inbox, args.workers, warm_path))
            reset(admin)
            print("phase 2: baseline ...", flush=True)
            baseline = run_baseline(url, paths)
            reset(admin)
            print("phase 3: COPY ceiling ...", flush=True)
            ceiling = run_ceiling(url, tuples)
            reset(admin)
            connect_s = connect_cost(url)
        phases += [baseline, ceiling]
        best = min(phases[: len(phases) - 2], key=lambda p: p.wall_s)
        results = results_markdown(args, info, phases, ours, baseline, ceiling, best, connect_s)
        print(results)
        if str(args.report) != "-":
            write_report(args.report, results)
    finally:
        if not args.keep_running:
            embedded_pg.down()


if __name__ == "__main__":
    main()
