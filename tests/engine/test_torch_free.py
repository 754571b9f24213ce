"""The torch-free build's world: a fine-tuned head checkpoint is imported and classifies with
onnxruntime while torch cannot even be imported."""

from __future__ import annotations

import json

import numpy as np

from inception_desktop.engine.images import load_image
from inception_desktop.engine.predictor import Predictor
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.engine.results import softmax
from inception_desktop.fileio import file_sha256
from inception_desktop.weights.headfile import save_head_checkpoint
from tests.helpers.images import photo
from tests.helpers.torchfree import run_cli_without_torch


def test_head_checkpoint_imports_and_classifies_without_torch(checkpoints, tmp_path,
                                                              shared_data_dir):
    base = checkpoints("inception_v3")
    Predictor("inception_v3", weights=base, backend="onnxruntime")  # the base's export
    rng = np.random.default_rng(3)
    head = tmp_path / "fruit-head.safetensors"
    weight, bias = rng.standard_normal((3, 2048)) * 0.05, rng.standard_normal(3) * 0.1
    save_head_checkpoint(head, "inception_v3", weight, bias, ["apple", "pear", "plum"],
                         {"name": base.stem, "sha256": file_sha256(base), "untrained": False},
                         {"name": "fruit"})
    img = tmp_path / "fruit.png"
    photo(320, 240, seed=5).save(img)
    result = run_cli_without_torch(
        [["weights", "import", str(head)],
         ["classify", str(img), "--weights", "fruit", "--format", "json", "--top-k", "3"]],
        shared_data_dir)
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
    row = json.loads(result.stdout.splitlines()[-1])
    assert row["model"] == "fruit" and {p["label"] for p in row["predictions"]} == \
        {"apple", "pear", "plum"}
    # The probabilities of the head over the base's pooled features, computed with torch.
    torch_base = Predictor("inception_v3", weights=base, backend="torch", device="cpu")
    features = torch_base.run(preprocess(load_image(img), torch_base.spec)[None]).features
    expected = softmax(features @ weight.T.astype(np.float32) + bias.astype(np.float32))[0]
    for p in row["predictions"]:
        assert abs(p["probability"] - expected[["apple", "pear", "plum"].index(p["label"])]) \
            < 1e-4
