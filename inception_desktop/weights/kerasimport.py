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

from inception_desktop.errors import WeightsError, msg
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
        resize = (msg("whole image resized") if spec.resize_mode == "squash" else
                  msg("resize + centre crop"))
        fields = {"scaling_name": self.options.scaling, "scaling": scaling,
                  "resize_name": self.options.resize, "resize": resize,
                  "size": spec.input_size}
        if self.says_preprocessing:
            preprocessing = msg("preprocessing: {scaling_name} ({scaling}), {resize_name} "
                                "({resize} to {size} px)", **fields)
        else:
            preprocessing = msg("preprocessing: {scaling_name} ({scaling}), {resize_name} "
                                "({resize} to {size} px) (assumed: the file does not say)",
                                **fields)
        classes = (", ".join(self.class_names[:5]) +
                   (", ..." if len(self.class_names) > 5 else "")
                   if self.class_names else "ImageNet")
        out = [self.imported.summary(), preprocessing,
               msg("pooling: TensorFlow's (padding left out of averages)"),
               msg("classes: {names}", names=classes)]
        out += self.imported.notes
        return out


def read_labels(path: str | os.PathLike[str], num_classes: int) -> list[str]:
    """Class names from a file: one per line, or a JSON list of strings."""
    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_LABELS_FILE:
            raise WeightsError(msg("{name} is too large to be a list of class names",
                                   name=path.name))
        text = path.read_text(encoding="utf-8-sig")
    except WeightsError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise WeightsError(msg("labels file {path}: cannot be read ({reason})", path=path,
                               reason=getattr(exc, "strerror", None) or str(exc))) from None
    names: Any
    if text.lstrip().startswith("["):
        try:
            names = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise WeightsError(msg("labels file {name} is not a valid JSON list ({reason})",
                                   name=path.name, reason=str(exc))) from None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise WeightsError(msg("labels file {name} is not a JSON list of names",
                                   name=path.name))
    else:
        names = [line.strip() for line in text.splitlines()]
        while names and not names[-1]:
            names.pop()
    names = [n.strip() for n in names]
    if any(not n for n in names):
        raise WeightsError(msg("labels file {name} has an empty class name", name=path.name))
    if len(names) != num_classes:
        raise WeightsError(msg("labels file {name} names {count} classes but the model has "
                               "{classes}", name=path.name, count=len(names),
                               classes=num_classes))
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise WeightsError(msg("labels file {name} names the class {label!r} twice",
                               name=path.name, label=dup))
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
        raise WeightsError(msg("{name} cannot be read as a Keras model ({reason})",
                               name=Path(path).name, reason=text)) from None
    if preprocess is not None and preprocess not in SCALINGS:
        raise WeightsError(msg("--preprocess {value!r}: choose one of {choices}",
                               value=preprocess, choices=", ".join(SCALINGS)))
    if resize is not None and resize not in RESIZE_MODES:
        raise WeightsError(msg("--resize {value!r}: choose one of {choices}", value=resize,
                               choices=", ".join(RESIZE_MODES)))
    options = imported.options
    if input_size is not None:
        if options.input_size is not None and input_size != options.input_size:
            raise WeightsError(msg("{name} has a fixed {size} px input", name=Path(path).name,
                                   size=options.input_size))
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
            msg("input {size} px, preprocessing {scaling}, resize {resize}, TensorFlow pooling",
                size=spec.input_size, scaling=options.scaling, resize=options.resize)]
