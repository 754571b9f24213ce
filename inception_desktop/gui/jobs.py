"""The window's long work as plain functions `job(state, ...)`: no Qt here.

Each runs on a worker thread (see tasks.TaskRunner), takes the core's `TaskState`, checks it
for cancellation and hands out results as they come (`state.partial`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from inception_desktop.engine.activations import ImageActivations
from inception_desktop.engine.channel_index import hit_thumbnail
from inception_desktop.engine.images import expand_paths, full_size, load_image
from inception_desktop.engine.pipeline import Prepared
from inception_desktop.engine.predictor import Predictor
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.engine.results import ClassificationResult
from inception_desktop.errors import ImageError, cause, msg
from inception_desktop.tasks import TaskState

DISPLAY_MAX = 1600  # the window shows a downscaled copy; the network gets the full image
THUMB_SIZE = 96


def thumbnail(img: Image.Image, size: int = THUMB_SIZE) -> Image.Image:
    """A small copy for galleries (the one thumbnail maker of the window)."""
    thumb = img.copy()
    thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
    return thumb


@dataclass(frozen=True)
class PredictorKey:
    """Which predictor a view needs: the network (or custom model) and how to run it."""

    network: str
    weights: str | None  # a file path or installed weights name; None: the default
    untrained: bool
    backend: str
    device: str
    precision: str = "fp32"


@dataclass(frozen=True)
class ResultSource:
    """What produced a result, for the header above it (the result says it, not the window's
    current choice, so the two cannot disagree)."""

    model: str  # a fine-tuned model's name, else the network's display name
    network: str  # the network's display name
    fine_tuned: bool
    backend: str
    precision: str
    device: str
    untrained: bool  # random weights, or a fine-tuned head over a random base
    num_classes: int


def result_source(predictor: Predictor) -> ResultSource:
    head = getattr(predictor, "head", None)
    base_untrained = bool(head is not None and head.base.untrained)
    display = predictor.spec.display_name
    return ResultSource(predictor.model_name if predictor.fine_tuned else display, display,
                        predictor.fine_tuned, predictor.backend_name, predictor.precision,
                        predictor.device, predictor.choice.untrained or base_untrained,
                        predictor.num_classes)


@dataclass
class BatchItem:
    """One image of the current batch, as the window shows it."""

    name: str  # the path, or "Pasted image 1"
    source: str | bytes
    image: Image.Image | None = None  # full resolution RGB, kept for activations
    display: Image.Image | None = None
    thumb: Image.Image | None = None
    result: ClassificationResult | None = None
    produced_by: ResultSource | None = None  # what produced `result`
    error: str | None = None
    activations: dict[PredictorKey, ImageActivations] = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        """The file name for captions: a line break in it is shown, not obeyed."""
        name = Path(self.name).name if isinstance(self.source, str) else self.name
        return "".join(c if c.isprintable() else "↵" if c in "\r\n" else "\ufffd"
                       for c in name)


def error_text(exc: BaseException) -> str:
    """An error's message, keeping its template (a core `msg`) so that the window can show
    it in its language; the same English text as str(exc)."""
    return cause(exc)


def load_predictor(state: TaskState, key: PredictorKey) -> Predictor:
    state.check()
    return Predictor(key.network, weights=key.weights, random_weights=key.untrained,
                     backend=key.backend, device=key.device, state=state,
                     precision=key.precision)


def expand_inputs(state: TaskState, paths: list[str]) -> tuple[list[str], list[str]]:
    """-> (image files, folders that could not be read)."""
    unreadable: list[str] = []
    files = [str(p) for p in expand_paths(paths, recursive=True, unreadable=unreadable)]
    return files, unreadable


def load_item(item: BatchItem) -> None:
    """Decode an item once (its image, display copy and thumbnail); an error is kept on it."""
    if item.image is not None or item.error is not None:
        return
    try:
        img = load_image(item.source,
                         name=item.name if not isinstance(item.source, str) else None)
    except ImageError as exc:
        item.error = error_text(exc)
        return
    item.image = img
    display = img.copy()
    display.thumbnail((DISPLAY_MAX, DISPLAY_MAX), Image.Resampling.LANCZOS)
    item.display = display
    item.thumb = thumbnail(img)


def classify_items(state: TaskState, predictor: Predictor, items: list[BatchItem],
                   top: int = 5, batch_size: int = 4) -> list[BatchItem]:
    """The engine's classification loop over the window's items (each decoded once, with its
    display copy and thumbnail, ahead on worker threads); each finished item is a partial
    result, in order."""
    source = result_source(predictor)

    def prepare(item: BatchItem) -> Prepared:
        started = time.perf_counter()
        load_item(item)
        loaded = time.perf_counter()
        if item.image is None:
            return Prepared(item.name, None, None, None, item.error, loaded - started)
        try:
            tensor = preprocess(item.image, predictor.spec)
        except ImageError as exc:  # a shape no crop of which means anything: as the CLI says
            item.error = msg("{name}: {reason}", name=item.name, reason=error_text(exc))
            return Prepared(item.name, None, None, None, item.error, loaded - started,
                            problem=exc)
        except Exception as exc:  # a strange image: only this item's error
            item.error = msg("{name}: cannot be prepared ({reason})", name=item.name,
                             reason=f"{type(exc).__name__}: {exc}")
            return Prepared(item.name, None, None, None, item.error, loaded - started)
        return Prepared(item.name, tensor, None, full_size(item.image), None, loaded - started,
                        time.perf_counter() - loaded)

    for item, result in predictor.classify_stream(items, prepare, top, batch_size,
                                                  state=state):
        if result.error is None:
            item.produced_by = source
            item.result = result
        elif item.error is None:
            item.error = result.error
        state.partial(item)
    return items


def preview_item(state: TaskState, item: BatchItem) -> BatchItem:
    """Decode one image for display at once, before (and apart from) classification."""
    state.check()
    load_item(item)
    return item


def compute_activations(state: TaskState, predictor: Predictor, image: Image.Image,
                        blocks: tuple[str, ...] | None = None) -> ImageActivations:
    """Every block's activations (None), or those of `blocks` and the last one (the class
    map's: the classification graph answers it, never the full one)."""
    state.check()
    return predictor.activations(image, blocks)


@dataclass
class GridRender:
    block: str
    order: np.ndarray
    thumbs: np.ndarray  # N x s x s x 3
    colormap: str
    normalization: str
    sort: str
    seconds: float
    branches: np.ndarray | None = None  # the branch number of each tile, in order
    files: list[str] | None = None  # atlas: the image each tile was cropped from
    kind: str = "activations"  # or "atlas"


def render_grid(state: TaskState, block_path: str, block: np.ndarray, colormap: str,
                normalization: str, order: str, size: int = 64,
                branch_of: np.ndarray | None = None) -> GridRender:
    """Thumbnails of every channel, with each tile's branch (drawn beside the tile by the
    view, never over the activations)."""
    from inception_desktop.engine.featuremaps import thumbnails

    state.check()
    started = time.perf_counter()
    idx, thumbs = thumbnails(block, size, colormap, normalization, order)
    return GridRender(block_path, idx, thumbs, colormap, normalization, order,
                      time.perf_counter() - started,
                      branch_of[idx] if branch_of is not None else None)


def index_job(state: TaskState, predictor: Predictor, folder: str, k: int) -> Any:
    """Index a folder for the predictor's network and weights (incremental) -> ChannelIndex."""
    from inception_desktop.engine.channel_index import update_index

    return update_index(predictor.network, predictor.choice.sha256, folder, k,
                        lambda: predictor, state=state)


def crops_job(state: TaskState, hits: list[dict[str, Any]], size: int = 96
              ) -> list[tuple[dict[str, Any], Image.Image | None]]:
    """The region of each hit's image that the channel sees (None: the file is gone)."""
    out: list[tuple[dict[str, Any], Image.Image | None]] = []
    for hit in hits:
        state.check()
        try:
            out.append((hit, hit_thumbnail(load_image(hit["file"]), hit, size)))
        except ImageError:
            out.append((hit, None))
    return out


def atlas_job(state: TaskState, index: Any, block: str, size: int) -> GridRender:
    """Each channel of a block shown by its best crop from the indexed folder."""
    started = time.perf_counter()
    count = index.blocks[block].values.shape[0]
    entries = [index.channel(block, c, 1) for c in range(count)]
    # Crop file by file, so each image is decoded once.
    by_file: dict[str, list[int]] = {}
    for c, entry in enumerate(entries):
        # A channel that never fires on the folder has no best crop: its tile stays blank.
        if entry["top"] and entry["top"][0]["activation"] > 0:
            by_file.setdefault(entry["top"][0]["file"], []).append(c)
    thumbs = np.full((count, size, size, 3), 235, np.uint8)
    files: list[str] = [""] * count
    for n, (file, channels) in enumerate(by_file.items()):
        state.check()
        state.progress(n, len(by_file), "atlas", unit="images")
        try:
            img = load_image(file)
        except ImageError:
            continue
        for c in channels:
            thumbs[c] = np.asarray(hit_thumbnail(img, entries[c]["top"][0], size))
            files[c] = file
    return GridRender(block, np.arange(count), thumbs, "", "", "index",
                      time.perf_counter() - started, None, files, "atlas")


def compare_networks(state: TaskState, predictors: list[Predictor], image: Image.Image,
                     top: int = 5) -> list[dict[str, Any]]:
    out = []
    for predictor in predictors:
        state.check()
        started = time.perf_counter()
        (preds,), _ = predictor.classify_images([image], top)
        out.append({"network": predictor.network, "display_name": predictor.spec.display_name,
                    "weights": predictor.choice, "predictions": preds,
                    "latency_ms": (time.perf_counter() - started) * 1000.0,
                    "backend": predictor.backend_name, "device": predictor.device})
        state.partial(out[-1])
    return out


def download_job(state: TaskState, network: str) -> Path:
    from inception_desktop.weights.download import download_weights

    return download_weights(network, state=state)


def import_job(state: TaskState, file: str, network: str | None, name: str | None = None,
               preprocess: str | None = None, resize: str | None = None,
               labels: str | None = None) -> Any:
    from inception_desktop.weights.importer import import_weights

    return import_weights(file, model=network, name=name, preprocess=preprocess,
                          resize=resize, labels=labels)


def detect_job(state: TaskState, file: str) -> Any:
    """A Keras / TF.js file read and matched (nothing installed), or None for other files."""
    from pathlib import Path

    from inception_desktop.weights.kerasimport import detect, is_foreign_model

    if not is_foreign_model(Path(file)):
        return None
    return detect(file)


def thumbnails_job(state: TaskState, files: list[str]) -> list[tuple[str, Image.Image]]:
    out = []
    for f in files:
        state.check()
        try:
            out.append((f, thumbnail(load_image(f))))
        except ImageError:
            continue
    return out


def scan_job(state: TaskState, folder: str, val_split: float) -> Any:
    from inception_desktop.training.dataset import scan_folder

    return scan_folder(folder, val_split)


def train_job(state: TaskState, config: Any) -> Any:
    from inception_desktop.training.finetune import run_finetune

    return run_finetune(config, state)


def install_model_job(state: TaskState, path: str) -> Any:
    from inception_desktop.weights.importer import install_model

    return install_model(path)


def devices_job(state: TaskState) -> list[str]:
    from inception_desktop.engine.backend import available_devices

    return available_devices()


def data_usage_job(state: TaskState) -> dict[str, Any]:
    from inception_desktop.engine.datafolder import scan, usage

    return usage(scan())


def prune_job(state: TaskState, kinds: list[str] | None, older_than_s: float | None,
              max_bytes: int | None, dry_run: bool = False) -> Any:
    from inception_desktop.engine.datafolder import clear, prune

    if older_than_s is None and max_bytes is None:
        return clear(kinds, dry_run=dry_run)
    return prune(kinds, older_than_s, max_bytes, dry_run=dry_run)


def serve_job(state: TaskState, predictor: Predictor, port: int) -> Any:
    """Serve one predictor on 127.0.0.1:port in this process (the window's toggle)."""
    from inception_desktop.serve.server import BackgroundServer, ServeOptions

    server = BackgroundServer(ServeOptions(port=port), [predictor])
    server.start()
    return server


def restart_serving_job(state: TaskState, old: Any, predictor: Predictor, port: int) -> Any:
    """Stop a server and serve `predictor` on the same port instead."""
    old.stop()
    return serve_job(state, predictor, port)


def quantize_job(state: TaskState, choice: Any, folder: str, images: int) -> Any:
    """The quantize use case for the window -> (export, agreement report, weights)."""
    from inception_desktop.engine.quantize import quantize_model

    return quantize_model(choice, folder, images, state=state)


def preview_folder_job(state: TaskState, data: str, labels_file: str | None,
                       choices: list[Any]) -> Any:
    """A labelled folder's layout and which models fit it -> (FolderPreview, their names)."""
    from inception_desktop.engine.evaluate import model_label, preview_folder

    return preview_folder(data, choices, labels_file), [model_label(c) for c in choices]


def evaluate_job(state: TaskState, data: str, labels_file: str | None, choices: list[Any],
                 backend: str, device: str, precision: str) -> Any:
    """The evaluate use case (each finished model is a typed partial event) -> EvaluationRun."""
    from inception_desktop.engine.evaluate import evaluate_models

    return evaluate_models(data, choices, labels_file=labels_file, backend=backend,
                           device=device, precision=precision, state=state)


def entries_job(state: TaskState, rehash: bool) -> list[Any]:
    from inception_desktop.weights.store import list_entries

    return list_entries(rehash=rehash)


def remove_weights_job(state: TaskState, name: str) -> Any:
    from inception_desktop.weights.store import remove_entry

    return remove_entry(name)


def runs_job(state: TaskState) -> list[Any]:
    from inception_desktop.training.runs import list_runs

    return list_runs()


def remove_run_job(state: TaskState, path: str) -> None:
    from inception_desktop.training.runs import remove_run

    remove_run(path)


def remove_empty_run_job(state: TaskState, path: str) -> bool:
    from inception_desktop.training.runs import remove_run_if_empty

    return remove_run_if_empty(path)


def move_data_folder_job(state: TaskState, target: str) -> Any:
    from inception_desktop.engine.datafolder import move_data_folder

    return move_data_folder(target, state)
