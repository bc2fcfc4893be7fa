"""The compiled loader modules decide exactly what their Python sources decide.

``make setup`` compiles the hot modules (tools/build_native.py). A compiled module
checks its annotations at run time, where Python does not: a wrong annotation would
turn into a TypeError, and a reader's fallback or the batch's quarantine would hide it.
So the same files (samples, seed reports, generated appendices, hostile files and
damaged copies of valid ones) are prepared by both, in separate processes, and every
record, row and document must be equal.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loaders import native
from tests.fixtures.hostile import builders

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "inbox"
SEEDS = ROOT.parent / "shared" / "seeds"


def _damaged_copies(content: bytes, part: str, count: int, seed: int) -> list[bytes]:
    """Copies with bytes flipped, cut or inserted: in the raw file, and inside one XML part."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        if i % 2:
            data = bytearray(content)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            out.append(bytes(data))
        else:
            xml = bytearray(zipfile.ZipFile(io.BytesIO(content)).read(part))
            at = rng.randrange(len(xml))
            kind = rng.randrange(3)
            if kind == 0:
                xml[at] = rng.choice(b'<>&"=/ x0.9,%')
            elif kind == 1:
                del xml[at:at + rng.randint(1, 40)]
            else:
                xml[at:at] = rng.choice([b"<b>", b"</c>", b'"', b"<!--", b"\xc3", b"<v>1e400</v>"])
            out.append(builders.replace_member(content, part, bytes(xml)))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from benchmarks.bench_load import generate

    folder = tmp_path_factory.mktemp("native-corpus")
    shutil.copytree(SAMPLES, folder / "samples")
    if SEEDS.is_dir():
        shutil.copytree(SEEDS, folder / "seeds")
    generated = folder / "generated"
    generate(30, generated, seed=7)
    (generated / "manifest.json").unlink()
    hostile = folder / "hostile"
    hostile.mkdir()
    files = {
        "formulas.xlsx": builders.xlsx_with_cached_formulas(),
        "entity-bomb.xlsx": builders.xlsx_with_entity_bomb(),
        "many-members.xlsx": builders.zip_with_many_members(60),
        "encrypted.xlsx": builders.encrypted_office_file(),
        "legacy.xls": builders.legacy_xls_file(),
        "open.ods": builders.opendocument_spreadsheet(),
        "encrypted-member.docx": builders.zip_with_encrypted_member(),
        "pdf.xlsx": builders.minimal_pdf(),
        "junk.txt": builders.binary_junk(),
        "empty.csv": b"",
        "odd-values.xlsx": builders.minimal_xlsx([
            builders.APPENDIX_HEADER,
            ["1.1", "Số văn bản ban hành", "Văn bản", "5.187", None],
            ["1.2", "Tỷ lệ hoàn thành", "%", 0.634, "ghi chú"],
            ["1.3.", "Có tổ chức không", "Có = 1; Không = 0", "1", None],
            ["1.4", "Số nhiệm vụ", "Nhiệm vụ", "06 (01 nv còn hạn)", None],
            ["1.5", "Tỷ lệ", "%", "63,4%", None],
            ["1.6", "Số hồ sơ", "Hồ sơ", "12; 15", None],
            [None, None, None, None, None],
            ["2", "Hình thức", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", 2, None],
        ]),
    }
    xlsx = (SAMPLES / "dong-thap" / "tan-hong_2021-Q1.xlsx").read_bytes()
    docx = (SAMPLES / "ha-tinh" / "huong-khe_2022-H1.docx").read_bytes()
    for name, damaged in [("sheet", _damaged_copies(xlsx, "xl/worksheets/sheet1.xml", 24, 1)),
                          ("styles", _damaged_copies(xlsx, "xl/styles.xml", 16, 2)),
                          ("workbook", _damaged_copies(xlsx, "xl/workbook.xml", 8, 3)),
                          ("sheet2", _damaged_copies(xlsx, "xl/worksheets/sheet2.xml", 16, 4)),
                          ("types", _damaged_copies(xlsx, "[Content_Types].xml", 8, 6)),
                          ("relations", _damaged_copies(xlsx, "xl/_rels/workbook.xml.rels", 8, 7)),
                          ("docx", _damaged_copies(docx, "word/document.xml", 16, 5))]:
        suffix = ".docx" if name == "docx" else ".xlsx"
        files.update({f"damaged-{name}-{i:02d}{suffix}": data for i, data in enumerate(damaged)})
    for name, data in files.items():
        (hostile / name).write_bytes(data)
    return folder


def _snapshot(folder: Path, **env: str) -> dict:
    child = subprocess.run([sys.executable, "-m", "tests.fixtures.prepared_snapshot", str(folder)],
                           cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(child.stdout)


# CI builds them (make setup): there the test must run
@pytest.mark.skipif(not native.built_extensions() and not os.environ.get("CI"),
                    reason="the compiled modules are not built here (make setup)")
def test_compiled_modules_decide_every_file_as_the_sources_do(corpus):
    compiled = _snapshot(corpus)
    sources = _snapshot(corpus, **{native.PURE_PYTHON_VARIABLE: "1"})

    assert compiled["compiled"] == list(native.COMPILED_MODULES)
    assert sources["compiled"] == []
    assert len(compiled["files"]) > 150
    different = [name for name in sources["files"] if compiled["files"].get(name) != sources["files"][name]]
    assert different == []
    assert compiled["files"].keys() == sources["files"].keys()
    assert not [name for name, text in compiled["files"].items() if "object expected; got" in text]


def test_a_changed_source_sets_every_compiled_module_aside(monkeypatch, tmp_path):
    monkeypatch.delenv(native.PURE_PYTHON_VARIABLE, raising=False)
    monkeypatch.setattr(native, "built_extensions", lambda: [tmp_path / "rows.so"])
    monkeypatch.setattr(native, "STAMP", tmp_path / "native.json")
    stamp = native.stamp_for_this_interpreter()

    native.STAMP.write_text(json.dumps(stamp))
    assert native.reason_to_run_sources() is None

    stamp["sources"]["loaders.rows"] = "0" * 64
    native.STAMP.write_text(json.dumps(stamp))
    assert native.reason_to_run_sources() == "source changed since the build: loaders.rows"

    native.STAMP.unlink()
    assert native.reason_to_run_sources() == "compiled modules without native.json"


def test_the_switch_runs_the_sources_even_when_the_build_is_fresh(monkeypatch, tmp_path):
    monkeypatch.setattr(native, "built_extensions", lambda: [tmp_path / "rows.so"])
    monkeypatch.setattr(native, "STAMP", tmp_path / "native.json")
    native.STAMP.write_text(json.dumps(native.stamp_for_this_interpreter()))
    monkeypatch.setenv(native.PURE_PYTHON_VARIABLE, "1")
    assert native.reason_to_run_sources() == "CCHC_PURE_PYTHON is set"


def test_with_the_switch_no_listed_module_is_imported_from_a_compiled_file():
    code = ("import importlib; from loaders import native\n"
            "for m in native.COMPILED_MODULES: importlib.import_module(m)\n"
            "print(native.running_compiled())")
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={**os.environ, native.PURE_PYTHON_VARIABLE: "1"})
    assert child.stdout.strip() == "[]"
