"""The sheet tokenizer reads cells exactly as the element path does, or declines.

Each sheet here is read twice: by the tokenizer (``_tokenised_sheet``) and by
ElementTree (the element path the fast reader used before, itself checked against
openpyxl in test_xlsx_fast.py). Where the tokenizer accepts a sheet, both must give
the same lines, or both the same failure; where it declines, the element path
reads the sheet as before, so a decline only costs time. Generated sheets mix the
shapes Excel, LibreOffice and openpyxl write with damage: other attribute orders,
entities, comments, stray text, characters XML forbids, unbalanced rows.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.readers import xlsx_tokens
from loaders.readers.xlsx import read_xlsx, read_xlsx_openpyxl
from loaders.readers.xlsx_fast import FastSheet, FastWorkbook, _parse, _sheet_parts, _tokenised_sheet, worksheet_lines
from tests.fixtures.hostile import builders

REPO = Path(__file__).resolve().parents[2]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROOT = (f'<worksheet xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">')
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FRAME_AFTER = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
STRINGS = ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Nhiệm vụ", "x005F_x000D_ ghi chú"]
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sheet_xml(inner: str, head: str = DECLARATION + ROOT + '<dimension ref="A1:F40"/>', tail: str = FRAME_AFTER
              ) -> bytes:
    return f"{head}<sheetData>{inner}</sheetData>{tail}".encode()


def _workbook() -> FastWorkbook:
    """A workbook with a shared-string table, a bold style (1) and a percent style (2), read by the fast path."""
    book = openpyxl.Workbook()
    sheet = book.active
    for index, text in enumerate(STRINGS, start=1):
        sheet.cell(index, 1, text)
    sheet.cell(1, 2, 1).font = openpyxl.styles.Font(bold=True)
    sheet.cell(2, 2, 0.5).number_format = "0.00%"
    sheet.cell(3, 2, 45000).number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    content = builders.replace_member(buffer.getvalue(), "xl/sharedStrings.xml", (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">'
        + "".join(f"<si><t>{text}</t></si>" for text in STRINGS) + "</sst>").encode())
    types = builders.zipfile.ZipFile(io.BytesIO(content)).read("[Content_Types].xml")
    if b"sharedStrings" not in types:
        content = builders.replace_member(content, "[Content_Types].xml", types.replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                         b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rels = builders.zipfile.ZipFile(io.BytesIO(content)).read("xl/_rels/workbook.xml.rels")
    if b"sharedStrings" not in rels:
        content = builders.replace_member(content, "xl/_rels/workbook.xml.rels", rels.replace(
            b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
                                 b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    workbook = FastWorkbook(content)
    assert workbook.shared_strings == [text.replace("x005F_", "") for text in STRINGS]
    return workbook


WORKBOOK = _workbook()


def element_lines(content: bytes):
    """The lines by the element path, or the kind of failure."""
    try:
        root = _parse(content)
        data, dimension = _sheet_parts(root)
        return list(worksheet_lines(WORKBOOK, FastSheet("t", root, data, dimension), 60))
    except Exception as error:  # the caller then reads the file with openpyxl
        return ("failed", type(error).__name__)


def tokenised_lines(content: bytes):
    """The lines by the tokenizer, None when it declines, or the kind of failure."""
    try:
        sheet = _tokenised_sheet("t", content)
        if sheet is None:
            return None
        assert sheet.tokens is not None
        return list(worksheet_lines(WORKBOOK, sheet, 60))
    except Exception as error:
        return ("failed", type(error).__name__)


def assert_agrees(content: bytes, accepted: bool | None = None):
    tokenised = tokenised_lines(content)
    if accepted is not None:
        assert (tokenised is not None) is accepted, "the tokenizer should " + ("read" if accepted else "decline")
    if tokenised is not None:
        assert tokenised == element_lines(content)
    return tokenised


EXCEL_ROWS = (
    '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c></row>'
    '<row r="2" spans="1:5" ht="30" customHeight="1" x14ac:dyDescent="0.25"><c r="A2" t="str">'
    '<f>"Ngày "&amp;TEXT(B2,"dd/mm")</f><v>Ngày 15/06</v></c><c r="B2" s="3"><v>45458</v></c>'
    '<c r="C2" s="2"><f t="shared" ref="C2:C3" si="0">B2/2</f><v>0.617</v></c><c r="D2" t="b"><v>1</v></c>'
    '<c r="E2" t="e"><v>#DIV/0!</v></c></row>'
    '<row r="4"><c r="A4" s="1"><v>1</v></c><c r="B4" t="s"><v>5</v></c><c r="C4"/><c r="D4" s="2"/>'
    '<c r="E4" s="2"><f t="shared" si="0"/><v>-0</v></c></row>'
    '<row r="5"/><row r="7"><c r="A7" t="inlineStr"><is><t xml:space="preserve"> 1.2 </t></is></c>'
    '<c r="B7" t="inlineStr"><is><t>Dòng &amp; &lt;cuối&gt; &#7910;Y &#x1EE6;</t></is></c>'
    '<c r="C7" t="inlineStr"><is><t></t></is></c><c r="D7" t="inlineStr"/><c r="E7" t="d"><v>2024-06-30T00:00:00</v>'
    '</c><c r="F7" s="0" t="n"><v>1.5E+3</v></c></row>'
    '<row r="8"><c r="B8" s="1" t="s"><v>4</v></c><c r="A8" t="s"><v>3</v></c><c r="B8"><v>7</v></c></row>'
)


def test_given_the_cells_excel_writes_then_the_tokenizer_reads_them_as_the_element_path():
    lines = assert_agrees(sheet_xml(EXCEL_ROWS), accepted=True)
    assert lines[6][1].text == "Dòng & <cuối> ỦY Ủ"
    assert lines[1][2].number == 0.617 and lines[1][2].number_format == "0.00%"


def test_given_libreoffice_rows_and_pretty_printed_xml_then_the_tokenizer_reads_them():
    libreoffice = ('<row r="1" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" '
                   'collapsed="false"><c r="A1" s="0" t="s"><v>0</v></c><c r="B1" s="0" t="n">'
                   '<f aca="false">2+3</f><v>5</v></c></row>')
    assert_agrees(sheet_xml(libreoffice), accepted=True)
    pretty = '\n  <row r="1">\n    <c r="A1" t="s"><v>1</v></c>\r\n    <c r="B1"><v>\n2\r</v></c>\n  </row>\n'
    assert_agrees(sheet_xml(pretty), accepted=True)


def test_given_the_bundled_sample_and_the_benchmark_generator_then_the_tokenizer_reads_their_sheets():
    import zipfile

    content = next((REPO / "samples" / "inbox").rglob("tan-hong*.xlsx")).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert sheets
    for name in sheets:
        assert_agrees(archive.read(name), accepted=True)


@pytest.mark.parametrize("inner", [
    '<row r="1"><c r="A1" t="s" s="1"><v>0</v></c></row>',  # t before s
    '<row r="1"><c r="A1" s="1" cm="1"><v>0</v></c></row>',  # an attribute the tokenizer does not know
    "<row r='1'><c r='A1'><v>0</v></c></row>",  # single quotes
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>x</t></r></is></c></row>',  # rich inline text
    '<row r="1"><c r="A1"><v>0</v><!-- c --></c></row>',  # a comment
    '<row r="1"><c r="A1"><v><![CDATA[1]]></v></c></row>',
    '<row r="1"><?pi x?><c r="A1"><v>0</v></c></row>',
    '<row><c r="A1"><v>0</v></c></row>',  # a row without its number
    '<row r="1"><c><v>0</v></c></row>',  # a cell without its reference
    '<row r="1"><c r="a1"><v>0</v></c></row>',
    '<row r="1"><c r="A1"><v>0</v></c>x</row>',  # stray text
    '<row r="1"><c r="A1">\n  <v>0</v>\n</c></row>',  # white space inside a cell
])
def test_given_shapes_it_does_not_vouch_for_then_the_tokenizer_declines(inner):
    assert_agrees(sheet_xml(inner), accepted=False)


@pytest.mark.parametrize("inner", [
    '<row r="1"><c r="A1"><v>&bogus;</v></c></row>',  # an entity XML does not define
    '<row r="1"><c r="A1"><v>&#1;</v></c></row>',  # a character reference XML forbids
    '<row r="1"><c r="A1"><v>1 & 2</v></c></row>',
    '<row r="1"><c r="A1"><v>\x01</v></c></row>',  # a character XML forbids
    '<row r="1"><c r="A1"><v>]]></v></c></row>',
    '<row r="1" r="2"><c r="A1"><v>0</v></c></row>',  # an attribute twice
    '<row r="1" spans="1:5" spans="1:5"><c r="A1"><v>0</v></c></row>',
    '<row r="1" xmlns="urn:other"><c r="A1"><v>0</v></c></row>',  # another namespace for the cells
    '<row r="1" undeclared:x="1"><c r="A1"><v>0</v></c></row>',  # a prefix nobody declared
    '<row r="1"><c r="A1"><f t="shared" t="x">1</f><v>0</v></c></row>',
    '<row r="1"><c r="A1"><v>0</v></c>',  # a row never closed
    '<row r="1"><c r="A1"><v>0</v></c></row></row>',
    '<row r="1"><row r="2"></row></row>',
    '<c r="A1"><v>0</v></c>',  # a cell outside a row
    '<row r="1"><c r="A1"><v>0</v></row>',  # a cell never closed
])
def test_given_malformed_sheet_data_then_the_tokenizer_never_reads_what_the_parser_refuses(inner):
    assert tokenised_lines(sheet_xml(inner)) is None
    assert element_lines(sheet_xml(inner))[0] == "failed"


def test_given_an_unusual_frame_then_the_tokenizer_leaves_the_whole_sheet_to_the_parser():
    inner = '<row r="1"><c r="A1"><v>1</v></c></row>'
    for content in (
        sheet_xml(inner, head='<?xml version="1.0" encoding="ISO-8859-1"?>' + ROOT),  # another encoding
        sheet_xml(inner, head=ROOT + "<!-- sheetData -->"),
        sheet_xml(inner, head=DECLARATION + ROOT + "<extLst><ext>sheetData</ext></extLst>"),
        sheet_xml(inner, head=DECLARATION + '<x:worksheet xmlns:x="' + MAIN_NS + '">', tail="</x:worksheet>"),
        sheet_xml(inner, head=DECLARATION + f'<worksheet xmlns="{MAIN_NS}"><sheetViews>', tail="</sheetViews>"
                  + FRAME_AFTER),  # sheetData inside another element
        b"\xef\xbb\xbf" + sheet_xml(inner),
    ):
        assert tokenised_lines(content) is None


def test_given_a_broken_frame_then_both_fail_and_the_file_is_refused_as_openpyxl_refuses_it():
    content = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', tail="<pageMargins left=></worksheet>")
    assert tokenised_lines(content) is None
    assert element_lines(content)[0] == "failed"


def test_given_a_plain_shared_string_table_then_it_is_read_without_the_parser_and_rich_text_with_it():
    table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" count="3" '
             'uniqueCount="3"><si><t>Số liệu</t></si><si><t xml:space="preserve"> a &amp; b\r\n</t></si>'
             "<si><t/></si></sst>")
    assert xlsx_tokens.plain_strings(table.encode()) == ["Số liệu", " a & b\n", ""]
    for declined in (table.replace("<si><t/></si>", "<si><r><t>x</t></r></si>"),
                     table.replace("<si><t/></si>", "<si><t>x</t><rPh sb=\"0\" eb=\"1\"><t>y</t></rPh></si>"),
                     table.replace("</sst>", "</sst><!-- -->"), table.replace("Số", "&nbsp;"),
                     table.replace("Số", "\x02")):
        assert xlsx_tokens.plain_strings(declined.encode()) is None


# ---------------------------------------------------------------------------
# Generated sheets: familiar shapes and damage, mixed
# ---------------------------------------------------------------------------

VALID_TEXT = st.lists(st.sampled_from([
    "Số nhiệm vụ", "12", "0.634", "1.5E+3", "-0", " ", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#7910;",
    "&#x1EE6;", "&#65;", "\r\n", "\r", ">", "'", '"', "\t", "x005F_x000D_", "Có = 1", "99999999999999999999",
    "45458", "#N/A", "2024-06-30", "TRUE", "1",
]), max_size=4).map("".join)
VALID_ROW_ATTRIBUTES = st.sampled_from([
    "", ' spans="1:5"', ' ht="15.75" customHeight="1"', ' spans="1:5" x14ac:dyDescent="0.25"', '\n  ht="1"',
    ' customFormat="false" ht="12.8" hidden="false" outlineLevel="0" collapsed="false"',
])
REFERENCES = st.sampled_from(["A", "B", "C", "D", "E", "F", "BZ", "XFD"])
# Damage, put anywhere in a familiar sheet: each is something the tokenizer must decline or read exactly.
DAMAGE = st.sampled_from([
    "&#0;", "&#1;", "&#xD800;", "&bogus;", "&", "]]>", "\x01", "<x/>", "<!-- note -->", "<?pi x?>", " ", "\n", "x",
    "</row>", '<row r="3">', '<row r="3"/>', '<c r="A1">', "</c>", "<v>", "</v>", '"', "'", "<", ">", "=",
    ' t="x"', ' s="99"', ' s="-1"', ' s=""', ' r="3"', ' xmlns="urn:x"', ' undeclared:x="1"', ' cm="1"',
    "<is><r><t>x</t></r></is>", "<![CDATA[1]]>", "XFE", "a1", "0", "\u00a0", "\ufffe",
])


@st.composite
def cell(draw, row: int) -> str:
    reference = draw(REFERENCES) + str(draw(st.sampled_from([row, row, row + 1])))
    style = draw(st.sampled_from(["", "", ' s="1"', ' s="2"', ' s="3"', ' s="0"']))
    kind = draw(st.sampled_from(["", "", ' t="s"', ' t="inlineStr"', ' t="n"', ' t="b"', ' t="e"', ' t="str"']))
    text = draw(VALID_TEXT)
    if kind == ' t="s"':
        text = str(draw(st.integers(0, len(STRINGS) - 1)))
    elif kind == ' t="b"':
        text = draw(st.sampled_from(["0", "1"]))
    elif kind in ("", ' t="n"'):
        text = draw(st.sampled_from(["", "0", "12", "0.634", "-1.5E+3", "45458", "5187"]))
    formula = draw(st.sampled_from(["", "", "<f>SUM(A1:A2)</f>", '<f t="shared" si="0"/>',
                                    f'<f t="shared" ref="A1:A2" si="0">{draw(VALID_TEXT)}</f>']))
    body = draw(st.sampled_from([
        f"{formula}<v>{text}</v>", formula, "<v/>", f'<is><t xml:space="preserve">{text}</t></is>',
        f"<is><t>{text}</t></is>", f"{formula}<v>{text}</v><is><t>{text}</t></is>",
    ]))
    head = f'<c r="{reference}"{style}{kind}'
    return head + "/>" if not body and draw(st.booleans()) else f"{head}>{body}</c>"


@st.composite
def sheet_data(draw) -> str:
    """sheetData as Excel, LibreOffice or openpyxl write it, with random rows, cells and texts."""
    parts = []
    for number in sorted(draw(st.lists(st.integers(1, 12), max_size=6))):
        start = f'<row r="{number}"{draw(VALID_ROW_ATTRIBUTES)}'
        cells = draw(st.lists(cell(number), max_size=5))
        parts.append(start + ("/>" if not cells and draw(st.booleans()) else ">" + "".join(cells) + "</row>"))
    return draw(st.sampled_from(["", "", "\n", " "])).join(parts)


@st.composite
def damaged_sheet_data(draw) -> str:
    """A familiar sheetData with one to three pieces of damage put in anywhere."""
    inner = draw(sheet_data())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(inner)))
        cut = draw(st.sampled_from([0, 0, 0, 1, 3]))
        inner = inner[:at] + draw(DAMAGE) + inner[at + cut:]
    return inner


@FUZZ
@given(sheet_data())
def test_given_generated_familiar_sheets_then_the_tokenizer_reads_them_as_the_element_path(inner):
    assert_agrees(sheet_xml(inner), accepted=True)


@FUZZ
@given(damaged_sheet_data())
def test_given_damaged_sheets_then_the_tokenizer_agrees_with_the_element_path_or_declines(inner):
    assert_agrees(sheet_xml(inner))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(sheet_data(), damaged_sheet_data()))
def test_given_generated_sheets_in_a_workbook_then_the_reader_agrees_with_openpyxl(inner):
    content = builders.replace_member(_workbook_bytes(), "xl/worksheets/sheet1.xml", sheet_xml(inner))
    assert _outcome(read_xlsx, content) == _outcome(read_xlsx_openpyxl, content)


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def _outcome(read, content: bytes):
    try:
        return read(content)
    except Exception as error:  # read_content turns any reader error into a quarantine
        return ("failed", getattr(error, "reason_code", None))


@pytest.mark.parametrize(("inner", "refused"), [
    ('<row r="1"></row><row r="1"><c r="A1" t="s"><v>0</v></c></row>', True),  # a repeated row number
    ('<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="A9" t="s"><v>0</v></c></row>', True),  # past the end
    ('<row r="2"></row><row r="1"><c r="A1" t="s"><v>0</v></c></row>', False),  # never parsed: row 2 ends it
])
def test_given_a_bad_cell_in_a_row_openpyxl_drops_then_the_file_is_refused_when_openpyxl_parsed_it(inner, refused):
    head = DECLARATION + ROOT + '<dimension ref="A1:A1"/>'
    content = builders.replace_member(_workbook_bytes(), "xl/worksheets/sheet1.xml", sheet_xml(inner, head=head))
    expected = _outcome(read_xlsx_openpyxl, content)  # no shared strings: index 0 fails where it is parsed
    assert (expected == ("failed", None)) is refused
    assert _outcome(read_xlsx, content) == expected
