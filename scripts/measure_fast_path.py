"""Side by side in one process (issue 24): the export as it was run before (every block an
output) against the classification graph the product runs now, onnxruntime fp32 against
OpenVINO fp32 / bf16 / int8 and onnxruntime int8, at batch 1 and 8; and how OpenVINO opens
the classification graph (cut from the one read export, or a second file on disk), cold and
warm (model cache empty, then filled).

    python scripts/measure_fast_path.py [--model inception_v3] [--weights FILE] [--batches 1,8]
                                        [--no-int8]

Untrained weights unless --weights (the speed does not depend on them; the agreement needs
real or well-scaled ones). The int8 export is made with `quantize` on generated photos when
there is none. Uses a private data folder unless
INCEPTION_DESKTOP_DATA_DIR is set. Measurements, not assertions: run it on a quiet machine
and print the CPU's flags with the table (it does).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np


def median_ms(fn: Any, runs: int = 9, seconds: float = 3.0) -> float:
    fn()
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < runs or (time.perf_counter() - start < seconds and len(times) < 50):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000.0


def int8_export(model: str, choice: Any, weights: str | None) -> Any:
    from inception_desktop.cli import main
    from inception_desktop.weights.exports import find_export

    found = find_export(model, choice.sha256, choice.untrained, precision="int8")
    if found is not None:
        return found
    from PIL import Image

    folder = Path(tempfile.mkdtemp(prefix="calibration-"))
    rng = np.random.default_rng(0)
    for i in range(16):
        small = rng.integers(0, 255, (14, 18, 3), dtype=np.uint8)
        Image.fromarray(small).resize((360, 280), Image.Resampling.BICUBIC).save(
            folder / f"c{i}.jpg")
    which = ["--weights", weights] if weights else ["--random-weights"]
    main(["quantize", "--model", model, *which, "--calibration", str(folder),
          "--images", "12", "--method", "minmax"])
    return find_export(model, choice.sha256, choice.untrained, precision="int8")


def old_ort(export: Any) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(export.onnx_path), options,
                                   providers=["CPUExecutionProvider"])
    return lambda x: session.run(["logits", "features"], {"input": x})


def old_ov(export: Any, precision: str) -> Any:
    import openvino as ov

    core = ov.Core()
    compiled = core.compile_model(core.read_model(str(export.onnx_path)), "CPU", {
        "PERFORMANCE_HINT": "LATENCY",
        "INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32"})
    request = compiled.create_infer_request()
    return lambda x: request.infer({"input": x})


def open_times(export: Any, precision: str) -> dict[str, float]:
    """OpenVINO: seconds to a compiled classification graph, cut from the read export (what
    the product does) or compiled from a second file holding only it; cold and warm."""
    import openvino as ov

    from inception_desktop.engine._onnx_proto import keep_outputs
    from inception_desktop.engine.openvino_backend import OpenVinoBackend, compiled_cache

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with compiled_cache(Path(tmp) / "cut"):
            (Path(tmp) / "cut").mkdir()
            for when in ("cold", "warm"):
                t0 = time.perf_counter()
                OpenVinoBackend(export, precision).close()
                out[f"cut {when}"] = time.perf_counter() - t0
        second = Path(tmp) / "classification.onnx"
        second.write_bytes(keep_outputs(export.onnx_path.read_bytes(),
                                        ["logits", "probabilities", "features"]))
        out["second file MB"] = second.stat().st_size / 1e6
        for when in ("cold", "warm"):
            core = ov.Core()
            core.set_property({"CACHE_DIR": str(Path(tmp) / "file")})
            t0 = time.perf_counter()
            core.compile_model(str(second), "CPU", {
                "PERFORMANCE_HINT": "LATENCY",
                "INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32"})
            out[f"file {when}"] = time.perf_counter() - t0
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--weights", default=None)
    parser.add_argument("--batches", default="1,8")
    parser.add_argument("--no-int8", action="store_true")
    args = parser.parse_args()
    if "INCEPTION_DESKTOP_DATA_DIR" not in os.environ:
        os.environ["INCEPTION_DESKTOP_DATA_DIR"] = tempfile.mkdtemp(prefix="fast-path-")
    from inception_desktop.cpu import cpu_has_native_bf16, describe_cpu
    from inception_desktop.engine.bench import check_images
    from inception_desktop.engine.export import ensure_export
    from inception_desktop.engine.quantize import agreement
    from inception_desktop.engine.registry import open_export_backend
    from inception_desktop.models import get_spec
    from inception_desktop.weights.resolve import resolve_weights

    spec = get_spec(args.model)
    choice = resolve_weights(args.model, args.weights, args.weights is None)
    fp32 = ensure_export(choice)
    int8 = None if args.no_int8 else int8_export(args.model, choice, args.weights)
    columns = [("onnxruntime", "fp32", fp32), ("openvino", "fp32", fp32)]
    if cpu_has_native_bf16():
        columns.append(("openvino", "bf16", fp32))
    if int8 is not None:
        columns += [("onnxruntime", "int8", int8), ("openvino", "int8", int8)]
    batches = [int(b) for b in args.batches.split(",")]
    rng = np.random.default_rng(0)
    xs = {b: rng.standard_normal((b, 3, spec.input_size, spec.input_size)).astype(np.float32)
          for b in batches}
    check = check_images(spec)  # photo-like, as `bench` checks agreement
    table: dict[tuple[str, int], list[str]] = {}
    reference = None
    agree: list[str] = []
    for runtime, precision, export in columns:
        old = old_ort(export) if runtime == "onnxruntime" else old_ov(export, precision)
        for b in batches:
            table.setdefault(("as exported (19 outputs)", b), []).append(
                f"{median_ms(lambda b=b, f=old: f(xs[b])):.1f}")
        old = None
        new = open_export_backend(runtime, export, precision)
        for b in batches:
            table.setdefault(("classification graph", b), []).append(
                f"{median_ms(lambda b=b, f=new: f.run(xs[b])):.1f}")
        logits = np.concatenate([new.run(check[i:i + 8]).logits for i in range(0, 16, 8)])
        if reference is None:
            reference = logits
        a = agreement(reference, logits)
        agree.append(f"{a['top1_agreement'] * 100:.0f}% / {a['max_prob_diff']:.1e}")
        new.close()
        print(f"measured {runtime} {precision}", file=sys.stderr, flush=True)
    print(f"{spec.display_name}, weights {choice.describe()}; CPU: {describe_cpu()}; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    heads = [f"{r} {p}" for r, p, _ in columns]
    print("| graph | batch | " + " | ".join(heads) + " |")
    print("|---|---|" + "---|" * len(heads))
    for (graph, b), cells in table.items():
        print(f"| {graph} | {b} | " + " | ".join(f"{c} ms" for c in cells) + " |")
    print("| top-1 agreement / largest prob. diff vs onnxruntime fp32, 16 photo-like images | "
          "| " + " | ".join(agree) + " |")
    for precision in ["fp32", *(["bf16"] if cpu_has_native_bf16() else [])]:
        times = open_times(fp32, precision)
        print(f"OpenVINO {precision} opening the classification graph: " + ", ".join(
            f"{k} {v:.2f}{'' if 'MB' in k else ' s'}" for k, v in times.items())
            + f"; the export itself is {fp32.onnx_path.stat().st_size / 1e6:.0f} MB")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
