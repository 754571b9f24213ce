"""`bench` measures and reports; the numbers themselves are never asserted."""

from __future__ import annotations

import json

from inception_desktop.cli import main
from inception_desktop.engine._onnx_proto import matmul_model_bytes


def test_bench_json_keys(capsys):
    code = main(["bench", "--models", "inception_v3", "--backends", "onnxruntime",
                 "--batch", "1", "--threads", "1", "--format", "json"])
    assert code == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert set(row) >= {"model", "backend", "batch", "median_ms", "images_per_s", "efficiency",
                        "peak_rss_mb", "matmul_gflops"}
    assert row["model"] == "inception_v3" and row["backend"] == "onnxruntime"
    assert row["median_ms"] > 0 and row["images_per_s"] > 0 and row["efficiency"] > 0
    # start-up: opening and a first prediction, OpenVINO's model cache empty, then filled
    assert row["startup_cold_ms"] > 0 and row["startup_warm_ms"] > 0


def test_bench_rejects_bad_arguments(capsys):
    for args, message in ((["--batch", "one"], "'one' is not a whole number"),
                          (["--batch", "0"], "must be from 1 to 256, not 0"),
                          (["--threads", "0"], "must be from 1 to 256"),
                          (["--models", "vgg"], "unknown network 'vgg'")):
        assert main(["bench", *args]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1


def test_hand_written_matmul_graph_is_valid_onnx():
    import numpy as np
    import onnx
    import onnxruntime as ort

    data = matmul_model_bytes(4)
    onnx.checker.check_model(onnx.load_from_string(data))
    a = np.arange(16, dtype=np.float32).reshape(4, 4)
    (y,) = ort.InferenceSession(data, providers=["CPUExecutionProvider"]).run(None, {"a": a})
    assert np.allclose(y, a @ a)


def test_bench_folder_runs_the_precision_asked(capsys, tmp_path):
    """`bench --folder` measures the precision and runtime the work will use (issue 24: the
    folder pipeline against inference at the reduced-precision speed)."""
    from tests.helpers.images import calibration_folder

    folder = calibration_folder(tmp_path / "photos", n=4)
    code = main(["bench", "--folder", str(folder), "--models", "inception_v1", "--backends",
                 "onnxruntime", "--precisions", "fp32", "--batch", "2", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and len(rows) == 1
    assert rows[0]["precision"] == "fp32" and rows[0]["backend"] == "onnxruntime"
    assert rows[0]["images"] == 4 and rows[0]["pipelined_images_per_s"] > 0
