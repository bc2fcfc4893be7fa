"""`cchc inspect FILE` shows what the loader reads in one file, and writes nothing."""

from __future__ import annotations

from pathlib import Path

from loaders.inspect import describe

INBOX = Path(__file__).resolve().parents[2] / "samples" / "inbox"


def test_given_an_xlsx_appendix_then_identification_and_rows_with_raw_text_value_and_rule_are_shown():
    text = describe(INBOX / "dong-thap" / "tan-hong_2021-Q1.xlsx")
    assert "Đơn vị: Huyện Tân Hồng (mã 869), Tỉnh Đồng Tháp" in text
    assert "Kỳ báo cáo: 2021-Q1" in text
    assert "Mẫu phụ lục: dt2021_huyen" in text
    row = next(line for line in text.splitlines() if line.split()[:2] == ["3", "1.1.1"])
    assert row.split()[2:6] == ["count", "51", "51", "excel_numeric"]
    assert "plan.tasks_planned" in row


def test_given_a_par_index_analysis_then_its_scorecard_and_sipas_rows_are_shown():
    text = describe(INBOX / "binh-dinh" / "van-canh_2021-Y_par.txt")
    assert "Trạng thái: no_appendix" in text
    assert "Bảng điểm Chỉ số CCHC: " in text
    assert any(line.split()[1:4] == ["field_detail", "2021", "5.3"] for line in text.splitlines())
    assert "SIPAS 2021 overall" in text


def test_given_a_report_without_appendix_then_the_narrative_figures_and_their_sentence_are_shown():
    text = describe(INBOX / "tra-vinh" / "duyen-hai_2023-Q3.txt")
    figures = {line.split()[0]: line.split()[1] for line in text.splitlines() if line.startswith("  tthc.")}
    assert figures["tthc.records_received"] == "4857"
    assert figures["tthc.records_late"] == "10"
    assert "«Từ ngày 01/06/2023" in text


def test_given_a_draft_header_without_date_then_the_date_of_the_appendix_heading_is_shown_as_such():
    text = describe(INBOX.parent.parent.parent / "shared" / "seeds" / "000_02cae422fdfef8b2.txt")
    assert "ngày 2021-03-15 (theo dòng «Kèm theo Báo cáo…» của phụ lục)" in text
    # a header with its own date says nothing more
    assert "(theo dòng" not in describe(INBOX / "ha-tinh" / "huong-khe_2022-H1.docx")
