"""The loader reads every format by content, refuses bad files clearly, and never half-loads."""

from __future__ import annotations

import os
import shutil

import pytest
import torch

from inception_desktop.models import create_model
from inception_desktop.weights import (
    WeightsError,
    inspect_checkpoint,
    load_model,
    load_weights,
    save_app_checkpoint,
)
from tests.helpers.reference import make_checkpoint


def snapshot(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


def assert_unchanged(model, before):
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)


@pytest.fixture
def v4_model():
    return create_model("inception_v4")


def expect_refusal(model, path, *patterns):
    before = snapshot(model)
    with pytest.raises(WeightsError) as err:
        load_weights(model, path)
    message = str(err.value)
    assert path.name in message
    for pattern in patterns:
        assert pattern in message, message
    assert "\n" not in message
    assert_unchanged(model, before)
    return message


def test_format_detected_from_content_not_name(tmp_path, v4_model):
    path = make_checkpoint("inception_v4", "timm-safetensors", tmp_path)
    renamed = tmp_path / "weights.pth"
    shutil.copy(path, renamed)
    assert load_weights(v4_model, renamed).format == "timm-safetensors"


def test_other_networks_file(tmp_path, v4_model):
    path = make_checkpoint("inception_resnet_v2", "cadene", tmp_path)
    renamed = path.with_name("inceptionv4.pth")
    path.rename(renamed)
    message = expect_refusal(v4_model, renamed, "Inception-ResNet-v2", "choose inception_resnet_v2")
    assert message.startswith("inceptionv4.pth holds Inception-ResNet-v2 weights")


def test_truncated_safetensors(tmp_path, v4_model):
    path = make_checkpoint("inception_v4", "timm-safetensors", tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    expect_refusal(v4_model, path, "truncated or corrupt")


def test_truncated_pth(tmp_path, v4_model):
    path = make_checkpoint("inception_v4", "timm-bin", tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    expect_refusal(v4_model, path, "truncated or corrupt")


def test_truncated_legacy_pickle(tmp_path, v4_model):
    path = make_checkpoint("inception_v4", "cadene", tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    expect_refusal(v4_model, path, "truncated or corrupt")


def test_wrong_shape(tmp_path, v4_model):
    sd = create_model("inception_v4").state_dict()
    sd["features.9.branch0.conv.weight"] = torch.zeros(96, 384, 3, 3)
    path = tmp_path / "bad_shape.pth"
    torch.save(sd, path)
    expect_refusal(v4_model, path, "features.9.branch0.conv.weight", "(96, 384, 3, 3)",
                   "(96, 384, 1, 1)")


def test_missing_keys(tmp_path, v4_model):
    sd = create_model("inception_v4").state_dict()
    del sd["features.15.branch3.1.bn.running_var"]
    path = tmp_path / "missing.pth"
    torch.save(sd, path)
    expect_refusal(v4_model, path, "missing key", "features.15.branch3.1.bn.running_var")


def test_empty_file(tmp_path, v4_model):
    path = tmp_path / "empty.safetensors"
    path.write_bytes(b"")
    expect_refusal(v4_model, path, "empty")


def test_not_a_checkpoint(tmp_path, v4_model):
    path = tmp_path / "notes.pth"
    path.write_text("these are not weights\n")
    expect_refusal(v4_model, path, "not a weight file")


class _Evil:
    def __reduce__(self):
        return (os.system, (f"touch {_Evil.marker}",))


def test_pickle_with_code_is_never_run(tmp_path, v4_model):
    _Evil.marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    torch.save({"state_dict": create_model("inception_v4").state_dict(), "x": _Evil()}, path)
    expect_refusal(v4_model, path, "code", "refused")
    assert not _Evil.marker.exists()


def test_unrelated_state_dict(tmp_path, v4_model):
    path = tmp_path / "resnet.pth"
    torch.save({"conv1.weight": torch.zeros(64, 3, 7, 7)}, path)
    expect_refusal(v4_model, path, "does not hold weights of Inception")


def test_app_checkpoint_round_trip(tmp_path):
    model = create_model("inception_resnet_v2", num_classes=3)
    path = save_app_checkpoint(model, tmp_path / "pets.safetensors",
                               class_names=["cat", "dog", "bird"],
                               extra={"base_weights_sha256": "ab" * 32})
    info = inspect_checkpoint(path)
    assert (info.format, info.network, info.num_classes) == ("app", "inception_resnet_v2", 3)
    assert info.class_names == ["cat", "dog", "bird"]
    assert info.metadata["base_weights_sha256"] == "ab" * 32
    assert info.metadata["preprocessing"]["interpolation"] == "bicubic"
    loaded, _ = load_model(path)
    x = torch.randn(1, 3, 299, 299)
    with torch.no_grad():
        assert torch.equal(loaded.eval()(x), model.eval()(x))
    # Into a 1000-class model: a clear error, the model untouched.
    imagenet = create_model("inception_resnet_v2")
    before = snapshot(imagenet)
    with pytest.raises(WeightsError, match=r"3 classes \(cat, dog, bird\).*load_model"):
        load_weights(imagenet, path)
    assert_unchanged(imagenet, before)
    assert not list(tmp_path.glob(".*partial"))


def test_v3_file_without_aux_head_loads_into_model_without_it(tmp_path):
    sd = {k: v for k, v in create_model("inception_v3").state_dict().items()
          if not k.startswith("AuxLogits.")}
    path = tmp_path / "v3_noaux.pth"
    torch.save(sd, path)
    load_weights(create_model("inception_v3", aux_logits=False), path)
    with pytest.raises(WeightsError, match="missing key"):
        load_weights(create_model("inception_v3"), path)


def test_ddp_prefix_and_wrapper(tmp_path):
    sd = create_model("inception_v4").state_dict()
    path = tmp_path / "ddp.pth"
    torch.save({"state_dict": {f"module.{k}": v for k, v in sd.items()}, "epoch": 3}, path)
    assert load_weights(create_model("inception_v4"), path).network == "inception_v4"
