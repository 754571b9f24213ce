"""ONNX exports: one per (network, weights sha256, opset), cached in the data folder.

Each export has three outputs that every run can pick from, `logits`, `features` (the pooled
features) and `block:<path>` for every viewable block, so one run gives logits and
activations; all blocks lie on the path to the logits, so asking only for the logits costs
nothing extra. Beside `<key>.onnx` lie `<key>.json` (network, classes, weights identity,
outputs) and `<key>.head.npz` (the classifier, for class activation maps without torch).
Reading an export needs no torch; writing one does.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.models import get_spec
from inception_desktop.paths import bundled_dirs, data_dir
from inception_desktop.weights.fileio import atomic_path
from inception_desktop.weights.resolve import WeightsChoice

OPSET = 17
INPUT_NAME = "input"


def block_output_name(path: str) -> str:
    return f"block:{path}"


@dataclass(frozen=True)
class ExportInfo:
    onnx_path: Path
    network: str
    num_classes: int
    class_names: list[str] | None
    weights_name: str
    weights_sha256: str | None
    untrained: bool
    opset: int
    blocks: tuple[str, ...]

    @property
    def head_path(self) -> Path:
        return self.onnx_path.with_suffix(".head.npz")

    def weights_choice(self) -> WeightsChoice:
        return WeightsChoice(self.network, self.weights_name, None, self.weights_sha256,
                             self.untrained)


def exports_dir() -> Path:
    return data_dir() / "onnx"


def bundled_exports_dirs() -> list[Path]:
    # Not "onnx/": in the full bundle that is the onnx Python package.
    return bundled_dirs("onnx-exports", "INCEPTION_DESKTOP_BUNDLED_ONNX")


def export_key(network: str, sha256: str | None, opset: int = OPSET) -> str:
    return f"{network}-{sha256[:16] if sha256 else 'untrained'}-opset{opset}"


def _read_info(meta_path: Path) -> ExportInfo | None:
    try:
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        onnx_path = meta_path.with_suffix(".onnx")
        if not onnx_path.is_file() or not onnx_path.with_suffix(".head.npz").is_file():
            return None
        return ExportInfo(onnx_path, meta["network"], int(meta["num_classes"]),
                          meta.get("class_names"), meta["weights"]["name"],
                          meta["weights"]["sha256"], bool(meta["weights"]["untrained"]),
                          int(meta["opset"]), tuple(meta["blocks"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_export(network: str | None, sha256: str | None, untrained: bool = False,
                opset: int = OPSET) -> ExportInfo | None:
    """A finished export of these weights (bundled first, then the cache), or None."""
    for folder in [*bundled_exports_dirs(), exports_dir()]:
        if not folder.is_dir():
            continue
        for meta_path in sorted(folder.glob("*.json")):
            info = _read_info(meta_path)
            if info is None or info.opset != opset:
                continue
            if network is not None and info.network != network:
                continue
            if untrained:
                if info.untrained:
                    return info
            elif sha256 is not None and info.weights_sha256 == sha256:
                return info
    return None


def list_exports(bundled_only: bool = False) -> list[ExportInfo]:
    """Finished exports, bundled ones first (only those with `bundled_only`)."""
    out = []
    folders = bundled_exports_dirs() if bundled_only else [*bundled_exports_dirs(), exports_dir()]
    for folder in folders:
        for meta_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            info = _read_info(meta_path)
            if info is not None:
                out.append(info)
    return out


def _with_all_outputs(model):
    """The model with logits, features and every block as outputs (needs torch)."""
    import torch

    class AllOutputs(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            logits, pooled, blocks = self.inner.forward_outputs(x)
            return (logits, pooled, *blocks.values())

    # eval() on the wrapper too: the exporter restores the wrapper's own mode afterwards.
    return AllOutputs(model).eval()


def export_onnx(model, out_path: str | os.PathLike, choice: WeightsChoice,
                class_names: list[str] | None = None, opset: int = OPSET) -> ExportInfo:
    """Export `model` (eval mode, dynamic batch) with every output; atomic, with sidecars."""
    import warnings

    import torch

    model = model.eval().cpu()
    spec = model.spec
    out_path = Path(out_path)
    blocks = tuple(b.path for b in spec.blocks)
    output_names = ["logits", "features", *(block_output_name(p) for p in blocks)]
    dummy = torch.zeros(1, 3, spec.input_size, spec.input_size)
    dynamic = {INPUT_NAME: {0: "batch"}, **{name: {0: "batch"} for name in output_names}}
    wrapper = _with_all_outputs(model)
    with atomic_path(out_path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(wrapper, (dummy,), str(tmp), dynamo=False, opset_version=opset,
                          input_names=[INPUT_NAME], output_names=output_names,
                          dynamic_axes=dynamic, do_constant_folding=True)
    head = model.classifier
    with atomic_path(out_path.with_suffix(".head.npz")) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, weight=head.weight.detach().numpy().astype(np.float32),
                     bias=head.bias.detach().numpy().astype(np.float32))
    meta = {
        "network": spec.name,
        "num_classes": model.num_classes,
        "class_names": class_names,
        "weights": {"name": choice.name, "sha256": choice.sha256, "untrained": choice.untrained},
        "opset": opset,
        "input": INPUT_NAME,
        "outputs": output_names,
        "blocks": list(blocks),
        "torch_version": torch.__version__,
    }
    # The metadata is written last: an export without it is unfinished and never used.
    with atomic_path(out_path.with_suffix(".json")) as tmp:
        tmp.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return _read_info(out_path.with_suffix(".json"))


def ensure_export(choice: WeightsChoice, opset: int = OPSET) -> ExportInfo:
    """The cached export of these weights, exporting it first (with torch) when missing."""
    found = find_export(choice.network, choice.sha256, choice.untrained, opset)
    if found is not None:
        return found
    from inception_desktop.engine.backend import BackendError, torch_available

    if not torch_available():
        raise BackendError(
            f"no ONNX export of {get_spec(choice.network).display_name} with weights "
            f"{choice.describe()} in this build, and torch is needed to make one")
    from filelock import FileLock

    from inception_desktop.engine.torch_backend import build_torch_model

    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = export_key(choice.network, choice.sha256, opset)
    with FileLock(str(folder / f"{key}.lock")):
        found = find_export(choice.network, choice.sha256, choice.untrained, opset)
        if found is not None:
            return found
        model, class_names = build_torch_model(choice)
        return export_onnx(model, folder / f"{key}.onnx", choice, class_names, opset)


def bundled_untrained_networks() -> set[str]:
    """Networks a test bundle ships only untrained (its window and self-test say so)."""
    bundled = list_exports(bundled_only=True)
    real = {e.network for e in bundled if not e.untrained}
    return {e.network for e in bundled if e.untrained} - real
