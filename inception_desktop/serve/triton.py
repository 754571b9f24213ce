"""A Triton Inference Server model repository, for when one machine is not enough:

    DIR/<name>/config.pbtxt     ONNX Runtime backend, max_batch_size, dynamic_batching, the
                                input and outputs by the names and shapes the local server uses
    DIR/<name>/1/model.onnx     the model's ONNX export (outputs logits and probabilities)
    DIR/<name>/labels.txt       the class names, for Triton's classification extension

so a client written against `inception-desktop serve` runs against Triton (or KServe with the
Triton runtime) unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inception_desktop.errors import UsageError
from inception_desktop.fileio import atomic_write_text, writable_folder
from inception_desktop.weights.exports import INPUT_NAME

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass
class TritonModel:
    root: Path
    name: str
    config_path: Path
    model_path: Path
    labels_path: Path


def check_repository_folder(folder: str | os.PathLike[str]) -> Path:
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise UsageError(f"--triton-repo {path} is a file; give a folder")
    parent = path.resolve().parent
    if not path.exists() and not parent.is_dir():
        raise UsageError(f"--triton-repo {path}: the folder {parent} does not exist")
    # made now, before any export: a folder that cannot be made or written is said at once
    return writable_folder(path, "--triton-repo folder", "give a folder you can write")


def config_text(name: str, input_size: int, classes: int, max_batch: int,
                max_delay_us: int = 5000) -> str:
    return f'''name: "{name}"
backend: "onnxruntime"
max_batch_size: {max_batch}
input [
  {{
    name: "{INPUT_NAME}"
    data_type: TYPE_FP32
    dims: [ 3, {input_size}, {input_size} ]
  }}
]
output [
  {{
    name: "logits"
    data_type: TYPE_FP32
    dims: [ {classes} ]
  }},
  {{
    name: "probabilities"
    data_type: TYPE_FP32
    dims: [ {classes} ]
    label_filename: "labels.txt"
  }}
]
dynamic_batching {{
  max_queue_delay_microseconds: {max_delay_us}
}}
instance_group [
  {{
    kind: KIND_AUTO
  }}
]
'''


def write_repository(folder: str | os.PathLike[str], onnx_file: Path, name: str,
                     input_size: int, labels: list[str], max_batch: int = 8) -> TritonModel:
    """Copy `onnx_file` (an export) into a Triton repository as model `name`, version 1."""
    if not NAME_RE.match(name):
        raise UsageError(f"{name!r} cannot name a Triton model: use letters, digits, '.', '_' "
                         "or '-'")
    root = check_repository_folder(folder)
    model_dir = root / name
    version_dir = model_dir / "1"
    version_dir.mkdir(parents=True, exist_ok=True)
    model_path = version_dir / "model.onnx"
    tmp = version_dir / ".model.onnx.partial"
    shutil.copyfile(onnx_file, tmp)
    os.replace(tmp, model_path)
    labels_path = atomic_write_text(model_dir / "labels.txt", "\n".join(labels) + "\n")
    config_path = atomic_write_text(model_dir / "config.pbtxt",
                                    config_text(name, input_size, len(labels), max_batch))
    return TritonModel(root, name, config_path, model_path, labels_path)


def export_for_triton(choice: Any, folder: str | os.PathLike[str], max_batch: int = 8,
                      name: str | None = None) -> TritonModel:
    """The export of these weights (made once, with torch, as `export-onnx` makes it; a
    fine-tuned head is built into its network) in a Triton repository."""
    import tempfile

    from inception_desktop.engine.export import ensure_export, export_onnx
    from inception_desktop.engine.torch_backend import build_torch_model
    from inception_desktop.labels import labels_for
    from inception_desktop.weights.headfile import is_head_checkpoint

    if choice.path is not None and is_head_checkpoint(choice.path):
        model, class_names = build_torch_model(choice)
        with tempfile.TemporaryDirectory() as tmp:
            export = export_onnx(model, Path(tmp) / "model.onnx", choice, class_names)
            return write_repository(folder, export.onnx_path, name or choice.name,
                                    model.spec.input_size,
                                    labels_for(export.num_classes, export.class_names),
                                    max_batch)
    export = ensure_export(choice)
    from inception_desktop.weights.resolve import weights_spec

    default = choice.name if export.class_names else choice.network
    return write_repository(folder, export.onnx_path, name or default,
                            weights_spec(choice).input_size,
                            labels_for(export.num_classes, export.class_names), max_batch)
