"""The one crash log of the app: what a bug (an error that is not the user's) leaves behind.

The command line's error boundary (`cli.main`) and the window's task runner (`gui.tasks`) both
call `write_crash_log`, so a bug's full traceback always lands in
`<data folder>/logs/crash-<time>.log` (the temporary folder when that cannot be written), and
the person sees one line naming that file. `is_user_error` is the one rule telling a user's
problem (one line, no log) from a bug. No Qt, no torch.
"""

from __future__ import annotations

import errno
from pathlib import Path

from inception_desktop.errors import AppError, Cancelled

# Conditions of the machine or the user's files, not bugs: a full disk (`> /dev/full`), no
# permission, an I/O error of the device, a read-only file system.
USER_IO_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EACCES,
                            errno.EPERM, errno.EROFS})


def is_user_error(exc: BaseException) -> bool:
    """True for what the person can cause or fix (an `AppError`, a full disk, no permission,
    out of memory) or asked for (a cancel, an interrupt): one line, and no crash log."""
    if isinstance(exc, (AppError, Cancelled, KeyboardInterrupt, MemoryError)):
        return True
    return isinstance(exc, OSError) and exc.errno in USER_IO_ERRORS


def crash_log_folders() -> list[Path]:
    """Where crash logs go, in order: the data folder's logs, then the temporary folder."""
    import tempfile

    candidates = []
    try:
        from inception_desktop.paths import data_subdir

        candidates.append(data_subdir("logs"))
    except Exception:  # a broken data-folder setting must not hide the bug being reported
        pass
    candidates.append(Path(tempfile.gettempdir()))
    return candidates


def write_crash_log(exc: BaseException, context: str = "",
                    traceback_text: str | None = None) -> str:
    """Write a bug's report (version, platform, `context`, the traceback) -> the log's path.

    `traceback_text` is the traceback as captured where the error happened (a worker thread);
    by default it is formatted from `exc` itself."""
    import datetime as _dt
    import platform
    import traceback

    from inception_desktop import __version__

    if traceback_text is None:
        traceback_text = "".join(traceback.format_exception(type(exc), exc,
                                                            exc.__traceback__))
    text = (f"inception-desktop {__version__} on Python {platform.python_version()}, "
            f"{platform.platform()}\n{context}\n\n{traceback_text}")
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for folder in crash_log_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}.log"
            path.write_text(text, encoding="utf-8")
            return str(path)
        except OSError:
            continue
    return "nowhere (no writable folder)"


def bug_line(exc: BaseException, log: str) -> str:
    """The one line a person sees for a bug: what it was and where its report is."""
    return (f"internal error: {type(exc).__name__}: {str(exc)[:300]} (this is a bug; the full "
            f"report was written to {log})")
