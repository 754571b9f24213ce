"""From a reference file to a probability, against the reference's own model and transform.

For every network: the reference implementation (torchvision or timm) with random weights is
saved as its own file format, opened by the app like a downloaded file, and asked for the
probabilities of photos of several shapes on torch and on onnxruntime. The expected answer is
the reference model's softmax on the reference's own transform (e.g. torchvision's
`GoogLeNet_Weights.IMAGENET1K_V1.transforms()`), so the network, the weight loading, the
preprocessing and the ONNX export are checked together, by code no one here wrote.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from inception_desktop.engine.predictor import Predictor
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.models import list_models
from tests.helpers.images import photo
from tests.helpers.reference import REFERENCES, random_reference

TOLERANCE = 1e-4
SHAPES = [(320, 240), (233, 377), (500, 500)]


@pytest.fixture(scope="module")
def photos():
    return [photo(w, h, seed=70 + i) for i, (w, h) in enumerate(SHAPES)]


@pytest.fixture(scope="module")
def reference_probabilities(photos):
    """network -> the reference's probabilities of the photos, computed once per module."""
    made: dict[str, np.ndarray] = {}

    def get(name: str) -> np.ndarray:
        if name not in made:
            reference, transform = random_reference(name), REFERENCES[name].transform()
            with torch.no_grad():
                logits = reference(torch.stack([transform(p) for p in photos]))
            made[name] = torch.softmax(logits, 1).double().numpy()
        return made[name]

    return get


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
@pytest.mark.parametrize("name", list_models())
def test_probabilities_equal_the_references_own(name, backend, photos, checkpoints,
                                                reference_probabilities):
    expected = reference_probabilities(name)
    predictor = Predictor(weights=str(checkpoints(name)), backend=backend, device="cpu")
    try:
        assert predictor.spec.name == name
        got = predictor.probabilities(np.stack([preprocess(p, predictor.spec) for p in photos]))
    finally:
        predictor.close()
    worst = float(np.abs(got - expected).max())
    print(f"{name} {backend}: max |dp| {worst:.2e}")
    assert got.shape == expected.shape
    assert worst <= TOLERANCE
    assert (got.argmax(1) == expected.argmax(1)).all()
