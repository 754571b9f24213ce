"""Exports and quantizing race safely (issue 23, item 11): two processes exporting to one
--out, two quantizing one model, two exports at once in one process (as the window may
start them) all succeed, each output whole."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from inception_desktop.weights.exports import read_export_info, verify_export
from tests.helpers.images import photo

NETWORK = "inception_v1"  # the smallest
CLI = [sys.executable, "-m", "inception_desktop"]


def run_together(*commands: list[str]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ)) for c in commands]
    out = []
    for p, c in zip(procs, commands, strict=True):
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(c, p.returncode, stdout, stderr))
    return out


def test_two_exports_to_one_out_both_succeed(tmp_path):
    out = tmp_path / "model.onnx"
    command = [*CLI, "export-onnx", "--model", NETWORK, "--random-weights", "--out", str(out)]
    for done in run_together(command, command):
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    info = read_export_info(out.with_suffix(".json"))
    assert info is not None and verify_export(info) is None
    assert not list(tmp_path.glob(".*.partial"))


def test_two_quantize_runs_of_one_model_both_succeed(tmp_path):
    folder = tmp_path / "calibration"
    folder.mkdir()
    for i in range(8):
        photo(180 + 10 * i, 140, seed=i).save(folder / f"{i}.jpg")
    command = [*CLI, "quantize", "--model", NETWORK, "--random-weights", "--calibration",
               str(folder), "--images", "4", "--method", "minmax"]
    from inception_desktop.weights.exports import exports_dir

    before = set(Path(exports_dir()).glob("*int8*.onnx"))  # the shared folder's others
    results = run_together(command, command)
    for done in results:
        assert done.returncode == 0, done.stderr
    made = set(Path(exports_dir()).glob("*int8*.onnx")) - before
    assert len(made) == 1  # both runs ended with the one export, made once
    assert not list(Path(exports_dir()).glob("*-inferred*"))


def test_two_exports_at_once_in_one_process(tmp_path):
    """torch's exporter is not re-entrant: the window's overlapping exports take turns (issue
    25, item 22: 'AssertionError: GLOBALS.in_onnx_export must be False'). Each goes to a
    folder of its own, so no lock on an output (its folder's) serialises them: only the
    engine's process-wide one."""
    from inception_desktop.engine.export import export_onnx
    from inception_desktop.engine.torch_backend import build_torch_model
    from inception_desktop.weights.resolve import untrained

    choice = untrained(NETWORK)
    model, names = build_torch_model(choice)
    other, _ = build_torch_model(choice)
    errors: list[BaseException] = []

    def export(m, name):
        try:
            export_onnx(m, tmp_path / name, choice, names)
        except BaseException as exc:  # noqa: BLE001 - the test reports any
            errors.append(exc)

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    threads = [threading.Thread(target=export, args=(m, n))
               for m, n in ((model, "a/model.onnx"), (other, "b/model.onnx"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    for name in ("a/model.json", "b/model.json"):
        info = read_export_info(tmp_path / name)
        assert info is not None and verify_export(info) is None
