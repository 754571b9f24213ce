"""Preprocessing with numpy + Pillow (no torch), equal to the reference transforms.

torchvision's `Inception_V3_Weights.IMAGENET1K_V1.transforms()` and timm's eval transform both
resize the shorter side with Pillow, centre-crop and normalise; doing the same Pillow calls here
gives the same tensor without torch, so the onnxruntime-only build preprocesses identically.

The cost is bounded by the output, not by the shape of the input. Resizing the whole image
first costs memory by aspect ratio (a 1 x 5000 PNG became a 342 x 1,710,000 intermediate:
2.3 GB): so only images close to square (`EXACT_RATIO`, every photo) take the reference's
own calls, whose intermediate is at most a few megabytes; longer ones resample only the
region the network sees (two one-axis passes over the rows and columns that region needs,
within one or two levels of 255 of the reference), and images more than `MAX_ASPECT_RATIO`
times longer than wide (or wide than long) are refused in one line: no crop of them means
anything.

A geometry is where the network's input comes from in the original image: `crop` (resize
the shorter side, take the centre square; the reference transforms) or `squash` (the whole
image resized to the input size, as Keras Applications preprocess). Each is a small function
giving that region; the resampling is shared, so both are bounded the same way.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
from PIL import Image

from inception_desktop.errors import ImageError, msg
from inception_desktop.models.spec import ModelSpec

_RESAMPLE = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC}
_SUPPORT = {"bilinear": 1.0, "bicubic": 2.0}  # Pillow's filter support, in source pixels

# Images up to this aspect ratio are resized as the reference does (bit for bit): its whole-
# image intermediate is then at most EXACT_RATIO x resize_size^2 pixels (1.4 MB at 342).
EXACT_RATIO = 4.0
# Longer than this (one side over 100 times the other) and the network would see a smear of
# a few pixels: refused, with one line.
MAX_ASPECT_RATIO = 100.0

Box = tuple[float, float, float, float]


def resized_size(width: int, height: int, shorter: int) -> tuple[int, int]:
    """torchvision's Resize(int): the shorter side becomes `shorter`, the longer one is
    truncated (not rounded) to keep the aspect ratio."""
    if width <= height:
        return shorter, int(shorter * height / width)
    return int(shorter * width / height), shorter


def check_shape(width: int, height: int) -> None:
    """Refuse an image no crop of which means anything (ImageError, one line without the
    file's name: the caller names it)."""
    if width < 1 or height < 1:
        raise ImageError(msg("{width} x {height} pixels: the image is empty",
                             width=width, height=height))
    ratio = max(width, height) / min(width, height)
    if ratio > MAX_ASPECT_RATIO:
        raise ImageError(msg("{width} x {height} pixels: one side is {ratio:,.0f} times the other "
                             "(at most {most:.0f} is classified); crop the part that matters and "
                             "classify that", width=width, height=height, ratio=ratio,
                             most=MAX_ASPECT_RATIO))


def _centre_crop(width: int, height: int, spec: ModelSpec) -> tuple[Box, tuple[int, int]]:
    """The reference transform: the shorter side resized to resize_size, the centre
    input_size square -> (that square in the original's pixels, the resized size)."""
    rw, rh = resized_size(width, height, spec.resize_size)
    size = spec.input_size
    left = int(round((rw - size) / 2.0))
    top = int(round((rh - size) / 2.0))
    sx, sy = width / rw, height / rh
    return (left * sx, top * sy, (left + size) * sx, (top + size) * sy), (rw, rh)


def _squash(width: int, height: int, spec: ModelSpec) -> tuple[Box, tuple[int, int]]:
    """The whole image, resized to input_size x input_size (no crop)."""
    size = spec.input_size
    return (0.0, 0.0, float(width), float(height)), (size, size)


GEOMETRIES: dict[str, Callable[[int, int, ModelSpec], tuple[Box, tuple[int, int]]]] = {
    "crop": _centre_crop, "squash": _squash}


def _geometry(name: str | None, spec: ModelSpec
              ) -> Callable[[int, int, ModelSpec], tuple[Box, tuple[int, int]]]:
    """The geometry asked for, else the spec's own (`resize_mode`: imported Keras models
    squash)."""
    name = str(name or getattr(spec, "resize_mode", "crop"))
    try:
        return GEOMETRIES[name]
    except KeyError:
        raise ValueError(f"unknown geometry {name!r}; known: {', '.join(GEOMETRIES)}") \
            from None


def crop_box(width: int, height: int, spec: ModelSpec,
             geometry: str | None = None) -> tuple[float, float, float, float]:
    """The region of the original image (left, top, right, bottom) that the network sees."""
    return _geometry(geometry, spec)(width, height, spec)[0]


def _bounded_resample(img: Image.Image, box: Box, size: int, interpolation: str
                      ) -> Image.Image:
    """`box` of `img` resampled to size x size, touching only the source pixels the filter
    needs: crop the rows and columns the region's filter reaches, then one pass per axis,
    horizontal first as Pillow resizes (vertical first only when the region is so tall that
    the other way round is far smaller). Memory: about size x the region's shorter side."""
    resample = _RESAMPLE[interpolation]
    width, height = img.size
    x0, y0, x1, y1 = box
    margin_y = math.ceil(_SUPPORT[interpolation] * max((y1 - y0) / size, 1.0)) + 1
    margin_x = math.ceil(_SUPPORT[interpolation] * max((x1 - x0) / size, 1.0)) + 1
    r0, r1 = max(0, math.floor(y0) - margin_y), min(height, math.ceil(y1) + margin_y)
    c0, c1 = max(0, math.floor(x0) - margin_x), min(width, math.ceil(x1) + margin_x)
    region = img.crop((c0, r0, c1, r1))  # a copy of only what the filter reads
    bx0, by0, bx1, by1 = x0 - c0, y0 - r0, x1 - c0, y1 - r0
    rw, rh = region.size
    if rh <= EXACT_RATIO * max(rw, size):  # horizontal first, as the reference resizes
        horizontal = region.resize((size, rh), resample, box=(bx0, 0, bx1, rh))
        return horizontal.resize((size, size), resample, box=(0, by0, size, by1))
    vertical = region.resize((rw, size), resample, box=(0, by0, rw, by1))
    return vertical.resize((size, size), resample, box=(bx0, 0, bx1, size))


def resize_and_crop(img: Image.Image, spec: ModelSpec,
                    geometry: str | None = None) -> Image.Image:
    """The RGB image the network sees, input_size x input_size (before normalisation); its
    cost is bounded by the input size and the image's own pixels, whatever its shape."""
    check_shape(img.width, img.height)
    size = spec.input_size
    box, (rw, rh) = _geometry(geometry, spec)(img.width, img.height, spec)
    if max(img.size) <= EXACT_RATIO * min(img.size):
        # Close to square: the reference's own calls (bit for bit); the intermediate is at
        # most EXACT_RATIO x the output's pixels (the horizontal pass comes first).
        resized = img.resize((rw, rh), _RESAMPLE[spec.interpolation])
        left = int(round((rw - size) / 2.0))
        top = int(round((rh - size) / 2.0))
        return resized.crop((left, top, left + size, top + size))
    return _bounded_resample(img, box, size, spec.interpolation)


@functools.lru_cache(maxsize=16)
def _normalized_levels(mean: tuple[float, ...], std: tuple[float, ...]) -> np.ndarray:
    """3 x 256: what each 8-bit level of each channel becomes, computed with the very float32
    operations of the reference (x / 255, then (x - mean) / std), so looking a pixel up gives
    the same bits as computing it, at a third of the cost."""
    levels = np.arange(256, dtype=np.float32) / np.float32(255.0)
    table = (levels[None, :] - np.asarray(mean, np.float32)[:, None]) / \
        np.asarray(std, np.float32)[:, None]
    table.setflags(write=False)
    return table


def normalize(rgb: Image.Image | np.ndarray, spec: ModelSpec) -> np.ndarray:
    """HWC uint8 -> CHW float32, scaled to [0, 1] then (x - mean) / std."""
    pixels = np.asarray(rgb)
    if pixels.dtype == np.uint8 and pixels.ndim == 3 and pixels.shape[2] == 3:
        table = _normalized_levels(tuple(spec.mean), tuple(spec.std))
        out = np.empty((3, pixels.shape[0], pixels.shape[1]), np.float32)
        for channel in range(3):
            np.take(table[channel], pixels[:, :, channel], out=out[channel])
        return out
    arr: np.ndarray = pixels.astype(np.float32) / np.float32(255.0)
    arr = (arr - np.asarray(spec.mean, np.float32)) / np.asarray(spec.std, np.float32)
    return np.ascontiguousarray(arr.transpose(2, 0, 1))


def preprocess(img: Image.Image, spec: ModelSpec, geometry: str | None = None) -> np.ndarray:
    """An RGB image -> the network's 3 x input_size x input_size float32 input."""
    if img.mode != "RGB":
        img = img.convert("RGB")
    return normalize(resize_and_crop(img, spec, geometry), spec)


def preprocess_batch(images: list[Image.Image], spec: ModelSpec,
                     geometry: str | None = None) -> np.ndarray:
    return np.stack([preprocess(img, spec, geometry) for img in images]) if images else \
        np.zeros((0, 3, spec.input_size, spec.input_size), np.float32)


def decode_size_hint(spec: ModelSpec, geometry: str | None = None) -> int:
    """The shorter side an image may be reduced to while decoding (JPEG's DCT scaling)
    without changing what the network sees by more than resampling does: twice what the
    geometry resizes to, so the final resize still filters a down-scale."""
    squashed = (geometry or getattr(spec, "resize_mode", "crop")) == "squash"
    return 2 * (spec.input_size if squashed else spec.resize_size)
