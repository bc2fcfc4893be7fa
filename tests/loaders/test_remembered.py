"""The caches of pure cell-text functions: bounded, oldest dropped first, long texts never kept,
and invisible to the garbage collector (so a full collection has no entries to walk)."""

from __future__ import annotations

import gc

from loaders.readers import xlsx_cells
from loaders.readers.text import REMEMBERED_TEXT_CHARS, Cell, header_key, remembered
from loaders.readers.xlsx_cells import number_cell, text_cell


def _counting(maxsize: int):
    calls: list = []

    @remembered(maxsize=maxsize)
    def upper(text):
        calls.append(text)
        return text.upper() if isinstance(text, str) else tuple(part.upper() for part in text)

    return upper, calls


def test_given_a_text_seen_before_then_its_answer_is_remembered():
    upper, calls = _counting(4)
    assert upper("a") == upper("a") == "A"
    assert upper(("a", "b")) == upper(("a", "b")) == ("A", "B")
    assert calls == ["a", ("a", "b")]


def test_given_more_texts_than_the_bound_then_the_oldest_is_dropped_first():
    upper, calls = _counting(2)
    for text in ("a", "b", "c"):
        upper(text)
    upper("c")
    upper("b")
    upper("a")  # dropped when "c" came in
    assert calls == ["a", "b", "c", "a"]


def test_given_long_texts_then_they_are_answered_but_never_kept():
    upper, calls = _counting(8)
    long_text = "x" * (REMEMBERED_TEXT_CHARS + 1)
    long_line = ("y" * (2 * REMEMBERED_TEXT_CHARS), "z" * (2 * REMEMBERED_TEXT_CHARS + 1))
    for _ in range(2):
        assert upper(long_text) == long_text.upper()
        assert upper(long_line) == tuple(part.upper() for part in long_line)
    assert calls == [long_text, long_line, long_text, long_line]


def test_given_remembered_texts_then_the_collector_does_not_track_the_cache():
    header_key("Chỉ tiêu")
    cache = header_key.cache_clear.__self__  # the dict the answers live in
    assert cache and not gc.is_tracked(cache)


def test_given_the_same_cell_twice_then_it_is_built_once_and_equals_a_fresh_one():
    assert text_cell("Tổng số", True) is text_cell("Tổng số", True)
    assert text_cell("Tổng số", True) == Cell(text="Tổng số", bold=True)
    assert text_cell("Tổng số", False) == Cell(text="Tổng số", bold=False)
    assert number_cell("12.5", False, "0.0") is number_cell("12.5", False, "0.0")
    assert number_cell("12.5", False, "0.0") == Cell(text="12.5", number=12.5, number_format="0.0")
    assert number_cell("12.5", True, None) == Cell(text="12.5", bold=True, number=12.5)
    long_text = "x" * (REMEMBERED_TEXT_CHARS + 1)
    assert text_cell(long_text, False) is not text_cell(long_text, False)


def test_given_endless_distinct_cells_then_the_remembered_ones_stay_bounded():
    for number in range(xlsx_cells.REMEMBERED_NUMBER_CELLS + 10):
        number_cell(str(number), False, None)
        text_cell(f"nhãn {number}", False)
    assert len(xlsx_cells._number_cells) <= xlsx_cells.REMEMBERED_NUMBER_CELLS
    assert sum(map(len, xlsx_cells._text_cells.values())) <= xlsx_cells.REMEMBERED_TEXT_CELLS


def test_given_a_full_cache_then_the_oldest_quarter_makes_room_at_once():
    from loaders.readers.bounded import make_room

    cache = {key: key for key in range(100)}
    make_room(cache, 100)
    assert list(cache) == list(range(25, 100))
    make_room(cache, 100)  # not full: nothing goes
    assert len(cache) == 75
