"""Every file a command will write, checked before the work (issue 23, item 9).

A command lists its outputs (the ones named by an option and the sidecars it writes beside
them) and its inputs. Before any work:
- no output is an input of the same command (`evaluate --predictions` on the labels file,
  `finetune --out` whose report would be the data's own notes): refused, even with --force;
- no output replaces a file the app did not write: each kind of output recognises the app's
  own files (an export's metadata, a report, a predictions table, a checkpoint); anything
  else existing there is refused unless --force;
- outputs are not the same file as each other.
Each refusal is a usage mistake (exit 2) in one line naming the option and the file.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inception_desktop.errors import UsageError

Recogniser = Callable[[Path], bool]


@dataclass(frozen=True)
class Output:
    option: str  # "--out", "--out's .json sidecar"
    path: Path
    ours: Recogniser  # whether an existing file there is one the app wrote


def _json_object(path: Path, limit: int = 64 << 20) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > limit:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def json_with(*keys: str) -> Recogniser:
    """A JSON object that has all of `keys` (the app's reports each have theirs)."""
    def ours(path: Path) -> bool:
        data = _json_object(path)
        return data is not None and all(k in data for k in keys)
    return ours


def export_metadata(path: Path) -> bool:
    data = _json_object(path)
    return data is not None and {"format", "network", "outputs", "weights"} <= set(data)


def export_model(path: Path) -> bool:
    """An .onnx file is the app's when its metadata beside it is."""
    return export_metadata(path.with_suffix(".json"))


def head_arrays(path: Path) -> bool:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            return set(data.files) == {"weight", "bias"}
    except Exception:  # not an npz, damaged: not ours
        return False


def predictions_table(path: Path) -> bool:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return header[:5] == ["file", "model", "true_label", "true_index", "correct"]


def app_checkpoint(path: Path) -> bool:
    from inception_desktop.weights.appformat import is_app_file

    try:
        return is_app_file(path)
    except Exception:  # unreadable: not ours
        return False


def resume_file(path: Path) -> bool:
    return path.name.endswith(".safetensors.resume.pt")


EVALUATE_REPORT = json_with("dataset", "models")
QUANTIZE_REPORT = json_with("calibration")
TRAINING_REPORT = json_with("classes", "val_accuracy")


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(outputs: Iterable[Output], inputs: Iterable[tuple[str, Any]],
                  force: bool = False) -> None:
    """Refuse (UsageError, one line) an output that is an input, another output, or a file
    the app did not write (unless `force`)."""
    given = [(option, Path(str(value)).expanduser().resolve()) for option, value in inputs
             if value is not None and str(value) != ""]
    seen: list[tuple[str, Path]] = []
    for out in outputs:
        path = out.path.expanduser().resolve()
        for option, source in given:
            if _same(path, source):
                raise UsageError(f"{out.option} {out.path} is {option} itself: an output never "
                                 "replaces what its command reads; give another name")
        for option, other in seen:
            if _same(path, other):
                raise UsageError(f"{out.option} and {option} are the same file ({out.path}); "
                                 "give each its own name")
        seen.append((out.option, path))
        if path.exists() and not path.is_file():
            raise UsageError(f"{out.option} {out.path} exists and is not a regular file")
        if not force and path.is_file() and not out.ours(path):
            raise UsageError(f"{out.option} {out.path} exists and was not written by "
                             "inception-desktop; give another name, or --force to replace it")


def weight_inputs(args: Any) -> list[tuple[str, Any]]:
    """The weight files a command reads (--weights given as paths)."""
    weights = getattr(args, "weights", None)
    values = weights if isinstance(weights, list) else [weights]
    return [("--weights", w) for w in values if w is not None and Path(str(w)).exists()]


def add_force_option(parser: Any) -> None:
    parser.add_argument("--force", action="store_true",
                        help="replace output files that inception-desktop did not write")
