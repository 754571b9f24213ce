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


def main(argv: list[str]) -> int:
    ts_files = sorted(I18N.glob(f"{CATALOGUE}_*.ts"))
    for code in argv:
        new = I18N / f"{CATALOGUE}_{code}.ts"
        if new not in ts_files:
            ts_files.append(new)
    if not ts_files:
        print("no translation yet: name a language, e.g. ko", file=sys.stderr)
        return 2
    I18N.mkdir(parents=True, exist_ok=True)
    return subprocess.call(lupdate_command(ts_files), cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
