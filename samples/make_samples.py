"""Write the bundled sample inbox, samples/inbox/, from the figures of the seed reports.

    python samples/make_samples.py

The appendices are rendered from tests/fixtures/seed_appendices.py (the hand-checked
transcription of the seeds' figures, indicator names and units), so the samples and
the tests cannot drift apart. Cover texts and narratives are our own short, neutral
wording carrying only facts (unit, province, period, report number and date, headline
figures). The inbox sub-folder names the province; bad/ holds broken files.
Output is deterministic: running it twice gives identical bytes.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # allow `python samples/make_samples.py` from any folder
    sys.path.insert(0, str(REPO))

import docx  # noqa: E402
import openpyxl  # noqa: E402
from docx.shared import Pt  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402

from tests.fixtures.hostile.builders import (  # noqa: E402
    encrypted_office_file,
    minimal_pdf,
    normalise_zip,
    truncated,
)
from tests.fixtures.seed_appendices import SEED_000, SEED_001, SEED_004, SeedRow  # noqa: E402

INBOX = REPO / "samples" / "inbox"

TAN_HONG_XLSX = "dong-thap/tan-hong_2021-Q1.xlsx"
HUONG_KHE_DOCX = "ha-tinh/huong-khe_2022-H1.docx"
HOANG_HOP_TXT = "thanh-hoa/hoang-hop_2024-H1.txt"
DUYEN_HAI_TXT = "tra-vinh/duyen-hai_2023-Q3.txt"
VAN_CANH_PAR_TXT = "binh-dinh/van-canh_2021-Y_par.txt"
ODD_NAME_TXT = "bad/Báo cáo CCHC 'quý I' năm 2021 (bản sửa).txt"


@dataclass(frozen=True)
class SeedAppendix:
    """What an office file of one seed carries: the report's cover lines, the appendix
    title lines and the appendix rows."""

    cover: tuple[str, ...]
    title: tuple[str, ...]
    rows: tuple[SeedRow, ...]


# ---------------------------------------------------------------------------
# Seed 000 -> Tân Hồng, Đồng Tháp, quý I/2021, as an Excel workbook
# ---------------------------------------------------------------------------

TAN_HONG_COVER = (
    "ỦY BAN NHÂN DÂN HUYỆN TÂN HỒNG",
    "Tỉnh Đồng Tháp",
    "Số: /BC-UBND",
    "Tân Hồng, ngày 15 tháng 3 năm 2021",
    "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính quý I năm 2021",
    "UBND huyện Tân Hồng gửi số liệu thống kê kết quả cải cách hành chính quý I năm 2021 "
    "tại trang tính \"Phu luc\" của tệp này.",
    "Số liệu chính: 465 thủ tục hành chính thuộc thẩm quyền cấp huyện và cấp xã, trong đó 355 thủ tục "
    "thực hiện theo cơ chế một cửa (76,34%) và 110 thủ tục liên thông; trong quý tiếp nhận 5.187 hồ sơ, "
    "đã giải quyết 3.924 hồ sơ (75,65%).",
)

TAN_HONG_TITLE = (
    "PHỤ LỤC",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2021",
    "(Kèm theo Báo cáo số /BC-UBND ngày 15/3/2021 của UBND huyện Tân Hồng, tỉnh Đồng Tháp)",
)

TAN_HONG = SeedAppendix(TAN_HONG_COVER, TAN_HONG_TITLE, SEED_000)

_DECIMAL = re.compile(r"^(\d+)(?:[.,](\d+))?(%?)$")


def excel_value(row: SeedRow) -> tuple[object, str | None]:
    """How a clerk would have typed the printed value into Excel.

    Percentages written with a % sign or a decimal part become fractions with a %
    format (0,2% -> 0.002 shown as "0.2%"); whole numbers become numeric cells,
    leading zeros kept by a "00" format; anything with words stays text.
    """
    text = row.value
    if text is None:
        return None, None
    match = _DECIMAL.match(text)
    if match is None:
        return text, None
    whole, decimals, percent_sign = match.groups()
    if row.unit == "%" and (percent_sign or decimals):
        places = len(decimals or "")
        assert row.number is not None
        return round(row.number / 100, places + 2), "0%" if places == 0 else f"0.{'0' * places}%"
    if decimals:
        return text, None
    number = int(whole)
    if len(whole) > 1 and whole.startswith("0"):
        return number, "0" * len(whole)
    return number, "#,##0" if number >= 1000 else "General"


def is_section(row: SeedRow) -> bool:
    return row.code is not None and row.code != "Trong đó" and row.unit is None and row.value is None


def appendix_xlsx(seed: SeedAppendix) -> bytes:
    """The seed as a workbook: sheet "Bia" with the cover, then sheet "Phu luc" with the
    title, a merged two-row header, bold section rows and the values as a clerk types them."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Bia"
    for line in seed.cover:
        cover.append([line])
    cover["A1"].font = Font(bold=True)
    cover["A5"].font = Font(bold=True)

    sheet = workbook.create_sheet("Phu luc")
    for line in seed.title:
        sheet.append([line])
    sheet.append([])
    sheet.append(["STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                  "Kết quả thống kê", None, "Ghi chú"])
    sheet.append([None, None, "Đơn vị tính", "Số lượng/ Tỷ lệ", None])
    for cells in ("A5:A6", "B5:B6", "C5:D5", "E5:E6"):
        sheet.merge_cells(cells)
    for cell in sheet[5] + sheet[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in seed.rows:
        value, number_format = excel_value(row)
        sheet.append([row.code, row.label, row.unit, value, row.note])
        excel_row = sheet.max_row
        if number_format:
            sheet.cell(excel_row, 4).number_format = number_format
        if is_section(row):
            sheet.cell(excel_row, 1).font = Font(bold=True)
            sheet.cell(excel_row, 2).font = Font(bold=True)
    for column, width in zip("ABCDE", (8, 70, 22, 18, 24), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalise_zip(buffer.getvalue())


# ---------------------------------------------------------------------------
# Seed 001 -> Hương Khê, Hà Tĩnh, 6 tháng đầu năm 2022, as a Word document
# ---------------------------------------------------------------------------

HUONG_KHE_COVER = (
    "ỦY BAN NHÂN DÂN HUYỆN HƯƠNG KHÊ",
    "Tỉnh Hà Tĩnh",
    "Số: 196/BC-UBND",
    "Hương Khê, ngày 15 tháng 6 năm 2022",
    "BÁO CÁO",
    "Công tác cải cách hành chính 6 tháng đầu năm 2022",
    "UBND huyện Hương Khê báo cáo kết quả cải cách hành chính 6 tháng đầu năm 2022. "
    "Số liệu thống kê chi tiết theo phụ lục dưới đây.",
    "Một số số liệu kinh tế liên quan: trong 6 tháng có 25 doanh nghiệp thành lập mới; tỷ lệ đóng góp của "
    "doanh nghiệp vào thu ngân sách địa phương đạt 16%; tổng thu ngân sách trên địa bàn là 59.787 tỷ đồng, "
    "đạt 83% kế hoạch HĐND huyện giao.",
)

HUONG_KHE_TITLE = (
    "Phụ lục 1B",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
    "(Ban hành kèm theo Báo cáo số 196/BC-UBND ngày 15/6/2022 của UBND huyện Hương Khê)",
)


HUONG_KHE = SeedAppendix(HUONG_KHE_COVER, HUONG_KHE_TITLE, SEED_001)


def _write_cell(cell, text: str | None, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text or "")
    run.bold = bold or None
    run.font.size = Pt(10)


def appendix_docx(seed: SeedAppendix) -> bytes:
    """The seed as a Word document: cover paragraphs, the title, then one table with
    "Kết quả thống kê" merged over unit and value and bold runs where the seed is bold."""
    document = docx.Document()
    for text in seed.cover:
        document.add_paragraph(text)
    for text in seed.title:
        document.add_paragraph().add_run(text).bold = text.isupper() or text.startswith("Phụ lục")
    table = document.add_table(rows=2 + len(seed.rows), cols=5)
    table.style = "Table Grid"
    headers = (("STT", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", "Kết quả thống kê",
                "", "Ghi chú"), ("", "", "Đơn vị tính", "Số liệu", ""))
    for r, texts in enumerate(headers):
        for c, text in enumerate(texts):
            _write_cell(table.cell(r, c), text, bold=True)
    table.cell(0, 2).merge(table.cell(0, 3))  # "Kết quả thống kê" over unit and value
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    # table.cell(r, c) walks the whole table each time; one pass over the rows is linear.
    for table_row, row in zip(list(table.rows)[2:], seed.rows, strict=True):
        texts = (row.code, row.label, row.unit, row.value, row.note)
        for c, (cell, text) in enumerate(zip(table_row.cells, texts, strict=True)):
            _write_cell(cell, text, bold=row.bold and c in (0, 1))
    document.add_paragraph("Ghi chú: VBQPPL là văn bản quy phạm pháp luật.")
    document.core_properties.author = "kho-cchc samples"
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


# ---------------------------------------------------------------------------
# Seed 004 -> Hoằng Hợp, Thanh Hóa, 6 tháng đầu năm 2024, a whole report as text
# ---------------------------------------------------------------------------

HOANG_HOP_REPORT = """\
ỦY BAN NHÂN DÂN XÃ HOẰNG HỢP
Huyện Hoằng Hóa, tỉnh Thanh Hóa

Số: /BC-UBND

Hoàng Hợp, ngày 04 tháng 6 năm 2024

BÁO CÁO
Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024

I. TÓM TẮT

UBND xã Hoằng Hợp tổng hợp kết quả thực hiện nhiệm vụ cải cách hành chính 6 tháng đầu năm 2024; số liệu \
chi tiết theo phụ lục kèm theo.

II. KẾT QUẢ CHỦ YẾU

1. Kế hoạch cải cách hành chính năm 2024 gồm 38 nhiệm vụ; đến nay đã hoàn thành 21 nhiệm vụ. UBND xã đã ban \
hành 16 văn bản chỉ đạo, điều hành.

2. Có 207 thủ tục hành chính đang áp dụng tại xã, trong đó 128 thủ tục thực hiện theo cơ chế một cửa.

3. Bộ phận Một cửa đã tiếp nhận 494 hồ sơ; đã giải quyết 494 hồ sơ, trong đó trả trước và đúng hạn 490 hồ sơ, quá hạn 04 hồ sơ.

4. Khảo sát sự hài lòng bằng hình thức phát phiếu với 28 phiếu.

5. Trong kỳ có 371 văn bản đi giữa các cơ quan nhà nước.

III. KIẾN NGHỊ

Không có.

Nơi nhận:
- Phòng Nội vụ huyện;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Phụ lục 01b
THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH CỦA UBND XÃ 6 THÁNG ĐẦU NĂM 2024
(Kèm theo Báo cáo số /BC-UBND ngày 04/6/2024 của UBND xã Hoằng Hợp)

"""

_HOANG_HOP_HEAD, _, _HOANG_HOP_ANNEX = HOANG_HOP_REPORT.partition("\nPhụ lục 01b\n")
# The same report as an office file: its paragraphs up to the signature become the cover.
HOANG_HOP = SeedAppendix(
    cover=tuple(line for line in _HOANG_HOP_HEAD.partition("\nNơi nhận:")[0].splitlines() if line),
    title=("Phụ lục 01b", *(line for line in _HOANG_HOP_ANNEX.splitlines() if line)),
    rows=SEED_004,
)

HOANG_HOP_HEADER = ("Số TT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú", "\t\tĐơn vị tính\tSố liệu\t")
# Where the pages break: before row 3.3, and inside row 7.2.1 (label and unit go on).
HOANG_HOP_BREAK_BEFORE = "3.3"
HOANG_HOP_SPLIT = {
    "7.2.1": (
        ("Thực hiện kết nối, liên thông các Hệ thống quản lý", "văn bản điều hành từ tỉnh, huyện đến cấp xã"),
        ("Đã kết nối = 1", "Chưa kết nối = 0"),
    ),
}


def tab_line(*cells: str | None) -> str:
    return "\t".join(cell or "" for cell in cells)


def page_break() -> list[str]:
    return ["", *HOANG_HOP_HEADER]


def hoang_hop_txt() -> bytes:
    lines = list(HOANG_HOP_HEADER)
    for row in SEED_004:
        if row.code == HOANG_HOP_BREAK_BEFORE:
            lines += page_break()
        if row.code in HOANG_HOP_SPLIT:
            (label_head, label_tail), (unit_head, unit_tail) = HOANG_HOP_SPLIT[row.code]
            assert f"{label_head} {label_tail}" == row.label and f"{unit_head} {unit_tail}" == row.unit
            lines.append(tab_line(row.code, label_head, unit_head, row.value, row.note))
            lines += page_break()
            lines.append(tab_line(None, label_tail, unit_tail, None, None))
            continue
        lines.append(tab_line(row.code, row.label, row.unit, row.value, row.note))
    return (HOANG_HOP_REPORT + "\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Seed 003 -> Duyên Hải, Trà Vinh, quý III/2023: a narrative without appendix
# ---------------------------------------------------------------------------

DUYEN_HAI_REPORT = """\
ỦY BAN NHÂN DÂN THỊ XÃ DUYÊN HẢI
Tỉnh Trà Vinh

Số: 463/BC-UBND

Thị xã Duyên Hải, ngày 31 tháng 8 năm 2023

BÁO CÁO
Kết quả thực hiện công tác cải cách hành chính quý III năm 2023

1. Chỉ đạo, điều hành

Chương trình cải cách hành chính tỉnh giao cho thị xã 16 nội dung; đã thực hiện đạt 13/16 nội dung (81,25%). \
Chương trình của thị xã có 36 nội dung; đã đạt 30/36 nội dung (83,33%). Các nội dung còn lại được thực hiện \
thường xuyên hoặc chưa đến thời điểm đánh giá.

Tổ kiểm tra đã kiểm tra công tác cải cách hành chính tại 7 xã, phường (36,84% số cơ quan hành chính nhà nước).

2. Thủ tục hành chính

Thị xã có 263 thủ tục hành chính thuộc thẩm quyền giải quyết; các xã, phường có 146 thủ tục.

Từ ngày 01/06/2023 đến ngày 30/8/2023, Bộ phận một cửa trên địa bàn thị xã tiếp nhận 4.857 hồ sơ, trong đó \
3.800 hồ sơ trực tuyến (78,24%) và 1.057 hồ sơ trực tiếp hoặc qua bưu chính. Đã giải quyết 4.733 hồ sơ: trước \
hạn 3.072 hồ sơ (64,9%), đúng hạn 1.651 hồ sơ (34,9%), trễ hạn 10 hồ sơ (0,2%); 124 hồ sơ đang giải quyết \
trong hạn.

3. Tổ chức bộ máy và công vụ

Biên chế công chức giao năm 2023 là 80 biên chế; số lượng người làm việc giao cho các đơn vị thuộc thị xã là \
645 người. Trong quý đã chuyển đổi vị trí công tác đối với 09 công chức.

4. Tài chính công

Thị xã có 25 đơn vị sự nghiệp công lập, trong đó 01 đơn vị tự bảo đảm chi thường xuyên.

5. Chính quyền điện tử

Đã phát hành 1.847 văn bản đi, trong đó 1.845 văn bản điện tử có ký số; đã cấp 162 chứng thư số. Hệ thống một \
cửa điện tử tiếp nhận 4.337 hồ sơ (89,92% tổng số hồ sơ tiếp nhận).

(Báo cáo này không kèm bảng số liệu thống kê.)
"""


# ---------------------------------------------------------------------------
# Seed 002 -> Vân Canh, Bình Định, năm 2021: a PAR Index and SIPAS scorecard
# ---------------------------------------------------------------------------

PAR_HEADER = "Tiêu chí\tNội dung\tĐiểm tối đa\tĐiểm đạt được\tĐiểm bị trừ"

# (section title, rows of criterion, name, max score, score achieved, points deducted), as printed.
PAR_FIELDS = (
    ("1. Công tác chỉ đạo điều hành", (
        ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "10", "6.46", "- 3.36"),
        ("1.1", "Kế hoạch về công tác CCHC hàng năm", "1", "0.75", "- 0.25"),
        ("", "- Ban hành đầy đủ các kế hoạch về cải cách hành chính hằng năm và đảm bảo đầy đủ nội dung, đúng "
             "thời gian theo quy định;", "0.5", "0.5", ""),
        ("", "- Chất lượng kế hoạch CCHC hằng năm của UBND cấp xã", "0.5", "0.25", "-0.25"),
        ("1.2", "Mức độ hoàn thành Kế hoạch CCHC", "1", "0.96", "- 0.04"),
        ("1.3", "Công tác tuyên truyền CCHC", "1", "0.5", "-0.5"),
        ("1.4", "Thực hiện chế độ báo cáo định kỳ và báo cáo chuyên đề về CCHC (Báo cáo CCHC, Báo cáo kiểm soát "
                "TTHC)", "1", "0", "-1"),
        ("1.5", "Công tác kiểm tra CCHC", "2", "2", ""),
        ("1.5.1", "Tỷ lệ đơn vị trực thuộc được kiểm tra trong năm đạt từ 60% trở lên", "1", "1", ""),
        ("1.5.2", "Xử lý các nội dung phát hiện sau kiểm tra", "1", "1", ""),
        ("1.6", "Có sáng kiến hoặc giải pháp mới trong CCHC được áp dụng có hiệu quả", "1", "0", "-1"),
        ("1.7", "Thực hiện các nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao", "1", "0.75", "-0.25"),
        ("1.8", "Trách nhiệm người đứng đầu trong công tác CCHC", "2", "1.5", "-0.5"),
        ("1.8.1", "Đánh giá xác định Chỉ số CCHC của UBND cấp xã trực thuộc", "1", "1.0", ""),
        ("1.8.2", "Người đứng đầu tham dự đầy đủ các hội nghị về công tác CCHC của tỉnh", "0.5", "0.5", ""),
        ("1.8.3", "Tổ chức gặp gỡ, trao đổi với doanh nghiệp, hộ kinh doanh tại địa phương và kịp thời tháo gỡ "
                  "khó khăn, vướng mắc", "0.5", "0", "-0.5"),
    )),
    ("2. Xây dựng và thực hiện văn bản quy phạm pháp luật", (
        ("2", "XÂY DỰNG VÀ THỰC HIỆN VĂN BẢN QUY PHẠM PHÁP LUẬT", "5", "5", ""),
        ("2.1", "Công tác ban hành VBQPPL (cấp huyện, cấp xã)", "1", "1", ""),
        ("2.2", "Tham gia xây dựng VBQPPL", "1", "1", ""),
        ("2.3", "Thực hiện kiểm tra, rà soát, hệ thống hóa VBQPPL do địa phương ban hành theo đúng quy định", "1",
         "1", ""),
        ("2.4", "Xử lý văn bản sau rà soát, kiểm tra và kiến nghị", "1", "1", ""),
        ("2.5", "Theo dõi tình hình thi hành pháp luật", "1", "1", ""),
    )),
    ("3. Cải cách thủ tục hành chính", (
        ("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "10", "6.81", ""),
        ("3.1", "Công tác rà soát thủ tục hành chính (TTHC)", "2", "0", "-2"),
        ("3.2", "Công khai TTHC và địa chỉ phản ánh kiến nghị đảm bảo theo quy định", "1,5", "1,5", ""),
        ("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức đối với TTHC thuộc thẩm quyền giải quyết",
         "1", "1", ""),
        ("3.4", "Thực hiện cơ chế một cửa, một cửa liên thông", "1,5", "0,5", ""),
        ("3.4.1", "Ban hành các Quy chế phối hợp giải quyết TTHC thuộc thẩm quyền giải quyết của UBND cấp huyện.",
         "0,5", "0", "-0,5"),
        ("3.4.2", "Cập nhật hồ sơ TTHC vào Hệ thống Một cửa điện tử", "0,5", "0", "-0,5"),
        ("3.4.3", "Bố trí công chức, viên chức làm việc tại Bộ phận tiếp nhận và trả kết quả thuộc UBND cấp huyện",
         "0,5", "0,5", ""),
        ("3.5", "Kết quả giải quyết thủ tục hành chính (cấp huyện, cấp xã)", "3", "2,95", "-0,15"),
        ("3.6", "Thực hiện quy định về xin lỗi trong giải quyết TTHC (cấp huyện, cấp xã)", "1", "0,86", "-0,14"),
    )),
    ("4. Cải cách tổ chức bộ máy", (
        ("4", "CẢI CÁCH TỔ CHỨC BỘ MÁY", "7", "6", ""),
        ("4.1", "Thực hiện quy định về chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức bộ máy, biên chế", "1", "0",
         "-1"),
        ("4.2", "Triển khai thực hiện sắp xếp lại tổ chức bên trong các cơ quan hành chính, đơn vị sự nghiệp công "
                "lập theo quy định", "1", "1", ""),
        ("4.3", "Thực hiện quy định về số lượng lãnh đạo tại cơ quan, đơn vị trực thuộc", "1", "1", ""),
        ("4.4", "Thực hiện quy định về quản lý biên chế", "1", "1", ""),
        ("4.5", "Thực hiện quy định về phân cấp quản lý theo quy định", "3", "3", ""),
        ("4.5.1", "Thực hiện đầy đủ các quy định về phân cấp quản lý do cấp trên ban hành", "1", "1", ""),
        ("4.5.2", "Thực hiện công tác kiểm tra, đánh giá định kỳ các nội dung đã phân cấp hoặc ủy quyền cho phòng "
                  "chuyên môn, UBND cấp xã", "1", "1", ""),
        ("4.5.3", "Xử lý hoặc kiến nghị xử lý 100% các vấn đề phát hiện qua kiểm tra các nội dung đã phân cấp hoặc "
                  "ủy quyền", "1", "1", ""),
    )),
    ("5. Cải cách chế độ công vụ", (
        ("5", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "11", "10", ""),
        ("5.1", "Thực hiện cơ cấu công chức, viên chức theo vị trí việc làm", "2", "2", ""),
        ("5.1.1", "Kịp thời rà soát, điều chỉnh; trình UBND tỉnh điều chỉnh Đề án vị trí việc làm công chức theo "
                  "hướng dẫn của Bộ, ngành trung ương", "0.5", "0.5", ""),
        ("5.1.2", "Công chức được bố trí công tác đúng vị trí việc làm được phê duyệt", "0.5", "0.5", ""),
        ("5.1.3", "Xây dựng và kịp thời rà soát, điều chỉnh Đề án vị trí việc làm của các đơn vị sự nghiệp trực "
                  "thuộc", "0.5", "0.5", ""),
        ("5.1.4", "Bố trí viên chức theo đúng vị trí việc làm được phê duyệt", "0.5", "0.5", ""),
        ("5.2", "Tuyển dụng công chức, viên chức và nâng ngạch công chức, thăng hạng viên chức", "1", "1", ""),
        ("5.3", "Đánh giá, phân loại CBCCVC", "2", "2", ""),
        ("5.3.1", "Có ban hành Quy chế/Tiêu chí đánh giá", "0.5", "0.5", ""),
        ("5.3.2", "Gửi kết quả đánh giá về Sở Nội vụ đúng thời gian quy định", "0.5", "0.5", ""),
        ("5.3.3", "Tỷ lệ CBCCVC hoàn thành tốt nhiệm vụ", "1", "0.5", "-0.5"),
        ("5.4", "Thực hiện quy định về bổ nhiệm, bổ nhiệm lại", "0.5", "0.5", ""),
        ("5.5", "Công tác đào tạo, bồi dưỡng CBCCVC", "1.5", "1.5", ""),
        ("5.5.1", "Ban hành Kế hoạch đào tạo, bồi dưỡng hàng năm", "1", "1", ""),
        ("5.5.2", "Thực hiện chế độ đào tạo, bồi dưỡng theo Kế hoạch", "0.5", "0.5", ""),
        ("5.6", "Thực hiện chuyển đổi vị trí công tác CBCCVV theo quy định", "1", "1", ""),
        ("5.7", "Thực hiện văn hóa công vụ", "1", "1", ""),
        ("5.8", "Thực hiện việc kê khai tài sản cán bộ, công chức, viên chức theo quy định", "1", "1", ""),
        ("5.9", "Cán bộ, công chức cấp xã", "1", "0.5", "-0.5"),
    )),
    ("6. Cải cách tài chính công", (
        ("6", "CẢI CÁCH TÀI CHÍNH CÔNG", "5", "3", "-2"),
        ("6.1", "Thực hiện công khai tài chính đầy đủ theo quy định", "1", "0", "-1"),
        ("6.2", "Thực hiện chế độ tự chủ về sử dụng biên chế và kinh phí tại các phòng chuyên môn; đơn vị sự nghiệp "
                "công lập và UBND các xã, phường, thị trấn theo quy định của pháp luật", "1", "1", ""),
        ("6.3", "Tổ chức thực hiện các khuyến nghị sau thanh tra, kiểm tra của cơ quan có thẩm quyền", "1", "1", ""),
        ("6.4", "Xây dựng và báo cáo dự toán, chấp hành, quyết toán ngân sách", "1", "0.5", "- 0.5"),
        ("6.5", "Sử dụng đầy đủ các phần mềm phục vụ cho công tác quản lý tài chính, ngân sách", "1", "0.5", "- 0.5"),
    )),
    ("7. Xây dựng và phát triển chính quyền điện tử", (
        ("7", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ", "12", "8.57", ""),
        ("7.1", "Cung cấp các loại thông tin phục vụ người dân và doanh nghiệp trên Cổng thông tin điện tử", "1",
         "1", ""),
        ("7.2", "Cung cấp thông tin trên Cổng/Trang thông tin điện tử của đơn vị", "1", "1", ""),
        ("7.3", "Ứng dụng Hệ thống văn phòng điện tử", "2", "1", ""),
        ("7.3.1", "Tỷ lệ văn bản trao đổi và xử lý dưới dạng điện tử", "1", "1", ""),
        ("7.3.2", "Tỷ lệ hồ sơ công việc được lập xử lý dưới dạng điện tử", "1", "0", "-1"),
        ("7.4", "Cung cấp dịch vụ công trực tuyến mức độ 3, mức độ 4", "4", "1.64", ""),
        ("7.4.1", "Tỷ lệ dịch vụ công trực tuyến mức độ 3, mức độ 4 có đủ điều kiện được cung cấp trên cổng Dịch "
                  "vụ công của tỉnh", "1", "0", "-1"),
        ("7.4.2", "Tỷ lệ TTHC được cung cấp trực tuyến mức độ 3, mức độ 4 có phát sinh hồ sơ", "1", "0.53",
         "-0.47"),
        ("7.4.3", "Tỷ lệ hồ sơ TTHC được giải quyết trực tuyến mức độ 3, mức độ 4", "1", "0.11", "-0.89"),
        ("7.4.4", "Có giải pháp khuyến khích người dân, tổ chức thực hiện dịch vụ công trực tuyến", "1", "1", ""),
        ("7.5", "Tỷ lệ UBND cấp xã cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính", "1", "1", ""),
        ("7.6", "Áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001", "2", "2", ""),
        ("7.7", "Thực hiện tiếp nhận và trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích (BCCI)", "1",
         "0.93", ""),
        ("7.7.1", "Tỷ lệ TTHC đã triển khai có phát sinh hồ sơ tiếp nhận hoặc trả kết quả giải quyết TTHC qua dịch "
                  "vụ BCCI", "0,5", "0.43", "-0.07"),
        ("7.7.2", "Tỷ lệ hồ sơ TTHC được tiếp nhận và trả kết quả qua dịch vụ BCCI", "0,5", "0.5", ""),
    )),
)

# Lĩnh vực: (code, name, 2020 score/max, 2020 %, 2021 score/max, 2021 %, change), as printed.
PAR_COMPARISON = (
    ("1", "Công tác chỉ đạo điều hành CCHC", "7.5/12", "62.5", "6.64/10", "66.4", "+3.9"),
    ("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "4/4", "100", "5/5", "100", "0"),
    ("3", "Cải cách thủ tục hành chính", "4/6", "66.7", "6.81/10", "68.1", "+1.4"),
    ("4", "Cải cách tổ chức bộ máy", "4.5/7", "64.2", "6/7", "85.6", "+21.4"),
    ("5", "Cải cách chế độ công vụ", "11.5/16", "71.9", "10/11", "90.9", "+19"),
    ("6", "Cải cách tài chính công", "3/5", "60", "3/5", "60", "0"),
    ("7", "Xây dựng và phát triển chính quyền điện tử", "10/16", "62.5", "8.57/12", "71.4", "+8.9"),
)

SIPAS_COMPONENTS = (
    ("Tiếp cận dịch vụ", "75,16%", "8/11"),
    ("Thủ tục hành chính", "68,16%", "10/11"),
    ("Công chức, viên chức giải quyết TTHC", "65,96%", "10/11"),
    ("Kết quả giải quyết TTHC", "79,47%", "10/11"),
    ("Tiếp nhận, xử lý phản ánh kiến nghị", "85,61%", "7/11"),
)

VAN_CANH_INTRO = """\
PHÒNG NỘI VỤ HUYỆN VÂN CANH
Tỉnh Bình Định

BÁO CÁO
Kết quả Chỉ số cải cách hành chính (PAR Index) và Chỉ số hài lòng (SIPAS) năm 2021 của huyện Vân Canh

Theo kết quả công bố tại Quyết định số 313/QĐ-UBND ngày 26/01/2022 của UBND tỉnh và Báo cáo số 17/BC-SNV \
ngày 28/01/2022 của Sở Nội vụ, Chỉ số CCHC năm 2021 của huyện Vân Canh đạt 75,62%; người đứng đầu được xếp \
loại Hoàn thành tốt nhiệm vụ. Năm 2020 huyện đạt 69,40% (Hoàn thành nhiệm vụ).

I. ĐIỂM THEO LĨNH VỰC

TT\tLĩnh vực\tNăm 2020\t\tNăm 2021\t\tTăng/giảm (%)
\t\tĐiểm/điểm tối đa\t%\tĐiểm/điểm tối đa\t%\t
"""


def van_canh_par_txt() -> bytes:
    lines = [VAN_CANH_INTRO.rstrip("\n")]
    lines += [tab_line(*row) for row in PAR_COMPARISON]
    lines += ["", "II. ĐIỂM THEO TIÊU CHÍ", ""]
    for title, rows in PAR_FIELDS:
        lines += [title, "", PAR_HEADER, *(tab_line(*row) for row in rows), ""]
    lines += [
        "III. CHỈ SỐ HÀI LÒNG (SIPAS) NĂM 2021",
        "",
        "Chỉ số hài lòng của người dân, tổ chức năm 2021 đạt 29.78/40 điểm, tỷ lệ 74.87%, xếp thứ 9/11 huyện, "
        "thị xã, thành phố.",
        "",
        "Yếu tố\tTỷ lệ hài lòng\tXếp hạng",
        *(tab_line(*row) for row in SIPAS_COMPONENTS),
        "",
    ]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------------
# Broken files
# ---------------------------------------------------------------------------

def bad_files(tan_hong: bytes) -> dict[str, bytes]:
    """File name -> content; each should be refused with the reason in samples/README.md."""
    return {
        "bad/rong.xlsx": b"",
        "bad/bi-cat-ngang.xlsx": truncated(tan_hong, 0.5),
        "bad/thuc-chat-la-pdf.xlsx": minimal_pdf(),
        "bad/thuc-chat-la-van-ban.xlsx": "Báo cáo cải cách hành chính (bản nháp, chưa có số liệu)\n".encode(),
        "bad/dat-mat-khau.xlsx": encrypted_office_file(),
        ODD_NAME_TXT: "Tệp thử: tên có dấu cách, chữ tiếng Việt và dấu nháy đơn; nội dung không có phụ lục.\n"
        .encode(),
    }


# Each seed appendix in both office forms; the inbox holds one of each, the tests all six.
SEED_OFFICE_FORMS = {"000": TAN_HONG, "001": HUONG_KHE, "004": HOANG_HOP}


def build_inbox() -> dict[str, bytes]:
    tan_hong = appendix_xlsx(TAN_HONG)
    return {
        TAN_HONG_XLSX: tan_hong,
        HUONG_KHE_DOCX: appendix_docx(HUONG_KHE),
        HOANG_HOP_TXT: hoang_hop_txt(),
        DUYEN_HAI_TXT: DUYEN_HAI_REPORT.encode("utf-8"),
        VAN_CANH_PAR_TXT: van_canh_par_txt(),
        **bad_files(tan_hong),
    }


def write_inbox(inbox: Path = INBOX) -> list[Path]:
    written = []
    for relative, content in build_inbox().items():
        path = inbox / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def main() -> None:
    for path in write_inbox():
        print(f"{path.relative_to(REPO)}  ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
