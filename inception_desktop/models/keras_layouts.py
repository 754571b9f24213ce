"""The layer graphs of the networks Keras Applications has (InceptionV3, InceptionResNetV2),
as templates the Keras importer matches a user's model against: each expected layer, what
feeds it, and the state-dict key of this app's network its weights go to. Facts about the
networks, so they live here; `weights.kerasconvert` does the matching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inception_desktop.errors import msg


@dataclass(eq=False)
class Node:
    """One expected layer: what it must be, what feeds it, and where its weights go."""

    op: str  # input, conv, bn, relu, avgpool, maxpool, concat, scale
    inputs: list[Node]
    channels: int
    key: str = ""  # torch state-dict prefix (conv, bn)
    args: dict[str, Any] = field(default_factory=dict)
    order: int = 0  # Keras' creation order (weights-only files)
    keras_name: str | None = None  # the name Keras Applications gives it, when fixed

    def describe(self) -> str:
        a = self.args
        if self.op == "conv":
            kh, kw = a["kernel"]
            fields = {"kernel": f"{kh}x{kw}/{a['stride']} {a['padding']}",
                      "filters": a["filters"]}
            if a["bias"]:
                return msg("Conv2D {kernel} with {filters} filters and a bias", **fields)
            return msg("Conv2D {kernel} with {filters} filters", **fields)
        if self.op == "bn":
            return "BatchNormalization"
        if self.op == "relu":
            return msg("a ReLU activation")
        if self.op in ("avgpool", "maxpool"):
            kind = "Average" if self.op == "avgpool" else "Max"
            return f"{kind}Pooling2D 3x3/{a['stride']} {a['padding']}"
        if self.op == "concat":
            return msg("Concatenate of {count} branches", count=len(self.inputs))
        if self.op == "scale":
            return msg("a residual sum with scale {scale}", scale=a["scale"])
        return msg("the model's input")


class Builder:
    def __init__(self) -> None:
        self.order = 0
        self.convs: list[Node] = []
        self.bns: list[Node] = []

    def conv(self, x: Node, key: str, filters: int, kernel: int | tuple[int, int],
             stride: int = 1, padding: str = "same", bias: bool = False,
             keras_name: str | None = None) -> Node:
        kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
        self.order += 1
        node = Node("conv", [x], filters, key,
                    {"filters": filters, "kernel": (kh, kw), "stride": stride,
                     "padding": padding, "bias": bias, "in": x.channels},
                    self.order, keras_name)
        self.convs.append(node)
        return node

    def conv_bn(self, x: Node, key: str, filters: int, kernel: int | tuple[int, int],
                stride: int = 1, padding: str = "same", keras_name: str | None = None) -> Node:
        c = self.conv(x, f"{key}.conv", filters, kernel, stride, padding, False, keras_name)
        bn = Node("bn", [c], filters, f"{key}.bn", order=c.order,
                  keras_name=f"{keras_name}_bn" if keras_name else None)
        self.bns.append(bn)
        return Node("relu", [bn], filters)

    @staticmethod
    def avgpool(x: Node) -> Node:
        return Node("avgpool", [x], x.channels, args={"stride": 1, "padding": "same"})

    @staticmethod
    def maxpool(x: Node) -> Node:
        return Node("maxpool", [x], x.channels, args={"stride": 2, "padding": "valid"})

    @staticmethod
    def concat(*xs: Node) -> Node:
        return Node("concat", list(xs), sum(x.channels for x in xs))


def _v3_template() -> tuple[Node, Node, Builder]:
    b = Builder()
    inp = Node("input", [], 3)
    x = b.conv_bn(inp, "Conv2d_1a_3x3", 32, 3, 2, "valid")
    x = b.conv_bn(x, "Conv2d_2a_3x3", 32, 3, 1, "valid")
    x = b.conv_bn(x, "Conv2d_2b_3x3", 64, 3)
    x = b.maxpool(x)
    x = b.conv_bn(x, "Conv2d_3b_1x1", 80, 1, 1, "valid")
    x = b.conv_bn(x, "Conv2d_4a_3x3", 192, 3, 1, "valid")
    x = b.maxpool(x)
    for key, pool in (("Mixed_5b", 32), ("Mixed_5c", 64), ("Mixed_5d", 64)):
        b1 = b.conv_bn(x, f"{key}.branch1x1", 64, 1)
        b5 = b.conv_bn(x, f"{key}.branch5x5_1", 48, 1)
        b5 = b.conv_bn(b5, f"{key}.branch5x5_2", 64, 5)
        b3 = b.conv_bn(x, f"{key}.branch3x3dbl_1", 64, 1)
        b3 = b.conv_bn(b3, f"{key}.branch3x3dbl_2", 96, 3)
        b3 = b.conv_bn(b3, f"{key}.branch3x3dbl_3", 96, 3)
        bp = b.conv_bn(b.avgpool(x), f"{key}.branch_pool", pool, 1)
        x = b.concat(b1, b5, b3, bp)
    b3 = b.conv_bn(x, "Mixed_6a.branch3x3", 384, 3, 2, "valid")
    bd = b.conv_bn(x, "Mixed_6a.branch3x3dbl_1", 64, 1)
    bd = b.conv_bn(bd, "Mixed_6a.branch3x3dbl_2", 96, 3)
    bd = b.conv_bn(bd, "Mixed_6a.branch3x3dbl_3", 96, 3, 2, "valid")
    x = b.concat(b3, bd, b.maxpool(x))
    for key, c7 in (("Mixed_6b", 128), ("Mixed_6c", 160), ("Mixed_6d", 160), ("Mixed_6e", 192)):
        b1 = b.conv_bn(x, f"{key}.branch1x1", 192, 1)
        b7 = b.conv_bn(x, f"{key}.branch7x7_1", c7, 1)
        b7 = b.conv_bn(b7, f"{key}.branch7x7_2", c7, (1, 7))
        b7 = b.conv_bn(b7, f"{key}.branch7x7_3", 192, (7, 1))
        bd = b.conv_bn(x, f"{key}.branch7x7dbl_1", c7, 1)
        bd = b.conv_bn(bd, f"{key}.branch7x7dbl_2", c7, (7, 1))
        bd = b.conv_bn(bd, f"{key}.branch7x7dbl_3", c7, (1, 7))
        bd = b.conv_bn(bd, f"{key}.branch7x7dbl_4", c7, (7, 1))
        bd = b.conv_bn(bd, f"{key}.branch7x7dbl_5", 192, (1, 7))
        bp = b.conv_bn(b.avgpool(x), f"{key}.branch_pool", 192, 1)
        x = b.concat(b1, b7, bd, bp)
    b3 = b.conv_bn(x, "Mixed_7a.branch3x3_1", 192, 1)
    b3 = b.conv_bn(b3, "Mixed_7a.branch3x3_2", 320, 3, 2, "valid")
    b7 = b.conv_bn(x, "Mixed_7a.branch7x7x3_1", 192, 1)
    b7 = b.conv_bn(b7, "Mixed_7a.branch7x7x3_2", 192, (1, 7))
    b7 = b.conv_bn(b7, "Mixed_7a.branch7x7x3_3", 192, (7, 1))
    b7 = b.conv_bn(b7, "Mixed_7a.branch7x7x3_4", 192, 3, 2, "valid")
    x = b.concat(b3, b7, b.maxpool(x))
    for key in ("Mixed_7b", "Mixed_7c"):
        b1 = b.conv_bn(x, f"{key}.branch1x1", 320, 1)
        b3 = b.conv_bn(x, f"{key}.branch3x3_1", 384, 1)
        b3a = b.conv_bn(b3, f"{key}.branch3x3_2a", 384, (1, 3))
        b3b = b.conv_bn(b3, f"{key}.branch3x3_2b", 384, (3, 1))
        b3 = b.concat(b3a, b3b)
        bd = b.conv_bn(x, f"{key}.branch3x3dbl_1", 448, 1)
        bd = b.conv_bn(bd, f"{key}.branch3x3dbl_2", 384, 3)
        bda = b.conv_bn(bd, f"{key}.branch3x3dbl_3a", 384, (1, 3))
        bdb = b.conv_bn(bd, f"{key}.branch3x3dbl_3b", 384, (3, 1))
        bd = b.concat(bda, bdb)
        bp = b.conv_bn(b.avgpool(x), f"{key}.branch_pool", 192, 1)
        x = b.concat(b1, b3, bd, bp)
    return inp, x, b


def _irv2_template() -> tuple[Node, Node, Builder]:
    b = Builder()
    inp = Node("input", [], 3)
    x = b.conv_bn(inp, "conv2d_1a", 32, 3, 2, "valid")
    x = b.conv_bn(x, "conv2d_2a", 32, 3, 1, "valid")
    x = b.conv_bn(x, "conv2d_2b", 64, 3)
    x = b.maxpool(x)
    x = b.conv_bn(x, "conv2d_3b", 80, 1, 1, "valid")
    x = b.conv_bn(x, "conv2d_4a", 192, 3, 1, "valid")
    x = b.maxpool(x)
    b0 = b.conv_bn(x, "mixed_5b.branch0", 96, 1)
    b1 = b.conv_bn(x, "mixed_5b.branch1.0", 48, 1)
    b1 = b.conv_bn(b1, "mixed_5b.branch1.1", 64, 5)
    b2 = b.conv_bn(x, "mixed_5b.branch2.0", 64, 1)
    b2 = b.conv_bn(b2, "mixed_5b.branch2.1", 96, 3)
    b2 = b.conv_bn(b2, "mixed_5b.branch2.2", 96, 3)
    bp = b.conv_bn(b.avgpool(x), "mixed_5b.branch3.1", 64, 1)
    x = b.concat(b0, b1, b2, bp)

    def residual(x: Node, key: str, name: str, branches: list[Node], scale: float,
                 relu: bool) -> Node:
        mixed = b.concat(*branches)
        up = b.conv(mixed, f"{key}.conv2d", x.channels, 1, bias=True, keras_name=f"{name}_conv")
        out = Node("scale", [x, up], x.channels, f"{key}.scale", {"scale": scale})
        return Node("relu", [out], x.channels) if relu else out

    for i in range(10):
        k = f"repeat.{i}"
        b0 = b.conv_bn(x, f"{k}.branch0", 32, 1)
        b1 = b.conv_bn(x, f"{k}.branch1.0", 32, 1)
        b1 = b.conv_bn(b1, f"{k}.branch1.1", 32, 3)
        b2 = b.conv_bn(x, f"{k}.branch2.0", 32, 1)
        b2 = b.conv_bn(b2, f"{k}.branch2.1", 48, 3)
        b2 = b.conv_bn(b2, f"{k}.branch2.2", 64, 3)
        x = residual(x, k, f"block35_{i + 1}", [b0, b1, b2], 0.17, True)
    b0 = b.conv_bn(x, "mixed_6a.branch0", 384, 3, 2, "valid")
    b1 = b.conv_bn(x, "mixed_6a.branch1.0", 256, 1)
    b1 = b.conv_bn(b1, "mixed_6a.branch1.1", 256, 3)
    b1 = b.conv_bn(b1, "mixed_6a.branch1.2", 384, 3, 2, "valid")
    x = b.concat(b0, b1, b.maxpool(x))
    for i in range(20):
        k = f"repeat_1.{i}"
        b0 = b.conv_bn(x, f"{k}.branch0", 192, 1)
        b1 = b.conv_bn(x, f"{k}.branch1.0", 128, 1)
        b1 = b.conv_bn(b1, f"{k}.branch1.1", 160, (1, 7))
        b1 = b.conv_bn(b1, f"{k}.branch1.2", 192, (7, 1))
        x = residual(x, k, f"block17_{i + 1}", [b0, b1], 0.1, True)
    b0 = b.conv_bn(x, "mixed_7a.branch0.0", 256, 1)
    b0 = b.conv_bn(b0, "mixed_7a.branch0.1", 384, 3, 2, "valid")
    b1 = b.conv_bn(x, "mixed_7a.branch1.0", 256, 1)
    b1 = b.conv_bn(b1, "mixed_7a.branch1.1", 288, 3, 2, "valid")
    b2 = b.conv_bn(x, "mixed_7a.branch2.0", 256, 1)
    b2 = b.conv_bn(b2, "mixed_7a.branch2.1", 288, 3)
    b2 = b.conv_bn(b2, "mixed_7a.branch2.2", 320, 3, 2, "valid")
    x = b.concat(b0, b1, b2, b.maxpool(x))
    for i in range(10):
        k = f"repeat_2.{i}" if i < 9 else "block8"
        b0 = b.conv_bn(x, f"{k}.branch0", 192, 1)
        b1 = b.conv_bn(x, f"{k}.branch1.0", 192, 1)
        b1 = b.conv_bn(b1, f"{k}.branch1.1", 224, (1, 3))
        b1 = b.conv_bn(b1, f"{k}.branch1.2", 256, (3, 1))
        x = residual(x, k, f"block8_{i + 1}", [b0, b1], 0.2 if i < 9 else 1.0, i < 9)
    x = b.conv_bn(x, "conv2d_7b", 1536, 1, keras_name="conv_7b")
    return inp, x, b


# The networks Keras Applications has, with their layouts (the template of each).
TEMPLATES: dict[str, Callable[[], tuple[Node, Node, Builder]]] = {
    "inception_v3": _v3_template, "inception_resnet_v2": _irv2_template}
KERAS_NETWORKS = tuple(TEMPLATES)
