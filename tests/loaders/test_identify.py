"""Identification of real reports (the seeds) and of synthetic cases that must be quarantined."""

from pathlib import Path

import pytest

from loaders.identify import identify
from loaders.units import Register, load_register

SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register()


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _report(place_date: str, title: str, body: str, number: str = "Số: 12/BC-UBND") -> str:
    """A minimal report laid out like the seeds: number, place-date, BÁO CÁO, title, body."""
    return f"\n\n{number}\n\n{place_date}\n\nBÁO CÁO\n\n{title}\n\n{body}\n"


# --- the seeds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "folder", "expected"),
    [
        (  # the text names no province: the inbox folder gives it; the header leaves the
            # date blank ("ngày tháng năm 2021"), the appendix heading has it
            "000",
            "dong-thap",
            dict(unit_code="869", unit_name="Huyện Tân Hồng", unit_type="huyen", province_code="87",
                 district_code=None, period_key="2021-Q1", report_year=2021, report_number=None,
                 report_date="2021-03-15", report_date_source="appendix_heading", stated_window_from=None, stated_window_to=None),
        ),
        (  # states a quý I window in a 6-month report: kept as stated
            "001",
            "ha-tinh",
            dict(unit_code="444", unit_name="Huyện Hương Khê", unit_type="huyen", province_code="42",
                 district_code=None, period_key="2022-H1", report_year=2022, report_number="196/BC-UBND",
                 report_date="2022-06-15", stated_window_from="2021-12-15", stated_window_to="2022-03-14"),
        ),
        (  # no header at all: decided by "huyện Vân Canh" in the body of a district-level text
            "002",
            "binh-dinh",
            dict(unit_code="551", unit_name="Huyện Vân Canh", unit_type="huyen", province_code="52",
                 district_code=None, period_key="2021-Y", report_year=2021, report_number=None,
                 report_date=None, stated_window_from=None, stated_window_to=None),
        ),
        (  # the text names tỉnh Trà Vinh; huyện Duyên Hải (850) is not confused with the thị xã
            "003",
            None,
            dict(unit_code="851", unit_name="Thị xã Duyên Hải", unit_type="thi_xa", province_code="84",
                 district_code=None, period_key="2023-Q3", report_year=2023, report_number="463/BC-UBND",
                 report_date="2023-08-31", stated_window_from="2023-06-01", stated_window_to="2023-08-30"),
        ),
        (  # header typo "Hoàng Hợp"; "UBND xã Hoằng Hợp báo cáo" in the closing decides
            "004",
            None,
            dict(unit_code="15919", unit_name="Xã Hoằng Hợp", unit_type="xa", province_code="38",
                 district_code="399", period_key="2024-H1", report_year=2024, report_number=None,
                 report_date="2024-06-04", stated_window_from=None, stated_window_to=None),
        ),
    ],
)  # fmt: skip
def test_given_a_seed_report_when_identifying_then_its_unit_period_number_and_date(register, prefix, folder, expected):
    ident = identify(_seed(prefix), folder_hint=folder, register=register)

    assert {k: getattr(ident, k) for k in expected} == expected
    assert ident.candidates == []
    assert ident.problems == []


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_given_a_seed_without_folder_when_its_name_is_unique_nationally_then_same_unit(register, prefix):
    with_folder = identify(
        _seed(prefix), folder_hint={"000": "dong-thap", "001": "ha-tinh", "002": "binh-dinh"}[prefix]
    )

    assert identify(_seed(prefix), register=register) == with_folder


def test_given_seed_000_in_the_wrong_folder_when_identifying_then_quarantined_with_where_it_exists(register):
    ident = identify(_seed("000"), folder_hint="ha-tinh", register=register)

    assert ident.unit_code is None
    # the issuer "Ủy ban nhân dân huyện Tân Hồng báo cáo" decides; the header's date is
    # blank ("ngày tháng năm 2021"), so the appendix heading's 15/03/2021 is the era date
    assert ident.candidates == []  # none fits: the units elsewhere are named in the problem only
    assert ident.problems == [
        "Không xác định được đơn vị báo cáo: không tìm thấy 'huyện Tân Hồng' trong danh mục đơn vị hành chính "
        "của Tỉnh Hà Tĩnh còn hiệu lực vào ngày 15/03/2021. Tên này có ở: Huyện Tân Hồng (869, Tỉnh Đồng Tháp). "
        "Đề nghị kiểm tra lại tên đơn vị, tỉnh (thư mục) và ngày báo cáo."
    ]


# --- ambiguous and unknown units: quarantine, never a guess ----------------------------


def test_given_only_a_place_shared_by_two_districts_when_identifying_then_both_candidates(register):
    text = _report(
        "Duyên Hải, ngày 10 tháng 9 năm 2023",
        "Kết quả thực hiện cải cách hành chính quý III năm 2023",
        "Thực hiện kế hoạch của tỉnh, đơn vị báo cáo kết quả như sau.",
    )

    ident = identify(text, folder_hint="tra-vinh", register=register)

    assert ident.unit_code is None and ident.unit_name is None
    assert [(c["unit_code"], c["unit_name"]) for c in ident.candidates] == [
        ("850", "Huyện Duyên Hải"),
        ("851", "Thị xã Duyên Hải"),
    ]
    assert (ident.province_code, ident.province_name) == ("84", "Tỉnh Trà Vinh")  # shared by both
    assert ident.period_key == "2023-Q3"
    assert ident.problems == [
        "Không xác định được đơn vị báo cáo: 'Duyên Hải' khớp với 2 đơn vị: "
        "Huyện Duyên Hải (850, Tỉnh Trà Vinh), Thị xã Duyên Hải (851, Tỉnh Trà Vinh). "
        'Đề nghị ghi rõ loại và tên đơn vị ở phần đầu báo cáo (ví dụ: "UBND huyện …", "UBND xã …, huyện …") '
        "hoặc đặt tệp vào thư mục của tỉnh."
    ]


def test_given_a_place_that_is_a_district_and_its_town_when_identifying_then_both_candidates(register):
    text = _report(
        "Hương Khê, ngày 15 tháng 6 năm 2022",
        "Cải cách hành chính 06 tháng đầu năm 2022",
        "Thực hiện văn bản của Sở Nội vụ.",
    )

    ident = identify(text, folder_hint="ha-tinh", register=register)

    assert ident.unit_code is None
    assert [(c["unit_code"], c["unit_name"], c["district_name"]) for c in ident.candidates] == [
        ("18496", "Thị trấn Hương Khê", "Huyện Hương Khê"),
        ("444", "Huyện Hương Khê", None),
    ]


def test_given_a_misspelt_commune_matching_two_when_identifying_then_both_candidates(register):
    text = _report(
        "Hoằng Hóa, ngày 10 tháng 9 năm 2023",
        "Báo cáo kết quả cải cách hành chính quý III năm 2023",
        "UBND xã Hoàng Quý báo cáo kết quả như sau.",
    )

    ident = identify(text, folder_hint="thanh-hoa", register=register)

    assert ident.unit_code is None
    assert [c["unit_name"] for c in ident.candidates] == ["Xã Hoằng Quỳ", "Xã Hoằng Quý"]
    assert ident.problems[0].startswith("Không xác định được đơn vị báo cáo: 'xã Hoàng Quý' khớp với 2 đơn vị:")


def test_given_an_unknown_commune_when_identifying_then_no_candidate_and_a_problem(register):
    text = _report(
        "Nơi Nào Đó, ngày 10 tháng 9 năm 2023",
        "Kết quả cải cách hành chính quý III năm 2023",
        "UBND xã Không Có Thật báo cáo như sau.",
    )

    ident = identify(text, folder_hint="thanh-hoa", register=register)

    assert (ident.unit_code, ident.candidates) == (None, [])
    assert ident.problems == [
        "Không xác định được đơn vị báo cáo: không tìm thấy 'xã Không Có Thật' trong danh mục đơn vị hành chính "
        "của Tỉnh Thanh Hóa còn hiệu lực vào ngày 10/09/2023. "
        "Đề nghị kiểm tra lại tên đơn vị, tỉnh (thư mục) và ngày báo cáo."
    ]


def test_given_an_issuer_not_in_the_province_when_the_place_is_a_district_then_no_fallback_to_it(register):
    # GIVEN "UBND xã Tân Phú, huyện Châu Thành" filed under Tiền Giang, where Châu Thành has
    # no xã Tân Phú: the place line "Châu Thành" must not turn it into the district's report
    text = _report(
        "Châu Thành, ngày 10 tháng 9 năm 2023",
        "Kết quả cải cách hành chính quý III năm 2023",
        "UBND xã Tân Phú, huyện Châu Thành báo cáo như sau.",
    )

    in_tien_giang = identify(text, folder_hint="tien-giang", register=register)
    in_dong_thap = identify(text, folder_hint="dong-thap", register=register)

    assert in_tien_giang.unit_code is None
    assert in_tien_giang.problems[0].startswith(
        "Không xác định được đơn vị báo cáo: không tìm thấy 'xã Tân Phú, huyện Châu Thành' "
        "trong danh mục đơn vị hành chính của Tỉnh Tiền Giang"
    )
    assert (in_dong_thap.unit_code, in_dong_thap.district_code) == ("30274", "877")


def test_given_no_unit_named_when_identifying_then_a_problem(register):
    text = _report("Ngày 10 tháng 9 năm 2023", "Báo cáo quý III năm 2023", "Thực hiện kế hoạch.")

    ident = identify(text, register=register)

    assert ident.unit_code is None
    assert ident.problems == [
        "Không xác định được đơn vị báo cáo: báo cáo không ghi tên cơ quan báo cáo "
        '(ví dụ: "UBND huyện …", "UBND xã …"). Đề nghị ghi rõ ở phần đầu báo cáo.'
    ]


DEPARTMENT_REPORT = "UBND TỈNH ĐỒNG THÁP\nSỞ NỘI VỤ\nSố: 45/BC-SNV\tĐồng Tháp, ngày 12 tháng 3 năm 2021\n\nBÁO CÁO\n" + (
    "Kết quả cải cách hành chính quý I năm 2021\n\nThực hiện kế hoạch.\n"
)


def test_given_a_department_not_in_the_provinces_list_when_identifying_then_it_asks_it_team_to_add_it(register):
    ident = identify(DEPARTMENT_REPORT, register=register)

    assert (ident.unit_code, ident.candidates) == (None, [])
    assert ident.problems == [
        "Không xác định được đơn vị báo cáo: báo cáo do 'SỞ NỘI VỤ' ban hành nhưng sở, ban, ngành này chưa có "
        "trong danh mục của tỉnh (reference/departments.csv). Đề nghị bộ phận CNTT bổ sung rồi xử lý lại tệp."
    ]


@pytest.fixture(scope="module")
def register_with_departments(tmp_path_factory) -> Register:
    from loaders.departments import read_departments
    from loaders.units import build_register, build_succession

    listed = tmp_path_factory.mktemp("departments") / "departments.csv"
    listed.write_text("province_code,department_code,department_name\n"
                      "87,000.00.12.H19,Sở Nội vụ\n38,000.00.12.H56,Sở Nội vụ\n87,000.00.05.H19,Sở Tư pháp\n",
                      encoding="utf-8")
    units = build_register()
    departments = read_departments([u.unit_key for u in units if u.level == "province"], listed)
    return Register(units + departments, build_succession())


def test_given_a_listed_department_when_identifying_then_the_province_in_the_heading_picks_it(register_with_departments):
    ident = identify(DEPARTMENT_REPORT, register=register_with_departments)

    assert (ident.unit_key, ident.unit_code, ident.unit_name) == (
        "pre2025:department:000.00.12.H19", "000.00.12.H19", "Sở Nội vụ")
    assert (ident.province_code, ident.province_name, ident.period_key) == ("87", "Tỉnh Đồng Tháp", "2021-Q1")


def test_given_a_department_of_several_provinces_and_no_province_then_the_candidates_are_named(
        register_with_departments):
    text = DEPARTMENT_REPORT.replace("UBND TỈNH ĐỒNG THÁP\n", "").replace("Đồng Tháp, ngày", "ngày")
    ident = identify(text, register=register_with_departments)

    assert ident.unit_code is None
    assert {c["unit_key"] for c in ident.candidates} == {
        "pre2025:department:000.00.12.H19", "pre2025:department:000.00.12.H56"}
    assert "có ở nhiều tỉnh" in ident.problems[-1]


def test_given_departments_then_they_never_match_a_place_name(register_with_departments):
    assert register_with_departments.find("Nội vụ") == []
    # Thanh Hóa (38) exists in both eras; old Đồng Tháp (87) only before 1/7/2025 (today's is 82).
    assert sorted(u.unit_key for u in register_with_departments.departments) == [
        "post2025:department:000.00.12.H56", "pre2025:department:000.00.05.H19",
        "pre2025:department:000.00.12.H19", "pre2025:department:000.00.12.H56"]



# --- eras ---------------------------------------------------------------------------


def test_given_a_post_2025_report_when_identifying_then_the_new_commune(register):
    text = _report(
        "Hoằng Giang, ngày 10 tháng 9 năm 2025",
        "Kết quả cải cách hành chính quý III năm 2025",
        "UBND xã Hoằng Giang báo cáo như sau.",
    )

    ident = identify(text, folder_hint="thanh-hoa", register=register)

    # code 15880 also belonged to the old Xã Hoằng Giang; the date picks the new unit
    assert (ident.unit_code, ident.unit_name, ident.district_code, ident.province_code) == (
        "15880", "Xã Hoằng Giang", None, "38",
    )  # fmt: skip


def test_given_an_abolished_commune_in_a_post_2025_report_when_identifying_then_quarantined(register):
    text = _report(
        "Hoằng Hợp, ngày 10 tháng 9 năm 2025",
        "Kết quả cải cách hành chính quý III năm 2025",
        "UBND xã Hoằng Hợp báo cáo như sau.",
    )

    ident = identify(text, folder_hint="thanh-hoa", register=register)

    assert ident.unit_code is None
    assert "Tên này có ở: Xã Hoằng Hợp (15919, Huyện Hoằng Hóa, Tỉnh Thanh Hóa, đến 30/06/2025)." in (ident.problems[0])


def test_given_a_late_first_half_2025_report_when_identifying_then_the_unit_of_the_period(register):
    # dated after 1/7/2025 but about 6 tháng đầu năm 2025: the old commune sent it
    text = _report(
        "Hoằng Hợp, ngày 05 tháng 7 năm 2025",
        "Kết quả cải cách hành chính 6 tháng đầu năm 2025",
        "UBND xã Hoằng Hợp báo cáo như sau.",
    )

    ident = identify(text, folder_hint="thanh-hoa", register=register)

    assert (ident.unit_code, ident.district_code, ident.report_date) == ("15919", "399", "2025-07-05")
    assert ident.problems == []


# --- header details -----------------------------------------------------------------


def test_given_a_word_header_with_the_motto_when_identifying_then_the_organ_line_is_the_issuer(register):
    text = (
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN TÂN HỒNG\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 45/BC-UBND\tTân Hồng, ngày 12 tháng 3 năm 2021\n\nBÁO CÁO\n"
        "Kết quả cải cách hành chính quý I năm 2021\n\nThực hiện kế hoạch.\n"
    )

    ident = identify(text, register=register)

    assert (ident.unit_code, ident.report_number, ident.report_date, ident.period_key) == (
        "869", "45/BC-UBND", "2021-03-12", "2021-Q1",
    )  # fmt: skip


def test_given_an_impossible_date_when_identifying_then_no_date_and_a_problem(register):
    text = _report(
        "Hương Khê, ngày 31 tháng 2 năm 2022",
        "Cải cách hành chính quý I năm 2022",
        "UBND huyện Hương Khê báo cáo như sau.",
    )

    ident = identify(text, folder_hint="ha-tinh", register=register)

    assert (ident.report_date, ident.unit_code) == (None, "444")
    assert ident.problems == [
        "Ngày ban hành báo cáo không hợp lệ: 'Hương Khê, ngày 31 tháng 2 năm 2022'. Đề nghị kiểm tra lại ngày, tháng."
    ]


def test_given_no_period_in_the_title_when_identifying_then_the_issuer_sentence_gives_it(register):
    text = _report(
        "Hoằng Hợp, ngày tháng năm 2021",
        "Kết quả công tác cải cách hành chính",
        "Thực hiện kế hoạch. UBND xã Hoằng Hợp báo cáo kết quả 9 tháng năm 2021 như sau:",
        number="Số: /BC-UBND",
    )

    ident = identify(text, register=register)

    assert (ident.period_key, ident.report_year, ident.report_number, ident.report_date) == (
        "2021-M9", 2021, None, None,
    )  # fmt: skip
    assert ident.unit_code == "15919"


def test_given_no_period_anywhere_when_identifying_then_a_problem_and_the_year_of_the_date(register):
    text = _report(
        "Hương Khê, ngày 15 tháng 6 năm 2022",
        "Kết quả công tác cải cách hành chính",
        "UBND huyện Hương Khê báo cáo như sau.",
    )

    ident = identify(text, register=register)

    assert (ident.period_key, ident.report_year, ident.unit_code) == (None, 2022, "444")
    assert ident.problems == [
        "Không xác định được kỳ báo cáo (quý, 6 tháng, 9 tháng hay năm) và năm báo cáo. "
        'Đề nghị ghi rõ kỳ báo cáo trong tiêu đề, ví dụ: "… quý I năm 2021", "… 6 tháng đầu năm 2022".'
    ]


def test_given_an_unknown_folder_when_the_text_names_the_unit_then_identified_with_a_note(register):
    ident = identify(_seed("003"), folder_hint="atlantis", register=register)

    assert ident.unit_code == "851"
    assert ident.problems == ["Không nhận ra tỉnh 'atlantis' (tên thư mục); đã bỏ qua khi xác định đơn vị báo cáo."]


def test_given_an_explicit_province_when_it_differs_from_the_folder_then_the_explicit_one_wins(register):
    ident = identify(_seed("003"), province_hint="Trà Vinh", folder_hint="ha-tinh", register=register)

    assert (ident.unit_code, ident.province_name) == ("851", "Tỉnh Trà Vinh")


# --- the report date from the appendix heading ----------------------------------------


_ANNEX_BODY = (
    "UBND xã Hòa Bình báo cáo kết quả cải cách hành chính.\n\nPhụ lục\n\n"
    "(Kèm theo Báo cáo số /BC-UBND ngày {annex} của UBND xã Hòa Bình)\n"
)


@pytest.mark.parametrize(
    ("place_date", "annex", "expected"),
    [
        ("Hòa Bình, ngày tháng năm 2021", "15 tháng 3 năm 2021", ("2021-03-15", "appendix_heading")),
        ("Hòa Bình, ngày tháng năm 2021", "15/3/2021", ("2021-03-15", "appendix_heading")),
        # the header's own date wins over the heading's
        ("Hòa Bình, ngày 20 tháng 3 năm 2021", "15/3/2021", ("2021-03-20", "header")),
        # a heading of another year is a template copied forward, not this report's date
        ("Hòa Bình, ngày tháng năm 2021", "15/3/2020", (None, None)),
        # no such day: no date rather than a guess
        ("Hòa Bình, ngày tháng năm 2021", "31/2/2021", (None, None)),
    ],
)
def test_given_a_blank_header_date_when_the_appendix_heading_dates_the_report_then_that_date_is_taken(
        register, place_date, annex, expected):
    text = _report(place_date, "Kết quả cải cách hành chính quý I năm 2021", _ANNEX_BODY.format(annex=annex))
    ident = identify(text, province_hint="Hòa Bình", register=register)

    assert (ident.report_date, ident.report_date_source) == expected
    assert ident.period_key == "2021-Q1"
