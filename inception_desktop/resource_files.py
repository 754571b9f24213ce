"""Finding the app's data files (labels, colormaps, icon) wherever the app runs: an installed
package (`inception_desktop.resources`), a source checkout (`resources/`) or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(name: str) -> Path:
    candidates = []
    try:
        from importlib import resources

        candidates.append(Path(str(resources.files("inception_desktop.resources").joinpath(name))))
    except (ModuleNotFoundError, TypeError, FileNotFoundError):
        pass
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
                          / "resources" / name)
    candidates.append(Path(__file__).resolve().parent.parent / "resources" / name)
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"the app's data file {name} is missing (looked in "
                            f"{', '.join(str(c.parent) for c in candidates)}); reinstall the app")


def resource_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
