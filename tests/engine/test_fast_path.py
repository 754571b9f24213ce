"""The classification path (issue 24): a classification graph that answers as the full one,
the full graph opened only for feature maps, `auto` (runtime and precision) measured once per
CPU, export file and batch size, and `serve --precision auto` running what `classify` chose."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import requests

from inception_desktop.cli import main
from inception_desktop.engine import autotune
from inception_desktop.engine.onnx_backend import CAM, CLASSIFY, FULL
from inception_desktop.engine.predictor import Predictor
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.engine.results import softmax
from tests.helpers.images import photo
from tests.helpers.net import free_port, wait_until_ready

IMAGES = [photo(320, 240, seed=11), photo(400, 300, seed=12), photo(299, 299, seed=13)]


@pytest.fixture(scope="module")
def weights(checkpoints):
    return checkpoints("inception_v3")


def _batch(spec) -> np.ndarray:
    return np.stack([preprocess(img, spec) for img in IMAGES])


def test_keeping_some_outputs_drops_the_nodes_only_the_others_needed():
    """The small ONNX reader: a graph with two outputs keeps one, and the node that fed only
    the other is gone; onnxruntime runs what is left (the `onnx` package only checks)."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    from inception_desktop.engine._onnx_proto import graph_output_names, keep_outputs

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
    outs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 3]) for n in ("a", "b")]
    w = helper.make_tensor("w", TensorProto.FLOAT, [2, 3], np.arange(6, dtype=np.float32))
    graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["h"]),
                               helper.make_node("Relu", ["h"], ["a"]),
                               helper.make_node("Sigmoid", ["h"], ["b"])],
                              "g", [x], outs, [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    data = model.SerializeToString()
    assert graph_output_names(data) == ["a", "b"]
    kept = keep_outputs(data, ["a"])
    pruned = onnx.load_from_string(kept)
    onnx.checker.check_model(pruned)
    assert [o.name for o in pruned.graph.output] == ["a"]
    assert [n.op_type for n in pruned.graph.node] == ["Add", "Relu"]
    assert len(pruned.graph.initializer) == 1  # the weights are kept as they were
    value = np.array([[-5, 0, 1], [2, -9, 3]], np.float32)
    (got,) = ort.InferenceSession(kept, providers=["CPUExecutionProvider"]).run(
        None, {"x": value})
    assert np.array_equal(got, np.maximum(value + np.arange(6).reshape(2, 3), 0))
    with pytest.raises(ValueError, match="no output"):
        keep_outputs(data, ["c"])


@pytest.mark.parametrize("backend", ["onnxruntime", "openvino"])
def test_classification_graph_answers_as_the_full_graph(weights, backend):
    predictor = Predictor("inception_v3", weights=weights, backend=backend, precision="fp32")
    x = _batch(predictor.spec)
    every_block = [b.path for b in predictor.spec.blocks]
    fast = predictor.run(x)
    full = predictor.run(x, every_block)
    assert predictor.backend.graphs_opened == [CLASSIFY, FULL]
    # the same arithmetic, so the same numbers: probabilities within 1e-6
    assert np.abs(softmax(fast.logits) - softmax(full.logits)).max() <= 1e-6
    assert np.abs(fast.logits - full.logits).max() <= 1e-5 * max(1.0, np.abs(full.logits).max())
    assert np.abs(fast.features - full.features).max() <= 1e-5 * max(
        1.0, np.abs(full.features).max())
    one = predictor.run(x[:1])  # batch 1 and batch 3 agree too (OpenVINO: other hint)
    assert np.abs(softmax(one.logits) - softmax(fast.logits[:1])).max() <= 1e-6
    predictor.close()


@pytest.mark.parametrize("backend", ["onnxruntime", "openvino"])
def test_the_full_graph_is_opened_only_for_feature_maps(weights, backend):
    predictor = Predictor("inception_v3", weights=weights, backend=backend, precision="fp32")
    opened = predictor.backend.graphs_opened
    assert opened == [CLASSIFY]
    predictor.classify_images(IMAGES[:2])
    list(predictor.classify_files([], batch_size=2))
    assert predictor.backend.graphs_opened == [CLASSIFY]
    # a class activation map needs only the last block: no full graph for it
    last = predictor.spec.blocks[-1].path
    cam_only = predictor.activations(IMAGES[0], [last])
    assert cam_only.cam(int(np.argmax(cam_only.logits))).shape == (299, 299)
    assert predictor.backend.graphs_opened == [CLASSIFY, CAM]
    # the feature viewer asks for every block: now the full graph
    acts = predictor.activations(IMAGES[0])
    assert len(acts.blocks) == len(predictor.spec.blocks)
    assert predictor.backend.graphs_opened == [CLASSIFY, CAM, FULL]
    # the CAM from the small graph is the CAM from the full one
    c = int(np.argmax(acts.logits))
    assert np.abs(cam_only.cam(c) - acts.cam(c)).max() <= 1e-4
    predictor.close()


@pytest.fixture
def fake_measure(monkeypatch, tmp_path):
    """`auto` without the tests' pin, measuring with given timings (ms per candidate)."""
    monkeypatch.delenv("INCEPTION_DESKTOP_AUTO", raising=False)
    monkeypatch.setenv("INCEPTION_DESKTOP_TUNING_DIR", str(tmp_path / "tuning"))
    measured: list[tuple[str, str, int]] = []
    timings = {"onnxruntime fp32": 30.0, "openvino fp32": 28.0, "openvino bf16": 12.0,
               "onnxruntime int8": 20.0, "openvino int8": 15.0}

    def fake(candidate, threads, input_size, batch=1, runs=5):
        measured.append((candidate.runtime, candidate.precision, batch))
        return timings[candidate.label], None  # nothing opened: the winner is opened

    monkeypatch.setattr(autotune, "measure", fake)
    return measured, timings


def test_auto_takes_the_fastest_measured_and_caches_it_per_cpu_and_export(
        weights, fake_measure, monkeypatch):
    import inception_desktop.cpu as cpu

    measured, _ = fake_measure
    monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset({"avx2", "avx512f", "avx512_bf16"}))
    first = Predictor("inception_v3", weights=weights, precision="auto")
    assert (first.backend_name, first.precision) == ("openvino", "bf16")
    assert "auto: fastest here" in first.runs and "openvino bf16 12 ms" in first.runs
    assert sorted(measured) == [("onnxruntime", "fp32", 1), ("openvino", "bf16", 1),
                                ("openvino", "fp32", 1)]  # no int8 export: not a candidate
    again = Predictor("inception_v3", weights=weights, precision="auto")
    assert (again.backend_name, again.precision) == ("openvino", "bf16") and len(measured) == 3
    # another batch size is another measurement
    Predictor("inception_v3", weights=weights, precision="auto", batch_size=8)
    assert len(measured) == 6 and {m[2] for m in measured[3:]} == {8}
    # without native bf16, bf16 is no candidate
    monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset({"avx2"}))
    plain = Predictor("inception_v3", weights=weights, precision="auto")
    assert (plain.backend_name, plain.precision) == ("openvino", "fp32")
    saved = json.loads(autotune.tuning_file().read_text())
    export = first.export
    digest = autotune.export_digest(export)
    assert all(f"/{digest}/" in key for key in saved)
    # another CPU measures again
    n = len(measured)
    monkeypatch.setattr(autotune, "cpu_identity", lambda: "another-cpu")
    Predictor("inception_v3", weights=weights, precision="auto")
    assert len(measured) == n + 2
    # a changed export file (another digest) measures again; the same one does not
    candidates = [autotune.Candidate("onnxruntime", "fp32", export),
                  autotune.Candidate("openvino", "fp32", export)]
    assert autotune.fastest(candidates, 299).candidate.runtime == "openvino"
    assert len(measured) == n + 2
    record = {**export.files_record,
              "onnx": {**export.files_record["onnx"], "sha256": "f" * 64}}
    changed = dataclasses.replace(export, files_record=record)
    chosen = autotune.fastest([dataclasses.replace(c, export=changed) for c in candidates], 299)
    assert chosen.measured and len(measured) == n + 4


def test_auto_measures_int8_where_a_quantized_export_exists(weights, fake_measure,
                                                            monkeypatch, tmp_path):
    from inception_desktop.engine import predictor as predictor_module

    measured, timings = fake_measure
    from tests.helpers.images import calibration_folder

    assert main(["quantize", "--model", "inception_v3", "--weights", str(weights),
                 "--calibration", str(calibration_folder(tmp_path / "cal")), "--images", "8",
                 "--method", "minmax"]) == 0
    monkeypatch.setattr(predictor_module, "AUTO_INT8_AGREEMENT", 0.0)  # random weights
    timings["openvino bf16"] = 40.0
    chosen = Predictor("inception_v3", weights=weights, precision="auto",
                       backend="onnxruntime")
    assert {(r, p) for r, p, _ in measured} == {("onnxruntime", "fp32"),
                                               ("onnxruntime", "int8")}
    assert (chosen.backend_name, chosen.precision) == ("onnxruntime", "int8")
    assert chosen.export.precision == "int8"


def test_the_pin_and_explicit_choices_measure_nothing(weights, fake_measure, monkeypatch):
    measured, _ = fake_measure
    explicit = Predictor("inception_v3", weights=weights, backend="openvino", precision="fp32")
    assert (explicit.backend_name, explicit.precision) == ("openvino", "fp32")
    monkeypatch.setenv("INCEPTION_DESKTOP_AUTO", "onnxruntime/fp32")
    pinned = Predictor("inception_v3", weights=weights, precision="auto")
    assert (pinned.backend_name, pinned.precision) == ("onnxruntime", "fp32")
    assert measured == []


def test_classify_and_serve_with_precision_auto_run_the_same(weights, fake_measure, tmp_path,
                                                              capsys, shared_data_dir):
    """`classify` of a folder (batch 8) measures and says what runs; `serve --precision
    auto` (batches of up to 8) finds the same measurement and serves with it."""
    measured, timings = fake_measure
    folder = tmp_path / "photos"
    folder.mkdir()
    for i in range(8):  # a batch of 8: what serve measures at too
        IMAGES[i % len(IMAGES)].save(folder / f"p{i}.png")
    assert main(["classify", str(folder), "--weights", str(weights), "--precision", "auto",
                 "--format", "json"]) == 0
    err = capsys.readouterr().err
    ran = measured[0][2]
    assert ran == 8 and "running openvino" in err and "auto: fastest here" in err
    # the fastest candidate measured: bf16 only on a CPU with native bf16, int8 only where an
    # earlier test left a quantized export in the shared data folder
    expected = min((f"{r} {p}" for r, p, _ in measured), key=timings.__getitem__)
    assert f"running {expected}" in err
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "INCEPTION_DESKTOP_AUTO"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "inception_desktop", "serve", "--weights", str(weights),
         "--precision", "auto", "--port", str(port)],
        env=dict(env, INCEPTION_DESKTOP_DATA_DIR=str(shared_data_dir)),
        stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, proc)
        meta = requests.get(f"{url}/v2/models/inception_v3", timeout=10).json()
        assert meta["platform"] == "openvino"
        answer = requests.post(f"{url}/v1/classify", data=(folder / "p0.png").read_bytes(),
                               headers={"content-type": "image/png"}, timeout=60)
        assert answer.status_code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        err = proc.stderr.read()
    # classify's measurement was found (the stand-in's timings), not measured again
    assert f"{expected} (auto: fastest here at batch 8" in err, err
    assert f"{expected} {timings[expected]:.0f} ms" in err


def test_a_tampered_tuning_file_is_measured_again(weights, fake_measure):
    """What the tuning file holds is a hint, not a fact: a value no measurement could give, or
    a file no writer made (nested beyond reason, too large), means measuring again."""
    measured, _ = fake_measure
    export = Predictor("inception_v3", weights=weights, backend="onnxruntime").export
    candidates = [autotune.Candidate("onnxruntime", "fp32", export),
                  autotune.Candidate("openvino", "fp32", export)]
    assert autotune.fastest(candidates, 299).candidate.runtime == "openvino"
    assert len(measured) == 2
    file = autotune.tuning_file()
    key = autotune.measurement_key(candidates[1], None, 1)  # openvino's, the faster
    for bad in (True, 1e-9, 0, -28.0, float("nan"), float("inf"), "28", None, [28.0], {}):
        cache = json.loads(file.read_text())
        cache[key] = bad
        file.write_text(json.dumps(cache))
        n = len(measured)
        chosen = autotune.fastest(candidates, 299)
        assert chosen.candidate.runtime == "openvino", bad
        assert measured[n:] == [("openvino", "fp32", 1)], bad  # only the tampered one
    for text in ("[" * 200_000 + "]" * 200_000,
                 json.dumps({"pad": "x" * (autotune.MAX_TUNING_BYTES + 1)})):
        file.write_text(text)
        n = len(measured)
        chosen = autotune.fastest(candidates, 299)
        assert chosen.measured and chosen.candidate.runtime == "openvino"
        assert len(measured) == n + 2
        assert len(file.read_bytes()) < 10_000  # rewritten with the measurements


def test_auto_measures_a_small_folder_at_its_size_not_the_batch_asked(weights, fake_measure,
                                                                     tmp_path, capsys):
    """`classify` of 2 images with --batch-size 256 runs one batch of 2: it measures that."""
    measured, _ = fake_measure
    folder = tmp_path / "two"
    folder.mkdir()
    for i in range(2):
        photo(seed=i).save(folder / f"p{i}.png")
    assert main(["classify", str(folder), "--weights", str(weights), "--precision", "auto",
                 "--batch-size", "256", "--format", "json"]) == 0
    assert measured and {batch for _, _, batch in measured} == {2}
    assert "at batch 2 of" in capsys.readouterr().err
