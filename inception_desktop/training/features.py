"""Pooled features of every image, computed once per (file, network, weights) and cached.

Keyed by the file's path, size and mtime, the network, the weights' sha256 and the view
(0: the plain centre crop; 1: its mirror image; 2+: seeded random crops), so a second run on
the same folder only reads the cache and a changed file is computed again.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from inception_desktop.engine.images import ImageError, load_image
from inception_desktop.engine.preprocess import normalize, resize_and_crop
from inception_desktop.models.spec import ModelSpec
from inception_desktop.paths import data_dir
from inception_desktop.weights.fileio import atomic_path


@dataclass
class FeatureProgress:
    done: int
    total: int
    cached: int  # how many came from the cache
    images_per_s: float


def cache_dir(network: str, weights_sha256: str | None) -> Path:
    return data_dir() / "feature-cache" / f"{network}-{(weights_sha256 or 'untrained')[:16]}"


def _key(path: Path, view: int) -> str:
    st = path.stat()
    raw = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{view}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def view_input(img: Image.Image, spec: ModelSpec, view: int, seed: int = 0) -> np.ndarray:
    """The network input of one view of an image."""
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


def extract_features(classifier, files: list[Path], views: int = 1, batch_size: int = 8,
                     progress: Callable[[FeatureProgress], None] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     ) -> tuple[dict[tuple[Path, int], np.ndarray], list[tuple[str, str]]]:
    """-> ({(file, view): pooled features}, [(file, why) for unreadable files])."""
    import time

    folder = cache_dir(classifier.network, classifier.choice.sha256)
    folder.mkdir(parents=True, exist_ok=True)
    spec = classifier.spec
    out: dict[tuple[Path, int], np.ndarray] = {}
    failed: list[tuple[str, str]] = []
    todo: list[tuple[Path, int, str]] = []
    for path in files:
        for view in range(views):
            key = _key(path, view)
            cached = folder / f"{key}.npy"
            try:
                out[(path, view)] = np.load(cached)
                continue
            except (OSError, ValueError):
                todo.append((path, view, key))
    total, cached_n = len(files) * views, len(out)
    started = time.perf_counter()
    if progress:
        progress(FeatureProgress(cached_n, total, cached_n, 0.0))
    bad: set[Path] = set()
    for i in range(0, len(todo), batch_size):
        if cancelled is not None and cancelled():
            break
        chunk = todo[i:i + batch_size]
        inputs, keys = [], []
        images: dict[Path, Image.Image] = {}
        for path, view, key in chunk:
            if path in bad:
                continue
            try:
                img = images.get(path) or load_image(path)
            except ImageError as exc:
                bad.add(path)
                failed.append((str(path), str(exc)))
                continue
            images[path] = img
            inputs.append(view_input(img, spec, view))
            keys.append((path, view, key))
        if not inputs:
            continue
        feats = classifier.backend.run(np.stack(inputs)).features
        for (path, view, key), f in zip(keys, feats, strict=True):
            out[(path, view)] = f.astype(np.float32)
            with atomic_path(folder / f"{key}.npy") as tmp, open(tmp, "wb") as fh:
                np.save(fh, f.astype(np.float32))
        if progress:
            done = len(out)
            rate = (done - cached_n) / max(time.perf_counter() - started, 1e-6)
            progress(FeatureProgress(done, total, cached_n, rate))
    return out, failed
