"""File helpers every layer uses: hashing, atomic writes, output checks, stale-partial cleanup.

An output is written to a hidden `.<name>.<pid>-<random>.partial` beside it and renamed into
place only when complete, so a crash, a full disk or a cancel never leaves a half-written file
under the real name. The temporary file is created with the usual umask-respecting mode (not
mkstemp's 0600). Partial files whose process is gone are removed by `clean_stale_partials`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from inception_desktop.errors import AppError, OutputError, OutputWriteError, UsageError, msg

CHUNK = 1 << 20
PARTIAL_SUFFIX = ".partial"


def open_regular(path: str | os.PathLike[str], what: str = "",
                 error: type[AppError] = UsageError) -> int:
    """Open a file for reading -> its descriptor, only if it is a regular file: a device
    (/dev/zero reads forever), a named pipe (opening one waits for a writer, forever) or a
    socket is refused at once in one line (`error`, naming `what` and the path)."""
    label = msg("{what} {path}", what=what, path=path) if what else str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) |
                     getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(msg("{file}: no such file", file=label)) from None
    except IsADirectoryError:
        raise error(msg("{file} is a folder; give a file", file=label)) from None
    except OSError as exc:
        raise error(msg("{file}: cannot be read ({reason})", file=label,
                        reason=exc.strerror or str(exc))) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise error(msg("{file} is a folder; give a file", file=label))
        raise error(msg("{file} is not a regular file (a device, a pipe or a socket); give a "
                        "file", file=label))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def check_regular_file(path: str | os.PathLike[str], what: str = "",
                       error: type[AppError] = UsageError) -> None:
    """Refuse anything but a readable regular file (see `open_regular`)."""
    os.close(open_regular(path, what, error))


def read_regular_file(path: str | os.PathLike[str], what: str, limit: int,
                      error: type[AppError] = UsageError) -> bytes:
    """The bytes of a small regular file, at most `limit` of them (one line when larger)."""
    fd = open_regular(path, what, error)
    try:
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise error(msg("{what} {path}: cannot be read ({reason})", what=what, path=path,
                        reason=exc.strerror or str(exc))) from None
    finally:
        os.close(fd)
    if total > limit:
        raise error(msg("{what} {path} is larger than {limit:,} bytes; give the right file",
                        what=what, path=path, limit=limit))
    return b"".join(chunks)


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def short_hash(sha256: str | None, n: int = 12) -> str:
    """The first `n` hex digits of a hash, as shown to people ("" for None)."""
    return sha256[:n] if sha256 else ""


def named(path: str | os.PathLike[str]) -> str:
    """'photo.jpg in /home/ana/Pictures': how a message names a file or folder, its own name
    first and its folder after (a long absolute path never comes before what it is about)."""
    p = Path(path)
    parent = str(p.parent)
    if not p.name or parent in ("", "."):
        return str(p)
    return msg("{name} in {folder}", name=p.name, folder=parent)


def disk_error_text(exc: OSError, path: Path | str) -> str:
    """One line for a failed write: what happened and what to do (the file's name first)."""
    where = named(path)
    if exc.errno == errno.ENOSPC:
        return msg("cannot write {file}: the disk is full; free some space or choose a folder "
                   "on another disk", file=where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return msg("cannot write {file}: the folder is not writable; choose a writable place",
                   file=where)
    if exc.errno == errno.ENOTDIR:
        return msg("cannot write {file}: a part of the path is a file, not a folder",
                   file=where)
    return msg("cannot write {file}: {reason}", file=where, reason=exc.strerror or str(exc))


def _partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}"
                            f"{PARTIAL_SUFFIX}")


def _new_empty_file(path: Path) -> None:
    """Create `path` empty, with the umask's usual mode (not mkstemp's 0600); never an existing
    file."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))


def _probe_writing(target: Path) -> None:
    """Write and remove an empty file beside `target`: what permissions do not tell (a file
    system that refuses, a full disk) shows before any work. Raises the OSError."""
    probe = _partial_name(target)
    _new_empty_file(probe)
    probe.unlink()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` atomically.

    On any exception the temporary file is removed and `target` is untouched. The temporary
    file exists (empty, mode 0666 less the umask) when the block starts.
    """
    target = Path(target)
    tmp = _partial_name(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _new_empty_file(tmp)
    except OSError as exc:
        raise _write_error(exc, target) from None
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, OutputWriteError):
            raise _write_error(exc, target) from None
        raise


def _write_error(exc: OSError, target: Path) -> OutputWriteError:
    """Any failed write of an output is one line naming the output, never a traceback."""
    return OutputWriteError(disk_error_text(exc, target), exc.errno)


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: str | os.PathLike[str], text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def finite_or_none(data: Any) -> Any:
    """`data` with every float that is not a finite number replaced by None (JSON has no
    NaN; a diverged loss is reported as null, never as NaN)."""
    if isinstance(data, float):
        return data if data == data and data not in (float("inf"), float("-inf")) else None
    if isinstance(data, dict):
        return {k: finite_or_none(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite_or_none(v) for v in data]
    return data


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON that never holds NaN or infinity (they are not JSON; a reader would choke), and
    whose text is always valid UTF-8: a file name that is not UTF-8 holds surrogate escapes
    (as Python decodes it), written as JSON's own \\udcXX escapes, which read back as the
    same name (os.fsencode gives the original bytes)."""
    text = json.dumps(finite_or_none(data), indent=indent, allow_nan=False, ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def atomic_write_json(target: str | os.PathLike[str], data: Any) -> Path:
    return atomic_write_text(target, json_text(data) + "\n")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or a platform that cannot tell: keep it
    return True


def clean_stale_partials(folder: str | os.PathLike[str], max_age_s: float = 24 * 3600,
                         prefix: str = "") -> int:
    """Remove `.*.partial` files left by processes that are gone (killed mid-write), or older
    than `max_age_s` -> how many were removed. With `prefix`, only the partial files of that
    output (`.<prefix>.<pid>-<random>.partial`). Never raises."""
    removed = 0
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return 0
    now = time.time()
    for path in entries:
        name = path.name
        if not (name.startswith(f".{prefix}") and name.endswith(PARTIAL_SUFFIX)):
            continue
        try:
            pid = int(name[:-len(PARTIAL_SUFFIX)].rsplit(".", 1)[-1].split("-")[0])
        except ValueError:
            pid = -1
        try:
            old = now - path.stat().st_mtime > max_age_s
            if old or pid <= 0 or not _pid_alive(pid):
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


@contextlib.contextmanager
def output_lock(target: str | os.PathLike[str]) -> Iterator[None]:
    """Hold a lock on one output across threads and processes (two `export-onnx` or
    `quantize` runs writing the same file wait for each other). On POSIX the lock is an
    flock of the output's folder (no lock file is left anywhere); elsewhere a lock file in
    the temporary folder, named by the output's resolved path."""
    folder = Path(target).expanduser().resolve().parent
    try:
        import fcntl
    except ImportError:  # Windows
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock
        return
    import tempfile

    from filelock import FileLock

    locks = Path(tempfile.gettempdir()) / "inception-desktop-locks"
    locks.mkdir(exist_ok=True)
    key = hashlib.sha256(str(Path(target).expanduser().resolve()).encode()).hexdigest()[:32]
    with FileLock(str(locks / f"{key}.lock")):
        yield


def check_output_path(value: str | os.PathLike[str], what: str, suffixes: Iterable[str] = (),
                      others: Iterable[tuple[str, str | os.PathLike[str] | None]] = ()) -> Path:
    """Check an output path before any work starts -> the path.

    Refused as a usage mistake (exit 2), each with one line naming the option: a suffix other
    than `suffixes` (when given), an existing folder, a path equal to another output of the
    same command (`others`: (option, path) pairs), and a parent folder that does not exist or
    cannot be written.
    """
    path = Path(value).expanduser()
    allowed = tuple(suffixes)
    if path.is_dir():
        raise UsageError(msg("{what} {path} is a folder; give a file name inside it, such as "
                             "{example}", what=what, path=path,
                             example=path / ('output' + (allowed[0] if allowed else ''))))
    if allowed and path.suffix.lower() not in allowed:
        raise UsageError(msg("{what} {path}: the file name must end in {allowed}",
                             what=what, path=path, allowed=' or '.join(allowed)))
    resolved = path.resolve()
    for option, other in others:
        if other is not None and Path(other).expanduser().resolve() == resolved:
            raise UsageError(msg("{what} and {option} are the same file ({path}); give each its "
                                 "own name", what=what, option=option, path=path))
    parent = resolved.parent
    if not parent.exists():
        raise UsageError(msg("{what} {path}: the folder {parent} does not exist",
                             what=what, path=path, parent=parent))
    if not parent.is_dir():
        raise UsageError(msg("{what} {path}: {parent} is a file, not a folder",
                             what=what, path=path, parent=parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(msg("{what} {path}: the folder {parent} is not writable",
                             what=what, path=path, parent=parent))
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(msg("{what} {path} exists and is read-only", what=what, path=path))
    try:
        _probe_writing(path)
    except OSError as exc:
        raise UsageError(msg("{what}: {problem}", what=what,
                             problem=disk_error_text(exc, path))) from None
    return path


def writable_folder(folder: Path, what: str, fix: str) -> Path:
    """Create `folder` (and parents) and check it can be written -> it, or one line saying
    why not and what to do (`fix`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _probe_writing(folder / "write-test")
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            why = msg("the disk is full")
        elif exc.errno in (errno.ENOTDIR, errno.EEXIST) or folder.is_file() or \
                any(p.is_file() for p in folder.parents):
            why = msg("a part of the path is a file, not a folder")
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            why = msg("it is not writable")
        else:
            why = exc.strerror or str(exc)
        raise OutputError(msg("cannot use the {what} {folder}: {why}; {fix}",
                              what=what, folder=folder, why=why, fix=fix)) from None
    return folder
