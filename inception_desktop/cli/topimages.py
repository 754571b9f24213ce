"""`inception-desktop top-images FOLDER --block BLOCK`: the images (and regions) of a folder
that make each channel of a block fire."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inception_desktop.cli.options import (
    add_backend_options,
    add_weights_options,
    int_in,
    network_or_default,
    require_folder,
)
from inception_desktop.cli.output import progress_state, say, stop_on_ctrl_c
from inception_desktop.errors import Cancelled, UsageError
from inception_desktop.fileio import json_text


def _crops(entries: list[dict[str, Any]], block: Any, folder: Path) -> int:
    """Each hit's region as a PNG, and one contact sheet for the block -> files written."""
    from PIL import Image, ImageDraw

    from inception_desktop.engine.channel_index import hit_region
    from inception_desktop.engine.images import load_image
    from inception_desktop.errors import ImageError
    from inception_desktop.fileio import atomic_path

    folder.mkdir(parents=True, exist_ok=True)
    safe = block.path.replace(".", "_")
    cell = 128
    columns = max((len(e["top"]) for e in entries), default=0)
    sheet = Image.new("RGB", (60 + columns * (cell + 4), max(1, len(entries)) * (cell + 4)),
                      "white")
    draw = ImageDraw.Draw(sheet)
    written = 0
    cache: dict[str, Any] = {}
    for row, entry in enumerate(entries):
        draw.text((4, row * (cell + 4) + cell // 2 - 6), f"ch {entry['channel']}", fill="black")
        for rank, hit in enumerate(entry["top"], 1):
            try:
                img = cache.get(hit["file"]) or load_image(hit["file"])
            except ImageError:
                continue
            cache[hit["file"]] = img
            crop = hit_region(img, hit)
            with atomic_path(folder / f"{safe}-ch{entry['channel']:04d}-{rank:02d}.png") as tmp:
                crop.save(tmp, format="PNG")
            written += 1
            thumb = crop.copy()
            thumb.thumbnail((cell, cell), Image.Resampling.LANCZOS)
            sheet.paste(thumb, (60 + (rank - 1) * (cell + 4), row * (cell + 4)))
        if len(cache) > 64:
            cache.clear()
    with atomic_path(folder / f"{safe}-contact-sheet.png") as tmp:
        sheet.save(tmp, format="PNG")
    return written + 1


def _check_crops_folder(crops: str | None, folder: Path) -> None:
    from inception_desktop.fileio import writable_folder

    if crops is None:
        return
    if Path(crops).exists() and not Path(crops).is_dir():
        raise UsageError(f"--crops {crops} is a file; give a folder")
    inside = Path(crops).expanduser().resolve()
    if inside == folder.resolve() or folder.resolve() in inside.parents:
        raise UsageError(f"--crops {crops} is inside FOLDER {folder}: the crops would be "
                         "indexed as images next time; give a folder outside it")
    writable_folder(Path(crops).expanduser(), "--crops folder", "give a folder you can write")


def _print_entries(entries: list[dict[str, Any]], block: Any, images: int,
                   folder: Path) -> None:
    print(f"{block.display_name} ({block.path}), {images} images of {folder}")
    for entry in entries:
        print(f"channel {entry['channel']}: mean {entry['mean']:.4g}")
        for rank, hit in enumerate(entry["top"], 1):
            left, top, right, bottom = hit["box"]
            print(f"  {rank:>2}. {hit['activation']:9.4g}  {hit['file']}  at "
                  f"({hit['y']}, {hit['x']}), region {left},{top} - {right},{bottom}")


def cmd_top_images(args: argparse.Namespace) -> int:
    from inception_desktop.engine.channel_index import (
        DEFAULT_K,
        IndexPlanned,
        check_channels,
        update_index,
    )
    from inception_desktop.models import get_spec
    from inception_desktop.weights.resolve import resolve_weights

    require_folder(args.folder)
    folder = Path(args.folder).expanduser()
    _check_crops_folder(args.crops, folder)
    choice = resolve_weights(network_or_default(args), args.weights, args.random_weights)
    spec = get_spec(choice.network)
    block = spec.block(args.block)
    channels = check_channels(spec, block.path, args.channel)
    k = max(args.top_k, DEFAULT_K)
    # An index compares activations across its images: one precision, fp32 unless asked
    # (auto's measurement is of the classification graph, not the every-block one).
    precision = "fp32" if args.precision == "auto" else args.precision
    opened: list[Any] = []

    def planned(event: Any) -> None:
        if not isinstance(event, IndexPlanned):
            return
        for line in event.plan.unreadable:
            say(f"warning: {line}")
        if not event.plan.up_to_date:
            what = "indexing" if event.plan.index is None else "adding to the index:"
            say(f"{what} {len(event.plan.add)} image(s) of {folder} for {spec.display_name} "
                f"({choice.describe()})")

    with progress_state("indexing", on_partial=planned) as state, \
            stop_on_ctrl_c(state, "batch"):
        def open_predictor() -> Any:
            from inception_desktop.engine.predictor import Predictor

            opened.append(Predictor(choice=choice, backend=args.backend, device=args.device,
                                    state=state, precision=precision))
            return opened[-1]

        try:
            index = update_index(choice.network, choice.sha256, folder, k, open_predictor,
                                 args.rebuild, args.batch_size, state, precision)
        except Cancelled:
            say("stopped: what was indexed is kept; run the command again to go on")
            return 130
        finally:
            for predictor in opened:
                predictor.close()
    if opened:
        say(f"indexed {index.computed} image(s) in {index.seconds:.1f} s")
    for _file, why in index.failed:
        say(f"skipped {why}")
    entries = [index.channel(block.path, c, args.top_k) for c in channels]
    if args.format == "json":
        for entry in entries:
            print(json_text(entry, indent=None))
    else:
        _print_entries(entries, block, index.images, folder)
    if args.crops is not None:
        written = _crops(entries, block, Path(args.crops).expanduser())
        say(f"wrote {written} PNG file(s) to {args.crops}")
    return 0


def register(sub: Any) -> None:
    from inception_desktop.engine.channel_index import DEFAULT_K, MAX_K

    p = sub.add_parser("top-images", help="the images of a folder that make each channel of "
                                          "a block fire (and where)")
    p.add_argument("folder", metavar="FOLDER")
    add_weights_options(p)
    p.add_argument("--block", required=True, metavar="BLOCK",
                   help="a module path (Mixed_6b, features.9) or a display name from `summary`")
    p.add_argument("--channel", type=int_in(0), nargs="+", metavar="C",
                   help="channels to show (default: every channel of the block)")
    p.add_argument("--top-k", type=int_in(1, MAX_K), default=DEFAULT_K, metavar="K",
                   help=f"images per channel, 1 to {MAX_K} (default {DEFAULT_K})")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="json: one object per channel per line")
    p.add_argument("--crops", metavar="DIR",
                   help="write each image's region as a PNG, and a contact sheet of the block")
    add_backend_options(p)
    p.add_argument("--batch-size", type=int_in(1, 64), default=4, metavar="N")
    p.add_argument("--rebuild", action="store_true", help="index the folder again from scratch")
    p.set_defaults(func=cmd_top_images)
