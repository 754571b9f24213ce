"""Keras models built by TensorFlow itself (the reference), with random weights, saved in every
format people ship: Keras 3 `.keras` / `.h5` / `.weights.h5`, real Keras 2 (tf-keras) `.h5`
and weights-only `.h5`, and TensorFlow.js layers models written here from the same weights by
the TF.js format (float32, float16, uint8/uint16-quantised shards).

Only TensorFlow's semantics count as the reference (never Keras 3's torch or jax backends):
`KERAS_BACKEND` is set to tensorflow before Keras is imported. TensorFlow runs in a subprocess
(`make_models`): loaded into the test session beside torch, its bundled libraries crash later
imports of torch's (triton).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # exact float32 kernels on every CPU


def keras_module(keras2: bool) -> Any:
    if keras2:
        import tf_keras

        return tf_keras
    import keras

    return keras


def randomise(model: Any, seed: int) -> None:
    """Random but informative weights: He-scaled kernels, BN statistics away from 0/1."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if hasattr(layer, "layers"):
            randomise(layer, seed + 1)
            continue
        current = layer.get_weights()
        if not current:
            continue
        new = []
        for var, value in zip(layer.weights, current, strict=True):
            name = getattr(var, "path", None) or var.name
            if "moving_variance" in name:
                new.append(rng.uniform(0.5, 1.5, value.shape))
            elif "gamma" in name:
                new.append(rng.uniform(0.5, 1.5, value.shape))
            elif value.ndim == 1:
                new.append(rng.normal(0, 0.2, value.shape))
            else:
                fan_in = int(np.prod(value.shape[:-1]))
                new.append(rng.normal(0, 1, value.shape) * np.sqrt(2.0 / fan_in))
        layer.set_weights([v.astype(np.float32) for v in new])


def build(network: str, head: str, size: int, keras2: bool = False, seed: int = 0,
          nested: bool = False) -> Any:
    """keras.applications.<network>(weights=None, include_top=False) + a head:
    'stack' (GAP, Dense relu, Dropout, BN, Dense gelu, Dense softmax), 'single' (GAP, one
    Dense softmax), 'flatten' (AveragePooling2D, Flatten, Dense tanh, Dense sigmoid)."""
    k = keras_module(keras2)
    app = {"inception_v3": k.applications.InceptionV3,
           "inception_resnet_v2": k.applications.InceptionResNetV2}[network]
    base = app(weights=None, include_top=False, input_shape=(size, size, 3))
    if nested:
        inputs = k.Input((size, size, 3))
        x = base(inputs)
    else:
        inputs, x = base.input, base.output
    L = k.layers
    if head == "stack":
        x = L.GlobalAveragePooling2D()(x)
        x = L.Dense(64, activation="relu")(x)
        x = L.Dropout(0.4)(x)
        x = L.BatchNormalization()(x)
        x = L.Dense(32, activation="gelu")(x)
        x = L.Dense(5, activation="softmax")(x)
    elif head == "single":
        x = L.GlobalAveragePooling2D()(x)
        x = L.Dense(3, activation="softmax")(x)
    elif head == "flatten":
        x = L.AveragePooling2D(2, strides=1)(x)
        x = L.Flatten()(x)
        x = L.Dense(8, activation="tanh")(x)
        x = L.Dense(1, activation="sigmoid")(x)
    else:
        raise ValueError(head)
    model = k.Model(inputs, x)
    randomise(model, seed)
    return model


def predict(model: Any, pixels: np.ndarray) -> np.ndarray:
    """TensorFlow's probabilities for uint8-valued NHWC pixels, preprocessed as
    keras.applications.inception_v3.preprocess_input does (x / 127.5 - 1)."""
    out = np.asarray(model.predict(pixels.astype(np.float32) / 127.5 - 1.0, verbose=0),
                     np.float64)
    if out.shape[1] == 1:  # one sigmoid: the app reads it as two classes
        out = np.concatenate([1.0 - out, out], axis=1)
    return out


# ----------------------------------------------------------------------------- TF.js

def _flat_weights(model: Any) -> list[tuple[str, Any, np.ndarray]]:
    """(tfjs name, variable, value) of every weight, as the tfjs converter names them."""
    out = []
    for var, value in zip(model.weights, model.get_weights(), strict=True):
        name = getattr(var, "path", None) or var.name
        out.append((name.split(":")[0], var, value))
    return out


def quantise(value: np.ndarray, dtype: str) -> tuple[np.ndarray, dict[str, Any]]:
    """tfjs' affine quantisation (tfjs-converter quantization.py): q = round((w - min) /
    scale), dequantised as min + q * scale."""
    if dtype == "float16":
        return value.astype("<f2"), {"dtype": "float16"}
    levels = 255 if dtype == "uint8" else 65535
    low, high = float(value.min()), float(value.max())
    scale = (high - low) / levels if high > low else 1.0
    q = np.round((value - low) / scale).astype("<u1" if dtype == "uint8" else "<u2")
    return q, {"dtype": dtype, "min": low, "scale": scale, "original_dtype": "float32"}


def dequantise(q: np.ndarray, quant: dict[str, Any]) -> np.ndarray:
    if quant["dtype"] == "float16":
        return q.astype(np.float32)
    return (np.float32(quant["min"]) + q.astype(np.float32) *
            np.float32(quant["scale"])).astype(np.float32)


def write_tfjs(model: Any, folder: Path, quantisation: str | None = None,
               shard_bytes: int = 4 << 20) -> Path:
    """A TF.js layers model (model.json + binary shards) of a Keras 2 model, per the TF.js
    format; with quantisation, the model's own weights are set to the dequantised values so
    that TensorFlow predicts with exactly what the file holds."""
    folder.mkdir(parents=True, exist_ok=True)
    entries, blobs, dequantised = [], [], []
    for name, _, value in _flat_weights(model):
        value = np.asarray(value, np.float32)
        entry: dict[str, Any] = {"name": name, "shape": list(value.shape), "dtype": "float32"}
        if quantisation is not None:
            stored, quant = quantise(value, quantisation)
            entry["quantization"] = quant
            dequantised.append(dequantise(stored, quant))
        else:
            stored = value.astype("<f4")
            dequantised.append(value)
        entries.append(entry)
        blobs.append(stored.tobytes())
    if quantisation is not None:
        model.set_weights(dequantised)
    data = b"".join(blobs)
    n = max(1, -(-len(data) // shard_bytes))
    paths = []
    for i in range(n):
        shard = f"group1-shard{i + 1}of{n}.bin"
        (folder / shard).write_bytes(data[i * shard_bytes:(i + 1) * shard_bytes])
        paths.append(shard)
    topology = json.loads(model.to_json())
    doc = {"format": "layers-model", "generatedBy": "keras v" + topology.get("keras_version", ""),
           "convertedBy": "inception-desktop tests (TF.js format)",
           "modelTopology": {"model_config": topology, "keras_version":
                             topology.get("keras_version"), "backend": "tensorflow"},
           "weightsManifest": [{"paths": paths, "weights": entries}]}
    path = folder / "model.json"
    path.write_text(json.dumps(doc))
    return path


# ----------------------------------------------------------------------------- the subprocess

def pixels(size: int, n: int = 2, seed: int = 0) -> np.ndarray:
    """uint8 NHWC test images: random, and a smooth gradient."""
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, (n, size, size, 3), dtype=np.uint8)
    img[1] = np.linspace(0, 255, size, dtype=np.uint8)[None, :, None]
    return img


def save(model: Any, how: str, folder: Path) -> Path:
    """Save `model` as `how`: .keras, k3.h5 / k2.h5 (full model), .weights.h5 /
    k2-weights.h5 (weights only), tfjs-float32 / -float16 / -uint8 / -uint16."""
    folder.mkdir(parents=True, exist_ok=True)
    if how == ".keras":
        path = folder / "model.keras"
        model.save(path)
    elif how in ("k3.h5", "k2.h5"):
        path = folder / "model.h5"
        model.save(path)
    elif how in (".weights.h5", "k2-weights.h5"):
        path = folder / ("model.weights.h5" if how == ".weights.h5" else "weights.h5")
        model.save_weights(path)
    else:
        quant = how.split("-")[1]
        path = write_tfjs(model, folder / "tfjs", None if quant == "float32" else quant)
    return path


def _make(job: dict[str, Any]) -> dict[str, Any]:
    out = Path(job["folder"])
    if job.get("variant"):  # Keras' InceptionV3 with the stem's padded 3x3 conv made 5x5
        keras = keras_module(False)
        base = keras.applications.InceptionV3(weights=None, include_top=False,
                                              input_shape=(139, 139, 3))
        x = keras.layers.GlobalMaxPooling2D()(base.output)
        config = keras.Model(base.input, keras.layers.Dense(2)(x)).get_config()
        conv = next(layer for layer in config["layers"] if layer["class_name"] == "Conv2D"
                    and layer["config"]["filters"] == 64 and
                    layer["config"]["padding"] == "same" and
                    list(layer["config"]["kernel_size"]) == [3, 3])
        conv["config"]["kernel_size"] = [5, 5]
        path = out / "variant.keras"
        keras.Model.from_config(config).save(path)
        return {"path": str(path), "changed": conv["name"]}
    model = build(job["network"], job["head"], job["size"], keras2=job["keras2"],
                  nested=job["nested"], seed=job["seed"])
    saved = {}
    for how in job["formats"]:  # after each save: a quantised TF.js file changes the model
        path = save(model, how, out / how.replace(".", "_"))
        probs = {seed: predict(model, pixels(job["size"], seed=seed)) for seed in (0, 1)}
        np.savez(out / f"{how.replace('.', '_')}.npz", **{str(k): v for k, v in probs.items()})
        saved[how] = {"path": str(path), "expected": str(out / f"{how.replace('.', '_')}.npz")}
    return saved


def make_models(job: dict[str, Any], timeout: float = 1200) -> dict[str, Any]:
    """Run `_make(job)` with TensorFlow in a subprocess -> what it saved."""
    code = ("import json, sys; from tests.helpers.keras_reference import _make; "
            "print(json.dumps(_make(json.loads(sys.argv[1]))))")
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), KERAS_BACKEND="tensorflow",
               TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", CUDA_VISIBLE_DEVICES="")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(job)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=root)
    if done.returncode != 0:
        raise RuntimeError(f"TensorFlow failed ({done.returncode}): {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
