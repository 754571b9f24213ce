"""Suspected label errors: out-of-fold probabilities from the head trainer, then confident
learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty in Dataset
Labels", JAIR 2021).

An image's out-of-fold probabilities come from a head trained on the other folds only, so a
wrong label cannot vouch for itself. Class j's threshold is the mean probability of j over the
images labelled j (its average self-confidence); an image counts as confidently of class j
when its probability of j reaches j's threshold (the most probable such class when there are
several). The images confidently of a class other than their label form the off-diagonal of
the confident joint: those whose label the head does not also rank first are the suspects,
ranked by self-confidence, lowest first. This is cleanlab's
`find_label_issues(filter_by="confident_learning")`, which the tests compare against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inception_desktop.engine.results import softmax
from inception_desktop.errors import msg
from inception_desktop.tasks import TaskState, ensure_state

MAX_FOLDS = 5
FLOAT_TOLERANCE = 1e-6  # as cleanlab: a probability this close to a threshold reaches it


@dataclass(frozen=True)
class Suspect:
    index: int  # into the examples
    given: int
    suggested: int  # the class it is confidently of
    self_confidence: float  # the out-of-fold probability of its given class


def folds_for(labels: np.ndarray) -> int:
    """k of the k-fold cross-validation: 5, or fewer when the smallest class (of those with
    at least 2 images) has fewer images; 0 when no class has 2."""
    counts = np.bincount(labels)
    usable = counts[counts >= 2]
    if len(usable) == 0:
        return 0
    return int(min(MAX_FOLDS, usable.min()))


def stratified_folds(labels: np.ndarray, folds: int, seed: int = 0) -> np.ndarray:
    """Each example's fold: every class dealt round the folds in a seeded order."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(labels), dtype=int)
    offset = 0
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        out[members] = (np.arange(len(members)) + offset) % folds
        offset += len(members)  # small classes do not all start in fold 0
    return out


def out_of_fold_probabilities(x: np.ndarray, labels: np.ndarray, num_classes: int,
                              folds: int | None = None, seed: int = 0, epochs: int = 100,
                              state: TaskState | None = None) -> np.ndarray:
    """Each example's class probabilities from a head (training/head.py) trained on the other
    folds -> n x num_classes. With fewer than 2 folds possible, every row is uniform.

    Without a validation set to stop on, each head trains on its folds with more weight decay
    and a smaller step than head mode's defaults, so that it does not learn its folds' wrong
    labels by heart (measured on a folder with planted errors: fewer false suspects)."""
    from inception_desktop.training.head import train_head

    state = ensure_state(state)
    n = len(labels)
    k = folds_for(labels) if folds is None else folds
    probs = np.full((n, num_classes), 1.0 / max(num_classes, 1))
    if k < 2:
        return probs
    fold_of = stratified_folds(labels, k, seed)
    for fold in range(k):
        state.check()
        state.progress(fold, k, msg("label check: fold {fold} of {folds}", fold=fold + 1, folds=k),
                       unit="folds")
        train, held = fold_of != fold, fold_of == fold
        if not held.any() or not train.any():
            continue
        # Larger folders take larger batches: as many steps per epoch as a small one.
        batch = int(np.clip(train.sum() // 32, 64, 512))
        head = train_head(x[train], labels[train], num_classes, epochs=epochs, lr=0.003,
                          weight_decay=1e-2, batch_size=batch, patience=10, seed=seed + fold)
        logits = x[held].astype(np.float64) @ head.weight.T.astype(np.float64) + head.bias
        probs[held] = softmax(logits)
    state.progress(k, k, msg("label check: done"), unit="folds")
    return probs


def confident_thresholds(labels: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Per class: the mean probability of that class over the examples labelled with it (a
    class nobody is labelled with cannot be reached: 2, above any probability)."""
    out = np.full(probs.shape[1], 2.0)
    for c in range(probs.shape[1]):
        members = labels == c
        if members.any():
            out[c] = probs[members, c].mean()
    return np.maximum(out, 2 * FLOAT_TOLERANCE)


def confident_guess(labels: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """-> (each example's confident class, whether it has one)."""
    confident = probs >= confident_thresholds(labels, probs) - FLOAT_TOLERANCE
    count = confident.sum(axis=1)
    guess = np.where(count > 1, probs.argmax(axis=1), confident.argmax(axis=1))
    return guess, count > 0


def confident_joint(labels: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Counts [given label][confident class] of the examples confident of some class."""
    guess, has = confident_guess(labels, probs)
    k = probs.shape[1]
    joint = np.zeros((k, k), dtype=int)
    np.add.at(joint, (labels[has], guess[has]), 1)
    return joint


def find_label_issues(labels: np.ndarray, probs: np.ndarray) -> list[Suspect]:
    """The suspects, most likely wrong first (lowest self-confidence)."""
    labels = np.asarray(labels)
    n = len(labels)
    if n == 0:
        return []
    guess, has = confident_guess(labels, probs)
    off_diagonal = has & (guess != labels)
    # Not a suspect when the head still ranks the given label first (ties go to the label).
    nudged = probs.copy()
    nudged[np.arange(n), labels] += FLOAT_TOLERANCE
    off_diagonal &= nudged.argmax(axis=1) != labels
    self_conf = probs[np.arange(n), labels]
    order = np.flatnonzero(off_diagonal)
    order = order[np.argsort(self_conf[order], kind="stable")]
    return [Suspect(int(i), int(labels[i]), int(guess[i]), float(self_conf[i])) for i in order]
