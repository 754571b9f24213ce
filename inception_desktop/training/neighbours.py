"""Nearest neighbours of pooled features by cosine similarity, for near-duplicates and
outliers, in blocked matrix products within a memory budget (so 100,000 images need no
n x n matrix), plus the calibration of the near-duplicate threshold.

Features are standardised first (each dimension centred on the folder's mean and divided by
its spread, then each row scaled to length 1): raw pooled features all point much the same
way (they are averages of ReLU outputs), and a few strong dimensions would drown the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from inception_desktop.errors import msg
from inception_desktop.tasks import TaskState, ensure_state

DEFAULT_MEMORY_MB = 256
# Past this many pairs above the threshold per image, the threshold says little (a folder of
# near-identical frames): the search keeps the most similar ones and says it stopped.
MAX_PAIRS_PER_IMAGE = 50
# A false match costs more than a missed copy: every image of the folder can be falsely
# matched, while only the few that have a copy can be missed.
FALSE_MATCH_WEIGHT = 2.0


def standardize(x: np.ndarray, reference: np.ndarray | None = None, chunk: int = 4096
                ) -> np.ndarray:
    """Rows of `x` centred and scaled per dimension by `reference`'s statistics (default
    `x`'s), as float32 rows of length 1, a chunk of rows at a time (no float64 copy of the
    whole matrix). A dimension that barely varies is scaled by a tenth of the typical spread
    at most (noise there is not a difference)."""
    ref = x if reference is None else reference
    n, d = ref.shape
    total = np.zeros(d)
    squares = np.zeros(d)
    for start in range(0, n, chunk):
        block = ref[start:start + chunk].astype(np.float64)
        total += block.sum(axis=0)
        squares += np.square(block).sum(axis=0)
    mean = total / max(n, 1)
    spread = np.sqrt(np.maximum(squares / max(n, 1) - mean * mean, 0.0))
    floor = 0.1 * float(np.median(spread)) if spread.size else 0.0
    scale = np.maximum(spread, max(floor, 1e-12))
    out = np.empty(x.shape, np.float32)
    for start in range(0, len(x), chunk):
        block = (x[start:start + chunk].astype(np.float64) - mean) / scale
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + chunk] = block / np.maximum(norms, 1e-12)
    return out


@dataclass
class Neighbours:
    """Every pair (i < j) at or above the threshold, and each row's mean similarity to its k
    most similar rows of each class (itself left out)."""

    pairs: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    pair_similarity: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    class_similarity: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    truncated: bool = False  # too many pairs above the threshold: the most similar were kept


def block_rows(n: int, memory_mb: float) -> int:
    """Rows per block so that a block of similarities (and its work copies) fits the budget."""
    per_row = max(n, 1) * 4 * 3  # the float32 products, a mask and the partition's scratch
    return max(1, int(memory_mb * 1024 * 1024 // per_row))


def search(x: np.ndarray, threshold: float | None = None, labels: np.ndarray | None = None,
           k: int = 5, memory_mb: float = DEFAULT_MEMORY_MB, state: TaskState | None = None
           ) -> Neighbours:
    """The pairs of rows of `x` (rows of length 1) at or above `threshold`, and with `labels`
    each row's mean similarity to its `k` nearest rows of each class, one block of rows at a
    time (memory: about `memory_mb`, plus n x classes for the class similarities)."""
    state = ensure_state(state)
    x = np.ascontiguousarray(x, dtype=np.float32)
    n = len(x)
    classes = [] if labels is None else [np.flatnonzero(labels == c)
                                         for c in range(int(labels.max(initial=-1)) + 1)]
    class_similarity = np.zeros((n, len(classes)), dtype=np.float32)
    pairs: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    found = 0
    limit = MAX_PAIRS_PER_IMAGE * max(n, 1)
    truncated = False
    step = block_rows(n, memory_mb)
    columns = np.arange(n)
    for start in range(0, n, step):
        state.check()
        stop = min(n, start + step)
        block = x[start:stop] @ x.T  # (stop - start) x n
        rows = np.arange(start, stop)
        block[rows - start, rows] = -np.inf  # not its own neighbour
        for c, members in enumerate(classes):
            class_similarity[start:stop, c] = _mean_of_top(block[:, members], k)
        if threshold is not None:
            hit = block >= threshold
            hit &= columns[None, :] > rows[:, None]  # each pair once, i < j
            r, col = np.nonzero(hit)
            if len(r):
                pairs.append(np.stack([r + start, col], axis=1))
                sims.append(block[r, col].astype(np.float32))
                found += len(r)
                if found > 2 * limit:  # keep memory bounded: drop the least similar
                    pairs, sims = _keep_most_similar(pairs, sims, limit)
                    found = limit
                    truncated = True
        state.progress(stop, n, msg("comparing images"), unit="images")
    out = Neighbours(class_similarity=class_similarity, truncated=truncated)
    if pairs:
        if found > limit:
            pairs, sims = _keep_most_similar(pairs, sims, limit)
            out.truncated = True
        out.pairs = np.concatenate(pairs)
        out.pair_similarity = np.concatenate(sims)
    return out


def _mean_of_top(block: np.ndarray, k: int) -> np.ndarray:
    """Each row's mean of its k largest finite values (fewer when it has fewer; -1 when
    none: a class whose only member is the row itself)."""
    finite = np.isfinite(block)
    available = finite.sum(axis=1)
    values = np.where(finite, block, -1.0)
    k = min(k, block.shape[1])
    if k == 0:
        return np.full(len(block), -1.0, np.float32)
    top = -np.partition(-values, k - 1, axis=1)[:, :k] if k < block.shape[1] else values
    take = np.minimum(available, k)
    # The -1 fillers sort last, so the first `take` of the (unsorted) top k are not needed:
    # sum the top k and remove the fillers' share.
    total = top.sum(axis=1) + (k - take)  # each filler added -1
    return np.where(take > 0, total / np.maximum(take, 1), -1.0).astype(np.float32)


def _keep_most_similar(pairs: list[np.ndarray], sims: list[np.ndarray], limit: int
                       ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    p, s = np.concatenate(pairs), np.concatenate(sims)
    keep = np.argsort(-s, kind="stable")[:limit]
    return [p[keep]], [s[keep]]


@dataclass(frozen=True)
class Calibration:
    """The near-duplicate threshold and how it did on copies of the folder's own images."""

    threshold: float
    copies: int  # augmented copies compared
    recall: float  # share of the copies at or above the threshold with their original
    false_match: float  # share of the copies as close to some other image


def calibrate(originals: np.ndarray, copies: np.ndarray, pool: np.ndarray,
              same: list[set[int]] | None = None, floor: float = 0.5) -> Calibration:
    """The threshold that best separates each copy's similarity to its original from its
    similarity to the closest other image of `pool`.

    `originals[i]` and `copies[i]` are standardised rows of the same image (the original's row
    is also in `pool`); `same[i]` are the rows of `pool` that are that image or an exact copy
    of it (not other images). The threshold minimises missed copies plus false matches (their
    shares), in the middle of the best range, and never below `floor`. The folder's own
    duplicates would count as false matches: a second round leaves out the images that the
    first round's threshold already takes for duplicates of a sampled image.
    """
    m = len(copies)
    if m == 0:
        return Calibration(0.95, 0, 0.0, 0.0)
    positive = np.einsum("ij,ij->i", originals, copies)
    sims = copies @ pool.T
    for i, rows in enumerate(same or []):
        sims[i, list(rows)] = -np.inf
    threshold = _best_threshold(positive, sims.max(axis=1), floor)
    duplicates = (originals @ pool.T) >= threshold
    sims[duplicates] = -np.inf
    hardest = sims.max(axis=1)
    hardest = np.where(np.isfinite(hardest), hardest, -1.0)
    threshold = _best_threshold(positive, hardest, floor)
    return Calibration(threshold, m, float((positive >= threshold).mean()),
                       float((hardest >= threshold).mean()))


def _best_threshold(positive: np.ndarray, hardest: np.ndarray, floor: float) -> float:
    """The threshold minimising the share of positives below it plus the share of hardest
    negatives at or above it."""
    m = len(positive)
    hardest = np.where(np.isfinite(hardest), hardest, -1.0)
    candidates = np.unique(np.concatenate([positive, hardest, [floor]]))
    candidates = candidates[candidates >= floor]
    pos_sorted, hard_sorted = np.sort(positive), np.sort(hardest)
    missed = np.searchsorted(pos_sorted, candidates, side="left") / m
    false = (len(hardest) - np.searchsorted(hard_sorted, candidates, side="left")) / m
    # The cost is constant between two neighbouring candidates (a, b]: take the middle of the
    # first run of best ones (the gap between the two distributions, when there is one).
    cost = missed + FALSE_MATCH_WEIGHT * false
    best = cost <= cost.min() + 1e-12
    first = last = int(np.argmax(best))
    while last + 1 < len(candidates) and best[last + 1]:
        last += 1
    low = candidates[first - 1] if first > 0 else candidates[first]
    return max(floor, float((low + candidates[last]) / 2))
