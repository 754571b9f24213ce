"""`export-onnx --triton-repo`: a Triton model repository whose config.pbtxt is valid against
Triton's model-configuration schema (as tritonclient ships it) and whose model.onnx is the
export, with the inputs and outputs the config names."""

from __future__ import annotations

import onnx
from google.protobuf import text_format
from tritonclient.grpc import model_config_pb2

from inception_desktop.cli import main
from inception_desktop.engine.predictor import Predictor


def parse_config(path) -> model_config_pb2.ModelConfig:
    config = model_config_pb2.ModelConfig()
    text_format.Parse(path.read_text(), config)  # raises on unknown fields or bad syntax
    return config


def test_triton_repository_of_published_weights(tmp_path, checkpoints, capsys):
    weights = checkpoints("inception_v3")
    repo = tmp_path / "repo"
    assert main(["export-onnx", "--weights", str(weights), "--triton-repo", str(repo),
                 "--max-batch", "16"]) == 0
    assert "wrote the Triton model repository" in capsys.readouterr().out
    config = parse_config(repo / "inception_v3" / "config.pbtxt")
    assert config.name == "inception_v3" and config.backend == "onnxruntime"
    # serve's limits: any request serve takes (up to --max-queue images), batches of 16
    assert config.max_batch_size == 64
    assert list(config.dynamic_batching.preferred_batch_size) == [16]
    assert config.dynamic_batching.default_queue_policy.max_queue_size == 64
    assert config.dynamic_batching.max_queue_delay_microseconds == 5000
    (inp,) = config.input
    assert (inp.name, list(inp.dims), inp.data_type) == ("input", [3, 299, 299],
                                                         model_config_pb2.TYPE_FP32)
    assert [(o.name, list(o.dims)) for o in config.output] == [("logits", [1000]),
                                                               ("probabilities", [1000])]
    # model.onnx is the export the app runs, byte for byte.
    export = Predictor("inception_v3", weights=weights, backend="onnxruntime").backend.export
    model_file = repo / "inception_v3" / "1" / "model.onnx"
    assert model_file.read_bytes() == export.onnx_path.read_bytes()
    graph = onnx.load(str(model_file), load_external_data=False).graph
    assert {"logits", "probabilities"} <= {o.name for o in graph.output}
    assert graph.input[0].name == "input"
    labels = (repo / "inception_v3" / "labels.txt").read_text().splitlines()
    assert len(labels) == 1000 and labels[281] == "tabby"


def test_triton_repository_of_a_fine_tuned_head(tmp_path, checkpoints, monkeypatch):
    import numpy as np

    # Installs weights: a folder of its own, never the one its neighbours share.
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "own-data"))

    from inception_desktop.fileio import file_sha256
    from inception_desktop.weights.headfile import save_head_checkpoint

    base = checkpoints("inception_v3")
    head = tmp_path / "fruit.safetensors"
    save_head_checkpoint(head, "inception_v3", np.ones((2, 2048), np.float32) * 0.01,
                         np.zeros(2, np.float32), ["apple", "pear"],
                         {"name": "base", "sha256": file_sha256(base), "untrained": False},
                         {"name": "fruit"})
    from inception_desktop.weights.importer import import_weights

    import_weights(base, name="base-v3")  # a head needs its base weights installed
    repo = tmp_path / "repo"
    assert main(["export-onnx", "--weights", str(head), "--triton-repo", str(repo)]) == 0
    config = parse_config(repo / "fruit" / "config.pbtxt")
    assert [list(o.dims) for o in config.output] == [[2], [2]]
    assert (repo / "fruit" / "labels.txt").read_text().split() == ["apple", "pear"]
    import onnxruntime as ort

    session = ort.InferenceSession(str(repo / "fruit" / "1" / "model.onnx"),
                                   providers=["CPUExecutionProvider"])
    x = np.random.default_rng(0).standard_normal((2, 3, 299, 299)).astype(np.float32)
    logits, probs = session.run(["logits", "probabilities"], {"input": x})
    expected = Predictor(weights=head, backend="onnxruntime").run(x).logits
    assert logits.shape == (2, 2) and np.allclose(logits, expected, atol=1e-4)
    assert np.allclose(probs.sum(1), 1.0, atol=1e-6)


def test_triton_repository_mistakes(tmp_path, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    assert main(["export-onnx", "--random-weights", "--model", "inception_v3",
                 "--triton-repo", str(afile)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert main(["export-onnx", "--random-weights", "--model", "inception_v3"]) == 2
    assert "--triton-repo" in capsys.readouterr().err


def test_exporting_again_writes_the_version_triton_serves(tmp_path, capsys):
    """An older version left in the repository is never what Triton serves: the export is
    the next version, and the policy serves the latest."""
    repo = tmp_path / "repo"
    (repo / "inception_v1" / "3").mkdir(parents=True)
    assert main(["export-onnx", "--model", "inception_v1", "--random-weights", "--triton-repo",
                 str(repo), "--max-queue", "32"]) == 0
    out = capsys.readouterr().out
    assert "version 4" in out and "serves this latest version" in out
    assert (repo / "inception_v1" / "4" / "model.onnx").is_file()
    config = parse_config(repo / "inception_v1" / "config.pbtxt")
    assert config.version_policy.latest.num_versions == 1
    assert config.max_batch_size == 32
    assert config.dynamic_batching.default_queue_policy.max_queue_size == 32
