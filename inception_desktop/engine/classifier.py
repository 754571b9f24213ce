"""The engine's front door: one network, one set of weights, one backend; images in, top-k
and activations out. Used by the CLI and the window alike, and free of Qt."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from inception_desktop.engine.activations import ImageActivations
from inception_desktop.engine.backend import Backend, choose_backend
from inception_desktop.engine.images import ImageError, load_image
from inception_desktop.engine.preprocess import crop_box, preprocess, preprocess_batch
from inception_desktop.engine.results import ClassificationResult, softmax, top_k
from inception_desktop.labels import labels_for
from inception_desktop.models import get_spec, list_models
from inception_desktop.weights.errors import WeightsError
from inception_desktop.weights.resolve import WeightsChoice, resolve_weights


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _network_of_file(path: Path, sha256: str | None) -> str:
    """Which network a weight file holds, from its metadata or a cached export (no torch)."""
    from inception_desktop.engine.export import find_export
    from inception_desktop.weights.headfile import app_metadata

    meta = app_metadata(path)
    if meta and meta.get("model") in list_models():
        return meta["model"]

    found = find_export(None, sha256) if sha256 else None
    if found is not None:
        return found.network
    from inception_desktop.weights import inspect_checkpoint

    return inspect_checkpoint(path).model_name


def resolve_choice(network: str | None, weights: str | os.PathLike | None,
                   random_weights: bool) -> WeightsChoice:
    """resolve_weights, also when only the weights are given (the network comes from them)."""
    if network is not None or weights is None:
        if network is None:
            raise WeightsError("choose a network with --model")
        choice = resolve_weights(network, weights, random_weights)
        if choice.path is not None and weights is not None:
            held = _network_of_file(choice.path, choice.sha256)
            if held != network:
                raise WeightsError(
                    f"{choice.path.name} holds {get_spec(held).display_name} weights, not "
                    f"{get_spec(network).display_name}: choose {held}")
        return choice
    path = Path(weights).expanduser()
    if path.is_file():
        from inception_desktop.weights.store import current_sha256

        sha = current_sha256(path)
        return WeightsChoice(_network_of_file(path, sha), path.stem, path, sha)
    from inception_desktop.weights.store import find_entry

    entry = find_entry(str(weights))
    if entry is None:
        raise WeightsError(f"{weights}: no such file or installed weights")
    return resolve_weights(entry.network, weights)


class Classifier:
    """Load once, then classify many images (and get their activations)."""

    def __init__(self, network: str | None = None, weights: str | os.PathLike | None = None,
                 random_weights: bool = False, backend: str = "auto", device: str = "auto",
                 threads: int | None = None, choice: WeightsChoice | None = None,
                 on_export=None) -> None:
        """`on_export(message)` is called before a first-time ONNX export (a few seconds)."""
        started = time.perf_counter()
        self.choice = choice or resolve_choice(network, weights, random_weights)
        self.network = self.choice.network
        self.spec = get_spec(self.network)
        self.backend_name, self.device = choose_backend(backend, device)
        self.backend: Backend
        class_names: list[str] | None
        head = None
        if self.choice.path is not None:
            from inception_desktop.weights.headfile import is_head_checkpoint, read_head_checkpoint

            if is_head_checkpoint(self.choice.path):
                head = read_head_checkpoint(self.choice.path)
        self.head = head
        if self.backend_name == "onnxruntime":
            from inception_desktop.engine.export import ensure_export
            from inception_desktop.engine.onnx_backend import HeadOverride, OnnxBackend

            if head is not None:
                from inception_desktop.weights.resolve import resolve_base

                export = ensure_export(resolve_base(head))
                self.backend = HeadOverride(OnnxBackend(export, self.device, threads),
                                            head.weight, head.bias)
                class_names = head.class_names
            else:
                from inception_desktop.engine.export import find_export

                if on_export is not None and find_export(
                        self.network, self.choice.sha256, self.choice.untrained) is None:
                    on_export(f"preparing {self.spec.display_name} for onnxruntime (an ONNX "
                              "export, once per set of weights)...")
                export = ensure_export(self.choice)
                self.backend = OnnxBackend(export, self.device, threads)
                class_names = export.class_names
        else:
            from inception_desktop.engine.torch_backend import TorchBackend, build_torch_model

            model, class_names = build_torch_model(self.choice)
            self.backend = TorchBackend(model, self.device, threads)
        self.labels = labels_for(self.backend.num_classes, class_names)
        self.load_ms = _ms(time.perf_counter() - started)

    @property
    def num_classes(self) -> int:
        return self.backend.num_classes

    def describe(self) -> str:
        return (f"{self.spec.display_name}, weights {self.choice.describe()}, "
                f"{self.backend_name} on {self.device}")

    # ------------------------------------------------------------------ classification

    def classify_images(self, images: list[Image.Image], top: int = 5) -> tuple[
            list[list], dict[str, float]]:
        """RGB images -> (their top-k predictions, timings per image in ms)."""
        t0 = time.perf_counter()
        batch = preprocess_batch(images, self.spec)
        t1 = time.perf_counter()
        out = self.backend.run(batch)
        t2 = time.perf_counter()
        probs = softmax(out.logits)
        n = max(len(images), 1)
        timing = {"preprocess": _ms(t1 - t0) / n, "inference": _ms(t2 - t1) / n}
        self._last_timing = timing
        return [top_k(p, self.labels, top) for p in probs], timing

    def classify_files(self, files: Iterable[str | os.PathLike], top: int = 5,
                       batch_size: int = 8,
                       ) -> Iterator[ClassificationResult]:
        """Classify files in batches, yielding each result as soon as its batch is done;
        a file that cannot be read yields a result with `error` and the rest go on."""
        # Results come out in input order: an unreadable file waits behind the batch before it.
        pending: list[tuple[str, Image.Image | None, float, str | None]] = []

        def flush() -> Iterator[ClassificationResult]:
            images = [img for _, img, _, _ in pending if img is not None]
            preds = iter(self.classify_images(images, top)[0] if images else [])
            timing = self._last_timing if images else {}
            for name, img, load_ms, error in pending:
                if img is None:
                    yield ClassificationResult(name, self.network, self.choice, error=error)
                else:
                    yield ClassificationResult(
                        name, self.network, self.choice, next(preds),
                        {"model_load": self.load_ms, "image_load": load_ms, **timing})
            pending.clear()

        queued = 0
        for file in files:
            name = str(file)
            t0 = time.perf_counter()
            try:
                img = load_image(file)
            except ImageError as exc:
                if pending:
                    pending.append((name, None, 0.0, str(exc)))
                else:
                    yield ClassificationResult(name, self.network, self.choice, error=str(exc))
                continue
            pending.append((name, img, _ms(time.perf_counter() - t0), None))
            queued += 1
            if queued >= batch_size:
                yield from flush()
                queued = 0
        yield from flush()

    # ------------------------------------------------------------------ activations

    def activations(self, image: Image.Image, blocks: Iterable[str] | None = None
                    ) -> ImageActivations:
        """Logits and block outputs (all viewable blocks by default) of one image, one run."""
        paths = [b.path for b in self.spec.blocks] if blocks is None else list(blocks)
        last = self.spec.blocks[-1].path
        if last not in paths:
            paths.append(last)  # the CAM needs it
        batch = preprocess(image, self.spec)[None]
        out = self.backend.run(batch, paths)
        return ImageActivations(
            network=self.network,
            image_size=(image.width, image.height),
            crop_box=crop_box(image.width, image.height, self.spec),
            input_size=self.spec.input_size,
            logits=out.logits[0],
            probabilities=softmax(out.logits)[0].astype(np.float32),
            head_weight=self.backend.head_weight,
            head_bias=self.backend.head_bias,
            last_block=last,
            blocks={p: a[0] for p, a in out.blocks.items()},
        )

    def grad_cam(self, image: Image.Image, block: str, class_index: int) -> np.ndarray:
        """Grad-CAM at any block (torch backend only) -> input_size x input_size map."""
        from inception_desktop.engine.activations import upsample
        from inception_desktop.engine.backend import BackendError

        if self.backend_name != "torch":
            raise BackendError("Grad-CAM needs the torch backend (gradients); choose "
                               "--backend torch")
        self.spec.block(block)
        raw = self.backend.grad_cam(preprocess(image, self.spec)[None], block, class_index)
        return upsample(raw, (self.spec.input_size, self.spec.input_size))

    def close(self) -> None:
        self.backend.close()
