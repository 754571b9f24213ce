"""Per-image predictions (logits) cached on disk, so that a second evaluation of the same
folder, or one after an interruption, only computes what is new.

One SQLite file (stdlib; transactions, so an interrupted write never leaves half an entry)
per model identity: network, weights sha256, backend, precision and number of classes. An
image's key is its resolved path, size and mtime: a changed file is computed again. A damaged
cache file is replaced by an empty one (the cache repairs itself); a data folder that cannot
be written means no cache, never an error.

The cache is derived from the model, and checked as such (`weights.derived`): it records what
it was made from (`source`: the weights' and the export's digests, runtime, precision), and
each entry its own digest (of the source, its key and its logits). A cache made from another
source is emptied; an entry whose bytes changed is computed again; both counted in
`changed` for the one line the caller says.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from inception_desktop.errors import OutputError, cause, msg
from inception_desktop.fileio import short_hash
from inception_desktop.paths import writable_data_subdir
from inception_desktop.weights.derived import entry_digest


def image_key(path: Path) -> str:
    st = path.stat()
    raw = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


FORMAT = 2  # 2: entries carry their digest, the file its source


def cache_name(network: str, sha256: str | None, backend: str, precision: str,
               classes: int) -> str:
    return (f"{network}-{short_hash(sha256, 16) or 'untrained'}-{backend}-{precision}-"
            f"{classes}-v{FORMAT}.sqlite")


class PredictionCache:
    def __init__(self, name: str, width: int, source: str = "") -> None:
        self.width = width
        self.source = source
        self.path: Path | None = None
        self.db: sqlite3.Connection | None = None
        self.problem: str | None = None
        self.changed = 0  # entries whose bytes were not what they recorded
        self.emptied: str | None = None  # why the whole cache was emptied, if it was
        try:
            self.path = writable_data_subdir("predictions") / name
        except OutputError as exc:
            self.problem = cause(exc)
            return
        self._open()

    def _open(self) -> None:
        assert self.path is not None
        for attempt in range(2):
            try:
                db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                with db:
                    db.execute("CREATE TABLE IF NOT EXISTS logits (key TEXT PRIMARY KEY, "
                               "value BLOB NOT NULL, digest TEXT NOT NULL)")
                    db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, "
                               "value TEXT NOT NULL)")
                    row = db.execute("SELECT value FROM meta WHERE name = 'source'").fetchone()
                    if row is not None and row[0] != self.source:
                        db.execute("DELETE FROM logits")
                        self.emptied = msg("the prediction cache {path} was made from other "
                                           "weights or another export; it was emptied",
                                           path=self.path)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)",
                               (self.source,))
                self.db = db
                return
            except sqlite3.Error as exc:
                if attempt:
                    self.problem = msg("the prediction cache cannot be used ({reason})",
                                       reason=str(exc))
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
                    "SELECT key, value, digest FROM logits WHERE key IN "
                    f"({','.join('?' * len(chunk))})", chunk).fetchall()
                for key, blob, digest in rows:
                    if isinstance(blob, bytes) and len(blob) == 4 * self.width and \
                            digest == entry_digest(self.source, key, blob):
                        out[key] = np.frombuffer(blob, dtype="<f4").copy()
                    else:  # changed since it was written: computed again
                        self.changed += 1
        except sqlite3.Error:
            self._reset()
            return {}
        return out

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        if self.db is None or not items:
            return
        try:
            with self.db:
                rows = []
                for key, value in items:
                    blob = np.asarray(value, "<f4").tobytes()
                    rows.append((key, blob, entry_digest(self.source, key, blob)))
                self.db.executemany("INSERT OR REPLACE INTO logits VALUES (?, ?, ?)", rows)
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
