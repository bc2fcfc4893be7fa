"""The feedback to seed 001's unit (huyện Hương Khê, 6 tháng 2022), as `make run` writes it.

Read the way a clerk reads it: the letter's visible text and the xlsx for mailing.
"""

from __future__ import annotations

import html
import re

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def huong_khe(warehouse):
    from loaders.config import artifacts_dir

    (page,) = sorted(artifacts_dir().glob("runs/*/phan-hoi/444_2022-H1_*.html"))[-1:]
    return page


def _visible_lines(page) -> list[str]:
    text = re.sub(r"<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _table(page) -> list[list[str]]:
    """The problem rows of the letter, cell by cell, as displayed."""
    body = page.read_text(encoding="utf-8").split("<tbody>")[1].split("</tbody>")[0]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_given_seed_001_then_the_letter_is_addressed_and_says_what_happens_to_the_figures(huong_khe):
    text = " ".join(_visible_lines(huong_khe))
    assert "Kính gửi: Ủy ban nhân dân huyện Hương Khê" in text
    assert "6 tháng đầu năm 2022" in text and "huong-khe_2022-H1.docx" in text
    assert re.search(r"phát hiện 6 lỗi và \d+ cảnh báo", text)
    assert "đang được tạm giữ, chưa đưa vào tổng hợp của tỉnh" in text
    assert "gửi lại phụ lục số liệu" in text


def test_given_seed_001_then_each_error_names_row_submitted_value_expectation_and_action(huong_khe):
    rows = {(r[1], r[5]): r for r in _table(huong_khe)}
    error = "Lỗi (số liệu bị tạm giữ, chưa công bố)"
    disbursement = rows[("6.1", error)]
    assert disbursement[2:5] == ["Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công", "2,3%", "7,0"]
    assert "tỷ lệ ghi 2,3% nhưng theo số liệu chi tiết là 11.690/167.000 = 7,0%" in disbursement[-1]
    assert disbursement[-1].endswith("Đề nghị kiểm tra lại tỷ lệ hoặc số liệu chi tiết.")
    units = rows[("6.2.1", error)]
    assert units[3:5] == ["60", "63"]
    assert "cộng các số liệu thành phần được 1 + 3 + 59 = 63" in units[-1]
    assert {code for code, severity in rows if severity == error} == {"1.4.1", "6.1", "6.2.1", "7.3.1", "7.4.1.2", "7.4.4"}


def test_given_seed_001_then_no_internal_word_reaches_the_clerk(huong_khe):
    visible = " ".join(_visible_lines(huong_khe))
    assert not re.search(r"\b(count|percent|error|warning|withheld|None|null)\b", visible)


def test_given_seed_001_then_the_xlsx_carries_the_same_rows(huong_khe):
    sheet = load_workbook(huong_khe.with_suffix(".xlsx")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Phản hồi kiểm tra số liệu báo cáo CCHC — Huyện Hương Khê — 6 tháng đầu năm 2022"
    assert list(rows[3]) == ["STT", "Mã dòng", "Chỉ tiêu", "Số liệu đã gửi", "Yêu cầu", "Mức độ", "Nội dung và đề nghị"]
    html_rows = _table(huong_khe)
    assert len(rows) - 4 == len(html_rows)
    assert [(r[1], r[3]) for r in rows[4:]] == [(r[1], r[3]) for r in html_rows]
