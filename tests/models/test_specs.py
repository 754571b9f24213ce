"""Specs describe the networks truthfully: blocks, channels, strides, branches."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from inception_desktop.errors import UsageError
from inception_desktop.models import create_model, default_network, get_spec, list_models
from tests.helpers.reference import REFERENCES


def test_every_network_has_a_reference_row():
    assert list_models() == list(REFERENCES)
    assert default_network() == list_models()[0]


def test_unknown_model_lists_valid_names():
    with pytest.raises(UsageError, match=", ".join(list_models())):
        get_spec("inception_v5")
    with pytest.raises(UsageError, match="choose one of"):
        create_model("resnet50")


def test_specs_import_no_torch():
    code = ("import sys; from inception_desktop.models import get_spec, list_models; "
            "[get_spec(n) for n in list_models()]; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("name", list_models())
def test_blocks_cover_the_network_in_order(name):
    spec = get_spec(name)
    counts: dict[str, int] = {}
    for block in spec.blocks:
        counts[block.group] = counts.get(block.group, 0) + 1
    expected = REFERENCES[name].block_groups
    assert counts == expected
    assert list(dict.fromkeys(b.group for b in spec.blocks)) == list(expected)
    paths = [b.path for b in spec.blocks]
    assert len(set(paths)) == len(paths)
    assert len({b.display_name for b in spec.blocks}) == len(paths)
    model = create_model(name)
    trunk_order = [p for p, _ in model.trunk()]
    assert paths == [p for p in trunk_order if p in set(paths)]
    # The last viewable block is the one the classifier pools.
    assert paths[-1] == trunk_order[-1]
    assert spec.blocks[-1].channels == spec.num_features


@pytest.mark.parametrize("name", list_models())
def test_block_outputs_have_spec_channels_and_stride(name):
    spec = get_spec(name)
    model = create_model(name).eval()
    shapes = {}
    for size in (299, 598):
        with torch.no_grad():
            logits, blocks = model.forward_blocks(torch.zeros(1, 3, size, size))
        assert list(blocks) == [b.path for b in spec.blocks]
        assert logits.shape == (1, 1000)
        shapes[size] = {p: t.shape for p, t in blocks.items()}
    for block in spec.blocks:
        c, h, w = shapes[299][block.path][1:]
        assert c == block.channels, block
        assert h == w
        # Unpadded convs lose a few border pixels, so the stride shows in how the output
        # grows: 299 more input pixels give 299 / stride more output pixels.
        growth = shapes[598][block.path][2] - h
        assert abs(growth - 299 / block.stride) <= 1, (block, growth)
        assert h <= 299 / block.stride + 1


@pytest.mark.parametrize("name", list_models())
def test_branches_add_up_to_block_channels(name):
    for block in get_spec(name).blocks:
        if not block.branches:
            continue
        assert len(block.branches) >= 2, block
        assert block.branches[0].start == 0
        for a, b in zip(block.branches, block.branches[1:], strict=False):
            assert a.stop == b.start
        assert block.branches[-1].stop == block.channels
        assert all(br.name for br in block.branches)



@pytest.mark.parametrize("name", list_models())
def test_first_branch_occupies_its_range(name):
    """The first branch's output is exactly the first channel range of the concatenation."""
    path, first_branch_path = REFERENCES[name].first_branch
    model = create_model(name).eval()
    block = get_spec(name).block(path)
    captured = {}
    model.get_submodule(first_branch_path).register_forward_hook(
        lambda m, i, o: captured.setdefault("out", o))
    with torch.no_grad():
        _, blocks = model.forward_blocks(torch.randn(1, 3, 299, 299), paths=[path])
    first = block.branches[0]
    assert captured["out"].shape[1] == first.channels
    assert torch.equal(blocks[path][:, first.start:first.stop], captured["out"])


@pytest.mark.parametrize("name", list_models())
def test_reset_classifier(name):
    model = create_model(name)
    model.reset_classifier(7)
    assert model.num_classes == 7
    with torch.no_grad():
        assert model.eval()(torch.zeros(1, 3, 299, 299)).shape == (1, 7)
    for head, module in model.aux_modules():
        assert module.get_submodule(head.classifier).out_features == 7
    assert len(model.aux_modules()) == len(get_spec(name).aux_heads)


@pytest.mark.parametrize("name", list_models())
def test_forward_features_and_head_compose(name):
    model = create_model(name).eval()
    x = torch.randn(1, 3, 299, 299)
    with torch.no_grad():
        feats = model.forward_features(x)
        assert feats.shape[1] == get_spec(name).num_features
        assert torch.equal(model.forward_head(feats), model(x))
        assert model.forward_head(feats, pre_logits=True).shape == (1, feats.shape[1])


@pytest.mark.parametrize("name", list_models())
def test_declared_flops_are_measured(name):
    """The spec's FLOPs (bench's efficiency) are what torch counts at the input size."""
    from torch.utils.flop_counter import FlopCounterMode

    spec = get_spec(name)
    model = create_model(name).eval()
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(torch.zeros(1, 3, spec.input_size, spec.input_size))
    assert counter.get_total_flops() == pytest.approx(spec.flops, rel=1e-3)


@pytest.mark.parametrize("name", list_models())
def test_minimum_input_sizes_are_true(name):
    """The trunk runs at min_input_size and not one pixel below; each aux head at its own."""
    spec = get_spec(name)
    model = create_model(name).eval()
    low = spec.min_input_size
    with torch.no_grad():
        assert model(torch.zeros(1, 3, low, low)).shape == (1, spec.num_classes)
        with pytest.raises(RuntimeError):
            model(torch.zeros(1, 3, low - 1, low - 1))
    model.train()
    for head in spec.aux_heads:
        x = torch.zeros(2, 3, head.min_input, head.min_input)
        with torch.no_grad():
            assert len(model.training_outputs(x).aux_logits) == len(spec.aux_heads)


@pytest.mark.parametrize("name", list_models())
def test_checkpoint_signature_and_memory_figures(name):
    spec = get_spec(name)
    keys = set(REFERENCES[name].build().state_dict())
    assert spec.checkpoint.signature_key in keys
    others = [n for n in list_models() if n != name]
    assert all(get_spec(n).checkpoint.signature_key not in keys for n in others)
    assert {m.precision for m in spec.training_memory} == {"fp32", "bf16"}
    assert spec.short_name and len({get_spec(n).short_name for n in list_models()}) == \
        len(list_models())
