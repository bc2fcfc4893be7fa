"""The byte searches that look for a rare byte first answer exactly as ``in`` does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loaders.readers.byte_search import declares_dtd, has_cdata_end, has_markup_declaration, has_processing_instruction

# Bytes drawn mostly from the needles' own, so that near misses ("<", "!<", "]]") are frequent.
xml_like = st.lists(st.sampled_from([b"<", b"!", b"?", b"]", b">", b"DOCTYPE", b"ENTITY", b"a", b" "]),
                    max_size=30).map(b"".join)


@given(xml_like)
def test_given_any_bytes_then_each_search_answers_as_in_does(data):
    assert has_markup_declaration(data) == (b"<!" in data)
    assert has_processing_instruction(data) == (b"<?" in data)
    assert has_cdata_end(data) == (b"]]>" in data)
    assert declares_dtd(data) == (b"<!DOCTYPE" in data or b"<!ENTITY" in data)


def test_given_a_declaration_split_by_other_bytes_then_it_is_not_found():
    assert not declares_dtd(b"<! DOCTYPE x>") and declares_dtd(b"<a/><!ENTITY x 'y'>")
    assert not has_processing_instruction(b"<a>?</a> <") and has_processing_instruction(b"<a/><?pi?>")
