"""Reading models saved by Keras and TensorFlow.js (numpy and h5py only: no torch, no TF).

Formats, told apart by their content, never by the file name alone:

- Keras 3 `.keras`: a zip of `config.json` (the model's graph) and `model.weights.h5`
  (`layers/<name>/vars/<i>`);
- Keras 2 (and Keras 3 legacy) `.h5` full models: HDF5 with a `model_config` attribute and a
  `model_weights` group (`<layer>/<weight name>`, listed in each layer's `weight_names`);
- weights-only `.weights.h5` / `.h5` files (`model.save_weights`): layers and their weights,
  no graph; the network comes from `--model`;
- TensorFlow.js layers models: `model.json` (`modelTopology`: the Keras graph;
  `weightsManifest`: groups of weights stored one after another in binary shard files beside
  it), float32, float16 or uint8/uint16-quantised (`min + q * scale`, as tfjs dequantises).

Everything in such a file is untrusted: the result is a `KerasModel` (layers, their inputs,
their weights as numpy arrays), or one `WeightsError` line naming the file and the problem.
Memory is bounded by the file's real size: weights whose declared sizes exceed what the file
holds are refused before anything is allocated.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.errors import WeightsError, msg

MAX_CONFIG = 64 << 20  # a graph's JSON; the largest network's is under 2 MB
SLACK = 16 << 20  # declared weight bytes may exceed a file's size by this much (headers)
_H5_MAGIC = b"\x89HDF\r\n\x1a\n"


@dataclass
class KerasLayer:
    """One layer of the graph: its class, config, inputs (paths of the layers feeding it, in
    order) and weights (short name or '' -> array, in stored order)."""

    path: str  # unique; a nested model's layers are "<model>/<layer>"
    class_name: str
    config: dict[str, Any]
    inputs: list[str]
    weights: list[tuple[str, np.ndarray]] = field(default_factory=list)


@dataclass
class KerasModel:
    path: Path
    kind: str  # "Keras 3 .keras", "Keras 2 .h5", "TF.js layers model (uint8-quantised)", ...
    layers: dict[str, KerasLayer]  # in the graph's order
    outputs: list[str]
    inputs: list[str]
    weights_only: bool = False

    def layer(self, path: str) -> KerasLayer:
        return self.layers[path]


def _bad(path: Path, what: str) -> WeightsError:
    """The file's one error: its name, then `what` (a `msg`) is wrong with it."""
    return WeightsError(msg("{name}: {problem}", name=path.name, problem=what))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:160] if text else type(exc).__name__


# ----------------------------------------------------------------------------- sniffing

def sniff(path: Path) -> str | None:
    """'keras-zip', 'hdf5', 'tfjs' or None (another kind of file)."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return None
    if head.startswith(_H5_MAGIC):
        return "hdf5"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        return "keras-zip" if "config.json" in names and "model.weights.h5" in names else None
    text = head.lstrip()
    if text.startswith(b"{") and (b"modelTopology" in head or b"weightsManifest" in head or
                                  b"format" in head):
        try:
            doc = _read_json(path, MAX_CONFIG)
        except WeightsError:
            return None
        if isinstance(doc, dict) and "weightsManifest" in doc and "modelTopology" in doc:
            return "tfjs"
    return None


def _read_json(path: Path, limit: int) -> Any:
    try:
        if path.stat().st_size > limit:
            raise WeightsError(msg("{name} is larger than any model description ({size} MB)",
                                   name=path.name, size=path.stat().st_size >> 20))
        return json.loads(path.read_text(encoding="utf-8"))
    except WeightsError:
        raise
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise WeightsError(msg("{name} is not valid JSON ({reason})", name=path.name,
                               reason=_first_line(exc))) from None


def _parse_json_text(text: Any, path: Path, what: str) -> Any:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        if not isinstance(text, str) or len(text) > MAX_CONFIG:
            raise ValueError("not text")
        return json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _bad(path, msg("its {what} is not valid JSON ({reason})", what=what,
                             reason=_first_line(exc))) from None


# ----------------------------------------------------------------------------- the graph

_MODEL_CLASSES = ("Functional", "Model", "Sequential")


def _history(node: Any) -> list[str]:
    """Names of the layers feeding one inbound node, in order (Keras 2 and Keras 3 forms)."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("class_name") == "__keras_tensor__":
                hist = value.get("config", {}).get("keras_history")
                if isinstance(hist, list) and hist and isinstance(hist[0], str):
                    out.append(hist[0])
                return
            for v in value.get("args", []) if "args" in value else []:
                walk(v)
            return
        if isinstance(value, list):
            if len(value) >= 3 and isinstance(value[0], str) and isinstance(value[1], int):
                out.append(value[0])  # Keras 2: [name, node index, tensor index, kwargs]
                return
            for v in value:
                walk(v)

    walk(node)
    return out


def _endpoints(value: Any) -> list[str]:
    """`input_layers` / `output_layers`: [[name, 0, 0], ...] or [name, 0, 0]."""
    if isinstance(value, list) and len(value) >= 1 and isinstance(value[0], str):
        return [value[0]]
    if isinstance(value, list):
        return [v[0] for v in value if isinstance(v, list) and v and isinstance(v[0], str)]
    return []


WeightLookup = Callable[[list[str], str, dict[str, Any]], list[tuple[str, np.ndarray]]]


class _GraphBuilder:
    """Flattens a (possibly nested) Keras model config into layers with resolved inputs."""

    def __init__(self, path: Path, weights: WeightLookup) -> None:
        self.path = path
        self.weights = weights
        self.layers: dict[str, KerasLayer] = {}
        self.alias: dict[str, str] = {}  # a nested model or an inner input -> the real layer
        self.count = 0

    def resolve(self, name: str) -> str:
        seen = 0
        while name in self.alias:
            name = self.alias[name]
            seen += 1
            if seen > 10_000:
                raise _bad(self.path, msg("its graph refers to itself in a loop"))
        return name

    def model(self, doc: Any, scope: list[str]) -> tuple[list[str], list[str]]:
        """Add a model's layers -> (its input paths, its output paths)."""
        if not isinstance(doc, dict) or not isinstance(doc.get("config"), dict):
            raise _bad(self.path, msg("its model description has no config"))
        config = doc["config"]
        layers = config.get("layers")
        if not isinstance(layers, list) or not layers:
            raise _bad(self.path, msg("its model description lists no layers"))
        prefix = "/".join(scope) + "/" if scope else ""
        sequential = doc.get("class_name") == "Sequential"
        previous: str | None = None
        first_inputs: list[str] = []
        for layer in layers:
            cls, cfg, name = self._layer_header(layer)
            full = prefix + name
            if sequential:
                inputs = [previous] if previous is not None else []
            else:
                inputs = self._inbound(layer, name, prefix)
            first = sequential and previous is None  # its input is the model's
            if cls in _MODEL_CLASSES and isinstance(cfg.get("layers"), list):
                inner_in = self._nested(layer, scope, name, full, inputs)
                if first:
                    first_inputs = inner_in
            elif cls == "InputLayer":
                self.layers[full] = KerasLayer(full, cls, cfg, [])
                if first:
                    first_inputs = [full]
            else:
                if first:  # a Sequential model without an InputLayer: an implicit input
                    implicit = self._implicit_input(prefix, cfg)
                    first_inputs, inputs = [implicit], [implicit]
                self.layers[full] = KerasLayer(full, cls, cfg, inputs,
                                               self.weights(scope, name, layer))
            previous = full
        if sequential:
            assert previous is not None
            return first_inputs, [previous]
        ins = [prefix + n for n in _endpoints(config.get("input_layers"))]
        outs = [prefix + n for n in _endpoints(config.get("output_layers"))]
        if not ins or not outs:
            raise _bad(self.path, msg("its model description names no inputs or outputs"))
        return ins, outs

    def _layer_header(self, layer: Any) -> tuple[str, dict[str, Any], str]:
        """A layer of a model description -> (its class, its config, its name), counted."""
        if not isinstance(layer, dict) or not isinstance(layer.get("class_name"), str):
            raise _bad(self.path, msg("a layer in its model description has no class"))
        raw_cfg = layer.get("config")
        cfg: dict[str, Any] = raw_cfg if isinstance(raw_cfg, dict) else {}
        name = layer.get("name") or cfg.get("name")
        if not isinstance(name, str) or not name:
            raise _bad(self.path, msg("a {kind} layer has no name", kind=layer["class_name"]))
        self.count += 1
        if self.count > 100_000:
            raise _bad(self.path, msg("its graph has more layers than any real model"))
        return layer["class_name"], cfg, name

    def _inbound(self, layer: dict[str, Any], name: str, prefix: str) -> list[str]:
        """The paths of the layers a functional model's layer takes its inputs from."""
        nodes = layer.get("inbound_nodes") or []
        if not isinstance(nodes, list):
            raise _bad(self.path, msg("layer {name!r} has malformed inbound nodes", name=name))
        if len(nodes) > 1:
            raise _bad(self.path, msg("layer {name!r} is used {count} times (shared layers are "
                                      "not supported)", name=name, count=len(nodes)))
        return [prefix + n for n in _history(nodes[0])] if nodes else []

    def _nested(self, layer: dict[str, Any], scope: list[str], name: str, full: str,
                inputs: list[str]) -> list[str]:
        """Add a nested model's layers, its inputs and itself aliased to the layers they
        stand for -> its input paths."""
        inner_in, inner_out = self.model(layer, [*scope, name])
        if len(inner_out) != 1:
            raise _bad(self.path, msg("nested model {name!r} has {count} outputs", name=name,
                                      count=len(inner_out)))
        if inputs:
            if len(inner_in) != len(inputs):
                raise _bad(self.path, msg("nested model {name!r} takes {count} inputs but is "
                                          "given {given}", name=name, count=len(inner_in),
                                          given=len(inputs)))
            for inner, outer in zip(inner_in, inputs, strict=True):
                self.alias[inner] = outer
        self.alias[full] = inner_out[0]
        return inner_in

    def _implicit_input(self, prefix: str, cfg: dict[str, Any]) -> str:
        """The input of a Sequential model that has no InputLayer, shaped as its first
        layer says."""
        implicit = prefix + "__input__"
        self.layers[implicit] = KerasLayer(implicit, "InputLayer",
                                           {"batch_shape": cfg.get("batch_input_shape")}, [])
        return implicit

    def finish(self, outputs: list[str], inputs: list[str]) -> tuple[list[str], list[str]]:
        for layer in self.layers.values():
            layer.inputs = [self.resolve(i) for i in layer.inputs]
            missing = [i for i in layer.inputs if i not in self.layers]
            if missing:
                raise _bad(self.path, msg("layer {name!r} takes its input from {source!r}, which "
                                          "the model does not have", name=layer.path,
                                          source=missing[0]))
        outs = [self.resolve(o) for o in outputs]
        ins = [self.resolve(i) for i in inputs]
        for name in outs + ins:
            if name not in self.layers:
                raise _bad(self.path, msg("the model's input or output {name!r} is not one of "
                                          "its layers", name=name))
        return outs, ins


def _top_model(doc: Any, path: Path) -> Any:
    """The model description inside a config document (Keras 3 config.json, Keras 2
    model_config, a TF.js modelTopology)."""
    if isinstance(doc, dict) and "model_config" in doc:
        doc = doc["model_config"]
    if not isinstance(doc, dict) or doc.get("class_name") not in _MODEL_CLASSES:
        what = doc.get("class_name") if isinstance(doc, dict) else type(doc).__name__
        raise _bad(path, msg("holds a {what!r}, not a Keras model (Functional or Sequential)",
                             what=what))
    return doc


def _build(path: Path, kind: str, doc: Any, weights: WeightLookup) -> KerasModel:
    top = _top_model(doc, path)
    builder = _GraphBuilder(path, weights)
    ins, outs = builder.model(top, [])
    outs, ins = builder.finish(outs, ins)
    return KerasModel(path, kind, builder.layers, outs, ins)


# ----------------------------------------------------------------------------- HDF5

def _h5py() -> Any:
    try:
        import h5py
    except ImportError:
        raise WeightsError(msg("reading Keras files needs the h5py package (pip install h5py)")) \
            from None
    return h5py


class _Budget:
    """Declared weight bytes are charged against the file's real size before reading."""

    def __init__(self, path: Path, size: int) -> None:
        self.path, self.left, self.size = path, size + SLACK, size

    def charge(self, shape: tuple[int, ...], itemsize: int, what: str) -> None:
        n = itemsize
        for d in shape:
            if d < 0:
                raise _bad(self.path, msg("{what} declares a negative size", what=what))
            n *= int(d)
        self.left -= n
        if self.left < 0:
            raise _bad(self.path, msg("{what} declares more weight data than the file holds "
                                      "({size} MB): the file is truncated or crafted", what=what,
                                      size=self.size >> 20))


def _read_dataset(ds: Any, budget: _Budget, what: str) -> np.ndarray:
    h5py = _h5py()
    if not isinstance(ds, h5py.Dataset):
        raise _bad(budget.path, msg("{what} is not a dataset", what=what))
    if ds.dtype.kind not in "fiu" or len(ds.shape) > 8:
        raise _bad(budget.path, msg("{what} is not an array of numbers", what=what))
    budget.charge(tuple(ds.shape), max(ds.dtype.itemsize, 4), what)
    return np.asarray(ds[()], dtype=np.float32)


def _open_h5(path: Path) -> Any:
    h5py = _h5py()
    try:
        return h5py.File(path, "r")
    except Exception as exc:  # an untrusted file: any failure is this file's error
        raise _bad(path, msg("is a truncated or corrupt HDF5 file ({reason})",
                             reason=_first_line(exc))) from None


def _attr_text(attrs: Any, key: str) -> Any:
    value = attrs.get(key)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    out = []
    for v in list(value):
        out.append(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
    return out


def _legacy_lookup(root: Any, budget: _Budget) -> WeightLookup:
    """Weights of a Keras 2 style HDF5 group: `<layer>/<weight name>` with `weight_names`;
    a nested model's group holds its layers' weights as `<inner layer>/<name>`."""

    def lookup(scope: list[str], name: str, layer: dict[str, Any]) -> list[tuple[str, Any]]:
        group_name = scope[0] if scope else name
        if group_name not in root:
            return []
        group = root[group_name]
        out = []
        for wname in _names(group.attrs.get("weight_names")):
            parts = wname.split("/")
            if scope and (len(parts) < 2 or parts[-2] != name):
                continue
            short = parts[-1].split(":")[0]
            if wname not in group:
                raise _bad(budget.path, msg("layer {name!r} lists weight {weight!r}, which the "
                                            "file does not hold", name=name, weight=wname))
            out.append((short, _read_dataset(group[wname], budget,
                                             msg("weight {name!r}", name=wname))))
        return out

    return lookup


def _snake(class_name: str) -> str:
    """Keras 3's `naming.to_snake_case` (Conv2D -> conv2d, BatchNormalization ->
    batch_normalization)."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _keras3_groups(doc: Any) -> dict[tuple[str, ...], str]:
    """Where Keras 3 keeps each layer's weights: `layers/<class>_<n>/vars`, named after the
    layer's class and counted in the model's layer order, not after the layer (a nested
    model's layers under `layers/functional/layers/...`)."""
    out: dict[tuple[str, ...], str] = {}

    def walk(model: Any, scope: tuple[str, ...], base: str) -> None:
        config = model.get("config") if isinstance(model, dict) else None
        layers = config.get("layers") if isinstance(config, dict) else None
        if not isinstance(layers, list):
            return
        used: dict[str, int] = {}
        for layer in layers:
            if not isinstance(layer, dict) or not isinstance(layer.get("class_name"), str):
                continue
            raw_cfg = layer.get("config")
            cfg: dict[str, Any] = raw_cfg if isinstance(raw_cfg, dict) else {}
            name = layer.get("name") or cfg.get("name")
            group = _snake(layer["class_name"])
            if group in used:
                used[group] += 1
                group = f"{group}_{used[group]}"
            else:
                used[group] = 0
            if isinstance(name, str):
                out[(*scope, name)] = f"{base}/{group}"
                walk(layer, (*scope, name), f"{base}/{group}/layers")

    walk(_top_model_or_none(doc), (), "layers")
    return out


def _top_model_or_none(doc: Any) -> Any:
    if isinstance(doc, dict) and "model_config" in doc:
        return doc["model_config"]
    return doc


def _keras3_lookup(root: Any, budget: _Budget, groups: dict[tuple[str, ...], str]
                   ) -> WeightLookup:
    """Weights of a Keras 3 weights file: `<group>/vars/<i>` (see `_keras3_groups`)."""

    def lookup(scope: list[str], name: str, layer: dict[str, Any]) -> list[tuple[str, Any]]:
        group = groups.get((*scope, name))
        if group is None or f"{group}/vars" not in root:
            return []
        return _vars(root[f"{group}/vars"], budget, name)

    return lookup


def _read_hdf5(path: Path) -> KerasModel:
    size = path.stat().st_size
    budget = _Budget(path, size)
    with _open_h5(path) as f:
        try:
            config_text = _attr_text(f.attrs, "model_config")
            if config_text is not None:
                if "model_weights" not in f:
                    raise _bad(path, msg("is a Keras .h5 model without its 'model_weights' "
                                         "group; the file is incomplete"))
                doc = _parse_json_text(config_text, path, "model_config")
                version = _attr_text(f.attrs, "keras_version") or "?"
                kind = f"Keras {str(version).split('.')[0]} .h5"
                return _build(path, kind, doc, _legacy_lookup(f["model_weights"], budget))
            return _weights_only(path, f, budget)
        except WeightsError:
            raise
        except Exception as exc:  # an untrusted file: any failure is this file's error
            raise _bad(path, msg("cannot be read as a Keras file ({reason})",
                                 reason=_first_line(exc))) from None


def _weights_only(path: Path, f: Any, budget: _Budget) -> KerasModel:
    """A `save_weights` file: layers and weights, no graph (the network comes from --model)."""
    layers: dict[str, KerasLayer] = {}
    if "layer_names" in f.attrs:  # Keras 2: `<layer>/<weight name>`, in the model's order
        lookup = _legacy_lookup(f, budget)
        for name in _names(f.attrs["layer_names"]):
            layers[name] = KerasLayer(name, "", {}, [], lookup([], name, {}))
        kind = "Keras 2 weights-only .h5"
    elif "layers" in f:  # Keras 3 .weights.h5: `layers/<class>_<n>/vars/<i>`
        def add(group: Any, prefix: str) -> None:
            for name in group.keys():
                sub = group[name]
                if "vars" in sub:
                    layers[prefix + name] = KerasLayer(prefix + name, "", {}, [],
                                                       _vars(sub["vars"], budget, name))
                if "layers" in sub:
                    add(sub["layers"], prefix + name + "/")

        add(f["layers"], "")
        kind = "Keras 3 weights-only .weights.h5"
    else:
        raise _bad(path, msg("is an HDF5 file but neither a Keras model nor Keras weights (no "
                             "model_config, layer_names or layers)"))
    return KerasModel(path, kind, layers, [], [], weights_only=True)


def _vars(group: Any, budget: _Budget, name: str) -> list[tuple[str, np.ndarray]]:
    keys = sorted(group.keys(), key=lambda k: int(k) if k.isdigit() else 1 << 30)
    return [("", _read_dataset(group[k], budget, msg("weight {name}", name=f"{name}/{k}")))
            for k in keys]


# ----------------------------------------------------------------------------- .keras (zip)

def _read_keras_zip(path: Path) -> KerasModel:
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as z:
            infos = {i.filename: i for i in z.infolist()}
            for member in ("config.json", "model.weights.h5"):
                if member not in infos:
                    raise _bad(path, msg("is a zip without {member}: not a complete .keras model",
                                         member=member))
            cfg_info, w_info = infos["config.json"], infos["model.weights.h5"]
            if cfg_info.file_size > MAX_CONFIG:
                raise _bad(path, msg("its config.json is larger than any model description"))
            if w_info.file_size > size + SLACK:
                raise _bad(path, msg("its model.weights.h5 declares more data than the archive "
                                     "holds: the file is truncated or crafted"))
            doc = _parse_json_text(z.read("config.json"), path, "config.json")
            metadata = {}
            if "metadata.json" in infos and infos["metadata.json"].file_size < 1 << 20:
                meta = _parse_json_text(z.read("metadata.json"), path, "metadata.json")
                metadata = meta if isinstance(meta, dict) else {}
            tmpdir = Path(tempfile.mkdtemp(prefix="inception-desktop-keras-"))
            try:
                weights_path = tmpdir / "model.weights.h5"
                with z.open(w_info) as src, open(weights_path, "wb") as dst:
                    copied = 0
                    while True:
                        chunk = src.read(1 << 20)
                        if not chunk:
                            break
                        copied += len(chunk)
                        if copied > w_info.file_size:
                            raise _bad(path, msg("its model.weights.h5 is longer than declared"))
                        dst.write(chunk)
                budget = _Budget(path, size)
                with _open_h5(weights_path) as f:
                    version = str(metadata.get("keras_version", "3"))
                    kind = f"Keras {version.split('.')[0]} .keras"
                    return _build(path, kind, doc,
                                  _keras3_lookup(f, budget, _keras3_groups(doc)))
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)
    except WeightsError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            KeyError, RuntimeError, NotImplementedError) as exc:
        raise _bad(path, msg("is a truncated or corrupt .keras archive ({reason})",
                             reason=_first_line(exc))) from None
    except Exception as exc:  # an untrusted file: any failure is this file's error
        raise _bad(path, msg("cannot be read as a .keras model ({reason})",
                             reason=_first_line(exc))) from None


# ----------------------------------------------------------------------------- TF.js

_TFJS_DTYPES = {"float32": (np.float32, 4), "int32": (np.int32, 4)}
_QUANT_DTYPES = {"uint8": (np.uint8, 1), "uint16": (np.uint16, 2), "float16": (np.float16, 2)}


def _shard_path(model_json: Path, shard: Any) -> Path:
    """A shard beside model.json: never an absolute path, never out of its folder."""
    if not isinstance(shard, str) or not shard or "\x00" in shard:
        raise _bad(model_json, msg("names a shard {shard!r} that is not a file name",
                                   shard=shard))
    parts = shard.replace("\\", "/").split("/")
    if shard.startswith(("/", "\\")) or (len(shard) > 1 and shard[1] == ":") or ".." in parts:
        raise _bad(model_json, msg("names the shard {shard!r} outside its own folder; refused",
                                   shard=shard))
    folder = model_json.parent.resolve()
    target = (folder / shard).resolve()
    if folder not in target.parents:
        raise _bad(model_json, msg("names the shard {shard!r} outside its own folder; refused",
                                   shard=shard))
    if not target.is_file():
        raise _bad(model_json, msg("its weight shard {shard} is missing (keep the shards beside "
                                   "model.json)", shard=shard))
    return target


def _tfjs_weights(path: Path, manifest: Any) -> tuple[dict[str, np.ndarray], str]:
    """A TF.js weights manifest -> (each weight by name, as float32; the kind of model)."""
    if not isinstance(manifest, list) or not manifest:
        raise _bad(path, msg("its weightsManifest is not a list of weight groups"))
    out: dict[str, np.ndarray] = {}
    quantised: set[str] = set()
    for group in manifest:
        _read_tfjs_group(path, group, out, quantised)
    kind = "TF.js layers model" + (f" ({'/'.join(sorted(quantised))}-quantised)"
                                   if quantised else " (float32)")
    return out, kind


def _read_tfjs_group(path: Path, group: Any, out: dict[str, np.ndarray],
                     quantised: set[str]) -> None:
    """One weight group (its shards, read only when the manifest describes exactly what they
    hold) into `out`; the quantisations it uses into `quantised`."""
    if not isinstance(group, dict) or not isinstance(group.get("paths"), list) or \
            not isinstance(group.get("weights"), list):
        raise _bad(path, msg("a weightsManifest group has no paths or weights"))
    shards = [_shard_path(path, s) for s in group["paths"]]
    real = sum(s.stat().st_size for s in shards)
    specs = []
    declared = 0
    for w in group["weights"]:
        dtype, nbytes, quant = _tfjs_weight_spec(path, w, quantised)
        declared += nbytes
        if declared > real:
            raise _bad(path, msg("its manifest declares more weight data than its shards hold "
                                 "({size} bytes): at weight {name!r}; the shards are truncated "
                                 "or the manifest is wrong", size=real, name=w["name"]))
        specs.append((w, dtype, nbytes, quant))
    if declared != real:
        raise _bad(path, msg("its shards hold {size} bytes but the manifest declares "
                             "{declared}: the manifest does not describe these shards",
                             size=real, declared=declared))
    data = bytearray()
    for shard in shards:
        data += shard.read_bytes()
    offset = 0
    for w, dtype, nbytes, quant in specs:
        raw = np.frombuffer(bytes(data[offset:offset + nbytes]), dtype=np.dtype(dtype)
                            .newbyteorder("<"))
        offset += nbytes
        values = _dequantised(path, w, raw, quant)
        if w["name"] in out:
            raise _bad(path, msg("its manifest lists weight {name!r} twice", name=w["name"]))
        out[w["name"]] = values.reshape(w["shape"])


def _tfjs_weight_spec(path: Path, w: Any, quantised: set[str]) -> tuple[Any, int, Any]:
    """A weight's manifest entry -> (the dtype it is stored as, its size in bytes, its
    quantization or None); its quantisation (if any) into `quantised`."""
    if not isinstance(w, dict) or not isinstance(w.get("name"), str) or \
            not isinstance(w.get("shape"), list):
        raise _bad(path, msg("a weightsManifest entry has no name or shape"))
    shape = w["shape"]
    if len(shape) > 8 or not all(isinstance(d, int) and not isinstance(d, bool) and
                                 0 <= d for d in shape):
        raise _bad(path, msg("weight {name!r} has an invalid shape {shape!r}", name=w["name"],
                             shape=shape))
    count = 1
    for d in shape:
        count *= d
    quant = w.get("quantization")
    if quant is not None:
        if not isinstance(quant, dict) or quant.get("dtype") not in _QUANT_DTYPES:
            raise _bad(path, msg("weight {name!r} has an unsupported quantization {quant!r}",
                                 name=w["name"], quant=quant))
        dtype, itemsize = _QUANT_DTYPES[quant["dtype"]]
        quantised.add(quant["dtype"])
    else:
        if w.get("dtype", "float32") not in _TFJS_DTYPES:
            raise _bad(path, msg("weight {name!r} has dtype {dtype!r}", name=w["name"],
                                 dtype=w.get("dtype")))
        dtype, itemsize = _TFJS_DTYPES[w.get("dtype", "float32")]
    return dtype, count * itemsize, quant


def _dequantised(path: Path, w: dict[str, Any], raw: np.ndarray, quant: Any) -> np.ndarray:
    """A weight's stored values as float32 (uint8/uint16: min + value * scale)."""
    values = raw.astype(np.float32)
    if quant is not None and quant["dtype"] in ("uint8", "uint16"):
        scale, low = quant.get("scale"), quant.get("min")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and
                   np.isfinite(v) for v in (scale, low)):
            raise _bad(path, msg("weight {name!r} is quantised without a valid scale and min",
                                 name=w["name"]))
        values = np.float32(low) + values * np.float32(scale)
    return values


def _tfjs_lookup(weights: dict[str, np.ndarray]) -> WeightLookup:
    by_layer: dict[str, list[tuple[str, np.ndarray]]] = {}
    for name, value in weights.items():
        layer, _, short = name.rpartition("/")
        by_layer.setdefault(layer, []).append((short.split(":")[0], value))

    def lookup(scope: list[str], name: str, layer: dict[str, Any]) -> list[tuple[str, Any]]:
        full = "/".join([*scope, name])
        return by_layer.get(full) or by_layer.get(name) or []

    return lookup


def _read_tfjs(path: Path) -> KerasModel:
    doc = _read_json(path, MAX_CONFIG)
    if not isinstance(doc, dict):
        raise _bad(path, msg("is not a TF.js model.json"))
    if doc.get("format") not in (None, "layers-model"):
        raise _bad(path, msg("is a TF.js {format!r}; only layers models (from Keras) can be "
                             "imported", format=doc.get("format")))
    try:
        weights, kind = _tfjs_weights(path, doc.get("weightsManifest"))
        return _build(path, kind, doc.get("modelTopology"), _tfjs_lookup(weights))
    except WeightsError:
        raise
    except (OSError, ValueError, TypeError, KeyError, OverflowError, MemoryError) as exc:
        raise _bad(path, msg("cannot be read as a TF.js model ({reason})",
                             reason=_first_line(exc))) from None


# ----------------------------------------------------------------------------- entry

def read_keras(path: str | os.PathLike[str]) -> KerasModel | None:
    """The model in a Keras / TF.js file, None when the file is of another kind."""
    path = Path(path)
    kind = sniff(path)
    if kind == "hdf5":
        return _read_hdf5(path)
    if kind == "keras-zip":
        return _read_keras_zip(path)
    if kind == "tfjs":
        return _read_tfjs(path)
    return None
