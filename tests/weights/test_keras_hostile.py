"""Damaged and crafted Keras / TF.js files: one line each, nothing written to the cache, memory
bounded by the files' real sizes (not their declared shapes). Generated, not listed."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inception_desktop.errors import WeightsError
from inception_desktop.paths import weights_dir
from inception_desktop.weights.importer import import_weights

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _dense_config(units: int = 4) -> dict:
    """A small but well-formed Keras 2 functional model: input -> Dense."""
    return {"class_name": "Functional", "config": {
        "name": "m", "layers": [
            {"class_name": "InputLayer", "name": "in",
             "config": {"name": "in", "batch_input_shape": [None, 8]}, "inbound_nodes": []},
            {"class_name": "Dense", "name": "dense",
             "config": {"name": "dense", "units": units, "activation": "softmax",
                        "use_bias": True}, "inbound_nodes": [[["in", 0, 0, {}]]]}],
        "input_layers": [["in", 0, 0]], "output_layers": [["dense", 0, 0]]}}


def keras2_h5(path: Path, drop: str | None = None) -> Path:
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(_dense_config())
        f.attrs["keras_version"] = "2.15.0"
        if drop != "model_weights":
            g = f.create_group("model_weights")
            g.attrs["layer_names"] = [b"in", b"dense"]
            g.create_group("in").attrs["weight_names"] = []
            d = g.create_group("dense")
            d.attrs["weight_names"] = [b"dense/kernel:0", b"dense/bias:0"]
            if drop != "kernel":
                d.create_dataset("dense/kernel:0", data=np.ones((8, 4), np.float32))
            d.create_dataset("dense/bias:0", data=np.zeros(4, np.float32))
    return path


def keras3_zip(path: Path) -> Path:
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        f.create_dataset("layers/dense/vars/0", data=np.ones((8, 4), np.float32))
        f.create_dataset("layers/dense/vars/1", data=np.zeros(4, np.float32))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.3.0"}))
        z.writestr("config.json", json.dumps(_dense_config()))
        z.writestr("model.weights.h5", weights.getvalue())
    return path


def tfjs(folder: Path, manifest_weights: list, paths: list[str], shard: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "group1-shard1of1.bin").write_bytes(shard)
    doc = {"format": "layers-model", "modelTopology": {"model_config": _dense_config()},
           "weightsManifest": [{"paths": paths, "weights": manifest_weights}]}
    (folder / "model.json").write_text(json.dumps(doc))
    return folder / "model.json"


def expect_one_line(path: Path, **kwargs) -> str:
    with pytest.raises(WeightsError) as err:
        import_weights(path, **kwargs)
    message = str(err.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert not (weights_dir() / "custom").exists() or \
        not any((weights_dir() / "custom").iterdir())
    return message


def test_well_formed_but_not_inception_is_refused(tmp_path):
    for path in (keras2_h5(tmp_path / "a.h5"), keras3_zip(tmp_path / "b.keras")):
        assert "Inception" in expect_one_line(path)


def test_hdf5_missing_groups(tmp_path):
    assert "model_weights" in expect_one_line(keras2_h5(tmp_path / "a.h5", "model_weights"))
    assert "does not hold" in expect_one_line(keras2_h5(tmp_path / "b.h5", "kernel"))


@SETTINGS
@given(data=st.data())
def test_truncated_or_flipped_keras_files(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("cut")
    kind = data.draw(st.sampled_from(["h5", "keras"]))
    path = keras2_h5(folder / "m.h5") if kind == "h5" else keras3_zip(folder / "m.keras")
    raw = bytearray(path.read_bytes())
    if data.draw(st.booleans()):
        raw = raw[:data.draw(st.integers(1, len(raw) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(raw))
    try:
        import_weights(path)
    except WeightsError as exc:
        assert "\n" not in str(exc)
    else:  # pragma: no cover - a Dense model can never import as Inception
        raise AssertionError("a damaged non-Inception file was imported")
    assert not (weights_dir() / "custom").exists() or \
        not any((weights_dir() / "custom").iterdir())


@SETTINGS
@given(shape=st.lists(st.integers(0, 1 << 40), min_size=1, max_size=6),
       dtype=st.sampled_from(["float32", "int32", "uint8", "uint16", "float16", "bool"]),
       extra=st.integers(-64, 64))
def test_manifests_whose_shapes_and_sizes_lie(tmp_path_factory, shape, dtype, extra):
    folder = tmp_path_factory.mktemp("tfjs")
    weight = {"name": "dense/kernel", "shape": shape, "dtype": "float32"}
    if dtype in ("uint8", "uint16", "float16"):
        weight["quantization"] = {"dtype": dtype, "min": -1.0, "scale": 0.01}
    elif dtype != "float32":
        weight["dtype"] = dtype
    shard = bytes(max(0, 128 + extra))  # far smaller than most declared shapes
    path = tfjs(folder, [weight, {"name": "dense/bias", "shape": [4], "dtype": "float32"}],
                ["group1-shard1of1.bin"], shard)
    expect_one_line(path)  # never allocates the declared size


@pytest.mark.parametrize("shard", ["../outside.bin", "/etc/passwd", "sub/../../x.bin",
                                   "C:\\\\Windows\\\\x.bin", "", "missing.bin"])
def test_shard_paths_outside_the_folder_or_missing(tmp_path, shard):
    (tmp_path / "outside.bin").write_bytes(bytes(48))
    path = tfjs(tmp_path / "model", [{"name": "dense/kernel", "shape": [8, 4],
                                      "dtype": "float32"}], [shard], bytes(128))
    message = expect_one_line(path)
    assert "shard" in message


def test_huge_declared_hdf5_shape_is_not_allocated(tmp_path):
    """A chunked, compressed dataset declaring terabytes in a tiny file."""
    path = tmp_path / "bomb.h5"
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(_dense_config())
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = [b"in", b"dense"]
        g.create_group("in").attrs["weight_names"] = []
        d = g.create_group("dense")
        d.attrs["weight_names"] = [b"dense/kernel:0"]
        d.create_dataset("dense/kernel:0", shape=(1 << 20, 1 << 20), dtype=np.float32,
                         chunks=(64, 64), compression="gzip")
    assert "more weight data than the file holds" in expect_one_line(path)


def test_zip_whose_weights_declare_more_than_the_archive(tmp_path):
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", json.dumps(_dense_config()))
        z.writestr("model.weights.h5", bytes(64 << 20))  # compresses to almost nothing
    assert "declares more data" in expect_one_line(path)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 1 << 33) | st.floats(allow_nan=False) |
    st.sampled_from(["Dense", "Conv2D", "InputLayer", "Functional", "Sequential", "dense", "in",
                     "relu", "same", "__keras_tensor__", "layers", "config"]),
    lambda children: st.lists(children, max_size=4) |
    st.dictionaries(st.sampled_from(["class_name", "config", "name", "layers", "inbound_nodes",
                                     "input_layers", "output_layers", "keras_history", "args",
                                     "units", "filters", "kernel_size", "batch_shape",
                                     "model_config"]), children, max_size=5),
    max_leaves=30)


@SETTINGS
@given(topology=JSON, layers=st.lists(JSON, max_size=4))
def test_crafted_graphs(tmp_path_factory, topology, layers):
    """Any graph description, however malformed: one line, never a traceback."""
    folder = tmp_path_factory.mktemp("graph")
    (folder / "group1-shard1of1.bin").write_bytes(bytes(16))
    config = _dense_config()
    config["config"]["layers"] = config["config"]["layers"] + layers
    for doc in (topology, {"model_config": config}):
        (folder / "model.json").write_text(json.dumps({
            "format": "layers-model", "modelTopology": doc,
            "weightsManifest": [{"paths": ["group1-shard1of1.bin"],
                                 "weights": [{"name": "dense/bias", "shape": [4],
                                              "dtype": "float32"}]}]}))
        expect_one_line(folder / "model.json")
