"""The report of a fine-tuning run: a typed `FinetuneReport` that front-ends read by attribute,
written as JSON beside the checkpoint (`to_json`) and read back from it (`from_json`), and its
per-class table."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from inception_desktop.fileio import atomic_write_json
from inception_desktop.training.config import FinetuneConfig
from inception_desktop.training.dataset import ScanReport
from inception_desktop.weights.resolve import WeightsChoice


@dataclass(frozen=True)
class PredictionRecord:
    """The best model's answer for one image of the evaluated split."""

    file: str
    true: int
    predicted: int
    confidence: float


@dataclass
class FinetuneReport:
    """What a fine-tuning run measured and kept. The typed fields are what the command line
    and the window show; `details` holds the rest of the JSON (counts, configuration,
    timings of each step, memory, ...), kept under the same keys."""

    mode: str  # "head" or "full"
    model: str  # the network
    classes: list[str]
    train_accuracy: float
    val_accuracy: float | None
    epochs_run: int
    per_class_accuracy: dict[str, float | None]
    confusion_matrix: list[list[int]]
    confusion_matrix_split: str  # "val", or "train" when there are no validation images
    predictions: list[PredictionRecord]
    history: list[dict[str, Any]]
    timings_s: dict[str, float]
    checkpoint: str | None
    best_epoch: int | None = None
    stopped_early: bool = False
    cancelled: bool = False
    precision: str | None = None  # full mode: fp32, bf16 or fp16
    precision_reason: str | None = None
    device: str | None = None
    train_images_per_s: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """"cancelled", "stopped early" or "done"."""
        if self.cancelled:
            return "cancelled"
        return "stopped early" if self.stopped_early else "done"

    def files_in_cell(self, true: int, predicted: int) -> list[PredictionRecord]:
        """The evaluated images of one confusion-matrix cell, most confident first."""
        found = [p for p in self.predictions if p.true == true and p.predicted == predicted]
        return sorted(found, key=lambda p: -p.confidence)

    def to_json(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "details"}
        out["predictions"] = [asdict(p) for p in self.predictions]
        return {**out, **self.details}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FinetuneReport:
        """A report read back from its JSON (KeyError/TypeError/ValueError when it is not
        one: the caller names the file)."""
        names = {f.name for f in fields(cls)} - {"details"}
        values = {k: v for k, v in data.items() if k in names}
        values["predictions"] = [PredictionRecord(str(p["file"]), int(p["true"]),
                                                  int(p["predicted"]), float(p["confidence"]))
                                 for p in data.get("predictions", [])]
        details = {k: v for k, v in data.items() if k not in names}
        return cls(**values, details=details)


_TYPED_EXTRAS = ("best_epoch", "stopped_early", "cancelled", "precision", "precision_reason",
                 "device", "train_images_per_s")


def build_report(config: FinetuneConfig, scan: ScanReport, network: str, base: WeightsChoice,
                 train_acc: float, val_acc: float | None, epochs_run: int,
                 per_class: list[float | None], confusion: list[list[int]],
                 predictions: list[PredictionRecord], history: list[dict[str, Any]],
                 timings: dict[str, float], skipped: list[tuple[str, str]],
                 checkpoint: Path | None, extra: dict[str, Any] | None = None
                 ) -> FinetuneReport:
    from inception_desktop import __version__

    extra = dict(extra or {})
    typed = {k: extra.pop(k) for k in _TYPED_EXTRAS if k in extra}
    details = {
        "skipped_files": [{"file": f, "error": why} for f, why in skipped],
        "warnings": scan.warnings(),
        "base_weights": base.identity(),
        "counts": {"train": scan.counts("train"), "val": scan.counts("val")},
        "data_dir": str(scan.root),
        "data_fingerprint": scan.fingerprint(),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "app_version": __version__,
        # As JSON has it (a tuple is a list), so that the report equals the file it writes.
        "config": {k: list(v) if isinstance(v, tuple) else v
                   for k, v in asdict(config).items() if k != "resume"},
        **extra,
    }
    return FinetuneReport(
        mode=config.mode, model=network, classes=list(scan.classes), train_accuracy=train_acc,
        val_accuracy=val_acc, epochs_run=epochs_run,
        per_class_accuracy=dict(zip(scan.classes, per_class, strict=True)),
        confusion_matrix=confusion,
        confusion_matrix_split="val" if val_acc is not None else "train",
        predictions=predictions, history=history, timings_s=timings,
        checkpoint=str(checkpoint) if checkpoint else None, details=details, **typed)


@dataclass
class FinetuneResult:
    """What a run leaves: the model, its report file and the report."""

    checkpoint: Path | None
    report_path: Path | None
    report: FinetuneReport | None  # None when the run ended before a model was saved
    cancelled: bool = False


def write_report(path: Path, report: FinetuneReport) -> None:
    atomic_write_json(path, report.to_json())


def per_class_table(report: FinetuneReport) -> str:
    classes = report.classes
    width = max([len(c) for c in classes] + [5])
    split = report.confusion_matrix_split
    lines = [f"{'class':<{width}}  {split + ' accuracy':>14}  images"]
    cm = report.confusion_matrix
    for i, c in enumerate(classes):
        acc = report.per_class_accuracy[c]
        lines.append(f"{c:<{width}}  {'-' if acc is None else f'{acc * 100:.1f} %':>14}  "
                     f"{sum(cm[i]):>6}")
    return "\n".join(lines)
