"""Collect the window's words into the translation sources (resources/i18n/*.ts) with Qt's
pyside6-lupdate: new strings are added as unfinished, translations kept, vanished ones
dropped. `python scripts/update_translations.py ja` starts a new language.

The words are every `translate("context", "text")` of the window and every `msg("...")` of
the core (errors and progress shown in the window; lupdate reads `msg` as `tr`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
CATALOGUE = "inception_desktop"


def lupdate_command(ts_files: list[Path], extra: tuple[str, ...] = ()) -> list[str]:
    """The one lupdate invocation (the tests run it too, into a copy)."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) \
        or shutil.which("pyside6-lupdate") or "pyside6-lupdate"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "inception_desktop").rglob("*.py"))
    return [lupdate, "-tr-function-alias", "tr+=msg", "-extensions", "py", "-no-obsolete",
            "-locations", "none", *extra, *sources, "-ts", *map(str, ts_files)]


ENGLISH_TS = I18N / f"{CATALOGUE}_en.ts"  # English plural forms only (%n image(s) -> 1 image)


def translation_files() -> list[Path]:
    return sorted(p for p in I18N.glob(f"{CATALOGUE}_*.ts") if p != ENGLISH_TS)


def main(argv: list[str]) -> int:
    ts_files = translation_files()
    for code in argv:
        new = I18N / f"{CATALOGUE}_{code}.ts"
        if new not in ts_files:
            ts_files.append(new)
    I18N.mkdir(parents=True, exist_ok=True)
    status = subprocess.call(lupdate_command([ENGLISH_TS], ("-pluralonly",)), cwd=ROOT)
    if ts_files:
        status = status or subprocess.call(lupdate_command(ts_files), cwd=ROOT)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
