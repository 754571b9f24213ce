"""`inception-desktop quantize`: int8 exports calibrated on your own images, checked against
fp32 on a held-out part of them."""

from __future__ import annotations

import argparse
from typing import Any

from inception_desktop.cli.options import (
    add_weights_options,
    int_in,
    model_choices,
    require_folder,
)
from inception_desktop.cli.output import progress_state, say, stop_on_ctrl_c
from inception_desktop.cli.outputs import add_force_option
from inception_desktop.errors import Cancelled
from inception_desktop.fileio import json_text


def cmd_quantize(args: argparse.Namespace) -> int:
    from inception_desktop.engine.quantize import check_calibration_folder, quantize_model
    from inception_desktop.fileio import atomic_write_json, check_output_path
    from inception_desktop.weights.headfile import is_head_checkpoint
    from inception_desktop.weights.resolve import weights_spec

    require_folder(args.calibration, "--calibration")
    check_calibration_folder(args.calibration)
    report_path = check_output_path(args.report, "--report", (".json",)) if args.report \
        else None
    from inception_desktop.cli.outputs import QUANTIZE_REPORT, Output, check_outputs, weight_inputs

    check_outputs([Output("--report", report_path, QUANTIZE_REPORT)] if report_path else [],
                  [("--calibration", args.calibration), *weight_inputs(args)], args.force)
    reports = []
    for choice in model_choices(args):
        if choice.path is not None and is_head_checkpoint(choice.path):
            say(f"{choice.name} is a fine-tuned head: its base network is quantized (the head "
                "stays fp32 and runs on top of it)")
        try:
            with progress_state(choice.network) as state, stop_on_ctrl_c(state, "step"):
                info, report, choice = quantize_model(choice, args.calibration, args.images,
                                                      args.method, state=state)
        except Cancelled:
            say("stopped; nothing was kept")
            return 130
        spec = weights_spec(choice)
        reports.append(report)
        runtimes = ", ".join(
            f"{name} {r['fp32_ms']:.0f} -> {r['int8_ms']:.0f} ms ({r['speedup']:.2f}x, top-1 "
            f"agreement {r['top1_agreement'] * 100:.1f}%)"
            for name, r in report["runtimes"].items() if "int8_ms" in r)
        print(f"{spec.display_name} int8 ({report['method']} calibration on "
              f"{report['calibration_images']} images, checked on {report['check_images']}): "
              f"top-1 agreement {report['top1_agreement'] * 100:.1f}%, top-5 overlap "
              f"{report['top5_overlap'] * 100:.1f}%, largest probability difference "
              f"{report['max_prob_diff']:.2g}; {runtimes}; "
              f"{report['size_mb']['fp32']:.0f} MB -> {report['size_mb']['int8']:.0f} MB")
        print(f"  stored as {info.onnx_path}; use it: --precision int8")
        if report["top1_agreement"] < 0.95:
            say(f"warning: only {report['top1_agreement'] * 100:.1f}% of the held-out images "
                "keep their top-1 in int8: calibrate on more (and more typical) images, or "
                "stay with fp32 or bf16")
    if report_path is not None:
        atomic_write_json(report_path, reports[0] if len(reports) == 1
                          else {"models": reports})
        say(f"report: {report_path}")
    if args.format == "json":
        print(json_text(reports[0] if len(reports) == 1 else {"models": reports}))
    return 0


def register(sub: Any) -> None:
    from inception_desktop.engine.quantize import METHODS

    p = sub.add_parser("quantize", help="int8 exports calibrated on your images (checked "
                                        "against fp32), for --precision int8")
    add_weights_options(p, several="several networks or installed models by name")
    p.add_argument("--calibration", required=True, metavar="DIR",
                   help="a folder of typical images of yours (a quarter is held out to check)")
    p.add_argument("--images", type=int_in(4, 10_000), default=100, metavar="N",
                   help="images to calibrate on (default 100)")
    p.add_argument("--method", choices=METHODS, default="auto",
                   help="calibration: auto tries min-max and percentile and keeps the better")
    p.add_argument("--report", metavar="FILE.json")
    add_force_option(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_quantize)
