"""The app's own checkpoint format: safetensors whose metadata says `"format":
"inception-desktop"`, the network, the class names, the preprocessing and the provenance.

Two contents share it: `full` (a whole fine-tuned network, written with torch) and `head` (only
the classifier of head-mode fine-tuning, written with numpy). Both writers build their metadata
here, and every reader goes through `parse_app_metadata`, which checks each value's type and
range, so a crafted file gets one line naming the file and the problem, never a traceback.
Reading the header needs neither torch nor the safetensors package.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inception_desktop.errors import WeightsError, msg
from inception_desktop.models import NetworkOptions, get_spec, list_models

APP_FORMAT = "inception-desktop"
FORMAT_VERSION = "1"
CONTENTS = ("full", "head")
MAX_HEADER = 100_000_000  # safetensors' own limit on the JSON header


def read_safetensors_header(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The JSON header of a safetensors file (tensor entries and `__metadata__`), or None when
    the file is not safetensors (or its header is damaged)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                return None
            n = int.from_bytes(head, "little")
            if n <= 1 or n > MAX_HEADER or n + 8 > path.stat().st_size:
                return None
            raw = f.read(n)
        if not raw.startswith(b"{"):
            return None
        header = json.loads(raw)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return header if isinstance(header, dict) else None


def raw_metadata(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """`__metadata__` of a safetensors file (str -> str), {} when it has none, None when the
    file is not safetensors."""
    header = read_safetensors_header(path)
    if header is None:
        return None
    meta = header.get("__metadata__")
    if not isinstance(meta, dict):
        return {}
    return {str(k): v for k, v in meta.items() if isinstance(v, str)}


def is_app_file(path: str | os.PathLike[str]) -> bool:
    meta = raw_metadata(path)
    return meta is not None and meta.get("format") == APP_FORMAT


@dataclass(frozen=True)
class BaseWeights:
    """The weights a fine-tuned model started from (a head runs on top of them)."""

    name: str
    sha256: str | None
    untrained: bool


@dataclass(frozen=True)
class AppMetadata:
    network: str
    contents: str  # "full" or "head"
    num_classes: int
    class_names: list[str] | None
    name: str | None  # the name it is listed under
    base: BaseWeights | None
    values: dict[str, Any]  # every decoded value, for reports
    # pooling, head and preprocessing the weights need (imported Keras models); the
    # reference network's for older files
    options: NetworkOptions | None = None


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return value


def _class_names(names: Any, num_classes: int,
                 bad: Callable[[str], WeightsError]) -> list[str] | None:
    if names is None:
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise bad(msg("class_names is not a list of names"))
    if len(names) != num_classes:
        raise bad(msg("{names} class names for {classes} classes", names=len(names),
                      classes=num_classes))
    if len(set(names)) != len(names):
        raise bad(msg("two classes have the same name"))
    return names


def _base_weights(raw: Any, bad: Callable[[str], WeightsError]) -> BaseWeights | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad(msg("base_weights is not an object"))
    sha = raw.get("sha256")
    base_name = raw.get("name", "")
    untrained = raw.get("untrained", False)
    if sha is not None and not (isinstance(sha, str) and len(sha) == 64):
        raise bad(msg("base_weights.sha256 is not a sha256"))
    if not isinstance(base_name, str) or not isinstance(untrained, bool):
        raise bad(msg("base_weights has values of the wrong type"))
    if sha is None and not untrained:
        raise bad(msg("base_weights names neither a sha256 nor untrained weights"))
    return BaseWeights(base_name, sha, untrained)


def parse_app_metadata(meta: dict[str, str], file_name: str) -> AppMetadata:
    """Decode and check an app file's metadata; WeightsError naming the file and the value."""
    def bad(what: str) -> WeightsError:
        return WeightsError(msg("{name} is an inception-desktop checkpoint with invalid "
                                "metadata: {problem}; the file is damaged or was not written "
                                "by the app", name=file_name, problem=what))

    values = {k: _decode(v) for k, v in meta.items()}
    values["format"] = meta.get("format")
    network = values.get("model")
    if not isinstance(network, str) or network not in list_models():
        raise WeightsError(msg("{name} is an inception-desktop checkpoint for an unknown "
                               "network {network!r}", name=file_name, network=network))
    contents = values.get("contents", "full")
    if contents not in CONTENTS:
        raise bad(msg("contents {contents!r} is neither 'full' nor 'head'", contents=contents))
    num_classes = values.get("num_classes")
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or \
            not 1 <= num_classes <= 100_000:
        raise bad(msg("num_classes {value!r} is not a number of classes", value=num_classes))
    names = _class_names(values.get("class_names"), num_classes, bad)
    name = values.get("name")
    if name is not None and not isinstance(name, str):
        raise bad(msg("name {name!r} is not text", name=name))
    base = _base_weights(values.get("base_weights"), bad)
    if contents == "head" and base is None:
        raise bad(msg("a head-only checkpoint must name its base weights"))
    options = None
    if values.get("network_options") is not None:
        try:
            options = NetworkOptions.from_json(values["network_options"])
        except WeightsError as exc:
            raise bad(exc.args[0]) from None
    return AppMetadata(network, contents, num_classes, names, name, base, values, options)


def read_app_metadata(path: str | os.PathLike[str]) -> AppMetadata | None:
    """The checked metadata of an app file, None for other files; WeightsError when it is an
    app file whose metadata is invalid."""
    meta = raw_metadata(path)
    if not meta or meta.get("format") != APP_FORMAT:
        return None
    return parse_app_metadata(meta, Path(path).name)


def build_metadata(network: str, contents: str, num_classes: int,
                   class_names: list[str] | None, extra: dict[str, Any] | None = None,
                   options: NetworkOptions | None = None) -> dict[str, str]:
    """The encoded metadata of a new app file (both writers use it); `options`: what the
    weights need from the network (imported Keras models), recorded and honoured on load."""
    from inception_desktop import __version__

    if class_names is not None and len(class_names) != num_classes:
        raise ValueError(f"{len(class_names)} class names for {num_classes} classes")
    spec = get_spec(network)
    if options is not None:
        spec = options.apply(spec)
        extra = {**(extra or {}), "network_options": options.to_json()}
    values: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "contents": contents,
        "model": network,
        "num_classes": int(num_classes),
        "class_names": None if class_names is None else list(class_names),
        "preprocessing": {
            "input_size": spec.input_size, "resize_size": spec.resize_size,
            "crop_pct": spec.crop_pct, "interpolation": spec.interpolation,
            "mean": list(spec.mean), "std": list(spec.std), "resize": spec.resize_mode,
        },
        "app_version": __version__,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        **(extra or {}),
    }
    encoded = {k: json.dumps(v, allow_nan=False) for k, v in values.items()}
    encoded["format"] = APP_FORMAT  # a plain string, readable by any safetensors tool
    return encoded
