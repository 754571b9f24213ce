"""Results of a classification: top-k predictions, timings, the weights' identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from inception_desktop.weights.resolve import WeightsChoice


@dataclass(frozen=True)
class Prediction:
    rank: int
    index: int
    label: str
    probability: float


@dataclass
class ClassificationResult:
    file: str
    model: str
    weights: WeightsChoice | None
    predictions: list[Prediction] = field(default_factory=list)
    timing_ms: dict[str, float] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {
            "file": self.file,
            "model": self.model,
            "weights": self.weights.identity() if self.weights else None,
            "predictions": [{"rank": p.rank, "index": p.index, "label": p.label,
                             "probability": p.probability} for p in self.predictions],
            "timing_ms": {k: round(v, 3) for k, v in self.timing_ms.items()},
        }


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax in float64 (probabilities of rare classes stay exact to 1e-12). The
    one softmax of the app: inference, evaluation and head training use it."""
    z = np.asarray(logits).astype(np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def top_k_indices(probabilities: np.ndarray, k: int) -> np.ndarray:
    """Rows of probabilities (N x C, or C) -> the k most likely classes of each, best first,
    ties broken by class index (a stable sort of the negated probabilities)."""
    probs = np.atleast_2d(probabilities)
    k = max(1, min(k, probs.shape[-1]))
    out = np.argsort(-probs, axis=-1, kind="stable")[:, :k]
    return out if probabilities.ndim == 2 else out[0]


def top_k(probabilities: np.ndarray, labels: list[str], k: int = 5) -> list[Prediction]:
    """One image's probabilities -> its k most likely classes, ties broken by class index."""
    order = top_k_indices(probabilities, k)
    return [Prediction(rank + 1, int(i), labels[int(i)], float(probabilities[i]))
            for rank, i in enumerate(order)]
