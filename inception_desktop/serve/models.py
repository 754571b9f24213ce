"""The models a server holds: each a predictor with its own dynamic batcher, served under the
name its weights are listed under (`weights list`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from inception_desktop.engine.registry import backend_info
from inception_desktop.serve.batching import DynamicBatcher
from inception_desktop.weights.exports import INPUT_NAME


@dataclass
class BatchingOptions:
    max_batch: int = 8
    max_delay_ms: float = 5.0
    max_queue: int = 64  # images waiting, and the most one request may hold
    max_wait_s: float | None = 10.0  # refuse a request that would wait longer than this


@dataclass
class ServedModel:
    name: str
    predictor: Any  # engine.predictor.Predictor
    batcher: DynamicBatcher
    version: str = "1"
    batches: list[int] = field(default_factory=list)

    @property
    def spec(self) -> Any:
        return self.predictor.spec

    @property
    def input_shape(self) -> list[int]:
        size = self.spec.input_size
        return [3, size, size]

    @property
    def num_classes(self) -> int:
        return int(self.predictor.num_classes)

    def metadata(self) -> dict[str, Any]:
        """The Open Inference Protocol's model metadata."""
        return {
            "name": self.name,
            "versions": [self.version],
            "platform": backend_info(self.predictor.backend_name).platform,
            "inputs": [{"name": INPUT_NAME, "datatype": "FP32",
                        "shape": [-1, *self.input_shape]}],
            "outputs": [{"name": "logits", "datatype": "FP32",
                         "shape": [-1, self.num_classes]},
                        {"name": "probabilities", "datatype": "FP32",
                         "shape": [-1, self.num_classes]}],
        }

    def describe(self) -> dict[str, Any]:
        """What `/v1/models` says of it."""
        p = self.predictor
        return {"name": self.name, "network": p.network, "weights": p.choice.identity(),
                "backend": p.backend_name, "device": p.device, "classes": self.num_classes,
                "labels": list(p.labels), "input": {"name": INPUT_NAME,
                                                    "shape": [-1, *self.input_shape],
                                                    "preprocessing": _preprocessing(self.spec)}}

    @property
    def max_images(self) -> int:
        """The most images one request may hold."""
        return self.batcher.max_queue

    async def logits(self, batch: np.ndarray) -> np.ndarray:
        """Logits of a batch (run in batches of at most --max-batch, merged with other
        requests'); PoisonedInput when this batch's own input makes them non-finite."""
        return await self.batcher.submit(np.ascontiguousarray(batch, dtype=np.float32))


def _preprocessing(spec: Any) -> dict[str, Any]:
    if getattr(spec, "resize_mode", "crop") == "squash":  # imported Keras models
        return {"resize": [spec.input_size, spec.input_size],
                "interpolation": spec.interpolation, "mean": list(spec.mean),
                "std": list(spec.std)}
    return {"resize_shorter_side": spec.resize_size, "interpolation": spec.interpolation,
            "center_crop": spec.input_size, "mean": list(spec.mean), "std": list(spec.std)}


def serve_model(predictor: Any, options: BatchingOptions,
                on_batch: Any = None) -> ServedModel:
    name = predictor.model_name

    def run(batch: np.ndarray) -> np.ndarray:
        return np.asarray(predictor.run(batch).logits, np.float32)

    batcher = DynamicBatcher(run, options.max_batch, options.max_delay_ms / 1000.0,
                             options.max_queue,
                             on_batch=(lambda n: on_batch(name, n)) if on_batch else None,
                             max_wait_s=options.max_wait_s)
    return ServedModel(name, predictor, batcher)
