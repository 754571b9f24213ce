"""The window's settings: a small versioned JSON file in the platformdirs config folder.

The file is untrusted input: every value is checked (type, range, known name) and a bad one
falls back to its default alone, with a warning naming it. A file that is not a JSON object
at all is moved aside as a backup and the defaults are used. Nothing in it can stop the
window from opening.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from inception_desktop.errors import Message, msg
from inception_desktop.fileio import atomic_path
from inception_desktop.models import default_network
from inception_desktop.paths import config_dir, default_precision

SETTINGS_VERSION = 1
MAX_RECENT = 10
MAX_TEXT = 4096


@dataclass
class Settings:
    network: str = field(default_factory=lambda: default_network())
    weights: str | None = None  # name of installed weights (custom models), None: pretrained
    backend: str = "auto"
    device: str = "auto"
    precision: str = field(default_factory=lambda: default_precision())
    colormap: str = "viridis"
    normalization: str = "channel"
    channel_order: str = "index"
    overlay_opacity: float = 0.5
    tile_size: int = 64
    geometry: str | None = None  # QMainWindow.saveGeometry(), base64
    window_state: str | None = None
    recent_files: list[str] = field(default_factory=list)
    untrained_ok: list[str] = field(default_factory=list)  # networks run untrained by choice
    serve_port: int = 8000
    mirror: str | None = None  # a download mirror (http/https), None: the official servers
    eval_folder: str | None = None  # the Evaluate tab's last labelled folder
    export_folder: str | None = None  # where the last export was saved (save dialogs start there)
    language: str = "system"  # system (the locale's), en, or a translation's code (ko, ...)

    def add_recent(self, path: str) -> None:
        self.recent_files = [path] + [p for p in self.recent_files if p != path]
        del self.recent_files[MAX_RECENT:]


def _one_of(choices: Callable[[], tuple[str, ...] | list[str]]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in choices()


def _text_or_none(v: Any) -> bool:
    return v is None or (isinstance(v, str) and 0 < len(v) <= 20_000)


def _number_in(low: float, high: float, integer: bool = False) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return False
        if integer and not isinstance(v, int):
            return False
        return math.isfinite(v) and low <= v <= high
    return check


def _networks() -> list[str]:
    from inception_desktop.models import list_models

    return list_models()


def _backends() -> tuple[str, ...]:
    from inception_desktop.engine.registry import BACKENDS

    return BACKENDS


def _devices() -> tuple[str, ...]:
    from inception_desktop.engine.backend import DEVICES

    return DEVICES


def _colormaps() -> tuple[str, ...]:
    from inception_desktop.engine.featuremaps import COLORMAPS

    return COLORMAPS


def _normalizations() -> tuple[str, ...]:
    from inception_desktop.engine.featuremaps import NORMALIZATIONS

    return NORMALIZATIONS


def _orders() -> tuple[str, ...]:
    from inception_desktop.engine.featuremaps import ORDERS

    return ORDERS


def _languages() -> tuple[str, ...]:
    from inception_desktop.gui.i18n import SYSTEM, available_languages

    return (SYSTEM, *available_languages())


def _string_list(v: Any) -> bool:
    return isinstance(v, list)


# A check for every setting; lists are cleaned item by item instead.
_CHECKS: dict[str, Callable[[Any], bool]] = {
    "network": _one_of(_networks),
    "weights": lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= MAX_TEXT),
    "backend": _one_of(_backends),
    "device": _one_of(_devices),
    "precision": _one_of(lambda: ("auto", "fp32", "bf16", "int8")),
    "colormap": _one_of(_colormaps),
    "normalization": _one_of(_normalizations),
    "channel_order": _one_of(_orders),
    "overlay_opacity": _number_in(0.0, 1.0),
    "tile_size": _number_in(32, 160, integer=True),
    "geometry": _text_or_none,
    "window_state": _text_or_none,
    "recent_files": _string_list,
    "untrained_ok": _string_list,
    "serve_port": _number_in(1024, 65535, integer=True),
    "mirror": lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= MAX_TEXT and
                                      v.startswith(("http://", "https://"))),
    "eval_folder": lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= MAX_TEXT),
    "export_folder": lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= MAX_TEXT),
    "language": _one_of(_languages),
}


def _clean_list(name: str, value: list[Any]) -> list[str]:
    if name == "untrained_ok":
        known = _networks()
        return list(dict.fromkeys(v for v in value if isinstance(v, str) and v in known))
    items = [v for v in value if isinstance(v, str) and 0 < len(v) <= MAX_TEXT
             and "\x00" not in v]
    return list(dict.fromkeys(items))[:MAX_RECENT]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def parse_settings(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Settings from a decoded JSON object -> (settings, names of the values reset)."""
    settings = Settings()
    reset = []
    for f in fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        try:
            ok = _CHECKS[f.name](value)
        except Exception:
            ok = False
        if not ok:
            reset.append(f.name)
            continue
        if isinstance(value, list):
            cleaned = _clean_list(f.name, value)
            if len(cleaned) != len(value):
                reset.append(f.name)
            value = cleaned
        elif f.name in ("overlay_opacity",):
            value = float(value)
        setattr(settings, f.name, value)
    return settings, reset


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """-> (settings, a warning for the user or None). Never raises for a bad file."""
    path = path or settings_path()
    try:
        if not path.exists():
            return Settings(), None
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(msg("not a JSON object"))
        if data.get("version") != SETTINGS_VERSION:
            raise ValueError(msg("unsupported settings version {version}",
                                 version=repr(data.get("version"))))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        backup = path.with_name(f"settings.corrupt-{time.strftime('%Y%m%d-%H%M%S')}.json")
        try:
            path.replace(backup)
        except OSError:
            backup = path
        reason: str = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if exc.args and isinstance(exc.args[0], Message) and "\n" not in exc.args[0]:
            reason = exc.args[0]  # ours, short: kept with its template (translated)
        return Settings(), msg("The settings file could not be read ({reason}); defaults are "
                               "used and the old file was kept as {backup}.",
                               reason=reason, backup=backup.name)
    settings, reset = parse_settings(data)
    if reset:
        return settings, msg("Some settings were invalid and were reset to their defaults: "
                             "{names}.", names=", ".join(reset))
    return settings, None


def language_setting(path: Path | None = None) -> str:
    """The Language setting alone, read without touching the file (the translations must be
    loaded before the window, and `load_settings` reports a bad file once, to the window)."""
    try:
        data = json.loads((path or settings_path()).read_text(encoding="utf-8"))
        value = data.get("language") if isinstance(data, dict) else None
        return value if _CHECKS["language"](value) else "system"
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return "system"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(data, indent=2, allow_nan=False), encoding="utf-8")
    except (OSError, ValueError):
        pass  # settings are a convenience: a read-only config folder must not break the app
