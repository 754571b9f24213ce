"""Preprocessing with numpy + Pillow (no torch), equal to the reference transforms.

torchvision's `Inception_V3_Weights.IMAGENET1K_V1.transforms()` and timm's eval transform both
resize the shorter side with Pillow, centre-crop and normalise; doing the same Pillow calls here
gives the same tensor without torch, so the onnxruntime-only build preprocesses identically.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from inception_desktop.models.spec import ModelSpec

_RESAMPLE = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC}


def resized_size(width: int, height: int, shorter: int) -> tuple[int, int]:
    """torchvision's Resize(int): the shorter side becomes `shorter`, the longer one is
    truncated (not rounded) to keep the aspect ratio."""
    if width <= height:
        return shorter, int(shorter * height / width)
    return int(shorter * width / height), shorter


def crop_box(width: int, height: int, spec: ModelSpec) -> tuple[float, float, float, float]:
    """The region of the original image (left, top, right, bottom) that the network sees."""
    if spec.resize_mode == "squash":
        return 0.0, 0.0, float(width), float(height)
    rw, rh = resized_size(width, height, spec.resize_size)
    size = spec.input_size
    left = int(round((rw - size) / 2.0))
    top = int(round((rh - size) / 2.0))
    sx, sy = width / rw, height / rh
    return left * sx, top * sy, (left + size) * sx, (top + size) * sy


def resize_and_crop(img: Image.Image, spec: ModelSpec) -> Image.Image:
    """The RGB image the network sees, input_size x input_size (before normalisation)."""
    size = spec.input_size
    if spec.resize_mode == "squash":
        return squash(img, size, spec.interpolation)
    rw, rh = resized_size(img.width, img.height, spec.resize_size)
    img = img.resize((rw, rh), _RESAMPLE[spec.interpolation])
    if rw < size or rh < size:  # cannot happen with resize_size >= input_size; kept for safety
        padded = Image.new("RGB", (max(rw, size), max(rh, size)))
        padded.paste(img, ((padded.width - rw) // 2, (padded.height - rh) // 2))
        img, rw, rh = padded, padded.width, padded.height
    left = int(round((rw - size) / 2.0))
    top = int(round((rh - size) / 2.0))
    return img.crop((left, top, left + size, top + size))


def squash(img: Image.Image, size: int, interpolation: str) -> Image.Image:
    """The whole image resized to size x size, aspect ratio not kept (Keras image pipelines).
    Its cost is bounded by the output: no intermediate image larger than the input is made."""
    return img.resize((size, size), _RESAMPLE[interpolation])


def normalize(rgb: Image.Image | np.ndarray, spec: ModelSpec) -> np.ndarray:
    """HWC uint8 -> CHW float32, scaled to [0, 1] then (x - mean) / std."""
    arr: np.ndarray = np.asarray(rgb, dtype=np.float32) / np.float32(255.0)
    arr = (arr - np.asarray(spec.mean, np.float32)) / np.asarray(spec.std, np.float32)
    return np.ascontiguousarray(arr.transpose(2, 0, 1))


def preprocess(img: Image.Image, spec: ModelSpec) -> np.ndarray:
    """An RGB image -> the network's 3 x input_size x input_size float32 input."""
    if img.mode != "RGB":
        img = img.convert("RGB")
    return normalize(resize_and_crop(img, spec), spec)


def preprocess_batch(images: list[Image.Image], spec: ModelSpec) -> np.ndarray:
    return np.stack([preprocess(img, spec) for img in images]) if images else \
        np.zeros((0, 3, spec.input_size, spec.input_size), np.float32)
