"""`inception-desktop summary` prints every block and the published totals."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inception_desktop.cli import main
from inception_desktop.models import get_spec

TOTALS = {  # DESIGN.md section 3: parameters (with v3's aux head) and FLOPs at 299
    "inception_v3": ("27.16 M", "11.4 G"),
    "inception_v4": ("42.68 M", "24.5 G"),
    "inception_resnet_v2": ("55.84 M", "26.3 G"),
}


@pytest.mark.parametrize("name", list(TOTALS))
def test_summary_table(name, capsys):
    assert main(["summary", "--model", name]) == 0
    out = capsys.readouterr().out
    params, flops = TOTALS[name]
    assert f"Parameters: {params}; FLOPs (2 x multiply-accumulates): {flops}" in out
    for block in get_spec(name).blocks:
        assert block.display_name in out


def test_summary_unknown_model_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "inception_desktop", "summary", "--model",
                             "vgg16"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "choose one of: inception_v3, inception_v4, inception_resnet_v2" in result.stderr
    assert "Traceback" not in result.stderr


def test_windowed_build_without_stdout(monkeypatch):
    """PyInstaller's windowed builds run with sys.stdout = sys.stderr = None."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["summary", "--model", "inception_v3"]) == 0
    assert main(["weights", "path"]) == 0
