"""The lite desktop bundle: built with PyInstaller from untrained test weights, its frozen
binary's --self-test passes offscreen, and no torch library is inside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_lite_bundle_builds_and_self_tests(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--profile", "lite",
         "--random-weights", "--models", "inception_v3", "--precision", "both",
         "--dist", str(dist)],
        capture_output=True, text=True, timeout=1500)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-4000:]
    bundle = dist / "inception-desktop-lite"
    exe = bundle / ("inception-desktop.exe" if sys.platform == "win32" else "inception-desktop")
    assert exe.is_file()
    report = json.loads((dist / "build-report-lite.json").read_text())
    assert report["torch_files"] == []
    # issue 24: at most 400 MB without the networks, OpenVINO inside
    assert report["without_networks_bytes"] <= 400e6, report["largest"]
    names = {p.name.lower() for p in bundle.rglob("*")}
    assert not [n for n in names if "torch" in n or "triton" in n or n.startswith("libcudnn")]
    assert any(n.endswith(".onnx") for n in names)
    assert "libopenvino_intel_cpu_plugin.so" in names or sys.platform != "linux"
    assert not [n for n in names if "intel_gpu_plugin" in n or "tensorflow_frontend" in n]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               INCEPTION_DESKTOP_DATA_DIR=str(tmp_path / "user-data"),
               INCEPTION_DESKTOP_CONFIG_DIR=str(tmp_path / "user-config"))
    run = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, env=env,
                         timeout=300, cwd=tmp_path)
    out = run.stdout
    assert run.returncode == 0, out + run.stderr[-3000:]
    assert "backends: onnxruntime, openvino; frozen: True" in out
    # fp32 and int8 on both runtimes: OpenVINO's CPU plugin and ONNX front end are in it.
    from inception_desktop.cpu import cpu_has_native_bf16

    runs = ["onnxruntime fp32", "onnxruntime int8", "openvino fp32", "openvino int8"]
    for run in runs + (["openvino bf16"] if cpu_has_native_bf16() else []):
        assert f"Inception-v3         {run}" in out, run
    assert "UNTRAINED" in out and "not in this build: inception_v4, inception_resnet_v2" in out
    assert "window: drop to top-5 shown" in out and "class activation map shown" in out
    assert "server: /v1/classify answered" in out  # FastAPI and uvicorn are in the bundle
    # issue 27: the Korean translation and font are in the bundle, and Qt's own for dialogs
    assert "language ko: window translated (언어), font Noto Sans CJK KR" in out
    assert (bundle / "_internal" / "resources" / "i18n" / "qtbase_ko.qm").is_file()
    assert "self-test passed" in out
    # The frozen app keeps what the user makes outside the bundle.
    assert (bundle / "_internal" / "onnx-exports").is_dir()
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and "inception-desktop" in version.stdout
