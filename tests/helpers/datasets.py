"""Generated training folders: coloured shapes, one sub-folder per class."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SHAPES = ("circle", "square", "triangle")
COLORS = {"circle": (220, 40, 40), "square": (40, 180, 60), "triangle": (40, 70, 220)}


def shape_image(kind: str, seed: int, size: int = 96) -> Image.Image:
    if kind not in COLORS:  # any other class name: one of the three shapes, fixed per name
        kind = SHAPES[zlib.crc32(kind.encode()) % len(SHAPES)]
    rng = np.random.default_rng(seed)
    bg = tuple(int(v) for v in rng.integers(150, 255, 3))
    img = Image.new("RGB", (size, size), bg)
    draw = ImageDraw.Draw(img)
    r = int(rng.integers(size // 5, size // 3))
    cx, cy = (int(v) for v in rng.integers(r, size - r, 2))
    jitter = rng.integers(-30, 30, 3)
    color = tuple(int(np.clip(c + j, 0, 255)) for c, j in zip(COLORS[kind], jitter,
                                                               strict=True))
    if kind == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
    elif kind == "square":
        draw.rectangle((cx - r, cy - r, cx + r, cy + r), fill=color)
    else:
        draw.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=color)
    return img


def make_dataset(root: Path, per_class: int = 30, classes=SHAPES, size: int = 96,
                 seed_offset: int = 0) -> Path:
    for c in classes:
        folder = root / c
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            # stable across processes, unlike hash()
            seed = zlib.crc32(f"{c}:{i + seed_offset}".encode())
            shape_image(c, seed=seed, size=size).save(folder / f"{c}_{i:03d}.png")
    return root
