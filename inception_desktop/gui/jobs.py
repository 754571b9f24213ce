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
from inception_desktop.engine.images import expand_paths, load_image
from inception_desktop.engine.pipeline import ordered_map
from inception_desktop.engine.predictor import Predictor
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.engine.results import ClassificationResult, top_k
from inception_desktop.errors import ImageError
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
        item.error = str(exc)
        return
    item.image = img
    display = img.copy()
    display.thumbnail((DISPLAY_MAX, DISPLAY_MAX), Image.Resampling.LANCZOS)
    item.display = display
    item.thumb = thumbnail(img)


def classify_items(state: TaskState, predictor: Predictor, items: list[BatchItem],
                   top: int = 5, batch_size: int = 4) -> list[BatchItem]:
    """Load (ahead, on worker threads) and classify items; each finished item is a partial
    result, in order."""
    pending: list[tuple[BatchItem, np.ndarray | None]] = []
    source = result_source(predictor)

    def flush() -> None:
        ready = [(it, x) for it, x in pending if x is not None]
        if ready:
            state.check()
            t0 = time.perf_counter()
            probs = predictor.probabilities(np.stack([x for _, x in ready]))
            per_image = (time.perf_counter() - t0) * 1000 / len(ready)
            for (it, _), p in zip(ready, probs, strict=True):
                it.produced_by = source
                it.result = ClassificationResult(it.name, predictor.model_name,
                                                 predictor.choice, top_k(p, predictor.labels,
                                                                         top),
                                                 {"inference": per_image})
        for it, _ in pending:
            state.partial(it)
        pending.clear()

    def prepare(item: BatchItem) -> np.ndarray | None:
        load_item(item)
        return preprocess(item.image, predictor.spec) if item.image is not None else None

    for outcome in ordered_map(prepare, items, state=state):
        item = outcome.item
        if outcome.error is not None and item.error is None:
            item.error = f"{item.name}: cannot be prepared ({outcome.error})"
        pending.append((item, outcome.result))
        if sum(x is not None for _, x in pending) >= batch_size:
            flush()
    flush()
    return items


def preview_item(state: TaskState, item: BatchItem) -> BatchItem:
    """Decode one image for display at once, before (and apart from) classification."""
    state.check()
    load_item(item)
    return item


def compute_activations(state: TaskState, predictor: Predictor,
                        image: Image.Image) -> ImageActivations:
    state.check()
    return predictor.activations(image)


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
    from inception_desktop.engine.channel_index import build_index, plan_update
    from inception_desktop.errors import UsageError

    root = Path(folder)
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    plan = plan_update(predictor.network, predictor.choice.sha256, root, k)
    if plan.up_to_date:
        return plan.index
    if not plan.add and plan.index is None:
        raise UsageError(f"no image files in {root}")
    return build_index(predictor, root, plan, k, state=state)


def _crop(img: Image.Image, box: list[int], size: int) -> Image.Image:
    crop = img.crop(tuple(box))
    crop.thumbnail((size, size), Image.Resampling.LANCZOS)
    square = Image.new("RGB", (size, size), (240, 240, 240))
    square.paste(crop, ((size - crop.width) // 2, (size - crop.height) // 2))
    return square


def crops_job(state: TaskState, hits: list[dict[str, Any]], size: int = 96
              ) -> list[tuple[dict[str, Any], Image.Image | None]]:
    """The region of each hit's image that the channel sees (None: the file is gone)."""
    out: list[tuple[dict[str, Any], Image.Image | None]] = []
    for hit in hits:
        state.check()
        try:
            out.append((hit, _crop(load_image(hit["file"]), hit["box"], size)))
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
            thumbs[c] = np.asarray(_crop(img, entries[c]["top"][0]["box"], size))
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


def import_job(state: TaskState, file: str, network: str | None, name: str | None = None
               ) -> Any:
    from inception_desktop.weights.importer import import_weights

    return import_weights(file, model=network, name=name)


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
    """Import a fine-tuned checkpoint under a free name (its own, or with a suffix); one that
    is already installed is used as it is."""
    from inception_desktop.fileio import file_sha256
    from inception_desktop.weights.importer import import_weights
    from inception_desktop.weights.store import find_entry, list_entries

    sha = file_sha256(path)
    for entry in list_entries():
        if entry.sha256 == sha and entry.kind == "custom" and entry.status == "installed":
            return entry
    base = Path(path).stem
    name, n = base, 1
    while find_entry(name) is not None:
        n += 1
        name = f"{base}-{n}"
    return import_weights(path, name=name)


def devices_job(state: TaskState) -> list[str]:
    from inception_desktop.engine.backend import available_devices

    return available_devices()


def data_usage_job(state: TaskState) -> dict[str, Any]:
    from inception_desktop.engine.datafolder import scan, usage

    return usage(scan())


def prune_job(state: TaskState, kinds: list[str] | None, older_than_s: float | None,
              max_bytes: int | None) -> Any:
    from inception_desktop.engine.datafolder import clear, prune

    if older_than_s is None and max_bytes is None:
        return clear(kinds)
    return prune(kinds, older_than_s, max_bytes)


def serve_job(state: TaskState, predictor: Predictor, port: int) -> Any:
    """Serve one predictor on 127.0.0.1:port in this process (the window's toggle)."""
    from inception_desktop.serve.server import BackgroundServer, ServeOptions

    server = BackgroundServer(ServeOptions(port=port), [predictor])
    server.start()
    return server


def evaluate_job(state: TaskState, data: str, labels_file: str | None, choices: list[Any],
                 backend: str, device: str, precision: str) -> dict[str, Any]:
    """Each model on the labelled folder, one after the other (each finished model is a
    partial result); a cancel ends after the current batch with what was done, partial."""
    from inception_desktop.engine.evaluate import LabelledSets, build_report, evaluate_model

    sets = LabelledSets(data, labels_file)
    evaluations = []
    for choice in choices:
        labelled, new = sets.for_choice(choice)
        if new:
            state.partial(("labelled", labelled))
        predictor = Predictor(choice=choice, backend=backend, device=device, state=state,
                              precision=precision)
        try:
            evaluation = evaluate_model(predictor, labelled, 8, state, precision=precision)
        finally:
            predictor.close()
        evaluations.append(evaluation)
        state.partial(("model", evaluation))
        if evaluation.partial:
            break
    return {"report": build_report(sets.first(), evaluations), "evaluations": evaluations}


def entries_job(state: TaskState, rehash: bool) -> list[Any]:
    from inception_desktop.weights.store import list_entries

    return list_entries(rehash=rehash)


def remove_weights_job(state: TaskState, name: str) -> Any:
    from inception_desktop.weights.store import remove_entry

    return remove_entry(name)


def runs_job(state: TaskState) -> list[dict[str, Any]]:
    from inception_desktop.paths import data_subdir

    root = data_subdir("runs")
    runs = []
    try:
        folders = sorted((p for p in root.iterdir() if p.is_dir()), reverse=True)
    except OSError:
        return []
    for folder in folders:
        size, newest, model = 0, folder.stat().st_mtime, False
        for p in folder.rglob("*"):
            try:
                if p.is_file():
                    st = p.stat()
                    size += st.st_size
                    newest = max(newest, st.st_mtime)
                    model = model or p.suffix == ".safetensors"
            except OSError:
                continue
        runs.append({"name": folder.name, "path": str(folder), "bytes": size, "mtime": newest,
                     "model": model})
    return runs


def remove_run_job(state: TaskState, path: str) -> None:
    import shutil

    from inception_desktop.errors import OutputError
    from inception_desktop.paths import data_subdir

    folder = Path(path).resolve()
    if folder.parent != data_subdir("runs").resolve():
        raise OutputError(f"{folder} is not a fine-tuning run of the data folder")
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise OutputError(f"cannot remove {folder}: {exc.strerror or exc}") from None
