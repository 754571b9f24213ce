"""Importing Keras and TensorFlow.js models: read (`kerasfile`), match (`kerasconvert`), then
write them in the app's own checkpoint format with what they need recorded beside the
tensors: TensorFlow's pooling, their head, their preprocessing and class names. numpy, h5py
and safetensors only, so the torch-free build imports them too.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from inception_desktop.errors import WeightsError
from inception_desktop.fileio import atomic_path
from inception_desktop.models import NetworkOptions, check_input_size, get_spec
from inception_desktop.models.spec import RESIZE_MODES, SCALINGS
from inception_desktop.weights.appformat import build_metadata
from inception_desktop.weights.kerasconvert import Imported, convert
from inception_desktop.weights.kerasfile import read_keras, sniff

# Keras Applications' own `<network>.preprocess_input` (x / 127.5 - 1, the same for each of its
# Inception networks), and Keras image pipelines resize the whole image to the model's input.
KERAS_SCALING = "inception"
KERAS_RESIZE = "squash"
MAX_LABELS_FILE = 16 << 20


def is_foreign_model(path: str | os.PathLike[str]) -> bool:
    """True for Keras (.keras, .h5) and TF.js (model.json) files, by content."""
    return sniff(Path(path)) is not None


@dataclass
class Detected:
    """What an import found, before anything is written: shown to the user."""

    imported: Imported
    options: NetworkOptions
    class_names: list[str] | None
    says_preprocessing: bool  # False: the file does not say (TF.js), a default was taken
    says_labels: bool

    def lines(self) -> list[str]:
        spec = self.options.apply(get_spec(self.imported.network))
        scaling = {"inception": "x/127.5 - 1", "unit": "x/255",
                   "imagenet": "ImageNet mean/std"}[self.options.scaling or "inception"]
        resize = ("whole image resized" if spec.resize_mode == "squash" else
                  "resize + centre crop")
        out = [self.imported.summary(),
               f"preprocessing: {self.options.scaling} ({scaling}), {self.options.resize} "
               f"({resize} to {spec.input_size} px)"
               + ("" if self.says_preprocessing else " (assumed: the file does not say)"),
               "pooling: TensorFlow's (padding left out of averages)",
               "classes: " + (", ".join(self.class_names[:5]) +
                              (", ..." if len(self.class_names) > 5 else "")
                              if self.class_names else "ImageNet")]
        out += self.imported.notes
        return out


def read_labels(path: str | os.PathLike[str], num_classes: int) -> list[str]:
    """Class names from a file: one per line, or a JSON list of strings."""
    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_LABELS_FILE:
            raise WeightsError(f"{path.name} is too large to be a list of class names")
        text = path.read_text(encoding="utf-8-sig")
    except WeightsError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise WeightsError(f"labels file {path}: cannot be read "
                           f"({getattr(exc, 'strerror', None) or exc})") from None
    names: Any
    if text.lstrip().startswith("["):
        try:
            names = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise WeightsError(f"labels file {path.name} is not a valid JSON list ({exc})") \
                from None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise WeightsError(f"labels file {path.name} is not a JSON list of names")
    else:
        names = [line.strip() for line in text.splitlines()]
        while names and not names[-1]:
            names.pop()
    names = [n.strip() for n in names]
    if any(not n for n in names):
        raise WeightsError(f"labels file {path.name} has an empty class name")
    if len(names) != num_classes:
        raise WeightsError(f"labels file {path.name} names {len(names)} classes but the model "
                           f"has {num_classes}")
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise WeightsError(f"labels file {path.name} names the class {dup!r} twice")
    return names


def detect(path: str | os.PathLike[str], network: str | None = None,
           preprocess: str | None = None, resize: str | None = None,
           labels: str | os.PathLike[str] | None = None,
           input_size: int | None = None) -> Detected | None:
    """Read and match a Keras / TF.js file -> what would be imported; None when the file is of
    another kind. Nothing is written."""
    try:
        model = read_keras(path)
        if model is None:
            return None
        imported = convert(model, network)
    except WeightsError:
        raise
    except Exception as exc:  # an untrusted file: any failure is this file's error
        text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else \
            type(exc).__name__
        raise WeightsError(f"{Path(path).name} cannot be read as a Keras model ({text})") \
            from None
    if preprocess is not None and preprocess not in SCALINGS:
        raise WeightsError(f"--preprocess {preprocess!r}: choose one of {', '.join(SCALINGS)}")
    if resize is not None and resize not in RESIZE_MODES:
        raise WeightsError(f"--resize {resize!r}: choose one of {', '.join(RESIZE_MODES)}")
    options = imported.options
    if input_size is not None:
        if options.input_size is not None and input_size != options.input_size:
            raise WeightsError(f"{Path(path).name} has a fixed {options.input_size} px input")
        check_input_size(input_size, imported.network)
        options = replace(options, input_size=input_size)
    tfjs = model.kind.startswith("TF.js")
    options = replace(options, scaling=preprocess or KERAS_SCALING,
                      resize=resize or KERAS_RESIZE)
    names = read_labels(labels, imported.num_classes) if labels is not None else None
    if names is None and imported.num_classes != 1000:
        names = [f"class {i}" for i in range(imported.num_classes)]
    return Detected(imported, options, names, not tfjs or preprocess is not None,
                    labels is not None or imported.num_classes == 1000)


def write_app_checkpoint(found: Detected, dest: Path, name: str) -> Path:
    """The imported model in the app's own format, atomically."""
    from safetensors.numpy import save_file

    imported = found.imported
    metadata = build_metadata(imported.network, "full", imported.num_classes,
                              found.class_names,
                              {"name": name, "source_format": imported.kind,
                               "head": imported.head, "notes": imported.notes},
                              found.options)
    with atomic_path(dest) as tmp:
        save_file(imported.tensors, str(tmp), metadata=metadata)
    return dest


def describe_installed(path: str | os.PathLike[str]) -> list[str]:
    """What an installed model's metadata says about an imported Keras model (no torch)."""
    from inception_desktop.weights.appformat import read_app_metadata

    try:
        meta = read_app_metadata(path)
    except WeightsError:
        return []
    if meta is None or meta.options is None or not meta.options.source:
        return []
    options = meta.options
    spec = options.apply(get_spec(meta.network))
    head = meta.values.get("head")
    return [f"{options.source}: {spec.display_name}, "
            f"{head if isinstance(head, str) else 'Keras head'}",
            f"input {spec.input_size} px, preprocessing {options.scaling}, resize "
            f"{options.resize}, TensorFlow pooling"]
