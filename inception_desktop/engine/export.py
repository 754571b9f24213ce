"""Writing ONNX exports (needs torch); the catalog that finds them is `weights.exports`.

Each export has three kinds of outputs that every run can pick from, `logits`, `features` (the
pooled features) and `block:<path>` for every viewable block, so one run gives logits and
activations; all blocks lie on the path to the logits, so asking only for the logits costs
nothing extra.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.errors import BackendError, OutputError, cause, msg
from inception_desktop.fileio import (
    atomic_path,
    atomic_write_json,
    clean_stale_partials,
    output_lock,
)
from inception_desktop.models import get_spec
from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.weights.exports import (
    EXPORT_FORMAT,
    INPUT_NAME,
    OPSET,
    OUTPUTS,
    ExportInfo,
    block_output_name,
    export_files_record,
    export_key,
    exports_dir,
    find_export,
    read_export_info,
    remove_export,
    verify_export,
)
from inception_desktop.weights.resolve import WeightsChoice

_TEMPORARY_EXPORTS: list[Path] = []  # used when the data folder cannot be written


def _with_all_outputs(model: Any) -> Any:
    """The model with logits, features and every block as outputs (needs torch)."""
    import torch

    class AllOutputs(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: Any) -> Any:
            logits, pooled, blocks = self.inner.forward_outputs(x)
            return (logits, torch.softmax(logits, 1), pooled, *blocks.values())

    # eval() on the wrapper too: the exporter restores the wrapper's own mode afterwards.
    return AllOutputs(model).eval()


def export_metadata(model: Any, choice: WeightsChoice, class_names: list[str] | None,
                    opset: int, output_names: list[str]) -> dict[str, Any]:
    import torch

    spec = model.spec
    return {
        "format": EXPORT_FORMAT,
        "network": spec.name,
        "num_classes": model.num_classes,
        "class_names": class_names,
        "weights": choice.identity(),
        "opset": opset,
        "precision": "fp32",
        "input": INPUT_NAME,
        "outputs": output_names,
        "blocks": [b.path for b in spec.blocks],
        "torch_version": torch.__version__,
        # what the weights need (imported Keras models: input size, scaling, head), and
        # whether the classifier is a linear map of the pooled last block (CAM)
        "network_options": model.network_options.to_json()
        if model.network_options is not None else None,
        "cam_exact": bool(model.cam_exact),
    }


# torch's exporter is not re-entrant (two at once fail on GLOBALS.in_onnx_export): one at a
# time in this process; `output_lock` serialises writers of one file across processes.
_EXPORTING = threading.Lock()


def export_onnx(model: Any, out_path: str | os.PathLike[str], choice: WeightsChoice,
                class_names: list[str] | None = None, opset: int = OPSET) -> ExportInfo:
    """Export `model` (eval mode, dynamic batch) with every output; atomic, with sidecars.

    The metadata is written last (with the sha256 and signature of the files it describes):
    an export without it is unfinished and never used.
    """
    out_path = Path(out_path)
    with _EXPORTING, output_lock(out_path):
        return _export_onnx(model, out_path, choice, class_names, opset)


def _export_onnx(model: Any, out_path: Path, choice: WeightsChoice,
                 class_names: list[str] | None, opset: int) -> ExportInfo:
    import warnings

    import torch

    model = model.eval().cpu()
    spec = model.spec
    blocks = tuple(b.path for b in spec.blocks)
    output_names = [*OUTPUTS, *(block_output_name(p) for p in blocks)]
    dummy = torch.zeros(1, 3, spec.input_size, spec.input_size)
    dynamic = {INPUT_NAME: {0: "batch"}, **{name: {0: "batch"} for name in output_names}}
    wrapper = _with_all_outputs(model)
    with atomic_path(out_path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(wrapper, (dummy,), str(tmp), dynamo=False, opset_version=opset,
                          input_names=[INPUT_NAME], output_names=output_names,
                          dynamic_axes=dynamic, do_constant_folding=True)
    head = model.classifier
    with atomic_path(out_path.with_suffix(".head.npz")) as tmp, open(tmp, "wb") as f:
        np.savez(f, weight=head.weight.detach().numpy().astype(np.float32),
                 bias=head.bias.detach().numpy().astype(np.float32))
    meta = export_metadata(model, choice, class_names, opset, output_names)
    meta["files"] = export_files_record(out_path)
    atomic_write_json(out_path.with_suffix(".json"), meta)
    info = read_export_info(out_path.with_suffix(".json"))
    if info is None:
        raise OutputError(msg("the export {path} could not be read back", path=out_path))
    return info


def _export_folder(state: TaskState) -> Path:
    """The cache's export folder, or, when the data folder cannot be written, a temporary
    one for this process (said once, and everything still works)."""
    from inception_desktop.paths import writable_data_subdir

    try:
        folder = writable_data_subdir("exports")
    except OutputError as exc:
        if not _TEMPORARY_EXPORTS:
            _TEMPORARY_EXPORTS.append(Path(tempfile.mkdtemp(prefix="inception-desktop-onnx-")))
            # an export is 100-220 MB: gone when the process ends, not left to fill /tmp
            atexit.register(shutil.rmtree, _TEMPORARY_EXPORTS[0], ignore_errors=True)
        state.status(msg("warning: {reason}; exporting into a temporary folder for this run",
                         reason=cause(exc)))
        return _TEMPORARY_EXPORTS[0]
    clean_stale_partials(folder)
    return folder


def _trusted(found: ExportInfo | None, state: TaskState) -> ExportInfo | None:
    """`found` if its files are the ones recorded when it was made; else None (a cached one
    is removed, to be made again), said in one line."""
    if found is None:
        return None
    problem = verify_export(found)
    if problem is None:
        return found
    if found.bundled:
        state.status(msg("warning: {problem}; it is not used", problem=problem))
    else:
        state.status(msg("warning: {problem}; exporting it again", problem=problem))
        remove_export(found)
    return None


def ensure_export(choice: WeightsChoice, opset: int = OPSET,
                  state: TaskState | None = None) -> ExportInfo:
    """The cached export of these weights, exporting it first (with torch) when missing or
    when its files changed since it was made."""
    state = ensure_state(state)
    found = _trusted(find_export(choice.network, choice.sha256, choice.untrained, opset),
                     state)
    if found is None and _TEMPORARY_EXPORTS:
        found = _trusted(_find_in(_TEMPORARY_EXPORTS[0], choice, opset), state)
    if found is not None:
        return found
    from inception_desktop.engine.backend import torch_available

    if not torch_available():
        raise BackendError(
            msg("no ONNX export of {network} with weights {weights} in this build, and torch is "
                "needed to make one",
                network=get_spec(choice.network).display_name, weights=choice.describe()))
    from filelock import FileLock

    from inception_desktop.engine.torch_backend import build_torch_model

    folder = _export_folder(state)
    key = export_key(choice.network, choice.sha256, opset)
    with FileLock(str(folder / f"{key}.lock")):
        found = _trusted(_find_in(folder, choice, opset), state)  # made meanwhile?
        if found is not None:
            return found
        state.status(msg("preparing {network} for onnxruntime (an ONNX export, once per set of "
                         "weights)...", network=get_spec(choice.network).display_name))
        model, class_names = build_torch_model(choice)
        try:
            return export_onnx(model, folder / f"{key}.onnx", choice, class_names, opset)
        except OSError as exc:
            from inception_desktop.fileio import disk_error_text

            raise OutputError(disk_error_text(exc, folder)) from None


def _find_in(folder: Path, choice: WeightsChoice, opset: int) -> ExportInfo | None:
    info = read_export_info(folder / f"{export_key(choice.network, choice.sha256, opset)}.json")
    if info is None or info.network != choice.network:
        return None
    return info


__all__ = ["ExportInfo", "ensure_export", "export_onnx", "exports_dir"]
