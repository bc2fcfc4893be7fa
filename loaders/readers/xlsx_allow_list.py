"""A strict allow-list of XML elements and attributes, for the package parts read without openpyxl.

Each ``Allowed`` names the attributes an element may carry (with a test of the value
that openpyxl's descriptor is sure to accept) and the children it may hold. Anything
else (an unknown element or attribute, a comment, a repeated child where openpyxl
keeps only the last, a value openpyxl might refuse or read differently) raises
``Unfamiliar``, and the package is read by openpyxl instead. The tests are stricter
than openpyxl where being exact would take more rules: stepping aside costs time,
never a different result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from xml.etree import ElementTree

from openpyxl.styles.colors import aRGB_REGEX
from openpyxl.utils.datetime import from_ISO8601
from openpyxl.xml.functions import fromstring, localname

from loaders.readers.byte_search import declares_dtd, utf8_or_undeclared

Check = Callable[[str], object]  # a true result allows the value (a regex match counts)


class Unfamiliar(Exception):
    """Something in a package part the strict reader does not mirror: openpyxl reads the package."""


def parse(data: bytes):
    """A part parsed into the tree openpyxl's parser (lxml, entities not resolved) gives, a DTD
    left to openpyxl.

    A small UTF-8 part is parsed by ElementTree, whose elements are several times cheaper
    to walk. For such a part both parsers give the same tree, or expat refuses it (and
    openpyxl decides). lxml alone refuses a name of 50,000 characters, which a part this
    small cannot hold, and more than 256 levels, which ``check`` refuses (see
    ``SKIPPED_MAX_DEPTH``). Comments and processing instructions are kept, as lxml keeps
    them, so ``check`` sees them."""
    if declares_dtd(data):
        raise Unfamiliar("a DTD")
    if len(data) >= PLAIN_PARSE_MAX_BYTES or not utf8_or_undeclared(data) or not _plain_namespaces(data):
        return fromstring(data)
    parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder(insert_comments=True, insert_pis=True))
    parser.feed(data)
    return parser.close()


PLAIN_PARSE_MAX_BYTES = 50_000  # lxml's longest name; far below its longest text (10 MB)
# A namespace declared with a name of the plainest URI shape (every OOXML one is). lxml
# refuses a namespace name that is not a valid URI, expat takes any text.
_PLAIN_NAMESPACE = re.compile(
    rb'xmlns(?::[A-Za-z_][A-Za-z0-9_.-]*)?="[A-Za-z][A-Za-z0-9+.-]*:'
    rb'(?://[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~/-]*)?|(?!//)[A-Za-z0-9._~:/-]*)"'
)


def _plain_namespaces(data: bytes) -> bool:
    """Every "xmlns" in the part opens such a declaration: a declaration's name is always
    spelled out, so none can hide (one in a text only sends the part to lxml)."""
    return data.count(b"xmlns") == len(_PLAIN_NAMESPACE.findall(data))


# -- attribute values openpyxl's descriptors accept ------------------------------------------

def _matches(pattern: str) -> Check:
    return re.compile(pattern).fullmatch


ANY: Check = lambda value: True  # noqa: E731 - String: every text is a string
BOOL = frozenset({"0", "1", "true", "false"}).__contains__  # Bool accepts more; these read unambiguously
INDEX = _matches(r"[0-9]{1,9}")  # fits the int32 of openpyxl's style arrays
INT = _matches(r"-?[0-9]{1,9}")
NUMBER = _matches(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")
RGB: Check = lambda value: aRGB_REGEX.match(value) is not None  # noqa: E731 - openpyxl's own pattern


def between(low: float, high: float) -> Check:
    """MinMax: a number within [low, high]."""
    return lambda value: NUMBER(value) is not None and low <= float(value) <= high


def one_of(*values: str) -> Check:
    """Set: one of the values."""
    return frozenset(values).__contains__


def none_or(*values: str) -> Check:
    """NoneSet: one of the values or 'none'."""
    return frozenset(values + ("none",)).__contains__


def iso_datetime(text: str | None) -> bool:
    """DateTime: text openpyxl's from_ISO8601 reads (or no text)."""
    if text is None:
        return True
    try:
        from_ISO8601(text)
    except Exception:  # ValueError for a malformed date; anything else is as unfamiliar
        return False
    return True


# -- elements -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Allowed:
    """What one element may be."""

    attributes: Mapping[str, Check] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    children: Mapping[str, Allowed] = field(default_factory=dict)
    repeated: frozenset[str] = frozenset()  # children that may occur more than once (openpyxl keeps all)
    # openpyxl's Serialisable.from_tree drops attributes in other namespaces; most nested
    # parsers pass every attribute on, so other namespaces are refused unless this is set
    foreign_attributes: bool = False
    # children openpyxl skips whole (their localname is no attribute of its class): content unchecked
    skipped: frozenset[str] = frozenset()
    # the class whose from_tree reads this element, when it skips every child named unlike its
    # attributes (an extension's content): such children are not looked at
    skips_children_unknown_to: type | None = None


def check(element, allowed: Allowed) -> None:
    """``Unfamiliar`` unless the element and everything in it is allowed."""
    attrib = element.attrib
    if attrib:
        attributes = allowed.attributes
        for name, value in attrib.items():
            test = attributes.get(name)
            if test is None:
                if allowed.foreign_attributes and name[0] == "{":
                    continue
                raise Unfamiliar(f"attribute {name} on {element.tag}")
            if not test(value):
                raise Unfamiliar(f"{name}={value!r} on {element.tag}")
    for name in allowed.required:
        if name not in attrib:
            raise Unfamiliar(f"{element.tag} without {name}")
    if not len(element):
        return  # most elements are leaves: no children to look at
    seen = set()
    for child in element:
        tag = child.tag  # a comment's or processing instruction's tag is not a string: not allowed
        if tag in allowed.skipped:
            _refuse_deep(child)
            continue
        if allowed.skips_children_unknown_to is not None and isinstance(tag, str):
            if hasattr(allowed.skips_children_unknown_to, localname(child)):
                raise Unfamiliar(f"element {tag} read by openpyxl in {element.tag}")
            _refuse_deep(child)
            continue
        child_allowed = allowed.children.get(tag)
        if child_allowed is None:
            raise Unfamiliar(f"element {tag!r} in {element.tag}")
        if tag not in allowed.repeated:
            if tag in seen:
                raise Unfamiliar(f"{tag} repeated in {element.tag}")
            seen.add(tag)
        check(child, child_allowed)


# Content ``check`` does not look at may still nest deeper than lxml parses (256 levels):
# the allowed elements above it are at most a few levels deep (tests keep them so).
SKIPPED_MAX_DEPTH = 200


def _refuse_deep(element, depth: int = 1) -> None:
    if depth > SKIPPED_MAX_DEPTH:
        raise Unfamiliar("content nested deeper than openpyxl's parser reads")
    for child in element:
        _refuse_deep(child, depth + 1)


def value_element(test: Check, required: bool = False) -> Allowed:
    """A nested value (``<sz val="11"/>``): openpyxl reads its ``val`` and nothing else."""
    return Allowed({"val": test}, frozenset({"val"}) if required else frozenset())


