"""Pooled features of every image, computed once per (file, network, weights) and cached.

Keyed by the file's path, size and mtime, the network, the weights' sha256 and the view
(0: the plain centre crop; 1: its mirror image; 2+: seeded random crops; from COPY_VIEW on:
a copy as a near-duplicate would be, resized, recompressed or cropped), so a second run on
the same folder only reads the cache and a changed file is computed again; a file moved by
the folder check keeps its entries (`follow_move`). A cache entry that
cannot be read, or holds the wrong shape, is computed again (the cache repairs itself); each
entry records its digest (of what it was made from -- the weights' and the export's digests --
and its bytes), and one that changed is computed again, said in one line. Images
are decoded ahead of inference by the shared pipeline.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from inception_desktop.engine.images import load_image
from inception_desktop.engine.pipeline import ordered_map
from inception_desktop.engine.preprocess import normalize, resize_and_crop
from inception_desktop.errors import ImageError, OutputError, cause, msg
from inception_desktop.fileio import atomic_path, short_hash
from inception_desktop.models.spec import ModelSpec
from inception_desktop.paths import data_subdir, writable_data_subdir
from inception_desktop.tasks import Stage, TaskState, ensure_state
from inception_desktop.weights.derived import entry_digest


@dataclass
class Features:
    """Features by (file, view), the files that could not be read, and where they came from."""

    vectors: dict[tuple[Path, int], np.ndarray] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cached: int = 0
    computed: int = 0


def cache_dir(network: str, weights_sha256: str | None) -> Path:
    return data_subdir("features") / f"{network}-{short_hash(weights_sha256, 16) or 'untrained'}"


def _key(path: Path, view: int) -> str:
    st = path.stat()
    return _key_of(path.resolve(), st.st_size, st.st_mtime_ns, view)


def _key_of(resolved: Path, size: int, mtime_ns: int, view: int) -> str:
    raw = f"{resolved}|{size}|{mtime_ns}|{view}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


# Views from here on are copies of the image as a near-duplicate would be (the folder check
# calibrates its similarity threshold on them); cached like every other view.
COPY_VIEW = 1000


def duplicate_copy(img: Image.Image, view: int) -> Image.Image:
    """A seeded copy of `img` as people's near-duplicates come: resized (down or up) and
    recompressed as JPEG, a small crop (2-8 %) recompressed, or both, by `view`."""
    rng = random.Random(f"copy:{view}:{img.size}")
    kind = (view - COPY_VIEW) % 3
    w, h = img.size
    out = img
    if kind in (1, 2):  # a small crop, as a screenshot or a re-framed export makes
        keep = rng.uniform(0.92, 0.98)
        cw, ch = max(1, round(w * keep)), max(1, round(h * keep))
        left, top = rng.randint(0, w - cw), rng.randint(0, h - ch)
        out = out.crop((left, top, left + cw, top + ch))
    if kind in (0, 2):
        scale = rng.choice([rng.uniform(0.5, 0.8), rng.uniform(1.25, 1.6)])
        out = out.resize((max(8, round(out.width * scale)), max(8, round(out.height * scale))),
                         Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    out.convert("RGB").save(buf, format="JPEG", quality=rng.randint(60, 90))
    buf.seek(0)
    with Image.open(buf) as copy:
        return copy.convert("RGB")


def view_input(img: Image.Image, spec: ModelSpec, view: int, seed: int = 0) -> np.ndarray:
    """The network input of one view of an image."""
    if view >= COPY_VIEW:
        return normalize(resize_and_crop(duplicate_copy(img, view), spec), spec)
    if view == 0:
        return normalize(resize_and_crop(img, spec), spec)
    if view == 1:
        return normalize(resize_and_crop(img, spec).transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                         spec)
    # A random crop covering 60-100 % of the image, mirrored half the time, seeded per view.
    rng = random.Random(f"{seed}:{view}:{img.size}")
    scale = rng.uniform(0.6, 1.0)
    w, h = img.size
    cw, ch = max(1, int(w * scale ** 0.5)), max(1, int(h * scale ** 0.5))
    left, top = rng.randint(0, w - cw), rng.randint(0, h - ch)
    crop = img.crop((left, top, left + cw, top + ch))
    if rng.random() < 0.5:
        crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    size = spec.input_size
    crop = crop.resize((size, size), Image.Resampling.BICUBIC)
    return normalize(crop, spec)


def _read_cached(path: Path, width: int, source: str, key: str) -> np.ndarray | None | bool:
    """The cached vector; None when there is none (or it cannot be read); False when its
    bytes are not what it recorded (removed: computed again)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arr, digest = data["vector"], bytes(data["digest"]).decode("ascii")
    except Exception:  # missing, empty, truncated, not ours: compute again
        return None
    if arr.shape != (width,) or arr.dtype != np.float32 or \
            digest != entry_digest(source, "", arr.tobytes()):
        path.unlink(missing_ok=True)
        return False
    return arr


def _write_cached(path: Path, vector: np.ndarray, source: str, key: str) -> None:
    # of the source and the bytes, not the key: an entry carried to a moved file's new key
    # (`follow_move`) stays valid
    digest = entry_digest(source, "", vector.tobytes()).encode("ascii")
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, vector=vector, digest=np.frombuffer(digest, np.uint8))


def _cache_folder(predictor: Any, state: TaskState) -> Path | None:
    """The network and weights' feature cache, made if needed; None (with a warning) when
    the data folder cannot be written."""
    folder = cache_dir(predictor.network, predictor.choice.sha256)
    try:
        writable_data_subdir("features")
        folder.mkdir(parents=True, exist_ok=True)
    except (OutputError, OSError) as exc:
        state.status(msg("warning: features are not cached ({reason})", reason=cause(exc)))
        return None
    return folder


def _read_cache(files: list[Path], views: list[int], folder: Path | None, width: int,
                out: Features, source: str, state: TaskState
                ) -> dict[Path, list[tuple[int, str]]]:
    """Cached vectors into `out` (an entry whose bytes changed is computed again, said in
    one line); -> the (view, key) pairs still to compute, per file."""
    todo: dict[Path, list[tuple[int, str]]] = {}
    changed = 0
    for path in files:
        for view in views:
            try:
                key = _key(path, view)
            except OSError as exc:
                out.failed.append((str(path), msg("{file}: cannot be read ({reason})", file=path,
                                                  reason=exc.strerror or str(exc))))
                break
            cached = _read_cached(folder / f"{key}.npz", width, source, key) \
                if folder else None
            if isinstance(cached, np.ndarray):
                out.vectors[(path, view)] = cached
            else:
                changed += cached is False
                todo.setdefault(path, []).append((view, key))
    if changed:
        state.status(msg("warning: {changed} cached feature vector(s) in {folder} changed since "
                         "they were written; computing them again", changed=changed, folder=folder))
    return todo


def extract_features(predictor: Any, files: list[Path], views: int | Sequence[int] = 1,
                     batch_size: int = 8, state: TaskState | None = None) -> Features:
    """Pooled features of `views` views of every file (cached), with progress in images;
    `views` is a number (views 0 to views - 1) or the views themselves."""
    state = ensure_state(state)
    view_ids = list(range(views)) if isinstance(views, int) else list(views)
    spec = predictor.spec
    folder = _cache_folder(predictor, state)
    out = Features()
    # what the vectors are made from: each entry records its digest with it
    source = getattr(predictor, "derived_from", f"{predictor.network}|{predictor.choice.sha256}")
    # the classifier's input width (an imported Keras head's own, not the network's)
    todo = _read_cache(files, view_ids, folder, int(predictor.backend.head_weight.shape[1]),
                       out, source, state)
    out.cached = len(out.vectors)
    total = len(files) * len(view_ids)
    state.progress(out.cached, total, msg("features: {cached} cached", cached=out.cached),
                   unit="images",
                   stage=Stage.FEATURES)
    started = time.perf_counter()

    def prepare(path: Path) -> list[tuple[int, str, np.ndarray]]:
        img = load_image(path)
        return [(view, key, view_input(img, spec, view)) for view, key in todo[path]]

    pending: list[tuple[Path, int, str, np.ndarray]] = []

    def flush() -> None:
        if not pending:
            return
        feats = predictor.run(np.stack([t for _, _, _, t in pending])).features
        for (path, view, key, _), f in zip(pending, feats, strict=True):
            vector = np.ascontiguousarray(f, dtype=np.float32)
            out.vectors[(path, view)] = vector
            out.computed += 1
            if folder is not None:
                try:
                    _write_cached(folder / f"{key}.npz", vector, source, key)
                except OSError:
                    pass  # a full disk costs the cache entry, never the run
        pending.clear()
        done = out.cached + out.computed
        rate = out.computed / max(time.perf_counter() - started, 1e-6)
        state.progress(done, total, msg("features: {done} of {total} ({cached} cached)",
                                        done=done, total=total, cached=out.cached),
                       rate, "images", Stage.FEATURES)

    for outcome in ordered_map(prepare, list(todo), state=state):
        if outcome.error is not None:
            error = outcome.error
            text = cause(error) if isinstance(error, ImageError) else \
                msg("{file}: cannot be prepared ({kind}: {reason})", file=outcome.item,
                    kind=type(error).__name__, reason=str(error))
            out.failed.append((str(outcome.item), text))
            continue
        assert outcome.result is not None
        for view, key, tensor in outcome.result:
            pending.append((outcome.item, view, key, tensor))
        if len(pending) >= batch_size:
            state.check()
            flush()
    state.check()
    flush()
    return out


def follow_move(source: Path, size: int, mtime_ns: int, target: Path) -> int:
    """After `source` (of this size and mtime) was moved to `target` unchanged, its cached
    features of every network are found under the new path too (so checking a folder again
    after moving files computes nothing) -> entries carried. Never raises: a cache entry
    that cannot be carried is computed again when needed."""
    carried = 0
    try:
        st = target.stat()
        folders = [p for p in data_subdir("features").iterdir() if p.is_dir()]
    except OSError:
        return 0
    if (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
        return 0  # moved across file systems without its mtime: the entries do not apply
    old_path, new_path = source.resolve(), target.resolve()
    for folder in folders:
        # The plain views run 0, 1, 2, ... (the first missing one ends them); the folder
        # check's copies start at COPY_VIEW.
        for first in (0, COPY_VIEW):
            view = first
            while True:
                old = folder / f"{_key_of(old_path, size, mtime_ns, view)}.npz"
                if not old.exists():
                    break
                new = folder / f"{_key_of(new_path, size, mtime_ns, view)}.npz"
                try:
                    if not new.exists():
                        try:
                            os.link(old, new)
                        except OSError:  # no hard links here: a copy
                            with atomic_path(new) as tmp:
                                tmp.write_bytes(old.read_bytes())
                    carried += 1
                except OSError:
                    pass
                view += 1
    return carried
