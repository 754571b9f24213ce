"""Head mode: cached pooled features of the base network + a softmax-regression classifier
(numpy), on either backend, so it also runs in the torch-free build."""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import asdict
from typing import Any

import numpy as np

from inception_desktop.errors import Cancelled, TrainingError, msg
from inception_desktop.tasks import TaskState
from inception_desktop.training.config import FinetuneConfig
from inception_desktop.training.dataset import ScanReport
from inception_desktop.training.events import CheckpointSaved, EpochEnd
from inception_desktop.training.report import (
    FinetuneResult,
    PredictionRecord,
    build_report,
    write_report,
)


def run_head(config: FinetuneConfig, scan: ScanReport, state: TaskState) -> FinetuneResult:
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.training.features import extract_features
    from inception_desktop.training.head import evaluate, train_head
    from inception_desktop.weights.headfile import save_head_checkpoint

    started = time.perf_counter()
    predictor = Predictor(config.model, weights=config.weights,
                          random_weights=config.random_weights, backend=config.backend,
                          device=config.device, state=state)
    try:
        network = predictor.network
        config.model = network
        base = predictor.choice
        out = config.resolved_out()
        train, val = scan.split_samples("train"), scan.split_samples("val")
        views = max(1, config.views)
        t0 = time.perf_counter()
        try:
            feats = extract_features(predictor, [s.path for s in train], views=views,
                                     state=state)
            val_feats = extract_features(predictor, [s.path for s in val], views=1,
                                         state=state)
        except Cancelled:
            raise Cancelled(msg("cancelled while computing features; nothing was trained (the "
                                "features computed so far are cached)")) from None
        feature_s = time.perf_counter() - t0
        skipped = scan.skipped + feats.failed + val_feats.failed
        vectors, val_vectors = feats.vectors, val_feats.vectors
        x_tr = [vectors[(s.path, v)] for s in train for v in range(views)
                if (s.path, v) in vectors]
        y_tr = [s.label for s in train for v in range(views) if (s.path, v) in vectors]
        val_ok = [s for s in val if (s.path, 0) in val_vectors]
        x_va = np.stack([val_vectors[(s.path, 0)] for s in val_ok]) if val_ok else None
        y_va = np.array([s.label for s in val_ok]) if val_ok else None
        if not x_tr:
            raise TrainingError(msg("no training image in {root} could be read", root=scan.root))
        x_train, y_train = np.stack(x_tr), np.array(y_tr)
        n_classes = len(scan.classes)

        def save(weight: np.ndarray, bias: np.ndarray, metrics: dict[str, Any]) -> None:
            save_head_checkpoint(out, network, weight, bias, scan.classes, base.identity(),
                                 {"mode": "head", "name": config.name or out.stem,
                                  "data_fingerprint": scan.fingerprint(),
                                  "metrics": metrics})

        def on_best(weight: np.ndarray, bias: np.ndarray, stats: EpochEnd) -> None:
            save(weight, bias, {"epoch": stats.epoch, "train_accuracy": stats.train_accuracy,
                                "val_accuracy": stats.val_accuracy})
            state.partial(CheckpointSaved(out, stats.epoch))

        t1 = time.perf_counter()
        result = train_head(x_train, y_train, n_classes, x_va, y_va,
                            epochs=config.epochs or 100, lr=config.lr or 0.01,
                            weight_decay=config.weight_decay if config.weight_decay is not None
                            else 1e-4, batch_size=config.batch_size or 64,
                            patience=config.patience or 15, seed=config.seed, on_best=on_best,
                            state=state)
        train_s = time.perf_counter() - t1
        train_acc, _, _, _ = evaluate(result.weight, result.bias, x_train, y_train, n_classes)
        if x_va is not None and y_va is not None:
            eval_x, eval_y, eval_samples = x_va, y_va, val_ok
        else:
            eval_samples = [s for s in train if (s.path, 0) in vectors]
            eval_x = np.stack([vectors[(s.path, 0)] for s in eval_samples])
            eval_y = np.array([s.label for s in eval_samples])
        acc, per_class, confusion, probs = evaluate(result.weight, result.bias, eval_x, eval_y,
                                                    n_classes)
        predictions = [PredictionRecord(str(s.path), int(s.label), int(p.argmax()),
                                        float(p.max()))
                       for s, p in zip(eval_samples, probs, strict=True)]
        val_acc = acc if x_va is not None else None
        saved = result.best_epoch > 0
        if saved:
            save(result.weight, result.bias, {
                "train_accuracy": train_acc, "val_accuracy": val_acc,
                "per_class_accuracy": dict(zip(scan.classes, per_class, strict=True)),
                "confusion_matrix": confusion, "epochs_run": result.epochs_run,
                "best_epoch": result.best_epoch})
        report = build_report(
            config, scan, network, base, train_acc, val_acc, result.epochs_run, per_class,
            confusion, predictions, [asdict(h) for h in result.history],
            {"feature_extraction": feature_s, "training": train_s,
             "total": time.perf_counter() - started}, skipped,
            out if saved else None,
            {"best_epoch": result.best_epoch, "stopped_early": result.stopped_early,
             "cancelled": result.cancelled, "views": views,
             "features": {"computed": feats.computed + val_feats.computed,
                          "cached": feats.cached + val_feats.cached},
             "backend": predictor.backend_name, "device": predictor.device,
             "saved": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")})
        report_path = config.resolved_report()
        write_report(report_path, report)
        return FinetuneResult(out if saved else None, report_path, report,
                              cancelled=result.cancelled)
    finally:
        predictor.close()
