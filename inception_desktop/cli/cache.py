"""`inception-desktop cache list|prune|clear`: what the data folder holds, and freeing it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inception_desktop.cli.options import float_in
from inception_desktop.cli.output import print_table, say
from inception_desktop.terminal import human_bytes


def _size(text: str) -> int:
    from inception_desktop.engine.datafolder import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _kinds(text: str) -> list[str]:
    from inception_desktop.engine.datafolder import check_kinds
    from inception_desktop.errors import UsageError

    kinds = [k.strip() for k in text.split(",") if k.strip()]
    try:
        return check_kinds(kinds)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_list(args: argparse.Namespace) -> int:
    from inception_desktop.engine.datafolder import scan, usage

    summary = usage(scan())
    if args.format == "json":
        print(json.dumps(summary, indent=2, allow_nan=False))
        return 0
    print(f"data folder: {summary['data_folder']}")
    rows = []
    for kind, entry in sorted(summary["kinds"].items()):
        nets = ", ".join(f"{n} {human_bytes(b)}" for n, b in
                         sorted(entry["by_network"].items(), key=lambda x: -x[1]))
        rows.append([kind, str(entry["items"]), human_bytes(entry["bytes"]), nets])
    print_table(["KIND", "ITEMS", "SIZE", "BY NETWORK"], rows, right={1, 2})
    print(f"total: {human_bytes(summary['total_bytes'])}")
    return 0


def _report(result: Any, dry_run: bool) -> int:
    verb = "would remove" if dry_run else "removed"
    for item in result.removed:
        print(f"{verb} {item.kind}: {item.path} ({human_bytes(item.size)})")
    print(f"{verb} {len(result.removed)} item{'s' if len(result.removed) != 1 else ''}, "
          f"{human_bytes(result.freed)}" +
          (f"; {result.partials} unfinished file(s) of stopped processes" if result.partials
           else ""))
    for problem in result.problems:
        say(f"could not remove {problem}")
    return 1 if result.problems else 0


def cmd_prune(args: argparse.Namespace) -> int:
    from inception_desktop.engine.datafolder import prune

    days = args.older_than
    result = prune(args.kinds, None if days is None else days * 86400, args.max_size,
                   args.dry_run)
    return _report(result, args.dry_run)


def cmd_clear(args: argparse.Namespace) -> int:
    from inception_desktop.engine.datafolder import clear

    return _report(clear(args.kinds, args.dry_run), args.dry_run)


def register(sub: Any) -> None:
    from inception_desktop.engine.datafolder import CACHES, PRUNABLE

    kinds_help = (f"comma-separated, from {', '.join(PRUNABLE)} (default: "
                  f"{', '.join(CACHES)}; weights are never removed here)")
    c = sub.add_parser("cache", help="what the data folder holds (exports, caches, runs), "
                                     "and freeing space")
    csub = c.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    p = csub.add_parser("list", help="sizes per kind and per network")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_list)
    p = csub.add_parser("prune", help="remove what was not used lately, or the least "
                                      "recently used down to a size")
    p.add_argument("--older-than", type=float_in(0, 100_000), metavar="DAYS",
                   help="remove items not used for this many days")
    p.add_argument("--max-size", type=_size, metavar="SIZE",
                   help="then remove the least recently used until the kinds take at most "
                        "SIZE (such as 2GB or 500MB)")
    p.add_argument("--kinds", type=_kinds, default=None, metavar="A,B", help=kinds_help)
    p.add_argument("--dry-run", action="store_true", help="say what would go; remove nothing")
    p.set_defaults(func=cmd_prune)
    p = csub.add_parser("clear", help="remove every item of the given kinds")
    p.add_argument("--kinds", type=_kinds, default=None, metavar="A,B", help=kinds_help)
    p.add_argument("--dry-run", action="store_true", help="say what would go; remove nothing")
    p.set_defaults(func=cmd_clear)
