"""Which loader modules run compiled, and when they must not.

The modules that read every cell of every file (tokenizer, readers, row parser,
identification) can be compiled with mypyc (``tools/build_native.py``, run by
``make setup``). The source stays plain Python and stays the reference: the compiled
modules are only used while they match it. ``native.json``, written by the build,
holds the SHA-256 of each compiled module's source; when one source has changed since,
or ``CCHC_PURE_PYTHON=1`` is set, every compiled module is set aside and the sources
run (all of them, because compiled modules call each other directly, not through
their imports).

This module is never compiled itself.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parent
STAMP = PACKAGE_ROOT / "native.json"
PURE_PYTHON_VARIABLE = "CCHC_PURE_PYTHON"

# The hot path, in the order a file goes through it. Not compiled on purpose: sink.py
# (COPY: Postgres is the cost; its records are read by __dict__, which compiled classes
# lack) and everything run once per batch or per night.
COMPILED_MODULES = (
    "loaders.model",
    "loaders.readers",
    "loaders.readers.safety",
    "loaders.readers.byte_search",
    "loaders.readers.zip_members",
    "loaders.readers.bounded",
    "loaders.readers.xlsx",
    "loaders.readers.xlsx_allow_list",
    "loaders.readers.xlsx_package_strict",
    "loaders.readers.xlsx_styles",
    "loaders.readers.xlsx_fast",
    "loaders.readers.xlsx_tokens",
    "loaders.readers.xlsx_cells",
    "loaders.readers.text",
    "loaders.textnorm",
    "loaders.numbers",
    "loaders.rows",
    "loaders.units",
    "loaders.identify",
    "loaders.narrative",
    "loaders.periods",
    "loaders.catalogue",
    "loaders.copy_text",
    "loaders.ingest",
)
# The shared library mypyc builds for them: loaders/native__mypyc.<abi>.so
GROUP_NAME = "loaders.native"


def source_path(module: str) -> Path:
    parts = module.split(".")[1:]
    path = PACKAGE_ROOT.joinpath(*parts)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def source_hashes() -> dict[str, str]:
    return {m: hashlib.sha256(source_path(m).read_bytes()).hexdigest() for m in COMPILED_MODULES}


def built_extensions() -> list[Path]:
    """The compiled files lying beside the sources (the modules' and the shared library)."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(p for p in PACKAGE_ROOT.rglob("*") if p.name.endswith(suffixes))


def read_stamp() -> dict | None:
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stamp_for_this_interpreter() -> dict:
    return {"python": sys.version, "sources": source_hashes()}


def reason_to_run_sources() -> str | None:
    """Why the compiled modules must not be used here; None when they may be (or none are built)."""
    if os.environ.get(PURE_PYTHON_VARIABLE, "").strip() not in ("", "0"):
        return f"{PURE_PYTHON_VARIABLE} is set"
    if not built_extensions():
        return None
    stamp = read_stamp()
    if stamp is None:
        return f"compiled modules without {STAMP.name}"
    if stamp != stamp_for_this_interpreter():
        changed = sorted(m for m, h in source_hashes().items() if stamp.get("sources", {}).get(m) != h)
        return "compiled for another Python" if not changed else f"source changed since the build: {', '.join(changed)}"
    return None


class _SourcesFirst:
    """An import finder that loads the listed modules from their .py files, skipping the .so beside them."""

    def find_spec(self, name, path=None, target=None):
        if name not in COMPILED_MODULES:
            return None
        source = source_path(name)
        is_package = source.name == "__init__.py"
        return importlib.util.spec_from_file_location(
            name, source, submodule_search_locations=[str(source.parent)] if is_package else None)


def choose() -> str | None:
    """Called on importing ``loaders``: set the compiled modules aside when they must not run."""
    reason = reason_to_run_sources()
    if reason is not None:  # with nothing built, the finder gives what Python would find anyway
        if not any(isinstance(f, _SourcesFirst) for f in sys.meta_path):
            sys.meta_path.insert(0, _SourcesFirst())
        if PURE_PYTHON_VARIABLE not in reason:
            log.warning("running the loader's Python sources (%s); `make setup` rebuilds the compiled modules", reason)
    return reason


def running_compiled() -> list[str]:
    """The listed modules that are imported from a compiled file now."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return [m for m in COMPILED_MODULES if str(getattr(sys.modules.get(m), "__file__", "")).endswith(suffixes)]
