"""The blocked neighbour search equals the whole similarity matrix, whatever the memory budget;
the near-duplicate threshold falls between copies and other images."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from inception_desktop.training.neighbours import calibrate, search, standardize


def brute_force(x, threshold, labels, k):
    s = x.astype(np.float64) @ x.T.astype(np.float64)
    np.fill_diagonal(s, -np.inf)
    i, j = np.nonzero(np.triu(s >= threshold, 1))
    means = []
    for c in range(labels.max() + 1):
        cols = np.sort(s[:, labels == c], axis=1)[:, ::-1]
        top = cols[:, :k]
        finite = np.isfinite(top)
        means.append(np.where(finite.any(1), np.where(finite, top, 0).sum(1) /
                              np.maximum(finite.sum(1), 1), -1.0))
    return set(zip(i.tolist(), j.tolist(), strict=True)), np.stack(means, 1)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 60), d=st.integers(2, 12), classes=st.integers(1, 4),
       memory=st.sampled_from([0.0001, 0.01, 64]), seed=st.integers(0, 1000))
def test_blocked_search_equals_the_whole_matrix(n, d, classes, memory, seed):
    rng = np.random.default_rng(seed)
    x = standardize(rng.normal(0, 1, (n, d)).astype(np.float32))
    x[n // 2] = x[0]  # an exact duplicate
    classes = min(classes, n)
    labels = rng.integers(0, classes, n)
    labels[:classes] = np.arange(classes)
    found = search(x, 0.6, labels, k=3, memory_mb=memory)
    pairs, means = brute_force(x, 0.6, labels, 3)
    got = {(int(a), int(b)) for a, b in found.pairs}
    near = {p for p in pairs | got
            if abs(float(x[p[0]] @ x[p[1]]) - 0.6) < 1e-5}  # rounding at the threshold
    assert got ^ pairs <= near
    assert np.allclose(found.class_similarity, means, atol=1e-5)
    assert not found.truncated


def test_calibration_falls_between_copies_and_other_images():
    rng = np.random.default_rng(1)
    pool = standardize(rng.normal(0, 1, (200, 32)).astype(np.float32))
    sample = np.arange(0, 200, 5)
    copies = pool[sample] + rng.normal(0, 0.03, (len(sample), 32)).astype(np.float32)
    copies /= np.linalg.norm(copies, axis=1, keepdims=True)
    c = calibrate(pool[sample], copies, pool, [{int(i)} for i in sample])
    positive = np.einsum("ij,ij->i", pool[sample], copies)
    others = copies @ pool.T
    others[np.arange(len(sample)), sample] = -1
    assert others.max() < c.threshold <= positive.min()
    assert c.recall == 1.0 and c.false_match == 0.0 and c.copies == len(sample)


def test_calibration_ignores_the_folders_own_duplicates():
    """A sampled image with a real duplicate in the folder is not a false match."""
    rng = np.random.default_rng(2)
    pool = standardize(rng.normal(0, 1, (100, 32)).astype(np.float32))
    pool[1:20:2] = pool[0:20:2] + 0.005  # ten images with a duplicate each
    pool /= np.linalg.norm(pool, axis=1, keepdims=True)
    sample = np.arange(0, 40, 2)
    copies = pool[sample] + rng.normal(0, 0.03, (len(sample), 32)).astype(np.float32)
    copies /= np.linalg.norm(copies, axis=1, keepdims=True)
    c = calibrate(pool[sample], copies, pool, [{int(i)} for i in sample])
    assert c.recall >= 0.9 and c.false_match <= 0.1


def test_many_pairs_are_cut_to_the_most_similar():
    x = np.ones((40, 4), np.float32) / 2  # all identical
    found = search(x, 0.5, None, memory_mb=0.001)
    assert len(found.pairs) == 40 * 39 // 2  # under the limit of 50 per image
