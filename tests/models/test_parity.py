"""Our networks reproduce the reference implementations exactly, from every checkpoint format."""

from __future__ import annotations

import pytest
import torch

from inception_desktop.models import create_model
from inception_desktop.weights import load_weights
from tests.helpers.reference import (
    FORMATS,
    MODELS,
    REFERENCES,
    make_checkpoint,
    random_reference,
)

CASES = [(name, fmt) for name in MODELS for fmt in FORMATS[name]]
SIZES = (299, 342)


@pytest.fixture(scope="module")
def reference_logits():
    """Reference logits per (network, input size) on one random batch, computed once."""
    cache: dict = {}

    def get(name: str, size: int):
        if (name, size) not in cache:
            x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(size))
            with torch.no_grad():
                cache[name, size] = x, random_reference(name)(x)
        return cache[name, size]

    return get


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_logits_match_reference(name, fmt, tmp_path, reference_logits):
    path = make_checkpoint(name, fmt, tmp_path)
    model = create_model(name).eval()
    info = load_weights(model, path)
    assert info.network == name
    assert info.format == fmt
    assert info.num_classes == 1000
    for size in SIZES:
        x, expected = reference_logits(name, size)
        with torch.no_grad():
            got = model(x)
        diff = (got - expected).abs().max().item()
        scale = expected.abs().max().item()
        print(f"{name} {fmt} {size}: max |diff| {diff:.3g} of max |logit| {scale:.3g}")
        assert diff <= 1e-4 * scale
        assert torch.equal(got.argmax(1), expected.argmax(1))


@pytest.mark.parametrize("name", MODELS)
def test_parameter_counts_equal_reference(name):
    ours = sum(p.numel() for p in create_model(name).parameters())
    ref = sum(p.numel() for p in random_reference(name).parameters())
    assert ours == ref
    assert set(create_model(name).state_dict()) == set(random_reference(name).state_dict())


@pytest.mark.parametrize("name", [n for n in MODELS if REFERENCES[n].train_outputs])
def test_training_outputs_match_reference(name, tmp_path):
    """The one training hook gives the reference's main and aux logits, in the spec's order
    (same weights, same dropout draws)."""
    from inception_desktop.models import get_spec

    ref = random_reference(name)
    model = create_model(name)
    model.load_state_dict(ref.state_dict())
    size = get_spec(name).input_size
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(1))
    try:
        ref.train()
        model.train()
        with torch.no_grad():
            torch.manual_seed(7)
            want_logits, want_aux = REFERENCES[name].train_outputs(ref(x))
            torch.manual_seed(7)
            got = model(x)
    finally:
        ref.eval()
    assert len(got.aux_logits) == len(want_aux) == len(get_spec(name).aux_heads)
    for a, b in zip((got.logits, *got.aux_logits), (want_logits, *want_aux), strict=True):
        assert (a - b).abs().max().item() <= 1e-4 * b.abs().max().item()


def test_v3_state_dict_without_aux_head_imports_and_classifies(tmp_path):
    """torchvision's inception_v3(aux_logits=False), or a fine-tuned model whose AuxLogits
    were removed: imported and classified through the app, exactly as torchvision does."""
    import torchvision

    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.weights.importer import import_weights
    from tests.helpers.reference import randomize

    reference = randomize(torchvision.models.inception_v3(
        weights=None, aux_logits=False, transform_input=True, init_weights=False), seed=3)
    path = tmp_path / "no_aux.pth"
    torch.save(reference.state_dict(), path)
    x = torch.randn(2, 3, 299, 299, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        expected = reference(x)
    entry = import_weights(path, name="no-aux")
    predictor = Predictor(weights=entry.name, backend="torch")
    try:
        logits = predictor.run(x.numpy()).logits
    finally:
        predictor.close()
    assert abs(logits - expected.numpy()).max() <= 1e-4 * expected.abs().max().item()


def test_pooling_flag_changes_only_what_it_says():
    """TensorFlow's pooling (padding left out of the average) is a property of the weights:
    off by default (torchvision parity), and the only difference when on."""
    torch.manual_seed(0)
    reference = create_model("inception_v3").eval()
    tf_pool = create_model("inception_v3", avg_pool_excludes_padding=True).eval()
    tf_pool.load_state_dict(reference.state_dict())
    x = torch.randn(1, 3, 299, 299)
    with torch.no_grad():
        assert not torch.equal(reference(x), tf_pool(x))
        pooled = torch.nn.functional.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
        assert torch.allclose(pooled[..., 0, 0], x[..., :2, :2].mean(dim=(-1, -2)))
