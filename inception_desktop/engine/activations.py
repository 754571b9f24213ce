"""Block activations and class activation maps for one image.

CAM (Zhou et al. 2016) is exact for these networks: the head is a global mean pool followed
by a linear layer, so the logit of class c is mean_hw(sum_k W[c, k] A_k) + b[c], where A is
the last block's output. The map sum_k W[c, k] A_k is therefore the per-location share of
the logit, on either backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from inception_desktop.errors import msg


def class_activation_map(features: np.ndarray, weight_row: np.ndarray) -> np.ndarray:
    """features C x H x W, weight row C -> H x W map (its mean plus the bias is the logit)."""
    return np.tensordot(weight_row.astype(np.float64), features.astype(np.float64),
                        axes=(0, 0)).astype(np.float32)


def upsample(map2d: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of an H x W float map to (width, height)."""
    img = Image.fromarray(np.ascontiguousarray(map2d, dtype=np.float32), mode="F")
    return np.asarray(img.resize(size, Image.Resampling.BILINEAR), dtype=np.float32)


def normalize01(map2d: np.ndarray) -> np.ndarray:
    lo, hi = float(np.min(map2d)), float(np.max(map2d))
    if hi - lo < 1e-12:
        return np.zeros_like(map2d, dtype=np.float32)
    return ((map2d - lo) / (hi - lo)).astype(np.float32)


@dataclass
class ImageActivations:
    """Everything the viewer needs for one image, from one run."""

    network: str
    image_size: tuple[int, int]  # the original image, (width, height)
    crop_box: tuple[float, float, float, float]  # the part of it the network saw
    input_size: int
    logits: np.ndarray  # classes
    probabilities: np.ndarray  # classes
    head_weight: np.ndarray  # classes x C
    head_bias: np.ndarray  # classes
    last_block: str
    blocks: dict[str, np.ndarray] = field(default_factory=dict)  # path -> C x H x W
    # False when the head is not a linear map of the globally averaged last block (an
    # imported Keras head with Dense layers, a flatten, ...): CAM is then not defined and a
    # class map needs Grad-CAM (torch backend).
    cam_exact: bool = True

    def cam(self, class_index: int, upsample_to_input: bool = True) -> np.ndarray:
        """The class activation map of `class_index` (raw units: its mean + bias = logit)."""
        if not self.cam_exact:
            from inception_desktop.errors import BackendError

            raise BackendError(msg("a class activation map needs a classifier on globally "
                                   "averaged features; this model's head is not one: use "
                                   "Grad-CAM (--backend torch)"))
        raw = class_activation_map(self.blocks[self.last_block], self.head_weight[class_index])
        if upsample_to_input:
            return upsample(raw, (self.input_size, self.input_size))
        return raw
