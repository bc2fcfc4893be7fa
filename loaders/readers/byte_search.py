"""Searching XML bytes for what should not be there, at memory speed.

XML is full of "<", so ``b"<!" in data`` stops at every tag and runs at about 1 GB/s,
while a search for one byte that XML seldom holds ("!", "?", "]") is a memchr at many
times that. So the rare byte is looked for first, and the whole needle only where it occurs.
"""

from __future__ import annotations

import re


def holds(data: bytes, needle: bytes, rare: bytes) -> bool:
    """``needle in data``; ``rare``: one byte of the needle that the data seldom holds."""
    return rare in data and needle in data


def declares_dtd(data: bytes) -> bool:
    """A document type or entity declaration (OOXML never has one; entity bombs do)."""
    return b"!" in data and (b"<!DOCTYPE" in data or b"<!ENTITY" in data)


def has_markup_declaration(data: bytes) -> bool:
    """A comment, CDATA section or declaration ("<!")."""
    return holds(data, b"<!", b"!")


def has_processing_instruction(data: bytes) -> bool:
    """A processing instruction or XML declaration ("<?")."""
    return holds(data, b"<?", b"?")


def has_cdata_end(data: bytes) -> bool:
    """"]]>", which XML forbids in text outside CDATA."""
    return holds(data, b"]]>", b"]")


# An XML declaration naming UTF-8 or no encoding (as Excel, LibreOffice and openpyxl write it).
UTF8_DECLARATION = re.compile(
    rb"<\?xml[ \t\r\n]+version=([\"'])1\.0\1(?:[ \t\r\n]+encoding=([\"'])(?i:utf-8)\2)?"
    rb"(?:[ \t\r\n]+standalone=([\"'])(?:yes|no)\3)?[ \t\r\n]*\?>"
)


def utf8_or_undeclared(data: bytes) -> bool:
    """The document starts with its root or with a UTF-8 declaration: no byte-order mark, no
    other encoding, so every XML parser reads the same characters."""
    return data[:1] == b"<" and (not data.startswith(b"<?") or UTF8_DECLARATION.match(data) is not None)
