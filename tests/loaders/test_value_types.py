"""Value type from the unit cell, over every unit text of the seed appendices 000, 001, 004."""

import pytest

from loaders.value_types import (
    UnitClass,
    classify_unit,
    is_count_unit,
    parse_legend,
    value_type_from_label,
)

# Every distinct "Đơn vị tính" cell of seeds 000, 001 and 004, as printed.
SEED_COUNT_UNITS = [
    "Nhiệm vụ", "Văn bản", "<b>Văn bản</b>", "Thủ tục", "<i>Thủ tục</i>", "TTHC", "Hồ sơ",
    "Số lượng hồ sơ", "Người", "Cơ quan, đơn vị", "Cơ quan", "Đơn vị", "Vấn đề", "PAKN",
    "Phiếu", "Số lượng", "Ban", "Tổ chức", "Quyết định", "Quy trình", "quy trình",
    "cuộc/bài/tin", "lần", "Phòng chuyên môn", "Bộ phận, công chức CM", "Số hồ sơ đã giải quyết",
    "đơn vị",
]


@pytest.mark.parametrize("unit", SEED_COUNT_UNITS)
def test_given_a_seed_count_unit_when_classified_then_count_with_its_clean_text(unit):
    expected_measure = unit.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "")
    assert classify_unit(unit) == UnitClass("count", None, expected_measure)


def test_given_a_unit_cut_by_a_page_break_when_classified_then_still_a_count():
    # seed 000 6.5: "Cơ quan," on one page, "đơn vị" on the next
    assert classify_unit("Cơ quan,") == UnitClass("count", None, "Cơ quan")


@pytest.mark.parametrize("unit", ["%", "<b>%</b>", " % "])
def test_given_a_percent_sign_when_classified_then_percent(unit):
    assert classify_unit(unit) == UnitClass("percent", None, "%")


@pytest.mark.parametrize("unit", ["Triệu đồng", "triệu đồng", "Tỷ đồng", "đồng", "Nghìn đồng", "VNĐ"])
def test_given_a_currency_when_classified_then_money(unit):
    assert classify_unit(unit) == UnitClass("money", None, unit)


def test_given_nt_when_classified_then_same_as_above():
    # seed 004 3.3.2 children: "nt" = như trên
    assert classify_unit("nt") == UnitClass("same_as_above", None, None)
    assert classify_unit("Như trên") == UnitClass("same_as_above", None, None)


@pytest.mark.parametrize(
    ("unit", "legend"),
    [
        ("Có = 1; Không = 0", {"1": "Có", "0": "Không"}),  # seed 001 1.6
        ("Không = 0 Có = 1", {"0": "Không", "1": "Có"}),  # seed 000 1.5, 001 1.7, 004 1.5
        ("Đã kết nối = 1 Chưa kết nối = 0", {"1": "Đã kết nối", "0": "Chưa kết nối"}),  # seed 004 7.4.1
        ("Có ban hành KH = 1 Không ban hành KH = 0", {"1": "Có ban hành KH", "0": "Không ban hành KH"}),
        ("Có ban hành QC = 1 Không ban hành QC = 0", {"1": "Có ban hành QC", "0": "Không ban hành QC"}),
        ("Đã thực hiện = 1 Chưa thực hiện = 0", {"1": "Đã thực hiện", "0": "Chưa thực hiện"}),  # seed 000 5.3.1
        ("Có thực hiện = 1 Không thực hiện = 0", {"1": "Có thực hiện", "0": "Không thực hiện"}),  # seed 004 7.6
        # halves left by a page break (seed 000 1.4, seed 004 7.2.1)
        ("Không = 0", {"0": "Không"}),
        ("Có = 1", {"1": "Có"}),
        ("Đã kết nối = 1", {"1": "Đã kết nối"}),
        ("Chưa kết nối = 0", {"0": "Chưa kết nối"}),
    ],
)
def test_given_a_zero_one_legend_when_classified_then_binary_with_its_legend(unit, legend):
    assert classify_unit(unit) == UnitClass("binary", legend, None)


@pytest.mark.parametrize(
    ("unit", "legend"),
    [
        ("Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", {"0": "Trực tuyến", "1": "Phát phiếu", "2": "Kết hợp"}),
        ("Trực tuyến = 0 Phiếu = 1 Kết hợp = 2", {"0": "Trực tuyến", "1": "Phiếu", "2": "Kết hợp"}),
        # labels that start with a digit and no separator at all (seed 001 7.1, 004 7.1)
        ("Chưa có = 0 2 cấp = 1 3 cấp = 2", {"0": "Chưa có", "1": "2 cấp", "2": "3 cấp"}),
        ("Chưa = 0 Đang triển khai = 1 Hoàn thành = 2", {"0": "Chưa", "1": "Đang triển khai", "2": "Hoàn thành"}),
    ],
)
def test_given_a_legend_with_more_codes_when_classified_then_enum(unit, legend):
    assert classify_unit(unit) == UnitClass("enum", legend, None)


@pytest.mark.parametrize(
    "unit",
    [
        "Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2",
        "Trực tuyến = 0\nPhát phiếu = 1\nKết hợp = 2",
        "Trực tuyến=0 Phát phiếu=1 Kết hợp=2",
        "Trực tuyến =0, Phát phiếu= 1, Kết hợp  =  2",
        "Trực tuyến = 0<br>Phát phiếu = 1<br/>Kết hợp = 2",
        "<i>Trực tuyến = 0</i> <i>Phát phiếu = 1</i> <i>Kết hợp = 2</i>",
        "(Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2)",
        "0 = Trực tuyến; 1 = Phát phiếu; 2 = Kết hợp",
    ],
)
def test_given_legend_layout_variants_when_parsed_then_same_legend(unit):
    assert parse_legend(unit) == {"0": "Trực tuyến", "1": "Phát phiếu", "2": "Kết hợp"}


@pytest.mark.parametrize("unit", ["Văn bản", "= 1", "Có = Không = 0"])
def test_given_text_that_is_no_legend_when_parsed_then_none(unit):
    assert parse_legend(unit) is None


def test_given_a_dangling_word_after_a_legend_when_parsed_then_only_coded_labels_kept():
    assert parse_legend("Có = 1 Không") == {"1": "Có"}


@pytest.mark.parametrize("unit", ["Đơn vị tính", "Kết quả thống kê", "Điểm", "abc"])
def test_given_a_header_or_unknown_word_when_classified_then_unknown(unit):
    assert classify_unit(unit) == UnitClass("unknown", None, unit)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("", "unknown"),
        ("Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ", "percent"),
        ("Tỉ lệ hồ sơ trực tuyến", "percent"),
        ("Số thu/ trường hợp đã công khai xin lỗi", "count"),  # seed 004 3.5, blank unit
        ("Tổng số biên chế được giao trong năm", "count"),
        ("Số lượng phiếu khảo sát", "count"),
        ("Số liệu về biên chế cán bộ, công chức", "unknown"),  # seed 004 4.1: a heading
        ("Số lượng, tỷ lệ đơn vị được kiểm tra kỷ luật, kỷ cương hành chính", "unknown"),  # 004 5.4.2
        ("Thực hiện cơ chế một cửa, một cửa liên thông", "unknown"),  # seed 000 3.2
    ],
)
def test_given_a_blank_unit_when_classified_then_the_label_decides(label, expected):
    assert classify_unit("", label) == UnitClass(expected, None, None)
    assert classify_unit(None, label) == UnitClass(expected, None, None)
    assert value_type_from_label(label) == expected


def test_given_a_printed_unit_when_classified_then_the_label_is_not_consulted():
    # seed 001 1.4.1: the unit says % although the label counts; rows.py flags it
    assert classify_unit("%", "Số cơ quan, đơn vị được kiểm tra") == UnitClass("percent", None, "%")


@pytest.mark.parametrize(
    ("note", "expected"),
    [("Hồ sơ", True), ("TTHC cấp Huyện", True), ("01 nv còn hạn", False), ("Trừ VB mật", False), ("", False)],
)
def test_given_a_value_note_when_checked_then_count_words_are_recognised(note, expected):
    assert is_count_unit(note) is expected


def test_given_a_legend_classified_twice_when_one_is_changed_then_the_other_is_not():
    # Unit classes are remembered; the legend each caller gets is its own.
    first = classify_unit("Không = 0 Có = 1")
    first.enum_legend["9"] = "changed"
    assert classify_unit("Không = 0 Có = 1").enum_legend == {"0": "Không", "1": "Có"}
