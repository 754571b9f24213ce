"""Training test fixtures: generated folders of coloured shapes and a base checkpoint."""

from __future__ import annotations

import pytest

from tests.helpers.datasets import make_dataset


@pytest.fixture(scope="session")
def shapes(tmp_path_factory):
    """3 classes x 30 images of coloured shapes."""
    return make_dataset(tmp_path_factory.mktemp("shapes"), per_class=30)


@pytest.fixture(scope="session")
def v3_base(tmp_path_factory):
    """Inception-v3 with random but well-scaled weights (as pretrained weights are), in the
    torchvision format: a base whose features carry information, unlike a fresh init."""
    from tests.helpers.reference import make_checkpoint

    return make_checkpoint("inception_v3", "torchvision", tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="session")
def small_shapes(tmp_path_factory):
    """3 classes x 8 small images, for full fine-tuning on a CPU."""
    return make_dataset(tmp_path_factory.mktemp("small"), per_class=8, size=80)
