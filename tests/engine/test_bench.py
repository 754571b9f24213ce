"""`bench` measures and reports; the numbers themselves are never asserted."""

from __future__ import annotations

import json

import pytest

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
                          (["--models", "vgg"], "unknown network 'vgg'"),
                          (["--rounds", "2"], "--rounds: only with --folder DIR"),
                          (["--workers", "2", "--rounds", "2"],
                           "--workers and --rounds: only with --folder")):
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
                 "onnxruntime", "--precisions", "fp32", "--batch", "2", "--rounds", "2",
                 "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and len(rows) == 1
    (row,) = rows
    assert row["precision"] == "fp32" and row["backend"] == "onnxruntime"
    assert row["images"] == 4 and row["pipelined_images_per_s"] > 0 and row["rounds"] == 2
    # the machine's bound: inference alone, or what the cores give decoding and inference
    assert row["decode_core_ms"] > 0 and row["inference_core_ms"] > 0 and row["cores"] >= 1
    by_cores = row["cores"] * 1000 / (row["decode_core_ms"] + row["inference_core_ms"])
    assert row["limit_images_per_s"] == pytest.approx(
        min(row["inference_images_per_s"], by_cores))
    assert row["pipelined_vs_limit"] == pytest.approx(
        row["pipelined_images_per_s"] / row["limit_images_per_s"])


def test_folder_limit_is_what_the_cores_allow():
    """The bound the pipeline is measured against: inference alone when decoding fits in the
    cores' spare time, else the cores' processor time over decoding plus inference."""
    from inception_desktop.engine.bench import FolderBench

    def bench(cores: int, decode: float, inference_wall: float, inference_cpu: float):
        return FolderBench("m", "b", 64, 8, 2, decode, inference_wall, 10.0, 30.0, 3, cores,
                           decode, inference_cpu)

    # 2 cores, inference using both (25 processor-ms in 12.5 ms): decoding takes its share
    assert bench(2, 5.0, 12.5, 25.0).limit_images_per_s == pytest.approx(2000 / 30)
    # 16 cores, inference using 4 of them: decoding fits beside it, inference alone bounds
    assert bench(16, 5.0, 12.5, 50.0).limit_images_per_s == pytest.approx(80.0)
    assert bench(16, 5.0, 12.5, 50.0).pipelined_vs_limit == pytest.approx(30 / 80)


def test_bench_folder_runs_what_it_can_and_says_what_it_could_not(capsys, tmp_path):
    """A combination that cannot run (int8 without an export) is one `not run:` line and the
    others are measured; broken files first in the folder are skipped and counted; a folder
    with no readable image is one error naming its first file and the problem."""
    from tests.helpers.images import calibration_folder

    folder = calibration_folder(tmp_path / "photos", n=3)
    (folder / "a-empty.jpg").write_bytes(b"")
    (folder / "a-text.jpg").write_text("not a picture")
    code = main(["bench", "--folder", str(folder), "--models", "inception_v1", "--backends",
                 "onnxruntime", "--precisions", "int8,fp32", "--batch", "2", "--rounds", "1"])
    captured = capsys.readouterr()
    assert code == 0
    assert "not run: inception_v1 onnxruntime int8: " in captured.err
    assert "quantize" in captured.err  # how to make what it lacked
    assert f"{folder}: 3 images (2 could not be read)" in captured.out
    rows = [line for line in captured.out.splitlines() if line.startswith("inception_v1")]
    assert len(rows) == 1 and "onnxruntime fp32" in rows[0]

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.jpg").write_bytes(b"\xff\xd8 truncated")
    (broken / "y.png").write_bytes(b"")
    assert main(["bench", "--folder", str(broken), "--models", "inception_v1", "--backends",
                 "onnxruntime", "--batch", "1", "--rounds", "1"]) == 1
    err = capsys.readouterr().err
    assert "none of the 2 image files can be read" in err and "x.jpg" in err
    assert err.count("\n") == 1


def test_bench_with_nothing_that_can_run_is_an_error_saying_why(capsys):
    code = main(["bench", "--models", "inception_v1", "--backends", "torch",
                 "--precisions", "int8", "--batch", "1"])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    (line,) = captured.err.strip().splitlines()[-1:]
    assert "inception_v1 torch int8: " in line and "int8" in line.split(": ", 2)[-1]
