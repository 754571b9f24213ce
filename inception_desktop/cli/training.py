"""`inception-desktop finetune DATA_DIR`: head or full fine-tuning on a folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from inception_desktop.cli.options import (
    Given,
    add_inference_options,
    float_in,
    int_in,
)
from inception_desktop.cli.output import progress_state, say, stop_on_ctrl_c
from inception_desktop.cli.outputs import add_force_option
from inception_desktop.errors import Cancelled, TrainingError
from inception_desktop.models import MAX_INPUT_SIZE, default_network, smallest_input_size
from inception_desktop.terminal import ProgressBar


def _config(args: argparse.Namespace) -> Any:
    from inception_desktop.fileio import check_output_path, clean_stale_partials
    from inception_desktop.training.config import FinetuneConfig
    from inception_desktop.training.runs import unused_output

    config = FinetuneConfig(
        data_dir=args.data_dir, model=args.model, weights=args.weights,
        random_weights=args.random_weights, mode=args.mode, epochs=args.epochs,
        batch_size=args.batch_size, lr=args.lr, val_split=args.val_split, seed=args.seed,
        views=args.views, out=args.out, report=args.report, name=args.name,
        backend=args.backend, device=args.device, freeze_until=args.freeze_until,
        optimizer=args.optimizer, accumulate=args.accumulate, input_size=args.input_size,
        resume=args.resume, patience=args.patience, precision=args.precision)
    _refuse_other_modes_options(config.mode, getattr(args, "given", set()) or set())
    if config.model is None and config.weights is None:
        config.model = default_network()
    config.validate()
    if config.out is None and config.resume is not None and \
            config.resume.endswith(".safetensors.resume.pt"):
        config.out = config.resume.removesuffix(".resume.pt")  # the run it continues
    if config.out is None:  # the default name never replaces an earlier run's model
        default = config.resolved_out()
        config.out = str(unused_output(default, config.report is None))
        if config.out != str(default) and os.environ.get("RANK", "0") == "0":
            say(f"{default} is an earlier run's; this one writes {config.out} (or give --out)")
    out = check_output_path(config.resolved_out(), "--out", (".safetensors",))
    report = check_output_path(config.resolved_report(), "--report", (".json",),
                               others=[("--out", out)])
    for path in (out, report):  # what a killed earlier run left half-written
        clean_stale_partials(path.parent, prefix=path.name)
    resume_out = out.with_name(out.name + ".resume.pt")
    check_output_path(resume_out, "--out's resume file",
                      others=[("--report", config.resolved_report())])
    from inception_desktop.cli.outputs import (
        TRAINING_REPORT,
        Output,
        app_checkpoint,
        check_outputs,
        resume_file,
        weight_inputs,
    )

    resumed = config.resume is not None and Path(config.resume).expanduser().resolve() == \
        resume_out.resolve()  # continuing a run rewrites its own resume file
    check_outputs([Output("--out", out, (lambda _: True) if resumed else app_checkpoint),
                   Output("--report" if args.report else "--out's .json report", report,
                          TRAINING_REPORT),
                   Output("--out's resume file", resume_out, resume_file)],
                  [("DATA", config.data_dir), *weight_inputs(args),
                   *([] if resumed else [("--resume", config.resume)])],
                  getattr(args, "force", False))
    if config.name is not None:
        from inception_desktop.weights.store import check_name_syntax

        check_name_syntax(config.name)
    if config.resume is not None:
        from inception_desktop.errors import UsageError
        from inception_desktop.fileio import check_regular_file

        check_regular_file(Path(config.resume).expanduser(), "--resume", UsageError)
    return config


def _refuse_other_modes_options(mode: str, given: set[str]) -> None:
    """An option of the other mode, typed on the command line, is a mistake, not ignored."""
    from inception_desktop.errors import UsageError
    from inception_desktop.training.config import FULL_ONLY, HEAD_ONLY

    for option in FULL_ONLY if mode == "head" else HEAD_ONLY:
        if option in given:
            other = "full" if mode == "head" else "head"
            raise UsageError(f"--{option.replace('_', '-')} is for --mode {other}; it does "
                             f"nothing in {mode} mode")


class _Display:
    """Training events -> lines and a bar on stderr (rank 0 only under torchrun)."""

    def __init__(self, rank: int) -> None:
        self.rank = rank
        self.bar: ProgressBar | None = None

    def __call__(self, event: Any) -> None:
        from inception_desktop.training.events import (
            BatchEnd,
            EpochEnd,
            Notice,
            Resumed,
            ScanDone,
        )

        if self.rank != 0:
            return
        if isinstance(event, ScanDone):
            say(event.report.summary())
            for warning in event.report.warnings():
                say(f"warning: {warning}")
        elif isinstance(event, (EpochEnd, BatchEnd)):
            bar = self.bar = self.bar or ProgressBar("training")
            extra = (f"epoch {event.epoch}/{event.epochs} loss {event.loss:.4f} "
                     f"train {event.train_accuracy * 100:.1f}%")
            if isinstance(event, EpochEnd) and event.val_accuracy is not None:
                extra += f" val {event.val_accuracy * 100:.1f}%"
            extra += f" {event.images_per_s:.1f} img/s ETA {event.eta_s:.0f}s"
            done = event.epoch - 1 + (event.batch / event.batches
                                      if isinstance(event, BatchEnd) else 1)
            bar.update(done, event.epochs, extra)
            quiet = event.epoch % 10 and event.epoch not in (1, event.epochs)
            if not bar.enabled and isinstance(event, EpochEnd) and not quiet:
                say(extra)
        elif isinstance(event, Resumed):
            say(f"resumed after epoch {event.after_epoch}")
        elif isinstance(event, Notice):
            say(event.message)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_finetune(args: argparse.Namespace) -> int:
    from inception_desktop.training.finetune import per_class_table, run_finetune

    rank = int(os.environ.get("RANK", "0"))
    config = _config(args)
    display = _Display(rank)
    try:
        with progress_state("features", on_partial=display) as state, \
                stop_on_ctrl_c(state, "epoch"):
            result = run_finetune(config, state)
    except Cancelled as exc:
        say(f"inception-desktop: {exc or 'cancelled'}")
        return 130
    finally:
        display.close()
    if rank != 0:
        return 0
    report = result.report
    if report is None:
        raise TrainingError("training stopped before a model could be saved" +
                            (" (cancelled)" if result.cancelled else ""))
    print(per_class_table(report))
    val = report.val_accuracy
    ended = ("cancelled" if result.cancelled else
             f"stopped early (no improvement for {config.patience or 'the patience'} epochs)"
             if report.stopped_early else "done")
    print(f"{ended}: train accuracy {report.train_accuracy * 100:.1f}%" +
          (f", validation accuracy {val * 100:.1f}%" if val is not None else "") +
          f" after {report.epochs_run} epoch(s), best epoch {report.best_epoch}")
    if report.precision is not None:
        details = report.details
        gpu = details.get("peak_gpu_memory_mb")
        print(f"precision: {report.precision} on {report.device} "
              f"({report.precision_reason}), "
              f"{report.train_images_per_s or 0:.1f} training images/s at batch "
              f"{details.get('batch_size')}, peak memory "
              f"{details.get('peak_rss_mb', 0) / 1024:.1f} GB" +
              (f" (GPU {gpu / 1024:.1f} GB)" if gpu is not None else ""))
    print(f"model: {result.checkpoint}\nreport: {result.report_path}")
    print(f"use it: inception-desktop classify IMAGE --weights {result.checkpoint}   or   "
          f"inception-desktop weights import {result.checkpoint}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("finetune", help="train on a folder with one sub-folder per class")
    p.add_argument("data_dir", metavar="DATA_DIR")
    add_inference_options(p, precision=False)
    p.add_argument("--mode", choices=["head", "full"], default="head",
                   help="head: train a new classifier on cached features (fast, any backend); "
                        "full: fine-tune the network with torch")
    p.add_argument("--epochs", type=int_in(1, 100_000), default=None, metavar="N",
                   help="default 100 (head, stops early) or 10 (full)")
    p.add_argument("--batch-size", type=int_in(1, 4096), default=None, metavar="N")
    p.add_argument("--lr", type=float_in(0, 10, open_low=True), default=None, metavar="X",
                   help="learning rate, above 0 (default 0.01 head, 1e-4 full)")
    p.add_argument("--val-split", type=float_in(0, 0.95), default=0.2, metavar="F",
                   help="share of each class kept for validation, 0 to 0.95 (default 0.2)")
    p.add_argument("--seed", type=int_in(0, 2**31 - 1), default=0)
    p.add_argument("--views", type=int_in(1, 64), default=1, metavar="N", action=Given,
                   help="head mode: features of N views per training image (2: + mirror, "
                        "3+: + random crops)")
    p.add_argument("--patience", type=int_in(1, 100_000), default=None, metavar="N",
                   help="stop after N epochs without improvement")
    p.add_argument("--freeze-until", metavar="BLOCK", action=Given,
                   help="full mode: train only the blocks after this one (module path or "
                        "display name from `summary`)")
    p.add_argument("--optimizer", choices=["adamw", "sgd"], default="adamw", action=Given)
    p.add_argument("--accumulate", type=int_in(1, 1024), default=1, metavar="N", action=Given,
                   help="full mode: gradient accumulation steps")
    p.add_argument("--input-size", type=int_in(smallest_input_size(), MAX_INPUT_SIZE),
                   default=None, metavar="PIXELS",
                   action=Given,
                   help="full mode: train at a smaller input size (quick experiments)")
    p.add_argument("--precision", choices=["auto", "fp32", "bf16", "fp16"], default="auto",
                   action=Given,
                   help="full mode: auto takes bf16 on a CPU with native bf16 (when it "
                        "measures faster) and mixed precision on CUDA, else fp32")
    p.add_argument("--out", metavar="FILE.safetensors", help="the checkpoint")
    p.add_argument("--report", metavar="FILE.json")
    add_force_option(p)
    p.add_argument("--name", metavar="NAME", help="the name the model is listed under")
    p.add_argument("--resume", metavar="FILE", action=Given,
                   help="full mode: continue from OUT.resume.pt")
    p.set_defaults(func=cmd_finetune, given=set())


__all__ = ["register"]
