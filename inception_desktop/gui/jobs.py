"""The window's long work as plain functions `job(token, ...)`: no Qt here.

Each runs on a worker thread (see tasks.TaskRunner), checks `token` for cancellation and
reports through `token.progress`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from inception_desktop.engine.activations import ImageActivations
from inception_desktop.engine.classifier import Classifier
from inception_desktop.engine.images import ImageError, expand_paths, load_image
from inception_desktop.engine.results import ClassificationResult

DISPLAY_MAX = 1600  # the window shows a downscaled copy; the network gets the full image


@dataclass(frozen=True)
class ClassifierKey:
    """Which classifier a view needs: the network (or custom model) and how to run it."""

    network: str
    weights: str | None  # a file path or installed weights name; None: the default
    untrained: bool
    backend: str
    device: str


@dataclass
class BatchItem:
    """One image of the current batch, as the window shows it."""

    name: str  # the path, or "Pasted image 1"
    source: str | bytes
    image: Image.Image | None = None  # full resolution RGB, kept for activations
    display: Image.Image | None = None
    thumb: Image.Image | None = None
    result: ClassificationResult | None = None
    error: str | None = None
    activations: dict[ClassifierKey, ImageActivations] = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        return Path(self.name).name if isinstance(self.source, str) else self.name


def load_classifier(token, key: ClassifierKey) -> Classifier:
    token.check()
    return Classifier(key.network, weights=key.weights, random_weights=key.untrained,
                      backend=key.backend, device=key.device)


def expand_inputs(token, paths: list[str]) -> list[str]:
    return [str(p) for p in expand_paths(paths, recursive=True)]


def _prepare(item: BatchItem) -> None:
    img = load_image(item.source, name=item.name if not isinstance(item.source, str) else None)
    item.image = img
    display = img.copy()
    display.thumbnail((DISPLAY_MAX, DISPLAY_MAX), Image.Resampling.LANCZOS)
    item.display = display
    thumb = img.copy()
    thumb.thumbnail((96, 96), Image.Resampling.LANCZOS)
    item.thumb = thumb


def classify_items(token, classifier: Classifier, items: list[BatchItem], top: int = 5,
                   batch_size: int = 4) -> list[BatchItem]:
    """Load and classify items, reporting each finished item (in order) as progress."""
    pending: list[BatchItem] = []

    def flush() -> None:
        ready = [it for it in pending if it.error is None]
        if ready:
            token.check()
            preds, timing = classifier.classify_images([it.image for it in ready], top)
            for it, p in zip(ready, preds, strict=True):
                it.result = ClassificationResult(it.name, classifier.network, classifier.choice,
                                                 p, dict(timing))
        for it in pending:
            token.progress(it)
        pending.clear()

    for item in items:
        token.check()
        if item.image is None and item.error is None:
            try:
                _prepare(item)
            except ImageError as exc:
                item.error = str(exc)
        pending.append(item)
        if sum(it.error is None for it in pending) >= batch_size:
            flush()
    flush()
    return items


def compute_activations(token, classifier: Classifier, image: Image.Image) -> ImageActivations:
    token.check()
    return classifier.activations(image)


@dataclass
class GridRender:
    block: str
    order: np.ndarray
    thumbs: np.ndarray  # N x s x s x 3
    colormap: str
    normalization: str
    sort: str
    seconds: float


BRANCH_COLORS = np.array([(230, 97, 0), (93, 58, 155), (26, 133, 255), (212, 17, 89),
                          (64, 176, 166), (153, 79, 0)], dtype=np.uint8)


def render_grid(token, block_path: str, block: np.ndarray, colormap: str, normalization: str,
                order: str, size: int = 64, branch_of: np.ndarray | None = None) -> GridRender:
    """Thumbnails of every channel; with `branch_of` (channel -> branch number) each gets a
    frame in its branch's colour."""
    from inception_desktop.engine.featuremaps import thumbnails

    token.check()
    started = time.perf_counter()
    idx, thumbs = thumbnails(block, size, colormap, normalization, order)
    if branch_of is not None:
        colors = BRANCH_COLORS[branch_of[idx] % len(BRANCH_COLORS)][:, None, None, :]
        b = max(2, size // 20)
        thumbs[:, :b], thumbs[:, -b:] = colors, colors
        thumbs[:, :, :b], thumbs[:, :, -b:] = colors, colors
    return GridRender(block_path, idx, thumbs, colormap, normalization, order,
                      time.perf_counter() - started)


def compare_networks(token, classifiers: list[Classifier], image: Image.Image, top: int = 5
                     ) -> list[dict[str, Any]]:
    out = []
    for clf in classifiers:
        token.check()
        started = time.perf_counter()
        (preds,), _ = clf.classify_images([image], top)
        out.append({"network": clf.network, "display_name": clf.spec.display_name,
                    "weights": clf.choice, "predictions": preds,
                    "latency_ms": (time.perf_counter() - started) * 1000.0,
                    "backend": clf.backend_name, "device": clf.device})
        token.progress(out[-1])
    return out


def download_job(token, network: str):
    from inception_desktop.weights.download import download_weights

    return download_weights(network, progress=token.progress,
                            cancelled=lambda: token.cancelled)


def import_job(token, file: str, network: str | None):
    from inception_desktop.weights.importer import import_weights

    return import_weights(file, model=network)
