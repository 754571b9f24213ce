"""The report of a fine-tuning run (JSON beside the checkpoint) and its per-class table."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from inception_desktop.fileio import atomic_write_json
from inception_desktop.training.config import FinetuneConfig
from inception_desktop.training.dataset import ScanReport
from inception_desktop.weights.resolve import WeightsChoice


def build_report(config: FinetuneConfig, scan: ScanReport, network: str, base: WeightsChoice,
                 train_acc: float, val_acc: float | None, epochs_run: int,
                 per_class: list[float | None], confusion: list[list[int]],
                 predictions: list[dict[str, Any]], history: list[dict[str, Any]],
                 timings: dict[str, float], skipped: list[tuple[str, str]],
                 checkpoint: Path | None, extra: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
    from inception_desktop import __version__

    return {
        "classes": scan.classes,
        "train_accuracy": train_acc,
        "val_accuracy": val_acc,
        "epochs_run": epochs_run,
        "per_class_accuracy": dict(zip(scan.classes, per_class, strict=True)),
        "confusion_matrix": confusion,
        "confusion_matrix_split": "val" if val_acc is not None else "train",
        "skipped_files": [{"file": f, "error": why} for f, why in skipped],
        "warnings": scan.warnings(),
        "mode": config.mode,
        "model": network,
        "base_weights": base.identity(),
        "counts": {"train": scan.counts("train"), "val": scan.counts("val")},
        "data_dir": str(scan.root),
        "data_fingerprint": scan.fingerprint(),
        "history": history,
        "predictions": predictions,
        "timings_s": timings,
        "checkpoint": str(checkpoint) if checkpoint else None,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "app_version": __version__,
        "config": {k: v for k, v in asdict(config).items() if k not in ("resume", "given")},
        **(extra or {}),
    }


def write_report(path: Path, report: dict[str, Any]) -> None:
    atomic_write_json(path, report)


def per_class_table(report: dict[str, Any]) -> str:
    classes = report["classes"]
    width = max([len(c) for c in classes] + [5])
    split = report.get("confusion_matrix_split", "val")
    lines = [f"{'class':<{width}}  {split + ' accuracy':>14}  images"]
    cm = report["confusion_matrix"]
    for i, c in enumerate(classes):
        acc = report["per_class_accuracy"][c]
        lines.append(f"{c:<{width}}  {'-' if acc is None else f'{acc * 100:.1f} %':>14}  "
                     f"{sum(cm[i]):>6}")
    return "\n".join(lines)
