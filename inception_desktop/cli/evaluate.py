"""`inception-desktop evaluate DATA`: measure networks on a labelled folder."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from inception_desktop.cli.options import (
    add_backend_options,
    add_weights_options,
    int_in,
    model_choices,
    require_folder,
)
from inception_desktop.cli.output import print_table, progress_state, say, stop_on_ctrl_c
from inception_desktop.cli.outputs import add_force_option
from inception_desktop.errors import Cancelled, DatasetError
from inception_desktop.fileio import json_text


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.2f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    headers = ["MODEL", "WEIGHTS", "IMAGES", "TOP-1", "TOP-5", "MEAN CLASS", "NLL", "ECE",
               "IMAGES/S"]
    show_reported = any(m.get("reported") for m in report["models"])
    if show_reported:
        headers += ["REPORTED TOP-1", "REPORTED TOP-5"]
    rows = []
    for m in report["models"]:
        w = m["weights"]
        weights = "untrained" if w["untrained"] else f"{w['name']} ({(w['sha256'] or '')[:8]})"
        rate = m["images_per_s"]
        row = [m["model"], weights, str(m["images"]) + (" (partial)" if m["partial"] else ""),
               _pct(m["top1"]), _pct(m["top5"]), _pct(m["mean_class_accuracy"]), _num(m["nll"]),
               _num(m["ece"]), "cached" if rate is None else f"{rate:.1f}"]
        if show_reported:
            r = m.get("reported") or {}
            row += [f"{r['top1']:.2f}%" if r else "-", f"{r['top5']:.2f}%" if r else "-"]
        rows.append(row)
    return headers, rows


def _print_markdown(headers: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(h.lower() for h in headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _write_predictions(path: Path, evaluations: list[Any]) -> None:
    from inception_desktop.fileio import atomic_path

    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        header = ["file", "model", "true_label", "true_index", "correct"]
        for k in range(1, 6):
            header += [f"top{k}_index", f"top{k}_label", f"top{k}_probability"]
        writer.writerow(header)
        for ev in evaluations:
            for row in ev.rows:
                cells = [row["file"], ev.model, row["true"], row["true_index"],
                         int(row["correct"])]
                for p in row["top5"]:
                    cells += [p["index"], p["label"], f"{p['probability']:.6f}"]
                writer.writerow(cells)


def _say_dataset(labelled: Any) -> None:
    say(labelled.describe())
    if labelled.skipped_folders:
        say(f"skipped {len(labelled.skipped_folders)} folder(s) that name no class "
            f"of the model: {', '.join(labelled.skipped_folders[:10])}"
            f"{' ...' if len(labelled.skipped_folders) > 10 else ''}")
    if labelled.skipped_rows:
        entry, why = labelled.skipped_rows[0]
        say(f"skipped {len(labelled.skipped_rows)} label row(s), such as {entry!r}: {why}")
    for line in labelled.unreadable:
        say(f"warning: {line}")


def _say_event(event: Any) -> None:
    """What the evaluate use case tells, as lines on stderr."""
    from inception_desktop.engine.evaluate import DatasetRead, ModelSkipped, ModelStarting

    if isinstance(event, DatasetRead):
        _say_dataset(event.labelled)
    elif isinstance(event, ModelStarting) and event.untrained:
        say(f"warning: {event.display_name} runs untrained (random weights): its accuracy "
            "means nothing")
    elif isinstance(event, ModelSkipped):
        say(f"skipped {event.model}: {event.why}")


def cmd_evaluate(args: argparse.Namespace) -> int:
    from inception_desktop.engine.evaluate import evaluate_models
    from inception_desktop.fileio import atomic_write_json, check_output_path

    require_folder(args.data)
    report_path = check_output_path(args.report, "--report", (".json",)) \
        if args.report else None
    predictions_path = check_output_path(
        args.predictions, "--predictions", (".csv",),
        others=[("--report", report_path)]) if args.predictions else None
    from inception_desktop.cli.outputs import (
        EVALUATE_REPORT,
        Output,
        check_outputs,
        predictions_table,
        weight_inputs,
    )

    check_outputs([*([Output("--report", report_path, EVALUATE_REPORT)] if report_path else []),
                   *([Output("--predictions", predictions_path, predictions_table)]
                     if predictions_path else [])],
                  [("--labels", args.labels), ("DATA", args.data), *weight_inputs(args)],
                  args.force)
    choices = model_choices(args)
    try:
        with progress_state("evaluate", on_partial=_say_event) as state, \
                stop_on_ctrl_c(state, "batch"):
            run = evaluate_models(args.data, choices, labels_file=args.labels,
                                  limit=args.limit, backend=args.backend, device=args.device,
                                  precision=args.precision, batch_size=args.batch_size,
                                  use_cache=not args.no_cache, state=state)
    except Cancelled:
        say("stopped before any model was evaluated: nothing to report")
        return 130
    report, evaluations, interrupted = run.report, run.evaluations, run.interrupted
    if report_path is not None:
        atomic_write_json(report_path, report)
    if predictions_path is not None:
        _write_predictions(predictions_path, evaluations)
    if args.format == "json":
        print(json_text(report))
    else:
        headers, rows = _rows(report)
        if args.format == "markdown":
            _print_markdown(headers, rows)
        else:
            print_table(headers, rows, right=set(range(2, len(headers))))
        for m in report["models"]:
            if m["confused"] and args.format == "table":
                pairs = "; ".join(f"{c['true']} -> {c['predicted']} ({c['images']})"
                                  for c in m["confused"][:5])
                print(f"{m['model']}: most confused: {pairs}")
            if m["skipped"]:
                print(f"{m['model']}: {len(m['skipped'])} image(s) skipped, such as "
                      f"{m['skipped'][0]['error']}")
    if report_path is not None:
        say(f"report: {report_path}" + (" (partial)" if report["partial"] else ""))
    if interrupted:
        say("stopped before the end: the report covers what was done (marked partial)")
        return 130
    if not any(m["images"] for m in report["models"]):
        raise DatasetError("no image could be evaluated")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="top-1/top-5, calibration and per-class accuracy on "
                                        "a labelled folder")
    p.add_argument("data", metavar="DATA",
                   help="a folder with one sub-folder per class (WordNet IDs or class "
                        "names), or a flat folder with --labels")
    add_weights_options(p, several="several networks or installed models by name, side by "
                                   "side", untrained="run untrained (for tests): the accuracy "
                                                     "means nothing")
    p.add_argument("--labels", metavar="FILE",
                   help="labels of a flat folder: a CSV of file,label (WordNet ID, index or "
                        "class name) or Kaggle's LOC_val_solution.csv")
    add_backend_options(p)
    p.add_argument("--batch-size", type=int_in(1, 256), default=8, metavar="N")
    p.add_argument("--limit", type=int_in(1), default=None, metavar="N",
                   help="evaluate a seeded random sample of N images")
    p.add_argument("--report", metavar="FILE.json", help="write the full report")
    add_force_option(p)
    p.add_argument("--predictions", metavar="FILE.csv",
                   help="write one row per image and model (its top-5)")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    p.add_argument("--no-cache", action="store_true",
                   help="compute every prediction again (and cache nothing)")
    p.set_defaults(func=cmd_evaluate)
