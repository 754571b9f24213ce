"""Fine-tuning on a folder: the scan, head mode (cached features + softmax regression, both
backends) and full mode (torch), with progress callbacks, cancellation and a checkpoint that is
always a valid file."""

from __future__ import annotations

import datetime as _dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.training.dataset import ScanReport, scan_folder
from inception_desktop.weights.fileio import atomic_path


@dataclass
class FinetuneConfig:
    data_dir: str
    model: str | None = "inception_v3"
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
    amp: bool = True  # mixed precision on CUDA

    def resolved_out(self) -> Path:
        if self.out:
            return Path(self.out)
        return Path(f"{Path(self.data_dir).resolve().name}-{self.model}-{self.mode}"
                    ".safetensors")

    def resolved_report(self) -> Path:
        return Path(self.report) if self.report else self.resolved_out().with_suffix(".json")


@dataclass
class TrainingEvent:
    """What progress callbacks receive. kind: scan, features, epoch, batch, checkpoint, done."""

    kind: str
    message: str = ""
    data: dict[str, Any] = field(default_factory=dict)


class FinetuneCancelled(Exception):
    pass


@dataclass
class FinetuneResult:
    checkpoint: Path | None
    report_path: Path
    report: dict[str, Any]
    cancelled: bool = False


def _emit(progress, kind: str, message: str = "", **data) -> None:
    if progress is not None:
        progress(TrainingEvent(kind, message, data))


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")


def run_finetune(config: FinetuneConfig,
                 progress: Callable[[TrainingEvent], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> FinetuneResult:
    if config.mode not in ("head", "full"):
        raise ValueError(f"unknown mode {config.mode!r}; choose head or full")
    scan = scan_folder(config.data_dir, config.val_split, config.seed)
    _emit(progress, "scan", scan.summary(), report=scan)
    if config.mode == "head":
        return _run_head(config, scan, progress, cancelled)
    from inception_desktop.training.full import run_full

    return run_full(config, scan, progress, cancelled)


def base_identity(choice) -> dict[str, Any]:
    return {"name": choice.name, "sha256": choice.sha256, "untrained": choice.untrained}


def build_report(config: FinetuneConfig, scan: ScanReport, network: str, base,
                 train_acc: float, val_acc: float | None, epochs_run: int,
                 per_class: list[float | None], confusion: list[list[int]],
                 predictions: list[dict[str, Any]], history: list[dict[str, Any]],
                 timings: dict[str, float], skipped: list[tuple[str, str]],
                 checkpoint: Path | None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
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
        "mode": config.mode,
        "model": network,
        "base_weights": base_identity(base),
        "counts": {"train": scan.counts("train"), "val": scan.counts("val")},
        "data_dir": str(scan.root),
        "data_fingerprint": scan.fingerprint(),
        "history": history,
        "predictions": predictions,
        "timings_s": timings,
        "checkpoint": str(checkpoint) if checkpoint else None,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "app_version": __version__,
        "config": {k: v for k, v in asdict(config).items() if k not in ("resume",)},
        **(extra or {}),
    }


def _run_head(config: FinetuneConfig, scan: ScanReport, progress, cancelled) -> FinetuneResult:
    from inception_desktop.engine.classifier import Classifier
    from inception_desktop.training.features import extract_features
    from inception_desktop.training.head import evaluate, train_head
    from inception_desktop.weights.headfile import save_head_checkpoint

    started = time.perf_counter()
    clf = Classifier(config.model, weights=config.weights, random_weights=config.random_weights,
                     backend=config.backend, device=config.device)
    network = clf.network
    config.model = network
    base = clf.choice
    out = config.resolved_out()
    train = scan.split_samples("train")
    val = scan.split_samples("val")
    views = max(1, config.views)
    t0 = time.perf_counter()

    def feat_progress(p) -> None:
        _emit(progress, "features", f"features {p.done}/{p.total} ({p.cached} cached)",
              done=p.done, total=p.total, cached=p.cached, images_per_s=p.images_per_s)

    feats, failed = extract_features(clf, [s.path for s in train], views=views,
                                     progress=feat_progress, cancelled=cancelled)
    val_feats, failed_val = extract_features(clf, [s.path for s in val], views=1,
                                             progress=feat_progress, cancelled=cancelled)
    feature_s = time.perf_counter() - t0
    if cancelled is not None and cancelled():
        raise FinetuneCancelled("cancelled while computing features; nothing was trained "
                                "(the features computed so far are cached)")
    skipped = scan.skipped + failed + failed_val
    x_tr = [feats[(s.path, v)] for s in train for v in range(views) if (s.path, v) in feats]
    y_tr = [s.label for s in train for v in range(views) if (s.path, v) in feats]
    val_ok = [s for s in val if (s.path, 0) in val_feats]
    x_va = np.stack([val_feats[(s.path, 0)] for s in val_ok]) if val_ok else None
    y_va = np.array([s.label for s in val_ok]) if val_ok else None
    if not x_tr:
        raise ValueError("no training image could be read")
    x_tr, y_tr = np.stack(x_tr), np.array(y_tr)
    n_classes = len(scan.classes)

    def save(weight, bias, metrics: dict[str, Any]) -> None:
        save_head_checkpoint(out, network, weight, bias, scan.classes, base_identity(base),
                             {"mode": "head", "name": config.name or out.stem,
                              "data_fingerprint": scan.fingerprint(), "metrics": metrics,
                              "date": _dt.datetime.now(_dt.timezone.utc).isoformat(
                                  timespec="seconds")})

    def on_best(weight, bias, stats) -> None:
        save(weight, bias, {"epoch": stats.epoch, "train_accuracy": stats.train_accuracy,
                            "val_accuracy": stats.val_accuracy})
        _emit(progress, "checkpoint", f"saved the best head so far (epoch {stats.epoch})",
              path=str(out), epoch=stats.epoch)

    def on_epoch(stats) -> None:
        _emit(progress, "epoch", "", **asdict(stats))

    t1 = time.perf_counter()
    result = train_head(x_tr, y_tr, n_classes, x_va, y_va,
                        epochs=config.epochs or 100, lr=config.lr or 0.01,
                        weight_decay=config.weight_decay if config.weight_decay is not None
                        else 1e-4, batch_size=config.batch_size or 64,
                        patience=config.patience or 15, seed=config.seed, on_epoch=on_epoch,
                        on_best=on_best, cancelled=cancelled)
    train_s = time.perf_counter() - t1
    train_acc, _, _, _ = evaluate(result.weight, result.bias, x_tr, y_tr, n_classes)
    eval_x, eval_y, eval_samples = (x_va, y_va, val_ok) if x_va is not None else \
        (np.stack([feats[(s.path, 0)] for s in train if (s.path, 0) in feats]),
         np.array([s.label for s in train if (s.path, 0) in feats]),
         [s for s in train if (s.path, 0) in feats])
    acc, per_class, confusion, probs = evaluate(result.weight, result.bias, eval_x, eval_y,
                                                n_classes)
    predictions = [{"file": str(s.path), "true": int(s.label), "predicted": int(p.argmax()),
                    "confidence": float(p.max())} for s, p in zip(eval_samples, probs,
                                                                  strict=True)]
    val_acc = acc if x_va is not None else None
    metrics = {"train_accuracy": train_acc, "val_accuracy": val_acc,
               "per_class_accuracy": dict(zip(scan.classes, per_class, strict=True)),
               "confusion_matrix": confusion, "epochs_run": result.epochs_run,
               "best_epoch": result.best_epoch}
    if result.best_epoch > 0:
        save(result.weight, result.bias, metrics)
    total_s = time.perf_counter() - started
    report = build_report(
        config, scan, network, base, train_acc, val_acc, result.epochs_run, per_class,
        confusion, predictions, [asdict(h) for h in result.history],
        {"feature_extraction": feature_s, "training": train_s, "total": total_s}, skipped,
        out if result.best_epoch > 0 else None,
        {"best_epoch": result.best_epoch, "stopped_early": result.stopped_early,
         "cancelled": result.cancelled, "views": views,
         "backend": clf.backend_name, "device": clf.device})
    report_path = config.resolved_report()
    _write_json(report_path, report)
    _emit(progress, "done", f"done: train accuracy {train_acc:.3f}" +
          (f", validation accuracy {val_acc:.3f}" if val_acc is not None else ""),
          report=report)
    clf.close()
    return FinetuneResult(out if result.best_epoch > 0 else None, report_path, report,
                          cancelled=result.cancelled)


def per_class_table(report: dict[str, Any]) -> str:
    classes = report["classes"]
    width = max([len(c) for c in classes] + [5])
    split = report.get("confusion_matrix_split", "val")
    lines = [f"{'class':<{width}}  {split} accuracy  images"]
    cm = report["confusion_matrix"]
    for i, c in enumerate(classes):
        acc = report["per_class_accuracy"][c]
        lines.append(f"{c:<{width}}  {'-' if acc is None else f'{acc:.3f}':>12}  "
                     f"{sum(cm[i]):>6}")
    return "\n".join(lines)


__all__ = ["FinetuneConfig", "TrainingEvent", "FinetuneResult", "FinetuneCancelled",
           "run_finetune", "per_class_table"]
