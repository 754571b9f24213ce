"""`inception-desktop weights list|download|verify|path|remove|import`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inception_desktop.cli.options import float_in, int_in, network_name
from inception_desktop.cli.output import print_table, progress_state, say
from inception_desktop.errors import Cancelled, WeightsError
from inception_desktop.models import (
    MAX_INPUT_SIZE,
    get_spec,
    list_models,
    smallest_input_size,
)


def _entry_row(e: Any) -> list[str]:
    from inception_desktop.terminal import human_bytes

    status = e.status + (" (bundled)" if e.bundled else "") + (" (Keras)" if e.head else "")
    return [e.network, e.name, status, human_bytes(e.size) if e.size else "-",
            e.short_sha256 or "-", str(e.path)]


def cmd_list(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import list_entries

    entries = list_entries()
    if args.format == "json":
        print(json.dumps([e.to_json() for e in entries], indent=2, allow_nan=False))
    else:
        print_table(["NETWORK", "NAME", "STATUS", "SIZE", "SHA256", "PATH"],
                    [_entry_row(e) for e in entries], right={3})
        for e in entries:
            if e.head:
                print(f"{e.name}: {e.source_format}, {e.head}")
            if e.problem:
                say(f"{e.name}: {e.problem}")
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    import os

    from inception_desktop.weights.download import download_weights, source_url
    from inception_desktop.weights.store import list_entries

    names = list_models() if args.name == "all" else [args.name]
    if args.mirror:
        if not args.mirror.startswith(("http://", "https://")):
            from inception_desktop.errors import UsageError

            raise UsageError(f"--mirror must be an http:// or https:// address, not "
                             f"{args.mirror!r}")
        os.environ["INCEPTION_DESKTOP_MIRROR"] = args.mirror
    failed = 0
    installed = {e.name for e in list_entries() if e.status == "installed"}
    for name in names:
        if name in installed:
            print(f"{name}: already installed")
            continue
        say(f"{name}: downloading {source_url(name)}")
        try:
            with progress_state(name) as state:
                path = download_weights(name, state=state, timeout=args.timeout)
        except WeightsError as exc:
            say(f"inception-desktop: error: {exc}")
            failed += 1
            continue
        except Cancelled:
            say(f"{name}: cancelled; nothing was kept")
            return 130
        print(f"{name}: installed {path}")
    return 1 if failed else 0


def cmd_verify(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import list_entries, record_corrupt

    entries = [e for e in list_entries(rehash=True) if e.status != "missing"]
    corrupt = [e for e in entries if e.status == "corrupt"]
    for e in corrupt:
        record_corrupt(e)  # `weights list` says so too, until the file is replaced
    for e in entries:
        print(f"{e.name}: {'CORRUPT: ' + (e.problem or '') if e.status == 'corrupt' else 'ok'}"
              f"  {e.path}")
    if not entries:
        print("no weights installed")
    if corrupt:
        say(f"{len(corrupt)} corrupt file{'s' if len(corrupt) > 1 else ''}: remove them with "
            "`inception-desktop weights remove NAME` and download or import them again")
        return 1
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    from inception_desktop.paths import bundled_weights_dirs, weights_dir

    print(weights_dir())
    for folder in bundled_weights_dirs():
        print(f"{folder} (bundled, read-only)")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from inception_desktop.weights.store import remove_entry

    entry = remove_entry(args.name)
    print(f"removed {entry.name} ({entry.path})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from inception_desktop.weights.importer import import_weights

    if args.preview:
        from inception_desktop.weights.kerasimport import detect

        found = detect(args.file, args.model, args.preprocess, args.resize, args.labels,
                       args.input_size)
        if found is None:
            raise WeightsError(f"{args.file}: --preview is for Keras and TF.js models")
        for line in found.lines():
            print(line)
        return 0
    entry = import_weights(args.file, model=args.model, name=args.name,
                           preprocess=args.preprocess, resize=args.resize, labels=args.labels,
                           input_size=args.input_size)
    if entry.kind == "custom":
        from inception_desktop.weights.kerasimport import describe_installed

        for line in describe_installed(entry.path):
            print(f"  {line}")
    what = ", ".join(entry.class_names[:8]) if entry.class_names else "ImageNet"
    print(f"imported {args.file} as {entry.name!r} ({get_spec(entry.network).display_name}, "
          f"{entry.num_classes} classes: {what}) -> {entry.path}")
    return 0


def register(sub: Any) -> None:
    w = sub.add_parser("weights", help="list, download, verify, import and remove weights")
    wsub = w.add_subparsers(dest="weights_command", metavar="ACTION", required=True)
    p = wsub.add_parser("list", help="every network's weights and what is installed")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_list)
    p = wsub.add_parser("download", help="download and verify the published weights")
    p.add_argument("name", choices=[*list_models(), "all"], metavar="NAME|all",
                   help=f"{', '.join(list_models())} or all")
    p.add_argument("--mirror", metavar="URL",
                   help="fetch <URL>/<network>/<file> instead (as INCEPTION_DESKTOP_MIRROR)")
    p.add_argument("--timeout", type=float_in(0, 3600, open_low=True), default=30.0,
                   metavar="SECONDS",
                   help="give up when the server sends nothing for this long (default 30)")
    p.set_defaults(func=cmd_download)
    p = wsub.add_parser("verify", help="re-hash every installed file; exit 1 if any is corrupt")
    p.set_defaults(func=cmd_verify)
    p = wsub.add_parser("path", help="print the weight cache folder (and bundled folders)")
    p.set_defaults(func=cmd_path)
    p = wsub.add_parser("remove", help="delete installed weights by name")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=cmd_remove)
    p = wsub.add_parser("import", help="check a weight file (PyTorch, safetensors, Keras .keras "
                        "/ .h5, TF.js model.json) and install it in the cache")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--model", type=network_name, metavar="NAME",
                   help="the network it must hold (worked out from the file otherwise; needed "
                        "for Keras weights-only files)")
    p.add_argument("--name", metavar="NAME", help="the name to list it under")
    p.add_argument("--preprocess", choices=["inception", "unit", "imagenet"],
                   help="Keras/TF.js: how the model scales pixels: inception (x/127.5 - 1, "
                        "the default), unit (x/255) or imagenet (mean/std)")
    p.add_argument("--resize", choices=["squash", "crop"],
                   help="Keras/TF.js: squash (whole image resized to the input, the default) "
                        "or crop (resize + centre crop)")
    p.add_argument("--labels", metavar="FILE",
                   help="Keras/TF.js: class names, one per line or a JSON list "
                        "(default: class 0..N-1, or ImageNet for 1000 classes)")
    p.add_argument("--input-size", type=int_in(smallest_input_size(), MAX_INPUT_SIZE),
                   metavar="PX",
                   help="Keras/TF.js: the input size, for files that do not fix it (weights-only "
                        "files; default 299)")
    p.add_argument("--preview", action="store_true",
                   help="Keras/TF.js: say what was detected and install nothing")
    p.set_defaults(func=cmd_import)


__all__ = ["register"]
