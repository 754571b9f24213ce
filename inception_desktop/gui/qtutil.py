"""Converting images between Pillow / numpy and Qt."""

from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtGui import QImage, QPixmap


def rgb_array_to_qimage(arr: np.ndarray) -> QImage:
    """H x W x 3 uint8 -> QImage (copied, so the array may be freed)."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def pil_to_qimage(img: Image.Image) -> QImage:
    return rgb_array_to_qimage(np.asarray(img.convert("RGB")))


def pil_to_qpixmap(img: Image.Image) -> QPixmap:
    return QPixmap.fromImage(pil_to_qimage(img))
