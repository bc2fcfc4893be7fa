"""Matching keys for Vietnamese names.

The same unit is written in several ways: precomposed or decomposed Unicode,
"Hoà" (new tone placement) or "Hòa" (old placement), "Thuỷ"/"Thủy", "Qúy"/"Quý",
extra spaces, "Bà Rịa-Vũng Tàu" or "Bà Rịa - Vũng Tàu", "Phường 01" or
"Phường 1". ``fold`` turns all of them into one key; ``strip_diacritics`` gives
a looser key for a second comparison (it also merges genuinely different names
such as "Hoằng Quý"/"Hoằng Quỳ", so callers must use it only as a fallback).

The canonical tone placement is the "old" style used by the national unit list
(Hòa, Thủy, Khánh Hòa), so folded keys of official names stay readable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining marks (NFD) that carry the tone, and those that only shape the vowel.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex (â ê ô), breve (ă), horn (ơ ư)
_VOWELS = frozenset("aeiouy")

_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_APOSTROPHES = re.compile(r"[’‘ʼ`´]")
_SPACES = re.compile(r"\s+")
_LEADING_ZEROS = re.compile(r"(?<!\w)0+(?=\d)")
# Words with a non-ASCII letter: an all-ASCII word carries no tone mark, so
# normalize_tones leaves it alone without looking at it.
_NON_ASCII_WORD = re.compile(r"(?<!\w)\w*[^\W\x00-\x7f]\w*")
# Syllables are short and few; longer runs of letters are not cached (see _place_tone).
_CACHED_WORD_CHARS = 24
_CACHED_FOLD_CHARS = 400


def _letters(word_nfd: str) -> list[list[str]] | None:
    """Split a decomposed word into [base, marks...] groups; None if it starts with a mark."""
    groups: list[list[str]] = []
    for ch in word_nfd:
        if unicodedata.combining(ch):
            if not groups:
                return None
            groups[-1].append(ch)
        else:
            groups.append([ch])
    return groups


def _nucleus(bases: list[str]) -> list[int] | None:
    """Positions of the syllable's vowel nucleus, or None when the word is not one syllable."""
    vowel_positions = [i for i, b in enumerate(bases) if b in _VOWELS]
    if not vowel_positions:
        return None
    first = vowel_positions[0]
    # "qu" and "gi" (before another vowel) belong to the initial consonant.
    if first > 0 and len(vowel_positions) > 1 and bases[first - 1] + bases[first] in ("qu", "gi"):
        vowel_positions = vowel_positions[1:]
    run = vowel_positions
    if run != list(range(run[0], run[0] + len(run))):
        return None  # vowels separated by consonants: not a Vietnamese syllable
    return run


def _tone_position(groups: list[list[str]], nucleus: list[int]) -> int:
    """Where the tone belongs in the canonical (old-style) placement."""
    shaped = [i for i in nucleus if _SHAPE_MARKS.intersection(groups[i][1:])]
    if shaped:
        return shaped[-1]  # ươ -> ơ, uô -> ô, iê -> ê
    if len(nucleus) == 1:
        return nucleus[0]
    has_final_consonant = nucleus[-1] < len(groups) - 1
    if has_final_consonant:
        return nucleus[-1]  # hoàng, huỳnh, toán
    if len(nucleus) == 3:
        return nucleus[1]  # ngoài, khuỷu
    return nucleus[0]  # hòa, thủy, tài, mía (old style: first vowel of an open diphthong)


def _place_tone(word: str) -> str:
    # The same few thousand syllables come back in every report.
    if len(word) <= _CACHED_WORD_CHARS:
        return _cached_place_tone(word)
    return _place_tone_uncached(word)


def _place_tone_uncached(word: str) -> str:
    groups = _letters(unicodedata.normalize("NFD", word))
    if groups is None:
        return word
    tones = [m for g in groups for m in g[1:] if m in _TONE_MARKS]
    if len(tones) != 1:
        return word  # no tone, or malformed: leave as written
    bases = [g[0].lower() for g in groups]
    nucleus = _nucleus(bases)
    if nucleus is None:
        return word
    target = _tone_position(groups, nucleus)
    rebuilt = []
    for i, g in enumerate(groups):
        marks = [m for m in g[1:] if m not in _TONE_MARKS]
        if i == target:
            marks.append(tones[0])
        rebuilt.append(g[0] + "".join(marks))
    return unicodedata.normalize("NFC", "".join(rebuilt))


_cached_place_tone = lru_cache(maxsize=16384)(_place_tone_uncached)


def normalize_tones(text: str) -> str:
    """NFC text with every syllable's tone mark in the canonical place; case is kept."""
    text = unicodedata.normalize("NFC", text)
    return _NON_ASCII_WORD.sub(_retoned, text)


def _retoned(match: re.Match[str]) -> str:
    # Called for every non-ASCII word of a report: the cache lookup is inlined.
    word = match.group()
    if len(word) <= _CACHED_WORD_CHARS:
        return _cached_place_tone(word)
    return _place_tone_uncached(word)


def fold(text: str) -> str:
    """Matching key: NFC, lowercase, canonical tone placement, tidy dashes/spaces/numbers.

    >>> fold("  Hoà   Bình ") == fold("Hòa Bình") == "hòa bình"
    True
    """
    # Header lines, type words and unit names are folded again and again.
    if len(text) <= _CACHED_FOLD_CHARS:
        return _cached_fold(text)
    return _fold(text)


def _fold(text: str) -> str:
    text = normalize_tones(unicodedata.normalize("NFC", text).lower())
    text = _APOSTROPHES.sub("'", text)
    text = _DASHES.sub(" ", text)  # "Bà Rịa - Vũng Tàu" == "Bà Rịa Vũng Tàu"
    text = _LEADING_ZEROS.sub("", text)  # "Phường 01" == "Phường 1"
    return _SPACES.sub(" ", text).strip()


_cached_fold = lru_cache(maxsize=8192)(_fold)


def strip_diacritics(text: str) -> str:
    """Remove every accent and turn đ/Đ into d/D; case and spacing are kept."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def loose_key(text: str) -> str:
    """The fallback key: folded, then without diacritics ("Hoàng Hợp" == "Hoằng Hợp")."""
    return strip_diacritics(fold(text))
