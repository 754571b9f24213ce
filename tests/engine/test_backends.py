"""Both backends agree; onnxruntime runs without torch; CAM is exact; export-onnx is faithful."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from inception_desktop.cli import main
from inception_desktop.engine.activations import class_activation_map
from inception_desktop.engine.predictor import Predictor
from inception_desktop.models import get_spec, list_models
from tests.helpers.images import photo
from tests.helpers.torchfree import BLOCKER

IMAGES = [photo(320, 240, seed=1), photo(500, 333, seed=2), photo(240, 410, seed=3)]


@pytest.mark.parametrize("name", list_models())
def test_backends_agree(name, checkpoints):
    weights = checkpoints(name)
    torch_clf = Predictor(name, weights=weights, backend="torch", device="cpu")
    onnx_clf = Predictor(name, weights=weights, backend="onnxruntime")
    assert onnx_clf.backend_name == "onnxruntime" and torch_clf.backend_name == "torch"
    a, _ = torch_clf.classify_images(IMAGES)
    b, _ = onnx_clf.classify_images(IMAGES)
    for pa, pb in zip(a, b, strict=True):
        assert [p.index for p in pa] == [p.index for p in pb]
        assert [p.label for p in pa] == [p.label for p in pb]
        assert max(abs(x.probability - y.probability) for x, y in zip(pa, pb, strict=True)) \
            <= 1e-4
    # Block activations agree too, and there is one per viewable block.
    acts_t = torch_clf.activations(IMAGES[0])
    acts_o = onnx_clf.activations(IMAGES[0])
    assert list(acts_o.blocks) == [blk.path for blk in get_spec(name).blocks]
    for path, arr in acts_t.blocks.items():
        ref = np.abs(arr).max()
        assert np.abs(arr - acts_o.blocks[path]).max() <= 1e-4 * max(ref, 1.0), path


@pytest.mark.parametrize("name", list_models())
def test_probabilities_match_the_reference_model_and_transform(name, checkpoints):
    """A reference-format file (made from torchvision's or timm's own random-weights model)
    classifies with the probabilities of that model after its own preprocessing, on torch
    and onnxruntime: |dp| <= 1e-4."""
    import torch

    from tests.helpers.reference import REFERENCES, random_reference

    transform = REFERENCES[name].transform()
    reference = random_reference(name)
    with torch.no_grad():
        expected = torch.softmax(reference(torch.stack([transform(i) for i in IMAGES])), 1)
    for backend in ("torch", "onnxruntime"):
        clf = Predictor(name, weights=checkpoints(name), backend=backend, device="cpu")
        got = clf.probabilities(np.stack([clf_input(clf, i) for i in IMAGES]))
        worst = float(np.abs(got - expected.numpy()).max())
        # Random weights give flat probabilities (about 1e-3 each): the log-probabilities
        # show a wrong transform or layer where |dp| alone could not.
        worst_log = float(np.abs(np.log(got) - np.log(expected.numpy())).max())
        print(f"{name} {backend}: max |dp| {worst:.2g}, max |d log p| {worst_log:.2g}")
        assert worst <= 1e-4 and worst_log <= 1e-3
        clf.close()


def clf_input(clf, image):
    from inception_desktop.engine.preprocess import preprocess

    return preprocess(image, clf.spec)


def test_auto_backend_on_cpu_is_onnxruntime(checkpoints):
    clf = Predictor("inception_v3", weights=checkpoints("inception_v3"))
    assert (clf.backend_name, clf.device) == ("onnxruntime", "cpu")


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
def test_cam_equals_manual_weighted_sum(backend, checkpoints):
    clf = Predictor("inception_resnet_v2", weights=checkpoints("inception_resnet_v2"),
                     backend=backend, device="cpu")
    acts = clf.activations(IMAGES[1])
    top = int(np.argmax(acts.logits))
    features = acts.blocks[acts.last_block].astype(np.float64)  # C x H x W
    manual = np.zeros(features.shape[1:])
    for k in range(features.shape[0]):
        manual += acts.head_weight[top, k] * features[k]
    raw = acts.cam(top, upsample_to_input=False)
    assert np.allclose(raw, manual, rtol=1e-5, atol=1e-5)
    # Exact for a pooled-linear head: the map's mean plus the bias is the logit.
    assert abs(raw.mean() + acts.head_bias[top] - acts.logits[top]) <= 1e-4 * max(
        1.0, abs(acts.logits[top]))
    assert acts.cam(top).shape == (299, 299)
    assert class_activation_map(features, acts.head_weight[top]).shape == features.shape[1:]


def test_grad_cam_on_torch(checkpoints):
    clf = Predictor("inception_v4", weights=checkpoints("inception_v4"), backend="torch",
                     device="cpu")
    cam = clf.grad_cam(IMAGES[0], "features.15", class_index=3)
    assert cam.shape == (299, 299) and cam.min() >= 0 and cam.max() > 0
    onnx_clf = Predictor("inception_v4", weights=checkpoints("inception_v4"),
                          backend="onnxruntime")
    from inception_desktop.engine.backend import BackendError

    with pytest.raises(BackendError, match="torch backend"):
        onnx_clf.grad_cam(IMAGES[0], "features.15", 3)


TORCH_FREE = BLOCKER + """
import json
from inception_desktop.cli import main
code = main(["classify", sys.argv[1], "--weights", sys.argv[2], "--format", "json"])
assert not any(m.split(".")[0] == "torch" for m in sys.modules), "torch was imported"
sys.exit(code)
"""


def test_onnxruntime_path_runs_without_torch(checkpoints, tmp_path, shared_data_dir):
    weights = checkpoints("inception_v3")
    Predictor("inception_v3", weights=weights, backend="onnxruntime")  # exported once, here
    img = tmp_path / "cat.png"
    photo(300, 300, seed=9).save(img)
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(shared_data_dir))
    result = subprocess.run([sys.executable, "-c", TORCH_FREE, str(img), str(weights)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert row["model"] == "inception_v3" and len(row["predictions"]) == 5
    expected, _ = Predictor("inception_v3", weights=weights, backend="torch",
                             device="cpu").classify_images([photo(300, 300, seed=9)])
    assert [p["index"] for p in row["predictions"]] == [p.index for p in expected[0]]


def test_torch_free_without_export_says_why(tmp_path, checkpoints, shared_data_dir):
    code = TORCH_FREE.replace('"--weights", sys.argv[2]', '"--random-weights", "--model", '
                                                          '"inception_v4"')
    img = tmp_path / "a.png"
    photo(50, 50).save(img)
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(tmp_path / "empty"))
    result = subprocess.run([sys.executable, "-c", code, str(img), "unused"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "torch is needed to make one" in result.stderr and "Traceback" not in result.stderr


def test_export_onnx_parity(checkpoints, tmp_path, capsys):
    import onnx

    out = tmp_path / "v4.onnx"
    code = main(["export-onnx", "--model", "inception_v4", "--weights",
                 str(checkpoints("inception_v4")), "--out", str(out), "--with-blocks"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "top-1 agrees" in text and "max |logit difference|" in text
    model = onnx.load(str(out), load_external_data=False)
    onnx.checker.check_model(model)
    outputs = [o.name for o in model.graph.output]
    assert outputs[:3] == ["logits", "probabilities", "features"]
    assert len(outputs) == 3 + len(get_spec("inception_v4").blocks)
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    assert json.loads(out.with_suffix(".json").read_text())["network"] == "inception_v4"
