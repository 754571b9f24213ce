"""Confident learning against cleanlab's own implementation (the reference: Northcutt et al.'s
library), on generated probabilities; the folds of the cross-validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inception_desktop.training.label_issues import (
    confident_joint,
    find_label_issues,
    folds_for,
    out_of_fold_probabilities,
    stratified_folds,
)


@st.composite
def noisy_predictions(draw):
    """Labels and out-of-fold-like probabilities: mostly confident in the label, a few
    confidently of another class, some unsure."""
    k = draw(st.integers(2, 6))
    n = draw(st.integers(k * 3, 80))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    labels = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])  # every class present
    truth = labels.copy()
    flip = rng.random(n) < draw(st.floats(0, 0.3))
    truth[flip] = rng.integers(0, k, flip.sum())
    logits = rng.normal(0, 1, (n, k)) + draw(st.floats(0.5, 6)) * np.eye(k)[truth]
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    return labels, probs


@settings(max_examples=60, deadline=None)
@given(noisy_predictions())
def test_the_suspects_are_cleanlabs(data):
    from cleanlab.count import compute_confident_joint
    from cleanlab.filter import find_label_issues as reference

    labels, probs = data
    theirs = reference(labels, probs, filter_by="confident_learning",
                       return_indices_ranked_by="self_confidence")
    ours = find_label_issues(labels, probs)
    assert [s.index for s in ours] == list(theirs)
    joint = compute_confident_joint(labels, probs, calibrate=False)
    mine = confident_joint(labels, probs)
    np.fill_diagonal(mine, mine.diagonal().clip(min=1))  # cleanlab's guard for empty rows
    assert (mine == joint).all()
    for s in ours:
        assert s.given == labels[s.index] != s.suggested
        assert s.self_confidence == pytest.approx(probs[s.index, s.given])


def test_folds_fit_the_smallest_class():
    assert folds_for(np.array([0] * 10 + [1] * 10)) == 5
    assert folds_for(np.array([0] * 10 + [1] * 3)) == 3
    assert folds_for(np.array([0] * 10 + [1])) == 5  # a class of one is not judged
    assert folds_for(np.array([0, 1, 2])) == 0
    folds = stratified_folds(np.array([0] * 7 + [1] * 5), 3)
    for c, n in ((0, 7), (1, 5)):
        counts = np.bincount(folds[:7] if c == 0 else folds[7:], minlength=3)
        assert counts.max() - counts.min() <= 1 and counts.sum() == n


def test_out_of_fold_probabilities_find_a_swapped_label():
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 5, (3, 16))
    labels = np.repeat(np.arange(3), 20)
    x = centres[labels] + rng.normal(0, 1, (60, 16))
    given = labels.copy()
    given[[5, 30]] = [2, 0]  # two wrong labels
    probs = out_of_fold_probabilities(x.astype(np.float32), given, 3)
    assert probs.shape == (60, 3) and np.allclose(probs.sum(axis=1), 1)
    suspects = find_label_issues(given, probs)
    assert {s.index for s in suspects[:2]} == {5, 30}
    assert {(s.index, s.suggested) for s in suspects[:2]} == {(5, 0), (30, 1)}
