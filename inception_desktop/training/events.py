"""What fine-tuning tells whoever watches it, as typed partial results of its task handle
(`TaskState.partial`). Amounts of work (features computed, batches done) go through
`TaskState.progress` instead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inception_desktop.training.dataset import ScanReport


@dataclass(frozen=True)
class ScanDone:
    """The folder was scanned; training starts next."""

    report: ScanReport


@dataclass(frozen=True)
class EpochEnd:
    """One epoch finished (head mode: one pass over the cached features)."""

    epoch: int
    epochs: int
    loss: float
    train_accuracy: float
    val_loss: float | None
    val_accuracy: float | None
    images_per_s: float
    eta_s: float


@dataclass(frozen=True)
class BatchEnd:
    """One training step of full mode finished."""

    epoch: int
    epochs: int
    batch: int
    batches: int
    loss: float
    train_accuracy: float
    images_per_s: float
    eta_s: float


@dataclass(frozen=True)
class CheckpointSaved:
    """The best model so far was written (atomically) to `path`."""

    path: Path
    epoch: int


@dataclass(frozen=True)
class Resumed:
    """A full-mode run continues from its resume file after `after_epoch`."""

    after_epoch: int


@dataclass(frozen=True)
class Notice:
    """Something a person should read: a batch halved after running out of memory, the
    precision chosen and why."""

    message: str


TrainingEvent = ScanDone | EpochEnd | BatchEnd | CheckpointSaved | Resumed | Notice
