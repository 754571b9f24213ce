"""Verified, resumable downloads of the published weights (or from a mirror).

The transfer uses requests (streaming, timeouts, redirects); resuming with an HTTP Range request,
the checksum and the atomic move into the cache are ours. Bytes go to a hidden
`<file>.download` beside the target; only a file whose sha256 matches is renamed into place.
A lock file (filelock, which works on Windows too) keeps two processes from writing the same
file at once: the second waits, then finds the finished file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inception_desktop.errors import Cancelled, WeightsError, msg
from inception_desktop.tasks import Stage, TaskState, ensure_state
from inception_desktop.weights.store import (
    expected_hash_text,
    hash_matches,
    official_cache_path,
    official_source,
    writable_dir,
    write_provenance,
)

MIRROR_ENV = "INCEPTION_DESKTOP_MIRROR"
DEFAULT_TIMEOUT = 30.0
CHUNK = 1 << 16


def use_mirror(url: str | None) -> None:
    """Downloads of this process come from `url` (None: the official servers)."""
    if url:
        os.environ[MIRROR_ENV] = url
    else:
        os.environ.pop(MIRROR_ENV, None)


def source_url(network: str) -> str:
    """The official URL, or `<mirror>/<network>/<file name>` when a mirror is set."""
    source = official_source(network)
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    if mirror:
        return f"{mirror.rstrip('/')}/{network}/{source.filename}"
    return source.url


def _network_error(exc: Exception, url: str, timeout: float, resumable: bool) -> WeightsError:
    import requests

    text = str(exc)
    if isinstance(exc, requests.Timeout) or "timed out" in text.lower():
        what = msg("the server stopped answering for {timeout:g} s", timeout=timeout)
    elif "NameResolution" in text or "Name or service not known" in text or \
            "getaddrinfo" in text or "nodename nor servname" in text:
        what = msg("the server's name could not be resolved (no network or DNS failure)")
    elif "Connection refused" in text or "NewConnectionError" in text or \
            "Failed to establish" in text:
        what = msg("could not connect (no network, or the server is down)")
    else:
        what = msg("the connection failed")
    if resumable:
        error = WeightsError(msg(
            "download of {url} failed: {problem}; run the command again to resume, or download "
            "the file on another machine and run `inception-desktop weights import FILE`, or "
            "set {variable} to a mirror", url=url, problem=what, variable=MIRROR_ENV))
    else:
        error = WeightsError(msg(
            "download of {url} failed: {problem}; try again later, or download the file on "
            "another machine and run `inception-desktop weights import FILE`, or set "
            "{variable} to a mirror", url=url, problem=what, variable=MIRROR_ENV))
    return _with_summary(error, _failed_summary(url, what))


def _failed_summary(url: str, problem: str) -> str:
    return msg("The download from {url} failed: {problem}.", url=url, problem=problem)


def _with_summary(error: WeightsError, summary: str) -> WeightsError:
    """The window offers its own actions (Download again, Import file…, Set mirror…) in
    place of the command-line advice: it shows only `summary`, what went wrong."""
    error.summary = summary  # type: ignore[attr-defined]
    return error


def _disk_error(exc: OSError, path: Path) -> WeightsError:
    if exc.errno == errno.ENOSPC:
        return WeightsError(msg("cannot write {path}: the disk is full; free some space or set "
                                "INCEPTION_DESKTOP_DATA_DIR to a folder on another disk",
                                path=path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WeightsError(msg("cannot write {path}: the folder is not writable; make it "
                                "writable or set INCEPTION_DESKTOP_DATA_DIR to a writable folder",
                                path=path))
    return WeightsError(msg("cannot write {path}: {reason}; check the disk", path=path,
                            reason=exc.strerror or str(exc)))


@dataclass
class _Transfer:
    """The bytes received so far into the partial file, and their running hash."""

    partial: Path
    started: float = field(default_factory=time.monotonic)
    hasher: Any = field(default_factory=hashlib.sha256)
    done: int = 0
    start_bytes: int = 0  # where this call started (for the rate)

    def resume(self) -> _Transfer:
        """Continue from a partial file an earlier call left."""
        if self.partial.is_file():
            with open(self.partial, "rb") as f:
                while chunk := f.read(1 << 20):
                    self.hasher.update(chunk)
            self.done = self.start_bytes = self.partial.stat().st_size
        return self

    def restart(self) -> None:
        self.partial.unlink(missing_ok=True)
        self.hasher, self.done, self.start_bytes = hashlib.sha256(), 0, 0


def _receive(session: Any, url: str, transfer: _Transfer, timeout: float, total_hint: int,
             label: str, state: TaskState) -> bool:
    """One request for the rest of the file -> True when it is complete, False to ask again
    at once (the server could not resume). Raises requests' errors for the caller to retry."""
    import requests

    headers = {"Range": f"bytes={transfer.done}-"} if transfer.done else {}
    with session.get(url, stream=True, timeout=(timeout, timeout),
                     headers=headers) as response:
        if response.status_code == 416 or (transfer.done and response.status_code == 200):
            transfer.restart()  # the server cannot (or will not) resume: start over
            if response.status_code == 416:
                return False
        if response.status_code >= 400:
            what = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
            raise _with_summary(WeightsError(msg(
                "download of {url} failed: {problem}; download the file on another machine and "
                "run `inception-desktop weights import FILE`, or set {variable} to a mirror",
                url=url, problem=what, variable=MIRROR_ENV)), _failed_summary(url, what))
        length = response.headers.get("Content-Length")
        total = transfer.done + int(length) if length and length.isdigit() else None
        try:
            with open(transfer.partial, "ab") as f:
                for chunk in response.iter_content(CHUNK):
                    state.check()
                    f.write(chunk)
                    transfer.hasher.update(chunk)
                    transfer.done += len(chunk)
                    elapsed = max(time.monotonic() - transfer.started, 1e-6)
                    state.progress(transfer.done, total or total_hint, label,
                                   (transfer.done - transfer.start_bytes) / elapsed, "B",
                                   Stage.DOWNLOAD)
        except OSError as exc:
            if isinstance(exc, requests.RequestException):
                raise
            transfer.partial.unlink(missing_ok=True)
            raise _disk_error(exc, transfer.partial) from None
        if total is not None and transfer.done < total:
            raise requests.ConnectionError(
                f"connection closed after {transfer.done} of {total} bytes")
    return True


def download_weights(network: str, state: TaskState | None = None,
                     timeout: float = DEFAULT_TIMEOUT, max_attempts: int = 5) -> Path:
    """Fetch, verify and install a network's published weights; return the cached path.

    Progress goes to `state` in bytes (done, total, bytes/s). Interrupted transfers resume
    (within this call while bytes keep arriving, and in a later call from the partial file).
    Raises WeightsError with one line saying what happened and what to do; `Cancelled` when
    the state is cancelled (the partial file is removed).
    """
    import requests
    from filelock import FileLock

    state = ensure_state(state)

    source = official_source(network)
    url = source_url(network)
    target = official_cache_path(network)
    writable_dir(target.parent)
    partial = target.with_name(target.name + ".download")
    with FileLock(str(target.with_name(target.name + ".lock"))):
        if target.is_file():
            from inception_desktop.weights.store import current_sha256

            if hash_matches(source, current_sha256(target)):
                return target  # another process (or an earlier run) finished it
        transfer = _Transfer(partial).resume()
        session = requests.Session()
        attempt = 0
        try:
            while True:
                attempt += 1
                before = transfer.done
                try:
                    if _receive(session, url, transfer, timeout, source.size,
                                msg("downloading {name}", name=target.name), state):
                        break
                except requests.RequestException as exc:
                    if transfer.done > before and attempt < max_attempts:
                        continue  # bytes were still arriving: resume where it stopped
                    raise _network_error(exc, url, timeout,
                                         resumable=transfer.done > 0) from None
            sha256 = transfer.hasher.hexdigest()
            if not hash_matches(source, sha256):
                partial.unlink(missing_ok=True)
                raise _with_summary(WeightsError(msg(
                    "{name} from {url} failed its checksum: expected sha256 {expected}, got "
                    "{sha256}; the file was deleted. Try again, or download the file on another "
                    "machine and run `inception-desktop weights import FILE`, or set {variable} "
                    "to a mirror", name=target.name, url=url,
                    expected=expected_hash_text(source), sha256=sha256, variable=MIRROR_ENV)),
                    msg("{name} from {url} is not the published file (its sha256 is {sha256}); "
                        "it was deleted.", name=target.name, url=url, sha256=sha256))
            try:
                os.replace(partial, target)
            except OSError as exc:
                raise _disk_error(exc, target) from None
            write_provenance(target, sha256, url, network=network, format="official")
            return target
        except Cancelled:
            partial.unlink(missing_ok=True)
            raise
