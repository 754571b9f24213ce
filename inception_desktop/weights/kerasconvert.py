"""Keras Applications InceptionV3 / InceptionResNetV2 models -> this app's networks (numpy).

The trunk is matched layer by layer by walking the model's graph backwards from its last
block: each Concatenate's inputs in order are the branches, each branch a chain of
Conv2D -> BatchNormalization -> ReLU down to the block's input. Layer names are never used
(they differ between Keras versions and users' models); a layer that does not fit is named in
a one-line error with what was expected there. Weights-only files have no graph: their
layers are taken in Keras' creation order (the auto-numbered names, `conv2d_57`, sort that
way) and checked shape by shape.

Keras layouts differ from torch's: kernels are HWIO (-> OIHW), Dense kernels in x out
(-> out x in), BatchNormalization with scale=False has no gamma (-> ones). What follows the
trunk (pooling, Dense stack, dropout, ...) is recorded as a `models.headspec` head; its last
Dense becomes the network's classifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from inception_desktop.errors import WeightsError, cause, msg
from inception_desktop.models import get_spec
from inception_desktop.models.headspec import (
    ACTIVATIONS,
    describe_head,
    head_shape,
    trunk_output_size,
)
from inception_desktop.models.keras_layouts import KERAS_NETWORKS, TEMPLATES, Node
from inception_desktop.models.spec import NetworkOptions
from inception_desktop.weights.kerasfile import KerasLayer, KerasModel

BN_EPSILON = 0.001


# ----------------------------------------------------------------------------- matching

class _Mismatch(Exception):
    def __init__(self, layer: KerasLayer | None, expected: Node, why: str) -> None:
        super().__init__(why)
        self.layer, self.expected, self.why = layer, expected, why


def _as_pair(value: Any) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, list | tuple):
        return tuple(int(v) if isinstance(v, int) else -1 for v in value)
    return ()


def _activation_of(layer: KerasLayer) -> str | None:
    """The activation an activation layer applies (Activation, ReLU, Softmax), else None."""
    cfg = layer.config
    if layer.class_name == "Activation":
        act = cfg.get("activation")
        return act if isinstance(act, str) else None
    if layer.class_name == "ReLU":
        if cfg.get("max_value") is None and not cfg.get("negative_slope") and \
                not cfg.get("threshold"):
            return "relu"
        return None
    if layer.class_name == "Softmax":
        return "softmax" if cfg.get("axis", -1) in (-1, [-1]) else None
    return None


def _channels_last_axis(value: Any) -> bool:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value in (-1, 3)


def _weights(layer: KerasLayer, names: list[str], why: Node) -> dict[str, np.ndarray]:
    """A layer's weights by name: by their stored names when the file has them, else by
    Keras' order of them (kernel, bias; gamma, beta, moving mean, moving variance)."""
    stored = layer.weights
    if len(stored) != len(names):
        raise _Mismatch(layer, why, msg("holds {count} weights, expected {expected} ({names})",
                                        count=len(stored), expected=len(names),
                                        names=", ".join(names)))
    if all(name for name, _ in stored):
        by_name = {name: value for name, value in stored}
        if set(by_name) == set(names):
            return by_name
    return {name: value for name, (_, value) in zip(names, stored, strict=True)}


def _shape(layer: KerasLayer | None, node: Node, value: np.ndarray, shape: tuple[int, ...],
           what: str) -> None:
    if tuple(value.shape) != shape:
        raise _Mismatch(layer, node, msg("its {what} has shape {shape}, expected {expected}",
                                         what=what, shape=tuple(value.shape), expected=shape))
    if not np.isfinite(value).all():
        raise _Mismatch(layer, node, msg("its {what} holds values that are not finite numbers",
                                         what=what))


class _Matcher:
    def __init__(self, model: KerasModel) -> None:
        self.model = model
        self.matched: dict[int, str] = {}
        self.tensors: dict[str, np.ndarray] = {}
        self.input_layer: str | None = None

    def match(self, node: Node, path: str) -> None:
        seen = self.matched.get(id(node))
        if seen is not None:
            if seen != path:
                raise _Mismatch(self.model.layers[path], node, msg(
                    "is not the layer the other branches of this block start from ({layer})",
                    layer=seen))
            return
        layer = self.model.layers[path]
        self._check(node, layer)
        self.matched[id(node)] = path
        if node.op == "input":
            return
        if len(layer.inputs) != len(node.inputs):
            raise _Mismatch(layer, node, msg("takes {count} inputs, expected {expected}",
                                             count=len(layer.inputs),
                                             expected=len(node.inputs)))
        for child, source in zip(node.inputs, layer.inputs, strict=True):
            self.match(child, source)

    def _check(self, node: Node, layer: KerasLayer) -> None:
        """_Mismatch unless `layer` is what the template's `node` is (its weights, if any,
        taken into `tensors`)."""
        check = self._CHECKS.get(node.op)
        if check is None:
            raise AssertionError(node.op)
        check(self, node, layer)

    def _check_input(self, node: Node, layer: KerasLayer) -> None:
        if layer.class_name != "InputLayer":
            raise _Mismatch(layer, node, msg(
                "is a {kind}, where the network's input should be (layers before the network, "
                "e.g. preprocessing, are not supported: use --preprocess)",
                kind=layer.class_name))
        self.input_layer = layer.path

    def _check_relu(self, node: Node, layer: KerasLayer) -> None:
        if _activation_of(layer) != "relu":
            raise _Mismatch(layer, node, _is_a(layer.class_name))

    def _check_conv(self, node: Node, layer: KerasLayer) -> None:
        a = node.args
        if layer.class_name != "Conv2D":
            raise _Mismatch(layer, node, _is_a(layer.class_name))
        for ok, why in _conv_checks(layer.config, a):
            if not ok:
                raise _Mismatch(layer, node, why)
        names = ["kernel", "bias"] if a["bias"] else ["kernel"]
        w = _weights(layer, names, node)
        kh, kw = a["kernel"]
        _shape(layer, node, w["kernel"], (kh, kw, a["in"], a["filters"]), "kernel")
        self.tensors[f"{node.key}.weight"] = np.ascontiguousarray(
            w["kernel"].transpose(3, 2, 0, 1), np.float32)
        if a["bias"]:
            _shape(layer, node, w["bias"], (a["filters"],), "bias")
            self.tensors[f"{node.key}.bias"] = w["bias"].astype(np.float32)

    def _check_bn(self, node: Node, layer: KerasLayer) -> None:
        cfg = layer.config
        if layer.class_name != "BatchNormalization":
            raise _Mismatch(layer, node, _is_a(layer.class_name))
        if not _channels_last_axis(cfg.get("axis", -1)):
            raise _Mismatch(layer, node, msg("normalises axis {axis}", axis=cfg.get("axis")))
        eps = cfg.get("epsilon", BN_EPSILON)
        if not isinstance(eps, (int, float)) or abs(float(eps) - BN_EPSILON) > 1e-12:
            raise _Mismatch(layer, node, msg("has epsilon {eps}, expected {expected}", eps=eps,
                                             expected=BN_EPSILON))
        self.tensors.update(_bn_tensors(layer, node, node.key, node.channels))

    def _check_pool(self, node: Node, layer: KerasLayer) -> None:
        cls, cfg = layer.class_name, layer.config
        want = "AveragePooling2D" if node.op == "avgpool" else "MaxPooling2D"
        stride = node.args["stride"]
        if cls != want or _as_pair(cfg.get("pool_size")) != (3, 3) or \
                _as_pair(cfg.get("strides") or cfg.get("pool_size")) != (stride, stride) or \
                cfg.get("padding", "valid") != node.args["padding"]:
            raise _Mismatch(layer, node, _is_a(f"{cls} {cfg.get('pool_size')}/"
                                               f"{cfg.get('strides')} {cfg.get('padding')}"))

    def _check_concat(self, node: Node, layer: KerasLayer) -> None:
        if layer.class_name != "Concatenate" or \
                not _channels_last_axis(layer.config.get("axis", -1)):
            raise _Mismatch(layer, node, _is_a(layer.class_name))

    def _check_scale(self, node: Node, layer: KerasLayer) -> None:
        cls, cfg = layer.class_name, layer.config
        scale = None
        if cls.split(">")[-1] == "CustomScaleLayer":  # tf-keras: "Custom>CustomScaleLayer"
            scale = cfg.get("scale")
        elif cls == "Lambda":  # Keras 2: its code is never run, only its arguments read
            args = cfg.get("arguments")
            scale = args.get("scale") if isinstance(args, dict) else None
        if not isinstance(scale, (int, float)) or abs(float(scale) - node.args["scale"]) > 1e-6:
            raise _Mismatch(layer, node, msg("is a {kind} with scale {scale!r}", kind=cls,
                                             scale=scale))

    # The check of each op of the templates (models.keras_layouts).
    _CHECKS: ClassVar[dict[str, Callable[[_Matcher, Node, KerasLayer], None]]] = {
        "input": _check_input,
        "relu": _check_relu,
        "conv": _check_conv,
        "bn": _check_bn,
        "avgpool": _check_pool,
        "maxpool": _check_pool,
        "concat": _check_concat,
        "scale": _check_scale,
    }


def _is_a(kind: str) -> str:
    return msg("is a {kind}", kind=kind)


def _conv_checks(cfg: dict[str, Any], a: dict[str, Any]) -> list[tuple[bool, str]]:
    """(whether a Conv2D's config agrees with the template's conv, what it has if not)."""
    return [
        (cfg.get("filters") == a["filters"],
         msg("has {filters} filters", filters=cfg.get("filters"))),
        (_as_pair(cfg.get("kernel_size")) == a["kernel"],
         msg("has a {kernel} kernel", kernel=cfg.get("kernel_size"))),
        (_as_pair(cfg.get("strides", 1)) == (a["stride"], a["stride"]),
         msg("has strides {strides}", strides=cfg.get("strides"))),
        (cfg.get("padding") == a["padding"],
         msg("has padding {padding!r}", padding=cfg.get("padding"))),
        (bool(cfg.get("use_bias", True)) == a["bias"],
         msg("has a bias") if cfg.get("use_bias", True) else msg("has no bias")),
        (cfg.get("activation", "linear") == "linear",
         msg("has activation {activation!r}", activation=cfg.get("activation"))),
        (_as_pair(cfg.get("dilation_rate", 1)) == (1, 1), msg("is dilated")),
        (cfg.get("groups", 1) == 1, msg("is a grouped convolution")),
        (cfg.get("data_format", "channels_last") == "channels_last", msg("is channels_first")),
    ]


def _bn_tensors(layer: KerasLayer, node: Node, key: str, channels: int
                ) -> dict[str, np.ndarray]:
    """A BatchNormalization layer's weights as torch's BatchNorm2d state under `key`."""
    cfg = layer.config
    scale, center = bool(cfg.get("scale", True)), bool(cfg.get("center", True))
    names = (["gamma"] if scale else []) + (["beta"] if center else []) + \
        ["moving_mean", "moving_variance"]
    w = _weights(layer, names, node)
    for name, value in w.items():
        _shape(layer, node, value, (channels,), name)
    if (w["moving_variance"] < 0).any():
        raise _Mismatch(layer, node, msg("its moving variance is negative"))
    ones, zeros = np.ones(channels, np.float32), np.zeros(channels, np.float32)
    return {
        f"{key}.weight": w.get("gamma", ones).astype(np.float32),
        f"{key}.bias": w.get("beta", zeros).astype(np.float32),
        f"{key}.running_mean": w["moving_mean"].astype(np.float32),
        f"{key}.running_var": w["moving_variance"].astype(np.float32),
        f"{key}.num_batches_tracked": np.zeros((), np.int64),
    }


# ----------------------------------------------------------------------------- heads

@dataclass
class Imported:
    """A Keras model in this app's terms."""

    network: str
    tensors: dict[str, np.ndarray]  # the torch state dict's names
    options: NetworkOptions
    num_classes: int
    kind: str  # the file's format, e.g. "Keras 3 .keras"
    head: str  # "Keras head 2048 -> 256 -> 5"
    notes: list[str] = field(default_factory=list)
    input_size_known: bool = True  # the file says its input size

    def summary(self) -> str:
        spec = get_spec(self.network)
        size = self.options.input_size or spec.input_size
        return msg("{kind}: Keras {network} ({size} px), {head}, {classes} classes",
                   kind=self.kind, network=spec.display_name, size=size, head=self.head,
                   classes=self.num_classes)


def _head_chain(model: KerasModel) -> list[KerasLayer]:
    """The layers from the model's output back to the first that is not a head layer
    (that one included: it may be the trunk's end), output last."""
    if len(model.outputs) != 1:
        raise WeightsError(msg("{name} has {count} outputs; a classifier with one output is "
                               "needed", name=model.path.name, count=len(model.outputs)))
    chain = []
    path = model.outputs[0]
    for _ in range(64):
        layer = model.layers[path]
        chain.append(layer)
        if layer.class_name not in _HEAD_OP_OF or len(layer.inputs) != 1:
            break
        path = layer.inputs[0]
    return list(reversed(chain))


def _head_ops(model: KerasModel, layers: list[KerasLayer], channels: int, spatial: int
              ) -> tuple[list[dict[str, Any]], dict[str, np.ndarray], np.ndarray, np.ndarray,
                         list[str]]:
    """-> (head ops, their tensors, classifier weight, classifier bias, notes)."""
    name = model.path.name
    dense_at = [i for i, layer in enumerate(layers) if layer.class_name == "Dense"]
    if not dense_at:
        raise WeightsError(msg("{name} has no classifier (no Dense layer after the network): "
                               "save the model with its head", name=name))
    last = dense_at[-1]
    final_act = _output_activation(name, layers[last], layers[last + 1:])
    ops: list[dict[str, Any]] = []
    tensors: dict[str, np.ndarray] = {}
    shape: tuple[int, ...] = (channels, spatial, spatial)
    for layer in layers[:last]:
        where = msg("{name}: head layer {layer!r} ({kind})", name=name, layer=layer.path,
                    kind=layer.class_name)
        to_op = _HEAD_OP_OF.get(layer.class_name)
        if to_op is None:
            raise WeightsError(msg("{where} is not supported in a head", where=where))
        op, its_tensors = to_op(layer, f"keras_head.layers.{len(ops)}", where, shape)
        ops.append(op)
        tensors.update(its_tensors)
        try:
            shape = head_shape(ops, channels, spatial)
        except WeightsError as exc:
            raise WeightsError(_at(where, cause(exc))) from None
    if len(shape) != 1:
        raise WeightsError(msg("{name}: the classifier is applied to a feature map; the head "
                               "needs a global pool or a flatten", name=name))
    weight, bias, notes = _classifier(name, layers[last], shape[0], final_act)
    return ops, tensors, weight, bias, notes


def _at(where: str, problem: str) -> str:
    return msg("{where}: {problem}", where=where, problem=problem)



def _output_activation(name: str, classifier: KerasLayer, after: list[KerasLayer]) -> str:
    """The activation of the model's output: the classifier's own, or one activation layer
    after it (dropouts aside)."""
    final_act = str(classifier.config.get("activation", "linear"))
    for layer in after:
        act = _activation_of(layer)
        if layer.class_name == "Dropout":
            continue
        if act is None or final_act != "linear":
            raise WeightsError(msg("{name}: layer {layer!r} ({kind}) after the classifier is not "
                                   "supported (only a softmax may follow it)", name=name,
                                   layer=layer.path, kind=layer.class_name))
        final_act = act
    return final_act


_HeadOp = tuple[dict[str, Any], dict[str, np.ndarray]]


def _global_pool_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    if layer.config.get("data_format", "channels_last") != "channels_last":
        raise WeightsError(msg("{where} is channels_first", where=where))
    return {"op": "global_avg_pool" if "Average" in layer.class_name else "global_max_pool"}, {}


def _pool_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    cfg = layer.config
    pool = list(_as_pair(cfg.get("pool_size")))
    strides = list(_as_pair(cfg.get("strides") or cfg.get("pool_size")))
    return {"op": "avg_pool" if "Average" in layer.class_name else "max_pool", "pool": pool,
            "strides": strides, "padding": cfg.get("padding", "valid")}, {}


def _flatten_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    return {"op": "flatten"}, {}


def _dropout_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    return {"op": "dropout", "rate": float(layer.config.get("rate", 0.0))}, {}


def _activation_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    act = _activation_of(layer)
    if act is None:
        raise WeightsError(msg("{where}: this activation is not supported (supported: "
                               "{supported})", where=where, supported=", ".join(ACTIVATIONS)))
    return {"op": "activation", "activation": act}, {}


def _batch_norm_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    cfg = layer.config
    if not _channels_last_axis(cfg.get("axis", -1)):
        raise WeightsError(msg("{where} normalises axis {axis}", where=where,
                               axis=cfg.get("axis")))
    op = {"op": "batch_norm", "eps": float(cfg.get("epsilon", BN_EPSILON))}
    try:
        return op, _bn_tensors(layer, Node("bn", [], shape[0]), key, shape[0])
    except _Mismatch as exc:
        raise WeightsError(_at(where, exc.why)) from None


def _dense_op(layer: KerasLayer, key: str, where: str, shape: tuple[int, ...]) -> _HeadOp:
    cfg = layer.config
    op = {"op": "dense", "units": cfg.get("units"), "bias": bool(cfg.get("use_bias", True)),
          "activation": cfg.get("activation", "linear")}
    if len(shape) != 1:
        raise WeightsError(msg("{where} is applied to a feature map (pool or flatten it "
                               "first); not supported", where=where))
    kernel, bias = _dense(layer, shape[0], where)
    tensors = {f"{key}.weight": kernel}
    if bias is not None:
        tensors[f"{key}.bias"] = bias
    return op, tensors


# Each Keras layer class a head may hold: (layer, its tensors' key, where it is, the shape
# before it) -> (its op, its tensors); WeightsError when it is not supported.
_HEAD_OP_OF: dict[str, Callable[[KerasLayer, str, str, tuple[int, ...]], _HeadOp]] = {
    "GlobalAveragePooling2D": _global_pool_op,
    "GlobalMaxPooling2D": _global_pool_op,
    "AveragePooling2D": _pool_op,
    "MaxPooling2D": _pool_op,
    "Flatten": _flatten_op,
    "Dropout": _dropout_op,
    "Activation": _activation_op,
    "ReLU": _activation_op,
    "Softmax": _activation_op,
    "BatchNormalization": _batch_norm_op,
    "Dense": _dense_op,
}


def _classifier(name: str, layer: KerasLayer, width: int, final_act: str
                ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The classifier's weight and bias as a softmax classifier of `width` features, and
    notes on how its output activation is read."""
    weight, bias = _dense(layer, width, _classifier_at(name, layer))
    if bias is None:
        bias = np.zeros(weight.shape[0], np.float32)
    notes = []
    if final_act == "sigmoid":
        if weight.shape[0] != 1:
            raise WeightsError(msg("{name}: its output is {count} independent sigmoids "
                                   "(multi-label); only single-label classifiers (softmax, or "
                                   "one sigmoid) are supported", name=name,
                                   count=weight.shape[0]))
        # p = sigmoid(z) is exactly softmax([0, z])[1]: two classes, 'not' and 'is'.
        weight = np.concatenate([np.zeros_like(weight), weight])
        bias = np.concatenate([np.zeros(1, np.float32), bias])
        notes.append(msg("its single sigmoid output is read as two classes (0: below 0.5, 1: "
                         "above), with the same probabilities"))
    elif final_act not in ("softmax", "linear"):
        raise WeightsError(msg("{name}: its output activation {activation!r} is not a "
                               "probability (softmax, or a linear output read through softmax, "
                               "are supported)", name=name, activation=final_act))
    elif final_act == "linear":
        notes.append(msg("its output is linear (logits): probabilities are their softmax"))
    return weight, bias, notes


def _classifier_at(name: str, layer: KerasLayer) -> str:
    return msg("{name}: classifier {layer!r}", name=name, layer=layer.path)


def _dense(layer: KerasLayer, width: int, where: str) -> tuple[np.ndarray, np.ndarray | None]:
    cfg = layer.config
    units = cfg.get("units")
    use_bias = bool(cfg.get("use_bias", True))
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise WeightsError(msg("{where} has {units!r} units", where=where, units=units))
    node = Node("dense", [], units)
    try:
        w = _weights(layer, ["kernel", "bias"] if use_bias else ["kernel"], node)
        _shape(layer, node, w["kernel"], (width, units), "kernel")
        if use_bias:
            _shape(layer, node, w["bias"], (units,), "bias")
    except _Mismatch as exc:
        raise WeightsError(_at(where, exc.why)) from None
    kernel = np.ascontiguousarray(w["kernel"].T, np.float32)
    return kernel, (w["bias"].astype(np.float32) if use_bias else None)


# ----------------------------------------------------------------------------- entry

def _input_size(model: KerasModel, layer: KerasLayer, network: str) -> int | None:
    cfg = layer.config
    shape = cfg.get("batch_shape") or cfg.get("batch_input_shape")
    if not isinstance(shape, list) or len(shape) != 4:
        return None
    _, h, w, c = shape
    if c not in (3, None):
        raise WeightsError(msg("{name}: its input has {channels} channels; RGB (3) is needed",
                               name=model.path.name, channels=c))
    if h is None and w is None:
        return None
    if h != w or not isinstance(h, int):
        raise WeightsError(msg("{name}: its input is {height}x{width}; only square inputs are "
                               "supported", name=model.path.name, height=h, width=w))
    low = get_spec(network).min_input_size
    if h < low:
        raise WeightsError(msg("{name}: its input is {size} px; {network} needs at least {low}",
                               name=model.path.name, size=h,
                               network=get_spec(network).display_name, low=low))
    return h


def _describe_mismatch(model: KerasModel, network: str, exc: _Mismatch) -> str:
    where = exc.expected.key.rsplit(".", 1)[0] if exc.expected.key else msg("its graph")
    layer = (msg("layer {name!r} ({kind})", name=exc.layer.path, kind=exc.layer.class_name)
             if exc.layer else msg("a layer"))
    return msg("{name} is not a Keras {network}: {layer} {problem}; expected {expected} at "
               "{where}", name=model.path.name, network=get_spec(network).display_name,
               layer=layer, problem=exc.why, expected=exc.expected.describe(), where=where)


def convert(model: KerasModel, network: str | None = None) -> Imported:
    """Match a Keras model to one of the Keras Applications networks -> weights in this app's
    terms; WeightsError naming the first layer that does not fit."""
    if network is not None and network not in KERAS_NETWORKS:
        raise WeightsError(msg("Keras Applications has no {network}; Keras files of {networks} "
                               "can be imported", network=get_spec(network).display_name,
                               networks=", ".join(KERAS_NETWORKS)))
    if model.weights_only:
        if network is None:
            raise WeightsError(msg("{name} holds weights only (no graph): say which network "
                                   "with --model {choices}", name=model.path.name,
                                   choices=" or ".join(KERAS_NETWORKS)))
        return _convert_weights_only(model, network)
    chain = _head_chain(model)
    candidates = [network] if network else list(KERAS_NETWORKS)
    errors: list[tuple[int, str]] = []
    for net in candidates:
        inp, out, _ = TEMPLATES[net]()
        # The trunk ends at the head's first layer's input; an Activation there may belong to
        # either, so try each place from the output back.
        for end in range(len(chain) - 1, -1, -1):
            matcher = _Matcher(model)
            try:
                matcher.match(out, chain[end].path)
            except _Mismatch as exc:
                errors.append((len(matcher.matched), _describe_mismatch(model, net, exc)))
                continue
            return _finish(model, net, matcher, chain[end + 1:])
    errors.sort(key=lambda e: -e[0])  # the attempt that went furthest says most
    raise WeightsError(errors[0][1])


def _finish(model: KerasModel, network: str, matcher: _Matcher,
            head_layers: list[KerasLayer]) -> Imported:
    assert matcher.input_layer is not None
    size = _input_size(model, model.layers[matcher.input_layer], network)
    spec = get_spec(network)
    spatial = trunk_output_size(size or spec.input_size)
    ops, tensors, weight, bias, notes = _head_ops(model, head_layers, spec.num_features,
                                                  spatial)
    if size is None and any(op["op"] in ("flatten", "avg_pool", "max_pool") for op in ops):
        raise WeightsError(msg("{name}: its head flattens or pools a feature map but its input "
                               "size is not fixed; not supported", name=model.path.name))
    tensors.update(matcher.tensors)
    tensors[f"{spec.classifier_path}.weight"] = weight
    tensors[f"{spec.classifier_path}.bias"] = bias
    options = NetworkOptions(avg_pool_excludes_padding=True, aux_logits=False, head=tuple(ops),
                             input_size=size, source=model.kind)
    return Imported(network, tensors, options, int(weight.shape[0]), model.kind,
                    describe_head(ops, spec.num_features, int(weight.shape[0])), notes,
                    size is not None)


_AUTO = re.compile(r"^(.*?)(?:_(\d+))?$")


def keras3_layer_order(out: Node) -> list[Node]:
    """The template's layers in Keras 3's `model.layers` order, which numbers the groups of
    its weights files (`conv2d_57`): by depth from the output (deepest first), then by the
    order a depth-first walk from the output meets them (keras/src/ops/function.py)."""
    first_seen: dict[int, int] = {}
    post: list[Node] = []
    done: set[int] = set()
    stack: list[tuple[Node, int]] = [(out, 0)]
    while stack:
        node, i = stack.pop()
        first_seen.setdefault(id(node), len(first_seen))
        if i < len(node.inputs):
            stack.append((node, i + 1))
            child = node.inputs[i]
            if id(child) not in done:
                stack.append((child, 0))
            continue
        if id(node) not in done:
            done.add(id(node))
            post.append(node)
    depth: dict[int, int] = {}
    for node in reversed(post):
        d = depth.setdefault(id(node), 0)
        for parent in node.inputs:
            depth[id(parent)] = max(depth.get(id(parent), 0), d + 1)
    return sorted(post, key=lambda n: (-depth[id(n)], first_seen[id(n)]))


def _creation_order(name: str) -> tuple[str, int]:
    m = _AUTO.match(name.rsplit("/", 1)[-1])
    assert m is not None
    return m.group(1), int(m.group(2) or 0)


def _convert_weights_only(model: KerasModel, network: str) -> Imported:
    """Layers of a weights-only file in Keras' creation order, matched shape by shape."""
    name = model.path.name
    _, out, built = TEMPLATES[network]()
    if model.kind.startswith("Keras 3"):
        # Keras 3 names weight groups by class, counted in model.layers order.
        ordered = keras3_layer_order(out)
        built.convs = [n for n in ordered if n.op == "conv"]
        built.bns = [n for n in ordered if n.op == "bn"]
        for n in built.convs + built.bns:
            n.keras_name = None
    kinds: dict[str, list[KerasLayer]] = {"conv": [], "bn": [], "dense": []}
    for layer in model.layers.values():
        shapes = [v.ndim for _, v in layer.weights]
        if not shapes:
            continue
        if shapes[0] == 4:
            kinds["conv"].append(layer)
        elif shapes[0] == 2:
            kinds["dense"].append(layer)
        elif all(s == 1 for s in shapes) and len(shapes) in (2, 3, 4):
            kinds["bn"].append(layer)
        else:
            raise WeightsError(msg("{name}: layer {layer!r} holds weights of no layer these "
                                   "networks have", name=name, layer=layer.path))
    matcher = _Matcher(model)
    for kind, nodes in (("conv", built.convs), ("bn", built.bns)):
        named = {n.keras_name: n for n in nodes if n.keras_name}
        layers = kinds[kind]
        by_name = {layer.path.rsplit("/", 1)[-1]: layer for layer in layers}
        fixed = [n for n in nodes if n.keras_name in by_name]
        rest_nodes = [n for n in nodes if n.keras_name not in by_name]
        rest_layers = sorted((layer for layer in layers
                              if layer.path.rsplit("/", 1)[-1] not in named),
                             key=lambda layer: _creation_order(layer.path))
        if len(rest_layers) != len(rest_nodes):
            raise WeightsError(msg("{name} has {count} {kind} layers with weights; Keras' "
                                   "{network} has {expected}", name=name, count=len(layers),
                                   kind=kind, network=get_spec(network).display_name,
                                   expected=len(nodes)))
        pairs = [(n, by_name[str(n.keras_name)]) for n in fixed] + \
            list(zip(rest_nodes, rest_layers, strict=True))
        for node, layer in pairs:
            layer.class_name = "Conv2D" if kind == "conv" else "BatchNormalization"
            if kind == "conv":
                a = node.args
                layer.config = {"filters": a["filters"], "kernel_size": list(a["kernel"]),
                                "strides": [a["stride"]] * 2, "padding": a["padding"],
                                "use_bias": a["bias"]}
            else:
                count = len(layer.weights)
                layer.config = {"scale": count == 4, "center": count >= 3}
            try:
                matcher._check(node, layer)
            except _Mismatch as exc:
                raise WeightsError(_describe_mismatch(model, network, exc)) from None
    dense = sorted(kinds["dense"], key=lambda layer: _creation_order(layer.path))
    if not dense:
        raise WeightsError(msg("{name} holds no classifier (no Dense layer): only weights files "
                               "of whole classifiers can be imported", name=name))
    if len(dense) > 1:
        raise WeightsError(msg("{name} holds {count} Dense layers but a weights-only file does "
                               "not say how they connect (activations, dropout): save the whole "
                               "model (model.save('model.keras')) and import that", name=name,
                               count=len(dense)))
    layer = dense[0]
    layer.class_name = "Dense"
    units = layer.weights[0][1].shape[1]
    layer.config = {"units": units, "use_bias": len(layer.weights) == 2}
    spec = get_spec(network)
    weight, bias = _dense(layer, spec.num_features, _classifier_at(name, layer))
    tensors = dict(matcher.tensors)
    tensors[f"{spec.classifier_path}.weight"] = weight
    tensors[f"{spec.classifier_path}.bias"] = bias if bias is not None else \
        np.zeros(weight.shape[0], np.float32)
    ops: list[dict[str, Any]] = [{"op": "global_avg_pool"}]
    options = NetworkOptions(avg_pool_excludes_padding=True, aux_logits=False, head=tuple(ops),
                             input_size=None, source=model.kind)
    return Imported(network, tensors, options, int(weight.shape[0]), model.kind,
                    describe_head(ops, spec.num_features, int(weight.shape[0])),
                    [msg("a weights-only file does not say its head: read as a global average "
                         "pool and a softmax classifier")], input_size_known=False)
