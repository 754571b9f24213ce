"""Where the app keeps its files (platformdirs), overridable for tests and portable installs.

`INCEPTION_DESKTOP_DATA_DIR` replaces the whole data folder (weights, exported models, caches);
`INCEPTION_DESKTOP_CONFIG_DIR` replaces the settings folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from inception_desktop import APP_NAME


def data_dir() -> Path:
    override = os.environ.get("INCEPTION_DESKTOP_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("INCEPTION_DESKTOP_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def weights_dir() -> Path:
    """The writable weight cache: `<data>/weights/<network>/<file>`."""
    return data_dir() / "weights"


def bundled_weights_dirs() -> list[Path]:
    """Read-only weight folders shipped with the app, looked up before the cache.

    A frozen (PyInstaller) bundle carries `weights/` inside it; a source or pip install may
    have `weights/` beside the package folder. Same layout as the cache.
    """
    candidates = []
    override = os.environ.get("INCEPTION_DESKTOP_BUNDLED_WEIGHTS")
    if override:
        candidates.append(Path(override))
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "weights")
        candidates.append(Path(sys.executable).parent / "weights")
    candidates.append(Path(__file__).resolve().parent.parent / "weights")
    seen, out = set(), []
    for path in candidates:
        if path.is_dir() and path.resolve() != weights_dir().resolve() and path not in seen:
            seen.add(path)
            out.append(path)
    return out
