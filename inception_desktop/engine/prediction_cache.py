"""Per-image predictions (logits) cached on disk, so that a second evaluation of the same
folder, or one after an interruption, only computes what is new.

One SQLite file (stdlib; transactions, so an interrupted write never leaves half an entry)
per model identity: network, weights sha256, backend, precision and number of classes. An
image's key is its resolved path, size and mtime: a changed file is computed again. A damaged
cache file is replaced by an empty one (the cache repairs itself); a data folder that cannot
be written means no cache, never an error.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from inception_desktop.errors import OutputError
from inception_desktop.fileio import short_hash
from inception_desktop.paths import writable_data_subdir


def image_key(path: Path) -> str:
    st = path.stat()
    raw = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def cache_name(network: str, sha256: str | None, backend: str, precision: str,
               classes: int) -> str:
    return (f"{network}-{short_hash(sha256, 16) or 'untrained'}-{backend}-{precision}-"
            f"{classes}.sqlite")


class PredictionCache:
    def __init__(self, name: str, width: int) -> None:
        self.width = width
        self.path: Path | None = None
        self.db: sqlite3.Connection | None = None
        self.problem: str | None = None
        try:
            self.path = writable_data_subdir("predictions") / name
        except OutputError as exc:
            self.problem = str(exc)
            return
        self._open()

    def _open(self) -> None:
        assert self.path is not None
        for attempt in range(2):
            try:
                db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS logits (key TEXT PRIMARY KEY, "
                           "value BLOB NOT NULL)")
                db.execute("SELECT count(*) FROM logits").fetchone()
                self.db = db
                return
            except sqlite3.Error as exc:
                if attempt:
                    self.problem = f"the prediction cache cannot be used ({exc})"
                    return
                self.path.unlink(missing_ok=True)  # damaged: start again, empty

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        if self.db is None or not keys:
            return {}
        out: dict[str, np.ndarray] = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = self.db.execute(
                    f"SELECT key, value FROM logits WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk).fetchall()
                for key, blob in rows:
                    if isinstance(blob, bytes) and len(blob) == 4 * self.width:
                        out[key] = np.frombuffer(blob, dtype="<f4").copy()
        except sqlite3.Error:
            self._reset()
            return {}
        return out

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        if self.db is None or not items:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO logits VALUES (?, ?)",
                                    [(k, np.asarray(v, "<f4").tobytes()) for k, v in items])
        except sqlite3.Error:
            self._reset()

    def _reset(self) -> None:
        self.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self._open()

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None
