"""Turning block activations into pictures: colormaps, normalisation, channel order, grids.

Pure numpy, so the window renders on a worker thread and tests need no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image

from inception_desktop.resource_files import resource_text

COLORMAPS = ("gray", "viridis", "magma")
NORMALIZATIONS = ("channel", "block")  # per channel, or one range for the whole block
ORDERS = ("index", "mean", "max")


@cache
def colormap_lut(name: str) -> np.ndarray:
    """256 x 3 uint8 lookup table."""
    text = resource_text("colormaps.txt")
    for line in text.splitlines():
        if line.startswith(name + " "):
            hexes = line.split(" ", 1)[1].strip()
            return np.frombuffer(bytes.fromhex(hexes), dtype=np.uint8).reshape(256, 3).copy()
    raise ValueError(f"unknown colormap {name!r}; choose one of: {', '.join(COLORMAPS)}")


def channel_order(block: np.ndarray, order: str = "index") -> np.ndarray:
    """Channel indices of a C x H x W block: by index, or by mean / max activation (highest
    first)."""
    c = block.shape[0]
    if order == "index":
        return np.arange(c)
    flat = block.reshape(c, -1)
    if order == "mean":
        key = flat.mean(axis=1)
    elif order == "max":
        key = flat.max(axis=1)
    else:
        raise ValueError(f"unknown order {order!r}; choose one of: {', '.join(ORDERS)}")
    return np.argsort(-key, kind="stable")


def normalized(block: np.ndarray, mode: str = "channel") -> np.ndarray:
    """C x H x W -> values in [0, 1], per channel or over the whole block."""
    x = block.astype(np.float32)
    if mode == "channel":
        lo = x.min(axis=(1, 2), keepdims=True)
        hi = x.max(axis=(1, 2), keepdims=True)
    elif mode == "block":
        lo, hi = x.min(), x.max()
    else:
        raise ValueError(f"unknown normalisation {mode!r}; choose one of: "
                         f"{', '.join(NORMALIZATIONS)}")
    span = np.maximum(hi - lo, 1e-12)
    return np.clip((x - lo) / span, 0.0, 1.0)


def colorize(values01: np.ndarray, colormap: str = "viridis") -> np.ndarray:
    """[0, 1] array (any shape) -> same shape + 3, uint8 RGB."""
    idx = np.clip((values01 * 255.0 + 0.5).astype(np.int32), 0, 255)
    return colormap_lut(colormap)[idx]


@dataclass(frozen=True)
class ChannelStats:
    index: int
    mean: float
    std: float
    min: float
    max: float
    active_fraction: float  # share of positions > 0


def channel_stats(block: np.ndarray, index: int) -> ChannelStats:
    ch = block[index].astype(np.float64)
    return ChannelStats(index, float(ch.mean()), float(ch.std()), float(ch.min()),
                        float(ch.max()), float((ch > 0).mean()))


def thumbnails(block: np.ndarray, size: int = 64, colormap: str = "viridis",
               normalization: str = "channel", order: str = "index"
               ) -> tuple[np.ndarray, np.ndarray]:
    """-> (channel order, N x size x size x 3 uint8 thumbnails in that order)."""
    idx = channel_order(block, order)
    rgb = colorize(normalized(block, normalization), colormap)  # C x H x W x 3
    h, w = block.shape[1:]
    # Nearest-neighbour upscaling: each activation stays a visible square, no invented detail.
    ys = (np.arange(size) * h // size).clip(0, h - 1)
    xs = (np.arange(size) * w // size).clip(0, w - 1)
    return idx, np.ascontiguousarray(rgb[idx][:, ys][:, :, xs])


def grid_image(thumbs: np.ndarray, columns: int | None = None, gap: int = 2) -> Image.Image:
    """Thumbnails N x s x s x 3 -> one mosaic image (for "export the grid as PNG")."""
    n, s = thumbs.shape[0], thumbs.shape[1]
    columns = columns or max(1, int(np.ceil(np.sqrt(n))))
    rows = int(np.ceil(n / columns))
    canvas = np.full((rows * (s + gap) + gap, columns * (s + gap) + gap, 3), 255, np.uint8)
    for i in range(n):
        r, c = divmod(i, columns)
        y, x = gap + r * (s + gap), gap + c * (s + gap)
        canvas[y:y + s, x:x + s] = thumbs[i]
    return Image.fromarray(canvas, "RGB")


def overlay(base: Image.Image, heat01: np.ndarray, colormap: str = "magma",
            opacity: float = 0.5) -> Image.Image:
    """Blend a [0, 1] map (any size, resized smoothly) over an RGB image."""
    heat = Image.fromarray(np.ascontiguousarray(heat01, dtype=np.float32), mode="F").resize(
        base.size, Image.Resampling.BILINEAR)
    colored = Image.fromarray(colorize(np.asarray(heat), colormap), "RGB")
    return Image.blend(base.convert("RGB"), colored, float(np.clip(opacity, 0.0, 1.0)))
