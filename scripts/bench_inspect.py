"""Measure the folder check's neighbour search (near duplicates and the per-class distances of
the outlier test) on synthetic pooled features: time, peak memory, and the planted near
duplicates it finds. The search is what grows with the square of the folder's size; the
features themselves come from the cache.

    python scripts/bench_inspect.py [--images 10000] [--dim 2048] [--classes 50]
                                    [--memory-mb 256] [--labels]

--labels also times the out-of-fold label check (5 heads on the features).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def synthetic_features(n: int, dim: int, classes: int, duplicates: float, seed: int = 0
                       ) -> tuple[np.ndarray, np.ndarray, set[tuple[int, int]]]:
    """Non-negative features (as pooled ReLU outputs are) in `classes` clusters, with a
    share of near duplicates (a feature plus a little noise) -> (x, labels, planted pairs)."""
    rng = np.random.default_rng(seed)
    centres = np.abs(rng.normal(0, 1, (classes, dim))).astype(np.float32)
    labels = rng.integers(0, classes, n)
    x = np.empty((n, dim), np.float32)
    for start in range(0, n, 4096):  # in chunks: no n x dim float64 temporary
        stop = min(n, start + 4096)
        noise = rng.normal(0, 0.8, (stop - start, dim)).astype(np.float32)
        x[start:stop] = np.maximum(centres[labels[start:stop]] + noise, 0)
    k = int(n * duplicates)
    originals = rng.choice(n // 2, k, replace=False)
    copies = n // 2 + rng.choice(n - n // 2, k, replace=False)
    x[copies] = np.maximum(x[originals] + rng.normal(0, 0.05, (k, dim)).astype(np.float32), 0)
    labels[copies] = labels[originals]
    return x, labels, {(int(min(a, b)), int(max(a, b))) for a, b in zip(originals, copies,
                                                                          strict=True)}


def peak_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 if sys.platform != "darwin" else usage / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=2048)
    parser.add_argument("--classes", type=int, default=50)
    parser.add_argument("--duplicates", type=float, default=0.01,
                        help="share of images that are a near duplicate of another")
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--memory-mb", type=float, default=256)
    parser.add_argument("--labels", action="store_true", help="time the label check too")
    args = parser.parse_args()

    from inception_desktop.cpu import cpu_identity
    from inception_desktop.training.neighbours import block_rows, search, standardize

    x, labels, planted = synthetic_features(args.images, args.dim, args.classes,
                                            args.duplicates)
    base_mb = peak_rss_mb()
    print(f"{args.images} images x {args.dim} features, {args.classes} classes, "
          f"{len(planted)} planted near duplicates; CPU {cpu_identity()}")
    t0 = time.perf_counter()
    z = standardize(x)
    t_std = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = search(z, args.threshold, labels, k=5, memory_mb=args.memory_mb)
    t_search = time.perf_counter() - t0
    pairs = {(int(a), int(b)) for a, b in found.pairs}
    recall = len(pairs & planted) / max(len(planted), 1)
    flops = 2.0 * args.images * args.images * args.dim
    print(f"standardise: {t_std:.2f} s")
    print(f"search: {t_search:.2f} s ({flops / t_search / 1e9:.0f} GFLOP/s in the products), "
          f"blocks of {block_rows(args.images, args.memory_mb)} rows within "
          f"{args.memory_mb:.0f} MB; {len(pairs)} pairs at {args.threshold}, planted found "
          f"{recall:.1%}")
    print(f"peak memory: {peak_rss_mb():.0f} MB (the features alone: "
          f"{x.nbytes / 2**20:.0f} MB; before the search: {base_mb:.0f} MB)")
    if args.labels:
        from inception_desktop.training.label_issues import (
            find_label_issues,
            out_of_fold_probabilities,
        )

        t0 = time.perf_counter()
        probs = out_of_fold_probabilities(z, labels, args.classes)
        suspects = find_label_issues(labels, probs)
        print(f"label check: {time.perf_counter() - t0:.1f} s, {len(suspects)} suspects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
