"""GIVEN the dataclasses that write their own ``__init__`` (built per row or per cell, see
loaders/model.py), THEN each one takes exactly its fields, in order, with their defaults,
and sets every field: what the generated ``__init__`` would do.
"""

from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

import pytest

from loaders.identify import _Mention
from loaders.model import ParsedRow, RawRow
from loaders.numbers import NumberParse
from loaders.readers.text import Cell

WRITTEN_INITIALISERS = [RawRow, ParsedRow, Cell, NumberParse, _Mention]


def _class_source(cls) -> list[ast.stmt]:
    """The class body as written (a compiled class shows neither its signature nor its union types)."""
    compiled_or_source = Path(sys.modules[cls.__module__].__file__)
    source = (compiled_or_source.parent / (compiled_or_source.name.split(".")[0] + ".py")).read_text(encoding="utf-8")
    return next(node for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.ClassDef) and node.name == cls.__name__).body


def _written_init(cls) -> ast.FunctionDef:
    return next(node for node in _class_source(cls) if isinstance(node, ast.FunctionDef) and node.name == "__init__")


def _annotations(cls) -> dict[str, str]:
    return {node.target.id: ast.unparse(node.annotation) for node in _class_source(cls)
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}


@pytest.mark.parametrize("cls", WRITTEN_INITIALISERS, ids=lambda cls: cls.__name__)
def test_given_a_written_init_then_it_takes_the_fields_in_order_with_their_defaults(cls):
    fields = dataclasses.fields(cls)
    arguments = _written_init(cls).args
    assert not (arguments.vararg or arguments.kwarg or arguments.kwonlyargs or arguments.posonlyargs)
    assert [arg.arg for arg in arguments.args[1:]] == [field.name for field in fields]
    defaults = [ast.literal_eval(node) for node in arguments.defaults]
    assert defaults == [field.default for field in fields[len(fields) - len(defaults):]]
    for field in fields:
        assert field.default_factory is dataclasses.MISSING, field.name  # a shared default would be mutable
        assert (field.default is dataclasses.MISSING) == (field in fields[:len(fields) - len(defaults)]), field.name


@pytest.mark.parametrize("cls", WRITTEN_INITIALISERS, ids=lambda cls: cls.__name__)
def test_given_a_written_init_then_every_field_is_set_from_its_argument(cls):
    fields = dataclasses.fields(cls)
    # A value of its declared type per field (compiled code checks them), distinct from the
    # others, so a field set from the wrong argument shows.
    annotations = _annotations(cls)
    values = {field.name: _typed_value(annotations[field.name], index) for index, field in enumerate(fields)}
    instance = cls(**values)
    assert {field.name: getattr(instance, field.name) for field in fields} == values
    assert dataclasses.replace(instance) == instance


def _typed_value(kind: str, index: int) -> object:
    """A value of the annotated type ("int", "str | None" ...), distinct for each field."""
    if kind.startswith("int"):
        return 1000 + index
    if kind.startswith("bool"):
        return index % 2 == 0
    if kind.startswith("float"):
        return 0.5 + index
    if kind.startswith("tuple"):
        return (f"flag{index}",)
    if kind.startswith("frozenset"):
        return frozenset({f"type{index}"})
    if kind.startswith("dict"):
        return {"0": f"legend{index}"}
    return f"text{index}"
