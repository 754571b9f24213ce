"""Receptive fields: the shipped table is what the layers give, and it equals the support of
the gradient of a block position with respect to the input (a network whose every path
passes the gradient: positive weights, BatchNorm as identity, pooling as averages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from inception_desktop.models import create_model
from inception_desktop.models.receptive import receptive_fields

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_table_is_up_to_date():
    import sys

    sys.path.insert(0, str(ROOT))
    from scripts.receptive_fields import fields_json

    shipped = json.loads((ROOT / "resources" / "receptive_fields.json").read_text())
    assert shipped == fields_json()


def gradient_box(model, block: str, y: int, x: int, size: int = 299):
    """(left, top, right, bottom) of the input pixels that reach block[:, :, y, x]."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.fill_(1.0 / m.weight[0].numel())
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.fill_(1.0)
                m.bias.zero_()
                m.running_mean.zero_()
                m.running_var.fill_(1.0 - m.eps)
    model.eval()
    x_in = torch.ones(1, 3, size, size, requires_grad=True)
    original = F.max_pool2d

    def avg_instead(inp, kernel_size, stride=None, padding=0, *args, **kwargs):
        return F.avg_pool2d(inp, kernel_size, stride, padding)

    F.max_pool2d = avg_instead  # every window passes gradient to all its inputs
    try:
        _, blocks = model.forward_blocks(x_in, [block])
    finally:
        F.max_pool2d = original
    blocks[block][0, :, y, x].sum().backward()
    hit = x_in.grad[0].abs().sum(0) > 0
    rows, cols = torch.nonzero(hit, as_tuple=True)
    return (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)


CASES = [("inception_v3", "Conv2d_4a_3x3"), ("inception_v3", "Mixed_5b"),
         ("inception_v3", "Mixed_6a"), ("inception_v4", "features.3"),
         ("inception_v4", "features.5"), ("inception_v4", "features.10"),
         ("inception_resnet_v2", "mixed_5b"), ("inception_resnet_v2", "repeat.1")]


@pytest.mark.parametrize(("network", "block"), CASES)
def test_fields_equal_the_gradient_support(network, block):
    model = create_model(network)
    field = receptive_fields(network)[block]
    _, blocks = model.eval().forward_blocks(torch.zeros(1, 3, 299, 299), [block])
    h, w = blocks[block].shape[2:]
    for y, x in ((h // 2, w // 2), (0, w - 1), (h - 1, 1)):
        assert gradient_box(model, block, y, x) == field.box(y, x, 299), (y, x)
