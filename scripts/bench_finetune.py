"""Measure fine-tuning speed on generated images (for the closing notes, never in tests).

    python scripts/bench_finetune.py [--images 200] [--model inception_v3] [--full]

Head mode: total time against feature extraction alone (cold feature cache, warm ONNX
export). With --full: full-mode images/s at 299 x 299 on this machine's device.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inception_desktop.engine.predictor import Predictor  # noqa: E402
from inception_desktop.training.finetune import FinetuneConfig, run_finetune  # noqa: E402
from tests.training_data import make_dataset  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    classes = ("circle", "square", "triangle", "ring")
    data = make_dataset(tmp / "data", per_class=args.images // len(classes), classes=classes,
                        size=256)
    Predictor(args.model, random_weights=True, backend="onnxruntime")  # warm the export
    t0 = time.perf_counter()
    result = run_finetune(FinetuneConfig(str(data), model=args.model, random_weights=True,
                                         backend="onnxruntime", out=str(tmp / "head.safetensors")))
    total = time.perf_counter() - t0
    feats = result.report["timings_s"]["feature_extraction"]
    print(f"head mode, {args.images} images, {args.model}, onnxruntime: total {total:.1f} s, "
          f"feature extraction {feats:.1f} s, training {result.report['timings_s']['training']:.2f}"
          f" s -> total / features = {total / feats:.2f}")
    if args.full:
        from inception_desktop.tasks import TaskState
        from inception_desktop.training.events import EpochEnd

        events: list = []
        run_finetune(FinetuneConfig(str(data), model=args.model, random_weights=True,
                                    mode="full", epochs=1, batch_size=8, backend="torch",
                                    out=str(tmp / "full.safetensors")),
                     TaskState(on_partial=events.append))
        rates = [e.images_per_s for e in events if isinstance(e, EpochEnd)]
        print(f"full mode, {args.model} at 299 x 299: {rates[-1]:.2f} images/s (one epoch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
