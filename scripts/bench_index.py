"""Indexing a folder for `top-images` against classifying it (for the closing notes).

    python scripts/bench_index.py DIR [--model inception_v3] [--backend onnxruntime]

Both with the same network, untrained weights and backend, warm (the export made first).
The index is built from scratch; then a second query is timed as a new process would make
it (plan + load, no network).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inception_desktop.engine.channel_index import build_index, plan_update  # noqa: E402
from inception_desktop.engine.images import expand_paths  # noqa: E402
from inception_desktop.engine.predictor import Predictor  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--backend", default="onnxruntime")
    args = parser.parse_args()
    folder = Path(args.folder)
    files = expand_paths([folder], recursive=True)
    predictor = Predictor(args.model, random_weights=True, backend=args.backend)
    list(predictor.classify_files(files[:8]))  # warm-up
    t0 = time.perf_counter()
    list(predictor.classify_files(files))
    classify_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = plan_update(predictor.network, None, folder, 9, rebuild=True)
    build_index(predictor, folder, plan, 9)
    index_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = plan_update(predictor.network, None, folder, 9)
    assert again.up_to_date and again.index is not None
    again.index.channel(predictor.spec.blocks[-1].path, 0)
    query_s = time.perf_counter() - t0
    print(f"{args.model}, {args.backend}, {len(files)} images: classify {classify_s:.1f} s, "
          f"index {index_s:.1f} s = {index_s / classify_s:.2f}x; a second query "
          f"{query_s * 1000:.0f} ms (plus process start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
