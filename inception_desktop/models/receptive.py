"""Theoretical receptive fields of every viewable block, computed from the network's layers.

Each trunk module is traced with torch.fx and walked node by node. Per axis, a feature map
position `i` sees the input pixels `[lo + i * jump, hi + i * jump]`: a convolution or pooling
with kernel k, stride s, padding p and dilation d turns (jump, lo, hi) into
(jump * s, lo - p * jump, hi + ((k - 1) * d - p) * jump); concatenated branches and residual
additions see the union of what their inputs see; element-wise layers (BatchNorm, ReLU,
scaling) see what their input sees. The result ships as `resources/receptive_fields.json`
(written by `scripts/receptive_fields.py`, checked by the tests), so the torch-free build has
it too.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

from inception_desktop.resource_files import resource_text


@dataclass(frozen=True)
class Field:
    """Per axis (y, then x): the jump between neighbouring positions and the first
    position's span [lo, hi] in input pixels (inclusive; may reach past the input)."""

    jump: tuple[int, int]
    lo: tuple[int, int]
    hi: tuple[int, int]

    @property
    def size(self) -> tuple[int, int]:
        return (self.hi[0] - self.lo[0] + 1, self.hi[1] - self.lo[1] + 1)

    def box(self, y: int, x: int, input_size: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) in input pixels, right/bottom exclusive, clipped to
        the input."""
        top = max(0, self.lo[0] + y * self.jump[0])
        bottom = min(input_size, self.hi[0] + y * self.jump[0] + 1)
        left = max(0, self.lo[1] + x * self.jump[1])
        right = min(input_size, self.hi[1] + x * self.jump[1] + 1)
        return left, top, right, bottom

    def to_json(self) -> dict[str, list[int]]:
        return {"jump": list(self.jump), "lo": list(self.lo), "hi": list(self.hi)}


INPUT = Field((1, 1), (0, 0), (0, 0))


def _pair(v: Any) -> tuple[int, int]:
    return (int(v), int(v)) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _axes(y: int, x: int) -> tuple[int, int]:
    return (y, x)


def _window(f: Field, kernel: Any, stride: Any, padding: Any, dilation: Any = 1) -> Field:
    k, s, p, d = _pair(kernel), _pair(stride), _pair(padding), _pair(dilation)
    return Field(_axes(*(f.jump[a] * s[a] for a in (0, 1))),
                 _axes(*(f.lo[a] - p[a] * f.jump[a] for a in (0, 1))),
                 _axes(*(f.hi[a] + ((k[a] - 1) * d[a] - p[a]) * f.jump[a] for a in (0, 1))))


def _union(fields: list[Field]) -> Field:
    jumps = {f.jump for f in fields}
    if len(jumps) != 1:
        raise ValueError(f"branches on different grids: {jumps}")
    return Field(fields[0].jump, (min(f.lo[0] for f in fields), min(f.lo[1] for f in fields)),
                 (max(f.hi[0] for f in fields), max(f.hi[1] for f in fields)))


def _module_field(module: Any, f: Field) -> Field:
    from torch import nn

    if isinstance(module, nn.Conv2d):
        return _window(f, module.kernel_size, module.stride, module.padding, module.dilation)
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        stride = module.stride if module.stride is not None else module.kernel_size
        dilation = getattr(module, "dilation", 1)
        return _window(f, module.kernel_size, stride, module.padding, dilation)
    if isinstance(module, (nn.BatchNorm2d, nn.ReLU, nn.Dropout, nn.Identity)):
        return f
    raise ValueError(f"no receptive-field rule for {type(module).__name__}")


def trace_field(module: Any, start: Field) -> Field:
    """The field of `module`'s output, given the field of its input."""
    import torch
    import torch.nn.functional as F
    from torch import fx

    graph = fx.symbolic_trace(module).graph
    fields: dict[str, Any] = {}
    modules = dict(module.named_modules())
    for node in graph.nodes:
        args: list[Any] = [fields.get(a.name) if isinstance(a, fx.Node) else a
                           for a in node.args]
        if node.op == "placeholder":
            fields[node.name] = start
        elif node.op == "call_module":
            fields[node.name] = _module_field(modules[node.target], args[0])
        elif node.op == "call_function":
            target = node.target
            kw = dict(node.kwargs)
            if target in (F.avg_pool2d, F.max_pool2d):
                params = [*args[1:], *[None] * 4][:4]
                kernel = kw.get("kernel_size", params[0])
                stride = kw.get("stride", params[1]) or kernel
                padding = kw.get("padding", params[2] if params[2] is not None else 0)
                fields[node.name] = _window(args[0], kernel, stride, padding)
            elif target is torch.cat:
                tensors = args[0] if isinstance(args[0], (list, tuple)) else [args[0]]
                fields[node.name] = _union([fields[t.name] for t in node.args[0]]) \
                    if tensors else None
            elif target in (operator.add, torch.add):
                parts = [a for a in args if isinstance(a, Field)]
                fields[node.name] = _union(parts)
            elif target in (operator.mul, torch.mul, F.relu, torch.relu, operator.getitem):
                fields[node.name] = next(a for a in args if isinstance(a, Field))
            else:
                raise ValueError(f"no receptive-field rule for {target}")
        elif node.op == "call_method":
            if node.target in ("relu", "contiguous", "mul", "add"):
                parts = [a for a in args if isinstance(a, Field)]
                fields[node.name] = _union(parts)
            else:
                raise ValueError(f"no receptive-field rule for the method {node.target}")
        elif node.op == "output":
            out = node.args[0]
            return fields[out.name] if isinstance(out, fx.Node) else fields[out[0].name]
    raise ValueError("the traced module has no output")


def compute_fields(model: Any) -> dict[str, Field]:
    """Every trunk module's output field, by module path (needs torch)."""
    field_now = INPUT
    out: dict[str, Field] = {}
    for path, module in model.trunk():
        field_now = trace_field(module, field_now)
        out[path] = field_now
    return out


def receptive_fields(network: str) -> dict[str, Field]:
    """The shipped fields of a network's viewable blocks (no torch needed)."""
    import json

    data = json.loads(resource_text("receptive_fields.json"))[network]
    return {path: Field(_axes(*v["jump"]), _axes(*v["lo"]), _axes(*v["hi"]))
            for path, v in data.items()}
