"""Per-block output shapes, parameters and FLOPs (2 x multiply-accumulates), like torchsummary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from inception_desktop.models.base import InceptionNet


@dataclass(frozen=True)
class SummaryRow:
    name: str
    path: str
    output_shape: tuple[int, ...]  # C x H x W, or (classes,) for the classifier
    params: int
    flops: int


@dataclass(frozen=True)
class ModelSummary:
    network: str
    input_size: int
    rows: tuple[SummaryRow, ...]
    total_params: int
    total_flops: int


def _macs(module: nn.Module, output: torch.Tensor) -> int:
    """Multiply-accumulates of one conv or linear layer for one image."""
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        per_output = (module.in_channels // module.groups) * kh * kw
        return output[0].numel() * per_output
    if isinstance(module, nn.Linear):
        return module.in_features * module.out_features
    return 0


def summarize(model: InceptionNet, input_size: int | None = None) -> ModelSummary:
    """Run one image of `input_size` (the spec's by default) and account every block."""
    spec = model.spec
    size = input_size or spec.input_size
    macs_by_layer: dict[str, int] = {}
    hooks = []
    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            def hook(mod: nn.Module, _inp: Any, out: torch.Tensor, name: str = name) -> None:
                macs_by_layer[name] = macs_by_layer.get(name, 0) + _macs(mod, out)
            hooks.append(module.register_forward_hook(hook))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits, blocks = model.forward_blocks(torch.zeros(1, 3, size, size))
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)

    def flops_under(prefix: str) -> int:
        return 2 * sum(m for layer, m in macs_by_layer.items()
                       if layer == prefix or layer.startswith(prefix + "."))

    def params_under(prefix: str) -> int:
        return sum(p.numel() for p in model.get_submodule(prefix).parameters())

    rows = [SummaryRow(b.display_name, b.path, tuple(blocks[b.path].shape[1:]),
                       params_under(b.path), flops_under(b.path)) for b in spec.blocks]
    head = spec.classifier_path
    rows.append(SummaryRow("Classifier", head, tuple(logits.shape[1:]), params_under(head),
                           flops_under(head)))
    for aux, _ in model.aux_modules():
        rows.append(SummaryRow("Auxiliary head (training only)", aux.path,
                               (), params_under(aux.path), 0))
    return ModelSummary(spec.name, size, tuple(rows),
                        sum(p.numel() for p in model.parameters()),
                        2 * sum(macs_by_layer.values()))


def format_summary(summary: ModelSummary, display_name: str) -> str:
    """A fixed-width table for the terminal."""
    header = f"{'Block':<34}{'Module':<14}{'Output shape':>18}{'Params':>14}{'FLOPs':>12}"
    lines = [f"{display_name} at {summary.input_size} x {summary.input_size}", header,
             "-" * len(header)]
    for row in summary.rows:
        shape = " x ".join(str(s) for s in row.output_shape) if row.output_shape else "-"
        lines.append(f"{row.name:<34}{row.path:<14}{shape:>18}{row.params:>14,}"
                     f"{_giga(row.flops):>12}")
    lines.append("-" * len(header))
    lines.append(f"{'Total':<48}{'':>18}{summary.total_params:>14,}"
                 f"{_giga(summary.total_flops):>12}")
    lines.append(f"Parameters: {summary.total_params / 1e6:.2f} M; "
                 f"FLOPs (2 x multiply-accumulates): {summary.total_flops / 1e9:.1f} G")
    return "\n".join(lines)


def _giga(flops: int) -> str:
    if flops == 0:
        return "-"
    return f"{flops / 1e9:.3f} G" if flops >= 1e7 else f"{flops / 1e6:.2f} M"
