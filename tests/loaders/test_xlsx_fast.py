"""The fast xlsx path gives exactly what the openpyxl path gives, or steps aside.

Every workbook here is read twice, by ``read_xlsx`` (the fast path, falling back to
openpyxl) and by ``read_xlsx_openpyxl`` alone: the documents must be equal, and a
file refused by one must be refused the same way by the other.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from loaders.model import RejectedFile
from loaders.readers.safety import DEFAULT_LIMITS, ReadLimits
from loaders.readers.xlsx import read_xlsx, read_xlsx_fast, read_xlsx_openpyxl
from loaders.readers.xlsx_fast import Unsupported
from tests.fixtures.hostile import builders
from tests.fixtures.seed_appendices import SEED_000, SEED_001

REPO = Path(__file__).resolve().parents[2]
SAMPLE_XLSX = sorted((REPO / "samples" / "inbox").rglob("*.xlsx"))
HEADER = builders.APPENDIX_HEADER


def outcome(read, content: bytes, limits: ReadLimits = DEFAULT_LIMITS):
    """The document, or how the file was refused (any other error means 'corrupt' to read_content)."""
    try:
        return read(content, limits)
    except RejectedFile as refused:
        return ("refused", refused.reason_code, refused.reason_vi)
    except Exception:
        return ("corrupt",)


def assert_same(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> object:
    expected = outcome(read_xlsx_openpyxl, content, limits)
    assert outcome(read_xlsx, content, limits) == expected
    return expected


def assert_fast(content: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Equal, and read by the fast path itself (not by its fallback)."""
    assert_same(content, limits)
    assert outcome(read_xlsx_fast, content, limits) == outcome(read_xlsx_openpyxl, content, limits)


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_workbook(seed_rows, cover: bool = True) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if cover:
        sheet.title = "Bia"
        sheet.append(["ỦY BAN NHÂN DÂN HUYỆN TÂN HỒNG"])
        sheet["A1"].font = Font(bold=True)
        sheet = workbook.create_sheet("Phu luc")
    sheet.append(["PHỤ LỤC"])
    sheet.append([])
    sheet.append(["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", None, "Ghi chú"])
    sheet.append([None, None, "Đơn vị tính", "Số lượng/ Tỷ lệ", None])
    for merged in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(merged)
    for row in seed_rows:
        sheet.append([row.code, row.label, row.unit, row.number if row.number is not None else row.value, row.note])
        if row.bold or (row.unit is None and row.value is None):  # headings
            sheet.cell(sheet.max_row, 2).font = Font(bold=True)
        if row.unit == "%":
            sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    return workbook


def with_shared_strings(content: bytes) -> bytes:
    """The workbook as Excel saves it: every inline string moved to xl/sharedStrings.xml,
    some as rich-text runs with a phonetic part (which openpyxl leaves out)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    strings: list[str] = []

    def to_shared(match: re.Match) -> bytes:
        strings.append(match.group(2).decode())
        return match.group(1) + b' t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            sheet = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is>(.*?)</is></c>', to_shared,
                           archive.read(name))
            content = builders.replace_member(content, name, sheet)
    items = []
    for index, inner in enumerate(strings):
        if index % 3 == 1:  # the same text as runs: <r><rPr><b/></rPr><t>..</t></r>, then a phonetic run
            inner = f"<r><rPr><b/></rPr>{inner}</r><r>{inner}</r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh>"
        items.append(f"<si>{inner}</si>")
    table = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             f'2006/main" count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>').encode()
    content = builders.replace_member(content, "xl/sharedStrings.xml", table)
    types = zipfile.ZipFile(io.BytesIO(content)).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return builders.replace_member(content, "[Content_Types].xml", types)


# ---------------------------------------------------------------------------
# Ordinary workbooks: read by the fast path, same result
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", SAMPLE_XLSX, ids=lambda p: p.name)
def test_given_the_sample_workbooks_then_both_paths_agree(path):
    assert_same(path.read_bytes())


def test_given_the_readable_sample_then_the_fast_path_reads_it_itself():
    readable = [p for p in SAMPLE_XLSX if not isinstance(outcome(read_xlsx_openpyxl, p.read_bytes()), tuple)]
    assert readable
    for path in readable:
        assert_fast(path.read_bytes())


@pytest.mark.parametrize("seed_rows", [SEED_000, SEED_001], ids=["seed000", "seed001"])
def test_given_seed_appendices_with_inline_or_shared_strings_then_both_paths_agree(seed_rows):
    content = saved(seed_workbook(seed_rows))
    assert_fast(content)
    document = read_xlsx(content)
    assert document.rows and any(row.is_bold for row in document.rows)
    assert any(row.number_format == "0.00%" for row in document.rows)
    shared = with_shared_strings(content)
    assert b"<si><r>" in zipfile.ZipFile(io.BytesIO(shared)).read("xl/sharedStrings.xml")
    assert_fast(shared)
    # runs joined, phonetic text left out: the rich-text rows read twice their text
    assert read_xlsx(shared).rows != document.rows


def test_given_dates_booleans_errors_and_odd_numbers_then_both_paths_agree():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Báo cáo ngày", dt.datetime(2024, 6, 15), dt.date(2024, 6, 30), dt.time(8, 30)])
    sheet.append(HEADER)
    sheet.append(["1", "Có kế hoạch", "Có=1", True, None])
    sheet.append(["2", "Lỗi", "Người", "#DIV/0!", None])
    sheet.append(["3", "Số lớn", "Người", 1e300, None])
    sheet.append(["4", "Thời lượng", "Giờ", dt.timedelta(hours=30), None])
    sheet.cell(sheet.max_row, 4).number_format = "[h]:mm"
    sheet.append(["5", "Ô xa", "Người", 7] + [None] * 70 + ["ngoài cột 60"])
    sheet.cell(40, 1).value = "sau khoảng trống"
    assert_fast(saved(workbook))


def test_given_cached_formulas_then_cached_values_are_read_by_both():
    content = builders.xlsx_with_cached_formulas()
    assert_fast(content)
    assert [row.value_raw for row in read_xlsx(content).rows] == ["51", "7", None]


def test_given_rows_without_numbers_or_out_of_order_then_both_paths_agree():
    content = builders.minimal_xlsx([HEADER, ["1.1", "Số nhiệm vụ", "Nhiệm vụ", 38, None],
                                     ["1.2", "Số văn bản", "Văn bản", 5, None]])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    unnumbered = re.sub(rb'<row r="\d+"', b"<row", sheet)
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", unnumbered))
    swapped = sheet.replace(b'<row r="3"', b'<row r="1"')
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", swapped))
    no_dimension = re.sub(rb"<dimension [^>]*/>", b"", sheet)
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", no_dimension))
    short_dimension = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:E2"/>', sheet)
    assert_fast(builders.replace_member(content, "xl/worksheets/sheet1.xml", short_dimension))


# ---------------------------------------------------------------------------
# Hostile and broken workbooks: refused the same way
# ---------------------------------------------------------------------------

def test_given_an_entity_bomb_then_both_refuse_it_and_the_fast_path_steps_aside():
    bomb = builders.xlsx_with_entity_bomb()
    with pytest.raises(Unsupported):
        read_xlsx_fast(bomb)
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml")
    hidden = builders.replace_member(bomb, "xl/worksheets/sheet1.xml", sheet.replace(
        b"<!DOCTYPE", b"<!--" + b" " * 70_000 + b"-->\n<!DOCTYPE", 1))
    started = time.monotonic()
    assert assert_same(hidden) == ("corrupt",)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_given_a_truncated_workbook_then_both_refuse_it(keep):
    content = builders.truncated(builders.minimal_xlsx([HEADER, ["1", "Chỉ tiêu", "Người", 1, None]]), keep)
    assert_same(content)


def test_given_broken_parts_then_both_paths_agree():
    content = builders.minimal_xlsx([HEADER, ["1.1", "Số nhiệm vụ", "Nhiệm vụ", 38, None]])
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        data = archive.read(name)
        for broken in (data[: len(data) // 2], data.replace(b'"', b"'", 3), b"<x/>", b""):
            assert_same(builders.replace_member(content, name, broken))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    for odd in (b'<c r="a2"', b'<c r="B2" s="99"', b'<c r="B2" s=""', b'<c r="B2" t="s"'):
        assert_same(builders.replace_member(content, "xl/worksheets/sheet1.xml",
                                            sheet.replace(b'<c r="B2"', odd, 1)))


def test_given_more_rows_than_the_limit_then_both_refuse_at_the_same_line():
    limits = ReadLimits(max_rows=40, max_scanned_rows=300)
    rows = [HEADER] + [[f"9.{i}", "Chỉ tiêu lặp", "Người", i, None] for i in range(41 + 100)]
    assert assert_same(builders.minimal_xlsx(rows), limits)[1] == "too_large"
    far = openpyxl.Workbook()
    far.active.append(HEADER)
    far.active.cell(row=400, column=1, value="x")
    assert assert_same(saved(far), limits)[1] == "too_large"


# ---------------------------------------------------------------------------
# Workbooks written the way Excel and LibreOffice write them
# ---------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EXCEL_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>
<scheme val="minor"/></font><font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>
<scheme val="minor"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>
</styleSheet>"""

EXCEL_STRINGS = [
    "<t>PHỤ LỤC 1B</t>",
    "<t>STT</t>",
    "<t>Chỉ tiêu thống kê</t>",
    "<t>Đơn vị tính</t>",
    "<t>Số liệu</t>",
    "<t>Ghi chú</t>",
    '<r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr>'
    '<t>Kế hoạch </t></r><r><rPr><sz val="11"/><color rgb="FFFF0000"/><rFont val="Calibri"/><family val="2"/>'
    '<charset val="163"/></rPr><t xml:space="preserve">CCHC  </t></r>',
    '<t>Số nhiệm vụ</t><rPh sb="0" eb="2"><t>ス</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
    "<t>Nhiệm vụ</t>",
    "<t>x005F_x000D_ tỷ lệ</t>",
    "<t/>",
]


def excel_style_workbook(sheet_rows: str, strings: list[str] = EXCEL_STRINGS, styles: str = EXCEL_STYLES,
                         frame: str = "") -> bytes:
    """An openpyxl-saved package whose styles, shared strings and sheet are as Excel writes them."""
    content = saved(openpyxl.Workbook())
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
             'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">'
             '<dimension ref="A1:E12"/><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
             '<selection activeCell="B4" sqref="B4"/></sheetView></sheetViews>'
             '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><cols><col min="2" max="2" width="60.7109375" '
             f'customWidth="1"/></cols><sheetData>{sheet_rows}</sheetData>{frame}'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    content = builders.replace_member(content, "xl/worksheets/sheet1.xml", sheet.encode())
    content = builders.replace_member(content, "xl/styles.xml", styles.encode())
    items = "".join(f"<si>{item}</si>" for item in strings)
    table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" count="{len(strings)}" '
             f'uniqueCount="{len(strings)}">{items}</sst>').encode()
    content = builders.replace_member(content, "xl/sharedStrings.xml", table)
    types = zipfile.ZipFile(io.BytesIO(content)).read("[Content_Types].xml")
    if b"sharedStrings" not in types:
        types = types.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                                           b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        content = builders.replace_member(content, "[Content_Types].xml", types)
    rels = zipfile.ZipFile(io.BytesIO(content)).read("xl/_rels/workbook.xml.rels")
    if b"sharedStrings" not in rels:
        rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                                                 b'officeDocument/2006/relationships/sharedStrings" '
                                                 b'Target="sharedStrings.xml"/></Relationships>')
        content = builders.replace_member(content, "xl/_rels/workbook.xml.rels", rels)
    return content


EXCEL_ROWS = (
    '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c></row>'
    '<row r="2" spans="1:5" x14ac:dyDescent="0.25"><c r="A2" t="str"><f>"Ngày "&amp;TEXT(B2,"dd/mm")</f>'
    '<v>Ngày 15/06</v></c><c r="B2" s="3"><v>45458</v></c><c r="C2" s="4"><v>45473.5</v></c></row>'
    '<row r="3" spans="1:5" ht="30" customHeight="1" x14ac:dyDescent="0.25"><c r="A3" s="1" t="s"><v>1</v></c>'
    '<c r="B3" s="1" t="s"><v>2</v></c><c r="C3" s="1" t="s"><v>3</v></c><c r="D3" s="1" t="s"><v>4</v></c>'
    '<c r="E3" s="1" t="s"><v>5</v></c></row>'
    '<row r="4"><c r="A4" s="1"><v>1</v></c><c r="B4" t="s"><v>6</v></c><c r="C4"/><c r="D4" s="5"/></row>'
    '<row r="5"><c t="inlineStr"><is><t>1.1</t></is></c><c t="s"><v>7</v></c><c t="s"><v>8</v></c>'
    '<c s="5"><v>1234</v></c><c t="s"><v>10</v></c></row>'
    '<row r="6"><c r="A6" t="inlineStr"><is><t>1.2</t></is></c><c r="B6" t="inlineStr"><is><r><rPr><b/></rPr>'
    '<t>Tỷ lệ </t></r><r><t>hoàn thành</t></r></is></c><c r="C6" t="inlineStr"><is><t>%</t></is></c>'
    '<c r="D6" s="2"><f>D5/2000</f><v>0.617</v></c><c r="E6" t="s"><v>9</v></c></row>'
    '<row r="7"><c r="A7" t="inlineStr"><is><t>1.3</t></is></c><c r="B7" t="inlineStr"><is><t>Có kế hoạch</t></is>'
    '</c><c r="C7" t="inlineStr"><is><t>Có=1</t></is></c><c r="D7" t="b"><v>1</v></c></row>'
    '<row r="8"><c r="A8" t="inlineStr"><is><t>1.4</t></is></c><c r="B8" t="inlineStr"><is><t>Lỗi</t></is></c>'
    '<c r="C8" t="inlineStr"><is><t>Người</t></is></c><c r="D8" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    '<row r="9"><c r="A9" t="inlineStr"><is><t>1.5</t></is></c><c r="B9" t="inlineStr"><is><t>Chưa tính</t></is></c>'
    '<c r="C9" t="inlineStr"><is><t>Người</t></is></c><c r="D9"><f>SUM(D1:D2)</f></c></row>'
    '<row r="10"><c r="A10" t="inlineStr"><is><t>1.6</t></is></c><c r="B10" t="inlineStr"><is><t>Số lớn</t></is>'
    '</c><c r="C10" t="inlineStr"><is><t>Người</t></is></c><c r="D10" s="5"><v>1.5E+3</v></c>'
    '<c r="E10" t="d"><v>2024-06-30T00:00:00</v></c></row>'
    '<row r="12"><c r="A12" t="inlineStr"><is><t xml:space="preserve"> 2\n </t></is></c>'
    '<c r="B12" t="inlineStr"><is><t>Dòng &amp; &lt;cuối&gt;</t></is></c><c r="C12" t="s"><v>8</v></c>'
    '<c r="D12" s="2"><v>-0</v></c></row>'
)


def test_given_an_excel_style_workbook_then_the_fast_path_reads_it_as_openpyxl_does():
    content = excel_style_workbook(EXCEL_ROWS)
    assert_fast(content)
    document = read_xlsx_fast(content)
    rows = {row.code_raw: row for row in document.rows}
    assert rows["1"].label_raw == "Kế hoạch CCHC" and rows["1"].is_bold  # runs joined
    assert rows["1.1"].label_raw == "Số nhiệm vụ" and rows["1.1"].number_format == "#,##0"  # phonetics left out
    assert rows["1.2"].label_raw == "Tỷ lệ hoàn thành" and rows["1.2"].number_format == "0.0%"
    assert rows["1.2"].note_raw == "x000D_ tỷ lệ" and rows["1.6"].note_raw == "2024-06-30T00:00:00"
    assert rows["1.3"].value_raw == "TRUE" and rows["1.4"].value_raw == "#DIV/0!" and rows["1.5"].value_raw is None
    assert "Ngày 15/06 2024-06-15T00:00:00 2024-06-30T12:00:00" in document.text


def test_given_a_libreoffice_style_sheet_then_the_fast_path_reads_it_as_openpyxl_does():
    rows = ('<row r="1" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" '
            'collapsed="false"><c r="A1" s="0" t="s"><v>0</v></c></row>'
            '<row r="3" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" '
            'collapsed="false"><c r="A3" s="1" t="s"><v>1</v></c><c r="B3" s="1" t="s"><v>2</v></c>'
            '<c r="C3" s="1" t="s"><v>3</v></c><c r="D3" s="1" t="s"><v>4</v></c></row>'
            '<row r="4" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" '
            'collapsed="false"><c r="A4" s="0" t="n"><v>1</v></c><c r="B4" s="0" t="s"><v>7</v></c>'
            '<c r="C4" s="0" t="s"><v>8</v></c><c r="D4" s="0" t="n"><f aca="false">2+3</f><v>5</v></c></row>')
    frame = ('<printOptions headings="false" gridLines="false" gridLinesSet="true" horizontalCentered="false" '
             'verticalCentered="false"/>')
    assert_fast(excel_style_workbook(rows, frame=frame))


def test_given_parts_openpyxl_refuses_then_the_fast_path_steps_aside_every_time():
    bad_font = ['<r><rPr><sz val="big"/></rPr><t>x</t></r>'] + EXCEL_STRINGS[1:]
    bad_phonetic = EXCEL_STRINGS[:7] + ['<t>Số</t><rPh sb="one" eb="2"><t>ス</t></rPh>'] + EXCEL_STRINGS[8:]
    attribute = ['<t>PHỤ LỤC</t>'] + EXCEL_STRINGS[1:]
    for content in (
        excel_style_workbook(EXCEL_ROWS, strings=bad_font),
        excel_style_workbook(EXCEL_ROWS, strings=bad_phonetic),
        excel_style_workbook(EXCEL_ROWS, frame='<hyperlinks><hyperlink/></hyperlinks>'),
        excel_style_workbook(EXCEL_ROWS, styles=EXCEL_STYLES.replace('<sz val="11"/>', '<sz val="x"/>', 1)),
        builders.replace_member(
            excel_style_workbook(EXCEL_ROWS, strings=attribute), "xl/sharedStrings.xml",
            zipfile.ZipFile(io.BytesIO(excel_style_workbook(EXCEL_ROWS, strings=attribute)))
            .read("xl/sharedStrings.xml").replace(b"<si><t>PH", b'<si foo="1"><t>PH', 1)),
    ):
        for _ in range(2):  # the second time from remembered verdicts
            assert assert_same(content) == ("corrupt",)
    # odd but accepted by openpyxl: read by one path or the other, the same way
    for content in (excel_style_workbook(EXCEL_ROWS, frame='<printOptions headings="maybe"/>'),
                    excel_style_workbook(EXCEL_ROWS.replace('<c r="A1" s="1" t="s">', '<c r="A1" s="1" t="s"><x/>'))):
        assert not isinstance(assert_same(content), tuple)


def test_given_a_restyled_package_then_its_own_styles_are_read():
    plain = excel_style_workbook(EXCEL_ROWS)
    assert_fast(plain)
    # one style changed: the percent cell loses its bold
    restyled = excel_style_workbook(EXCEL_ROWS, styles=EXCEL_STYLES.replace(
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'))
    assert_fast(restyled)
    assert read_xlsx_fast(restyled).rows != read_xlsx_fast(plain).rows


def test_given_the_parts_the_safety_checks_hand_on_then_they_are_the_zips_bytes_a_damaged_one_left_out():
    from loaders.readers.safety import inspect_zip, refuse_xml_declarations

    content = excel_style_workbook(EXCEL_ROWS)
    archive = zipfile.ZipFile(io.BytesIO(content))
    parts = refuse_xml_declarations(content, inspect_zip(content))
    assert set(parts) == {name for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    assert all(parts[name] == archive.read(name) for name in parts)
    # a stored member whose bytes no longer match its CRC: zipfile refuses it, so it is not handed on
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in archive.namelist():
            target.writestr(name, archive.read(name), compress_type=zipfile.ZIP_STORED)
    damaged = out.getvalue().replace(b"TableStyleMedium2", b"TableStyleMedium3", 1)
    parts = refuse_xml_declarations(damaged, inspect_zip(damaged))
    assert "xl/styles.xml" not in parts and "xl/workbook.xml" in parts
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(damaged)).read("xl/styles.xml")
    assert assert_same(damaged) == ("corrupt",)
