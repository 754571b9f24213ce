"""A dependency-free progress bar for the command line (stderr, only on a terminal).

Windowed builds have `sys.stderr = None`; the bar then stays silent instead of crashing.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def ensure_streams() -> None:
    """Windowed builds (PyInstaller on Windows/macOS) start with sys.stdout = sys.stderr =
    None: point them at the null device so that printing never crashes."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


class ProgressBar:
    def __init__(self, label: str, total: float | None = None, unit: str = "",
                 stream: TextIO | None = None, min_interval: float = 0.1) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(self.stream is not None and getattr(self.stream, "isatty", None)
                            and self.stream.isatty())
        self.min_interval = min_interval
        self._last = 0.0
        self._shown = False

    def update(self, done: float, total: float | None = None, extra: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        total = total if total is not None else self.total
        if now - self._last < self.min_interval and not (total and done >= total):
            return
        self._last = now
        if total:
            frac = min(done / total, 1.0)
            bar = "#" * int(frac * 30)
            text = f"\r{self.label} [{bar:<30}] {frac * 100:5.1f}%"
        else:
            text = f"\r{self.label} {done:g}{self.unit}"
        self.stream.write(f"{text} {extra}".rstrip() + "\033[K")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
