"""Compile the loader's hot modules with mypyc, in place beside their sources.

    python tools/build_native.py          # build when a source changed, else nothing
    python tools/build_native.py --force  # build again
    python tools/build_native.py --clean  # remove the compiled files (the sources run)

Run by ``make setup``. Needs a C compiler and the Python headers (``gcc`` and
``python3-dev`` on Debian); without a compiler it builds nothing and says so. The list of modules and the rules for when the compiled
files are used are in ``loaders/native.py``; with ``CCHC_PURE_PYTHON=1`` nothing is built.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders import native  # noqa: E402

BUILD_TEMP = ROOT / ".native-build"
# mypyc compiles a generator expression it cannot keep lazy into a list: a sheet that
# must stream would be read whole. Such an expression is rewritten as a generator function.
EAGER_GENERATOR = "Treating generator comprehension as list"


def compile_in_place() -> None:
    """The setuptools build itself (run in a child process, so its output can be checked)."""
    from mypyc.build import mypycify
    from setuptools import setup

    paths = [str(native.source_path(m).relative_to(ROOT)) for m in native.COMPILED_MODULES]
    options = ["--ignore-missing-imports", "--follow-imports=silent", "--disable-error-code=annotation-unchecked"]
    sys.argv = [sys.argv[0], "build_ext", "--inplace",
                "--build-temp", str(BUILD_TEMP / "temp"), "--build-lib", str(BUILD_TEMP / "lib")]
    os.chdir(ROOT)
    setup(name="kho-cchc-native", packages=[], py_modules=[],
          ext_modules=mypycify([*options, *paths], opt_level="3", group_name=native.GROUP_NAME,
                               target_dir=str(BUILD_TEMP / "c")))


def clean() -> None:
    for path in native.built_extensions():
        path.unlink()
    native.STAMP.unlink(missing_ok=True)


def build() -> int:
    clean()
    child = subprocess.run([sys.executable, __file__, "--compile-in-place"], cwd=ROOT,
                           capture_output=True, text=True)
    output = child.stdout + child.stderr
    notes = [line for line in output.splitlines()
             if not line.startswith(("gcc ", "copying ", "creating ", "building ", "running "))]
    print("\n".join(notes))
    if child.returncode != 0 or any(EAGER_GENERATOR in line for line in notes):
        clean()
        print("build_native: the build failed (above); nothing compiled is left, the sources run", file=sys.stderr)
        return 1
    native.STAMP.write_text(json.dumps(native.stamp_for_this_interpreter(), indent=1) + "\n", encoding="utf-8")
    print(f"build_native: {len(native.COMPILED_MODULES)} modules compiled")
    return 0


def main(argv: list[str]) -> int:
    if "--compile-in-place" in argv:
        compile_in_place()
        return 0
    if "--clean" in argv:
        clean()
        return 0
    if os.environ.get(native.PURE_PYTHON_VARIABLE, "").strip() not in ("", "0"):
        print(f"build_native: {native.PURE_PYTHON_VARIABLE} is set, nothing built")
        return 0
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")[0]
    if shutil.which(compiler) is None:
        # Not an error: the sources are the reference and run as they are, only slower.
        print(f"build_native: no C compiler ({compiler}) here: the loader runs as plain Python")
        return 0
    if "--force" not in argv and native.built_extensions() and native.reason_to_run_sources() is None:
        print("build_native: the compiled modules match their sources")
        return 0
    return build()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
