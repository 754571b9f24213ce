"""The Open Inference Protocol with a real client of it (tritonclient), JSON and binary
tensors; v2 logits equal the export run directly; `/v1/classify` equals `classify`."""

from __future__ import annotations

import json

import numpy as np
import pytest
import requests
import tritonclient.http as triton

from inception_desktop.cli import main
from inception_desktop.engine.images import load_image
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.engine.results import softmax
from tests.helpers.images import photo


def client(server) -> triton.InferenceServerClient:
    return triton.InferenceServerClient(url=server.url.removeprefix("http://"))


def batch_of(predictor, n=2, seed=0) -> np.ndarray:
    return np.stack([preprocess(photo(320 + 30 * i, 240, seed=seed + i), predictor.spec)
                     for i in range(n)])


def test_health_and_metadata_with_a_protocol_client(server):
    c = client(server)
    assert c.is_server_live() and c.is_server_ready()
    meta = c.get_server_metadata()
    assert meta["name"] == "inception-desktop" and "binary_tensor_data" in meta["extensions"]
    model = c.get_model_metadata("inception_v3")
    assert model["inputs"] == [{"name": "input", "datatype": "FP32",
                                "shape": [-1, 3, 299, 299]}]
    assert [o["name"] for o in model["outputs"]] == ["logits", "probabilities"]
    assert c.is_model_ready("inception_v3") and not c.is_model_ready("nope")


@pytest.mark.parametrize("binary", [False, True])
def test_infer_equals_the_export_run_directly(server, predictor, binary):
    import onnxruntime as ort

    x = batch_of(predictor, 3)
    inp = triton.InferInput("input", list(x.shape), "FP32")
    inp.set_data_from_numpy(x, binary_data=binary)
    outputs = [triton.InferRequestedOutput(name, binary_data=binary)
               for name in ("logits", "probabilities")]
    result = client(server).infer("inception_v3", [inp], outputs=outputs, request_id="r1")
    logits = result.as_numpy("logits")
    session = ort.InferenceSession(str(predictor.backend.export.onnx_path),
                                   providers=["CPUExecutionProvider"])
    (direct,) = session.run(["logits"], {"input": x})
    assert logits.shape == (3, 1000)
    assert np.abs(logits - direct).max() <= 1e-5 * max(1.0, float(np.abs(direct).max()))
    assert np.allclose(result.as_numpy("probabilities"), softmax(logits), atol=1e-7)
    assert result.get_response()["id"] == "r1"


def test_v1_classify_equals_the_classify_command(server, tmp_path, capsys):
    files = []
    for i in range(3):
        path = tmp_path / f"p{i}.jpg"
        photo(400 + 40 * i, 300, seed=20 + i).save(path, quality=92)
        files.append(path)
    assert main(["classify", *map(str, files), "--random-weights", "--format", "json"]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    multipart = [("file", (f.name, f.read_bytes(), "image/jpeg")) for f in files]
    got = requests.post(f"{server.url}/v1/classify", files=multipart, timeout=60).json()
    assert got["model"] == "inception_v3" and got["weights"]["untrained"] is True
    for want, have in zip(expected, got["results"], strict=True):
        assert have["file"] == want["file"].rsplit("/", 1)[-1]
        assert have["predictions"] == want["predictions"]  # exactly the same numbers
    raw = requests.post(f"{server.url}/v1/classify?top_k=2",
                        data=files[0].read_bytes(), headers={"content-type": "image/jpeg"},
                        timeout=60).json()
    assert raw["results"][0]["predictions"] == expected[0]["predictions"][:2]


def test_v1_models_describes_what_is_served(server):
    (m,) = requests.get(f"{server.url}/v1/models", timeout=10).json()["models"]
    assert m["name"] == "inception_v3" and m["classes"] == 1000 and len(m["labels"]) == 1000
    assert m["input"]["preprocessing"]["center_crop"] == 299


def test_one_bad_file_among_several_is_that_files_error(server, tmp_path):
    good = tmp_path / "good.png"
    photo(200, 200).save(good)
    files = [("file", ("good.png", good.read_bytes(), "image/png")),
             ("file", ("bad.jpg", b"\xff\xd8\xff not really", "image/jpeg"))]
    results = requests.post(f"{server.url}/v1/classify", files=files, timeout=60).json()[
        "results"]
    assert "predictions" in results[0] and "error" not in results[0]
    assert results[1]["file"] == "bad.jpg" and "bad.jpg" in results[1]["error"]


def test_the_readme_client_example_runs_against_the_server(start_server, tmp_path, predictor):
    """scripts/oip_client.py (shown in the README) works as written, token included."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.helpers.net import TOKEN

    server = start_server(token=TOKEN)
    img = tmp_path / "cat.jpg"
    photo(500, 375, seed=7).save(img, quality=92)
    script = Path(__file__).resolve().parents[2] / "scripts" / "oip_client.py"
    result = subprocess.run([sys.executable, str(script), str(img), "--url",
                             server.url.removeprefix("http://"), "--token", TOKEN],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected, _ = predictor.classify_images([load_image(img)], top=5)
    assert lines[0].startswith(f"1. class {expected[0][0].index}: ")
    assert len(lines) == 5
