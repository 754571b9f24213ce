"""numpy + Pillow preprocessing equals torchvision's and timm's reference transforms."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from inception_desktop.engine.preprocess import crop_box, preprocess
from inception_desktop.models import get_spec, list_models
from tests.helpers.reference import REFERENCES

SIZES = [(299, 299), (517, 301), (301, 517), (1023, 769), (333, 1201), (300, 300), (641, 427),
         (150, 97)]


def reference_transform(name: str):
    return REFERENCES[name].transform()


def random_image(width: int, height: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    # Smooth gradients plus noise: both matter for resampling filters.
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([(x * 255 // max(width - 1, 1)), (y * 255 // max(height - 1, 1)),
                     ((x + y) * 127 // max(width + height, 1))], -1)
    noise = rng.integers(-40, 40, size=(height, width, 3))
    return Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8), "RGB")


@pytest.mark.parametrize("name", list_models())
def test_matches_reference_transform(name):
    transform = reference_transform(name)
    spec = get_spec(name)
    worst = 0.0
    for i, (w, h) in enumerate(SIZES):
        img = random_image(w, h, seed=i)
        expected = transform(img).numpy()
        got = preprocess(img, spec)
        size = spec.input_size
        assert got.shape == expected.shape == (3, size, size)
        assert got.dtype == np.float32
        worst = max(worst, float(np.abs(got - expected).max()))
    print(f"{name}: max |difference| {worst:.3g}")
    assert worst <= 1e-3


@pytest.mark.parametrize("name", list_models())
def test_resize_sizes_are_the_references(name):
    """The spec's resize and crop are those of the reference's own transform."""
    from torchvision import transforms

    steps = reference_transform(name)
    steps = getattr(steps, "transforms", None) or [steps]
    spec = get_spec(name)
    for step in steps:
        if isinstance(step, transforms.Resize):
            size = step.size if isinstance(step.size, int) else step.size[0]
            assert size == spec.resize_size
        if isinstance(step, transforms.CenterCrop):
            assert tuple(step.size) == (spec.input_size, spec.input_size)
    if hasattr(steps[0], "resize_size"):  # torchvision's ImageClassification
        assert list(steps[0].resize_size) == [spec.resize_size]
        assert list(steps[0].crop_size) == [spec.input_size]


def test_crop_box_is_centred_and_square_in_the_original():
    left, top, right, bottom = crop_box(1000, 500, get_spec("inception_v4"))
    assert abs((left + right) / 2 - 500) < 2 and abs((top + bottom) / 2 - 250) < 2
    assert abs((right - left) - (bottom - top)) < 1e-6
    assert abs((bottom - top) - 500 * 299 / 341) < 1.5


@pytest.mark.parametrize("scaling", ["imagenet", "inception", "unit", "tiny std"])
def test_normalize_gives_the_bits_of_the_reference_formula(scaling):
    """The lookup table normalize uses equals torchvision's ToTensor + Normalize (x / 255,
    then (x - mean) / std, in float32) bit for bit, for every level of every channel."""
    import dataclasses

    from inception_desktop.engine.preprocess import normalize
    from inception_desktop.models.spec import SCALINGS

    mean, std = SCALINGS.get(scaling, ((0.406, 0.456, 0.485), (1 / 255, 1 / 254, 1 / 253)))
    spec = dataclasses.replace(get_spec("inception_v3"), mean=mean, std=std)
    levels = np.arange(256, dtype=np.uint8)
    rgb = np.stack([np.tile(levels, (7, 1)), np.tile(levels[::-1], (7, 1)),
                    np.tile(np.roll(levels, 91), (7, 1))], -1)  # 7 x 256 x 3, every level
    x = rgb.astype(np.float32) / np.float32(255.0)
    expected = ((x - np.asarray(spec.mean, np.float32)) / np.asarray(spec.std, np.float32)
                ).transpose(2, 0, 1)
    for given in (rgb, Image.fromarray(rgb, "RGB")):
        got = normalize(given, spec)
        assert got.dtype == np.float32 and got.flags.c_contiguous
        assert np.array_equal(got, expected)
    import torch
    from torchvision.transforms import functional as tvf

    reference = tvf.normalize(tvf.to_tensor(Image.fromarray(rgb, "RGB")), list(spec.mean),
                              list(spec.std)).numpy()
    assert np.array_equal(normalize(rgb, spec), reference), torch.__version__
