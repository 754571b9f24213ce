"""A Keras model's own head in torch: the layers between the last block and the classifier,
exactly as Keras computes them (see `models.headspec` for the recorded form).

The network owns it as `keras_head`; its classifier (the head's last Dense) stays at the
spec's classifier path, so CAM, head-mode fine-tuning and `reset_classifier` find it as for
any other weights. Everything here exports to ONNX (opset 17).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch import nn


def activation(name: str, x: torch.Tensor) -> torch.Tensor:
    if name == "linear":
        return x
    if name == "relu":
        return F.relu(x)
    if name == "gelu":
        return F.gelu(x)  # Keras' default is the exact (erf) form, as torch's
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "softmax":
        return torch.softmax(x, dim=1)  # Keras: the last axis, here the features
    if name == "tanh":
        return torch.tanh(x)
    if name == "silu":
        return F.silu(x)
    if name == "elu":
        return F.elu(x)
    if name == "selu":
        return F.selu(x)
    if name == "softplus":
        return F.softplus(x)
    raise ValueError(f"unknown activation {name!r}")


def _tf_pool(x: torch.Tensor, op: dict[str, Any]) -> torch.Tensor:
    """TensorFlow's pooling: 'same' pads as TF does (the extra row/column at the end) and an
    average leaves the padded cells out."""
    kernel, stride = tuple(op["pool"]), tuple(op["strides"])
    average = op["op"] == "avg_pool"
    if op["padding"] == "same":
        pads = []
        for size, k, s in zip(x.shape[2:], kernel, stride, strict=True):
            out = -(-int(size) // s)
            total = max((out - 1) * s + k - int(size), 0)
            pads.append((total // 2, total - total // 2))
        (top, bottom), (left, right) = pads
        if average:
            ones = torch.ones_like(x[:1, :1])
            summed = F.avg_pool2d(F.pad(x, (left, right, top, bottom)), kernel, stride)
            counted = F.avg_pool2d(F.pad(ones, (left, right, top, bottom)), kernel, stride)
            return summed / counted
        x = F.pad(x, (left, right, top, bottom), value=float("-inf"))
    if average:
        return F.avg_pool2d(x, kernel, stride)
    return F.max_pool2d(x, kernel, stride)


class KerasHead(nn.Module):
    """Feature map -> the vector the classifier takes, layer by layer as recorded."""

    def __init__(self, ops: list[dict[str, Any]], channels: int, spatial: int) -> None:
        super().__init__()
        from inception_desktop.models.headspec import check_head, pool_output

        check_head(ops, channels, spatial)
        self.ops = [dict(op) for op in ops]
        self.layers = nn.ModuleList()
        shape: tuple[int, ...] = (channels, spatial, spatial)
        for op in self.ops:
            kind = op["op"]
            module: nn.Module = nn.Identity()
            if kind in ("global_avg_pool", "global_max_pool"):
                shape = (shape[0],)
            elif kind in ("avg_pool", "max_pool"):
                shape = (shape[0], *pool_output((shape[1], shape[2]), op))
            elif kind == "flatten":
                width = 1
                for d in shape:
                    width *= d
                shape = (width,)
            elif kind == "batch_norm":
                bn = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
                module = bn(shape[0], eps=float(op["eps"]))
            elif kind == "dense":
                module = nn.Linear(shape[0], int(op["units"]), bias=bool(op["bias"]))
                shape = (int(op["units"]),)
            elif kind == "dropout":
                module = nn.Dropout(float(op["rate"]))
            self.layers.append(module)
        self.out_features = shape[0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for op, layer in zip(self.ops, self.layers, strict=True):
            kind = op["op"]
            if kind == "global_avg_pool":
                x = x.mean(dim=(2, 3))
            elif kind == "global_max_pool":
                x = x.amax(dim=(2, 3))
            elif kind in ("avg_pool", "max_pool"):
                x = _tf_pool(x, op)
            elif kind == "flatten":
                # Keras flattens channels-last: height, width, channels.
                x = x.permute(0, 2, 3, 1).flatten(1) if x.dim() == 4 else x.flatten(1)
            elif kind in ("batch_norm", "dropout"):
                x = layer(x)
            elif kind == "dense":
                x = activation(op["activation"], layer(x))
            elif kind == "activation":
                if op["activation"] == "softmax" and x.dim() == 4:
                    x = torch.softmax(x, dim=1)  # channels: Keras' last axis
                else:
                    x = activation(op["activation"], x)
        return x
