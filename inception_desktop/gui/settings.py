"""The window's settings: a small versioned JSON file in the platformdirs config folder.

A corrupt or unreadable file never stops the app: it is moved aside as a backup and the
defaults are used.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from inception_desktop.fileio import atomic_path
from inception_desktop.paths import config_dir

SETTINGS_VERSION = 1
MAX_RECENT = 10


@dataclass
class Settings:
    network: str = "inception_v3"
    weights: str | None = None  # name of installed weights (custom models), None: pretrained
    backend: str = "auto"
    device: str = "auto"
    colormap: str = "viridis"
    normalization: str = "channel"
    channel_order: str = "index"
    overlay_opacity: float = 0.5
    geometry: str | None = None  # QMainWindow.saveGeometry(), base64
    window_state: str | None = None
    recent_files: list[str] = field(default_factory=list)
    untrained_ok: list[str] = field(default_factory=list)  # networks run untrained by choice

    def add_recent(self, path: str) -> None:
        self.recent_files = [path] + [p for p in self.recent_files if p != path]
        del self.recent_files[MAX_RECENT:]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """-> (settings, a warning for the user or None). Never raises for a bad file."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != SETTINGS_VERSION:
            raise ValueError(f"unsupported settings version {data.get('version')!r}"
                             if isinstance(data, dict) else "not a JSON object")
        known = {f.name for f in fields(Settings)}
        settings = Settings(**{k: v for k, v in data.items() if k in known})
        _check_types(settings)
        return settings, None
    except (OSError, ValueError, TypeError) as exc:
        backup = path.with_name(f"settings.corrupt-{time.strftime('%Y%m%d-%H%M%S')}.json")
        try:
            path.replace(backup)
        except OSError:
            backup = path
        return Settings(), (f"The settings file could not be read ({exc}); defaults are used "
                            f"and the old file was kept as {backup.name}.")


def _check_types(settings: Settings) -> None:
    defaults = Settings()
    for f in fields(Settings):
        value, default = getattr(settings, f.name), getattr(defaults, f.name)
        if default is None or value is None:
            continue
        if isinstance(default, float) and isinstance(value, int):
            continue
        if not isinstance(value, type(default)):
            raise TypeError(f"setting {f.name!r} has the wrong type")


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    except OSError:
        pass  # settings are a convenience: a read-only config folder must not break the app
