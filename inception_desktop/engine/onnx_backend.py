"""The onnxruntime backend: runs a cached export, with no torch needed.

Two graphs per export, chosen by what a run asks for (`ExportBackend.graph_for`): the
classification graph (logits, probabilities, pooled features; with the last block too when a
class activation map needs it) for classifying, evaluating, serving and benchmarking, and the
full graph (every block) only when feature maps are asked for. Both are cut from the one
export file when first needed and kept open: nothing more on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from inception_desktop.engine.backend import Backend, BackendOutput
from inception_desktop.errors import BackendError, UsageError, cause, msg
from inception_desktop.weights.exports import (
    INPUT_NAME,
    OUTPUTS,
    ExportInfo,
    block_output_name,
)

# The graphs of one export, by what they give: the name a backend lists them under.
CLASSIFY, CAM, FULL = "classification", "classification + last block", "full"


class ExportBackend(Backend):
    """What the runtimes of ONNX exports share: the export's network and classifier (kept
    beside it, for class activation maps), the graphs cut from it, and the output names of a
    run."""

    export: ExportInfo

    def _adopt(self, export: ExportInfo) -> None:
        self.export = export
        self._graphs: dict[str, Any] = {}
        self._graphs_lock = threading.Lock()
        self.network = export.network
        self.num_classes = export.num_classes
        self.cam_exact = bool(export.extra.get("cam_exact", True))
        try:
            with np.load(export.head_path) as head:
                self.head_weight = np.asarray(head["weight"], np.float32)
                self.head_bias = np.asarray(head["bias"], np.float32)
        except Exception as exc:  # a damaged cache file: say so, and how to repair it
            raise BackendError(msg("the export's classifier {classifier} cannot be read ({kind}); "
                                   "delete {stem}.* to export again",
                                   classifier=export.head_path.name, kind=type(exc).__name__,
                                   stem=export.onnx_path.stem)) from None

    def _output_names(self, blocks: Sequence[str]) -> list[str]:
        unknown = set(blocks) - set(self.export.blocks)
        if unknown:
            raise UsageError(msg("unknown block(s) for {network}: {unknown}",
                                 network=self.network, unknown=sorted(unknown)))
        return ["logits", "features", *(block_output_name(p) for p in blocks)]

    def graph_for(self, blocks: Sequence[str] = ()) -> str:
        """Which graph answers a run asking for `blocks`: the classification graph without
        blocks or with only the last one (the class activation map's), else the full one."""
        if not blocks:
            return CLASSIFY
        if set(blocks) <= {self.export.blocks[-1]}:
            return CAM
        return FULL

    def graph_outputs(self, graph: str) -> list[str] | None:
        """The outputs a graph keeps (None: all of the export's)."""
        if graph == CLASSIFY:
            return list(OUTPUTS)
        if graph == CAM:
            return [*OUTPUTS, block_output_name(self.export.blocks[-1])]
        return None

    def graph(self, graph: str) -> Any:
        """The runtime's session / compiled model of `graph`, opened when first asked."""
        with self._graphs_lock:
            if graph not in self._graphs:
                self._graphs[graph] = self._open_graph(self.graph_outputs(graph))
            return self._graphs[graph]

    @property
    def graphs_opened(self) -> list[str]:
        """The graphs this backend has opened so far (the full one only when asked for)."""
        return list(self._graphs)

    def _open_graph(self, outputs: list[str] | None) -> Any:
        raise NotImplementedError

    def _graph_bytes(self, outputs: list[str]) -> bytes:
        """The export with only `outputs` (and the nodes they need), in memory."""
        from inception_desktop.engine._onnx_proto import keep_outputs

        try:
            return keep_outputs(self.export.onnx_path.read_bytes(), outputs)
        except (OSError, ValueError, IndexError, StopIteration, UnicodeDecodeError) as exc:
            raise BackendError(msg("cannot read {file} ({kind}: {reason}); delete it to "
                                   "export again", file=self.export.onnx_path.name,
                                   kind=type(exc).__name__, reason=cause(exc))) from None

    def close(self) -> None:
        with self._graphs_lock:
            self._graphs.clear()


class OnnxBackend(ExportBackend):
    name = "onnxruntime"

    def __init__(self, export: ExportInfo, device: str = "cpu",
                 threads: int | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        providers = ["CPUExecutionProvider"]
        if device == "cuda":
            providers.insert(0, "CUDAExecutionProvider")
        self._options, self._providers = options, providers
        self.device = device
        self._adopt(export)
        self.graph(CLASSIFY)  # a file that cannot be run is said now, not at the first image

    def _open_graph(self, outputs: list[str] | None) -> Any:
        import onnxruntime as ort

        source: str | bytes = str(self.export.onnx_path) if outputs is None \
            else self._graph_bytes(outputs)
        try:
            return ort.InferenceSession(source, self._options, providers=self._providers)
        except Exception as exc:  # onnxruntime raises its own exception types
            raise BackendError(msg("cannot load {file} with onnxruntime: {reason}; delete it "
                                   "to export again", file=self.export.onnx_path.name,
                                   reason=str(exc).splitlines()[0])) from None

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        names = self._output_names(blocks)
        session = self.graph(self.graph_for(blocks))
        outputs = session.run(names, {INPUT_NAME: np.ascontiguousarray(batch, np.float32)})
        return BackendOutput(outputs[0], outputs[1], dict(zip(blocks, outputs[2:], strict=True)))


class HeadOverride(Backend):
    """A backend whose classifier is replaced (head-mode fine-tuned models): logits are the
    base network's pooled features through the new classifier."""

    def __init__(self, inner: Backend, weight: np.ndarray, bias: np.ndarray) -> None:
        if weight.shape[1] != inner.head_weight.shape[1]:
            raise BackendError(msg("the fine-tuned classifier takes {taken} features, the "
                                   "network gives {given}",
                                   taken=weight.shape[1], given=inner.head_weight.shape[1]))
        self.inner = inner
        self.name, self.device, self.network = inner.name, inner.device, inner.network
        self.head_weight = weight.astype(np.float32)
        self.head_bias = bias.astype(np.float32)
        self.num_classes = int(weight.shape[0])
        self.cam_exact = bool(getattr(inner, "cam_exact", True))

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        out = self.inner.run(batch, blocks)
        out.logits = (out.features.astype(np.float32) @ self.head_weight.T + self.head_bias)
        return out

    def close(self) -> None:
        self.inner.close()
