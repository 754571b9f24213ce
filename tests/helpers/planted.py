"""A generated data set folder with planted problems, and the plan that says which.

Four classes told apart by colour (red, green, blue, yellow), each image a random pattern
(stripes, checks, dots or rings, at a random scale and angle), so that even a network with
random weights separates the classes while two images of one class still differ. Planted:
5 % of the images moved to a wrong class; near duplicates made by resizing and recompressing
(some within a class, some across classes, some across train/val), exact copies; outliers
(images of no class) and odd files (tiny, one colour, extreme aspect ratio, unreadable).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

HUES = {"red": (215, 40, 40), "green": (40, 170, 60), "blue": (40, 70, 215),
        "yellow": (235, 200, 30)}
PATTERNS = ("stripes", "checks", "dots", "rings")


def pattern_image(cls: str, seed: int, size: int = 128) -> Image.Image:
    rng = np.random.default_rng(seed)
    big = size * 2
    bg = tuple(int(v) for v in rng.integers(150, 256, 3))
    img = Image.new("RGB", (big, big), bg)
    draw = ImageDraw.Draw(img)
    colour = tuple(int(np.clip(c + j, 0, 255))
                   for c, j in zip(HUES[cls], rng.integers(-30, 30, 3), strict=True))
    pattern = PATTERNS[int(rng.integers(0, len(PATTERNS)))]
    period = int(rng.integers(size // 8, size * 3 // 8))
    phase = int(rng.integers(0, period))
    if pattern == "stripes":
        for y in range(-period + phase, big, period):
            draw.rectangle((0, y, big, y + int(period * rng.uniform(0.3, 0.7))), fill=colour)
    elif pattern == "checks":
        for y in range(0, big, period):
            for x in range(0, big, period):
                if ((x + y) // period + phase) % 2 == 0:
                    draw.rectangle((x, y, x + period - 1, y + period - 1), fill=colour)
    elif pattern == "dots":
        r = max(2, int(period * rng.uniform(0.25, 0.45)))
        for y in range(phase, big, period):
            for x in range(phase, big, period):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    else:
        cx, cy = (int(v) for v in rng.integers(0, big, 2))
        for r in range(big * 2, 0, -period):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour,
                         width=max(2, period // 3))
    img = img.rotate(float(rng.uniform(0, 360)), resample=Image.Resampling.BILINEAR,
                     fillcolor=colour)
    img = img.crop((big // 4, big // 4, big // 4 + size, big // 4 + size))
    noise = rng.integers(-10, 11, (size, size, 3))
    return Image.fromarray(np.clip(np.asarray(img, np.int16) + noise, 0, 255).astype(np.uint8))


def outlier_image(kind: int, size: int = 128) -> Image.Image:
    """Images of no class, in black and white: a black quarter, a white triangle on black, a
    white bar on dark grey (what a network with random weights, too, sees as far from the
    coloured patterns)."""
    if kind == 0:
        arr = np.full((size, size, 3), 255, np.uint8)
        arr[:size // 2, :size // 2] = 0
        return Image.fromarray(arr)
    img = Image.new("RGB", (size, size), "black" if kind == 1 else (30, 30, 30))
    draw = ImageDraw.Draw(img)
    s = size / 128
    if kind == 1:
        draw.polygon([(64 * s, 12 * s), (12 * s, 116 * s), (116 * s, 116 * s)], fill="white")
    else:
        draw.rectangle((40 * s, 20 * s, 88 * s, 108 * s), fill=(250, 250, 250))
    return img


def recompressed(img: Image.Image, scale: float, quality: int) -> bytes:
    """A near duplicate as people make them: resized, saved again as JPEG."""
    small = img.resize((max(8, round(img.width * scale)), max(8, round(img.height * scale))),
                       Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    small.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


@dataclass
class Plan:
    """What was planted, by paths relative to the folder."""

    root: Path
    label_errors: dict[str, str] = field(default_factory=dict)  # file -> its true class
    duplicates: list[set[str]] = field(default_factory=list)
    cross_class: list[set[str]] = field(default_factory=list)  # of duplicates
    cross_split: list[set[str]] = field(default_factory=list)  # of duplicates
    outliers: set[str] = field(default_factory=set)  # far from every class, and odd files
    images: int = 0


def make_planted_folder(root: Path, per_class: int = 40, val_share: float = 0.2,
                        size: int = 128) -> Plan:
    """train/<class>/ and val/<class>/ with the problems of the plan planted."""
    plan = Plan(root)
    rng = np.random.default_rng(7)
    classes = list(HUES)
    clean: dict[tuple[str, str], list[str]] = {}
    for cls in classes:
        n_val = round(per_class * val_share)
        for i in range(per_class):
            split = "val" if i < n_val else "train"
            folder = root / split / cls
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{cls}_{i:03d}.png"
            pattern_image(cls, zlib.crc32(f"{cls}:{i}".encode()), size).save(folder / name)
            clean.setdefault((split, cls), []).append(f"{split}/{cls}/{name}")
    plan.images = len(classes) * per_class

    def take(split: str, cls: str) -> str:
        files = clean[(split, cls)]
        return files.pop(int(rng.integers(0, len(files))))

    # 5 % of the images to a wrong class (in their own split).
    n_wrong = round(0.05 * plan.images)
    for k in range(n_wrong):
        split = "val" if k % 4 == 3 else "train"
        cls = classes[k % len(classes)]
        wrong = classes[(k + 1 + k // len(classes)) % len(classes)]
        if wrong == cls:
            wrong = classes[(classes.index(cls) + 1) % len(classes)]
        src = take(split, cls)
        dst = f"{split}/{wrong}/moved_{Path(src).name}"
        shutil.move(root / src, root / dst)
        plan.label_errors[dst] = cls

    def copy_to(src: str, dst: str, scale: float, quality: int) -> None:
        (root / dst).write_bytes(recompressed(Image.open(root / src).convert("RGB"), scale,
                                              quality))
        plan.images += 1

    # Near duplicates: within a class, across classes (also a label error), across train/val.
    scales = (0.75, 1.5, 0.8, 1.3)
    for k in range(3):
        cls = classes[k]
        src = take("train", cls)
        dst = f"train/{cls}/copy_{Path(src).stem}.jpg"
        copy_to(src, dst, scales[k % 4], 80 - 5 * k)
        plan.duplicates.append({src, dst})
    for k in range(2):
        cls, other = classes[k + 1], classes[(k + 3) % len(classes)]
        src = take("train", cls)
        dst = f"train/{other}/copy_{Path(src).stem}.jpg"
        copy_to(src, dst, scales[(k + 1) % 4], 85)
        plan.duplicates.append({src, dst})
        plan.cross_class.append({src, dst})
        plan.label_errors[dst] = cls
    for k in range(3):
        cls = classes[(k + 2) % len(classes)]
        src = take("train", cls)
        dst = f"val/{cls}/copy_{Path(src).stem}.jpg"
        copy_to(src, dst, scales[(k + 2) % 4], 75)
        plan.duplicates.append({src, dst})
        plan.cross_split.append({src, dst})
    # Exact copies: one within train, one from train into val.
    for k, split in enumerate(("train", "val")):
        cls = classes[k]
        src = take("train", cls)
        dst = f"{split}/{cls}/same_{Path(src).name}"
        shutil.copyfile(root / src, root / dst)
        plan.images += 1
        plan.duplicates.append({src, dst})
        if split == "val":
            plan.cross_split.append({src, dst})

    # Outliers: images of no class, and odd files.
    for k in range(3):
        dst = f"train/{classes[k]}/odd_{k}.png"
        outlier_image(k, size).save(root / dst)
        plan.outliers.add(dst)
    odd = {
        "train/red/tiny.png": pattern_image("red", 1, 24).resize((12, 12)),
        "train/green/blank.png": Image.new("RGB", (size, size), (90, 160, 100)),
        "train/blue/banner.png": pattern_image("blue", 2, 480).crop((0, 0, 480, 60)),
    }
    for dst, img in odd.items():
        img.save(root / dst)
        plan.outliers.add(dst)
    (root / "train/yellow/broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    plan.outliers.add("train/yellow/broken.png")
    plan.images += 7
    return plan


def folder_contents(root: Path, skip: str = ".inception-review") -> dict[str, str]:
    """Every file under the folder (but those under `skip`, the review's own) -> its
    sha256: equal before and after means no file was lost, changed or added."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and skip not in path.parts:
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
