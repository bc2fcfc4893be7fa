"""`cchc`: the command provincial IT runs.

    cchc up | down | status          the embedded Postgres
    cchc db-url [--reader]           connection URL of the warehouse (--reader: read-only BI role)
    cchc run --inbox DIR [--province NAME]   one run of the nightly DAG through Airflow
    cchc reprocess                   rebuild everything from the stored files
    cchc inspect FILE                what the loader sees in one file; writes nothing
    cchc export-sdmx --out FILE      the published values as SDMX-CSV
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("CCHC_RETRY_DELAY_SECONDS", "5")


def _cmd_up(_args) -> int:
    from loaders import embedded_pg

    state = embedded_pg.up()
    print(f"Postgres đang chạy (backend {state['backend']}, cổng {state.get('port')}).")
    print(f"URL: {embedded_pg.url()}")
    return 0


def _cmd_down(_args) -> int:
    from loaders import embedded_pg

    embedded_pg.down()
    print("Đã dừng Postgres.")
    return 0


def _cmd_status(_args) -> int:
    from loaders import embedded_pg

    print(json.dumps(embedded_pg.status(), indent=2, ensure_ascii=False))
    return 0


def _cmd_db_url(args) -> int:
    from loaders.config import warehouse_url

    print(warehouse_url(reader=args.reader))
    return 0


def _print_summary(summary: dict) -> None:
    print()
    print("=== Kết quả lần chạy ===")
    this_run = summary.get("this_run_by_status") or {}
    print(f"Tệp trong lần chạy này: {sum(this_run.values())} "
          + (", ".join(f"{k}: {v}" for k, v in sorted(this_run.items())) or "(không có tệp mới)"))
    print("Tất cả tệp đã nhận: " + ", ".join(f"{k}: {v}" for k, v in sorted(summary["submissions_by_status"].items())))
    print(f"Giá trị đã công bố (marts.fct_indicator_values): {summary['rows_published']} "
          f"({', '.join(f'{k}: {v}' for k, v in sorted(summary['values_by_dq_status'].items()))})")
    issues = summary.get("issues_by_severity") or {}
    print(f"Vấn đề chất lượng số liệu: lỗi (error) {issues.get('error', 0)}, cảnh báo (warning) {issues.get('warning', 0)}")
    for item in summary.get("quarantined", []):
        print(f"  Cách ly: {item['source_path']} — {item['status_reason']}")
    if summary.get("read_by_older_loader"):
        print(f"Lưu ý: {summary['read_by_older_loader']} tệp đã lưu được đọc bằng phiên bản cũ của bộ đọc; "
              "chạy `cchc reprocess` để đọc lại bằng phiên bản hiện tại.")
    letters = summary.get("feedback_files") or []
    if letters:
        print(f"Phản hồi cho đơn vị: {len(letters)} báo cáo có vấn đề, thư (HTML và xlsx) trong "
              f"{Path(summary['report_dir']) / 'phan-hoi'}")
    print(f"Báo cáo HTML: {summary['report_html']}")
    print(f"Great Expectations Data Docs: {summary['data_docs']}")


@contextmanager
def _output_into(log_path: Path | None) -> Iterator[None]:
    """Send everything written to stdout and stderr (Airflow, dbt, GX) into a log file.

    At the file-descriptor level, so output of libraries and subprocesses goes too;
    ``None`` leaves the output on the terminal (--verbose).
    """
    if log_path is None:
        yield
        return
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with log_path.open("ab") as log:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            try:
                yield
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _run_logged(dag_id: str, conf: dict, verbose: bool) -> str:
    """Run a DAG; its detailed output goes to $CCHC_HOME/logs unless ``verbose``."""
    from loaders.airflow_runner import run_dag
    from loaders.config import cchc_home

    log_path = None if verbose else cchc_home() / "logs" / f"{dag_id}-{datetime.now():%Y%m%d-%H%M%S}.log"
    if log_path:
        print(f"Đang chạy DAG {dag_id} qua Airflow… (nhật ký chi tiết: {log_path})", flush=True)
    with _output_into(log_path):
        state = run_dag(dag_id, conf)
    if state != "success":
        print(f"Lần chạy DAG {dag_id} kết thúc với trạng thái: {state}", file=sys.stderr)
        if log_path:
            print(f"--- cuối nhật ký {log_path} ---\n{_tail(log_path)}", file=sys.stderr)
    return state


def _cmd_run(args) -> int:
    from loaders.config import artifacts_dir

    inbox = Path(args.inbox).resolve()
    if not inbox.is_dir():
        print(f"Không tìm thấy thư mục hồ sơ đến: {inbox}", file=sys.stderr)
        return 2
    _ensure_warehouse()
    state = _run_logged("cchc_nightly", {"inbox": str(inbox), "province": args.province}, args.verbose)
    if state != "success":
        return 1
    summary = json.loads((artifacts_dir() / "latest-run.json").read_text(encoding="utf-8"))
    _print_summary(summary)
    return 0


def _ensure_warehouse() -> None:
    """Start the embedded Postgres unless an external warehouse is configured."""
    from loaders import embedded_pg

    if not os.environ.get("CCHC_DATABASE_URL"):
        embedded_pg.up()


def _cmd_reprocess(args) -> int:
    _ensure_warehouse()
    state = _run_logged("cchc_reprocess", {}, args.verbose)
    print(f"cchc_reprocess: {state}")
    return 0 if state == "success" else 1


def _cmd_inspect(args) -> int:
    from loaders.inspect import describe

    print(describe(Path(args.file), province_hint=args.province))
    return 0


def _cmd_export_sdmx(args) -> int:
    from loaders.export_sdmx import export_to_file

    _ensure_warehouse()
    count = export_to_file(args.out)
    print(f"Đã xuất {count} quan sát (SDMX-CSV) vào {Path(args.out).resolve()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description="Kho số liệu cải cách hành chính (kho-cchc)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start the embedded Postgres").set_defaults(func=_cmd_up)
    sub.add_parser("down", help="stop the embedded Postgres").set_defaults(func=_cmd_down)
    sub.add_parser("status", help="state of the embedded Postgres").set_defaults(func=_cmd_status)
    db_url = sub.add_parser("db-url", help="print the warehouse connection URL")
    db_url.add_argument("--reader", action="store_true", help="URL of the read-only BI role")
    db_url.set_defaults(func=_cmd_db_url)
    run = sub.add_parser("run", help="one run of the nightly DAG over an inbox folder")
    run.add_argument("--inbox", required=True, help="folder of submitted files")
    run.add_argument("--province", help="province of files that do not name it")
    run.add_argument("--verbose", action="store_true", help="show Airflow, dbt and GX output instead of logging it")
    run.set_defaults(func=_cmd_run)
    reprocess = sub.add_parser("reprocess", help="rebuild everything from the stored files")
    reprocess.add_argument("--verbose", action="store_true", help="show Airflow, dbt and GX output")
    reprocess.set_defaults(func=_cmd_reprocess)
    inspect = sub.add_parser("inspect", help="show what the loader reads in one file (writes nothing)")
    inspect.add_argument("file")
    inspect.add_argument("--province", help="province, when the file does not name it")
    inspect.set_defaults(func=_cmd_inspect)
    export = sub.add_parser("export-sdmx", help="write the published values as SDMX-CSV")
    export.add_argument("--out", required=True, help="file to write (replaced atomically)")
    export.set_defaults(func=_cmd_export_sdmx)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
