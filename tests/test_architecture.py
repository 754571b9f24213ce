"""The architecture as a test: the layer contracts hold (lazy imports counted) and the core
packages pass the type checker with every function annotated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_import_contracts_hold():
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_a_layer_violation_is_caught(tmp_path):
    """The contract is not vacuous: a lazy import from weights up into engine breaks it."""
    import shutil

    copy = tmp_path / "inception_desktop"
    shutil.copytree(ROOT / "inception_desktop", copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    store = copy / "weights" / "store.py"
    store.write_text(store.read_text() + "\n\ndef _up():\n"
                     "    from inception_desktop.engine import predictor  # noqa: F401\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600,
                            env={"PYTHONPATH": str(tmp_path), "PATH": str(BIN)})
    assert result.returncode != 0
    assert "inception_desktop.weights.store -> inception_desktop.engine.predictor" in \
        result.stdout


def test_core_type_checks():
    result = run(sys.executable, "-m", "mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout
