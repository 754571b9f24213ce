"""The window's compiled translations for tests: `make` builds them; a test run started by
hand (pytest alone) builds the stale ones here, with the same tool."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"


def lrelease() -> str:
    return shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) \
        or "pyside6-lrelease"


def ensure_compiled() -> None:
    """Compile the stale .qm files, each under a name of its own then renamed into place:
    the test processes of `pytest -n 2` may do it at the same time."""
    for ts in sorted(I18N.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            part = qm.with_name(f".{qm.name}.{os.getpid()}.partial")
            subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(part)], check=True)
            os.replace(part, qm)
