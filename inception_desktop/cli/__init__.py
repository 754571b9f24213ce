"""The `inception-desktop` command line: every capability of the app, headless.

Sub-commands live in one module per group (`inference`, `weights`, `training`, ...), each
with a `register(subparsers)`; they import torch only when they need it, so `--help` and the
torch-free build stay fast. `main` is the one error boundary: an `AppError` becomes one line
on stderr and its exit status (2 for usage mistakes, 1 otherwise); anything else is a bug,
reported in one line with the path of a log file holding the full traceback; never a bare
traceback on the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from inception_desktop import __version__
from inception_desktop.cli.options import ArgumentParser
from inception_desktop.errors import AppError, Cancelled

EXIT_BUG = 70  # EX_SOFTWARE: an internal error, not the user's


def _network_names() -> str:
    """The networks' display names as one phrase ("A, B and C"), from the specs."""
    from inception_desktop.models import get_spec, list_models

    names = [get_spec(n).display_name for n in list_models()]
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]


def build_parser() -> ArgumentParser:
    from inception_desktop.cli import (
        cache,
        evaluate,
        inference,
        inspection,
        quantize,
        serve,
        topimages,
        training,
        weights,
    )

    parser = ArgumentParser(
        prog="inception-desktop",
        description="Classify images with, and look inside, "
                    f"{_network_names()}.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--startup-time", action="store_true",
                        help="open the window, print the time from process start to window "
                             "shown, and quit")
    parser.add_argument("--self-test", action="store_true",
                        help="check every network, backend and the window (offscreen-capable);"
                             " exit 0 when all works")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=ArgumentParser)
    for module in (inference, evaluate, topimages, quantize, serve, training, inspection,
                   weights, cache):
        module.register(sub)
    return parser


def _crash_report(exc: BaseException) -> str:
    """Write the traceback of a bug to the app's one crash log (see `crashlog`) -> path."""
    from inception_desktop.crashlog import write_crash_log

    return write_crash_log(exc, context=f"command: {' '.join(sys.argv)}")


def _print_error(text: str) -> None:
    # one line even when a file name in the message holds a line break
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    if sys.stderr is not None:
        try:
            print(f"inception-desktop: {text}", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass


def run_command(args: object) -> int:
    """Run a parsed command inside the error boundary -> exit status."""
    import os

    try:
        status = int(args.func(args))  # type: ignore[attr-defined]
        _flush_stdout()  # a full disk under `> file` is this command's failure, said here
        return status
    except AppError as exc:
        _print_error(f"error: {exc}")
        return exc.exit_code
    except Cancelled as exc:
        _print_error(str(exc) or "cancelled")
        return 130
    except KeyboardInterrupt:
        _print_error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, like any Unix tool.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, AttributeError, ValueError):
            pass
        return 141
    except MemoryError:
        _print_error("error: out of memory; use a smaller --batch-size, or close other "
                     "programs")
        return 1
    except OSError as exc:
        from inception_desktop.crashlog import is_user_error

        if not is_user_error(exc):
            return _bug(exc)
        _silence_stdout()
        from inception_desktop.fileio import disk_error_text

        where = exc.filename or "the output"
        _print_error(f"error: {disk_error_text(exc, where)}")
        return 1
    except Exception as exc:  # a bug: one line and the full report in a log file
        return _bug(exc)


def _bug(exc: BaseException) -> int:
    from inception_desktop.crashlog import bug_line

    _print_error(bug_line(exc, _crash_report(exc)))
    return EXIT_BUG


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def _silence_stdout() -> None:
    """Point stdout at the null device: what is still buffered is not flushed at exit (an
    `Exception ignored` report and exit 120 after the one line already said)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    from inception_desktop.terminal import ensure_streams

    ensure_streams()
    parser = build_parser()
    try:
        args = parser.parse_command_line(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        if args.self_test:
            from inception_desktop.gui.selftest import run_self_test

            return run_self_test()
        from inception_desktop.gui.app import run

        return run(print_startup=args.startup_time)
    return run_command(args)


def gui_main() -> int:
    """Entry point for launchers without a console."""
    return main([])
