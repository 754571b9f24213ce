"""The `inception-desktop` command line: every capability of the app, headless.

Sub-commands import torch only when they need it, so `--help` and the torch-free build stay
fast. User mistakes end in one clear line on stderr and exit status 2 (usage) or 1 (failure),
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from inception_desktop import __version__
from inception_desktop.models import get_spec, list_models


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def _model_arg(value: str) -> str:
    if value not in list_models():
        raise argparse.ArgumentTypeError(
            f"unknown model {value!r}; choose one of: {', '.join(list_models())}")
    return value


def cmd_summary(args: argparse.Namespace) -> int:
    from inception_desktop.models import create_model
    from inception_desktop.models.summary import format_summary, summarize

    spec = get_spec(args.model)
    summary = summarize(create_model(args.model), args.input_size)
    print(format_summary(summary, spec.display_name))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inception-desktop",
        description="Classify images with, and look inside, Inception-v3, Inception-v4 and "
                    "Inception-ResNet-v2.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("summary", help="each block's output shape, parameters and FLOPs")
    p.add_argument("--model", type=_model_arg, required=True, metavar="NAME",
                   help=f"one of: {', '.join(list_models())}")
    p.add_argument("--input-size", type=int, default=None, metavar="PIXELS",
                   help="square input size (default: the network's, 299)")
    p.set_defaults(func=cmd_summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        print("\nThe desktop window is not part of this build yet; use the commands above.",
              file=sys.stderr)
        return 0
    try:
        return args.func(args)
    except UserError as exc:
        print(f"inception-desktop: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("inception-desktop: interrupted", file=sys.stderr)
        return 130


def gui_main() -> int:
    """Entry point for launchers without a console."""
    return main([])
