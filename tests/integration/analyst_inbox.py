"""The analysts' warehouse: samples/inbox plus synthetic Thanh Hóa reports, loaded by the real DAG.

The bundled samples hold one commune only, so the analyst tests add a small synthetic inbox of
Thanh Hóa reports: communes of huyện Hoằng Hóa for 2022-H1, 2023-H1 and 2024-H1, the district
itself (2024-H1 and 9 tháng 2024) and the merged Xã Hoằng Giang of today (năm 2025). The files
are plain text reports a clerk could send (cover lines, then a tab-separated "Phụ lục" on the
province's 1B form, which prints resolved and on-time records). The figures are invented; the
tests work out every expected number by hand from them. The cookbook helpers run the documented
SQL of docs/bi.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
COOKBOOK = REPO / "docs" / "bi.md"


@dataclass(frozen=True)
class SyntheticReport:
    file_name: str
    unit_heading: str  # "XÃ HOẰNG GIANG", as printed on the first line
    locality: str  # the line under it
    place: str  # "Hoằng Giang, ngày …"
    period_text: str  # "6 tháng đầu năm 2024"
    date_text: str  # "ngày 10 tháng 6 năm 2024"
    plan: tuple[int, int]  # tasks planned, completed
    channels: tuple[int, int, int, int]  # received in person, by post, online level 3, level 4
    resolved: int
    on_time: int
    received_printed: int | None = None  # a total that disagrees with its channels

    @property
    def received(self) -> int:
        return self.received_printed if self.received_printed is not None else sum(self.channels)


def _commune(file_name, name, year_text, date_text, plan, channels, resolved, on_time, received_printed=None):
    return SyntheticReport(file_name, f"XÃ {name.upper()}", "Huyện Hoằng Hóa, tỉnh Thanh Hóa", name, year_text,
                           date_text, plan, channels, resolved, on_time, received_printed)


H1_2022, H1_2023, H1_2024 = "6 tháng đầu năm 2022", "6 tháng đầu năm 2023", "6 tháng đầu năm 2024"
JUNE_2022, JUNE_2023, JUNE_2024 = "ngày 10 tháng 6 năm 2022", "ngày 9 tháng 6 năm 2023", "ngày 10 tháng 6 năm 2024"

SYNTHETIC_REPORTS = (
    _commune("hoang-giang_2022-H1.txt", "Hoằng Giang", H1_2022, JUNE_2022, (30, 10), (400, 30, 120, 50), 590, 580),
    # 410 printed, 300 + 10 + 60 + 30 = 400: the gate withholds the total.
    _commune("hoang-xuan_2022-H1.txt", "Hoằng Xuân", H1_2022, JUNE_2022, (25, 10), (300, 10, 60, 30), 395, 390,
             received_printed=410),
    _commune("hoang-kim_2022-H1.txt", "Hoằng Kim", H1_2022, JUNE_2022, (20, 8), (150, 10, 30, 10), 200, 196),
    _commune("hoang-giang_2023-H1.txt", "Hoằng Giang", H1_2023, JUNE_2023, (32, 16), (350, 20, 200, 80), 640, 630),
    _commune("hoang-quy_2023-H1.txt", "Hoằng Quỳ", H1_2023, JUNE_2023, (28, 14), (200, 0, 100, 50), 350, 345),
    _commune("hoang-giang_2024-H1.txt", "Hoằng Giang", H1_2024, JUNE_2024, (30, 12), (300, 20, 180, 100), 580, 551),
    _commune("hoang-xuan_2024-H1.txt", "Hoằng Xuân", H1_2024, JUNE_2024, (25, 12), (200, 10, 150, 90), 430, 400),
    _commune("hoang-quy_2024-H1.txt", "Hoằng Quỳ", H1_2024, JUNE_2024, (28, 15), (150, 0, 100, 50), 300, 300),
    _commune("hoang-phu_2024-H1.txt", "Hoằng Phú", H1_2024, JUNE_2024, (22, 11), (120, 5, 60, 35), 205, 190),
    _commune("hoang-kim_2024-H1.txt", "Hoằng Kim", H1_2024, JUNE_2024, (20, 9), (100, 5, 50, 45), 195, 190),
    SyntheticReport("hoang-hoa_2024-H1.txt", "HUYỆN HOẰNG HÓA", "Tỉnh Thanh Hóa", "Hoằng Hóa", H1_2024,
                    "ngày 12 tháng 6 năm 2024", (45, 18), (1000, 50, 600, 350), 1900, 1850),
    SyntheticReport("hoang-hoa_2024-M9.txt", "HUYỆN HOẰNG HÓA", "Tỉnh Thanh Hóa", "Hoằng Hóa", "9 tháng năm 2024",
                    "ngày 12 tháng 9 năm 2024", (45, 30), (1500, 70, 900, 530), 2900, 2820),
    # Today's Xã Hoằng Giang (Hoằng Giang + Hoằng Xuân + Hoằng Hợp + Hoằng Quỳ since 1 July 2025)
    # reuses the code 15880 of the old Xã Hoằng Giang.
    SyntheticReport("hoang-giang-moi_2025-Y.txt", "XÃ HOẰNG GIANG", "Tỉnh Thanh Hóa", "Hoằng Giang", "năm 2025",
                    "ngày 12 tháng 12 năm 2025", (60, 50), (500, 10, 700, 300), 1500, 1490),
)


def _vi_percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


def report_text(report: SyntheticReport) -> str:
    """A short report and its appendix as tab-separated lines, the way the text reader expects."""
    planned, completed = report.plan
    direct, postal, level3, level4 = report.channels
    cover = [
        f"ỦY BAN NHÂN DÂN {report.unit_heading}",
        report.locality,
        "",
        "Số: 15/BC-UBND",
        "",
        f"{report.place}, {report.date_text}",
        "",
        "BÁO CÁO",
        f"Kết quả công tác cải cách hành chính {report.period_text}",
        "",
        "Số liệu chi tiết theo phụ lục kèm theo.",
        "",
        "Phụ lục",
        f"THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {report.period_text.upper()}",
        "",
    ]
    rows = [
        ("Số TT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"),
        ("", "", "Đơn vị tính", "Số liệu", ""),
        ("1", "Công tác Chỉ đạo điều hành", "", "", ""),
        ("1.2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)", "%",
         _vi_percent(completed, planned), ""),
        ("1.2.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", str(planned), ""),
        ("1.2.2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", str(completed), ""),
        ("3", "Cải cách thủ tục hành chính", "", "", ""),
        ("3.3", "Kết quả giải quyết TTHC", "", "", ""),
        ("3.3.1", "Số lượng hồ sơ đã tiếp nhận", "Hồ sơ", str(report.received), ""),
        ("", "Tiếp nhận trực tiếp", "Hồ sơ", str(direct), ""),
        ("", "Tiếp nhận qua BCCI", "Hồ sơ", str(postal), ""),
        ("", "Tiếp nhận trực tuyến mức độ 3", "Hồ sơ", str(level3), ""),
        ("", "Tiếp nhận trực tuyến mức độ 4", "Hồ sơ", str(level4), ""),
        ("3.3.2.1", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", str(report.resolved), ""),
        ("3.3.2.2", "Số hồ sơ TTHC giải quyết đúng hạn", "Hồ sơ", str(report.on_time), ""),
    ]
    return "\n".join(cover) + "\n".join("\t".join(cells) for cells in rows) + "\n"


def write_inbox(inbox: Path) -> None:
    """The bundled samples plus the synthetic Thanh Hóa reports."""
    shutil.copytree(REPO / "samples" / "inbox", inbox)
    for report in SYNTHETIC_REPORTS:
        (inbox / "thanh-hoa" / report.file_name).write_text(report_text(report), encoding="utf-8")


def cli(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "loaders.cli", *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"cchc {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-6000:]}"
    return result.stdout.strip()


def cookbook_queries() -> dict[str, str]:
    """The fenced ```sql blocks of docs/bi.md whose first line is `-- name: …`, by name."""
    blocks = re.findall(r"```sql\n(.*?)```", COOKBOOK.read_text(encoding="utf-8"), flags=re.S)
    queries = {}
    for block in blocks:
        first = block.splitlines()[0]
        if first.startswith("-- name:"):
            queries[first.removeprefix("-- name:").strip()] = block
    return queries


def run_cookbook(conn: psycopg.Connection, name: str) -> list[dict]:
    cursor = conn.execute(cookbook_queries()[name])
    columns = [c.name for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def pct(numerator: int, denominator: int) -> Decimal:
    """A rate the way the marts store it: 100 × n / d rounded to 4 decimals."""
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))
