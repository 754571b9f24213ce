"""The OpenVINO backend: the same ONNX exports as onnxruntime (every block output included, so
the feature viewer and class activation maps work on it), fp32, bf16 on CPUs with native bf16
(OpenVINO's inference-precision hint), or a quantized int8 export. No torch needed."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from inception_desktop.engine.backend import BackendOutput
from inception_desktop.engine.onnx_backend import ExportBackend
from inception_desktop.errors import BackendError
from inception_desktop.weights.exports import INPUT_NAME, ExportInfo


class OpenVinoBackend(ExportBackend):
    name = "openvino"

    def __init__(self, export: ExportInfo, precision: str = "fp32",
                 threads: int | None = None) -> None:
        import openvino as ov

        config: dict[str, Any] = {
            "PERFORMANCE_HINT": "LATENCY",
            # An int8 export carries its own precision; bf16 applies to fp32 layers.
            "INFERENCE_PRECISION_HINT": "bf16" if precision == "bf16" else "f32",
        }
        if threads:
            config["INFERENCE_NUM_THREADS"] = int(threads)
        try:
            core = ov.Core()
            self.compiled = core.compile_model(core.read_model(str(export.onnx_path)), "CPU",
                                               config)
        except Exception as exc:  # OpenVINO raises its own RuntimeError texts
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise BackendError(f"OpenVINO cannot run {export.onnx_path.name} ({first}); use "
                               "--backend onnxruntime") from None
        self.request = self.compiled.create_infer_request()
        self._lock = threading.Lock()  # one infer request: one caller at a time
        self._outputs = {o.get_any_name(): o for o in self.compiled.outputs}
        self.precision = precision
        self.device = "cpu"
        self._adopt(export)

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        names = self._output_names(blocks)
        with self._lock:
            result = self.request.infer({INPUT_NAME: np.ascontiguousarray(batch, np.float32)})
            values = [np.array(result[self._outputs[n]], dtype=np.float32) for n in names]
        return BackendOutput(values[0], values[1], dict(zip(blocks, values[2:], strict=True)))

    def close(self) -> None:
        self.request = None
        self.compiled = None
