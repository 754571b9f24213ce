"""Heads of imported Keras models as plain data (no torch): the layers between a network's last
block and its classifier, checked and described.

People put their own head on `keras.applications` networks: global pooling or a pool and a
flatten, then a stack of Dense layers with dropout, batch normalisation and activations. The
importer records that stack in the weights' metadata as a list of small dicts (one per layer,
in order, without the last Dense, which becomes the network's classifier); `models.keras_head`
runs it in torch, and every backend runs the ONNX export of that.

Ops (all keys JSON):
    {"op": "global_avg_pool"} | {"op": "global_max_pool"}
    {"op": "avg_pool" | "max_pool", "pool": [h, w], "strides": [h, w], "padding": "valid"|"same"}
    {"op": "flatten"}                      Keras order: height, width, then channels
    {"op": "batch_norm", "eps": 0.001}     over channels (4-d) or features (2-d)
    {"op": "dense", "units": n, "bias": true, "activation": "relu"}
    {"op": "activation", "activation": "relu"}
    {"op": "dropout", "rate": 0.5}         identity at inference, active in full fine-tuning
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inception_desktop.errors import WeightsError, msg

ACTIVATIONS = ("linear", "relu", "gelu", "sigmoid", "softmax", "tanh", "silu", "elu", "selu",
               "softplus")
MAX_WIDTH = 1 << 24  # a flattened feature map wider than this is not a model anyone trained


def trunk_output_size(input_size: int) -> int:
    """Height (= width) of the last block's output of Inception-v3 / Inception-ResNet-v2 for a
    square input: the stride-2 'valid' convolutions and pools of the stem and reductions."""
    s = (input_size - 3) // 2 + 1  # conv 3x3/2
    s = s - 2  # conv 3x3 valid
    s = (s - 3) // 2 + 1  # max pool 3x3/2
    s = s - 2  # conv 3x3 valid
    s = (s - 3) // 2 + 1  # max pool 3x3/2
    s = (s - 3) // 2 + 1  # reduction A
    return (s - 3) // 2 + 1  # reduction B


def _pair(value: Any, what: str) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value, value]
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and
            all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4096
                for v in value)):
        raise WeightsError(msg("the head's {what} {value!r} is not a pair of sizes", what=what,
                               value=value))
    return int(value[0]), int(value[1])


def pool_output(size: tuple[int, int], op: dict[str, Any]) -> tuple[int, int]:
    kh, kw = _pair(op.get("pool"), msg("pool size"))
    sh, sw = _pair(op.get("strides"), msg("pool strides"))
    if op.get("padding") == "same":
        return -(-size[0] // sh), -(-size[1] // sw)
    return (size[0] - kh) // sh + 1, (size[1] - kw) // sw + 1


def check_head(ops: Any, channels: int, spatial: int) -> int:
    """Check a recorded head on a C x spatial x spatial feature map -> the width of the vector
    it hands to the classifier. WeightsError naming the first layer that does not fit."""
    shape = head_shape(ops, channels, spatial)
    if len(shape) != 1:
        raise WeightsError(msg("the head leaves a feature map, not a vector: it needs a global "
                               "pool or a flatten before the classifier"))
    return shape[0]


def _width(shape: tuple[int, ...]) -> int:
    width = 1
    for d in shape:
        width *= d
    return width


def _needs_feature_map(shape: tuple[int, ...], where: str) -> None:
    if len(shape) != 3:
        raise WeightsError(msg("{where} needs a feature map, not a vector", where=where))


def _check_activation(op: dict[str, Any], where: str) -> None:
    if op.get("activation") not in ACTIVATIONS:
        raise WeightsError(msg("{where}: activation {activation!r} is not supported (supported: "
                               "{supported})", where=where, activation=op.get("activation"),
                               supported=", ".join(ACTIVATIONS)))


def _global_pool_shape(shape: tuple[int, ...], op: dict[str, Any],
                       where: str) -> tuple[int, ...]:
    _needs_feature_map(shape, where)
    return (shape[0],)


def _pool_shape(shape: tuple[int, ...], op: dict[str, Any], where: str) -> tuple[int, ...]:
    _needs_feature_map(shape, where)
    if op.get("padding") not in ("valid", "same"):
        raise WeightsError(msg("{where}: padding must be 'valid' or 'same'", where=where))
    h, w = pool_output((shape[1], shape[2]), op)
    if h < 1 or w < 1:
        raise WeightsError(msg("{where}: the pool is larger than the {height}x{width} feature "
                               "map", where=where, height=shape[1], width=shape[2]))
    return (shape[0], h, w)


def _flatten_shape(shape: tuple[int, ...], op: dict[str, Any], where: str) -> tuple[int, ...]:
    return (_width(shape),)


def _batch_norm_shape(shape: tuple[int, ...], op: dict[str, Any],
                      where: str) -> tuple[int, ...]:
    eps = op.get("eps")
    if not isinstance(eps, (int, float)) or isinstance(eps, bool) or not 0 < eps < 1:
        raise WeightsError(msg("{where}: epsilon {eps!r} is not a small positive number",
                               where=where, eps=eps))
    return shape


def _dense_shape(shape: tuple[int, ...], op: dict[str, Any], where: str) -> tuple[int, ...]:
    if len(shape) != 1:
        raise WeightsError(msg("{where} needs a vector: pool or flatten the feature map first",
                               where=where))
    units = op.get("units")
    if not isinstance(units, int) or isinstance(units, bool) or not 1 <= units <= MAX_WIDTH:
        raise WeightsError(msg("{where}: {units!r} units", where=where, units=units))
    if not isinstance(op.get("bias"), bool):
        raise WeightsError(msg("{where}: 'bias' must be true or false", where=where))
    _check_activation(op, where)
    return (units,)


def _activation_shape(shape: tuple[int, ...], op: dict[str, Any],
                      where: str) -> tuple[int, ...]:
    _check_activation(op, where)
    return shape


def _dropout_shape(shape: tuple[int, ...], op: dict[str, Any], where: str) -> tuple[int, ...]:
    rate = op.get("rate")
    if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0 <= rate < 1:
        raise WeightsError(msg("{where}: rate {rate!r} is not in [0, 1)", where=where,
                               rate=rate))
    return shape


# Each op: the shape after it, given the shape before it; WeightsError when it does not fit.
_SHAPE_OF: dict[str, Callable[[tuple[int, ...], dict[str, Any], str], tuple[int, ...]]] = {
    "global_avg_pool": _global_pool_shape,
    "global_max_pool": _global_pool_shape,
    "avg_pool": _pool_shape,
    "max_pool": _pool_shape,
    "flatten": _flatten_shape,
    "batch_norm": _batch_norm_shape,
    "dense": _dense_shape,
    "activation": _activation_shape,
    "dropout": _dropout_shape,
}
OPS = tuple(_SHAPE_OF)


def head_shape(ops: Any, channels: int, spatial: int) -> tuple[int, ...]:
    """The shape (C, H, W) or (width,) after a head's layers; WeightsError naming the first
    layer that does not fit."""
    if not isinstance(ops, list):
        raise WeightsError(msg("the recorded head is not a list of layers"))
    shape: tuple[int, ...] = (channels, spatial, spatial)
    for i, op in enumerate(ops):
        if not isinstance(op, dict) or op.get("op") not in OPS:
            raise WeightsError(msg("head layer {number} is not one of: {ops}", number=i + 1,
                                   ops=", ".join(OPS)))
        kind = op["op"]
        where = msg("head layer {number} ({kind})", number=i + 1, kind=kind)
        shape = _SHAPE_OF[kind](shape, op, where)
        width = _width(shape)
        if width > MAX_WIDTH:
            raise WeightsError(msg("{where} gives {width} values, more than any real head",
                                   where=where, width=width))
    return shape


def is_global_average(ops: list[dict[str, Any]]) -> bool:
    """True when the head is a global average pool (and dropouts): its classifier is then a
    linear map of the pooled last block, so class activation maps are exact."""
    return [op["op"] for op in ops if op["op"] != "dropout"] == ["global_avg_pool"]


def describe_head(ops: list[dict[str, Any]], channels: int, num_classes: int) -> str:
    """'Keras head 2048 -> 256 -> 128 -> 5' (widths of the vectors, classifier included)."""
    widths = [channels]
    flat = False
    for op in ops:
        if op["op"] == "dense":
            widths.append(int(op["units"]))
        elif op["op"] == "flatten":
            flat = True
    chain = " -> ".join(str(w) for w in [*widths, num_classes])
    if flat:
        return msg("Keras head (flattened) {widths}", widths=chain)
    return msg("Keras head {widths}", widths=chain)
