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


def bundled_dirs(name: str, env: str, beside_package: bool = False) -> list[Path]:
    """Read-only folders called `name` shipped with the app, that exist, in lookup order:
    `$env`, inside a frozen (PyInstaller) bundle, beside its executable, and with
    `beside_package` next to the package folder of a source or pip install."""
    candidates = []
    override = os.environ.get(env)
    if override:
        candidates.append(Path(override))
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / name)
        candidates.append(Path(sys.executable).parent / name)
    if beside_package:
        candidates.append(Path(__file__).resolve().parent.parent / name)
    out: list[Path] = []
    for path in candidates:
        if path.is_dir() and path.resolve() not in {p.resolve() for p in out}:
            out.append(path)
    return out


def bundled_weights_dirs() -> list[Path]:
    """Read-only weight folders shipped with the app (same layout as the cache), looked up
    before the cache."""
    cache = weights_dir().resolve()
    return [d for d in bundled_dirs("weights", "INCEPTION_DESKTOP_BUNDLED_WEIGHTS",
                                    beside_package=True) if d.resolve() != cache]
