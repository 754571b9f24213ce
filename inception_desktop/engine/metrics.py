"""Classification metrics from predicted probabilities (numpy only): top-k accuracy, mean
per-class accuracy, negative log-likelihood, expected calibration error with its reliability
bins, per-class results and the most confused pairs."""

from __future__ import annotations

from typing import Any

import numpy as np

ECE_BINS = 15


def top_k_columns(probs: np.ndarray, k: int) -> np.ndarray:
    """N x C -> N x k class indices, most likely first, ties broken by the lower index."""
    from inception_desktop.engine.results import top_k_indices

    return top_k_indices(probs, k)


def calibration(confidence: np.ndarray, correct: np.ndarray, bins: int = ECE_BINS
                ) -> tuple[float, list[dict[str, float | int | None]]]:
    """Expected calibration error (Guo et al. 2017): bins of equal width over the top-1
    confidence, (lower, upper], the first including 0; ECE = sum |accuracy - confidence|
    weighted by the share of images in each bin -> (ECE, the bins for a reliability
    diagram)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    n = len(confidence)
    ece = 0.0
    out: list[dict[str, float | int | None]] = []
    for b in range(bins):
        mask = which == b
        count = int(mask.sum())
        acc = float(correct[mask].mean()) if count else None
        conf = float(confidence[mask].mean()) if count else None
        if count and acc is not None and conf is not None:
            ece += count / n * abs(acc - conf)
        out.append({"lower": float(edges[b]), "upper": float(edges[b + 1]), "images": count,
                    "accuracy": acc, "confidence": conf})
    return float(ece), out


def summarize(probs: np.ndarray, labels: np.ndarray, class_names: list[str],
              confused_pairs: int = 20) -> dict[str, Any]:
    """All metrics of one model on one labelled set (probabilities N x C, labels N)."""
    n = len(labels)
    if n == 0:
        return {"images": 0, "top1": None, "top5": None, "mean_class_accuracy": None,
                "nll": None, "ece": None, "calibration": [], "per_class": {}, "confused": []}
    probs = probs.astype(np.float64, copy=False)
    top5 = top_k_columns(probs, 5)
    predicted = top5[:, 0]
    correct1 = predicted == labels
    correct5 = (top5 == labels[:, None]).any(1)
    p_true = probs[np.arange(n), labels]
    nll = float(-np.log(np.maximum(p_true, np.finfo(np.float64).tiny)).mean())
    ece, bins = calibration(probs[np.arange(n), predicted], correct1)
    per_class: dict[str, dict[str, Any]] = {}
    for c in np.unique(labels):
        mask = labels == c
        per_class[class_names[c]] = {"index": int(c), "images": int(mask.sum()),
                                     "top1": float(correct1[mask].mean()),
                                     "top5": float(correct5[mask].mean())}
    pairs: dict[tuple[int, int], int] = {}
    for t, p in zip(labels[~correct1], predicted[~correct1], strict=True):
        pairs[(int(t), int(p))] = pairs.get((int(t), int(p)), 0) + 1
    confused = [{"true": class_names[t], "predicted": class_names[p], "images": count}
                for (t, p), count in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {
        "images": n,
        "top1": float(correct1.mean()),
        "top5": float(correct5.mean()),
        "mean_class_accuracy": float(np.mean([v["top1"] for v in per_class.values()])),
        "nll": nll,
        "ece": ece,
        "calibration": bins,
        "per_class": per_class,
        "confused": confused[:confused_pairs],
    }
