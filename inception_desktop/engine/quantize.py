"""int8 exports: static quantization (QDQ, per-channel int8 weights, uint8 activations) of a
network's fp32 ONNX export, calibrated on the user's own images and checked against fp32 on a
held-out part of them, on every runtime installed here.

- Calibration: the method that measures best on the held-out images (min-max or a percentile
  of the activations; `--method` to fix one). Without fast int8 dot products (VNNI and the
  like), weights use the reduced 7-bit range, which avoids the saturation of older kernels.
  If top-1 agreement stays under `KEEP_AGREEMENT`, the first convolution and the classifier
  are kept in fp32 and the better of the two is kept.
- Residual scaling (a `Mul` by a constant, in the residual networks) stays in fp32: OpenVINO
  cannot run a quantized scalar there.
- The result is stored beside the fp32 export in the cache, keyed by network, weights sha256
  and a fingerprint of the calibration (its images and settings), with its report.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.cpu import cpu_has_int8_dot, describe_cpu
from inception_desktop.engine.images import expand_paths
from inception_desktop.engine.pipeline import prepared_stream
from inception_desktop.engine.registry import cpu_runtimes
from inception_desktop.engine.results import softmax
from inception_desktop.errors import BackendError, UsageError, msg
from inception_desktop.fileio import atomic_path, atomic_write_json, file_sha256, output_lock
from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.weights.exports import (
    EXPORT_FORMAT,
    ExportInfo,
    export_files_record,
    export_key,
    exports_dir,
    read_export_info,
    remove_export,
    verify_export,
)
from inception_desktop.weights.resolve import WeightsChoice

METHODS = ("auto", "minmax", "percentile", "entropy")
KEEP_AGREEMENT = 0.98
MIN_CALIBRATION = 4
MIN_CHECK = 4


# ----------------------------------------------------------------------------- agreement

def agreement(reference_logits: np.ndarray, logits: np.ndarray) -> dict[str, float]:
    """How far reduced-precision outputs stay from the fp32 ones on the same images: top-1
    agreement, mean top-5 overlap (shared classes / 5), largest probability difference."""
    from inception_desktop.engine.results import top_k_indices

    a, b = softmax(reference_logits), softmax(logits)
    k = min(5, a.shape[1])
    top_a, top_b = top_k_indices(a, k), top_k_indices(b, k)
    overlap = [len(set(x) & set(y)) / k for x, y in zip(top_a, top_b, strict=True)]
    return {"top1_agreement": float((top_a[:, 0] == top_b[:, 0]).mean()),
            "top5_overlap": float(np.mean(overlap)),
            "max_prob_diff": float(np.abs(a - b).max())}


# ----------------------------------------------------------------------------- data

@dataclass
class CalibrationSet:
    calibration: np.ndarray  # N x 3 x S x S
    check: np.ndarray
    files: list[Path]  # calibration files, then check files
    fingerprint: str
    skipped: list[tuple[str, str]]


def _too_few(root: Path, readable: int, skipped: list[tuple[str, str]]) -> UsageError:
    least = MIN_CALIBRATION + MIN_CHECK
    if skipped:  # say why the others were not counted, naming the first
        return UsageError(msg("--calibration {root}: {readable} readable image(s); {count} could "
                              "not be read (the first: {problem}); give at least {least}",
                              root=root, readable=readable, count=len(skipped),
                              problem=skipped[0][1], least=least))
    return UsageError(msg("--calibration {root}: {readable} readable image(s); give at least "
                          "{least} (typical photos of yours: the more, the better the calibration)",
                          root=root, readable=readable, least=least))


def check_calibration_folder(folder: str | Path) -> None:
    """Refuse a folder with too few image files before any export is made for it (whether
    each can be read is seen when they are read)."""
    root = Path(folder).expanduser()
    found = len(expand_paths([root], recursive=True))
    if found < MIN_CALIBRATION + MIN_CHECK:
        raise UsageError(msg("--calibration {root}: {found} image file(s); give at least "
                             "{least} (typical photos of yours: the more, the better the "
                             "calibration)", root=root, found=found,
                             least=MIN_CALIBRATION + MIN_CHECK))


def calibration_set(folder: str | Path, spec: Any, images: int, seed: int,
                    settings: str, state: TaskState) -> CalibrationSet:
    """A seeded split of the folder's images: up to `images` to calibrate on, and a held-out
    quarter (at least MIN_CHECK, at most 200) to check the result on."""
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UsageError(msg("--calibration {root}: not a folder", root=root))
    files = sorted(expand_paths([root], recursive=True))
    random.Random(seed).shuffle(files)
    wanted = files[:images + min(200, max(MIN_CHECK, (images + 3) // 3))]
    tensors: list[np.ndarray] = []
    kept: list[Path] = []
    skipped: list[tuple[str, str]] = []
    state.status(msg("reading {count} images of {root}...", count=len(wanted), root=root))
    for item in prepared_stream(wanted, spec, state=state):
        if item.error is not None or item.tensor is None:
            skipped.append((item.name, item.error or "unreadable"))
        else:
            tensors.append(item.tensor)
            kept.append(Path(item.name))
    n_check = min(200, max(MIN_CHECK, len(tensors) // 4))
    if len(tensors) - n_check < MIN_CALIBRATION:
        raise _too_few(root, len(tensors), skipped)
    cal, chk = tensors[:-n_check][:images], tensors[-n_check:]
    digest = hashlib.sha256(settings.encode())
    for path in kept[:len(cal)]:
        st = path.stat()
        digest.update(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return CalibrationSet(np.stack(cal), np.stack(chk), kept, digest.hexdigest(), skipped)


# ----------------------------------------------------------------------------- quantizing

def _quantize_file(source: Path, target: Path, calibration: np.ndarray, method: str,
                   reduce_range: bool, exclude: list[str]) -> None:
    try:
        from onnxruntime.quantization import (
            CalibrationDataReader,
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quantize_static,
        )
    except ImportError:
        raise BackendError(msg("quantizing needs the onnx package (the full install, not the "
                               "torch-free bundle)")) from None

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.items = iter([{"input": calibration[i:i + 1]}
                               for i in range(len(calibration))])

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self.items, None)

    # Calibration holds every intermediate tensor of a chunk of images in memory (gigabytes
    # for the largest networks); histogram methods hold more. ORT drops a last chunk that is
    # exactly full, so the chunk size must not divide the number of images.
    most = 8 if method == "minmax" else 3
    chunk = next((m for m in range(most, 1, -1) if len(calibration) % m), 1)
    extra: dict[str, Any] = {"CalibMaxIntermediateOutputs": chunk}
    if method == "percentile":
        extra["CalibPercentile"] = 99.999
    methods = {"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
               "entropy": CalibrationMethod.Entropy}
    import contextlib
    import io

    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the quantizer's advice is logged as warnings
    try:
        # Its calibrators print their progress: not for this command's output.
        with contextlib.redirect_stdout(io.StringIO()):
            quantize_static(str(source), str(target), Reader(), quant_format=QuantFormat.QDQ,
                            per_channel=True, reduce_range=reduce_range,
                            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                            calibrate_method=methods[method], nodes_to_exclude=exclude,
                            extra_options=extra)
    finally:
        quiet.setLevel(level)


def _sensitive_and_mul_nodes(path: Path) -> tuple[list[str], list[str]]:
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    convs = [n.name for n in graph.node if n.op_type == "Conv"]
    heads = [n.name for n in graph.node if n.op_type in ("Gemm", "MatMul")]
    muls = [n.name for n in graph.node if n.op_type == "Mul"]
    return convs[:1] + heads, muls


@dataclass
class Candidate:
    method: str
    excluded: bool
    path: Path
    check: dict[str, float]

    @property
    def score(self) -> tuple[float, float, float]:
        c = self.check
        return (c["top1_agreement"], c["top5_overlap"], -c["max_prob_diff"])


def quantize_export(fp32: ExportInfo, choice: WeightsChoice, spec: Any, calibration_dir: str,
                    images: int = 100, method: str = "auto", seed: int = 0,
                    state: TaskState | None = None) -> tuple[ExportInfo, dict[str, Any]]:
    """Make (or find) the int8 export of `fp32` calibrated on `calibration_dir` -> (the
    export, its report)."""

    state = ensure_state(state)
    if method not in METHODS:
        raise UsageError(msg("unknown method {method!r}; choose one of: {methods}",
                             method=method, methods=', '.join(METHODS)))
    reduce_range = not cpu_has_int8_dot()
    settings = f"{method}|{images}|{seed}|{reduce_range}|per-channel|qdq|u8s8"
    data = calibration_set(calibration_dir, spec, images, seed, settings, state)
    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = export_key(fp32.network, fp32.weights_sha256, fp32.opset, "int8", data.fingerprint)
    # Two runs for one output wait for each other; the second finds the first's result.
    with output_lock(folder / f"{key}.onnx"):
        existing = read_export_info(folder / f"{key}.json")
        if existing is not None and existing.extra.get("report"):
            problem = verify_export(existing)
            if problem is None:
                return existing, dict(existing.extra["report"])
            state.status(msg("warning: {problem}; quantizing it again", problem=problem))
            remove_export(existing)
        return _quantize(fp32, choice, data, key, method, reduce_range, state)


def quantize_model(choice: WeightsChoice, calibration_dir: str, images: int = 100,
                   method: str = "auto", state: TaskState | None = None
                   ) -> tuple[ExportInfo, dict[str, Any], WeightsChoice]:
    """The quantize use case (the command line and the window): the int8 export of a model's
    weights, calibrated on a folder of photos -> (the export, its agreement report, the
    weights quantized: a fine-tuned head's base, whose int8 features its head runs on)."""
    from inception_desktop.engine.export import ensure_export
    from inception_desktop.weights.headfile import is_head_checkpoint, read_head_checkpoint
    from inception_desktop.weights.resolve import resolve_base, weights_spec

    state = ensure_state(state)
    check_calibration_folder(calibration_dir)
    if choice.path is not None and is_head_checkpoint(choice.path):
        choice = resolve_base(read_head_checkpoint(choice.path))
    spec = weights_spec(choice)  # calibrate with the weights' own preprocessing
    fp32 = ensure_export(choice, state=state)
    info, report = quantize_export(fp32, choice, spec, calibration_dir, images, method,
                                   state=state)
    return info, report, choice


def _quantize(fp32: ExportInfo, choice: WeightsChoice, data: CalibrationSet, key: str,
              method: str, reduce_range: bool, state: TaskState
              ) -> tuple[ExportInfo, dict[str, Any]]:
    from inception_desktop.engine.onnx_backend import OnnxBackend

    reference = OnnxBackend(fp32)
    ref_logits = np.concatenate([reference.run(data.check[i:i + 8]).logits
                                 for i in range(0, len(data.check), 8)])
    sensitive, muls = _sensitive_and_mul_nodes(fp32.onnx_path)
    tried: list[Candidate] = []
    work = Path(tempfile.mkdtemp(prefix="inception-quantize-"))
    try:
        # onnxruntime writes `<model>-inferred.onnx` beside the model it quantizes: beside a
        # private link to the export, not beside the shared one (two runs collided there).
        source = work / "fp32.onnx"
        try:
            os.link(fp32.onnx_path, source)
        except OSError:
            shutil.copyfile(fp32.onnx_path, source)
        methods = ["minmax", "percentile"] if method == "auto" else [method]
        for excluded in (False, True):
            for m in methods:
                if excluded:
                    state.status(msg("quantizing {network} ({method} calibration on {count} "
                                     "images, first conv and classifier in fp32)...",
                                     network=fp32.network, method=m,
                                     count=len(data.calibration)))
                else:
                    state.status(msg("quantizing {network} ({method} calibration on {count} "
                                     "images)...", network=fp32.network, method=m,
                                     count=len(data.calibration)))
                state.check()
                target = work / f"{m}-{int(excluded)}.onnx"
                _quantize_file(source, target, data.calibration, m, reduce_range,
                               muls + (sensitive if excluded else []))
                candidate_info = _info_for(fp32, target)
                backend = OnnxBackend(candidate_info)
                got = np.concatenate([backend.run(data.check[i:i + 8]).logits
                                      for i in range(0, len(data.check), 8)])
                backend.close()
                tried.append(Candidate(m, excluded, target, agreement(ref_logits, got)))
                if tried[-1].check["top1_agreement"] == 1.0 and \
                        tried[-1].check["top5_overlap"] == 1.0:
                    break  # every held-out answer kept: no method can do better
            if max(c.check["top1_agreement"] for c in tried) >= KEEP_AGREEMENT:
                break
        state.check()  # a stop asked during the last quantization ends here, nothing kept
        best = max(tried, key=lambda c: c.score)
        state.status(msg("measuring fp32 against int8 on each runtime..."))
        report = _report(fp32, choice, data, best, tried, ref_logits, reduce_range, state)
        state.check()
        info = _store(fp32, best, data, key, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return info, report


def _info_for(fp32: ExportInfo, onnx_path: Path) -> ExportInfo:
    from dataclasses import replace

    head = onnx_path.with_suffix(".head.npz")
    if not head.exists():
        shutil.copyfile(fp32.head_path, head)
    return replace(fp32, onnx_path=onnx_path, precision="int8")


def _report(fp32: ExportInfo, choice: WeightsChoice, data: CalibrationSet, best: Candidate,
            tried: list[Candidate], ref_logits: np.ndarray, reduce_range: bool,
            state: TaskState) -> dict[str, Any]:
    from inception_desktop.engine.autotune import latency_ms
    from inception_desktop.engine.registry import open_export_backend

    int8_info = _info_for(fp32, best.path)
    one = data.check[:1]
    runtimes: dict[str, Any] = {}
    for runtime in cpu_runtimes():
        state.check()
        try:
            b32 = open_export_backend(runtime, fp32)
        except BackendError as exc:
            runtimes[runtime] = {"error": str(exc)}
            continue
        try:
            b8 = open_export_backend(runtime, int8_info)
        except BackendError as exc:
            b32.close()
            runtimes[runtime] = {"error": str(exc)}
            continue
        try:
            got = np.concatenate([b8.run(data.check[i:i + 8]).logits
                                  for i in range(0, len(data.check), 8)])
            fp32_ms, int8_ms = latency_ms(b32, one), latency_ms(b8, one)
        finally:
            b32.close()
            b8.close()
        runtimes[runtime] = {"fp32_ms": fp32_ms, "int8_ms": int8_ms,
                             "speedup": fp32_ms / int8_ms, **agreement(ref_logits, got)}
    main = runtimes.get("onnxruntime") or next(iter(runtimes.values()))
    fastest = min((r for r in runtimes.values() if "int8_ms" in r),
                  key=lambda r: r["int8_ms"])
    mb = 1_000_000
    return {
        "model": fp32.network, "weights": choice.identity(),
        "calibration_images": len(data.calibration), "check_images": len(data.check),
        "calibration_skipped": [{"file": f, "error": e} for f, e in data.skipped],
        "top1_agreement": main["top1_agreement"], "top5_overlap": main["top5_overlap"],
        "max_prob_diff": main["max_prob_diff"], "fp32_ms": main["fp32_ms"],
        "int8_ms": fastest["int8_ms"], "speedup": main["fp32_ms"] / fastest["int8_ms"],
        "size_mb": {"fp32": fp32.onnx_path.stat().st_size / mb,
                    "int8": best.path.stat().st_size / mb},
        "runtimes": runtimes,
        "method": best.method, "fp32_layers_kept": best.excluded,
        "reduced_range_weights": reduce_range, "cpu": describe_cpu(),
        "tried": [{"method": c.method, "fp32_layers_kept": c.excluded, **c.check}
                  for c in tried],
        "calibration": data.fingerprint,
    }


def _recorded_sha(export: ExportInfo) -> str | None:
    record = (export.files_record or {}).get("onnx")
    return record.get("sha256") if isinstance(record, dict) else None


def _store(fp32: ExportInfo, best: Candidate, data: CalibrationSet, key: str,
           report: dict[str, Any]) -> ExportInfo:
    import json

    folder = exports_dir()
    target = folder / f"{key}.onnx"
    with atomic_path(target) as tmp:
        shutil.copyfile(best.path, tmp)
    with atomic_path(target.with_suffix(".head.npz")) as tmp:
        shutil.copyfile(fp32.head_path, tmp)
    meta = json.loads(fp32.meta_path.read_text(encoding="utf-8"))
    meta.update({"format": EXPORT_FORMAT, "precision": "int8",
                 "calibration": data.fingerprint,
                 "quantization": {"method": best.method, "per_channel": True,
                                  "format": "QDQ", "activations": "uint8",
                                  "weights": "int8",
                                  "reduced_range_weights": report["reduced_range_weights"],
                                  "fp32_layers_kept": best.excluded,
                                  "sha256": file_sha256(target)},
                 # made from the fp32 export: its digest, and this file's own
                 "source": {"fp32_onnx_sha256": _recorded_sha(fp32)},
                 "files": export_files_record(target),
                 "report": report})
    atomic_write_json(target.with_suffix(".json"), meta)
    info = read_export_info(target.with_suffix(".json"))
    if info is None:
        raise BackendError(msg("the int8 export {target} could not be read back", target=target))
    return info
