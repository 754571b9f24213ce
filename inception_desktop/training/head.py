"""Softmax regression on cached features (numpy only, so it runs in the torch-free build):
standardised inputs, weight decay, Adam, early stopping on validation; the standardisation is
folded into the final weights so the head applies to raw pooled features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from inception_desktop.engine.results import softmax
from inception_desktop.errors import msg
from inception_desktop.tasks import Stage, TaskState, ensure_state
from inception_desktop.training.events import EpochEnd


@dataclass
class HeadResult:
    weight: np.ndarray  # classes x features, for raw features
    bias: np.ndarray
    best_epoch: int
    epochs_run: int
    history: list[EpochEnd] = field(default_factory=list)
    stopped_early: bool = False
    cancelled: bool = False


def _loss_acc(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: np.ndarray,
              smoothing: float = 0.0) -> tuple[float, float]:
    p = softmax(x @ w.T + b)
    n, k = p.shape
    target = np.full((n, k), smoothing / k)
    target[np.arange(n), y] += 1.0 - smoothing
    loss = float(-(target * np.log(p + 1e-12)).sum(axis=1).mean())
    return loss, float((p.argmax(1) == y).mean())


_CHUNK = 4096  # rows at a time: a large folder's features are never copied whole in float64


def _moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature mean and standard deviation (+1e-6), accumulated in float64 by chunks."""
    total = np.zeros(x.shape[1])
    for i in range(0, len(x), _CHUNK):
        total += x[i:i + _CHUNK].sum(0, dtype=np.float64)
    mu = total / max(len(x), 1)
    squares = np.zeros(x.shape[1])
    for i in range(0, len(x), _CHUNK):
        squares += ((x[i:i + _CHUNK].astype(np.float64) - mu) ** 2).sum(0)
    return mu, np.sqrt(squares / max(len(x), 1)) + 1e-6


def _standardized(x: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """(x - mu) / sigma as one float32 array (the products upcast per batch)."""
    out = np.empty(x.shape, np.float32)
    for i in range(0, len(x), _CHUNK):
        out[i:i + _CHUNK] = (x[i:i + _CHUNK].astype(np.float64) - mu) / sigma
    return out


def train_head(x_train: np.ndarray, y_train: np.ndarray, num_classes: int,
               x_val: np.ndarray | None = None, y_val: np.ndarray | None = None,
               epochs: int = 100, lr: float = 0.01, weight_decay: float = 1e-4,
               batch_size: int = 64, patience: int = 15, seed: int = 0,
               on_best: Callable[[np.ndarray, np.ndarray, EpochEnd], None] | None = None,
               state: TaskState | None = None) -> HeadResult:
    """Train; every finished epoch is a partial result (`EpochEnd`) of `state`; `on_best` is
    called with raw-feature weights whenever validation improves (or, without validation, the
    training loss), so the best head so far can be saved at once. A cancelled state stops
    after the current epoch and keeps the best head."""
    import time

    state = ensure_state(state)
    rng = np.random.default_rng(seed)
    mu, sigma = _moments(x_train)
    xs = _standardized(x_train, mu, sigma)
    xv = None if x_val is None or len(x_val) == 0 else _standardized(x_val, mu, sigma)
    n, d = xs.shape
    w = np.zeros((num_classes, d))
    b = np.zeros(num_classes)
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b, v_b = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, step = 0.9, 0.999, 0
    best_score, best_epoch = -np.inf, 0
    best = (w.copy(), b.copy())
    result = HeadResult(w, b, 0, 0)
    started = time.perf_counter()

    def raw(w_: np.ndarray, b_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (w_ / sigma).astype(np.float32), (b_ - (w_ / sigma) @ mu).astype(np.float32)

    for epoch in range(1, epochs + 1):
        if state.cancelled:
            result.cancelled = True
            break
        order = rng.permutation(n)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            xb, yb = xs[idx], y_train[idx]
            p = softmax(xb @ w.T + b)
            p[np.arange(len(idx)), yb] -= 1.0
            p /= len(idx)
            g_w = p.T @ xb + weight_decay * w
            g_b = p.sum(0)
            step += 1
            for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                m_hat = m / (1 - beta1 ** step)
                v_hat = v / (1 - beta2 ** step)
                param -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        loss, acc = _loss_acc(xs, y_train, w, b)
        val_loss: float | None = None
        val_acc: float | None = None
        if xv is not None and y_val is not None:
            val_loss, val_acc = _loss_acc(xv, y_val, w, b)
        elapsed = time.perf_counter() - started
        stats = EpochEnd(epoch, epochs, loss, acc, val_loss, val_acc,
                           n * epoch / max(elapsed, 1e-9),
                           elapsed / epoch * (epochs - epoch))
        result.history.append(stats)
        result.epochs_run = epoch
        # Higher is better: validation accuracy, ties broken by lower validation loss.
        score = (val_acc - 1e-3 * val_loss) if val_acc is not None and val_loss is not None \
            else -loss
        if score > best_score + 1e-9:
            best_score, best_epoch = score, epoch
            best = (w.copy(), b.copy())
            if on_best is not None:
                on_best(*raw(*best), stats)
        state.partial(stats)
        state.progress(epoch, epochs, msg("epoch {epoch} of {epochs}", epoch=epoch, epochs=epochs),
                       unit="epochs",
                       stage=Stage.TRAINING)
        if epoch - best_epoch >= patience:
            result.stopped_early = True
            break
    result.weight, result.bias = raw(*best)
    result.best_epoch = best_epoch
    return result


def evaluate(weight: np.ndarray, bias: np.ndarray, x: np.ndarray, y: np.ndarray,
             num_classes: int) -> tuple[float, list[float | None], list[list[int]], np.ndarray]:
    """-> (accuracy, per-class accuracy (None without samples), confusion matrix
    [true][predicted], the predicted probabilities)."""
    if len(x) == 0:
        return 0.0, [None] * num_classes, [[0] * num_classes for _ in range(num_classes)], \
            np.zeros((0, num_classes))
    probs = softmax(x.astype(np.float64) @ weight.T.astype(np.float64) + bias)
    acc, per_class, cm = scores(probs.argmax(1), y, num_classes)
    return acc, per_class, cm, probs


def scores(predicted: np.ndarray, y: np.ndarray, num_classes: int
           ) -> tuple[float, list[float | None], list[list[int]]]:
    """-> (accuracy, per-class accuracy, confusion matrix [true][predicted])."""
    cm = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y, predicted, strict=True):
        cm[int(t), int(p)] += 1
    per_class = [float(cm[c, c] / cm[c].sum()) if cm[c].sum() else None
                 for c in range(num_classes)]
    acc = float((np.asarray(predicted) == np.asarray(y)).mean()) if len(y) else 0.0
    return acc, per_class, cm.tolist()
