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
from inception_desktop.weights.errors import WeightsError


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


# ----------------------------------------------------------------------------- weights

def _entry_row(e) -> list[str]:
    from inception_desktop.terminal import human_bytes

    status = e.status + (" (bundled)" if e.bundled else "")
    return [e.network, e.name, status, human_bytes(e.size) if e.size else "-",
            e.short_sha256 or "-", str(e.path)]


def _print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def cmd_weights_list(args: argparse.Namespace) -> int:
    import json

    from inception_desktop.weights.store import list_entries

    entries = list_entries()
    if args.format == "json":
        print(json.dumps([e.to_json() for e in entries], indent=2))
    else:
        _print_table(["NETWORK", "NAME", "STATUS", "SIZE", "SHA256", "PATH"],
                     [_entry_row(e) for e in entries])
        for e in entries:
            if e.problem:
                print(f"{e.name}: {e.problem}", file=sys.stderr)
    return 0


def cmd_weights_download(args: argparse.Namespace) -> int:
    from inception_desktop.terminal import ProgressBar, human_bytes
    from inception_desktop.weights.download import download_weights, source_url
    from inception_desktop.weights.store import list_entries

    names = list_models() if args.name == "all" else [args.name]
    if args.mirror:
        import os

        os.environ["INCEPTION_DESKTOP_MIRROR"] = args.mirror
    failed = 0
    installed = {e.name for e in list_entries() if e.status == "installed"}
    for name in names:
        if name in installed:
            print(f"{name}: already installed")
            continue
        print(f"{name}: downloading {source_url(name)}", file=sys.stderr)
        bar = ProgressBar(name)

        def show(p, bar=bar):
            bar.update(p.done, p.total, f"{human_bytes(p.done)} at {human_bytes(p.speed)}/s")

        try:
            path = download_weights(name, progress=show, timeout=args.timeout)
        except WeightsError as exc:
            bar.close()
            print(f"inception-desktop: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        bar.close()
        print(f"{name}: installed {path}")
    return 1 if failed else 0


def cmd_weights_verify(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import list_entries

    entries = [e for e in list_entries(rehash=True) if e.status != "missing"]
    corrupt = [e for e in entries if e.status == "corrupt"]
    for e in entries:
        print(f"{e.name}: {'CORRUPT: ' + (e.problem or '') if e.status == 'corrupt' else 'ok'}"
              f"  {e.path}")
    if not entries:
        print("no weights installed")
    if corrupt:
        print(f"{len(corrupt)} corrupt file(s): remove them with `inception-desktop weights "
              "remove NAME` and download or import them again", file=sys.stderr)
        return 1
    return 0


def cmd_weights_path(args: argparse.Namespace) -> int:
    from inception_desktop.paths import bundled_weights_dirs, weights_dir

    print(weights_dir())
    for folder in bundled_weights_dirs():
        print(f"{folder} (bundled, read-only)")
    return 0


def cmd_weights_remove(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import remove_entry

    entry = remove_entry(args.name)
    print(f"removed {entry.name} ({entry.path})")
    return 0


def cmd_weights_import(args: argparse.Namespace) -> int:
    from inception_desktop.weights.importer import import_weights

    entry = import_weights(args.file, model=args.model, name=args.name)
    what = ", ".join(entry.class_names[:8]) if entry.class_names else "ImageNet"
    print(f"imported {args.file} as {entry.name!r} ({get_spec(entry.network).display_name}, "
          f"{entry.num_classes} classes: {what}) -> {entry.path}")
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

    w = sub.add_parser("weights", help="list, download, verify, import and remove weights")
    wsub = w.add_subparsers(dest="weights_command", metavar="ACTION", required=True)
    p = wsub.add_parser("list", help="every network's weights and what is installed")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_weights_list)
    p = wsub.add_parser("download", help="download and verify the published weights")
    p.add_argument("name", choices=[*list_models(), "all"], metavar="NAME|all",
                   help=f"{', '.join(list_models())} or all")
    p.add_argument("--mirror", metavar="URL",
                   help="fetch <URL>/<network>/<file> instead (as INCEPTION_DESKTOP_MIRROR)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="give up when the server sends nothing for this long (default 30)")
    p.set_defaults(func=cmd_weights_download)
    p = wsub.add_parser("verify", help="re-hash every installed file; exit 1 if any is corrupt")
    p.set_defaults(func=cmd_weights_verify)
    p = wsub.add_parser("path", help="print the weight cache folder (and bundled folders)")
    p.set_defaults(func=cmd_weights_path)
    p = wsub.add_parser("remove", help="delete installed weights by name")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_weights_remove)
    p = wsub.add_parser("import", help="check a weight file and copy it into the cache")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--model", type=_model_arg, metavar="NAME",
                   help="the network it must hold (worked out from the file otherwise)")
    p.add_argument("--name", metavar="NAME", help="the name to list it under")
    p.set_defaults(func=cmd_weights_import)
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
    except (UserError, WeightsError) as exc:
        print(f"inception-desktop: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("inception-desktop: interrupted", file=sys.stderr)
        return 130


def gui_main() -> int:
    """Entry point for launchers without a console."""
    return main([])
