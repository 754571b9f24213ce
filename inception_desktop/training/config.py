"""A fine-tuning run's settings, checked before any work starts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from inception_desktop.errors import UsageError, msg
from inception_desktop.models import MAX_INPUT_SIZE, check_input_size, default_network

MODES = ("head", "full")
OPTIMIZERS = ("adamw", "sgd")
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
# Settings that only one mode uses (the command line refuses them for the other mode).
FULL_ONLY = ("freeze_until", "input_size", "resume", "accumulate", "optimizer", "precision")
HEAD_ONLY = ("views",)


@dataclass
class FinetuneConfig:
    data_dir: str
    model: str | None = field(default_factory=default_network)  # the network
    weights: str | None = None
    random_weights: bool = False
    mode: str = "head"  # "head" or "full"
    epochs: int | None = None  # default: 100 (head, with early stopping) or 10 (full)
    batch_size: int | None = None  # default: 64 (head) or 16 (full)
    lr: float | None = None  # default: 0.01 (head, Adam) or 1e-4 (full, AdamW)
    weight_decay: float | None = None
    val_split: float = 0.2
    seed: int = 0
    views: int = 1  # head mode: 1 = plain; 2 = + mirror; 3+ = + random crops (cached too)
    patience: int | None = None
    out: str | None = None
    report: str | None = None
    name: str | None = None  # the name the model is listed under (default: the file's stem)
    backend: str = "auto"
    device: str = "auto"
    # full mode
    freeze_until: str | None = None  # train only the blocks after this one
    optimizer: str = "adamw"  # or "sgd"
    label_smoothing: float = 0.1
    warmup_epochs: float = 1.0
    accumulate: int = 1
    input_size: int | None = None  # smaller inputs for quick experiments (full mode)
    resume: str | None = None
    precision: str = "auto"  # full mode: auto, fp32, bf16 or fp16
    leave_out: tuple[str, ...] = ()  # class folders not to train on (the window's choice)

    def resolved_out(self) -> Path:
        if self.out:
            return Path(self.out).expanduser()
        # named after the network, or the weights it starts from (never "None")
        base = self.model or (Path(str(self.weights)).stem if self.weights else "model")
        return Path(f"{Path(self.data_dir).expanduser().resolve().name}-{base}-"
                    f"{self.mode}.safetensors")

    def resolved_report(self) -> Path:
        return Path(self.report).expanduser() if self.report else \
            self.resolved_out().with_suffix(".json")

    def validate(self) -> FinetuneConfig:
        """Check every value (ranges, finite numbers, options of the other mode) -> self."""
        if self.mode not in MODES:
            raise UsageError(msg("unknown mode {mode!r}; choose head or full", mode=self.mode))
        if self.optimizer not in OPTIMIZERS:
            raise UsageError(msg("unknown optimizer {optimizer!r}; choose adamw or sgd",
                                 optimizer=self.optimizer))
        if self.precision not in PRECISIONS:
            raise UsageError(msg("unknown precision {precision!r}; choose one of: {precisions}",
                                 precision=self.precision, precisions=', '.join(PRECISIONS)))
        _positive("--epochs", self.epochs, 100_000)
        _positive("--batch-size", self.batch_size, 4096)
        _positive("--patience", self.patience, 100_000)
        _positive("--views", self.views, 64)
        _positive("--accumulate", self.accumulate, 1024)
        _finite("--lr", self.lr, 0.0, 10.0, open_low=True)
        _finite("--weight-decay", self.weight_decay, 0.0, 10.0)
        _finite("--val-split", self.val_split, 0.0, 0.95)
        _finite("--label-smoothing", self.label_smoothing, 0.0, 0.99)
        _finite("--warmup-epochs", self.warmup_epochs, 0.0, 1000.0)
        if self.input_size is not None:
            if self.model is not None:
                check_input_size(self.input_size, self.model)
            elif not 1 <= self.input_size <= MAX_INPUT_SIZE:  # the network is known later
                raise UsageError(msg("--input-size must be between 1 and {most} pixels, not "
                                     "{input_size}", most=MAX_INPUT_SIZE,
                                     input_size=self.input_size))
        if self.weights is not None and self.random_weights:
            raise UsageError(msg("choose either --weights or --random-weights, not both"))
        return self


def _positive(option: str, value: int | None, most: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise UsageError(msg("{option} must be a whole number from 1 to {most}, not {value!r}",
                             option=option, most=most, value=value))


def _finite(option: str, value: float | None, low: float, high: float,
            open_low: bool = False) -> None:
    if value is None:
        return
    ok = isinstance(value, (int, float)) and math.isfinite(value) and \
        (value > low if open_low else value >= low) and value <= high
    if not ok:
        if open_low:
            raise UsageError(msg("{option} must be a number above {low:g} and at most {high:g}, "
                                 "not {value!r}", option=option, low=low, high=high, value=value))
        raise UsageError(msg("{option} must be a number at least {low:g} and at most {high:g}, "
                             "not {value!r}", option=option, low=low, high=high, value=value))

