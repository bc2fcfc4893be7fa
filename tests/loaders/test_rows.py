"""Row parsing on real appendix lines of seeds 000, 001 and 004 (tab-separated as extracted)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.model import ParsedRow, RawRow
from loaders.rows import clean_label, is_trong_do, label_key, normalise_code, parse_rows


def seed_row(row_no: int, line: str, **extra) -> RawRow:
    """A RawRow from one appendix line: STT, label, unit, value, note separated by tabs."""
    code, label, unit, value, note = (line.split("\t") + [""] * 5)[:5]
    return RawRow(
        row_no=row_no,
        code_raw=code or None,
        label_raw=label,
        unit_raw=unit or None,
        value_raw=value or None,
        note_raw=note or None,
        **extra,
    )


def parse_one(line: str, **extra) -> ParsedRow:
    return parse_rows([seed_row(1, line, **extra)])[0]


# --- codes, labels, keys ------------------------------------------------------


@pytest.mark.parametrize(
    ("code_raw", "expected"),
    [
        ("1.3.", "1.3"),
        ("1", "1"),
        ("1.", "1"),
        ("<b>1.1</b>", "1.1"),
        ("<b>1.3.</b>", "1.3"),
        ("2.1.2.", "2.1.2"),
        ("7.4.4.2.", "7.4.4.2"),
        (" 3.3.1 ", "3.3.1"),
        ("1,3", "1.3"),
        ("II.", "II"),
        ("a)", "a"),
        ("Trong đó", None),
        ("", None),
        (None, None),
        ("-", None),
    ],
)
def test_given_an_stt_cell_when_normalised_then_code(code_raw, expected):
    assert normalise_code(code_raw) == expected


@pytest.mark.parametrize(("code_raw", "expected"), [("Trong đó", True), ("<i>Trong đó:</i>", True), ("1.1", False), (None, False)])
def test_given_an_stt_cell_when_checked_then_trong_do_is_recognised(code_raw, expected):
    assert is_trong_do(code_raw) is expected


@pytest.mark.parametrize(
    ("label_raw", "expected"),
    [
        # seed 001 2.1: footnote marker inside bold
        (
            "<b>Tổng số VBQPPL<sup>1</sup> do các đơn vị tham mưu HĐND tỉnh, UBND tỉnh ban hành hoặc do địa phương ban hành</b>",
            "Tổng số VBQPPL do các đơn vị tham mưu HĐND tỉnh, UBND tỉnh ban hành hoặc do địa phương ban hành",
        ),
        # seed 001 1.1: bold plus italic aside
        (
            "<b>Số văn bản chỉ đạo CCHC đã ban hành</b> <i>(Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)</i>",
            "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)",
        ),
        # seed 001 7.5.2: trailing ':'
        ("Ban hành, kiểm soát, cập nhật tài liệu hệ thống tại đơn vị:", "Ban hành, kiểm soát, cập nhật tài liệu hệ thống tại đơn vị"),
        # seed 000 4.1.3 child
        ("<i>Số ĐVSNCL thuộc cơ quan, địa phương</i>", "Số ĐVSNCL thuộc cơ quan, địa phương"),
        ("  Số   TTHC\n liên thông  ", "Số TTHC liên thông"),
        # decomposed input (NFD) comes out NFC
        ("Ho\u0300a", "Hòa"),
        (None, ""),
    ],
)
def test_given_a_raw_label_when_cleaned_then_tags_footnotes_and_spacing_are_gone(label_raw, expected):
    assert clean_label(label_raw) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Hòa", "Hoà"),
        ("Hoằng Hóa", "Hoằng Hoá"),
        ("khỏe", "khoẻ"),
        ("Thủy", "Thuỷ"),
        ("Số VBQPPL đã kiến nghị xử lý sau kiểm tra, rà soát", "Số VBQPPL đã kiến nghị xử lý sau kiểm tra rà soát"),
        ("Thực hiện cơ chế một cửa, một cửa liên thông", "Thực hiện cơ chế một cửa một cửa liên thông"),
        ("Số công chức được tuyển dụng theo trường hợp đặc biệt.", "Số công chức được tuyển dụng theo trường hợp đặc biệt"),
        ("<b>Kiểm tra CCHC</b>", "KIỂM TRA CCHC"),
        ("Ho\u0300a", "Hòa"),
    ],
)
def test_given_two_spellings_of_one_label_when_keyed_then_keys_match(left, right):
    assert label_key(left) == label_key(right)


@pytest.mark.parametrize(("left", "right"), [("Hòa", "Hóa"), ("Hoằng Hợp", "Hoàng Hợp"), ("mức độ 3", "mức độ 4")])
def test_given_different_words_when_keyed_then_keys_differ(left, right):
    assert label_key(left) != label_key(right)


def test_given_a_label_when_keyed_then_exact_key():
    assert label_key("Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước (Hòa Bình):") == (
        "tổng số văn bản đi giữa các cơ quan nhà nước hoà bình"
    )


# --- values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value_type", "value", "rule"),
    [
        ("1.6.1\tSố lượng phiếu khảo sát\tSố lượng\t5.125\t", "count", 5125.0, "vi_thousands"),  # seed 001
        ("4.1.5.4\tTỷ lệ ĐVSNCL đã cắt giảm so với năm 2015\t%\t8.75%\t", "percent", 8.75, "decimal_point"),
        ("6.1.1\tKế hoạch được giao\tTriệu đồng\t167.000\t", "money", 167000.0, "vi_thousands"),
        (
            "<b>1.2</b>\t<b>Tỷ lệ hoàn thành Kế hoạch CCHC năm</b> <i>(Lũy kế đến thời điểm báo cáo)</i>\t<b>%</b>\t63,4%\t",
            "percent", 63.4, "vi_decimal_comma",
        ),
        ("3.3.3.1\tTổng số hồ sơ TTHC đã giải quyết xong\tHồ sơ\t12.207\t", "count", 12207.0, "vi_thousands"),
        ("4.3.4\tTỷ lệ % đã tinh giản so với năm 2015\t%\t0,89\t", "percent", 0.89, "vi_decimal_comma"),  # seed 000
    ],
)
def test_given_a_seed_value_row_when_parsed_then_type_value_and_rule(line, value_type, value, rule):
    row = parse_one(line)
    assert (row.value_type, row.value_numeric, row.parse_rule, row.parse_flags, row.is_section) == (
        value_type, value, rule, (), False,
    )


def test_given_a_value_with_a_bracketed_note_when_parsed_then_value_and_note_split():
    # seed 000 1.3.2
    row = parse_one("1.3.2.\tSố nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t06 (01 nv còn hạn)\t")
    assert (row.code, row.value_type, row.value_numeric, row.value_note, row.parse_rule) == (
        "1.3.2", "count", 6.0, "01 nv còn hạn", "integer_with_note",
    )
    assert row.value_raw == "06 (01 nv còn hạn)"


def test_given_two_figures_in_one_cell_when_parsed_then_no_value_and_text_kept():
    # seed 000 7.4.2
    row = parse_one("7.4.2.\tTổng số TTHC cung cấp trực tuyến mức độ 4\tTTHC\t48 TTHC cấp Huyện; 29 TTHC cấp xã\t")
    assert (row.value_numeric, row.parse_flags, row.value_raw) == (
        None, ("multiple_values",), "48 TTHC cấp Huyện; 29 TTHC cấp xã",
    )


def test_given_an_xlsx_number_when_parsed_then_it_wins_over_the_text():
    # GIVEN the xlsx reader found a real 0.634 with a % format behind the text "63,4%"
    raw = seed_row(1, "1.2\tTỷ lệ hoàn thành Kế hoạch CCHC năm\t%\t63,4%\t", number_value=0.634, number_format="0.0%")
    # WHEN parsed THEN the numeric cell is used, in percent units
    row = parse_rows([raw])[0]
    assert (row.value_numeric, row.parse_rule) == (63.4, "excel_percent_fraction")


# --- unit mismatch --------------------------------------------------------------


def test_given_a_count_in_a_percent_row_when_parsed_then_unit_mismatch():
    # seed 000 7.4.3: unit %, value "791 Hồ sơ"
    row = parse_one("7.4.3.\tTỷ lệ hồ sơ xử lý trực tuyến mức độ 3\t%\t791 Hồ sơ\t")
    assert (row.value_type, row.value_numeric, row.value_note, row.parse_flags) == (
        "percent", 791.0, "Hồ sơ", ("unit_mismatch",),
    )


def test_given_a_percent_unit_on_a_count_label_when_parsed_then_unit_mismatch():
    # seed 001 1.4.1
    row = parse_one("1.4.1\tSố cơ quan, đơn vị được kiểm tra\t%\t0\t")
    assert (row.value_type, row.value_numeric, row.parse_flags) == ("percent", 0.0, ("unit_mismatch",))


def test_given_a_count_word_in_a_count_row_when_parsed_then_no_mismatch():
    # seed 000 7.5.1: "825 Hồ sơ" in a TTHC row is a count beside a count
    row = parse_one("7.5.1.\tTổng số TTHC được tiếp nhận và trả kết quả qua dịch vụ bưu chính công ích\tTTHC\t825 Hồ sơ\t")
    assert (row.value_numeric, row.value_note, row.parse_flags) == (825.0, "Hồ sơ", ())


def test_given_a_mixed_count_and_rate_label_with_percent_unit_when_parsed_then_no_mismatch():
    # seed 004 5.4.2: "Số lượng, tỷ lệ" names both
    row = parse_one("5.4.2\tSố lượng, tỷ lệ đơn vị được kiểm tra kỷ luật, kỷ cương hành chính\t%\t100\t")
    assert (row.value_type, row.value_numeric, row.parse_flags) == ("percent", 100.0, ())


# --- binary and enum --------------------------------------------------------------


def test_given_a_binary_row_when_parsed_then_integer_code_and_legend():
    # seed 001 1.6 (bold row WITH a value: an indicator, not a section)
    row = parse_one("<b>1.6</b>\t<b>Khảo sát sự hài lòng của người dân, tổ chức</b>\tCó = 1; Không = 0\t1\t")
    assert (row.value_type, row.enum_legend, row.value_numeric, row.is_section) == (
        "binary", {"1": "Có", "0": "Không"}, 1, False,
    )
    assert isinstance(row.value_numeric, int)


def test_given_an_enum_row_when_parsed_then_integer_code_and_legend():
    # seed 004 1.4.2
    row = parse_one("1.4.2\tHình thức khảo sát\tTrực tuyến = 0 Phát phiếu = 1 Kết hợp = 2\t1\t")
    assert (row.value_type, row.enum_legend, row.value_numeric) == (
        "enum", {"0": "Trực tuyến", "1": "Phát phiếu", "2": "Kết hợp"}, 1,
    )
    assert isinstance(row.value_numeric, int)


def test_given_a_binary_row_that_prints_the_meaning_when_parsed_then_its_code():
    row = parse_one("1.5\tTổ chức đối thoại của lãnh đạo với người dân\tKhông = 0 Có = 1\tCó\t")
    assert (row.value_numeric, row.parse_rule) == (1, "legend_label")


def test_given_a_half_code_in_an_enum_row_when_parsed_then_flagged():
    row = parse_one("7.1\tXây dựng và vận hành Hệ thống họp trực tuyến\tChưa có = 0 2 cấp = 1 3 cấp = 2\t1,5\t")
    assert (row.value_numeric, row.parse_flags) == (1.5, ("non_integer_code",))


# --- sections -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "is_bold", "expected"),
    [
        ("1.1.\tKế hoạch CCHC\t\t\t", False, True),  # seed 000: no value, no unit
        ("<b>1</b>\t<b>Công tác Chỉ đạo điều hành</b>\t<b>Văn bản</b>\t\t", False, True),  # 001: bold, unit, no value
        ("2\tCải cách thể chế\tVăn bản\t\t", True, True),  # xlsx: bold flag instead of tags
        ("<b>1.7</b>\t<b>Tổ chức đối thoại của lãnh đạo</b>\tKhông = 0 Có = 1\t1\t", False, False),  # bold with value
        ("4.1.2.\tTổng số cơ quan trực thuộc cơ quan, địa phương\tCơ quan\t\t", False, False),  # blank indicator
        ("3.2.\tThực hiện cơ chế một cửa, một cửa liên thông\t\t465\t", False, False),  # seed 000: value, no unit
        ("1.4\tKiểm tra việc thực hiện\t\t-\t", False, True),  # "-" is no value
    ],
)
def test_given_a_row_when_parsed_then_section_is_decided_by_value_unit_and_bold(line, is_bold, expected):
    assert parse_one(line, is_bold=is_bold).is_section is expected


# --- "nt" and "Trong đó" ------------------------------------------------------------

SEED_004_TRONG_DO_BLOCK = [
    "3.3\tKết quả giải quyết TTHC\t\t\t",
    "3.3.1\tSố lượng hồ sơ đã tiếp nhận\tSố lượng hồ sơ\t494\t",
    "Trong đó\tTiếp nhận trực tiếp\tSố lượng hồ sơ\t45\t",
    "\tTiếp nhận qua BCCI\tSố lượng hồ sơ\t5\t",
    "\tTiếp nhận trực tuyến mức độ 3\tSố lượng hồ sơ\t269\t",
    "\tTiếp nhận trực tuyến mức độ 4\tSố lượng hồ sơ\t179\t",
    "3.3.2\tSố lượng hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hẹn\tSố lượng hồ sơ\t494\t",
    "Trong đó\tTrả trực tiếp\tnt\t45\t",
    "\tTrả qua BCCI\tnt\t5\t",
    "\tGiải quyết trực tuyến mức độ 3\tnt\t269\t",
    "\tGiải quyết trực tuyến mức độ 4\tnt\t179\t",
    "3.3.3\tSố lượng hồ sơ TTHC về lĩnh vực đất đai được giải quyết đúng hẹn\tSố lượng hồ sơ\t0\t",
]


def test_given_seed_004_trong_do_block_when_parsed_then_children_point_to_their_total():
    rows = parse_rows([seed_row(302 + i, line) for i, line in enumerate(SEED_004_TRONG_DO_BLOCK)])
    summary = [(r.row_no, r.code, r.value_type, r.value_numeric, r.is_section, r.parent_row_no) for r in rows]
    assert summary == [
        (302, "3.3", "unknown", None, True, None),
        (303, "3.3.1", "count", 494.0, False, None),
        (304, None, "count", 45.0, False, 303),
        (305, None, "count", 5.0, False, 303),
        (306, None, "count", 269.0, False, 303),
        (307, None, "count", 179.0, False, 303),
        (308, "3.3.2", "count", 494.0, False, None),
        (309, None, "count", 45.0, False, 308),
        (310, None, "count", 5.0, False, 308),
        (311, None, "count", 269.0, False, 308),
        (312, None, "count", 179.0, False, 308),
        (313, "3.3.3", "count", 0.0, False, None),
    ]


def test_given_nt_rows_when_parsed_then_they_inherit_the_unit_above_but_keep_their_raw_unit():
    rows = parse_rows([seed_row(308 + i, line) for i, line in enumerate(SEED_004_TRONG_DO_BLOCK[6:9])])
    assert [(r.unit_raw, r.value_type, r.parse_flags) for r in rows] == [
        ("Số lượng hồ sơ", "count", ()),
        ("nt", "count", ()),
        ("nt", "count", ()),
    ]


def test_given_nt_on_the_first_row_when_parsed_then_unknown_and_flagged():
    row = parse_one("\tTrả trực tiếp\tnt\t45\t")
    assert (row.value_type, row.value_numeric, row.parse_flags) == ("unknown", 45.0, ("nt_without_unit_above",))


def test_given_seed_000_trong_do_children_with_percent_when_parsed_then_parent_is_the_coded_total():
    lines = [
        "7.3.2.\tTổng số VĂN BẢN ĐI giữa các cơ quan nhà nước\tVăn bản\t9205\t",
        "Trong đó\tTỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)\t%\t98%\t",
        "\tTỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy\t%\t0,2%\t",
        "7.4.\tDịch vụ công trực tuyến\t\t\t",
    ]
    rows = parse_rows([seed_row(212 + i, line) for i, line in enumerate(lines)])
    assert [(r.code, r.value_type, r.value_numeric, r.parent_row_no, r.is_section) for r in rows] == [
        ("7.3.2", "count", 9205.0, None, False),
        (None, "percent", 98.0, 212, False),
        (None, "percent", 0.2, 212, False),
        ("7.4", "unknown", None, None, True),
    ]


def test_given_a_blank_trong_do_child_when_parsed_then_it_still_has_its_parent():
    # seed 000 4.1.3: the first child is blank but has a unit
    lines = [
        "4.1.3.\tTổng số đơn vị sự nghiệp công lập thuộc cơ quan, địa phương\tCơ quan\t54\t",
        "Trong đó\t<i>Số ĐVSNCL thuộc cơ quan, địa phương</i>\tCơ quan\t\t",
        "\t<i>Tỷ lệ ĐVSNCL đã cắt giảm so với năm 2015</i>\t%\t6%\t",
    ]
    rows = parse_rows([seed_row(158 + i, line) for i, line in enumerate(lines)])
    assert [(r.label, r.value_numeric, r.parse_rule, r.is_section, r.parent_row_no) for r in rows] == [
        ("Tổng số đơn vị sự nghiệp công lập thuộc cơ quan, địa phương", 54.0, "integer", False, None),
        ("Số ĐVSNCL thuộc cơ quan, địa phương", None, "blank", False, 158),
        ("Tỷ lệ ĐVSNCL đã cắt giảm so với năm 2015", 6.0, "integer", False, 158),
    ]


def test_given_a_blank_unit_when_parsed_then_the_label_decides_the_type():
    # seed 004 3.5: no unit printed, the label counts
    row = parse_one("3.5\tSố thu/ trường hợp đã công khai xin lỗi\t\t04\t")
    assert (row.value_type, row.value_numeric, row.is_section) == ("count", 4.0, False)


def test_given_a_row_when_parsed_then_raw_cells_are_kept_beside_parsed_ones():
    raw = seed_row(217, "<b>1.1</b>\t<b>Số văn bản chỉ đạo CCHC đã ban hành</b>\t<b>Văn bản</b>\t23\tVB trọng tâm")
    assert parse_rows([raw])[0] == ParsedRow(
        row_no=217,
        code_raw="<b>1.1</b>",
        code="1.1",
        label_raw="<b>Số văn bản chỉ đạo CCHC đã ban hành</b>",
        label="Số văn bản chỉ đạo CCHC đã ban hành",
        unit_raw="<b>Văn bản</b>",
        value_type="count",
        enum_legend=None,
        value_raw="23",
        value_numeric=23.0,
        value_note=None,
        parse_rule="integer",
        parse_flags=(),
        is_section=False,
        parent_row_no=None,
        note_raw="VB trọng tâm",
    )


@given(st.text())
def test_property_label_key_is_stable_when_applied_twice(text):
    # A key must be a fixed point, or keys built in two places could disagree.
    assert label_key(label_key(text)) == label_key(text)


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=20), st.text(max_size=12), st.text(max_size=12)), max_size=6))
def test_property_any_rows_parse_without_error_and_parents_point_backwards(cells):
    raws = [RawRow(i + 1, code, label, unit, value) for i, (code, label, unit, value) in enumerate(cells)]
    rows = parse_rows(raws)
    assert [r.row_no for r in rows] == [r.row_no for r in raws]
    assert all(r.parent_row_no is None or r.parent_row_no < r.row_no for r in rows)


def test_given_rows_sharing_a_legend_when_one_row_legend_is_changed_then_no_other_row_changes():
    legend = "Không = 0 Có = 1"
    rows = parse_rows([
        RawRow(1, "1.5", "Ban hành kế hoạch", legend, "1"),
        RawRow(2, "1.6", "Ban hành quy chế", "nt", "0"),
        RawRow(3, "1.7", "Ban hành kế hoạch", legend, "1"),
    ])
    rows[0].enum_legend["9"] = "changed"
    assert [row.enum_legend for row in rows[1:]] == [{"0": "Không", "1": "Có"}] * 2
    assert parse_rows([RawRow(1, "1.5", "Ban hành kế hoạch", legend, "1")])[0].enum_legend == {"0": "Không", "1": "Có"}
