"""Measure fine-tuning speed on generated images (for the closing notes, never in tests).

    python scripts/bench_finetune.py                      # head mode
    python scripts/bench_finetune.py --full [--model inception_v3] [--batch-size 8]
    python scripts/bench_finetune.py --accuracy 4 --images 120     # fp32 against bf16
    python scripts/bench_finetune.py --memory --model inception_v1   # the spec's memory figures

Head mode: total time against feature extraction alone (cold feature cache, warm ONNX
export).

Full mode (`--full`), at 299 x 299 on this machine's device:

1. the bare training step: one AdamW step with label smoothing (and the network's
   auxiliary losses) on a batch already in memory, for fp32 and bf16 (on a CPU with native bf16,
   or CUDA) each in the default memory format and channels-last;
2. `finetune --mode full` end to end at `--precision fp32` and `--precision auto`: the
   training images per second the run reports (decoding, augmentation, the steps and the
   progress; validation is timed apart), against the bare step in the same precision and
   memory format, and the peak memory of the run.
"""

from __future__ import annotations

import argparse
import atexit
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inception_desktop.cpu import cpu_has_native_bf16, describe_cpu  # noqa: E402
from tests.helpers.datasets import make_dataset  # noqa: E402

CLASSES = ("circle", "square", "triangle", "ring")


def bare_step_rate(model_name: str, batch: int, precision: str, channels_last: bool,
                   steps: int, device_name: str) -> float:
    """Images/s of the training step alone (the same loss and optimizer as full mode)."""
    import torch
    from torch import nn

    from inception_desktop.models import create_model
    from inception_desktop.training.full import training_loss

    device = torch.device(device_name)
    torch.manual_seed(0)
    model = create_model(model_name)
    model.reset_classifier(len(CLASSES))
    model.to(device).train()
    size = model.spec.input_size
    x = torch.randn(batch, 3, size, size, device=device)
    y = torch.randint(0, len(CLASSES), (batch,), device=device)
    if channels_last:
        model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
    times = []
    for i in range(steps + 2):  # two warm-up steps
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
            _, loss = training_loss(model, model(x), y, criterion)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        float(loss.detach())  # waits for the step, as the product's progress does
        if device.type == "cuda":
            torch.cuda.synchronize()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    return batch / statistics.median(times)


def _bare_in_child(args: tuple[str, int, str, bool, int, str]) -> float:
    return bare_step_rate(*args)


def _peak_rss_in_child(args: tuple[str, int, str]) -> float:
    """Peak resident MB of a fresh process that ran two bare steps (channels-last, as
    full mode trains on a CPU)."""
    from inception_desktop.engine.bench import peak_rss_mb

    model_name, batch, precision = args
    bare_step_rate(model_name, batch, precision, True, 1, "cpu")
    return peak_rss_mb()


def bench_memory(args: argparse.Namespace) -> None:
    """The spec's `training_memory` figures: peak RSS at batch 2 and 8 in fresh processes
    -> (MB without a batch, MB per image), fp32 and bf16."""
    ctx = multiprocessing.get_context("spawn")
    print(f"{args.model}: peak resident memory of a training step (AdamW, channels-last)")
    for precision in ("fp32", "bf16"):
        peaks = {}
        for batch in (2, 8):
            with ctx.Pool(1) as pool:
                peaks[batch] = pool.apply(_peak_rss_in_child, ((args.model, batch, precision),))
        per_image = (peaks[8] - peaks[2]) / 6
        print(f"  {precision}: batch 2 {peaks[2]:.0f} MB, batch 8 {peaks[8]:.0f} MB -> "
              f'TrainingMemory("{precision}", {peaks[2] - 2 * per_image:.0f}, '
              f"{per_image:.0f})")


def end_to_end(data: Path, model_name: str, batch: int, precision: str, epochs: int,
               out: Path, base: Path | None = None, val_split: float = 0.1) -> dict:
    """Run `finetune --mode full` as a user would, in its own process -> its report."""
    report = out.with_suffix(".json")
    weights = ["--weights", str(base)] if base else ["--random-weights"]
    cmd = [sys.executable, "-m", "inception_desktop", "finetune", str(data), "--mode", "full",
           "--model", model_name, *weights, "--epochs", str(epochs),
           "--batch-size", str(batch), "--precision", precision, "--out", str(out),
           "--report", str(report), "--val-split", str(val_split), "--patience", "1000"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"finetune failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(report.read_text())


def bench_full(args: argparse.Namespace, tmp: Path) -> None:
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"device: {torch.cuda.get_device_name(0) if device == 'cuda' else describe_cpu()}, "
          f"{torch.get_num_threads()} threads; {args.model}, 299 x 299, batch {args.batch_size}")
    precisions = ["fp32"]
    if device == "cuda" or cpu_has_native_bf16():
        precisions.append("bf16")
    bare: dict[tuple[str, bool], float] = {}
    # Each configuration in a fresh process: allocator state and peak memory do not carry over.
    ctx = multiprocessing.get_context("spawn")
    for precision in precisions:
        for cl in (False, True):
            with ctx.Pool(1) as pool:
                rate = pool.apply(_bare_in_child, ((args.model, args.batch_size, precision, cl,
                                                    args.steps, device),))
            bare[(precision, cl)] = rate
            layout = "channels-last" if cl else "default memory format"
            print(f"  bare step  {precision:<5} {layout:<22} {rate:6.2f} images/s")
    data = make_dataset(tmp / "data", per_class=args.images // len(CLASSES), classes=CLASSES,
                        size=args.image_size)
    fp32_e2e = None
    for precision in ("fp32", "auto"):
        report = end_to_end(data, args.model, args.batch_size, precision, args.epochs,
                            tmp / f"full-{precision}.safetensors")
        rate = report["train_images_per_s"]
        same = bare[(report["precision"], bool(report["channels_last"]))]
        fp32_e2e = fp32_e2e or rate
        print(f"  finetune --precision {precision:<4} -> {report['precision']}"
              f"{' channels-last' if report['channels_last'] else ''}: {rate:6.2f} images/s "
              f"= {rate / same:.2f} of its bare step, {rate / fp32_e2e:.2f}x fp32 end to end; "
              f"peak RSS {report['peak_rss_mb']:.0f} MB; val accuracy "
              f"{report['val_accuracy']:.3f}; loss {report['train_loss_before']:.3f} -> "
              f"{report['train_loss_after']:.3f} ({report['precision_reason']})")
    # Before this precision choice, full mode ran fp32 in the default memory format; its end
    # to end rate is below its bare step, so this ratio understates the gain.
    print(f"  auto end to end / bare fp32 step in the default memory format (the earlier "
          f"fp32 path): {rate / bare[('fp32', False)]:.2f}x")


def bench_accuracy(args: argparse.Namespace, tmp: Path) -> None:
    """fp32 and bf16 runs of the same seeded fine-tune from a base whose features carry
    information (the reference network with random, well-scaled weights): do they learn
    alike?"""
    from tests.helpers.reference import REFERENCES, make_checkpoint

    fmt = REFERENCES[args.model].formats[0]
    base = make_checkpoint(args.model, fmt, tmp / "base")
    data = make_dataset(tmp / "data", per_class=args.images // len(CLASSES), classes=CLASSES,
                        size=args.image_size)
    print(f"{args.model}, {args.images} images of {len(CLASSES)} classes (25% validate), "
          f"{args.accuracy} epochs, batch {args.batch_size}, 299 x 299")
    for precision in ("fp32", "bf16"):
        report = end_to_end(data, args.model, args.batch_size, precision, args.accuracy,
                            tmp / f"acc-{precision}.safetensors", base, val_split=0.25)
        val_losses = [h["val_loss"] for h in report["history"]]
        print(f"  {precision}: validation accuracy {report['val_accuracy']:.3f} (best epoch "
              f"{report['best_epoch']}), validation loss by epoch "
              f"{' '.join(f'{v:.3f}' for v in val_losses)}; training loss "
              f"{report['train_loss_before']:.3f} -> {report['train_loss_after']:.3f}; "
              f"{report['train_images_per_s']:.2f} images/s")


def bench_head(args: argparse.Namespace, tmp: Path) -> None:
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.training.finetune import FinetuneConfig, run_finetune

    data = make_dataset(tmp / "data", per_class=args.images // len(CLASSES), classes=CLASSES,
                        size=256)
    Predictor(args.model, random_weights=True, backend="onnxruntime")  # warm the export
    t0 = time.perf_counter()
    result = run_finetune(FinetuneConfig(str(data), model=args.model, random_weights=True,
                                         backend="onnxruntime", out=str(tmp / "head.safetensors")))
    total = time.perf_counter() - t0
    feats = result.report.timings_s["feature_extraction"]
    print(f"head mode, {args.images} images, {args.model}, onnxruntime: total {total:.1f} s, "
          f"feature extraction {feats:.1f} s, training {result.report.timings_s['training']:.2f}"
          f" s -> total / features = {total / feats:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--steps", type=int, default=6, help="timed bare steps")
    parser.add_argument("--epochs", type=int, default=1, help="end-to-end epochs")
    parser.add_argument("--image-size", type=int, default=256,
                        help="side of the generated images (decoding is part of the run)")
    parser.add_argument("--memory", action="store_true",
                        help="measure the training memory figures of the network's spec")
    parser.add_argument("--accuracy", type=int, metavar="EPOCHS",
                        help="compare the validation accuracy of fp32 and bf16 runs")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # its models run to GB
    if args.memory:
        bench_memory(args)
    elif args.accuracy:
        bench_accuracy(args, tmp)
    elif args.full:
        bench_full(args, tmp)
    else:
        bench_head(args, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
