"""Files the app derives from weights (ONNX exports, int8 exports, caches, indexes) are
checked the way the weights are: each records the digest of what it was made from and its
own digest (sha256) with its signature (size, mtime, ctime, inode) at that moment. While the
signature is unchanged the recorded digest is trusted; when it changed (any write changes
the ctime, which no tool can set back), the file is hashed again, and a digest that differs
means the file changed since the app made it: it is made again, with one line saying so.

Small per-entry caches (a feature vector, a cached prediction, a channel index) are hashed
on every read instead: cheaper than a stat and a record.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from inception_desktop.errors import msg
from inception_desktop.fileio import file_sha256, short_hash

SIGNATURE_KEYS = ("size", "mtime_ns", "ctime_ns", "inode")


def signature(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns,
            "inode": st.st_ino}


def file_record(path: Path) -> dict[str, Any]:
    """What to record of a file just written: its sha256 and its signature."""
    return {"sha256": file_sha256(path), **signature(path)}


def check_file(path: Path, record: Any, bundled: bool = False) -> tuple[bool, str | None]:
    """-> (whether `path` is the file recorded, the sha256 it has now when it was hashed).

    The signature first (bundled files: the size only, as installing a bundle changes their
    times); the hash when the signature changed."""
    if not isinstance(record, dict) or not isinstance(record.get("sha256"), str):
        return False, None
    try:
        now = signature(path)
    except OSError:
        return False, None
    keys = ("size",) if bundled else SIGNATURE_KEYS
    if all(record.get(k) == now[k] for k in keys):
        return True, None
    try:
        digest = file_sha256(path)
    except OSError:
        return False, None
    return digest == record["sha256"], digest


def changed_line(what: str, path: Path, recorded: str | None, now: str | None) -> str:
    """The words that say a derived file changed (the caller adds what it does about it)."""
    if now and recorded:
        return msg("{what} {path} changed since it was made (sha256 {now}..., recorded "
                   "{recorded}...)", what=what, path=path, now=short_hash(now),
                   recorded=short_hash(recorded))
    return msg("{what} {path} changed since it was made", what=what, path=path)


def entry_digest(source: str, key: str, payload: bytes) -> str:
    """The digest a cache entry records: of what it was made from, its key and its bytes."""
    digest = hashlib.sha256()
    for part in (source.encode(), key.encode(), payload):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()
