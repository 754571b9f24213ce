"""Reduced precision on a CPU: OpenVINO fp32 equals onnxruntime; int8 exports calibrated on
generated images, their report and cache key; int8 classification on both runtimes without
torch; the agreement arithmetic; one-line refusals; `auto` follows the measurement."""

from __future__ import annotations

import json

import numpy as np
import pytest

from inception_desktop.cli import main
from inception_desktop.engine.predictor import Predictor
from inception_desktop.engine.quantize import agreement
from inception_desktop.errors import BackendError
from tests.helpers.images import calibration_folder, photo
from tests.helpers.torchfree import run_cli_without_torch

IMAGES = [photo(320, 240, seed=1), photo(500, 333, seed=2)]


def test_openvino_fp32_equals_onnxruntime(checkpoints):
    from inception_desktop.engine.preprocess import preprocess

    weights = checkpoints("inception_v3")
    ort = Predictor("inception_v3", weights=weights, backend="onnxruntime")
    ov = Predictor("inception_v3", weights=weights, backend="openvino")
    assert ov.backend_name == "openvino"
    x = np.stack([preprocess(img, ort.spec) for img in IMAGES])
    blocks = ["Mixed_5b", "Mixed_7c"]
    a, b = ort.run(x, blocks), ov.run(x, blocks)
    assert np.abs(a.logits - b.logits).max() <= 1e-4 * max(1.0, float(np.abs(a.logits).max()))
    for path in blocks:
        assert np.abs(a.blocks[path] - b.blocks[path]).max() <= 1e-4 * max(
            1.0, float(np.abs(a.blocks[path]).max()))
    acts = ov.activations(IMAGES[0])  # the viewer and CAM work on it
    assert len(acts.blocks) == len(ov.spec.blocks) and acts.cam(3).shape == (299, 299)


@pytest.fixture(scope="module")
def int8_export(checkpoints, tmp_path_factory):
    """Quantize Inception-v3 (test weights) on 12 generated photos; the CLI's JSON report."""
    import contextlib
    import io

    folder = calibration_folder(tmp_path_factory.mktemp("calibration"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["quantize", "--model", "inception_v3", "--weights",
                     str(checkpoints("inception_v3")), "--calibration", str(folder),
                     "--images", "8", "--method", "minmax", "--format", "json"])
    assert code == 0
    return folder, json.loads(out.getvalue()[out.getvalue().index("{"):])


def test_quantize_report(int8_export):
    _, report = int8_export
    for key in ("model", "weights", "calibration_images", "check_images", "top1_agreement",
                "top5_overlap", "max_prob_diff", "fp32_ms", "int8_ms", "speedup", "size_mb"):
        assert key in report, key
    assert report["model"] == "inception_v3" and report["calibration_images"] == 8
    assert report["check_images"] == 4 and report["method"] == "minmax"
    assert set(report["runtimes"]) == {"onnxruntime", "openvino"}
    for r in report["runtimes"].values():
        assert {"fp32_ms", "int8_ms", "speedup", "top1_agreement"} <= set(r)
    assert report["size_mb"]["int8"] < report["size_mb"]["fp32"] / 3
    assert 0.0 <= report["top1_agreement"] <= 1.0 and report["weights"]["sha256"]


def test_int8_runs_on_both_runtimes_without_torch(int8_export, checkpoints, tmp_path,
                                                  shared_data_dir):
    img = tmp_path / "cat.png"
    IMAGES[1].save(img)
    weights = str(checkpoints("inception_v3"))
    rows = {}
    for backend in ("onnxruntime", "openvino"):
        result = run_cli_without_torch(
            [["classify", str(img), "--weights", weights, "--precision", "int8",
              "--backend", backend, "--format", "json"]], shared_data_dir)
        assert result.returncode == 0, result.stderr
        rows[backend] = json.loads(result.stdout)
    fp32 = Predictor("inception_v3", weights=weights).classify_images([IMAGES[1]])[0][0]
    for row in rows.values():
        assert len(row["predictions"]) == 5
        # int8 moves probabilities a little, not the answer on this image.
        assert row["predictions"][0]["index"] == fp32[0].index


def test_calibration_folders_key_the_int8_export(int8_export, checkpoints, tmp_path):
    from inception_desktop.weights.exports import list_exports

    other = calibration_folder(tmp_path / "other", seed=900)
    before = {e.onnx_path for e in list_exports() if e.precision == "int8"}
    assert main(["quantize", "--model", "inception_v3", "--weights",
                 str(checkpoints("inception_v3")), "--calibration", str(other), "--images",
                 "8", "--method", "minmax"]) == 0
    after = {e.onnx_path for e in list_exports() if e.precision == "int8"}
    assert len(after - before) == 1  # another file, beside the first
    again = main(["quantize", "--model", "inception_v3", "--weights",
                  str(checkpoints("inception_v3")), "--calibration", str(other), "--images",
                  "8", "--method", "minmax"])
    assert again == 0 and {e.onnx_path for e in list_exports() if e.precision == "int8"} == after


def test_a_stop_while_quantizing_ends_after_that_step_and_keeps_nothing(
        int8_export, checkpoints, tmp_path, monkeypatch):
    """A stop asked (Ctrl+C once, the window's Stop) while a quantization runs: it finishes,
    then nothing more runs (no check against fp32 on each runtime) and no export is stored."""
    from inception_desktop.engine import quantize
    from inception_desktop.errors import Cancelled
    from inception_desktop.tasks import TaskState
    from inception_desktop.weights.exports import list_exports
    from inception_desktop.weights.resolve import resolve_weights

    state, steps = TaskState(), []
    original = quantize._quantize_file

    def stopped_during(*args, **kwargs):
        original(*args, **kwargs)
        steps.append("quantized")
        state.cancel()

    monkeypatch.setattr(quantize, "_quantize_file", stopped_during)
    monkeypatch.setattr(quantize, "_report", lambda *a, **k: steps.append("checked"))
    before = {e.onnx_path for e in list_exports()}
    choice = resolve_weights("inception_v3", str(checkpoints("inception_v3")))
    with pytest.raises(Cancelled):
        quantize.quantize_model(choice, str(calibration_folder(tmp_path / "cal", seed=700)),
                                images=8, method="minmax", state=state)
    assert steps == ["quantized"]
    assert {e.onnx_path for e in list_exports()} == before


def test_a_calibration_folder_of_unreadable_files_names_the_first(int8_export, checkpoints,
                                                                  tmp_path, capsys):
    folder = tmp_path / "junk"
    folder.mkdir()
    for i in range(12):
        (folder / f"p{i:02d}.jpg").write_bytes(b"\xff\xd8 not really a JPEG " * i)
    assert main(["quantize", "--model", "inception_v3", "--weights",
                 str(checkpoints("inception_v3")), "--calibration", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "0 readable image(s); 12 could not be read (the first: p" in err, err
    assert ".jpg in " in err and "give at least 8" in err


def test_a_fine_tuned_head_runs_on_the_int8_base(int8_export, checkpoints, tmp_path):
    from inception_desktop.fileio import file_sha256
    from inception_desktop.weights.headfile import save_head_checkpoint

    base = checkpoints("inception_v3")
    head = tmp_path / "pets.safetensors"
    rng = np.random.default_rng(0)
    save_head_checkpoint(head, "inception_v3", rng.standard_normal((2, 2048)),
                         np.zeros(2), ["cat", "dog"],
                         {"name": "base", "sha256": file_sha256(base), "untrained": False})
    p8 = Predictor(weights=head, precision="int8", backend="onnxruntime")
    p32 = Predictor(weights=head, backend="onnxruntime")
    a, _ = p8.classify_images(IMAGES)
    b, _ = p32.classify_images(IMAGES)
    assert p8.labels == ["cat", "dog"] and p8.backend.inner.export.precision == "int8"
    for x, y in zip(a, b, strict=True):  # the head on int8 features: close to fp32
        assert abs(x[0].probability - {p.label: p.probability for p in y}[x[0].label]) < 0.1


def test_agreement_by_hand():
    ref = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.5, 0.4, 0.1]]))
    got = np.log(np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.5, 0.4, 0.1]]))
    a = agreement(ref, got)
    assert a["top1_agreement"] == pytest.approx(2 / 3)
    assert a["top5_overlap"] == 1.0  # 3 classes: every top-5 holds them all
    assert a["max_prob_diff"] == pytest.approx(0.3)


def test_refusals_are_one_line(monkeypatch, tmp_path, capsys):
    import inception_desktop.cpu as cpu

    img = tmp_path / "a.png"
    IMAGES[0].save(img)
    assert main(["classify", str(img), "--random-weights", "--precision", "int8"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no int8 export" in err[0] and "quantize" in err[0]
    monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset({"avx2", "avx512f"}))
    assert main(["classify", str(img), "--random-weights", "--precision", "bf16"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no native bf16" in err[0]
    with pytest.raises(BackendError, match="not torch"):
        Predictor("inception_v3", random_weights=True, backend="torch", precision="int8")


def test_auto_follows_the_measurement(monkeypatch, tmp_path):
    from inception_desktop.engine import autotune

    monkeypatch.setenv("INCEPTION_DESKTOP_TUNING_DIR", str(tmp_path / "tuning"))
    monkeypatch.delenv("INCEPTION_DESKTOP_AUTO")
    measured = []

    def fake(candidate, threads, input_size, batch=1, runs=5):
        measured.append(candidate.runtime)
        return {"onnxruntime": 30.0, "openvino": 20.0}[candidate.runtime], None

    monkeypatch.setattr(autotune, "measure", fake)
    first = Predictor("inception_v3", random_weights=True, precision="fp32")
    assert first.backend_name == "openvino" and sorted(measured) == ["onnxruntime", "openvino"]
    second = Predictor("inception_v3", random_weights=True, precision="fp32")
    assert second.backend_name == "openvino" and len(measured) == 2  # cached: not measured
    saved = json.loads((tmp_path / "tuning" / "backends.json").read_text())
    assert any(key.endswith("/openvino/fp32/tall/b1") for key in saved)
