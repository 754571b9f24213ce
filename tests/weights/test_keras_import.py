"""Keras and TensorFlow.js models import and classify with TensorFlow's numbers.

The reference is TensorFlow itself: keras.applications InceptionV3 / InceptionResNetV2
(weights=None, include_top=False) with random weights and heads of several shapes, saved in
each format; the app's probabilities on the same pixels must match `model.predict` to 1e-4 on
torch, onnxruntime and OpenVINO.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

if importlib.util.find_spec("tensorflow") is None:  # TensorFlow itself runs in a subprocess
    pytest.skip("tensorflow is not installed", allow_module_level=True)

from inception_desktop.cli import main  # noqa: E402
from inception_desktop.engine.predictor import Predictor  # noqa: E402
from inception_desktop.engine.preprocess import preprocess  # noqa: E402
from inception_desktop.errors import WeightsError  # noqa: E402
from inception_desktop.weights.importer import import_weights  # noqa: E402
from inception_desktop.weights.kerasimport import detect  # noqa: E402
from inception_desktop.weights.store import list_entries  # noqa: E402
from tests.helpers import keras_reference as ref  # noqa: E402

TOLERANCE = 1e-4

# (network, head, input size, built with Keras 2 (tf-keras), base model nested)
MODELS = {
    "v3-stack-224": ("inception_v3", "stack", 224, False, False),
    "irv2-single": ("inception_resnet_v2", "single", 139, False, True),
    "v3-flatten-k2": ("inception_v3", "flatten", 139, True, False),
    "irv2-single-k2": ("inception_resnet_v2", "single", 139, True, False),
}
# (model, how it is saved)
CASES = [
    ("v3-stack-224", ".keras"),
    ("v3-stack-224", "k3.h5"),
    ("irv2-single", ".keras"),
    ("irv2-single", "k3.h5"),
    ("irv2-single", ".weights.h5"),
    ("v3-flatten-k2", "k2.h5"),
    ("v3-flatten-k2", "tfjs-float32"),
    ("v3-flatten-k2", "tfjs-uint8"),
    ("irv2-single-k2", "k2.h5"),
    ("irv2-single-k2", "k2-weights.h5"),
    ("irv2-single-k2", "tfjs-float16"),
    ("irv2-single-k2", "tfjs-uint16"),
]


@pytest.fixture(scope="module")
def keras_builds(tmp_path_factory):
    """key -> what TensorFlow saved for it (a Future). Every model of the module is started
    when the first is asked for, two TensorFlow processes at a time: each spends most of its
    time on one core (importing TensorFlow, building the graph in Python, saving), so two run
    side by side in the time of one on the 2-core CI machine."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = {}
    for key, (network, head, size, keras2, nested) in MODELS.items():
        jobs[key] = {"network": network, "head": head, "size": size, "keras2": keras2,
                     "nested": nested, "seed": list(MODELS).index(key),
                     "formats": [h for k, h in CASES if k == key],
                     "folder": str(tmp_path_factory.mktemp(key))}
    jobs["variant"] = {"variant": True, "folder": str(tmp_path_factory.mktemp("variant"))}
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tensorflow")
    try:
        yield {key: pool.submit(ref.make_models, job) for key, job in jobs.items()}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module")
def keras_files(keras_builds):
    """(key, how) -> (file, TensorFlow's probabilities by pixel seed): every format of a model
    saved from the same weights."""

    def get(key: str, how: str):
        entry = keras_builds[key].result()[how]
        with np.load(entry["expected"]) as expected:
            return Path(entry["path"]), {int(k): expected[k] for k in expected.files}

    return get


def pixels(size: int, seed: int = 0) -> np.ndarray:
    return ref.pixels(size, seed=seed)


def app_probabilities(predictor: Predictor, pix: np.ndarray) -> np.ndarray:
    batch = np.stack([preprocess(Image.fromarray(p), predictor.spec) for p in pix])
    return predictor.probabilities(batch)


@pytest.mark.slow
@pytest.mark.parametrize(("key", "how"), CASES)
def test_keras_model_matches_tensorflow_on_torch(keras_files, key, how, capsys):
    network, head, size, _, _ = MODELS[key]
    path, expected = keras_files(key, how)
    expected, pix = expected[0], pixels(size, seed=0)
    args = ["weights", "import", str(path), "--name", "imported"]
    if "weights" in how:  # no graph: the network and input size are given
        args += ["--model", network, "--input-size", str(size)]
    assert main(args) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "imported" in out and "TensorFlow pooling" in out
    predictor = Predictor(weights="imported", backend="torch")
    try:
        assert predictor.spec.input_size == size
        assert predictor.spec.resize_mode == "squash"
        got = app_probabilities(predictor, pix)
    finally:
        predictor.close()
    assert got.shape == expected.shape
    print(f"max |dp| {key} {how} torch: {np.abs(got - expected).max():.2e}")
    assert np.abs(got - expected).max() <= TOLERANCE


@pytest.mark.slow
@pytest.mark.parametrize("key", ["v3-stack-224", "irv2-single-k2"])
def test_keras_model_matches_tensorflow_on_onnx_runtimes(keras_files, key):
    network, head, size, keras2, _ = MODELS[key]
    path, expected = keras_files(key, "k2.h5" if keras2 else ".keras")
    expected, pix = expected[1], pixels(size, seed=1)
    entry = import_weights(path, name="imported")
    assert entry.kind == "custom" and entry.network == network
    for backend in ("onnxruntime", "openvino"):
        predictor = Predictor(weights="imported", backend=backend)
        try:
            got = app_probabilities(predictor, pix)
            print(f"max |dp| {key} {backend}: {np.abs(got - expected).max():.2e}")
            assert np.abs(got - expected).max() <= TOLERANCE, backend
            # Feature maps come from the same run; CAM only where the head is linear.
            acts = predictor.activations(Image.fromarray(pix[0]))
            assert acts.blocks[acts.last_block].shape[0] == (2048 if network == "inception_v3"
                                                             else 1536)
            assert acts.cam_exact == (head == "single")
            if head == "single":
                cam = acts.cam(0, upsample_to_input=False)
                assert abs(cam.mean() + acts.head_bias[0] - acts.logits[0]) < 1e-3
        finally:
            predictor.close()


def test_detect_says_what_the_file_is_before_anything_is_installed(keras_files):
    path, _ = keras_files("irv2-single-k2", "tfjs-float16")
    found = detect(path, preprocess=None)
    text = "\n".join(found.lines())
    assert "TF.js layers model (float16-quantised)" in text
    assert "Inception-ResNet-v2 (139 px)" in text
    assert "Keras head 1536 -> 3" in text and "assumed" in text  # TF.js says no preprocessing
    assert not [e for e in list_entries() if e.kind == "custom"]  # nothing installed


def test_labels_and_preprocessing_overrides(keras_files, tmp_path):
    path, _ = keras_files("irv2-single-k2", "k2.h5")
    labels = tmp_path / "labels.txt"
    labels.write_text("cat\ndog\nbird\n")
    entry = import_weights(path, name="pets", preprocess="unit", resize="crop", labels=labels)
    assert entry.class_names == ["cat", "dog", "bird"]
    predictor = Predictor(weights="pets", backend="torch")
    try:
        assert predictor.spec.mean == (0.0, 0.0, 0.0) and predictor.spec.std == (1.0, 1.0, 1.0)
        assert predictor.spec.resize_mode == "crop"
        assert predictor.labels[:3] == ["cat", "dog", "bird"]
    finally:
        predictor.close()
    bad = tmp_path / "bad.json"
    bad.write_text('["cat", "dog"]')
    with pytest.raises(WeightsError, match="names 2 classes but the model has 3"):
        import_weights(path, name="pets2", labels=bad)


def test_a_network_keras_does_not_match_names_the_layer(keras_builds):
    """A user's variant of Keras' InceptionV3 (the stem's padded 3x3 convolution made 5x5)."""
    made = keras_builds["variant"].result()
    path, changed = Path(made["path"]), made["changed"]
    with pytest.raises(WeightsError) as err:
        import_weights(path)
    message = str(err.value)
    assert "is not a Keras Inception-v3" in message and changed in message
    assert "expected Conv2D 3x3/1 same with 64 filters at Conv2d_2b_3x3" in message
    assert "\n" not in message
    assert not [e for e in list_entries() if e.kind == "custom"]


def test_import_needs_no_torch(keras_files, tmp_path):
    """The lite build imports Keras and TF.js models: reading, matching and writing the app's
    checkpoint use numpy and h5py only."""
    from tests.helpers.torchfree import run_cli_without_torch

    path, _ = keras_files("v3-flatten-k2", "tfjs-uint8")
    result = run_cli_without_torch([["weights", "import", str(path), "--name", "lite"]],
                                   tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout and "TF.js layers model (uint8-quantised)" in \
        result.stdout


@pytest.mark.slow
def test_head_mode_keeps_the_imported_heads_shape(keras_files, tmp_path):
    """Head-mode fine-tuning of an imported Keras model trains a new last Dense on its own
    penultimate features (2048 -> 64 -> 32 -> N): the head keeps its shape."""
    from inception_desktop.training.finetune import FinetuneConfig, run_finetune
    from inception_desktop.weights.headfile import read_head_checkpoint
    from tests.helpers.datasets import make_dataset

    import_weights(keras_files("v3-stack-224", ".keras")[0], name="flowers")
    data = make_dataset(tmp_path / "shapes", per_class=5, size=64)
    result = run_finetune(FinetuneConfig(str(data), weights="flowers", backend="torch",
                                         epochs=3, out=str(tmp_path / "head.safetensors")))
    head = read_head_checkpoint(result.checkpoint)
    assert head.weight.shape == (3, 32)
    predictor = Predictor(weights=result.checkpoint, backend="torch")
    try:
        assert predictor.spec.input_size == 224 and predictor.spec.resize_mode == "squash"
        assert predictor.num_classes == 3
        assert predictor.probabilities(np.zeros((1, 3, 224, 224), np.float32)).shape == (1, 3)
    finally:
        predictor.close()
