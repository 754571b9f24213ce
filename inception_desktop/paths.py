"""Where the app keeps its files (platformdirs), overridable for tests and portable installs.

`INCEPTION_DESKTOP_DATA_DIR` replaces the whole data folder (weights, exported models, caches);
else `data-folder.txt` in the settings folder names where the window moved it;
`INCEPTION_DESKTOP_CONFIG_DIR` replaces the settings folder. Every kind of file the app keeps
has one named sub-folder here, so the cache command can account for all of them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from inception_desktop import APP_NAME
from inception_desktop.errors import msg

DATA_POINTER = "data-folder.txt"  # in the settings folder: where a moved data folder is


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """`INCEPTION_DESKTOP_DATA_DIR`, else the folder the data folder was moved to (the
    window's Data folder ▸ Move…, recorded in the settings folder), else the platform's."""
    override = os.environ.get("INCEPTION_DESKTOP_DATA_DIR")
    if override:
        return Path(override).expanduser()
    try:
        moved = (config_dir() / DATA_POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        moved = ""
    if moved and Path(moved).is_absolute():
        return Path(moved)
    return default_data_dir()


def config_dir() -> Path:
    override = os.environ.get("INCEPTION_DESKTOP_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


DATA_DIR_FIX = msg("set INCEPTION_DESKTOP_DATA_DIR to a writable folder, or free some space")

# The data folder's sub-folders, by kind (`inception-desktop cache list` names them so).
KINDS = {
    "weights": "weights",  # <network>/<file>, imported/, custom/
    "exports": "onnx",  # ONNX exports (fp32 and quantized), one per network x weights
    "features": "feature-cache",  # pooled features for head-mode fine-tuning
    "predictions": "prediction-cache",  # per-image predictions of `evaluate`
    "indexes": "channel-index",  # top images per channel (`top-images`)
    "runs": "training-runs",  # the window's fine-tuning runs
    "logs": "logs",  # crash reports
    "tuning": "tuning",  # measured backend choices and CPU checks
    "compiled": "openvino-cache",  # OpenVINO's compiled models (its CACHE_DIR)
}


def data_subdir(kind: str) -> Path:
    """The folder of one kind of file (see KINDS); not created."""
    return data_dir() / KINDS[kind]


def writable_data_subdir(kind: str) -> Path:
    """The folder of one kind of file, created; an OutputError in one line saying what to do
    when the data folder cannot be written (a file, read-only, full)."""
    from inception_desktop.fileio import writable_folder

    return writable_folder(data_subdir(kind), msg("data folder"), DATA_DIR_FIX)


def weights_dir() -> Path:
    """The writable weight cache: `<data>/weights/<network>/<file>`."""
    return data_subdir("weights")


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


def bundled_exports_dirs() -> list[Path]:
    """Read-only ONNX exports shipped with a bundle (not "onnx/": in the full bundle that is
    the onnx Python package)."""
    return bundled_dirs("onnx-exports", "INCEPTION_DESKTOP_BUNDLED_ONNX")


def bundle_info() -> dict[str, object]:
    """BUILD-INFO.json of a desktop bundle ({} when not running from one)."""
    import json

    if not getattr(sys, "frozen", False):
        return {}
    for folder in (Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)),
                   Path(sys.executable).parent):
        try:
            data = json.loads((folder / "BUILD-INFO.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return {}


def default_precision() -> str:
    """auto (the fastest measured here), or what a bundle that ships only int8 exports runs."""
    value = bundle_info().get("default_precision")
    return value if value in ("auto", "fp32", "bf16", "int8") else "auto"
