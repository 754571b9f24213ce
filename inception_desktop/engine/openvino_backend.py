"""The OpenVINO backend: the same ONNX exports as onnxruntime, fp32, bf16 on CPUs with native
bf16 (OpenVINO's inference-precision hint), or a quantized int8 export. No torch needed.

Tuned as OpenVINO's documentation advises:
- the classification graph (logits, probabilities, features) for classifying: OpenVINO
  materialises every output of a compiled model, and the block outputs cost bf16 and int8 half
  their speed; the full graph (every block, for the feature viewer) is compiled only when a run
  asks for blocks. Both are cut from one read model (no second file on disk);
- the LATENCY hint for one image; the THROUGHPUT hint with its optimal number of infer
  requests (`nireq`, run side by side through an async queue) for batches (folders, the
  server's dynamic batches);
- model caching (`CACHE_DIR` in the data folder's `openvino-cache`), so a second start imports
  the compiled model instead of compiling it again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.engine.backend import BackendOutput
from inception_desktop.engine.onnx_backend import CLASSIFY, ExportBackend
from inception_desktop.errors import BackendError, msg
from inception_desktop.weights.exports import INPUT_NAME, ExportInfo

LATENCY, THROUGHPUT = "LATENCY", "THROUGHPUT"
_CACHE_OVERRIDE: list[Path] = []


@contextmanager
def compiled_cache(folder: Path) -> Iterator[None]:
    """Backends opened meanwhile cache their compiled models in `folder` (bench: a first
    start with an empty cache, then a second one)."""
    _CACHE_OVERRIDE.append(folder)
    try:
        yield
    finally:
        _CACHE_OVERRIDE.remove(folder)


def compiled_cache_dir() -> Path | None:
    """OpenVINO's model cache in the data folder (None when it cannot be written: then every
    start compiles)."""
    from inception_desktop.errors import OutputError
    from inception_desktop.paths import writable_data_subdir

    if _CACHE_OVERRIDE:
        return _CACHE_OVERRIDE[-1]
    try:
        return writable_data_subdir("compiled")
    except OutputError:
        return None


class OpenVinoBackend(ExportBackend):
    name = "openvino"

    def __init__(self, export: ExportInfo, precision: str = "fp32",
                 threads: int | None = None) -> None:
        import openvino as ov

        self.precision = precision
        self.device = "cpu"
        self._threads = threads
        self._core = ov.Core()
        folder = compiled_cache_dir()
        if folder is not None:
            self._core.set_property({"CACHE_DIR": str(folder)})
        self._model: Any = None  # the read model, while graphs are being cut from it
        self._lock = threading.Lock()  # one infer request (or queue): one caller at a time
        self._requests: dict[str, Any] = {}
        self._adopt(export)
        self.graph(CLASSIFY)  # a file that cannot be run is said now, not at the first image

    # ------------------------------------------------------------------ graphs

    def _config(self, hint: str) -> dict[str, Any]:
        config: dict[str, Any] = {
            "PERFORMANCE_HINT": hint,
            # An int8 export carries its own precision; bf16 applies to fp32 layers.
            "INFERENCE_PRECISION_HINT": "bf16" if self.precision == "bf16" else "f32",
        }
        if self._threads:
            config["INFERENCE_NUM_THREADS"] = int(self._threads)
        return config

    def _fail(self, exc: Exception) -> BackendError:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return BackendError(msg("OpenVINO cannot run {file} ({first}); use --backend "
                                "onnxruntime", file=self.export.onnx_path.name, first=first))

    def _cut(self, outputs: list[str] | None) -> Any:
        """The read model with only `outputs` (all of them with None)."""
        import openvino as ov

        if self._model is None:
            self._model = self._core.read_model(str(self.export.onnx_path))
        model = self._model
        if outputs is None:
            return model
        names = [o.get_any_name() for o in model.outputs]
        results = [r for r, n in zip(model.get_results(), names, strict=True) if n in outputs]
        return ov.Model(results, model.get_parameters(), "classification")

    def _open_graph(self, outputs: list[str] | None) -> dict[str, Any]:
        """-> {hint: compiled model}: the LATENCY one now, the THROUGHPUT one when a batch
        first comes."""
        try:
            return {LATENCY: self._core.compile_model(self._cut(outputs), "CPU",
                                                      self._config(LATENCY))}
        except Exception as exc:  # OpenVINO raises its own RuntimeError texts
            raise self._fail(exc) from None
        finally:
            self._model = None  # the compiled graphs hold what they need; read again if asked

    def _compiled(self, graph: str, hint: str) -> Any:
        entry = self.graph(graph)
        with self._graphs_lock:
            if hint not in entry:
                try:
                    entry[hint] = self._core.compile_model(
                        self._cut(self.graph_outputs(graph)), "CPU", self._config(hint))
                except Exception as exc:
                    raise self._fail(exc) from None
                finally:
                    self._model = None
            return entry[hint]

    # ------------------------------------------------------------------ running

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        names = self._output_names(blocks)
        graph = self.graph_for(blocks)
        x = np.ascontiguousarray(batch, np.float32)
        if len(x) > 1 and graph == CLASSIFY:
            values = self._run_throughput(x, names)
        else:
            compiled = self._compiled(graph, LATENCY)
            with self._lock:
                key = f"{graph}/{LATENCY}"
                if key not in self._requests:
                    self._requests[key] = compiled.create_infer_request()
                result = self._requests[key].infer({INPUT_NAME: x})
                outputs = {o.get_any_name(): o for o in compiled.outputs}
                values = [np.array(result[outputs[n]], dtype=np.float32) for n in names]
        return BackendOutput(values[0], values[1], dict(zip(blocks, values[2:], strict=True)))

    def _run_throughput(self, x: np.ndarray, names: list[str]) -> list[np.ndarray]:
        """A batch split over the THROUGHPUT graph's infer requests, run side by side."""
        import openvino as ov

        compiled = self._compiled(CLASSIFY, THROUGHPUT)
        outputs = {o.get_any_name(): o for o in compiled.outputs}
        got: dict[int, list[np.ndarray]] = {}

        def done(request: Any, index: int) -> None:
            got[index] = [np.array(request.get_tensor(outputs[n]).data, dtype=np.float32)
                          for n in names]

        with self._lock:
            queue = self._requests.get(THROUGHPUT)
            if queue is None:
                nireq = max(1, int(compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")))
                queue = self._requests[THROUGHPUT] = ov.AsyncInferQueue(compiled, nireq)
            queue.set_callback(done)
            size = -(-len(x) // len(queue))
            chunks = [x[i:i + size] for i in range(0, len(x), size)]
            for i, chunk in enumerate(chunks):
                queue.start_async({INPUT_NAME: chunk}, i)
            queue.wait_all()
        if len(got) != len(chunks):
            raise BackendError(msg("OpenVINO did not answer every part of the batch"))
        return [np.concatenate([got[i][k] for i in range(len(chunks))])
                for k in range(len(names))]

    def close(self) -> None:
        with self._lock:
            self._requests.clear()
        super().close()
        self._model = None
