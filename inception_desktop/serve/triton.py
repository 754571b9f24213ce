"""A Triton Inference Server model repository, for when one machine is not enough:

    DIR/<name>/config.pbtxt     ONNX Runtime backend, max_batch_size, dynamic_batching, the
                                input and outputs by the names and shapes the local server uses
    DIR/<name>/<N>/model.onnx   the model's ONNX export (outputs logits and probabilities)
    DIR/<name>/labels.txt       the class names, for Triton's classification extension

so a client written against `inception-desktop serve` runs against Triton (or KServe with the
Triton runtime) unchanged, with the same limits: max_batch_size is the most images one
request may send (`serve --max-queue`), batches are formed up to `--max-batch`
(preferred_batch_size), and the queue holds at most `--max-queue` requests (Triton counts
requests, not images). Exporting into an existing repository writes the next version N
(Triton serves the latest), so an older version is never what Triton serves.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inception_desktop.errors import UsageError
from inception_desktop.fileio import atomic_path, atomic_write_text, writable_folder
from inception_desktop.weights.exports import INPUT_NAME

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass
class TritonModel:
    root: Path
    name: str
    config_path: Path
    model_path: Path
    labels_path: Path
    version: int = 1


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
                max_delay_us: int = 5000, max_queue: int = 64) -> str:
    return f'''name: "{name}"
backend: "onnxruntime"
max_batch_size: {max(max_batch, max_queue)}
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
  preferred_batch_size: [ {max_batch} ]
  max_queue_delay_microseconds: {max_delay_us}
  default_queue_policy {{
    max_queue_size: {max_queue}
  }}
}}
version_policy: {{ latest: {{ num_versions: 1 }} }}
instance_group [
  {{
    kind: KIND_AUTO
  }}
]
'''


def next_version(model_dir: Path) -> int:
    """One more than the highest version already in the repository (1 when none)."""
    try:
        versions = [int(p.name) for p in model_dir.iterdir() if p.is_dir() and p.name.isdigit()]
    except OSError:
        versions = []
    return max(versions, default=0) + 1


def write_repository(folder: str | os.PathLike[str], onnx_file: Path, name: str,
                     input_size: int, labels: list[str], max_batch: int = 8,
                     max_queue: int = 64) -> TritonModel:
    """Copy `onnx_file` (an export) into a Triton repository as model `name`, the next
    version (the latest, which Triton serves)."""
    if not NAME_RE.match(name):
        raise UsageError(f"{name!r} cannot name a Triton model: use letters, digits, '.', '_' "
                         "or '-'")
    root = check_repository_folder(folder)
    model_dir = root / name
    version = next_version(model_dir)
    version_dir = model_dir / str(version)
    version_dir.mkdir(parents=True, exist_ok=True)
    model_path = version_dir / "model.onnx"
    with atomic_path(model_path) as tmp:
        shutil.copyfile(onnx_file, tmp)
    labels_path = atomic_write_text(model_dir / "labels.txt", "\n".join(labels) + "\n")
    config_path = atomic_write_text(model_dir / "config.pbtxt",
                                    config_text(name, input_size, len(labels), max_batch,
                                                max_queue=max_queue))
    return TritonModel(root, name, config_path, model_path, labels_path, version)


def export_for_triton(choice: Any, folder: str | os.PathLike[str], max_batch: int = 8,
                      name: str | None = None, max_queue: int = 64) -> TritonModel:
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
                                    max_batch, max_queue)
    export = ensure_export(choice)
    from inception_desktop.weights.resolve import weights_spec

    default = choice.name if export.class_names else choice.network
    return write_repository(folder, export.onnx_path, name or default,
                            weights_spec(choice).input_size,
                            labels_for(export.num_classes, export.class_names), max_batch,
                            max_queue)
