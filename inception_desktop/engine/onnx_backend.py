"""The onnxruntime backend: runs a cached export, with no torch needed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from inception_desktop.engine.backend import Backend, BackendOutput
from inception_desktop.errors import BackendError, UsageError
from inception_desktop.weights.exports import INPUT_NAME, ExportInfo, block_output_name


class ExportBackend(Backend):
    """What the runtimes of ONNX exports share: the export's network and classifier (kept
    beside it, for class activation maps) and the output names of a run."""

    export: ExportInfo

    def _adopt(self, export: ExportInfo) -> None:
        self.export = export
        self.network = export.network
        self.num_classes = export.num_classes
        self.cam_exact = bool(export.extra.get("cam_exact", True))
        try:
            with np.load(export.head_path) as head:
                self.head_weight = np.asarray(head["weight"], np.float32)
                self.head_bias = np.asarray(head["bias"], np.float32)
        except Exception as exc:  # a damaged cache file: say so, and how to repair it
            raise BackendError(f"the export's classifier {export.head_path.name} cannot be "
                               f"read ({type(exc).__name__}); delete {export.onnx_path.stem}.* "
                               "to export again") from None

    def _output_names(self, blocks: Sequence[str]) -> list[str]:
        unknown = set(blocks) - set(self.export.blocks)
        if unknown:
            raise UsageError(f"unknown block(s) for {self.network}: {sorted(unknown)}")
        return ["logits", "features", *(block_output_name(p) for p in blocks)]


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
        try:
            self.session = ort.InferenceSession(str(export.onnx_path), options,
                                                providers=providers)
        except Exception as exc:  # onnxruntime raises its own exception types
            raise BackendError(f"cannot load {export.onnx_path.name} with onnxruntime: "
                               f"{str(exc).splitlines()[0]}; delete it to export again") from None
        self.device = device
        self._adopt(export)

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        names = self._output_names(blocks)
        outputs = self.session.run(names, {INPUT_NAME: np.ascontiguousarray(batch, np.float32)})
        return BackendOutput(outputs[0], outputs[1], dict(zip(blocks, outputs[2:], strict=True)))

    def close(self) -> None:
        self.session = None


class HeadOverride(Backend):
    """A backend whose classifier is replaced (head-mode fine-tuned models): logits are the
    base network's pooled features through the new classifier."""

    def __init__(self, inner: Backend, weight: np.ndarray, bias: np.ndarray) -> None:
        if weight.shape[1] != inner.head_weight.shape[1]:
            raise BackendError(f"the fine-tuned classifier takes {weight.shape[1]} features, "
                               f"the network gives {inner.head_weight.shape[1]}")
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
