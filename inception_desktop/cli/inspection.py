"""`inception-desktop inspect DATA`: check a training folder before training on it (suspected
label errors, duplicates and train/val leaks, outliers and odd files)."""

from __future__ import annotations

import argparse
from typing import Any

from inception_desktop.cli.options import (
    add_backend_options,
    add_weights_options,
    float_in,
    int_in,
    network_or_default,
    require_folder,
)
from inception_desktop.cli.output import print_table, progress_state, say, stop_on_ctrl_c
from inception_desktop.fileio import json_text


def _print_tables(result: Any) -> None:
    print(f"Suspected label errors ({len(result.label_issues)}), most likely first:")
    if result.label_issues:
        print_table(["SCORE", "FILE", "GIVEN", "SUGGESTED"],
                    [[f"{i.score:.3f}", i.file, i.given, i.suggested]
                     for i in result.label_issues], right={0})
    print(f"\nDuplicates ({len(result.duplicates)} groups), most similar first:")
    if result.duplicates:
        rows = []
        for g in result.duplicates:
            flags = ", ".join(f for f, on in (("across classes", g.crosses_classes),
                                              ("train/val leak", g.crosses_split)) if on)
            rows.append([f"{g.similarity:.3f}", flags or "-", "  ".join(g.files)])
        print_table(["SIMILARITY", "PROBLEM", "FILES"], rows, right={0})
    print(f"\nOutliers ({len(result.outliers)}), most unusual first:")
    if result.outliers:
        print_table(["SCORE", "FILE", "REASON"],
                    [[f"{o.score:.2f}", o.file, o.reason] for o in result.outliers],
                    right={0})
    print(f"\n{result.summary()}")


def cmd_inspect(args: argparse.Namespace) -> int:
    from inception_desktop.fileio import atomic_write_json, check_output_path
    from inception_desktop.training.inspection import InspectConfig, inspect_folder

    require_folder(args.data)
    report_path = check_output_path(args.report, "--report", (".json",)) \
        if args.report else None
    config = InspectConfig(args.data, model=network_or_default(args), weights=args.weights,
                           random_weights=args.random_weights, backend=args.backend,
                           device=args.device, val_split=args.val_split, seed=args.seed,
                           batch_size=args.batch_size, memory_mb=args.memory_mb)
    with progress_state("checking") as state, stop_on_ctrl_c(state, "batch"):
        result = inspect_folder(config, state)
    if result.weights.get("untrained"):
        say("warning: the network runs untrained (random weights): what it finds is a demo")
    c = result.calibration
    if c is not None and c.copies:
        say(f"near duplicates: similarity {c.threshold:.3f} or more (on {c.copies} resized, "
            f"recompressed or cropped copies of this folder's images it found "
            f"{c.recall:.0%} of the copies; {c.false_match:.0%} were as close to another "
            "image)")
    if result.kept_back:
        say(f"{result.kept_back} flagged item(s) left out: kept in an earlier review")
    for note in result.notes:
        say(f"note: {note}")
    say(f"features: {result.features_computed} computed, {result.features_cached} cached; "
        f"{result.seconds.get('total', 0):.1f} s")
    report = result.to_json()
    if report_path is not None:
        atomic_write_json(report_path, report)
        say(f"report: {report_path}")
    if args.format == "json":
        print(json_text(report))
    else:
        _print_tables(result)
    return 0


def register(sub: Any) -> None:
    from inception_desktop.training.neighbours import DEFAULT_MEMORY_MB

    p = sub.add_parser(
        "inspect", help="check a training folder: suspected label errors, duplicates and "
                        "train/val leaks, outliers")
    p.add_argument("data", metavar="DATA",
                   help="a folder with one sub-folder per class (or train/ and val/, each "
                        "so), as for finetune")
    add_weights_options(p)
    add_backend_options(p, precision=False)
    p.add_argument("--report", metavar="FILE.json", help="write the report as JSON")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--val-split", type=float_in(0, 0.95), default=0.2, metavar="F",
                   help="without train/ and val/ folders: the split finetune would make, to "
                        "find duplicates across it (default 0.2, as finetune)")
    p.add_argument("--seed", type=int_in(0, 2**31 - 1), default=0,
                   help="the seed of that split (default 0, as finetune)")
    p.add_argument("--batch-size", type=int_in(1, 256), default=8, metavar="N")
    p.add_argument("--memory-mb", type=float_in(16, 1 << 20), default=DEFAULT_MEMORY_MB,
                   metavar="MB", help="memory for comparing every pair of images "
                                      f"(default {DEFAULT_MEMORY_MB})")
    p.set_defaults(func=cmd_inspect)


__all__ = ["register"]
