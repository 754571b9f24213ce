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


def network_words() -> set[str]:
    """Every way the code could name a network: its name, its display name and the names
    within that ("Inception-v1 (GoogLeNet)": also "Inception-v1" and "GoogLeNet")."""
    import re

    from inception_desktop.models import get_spec, list_models

    words = set()
    for name in list_models():
        display = get_spec(name).display_name
        words |= {name, display}
        words |= {part.strip() for part in re.split(r"[()]", display) if part.strip()}
    return words


def network_literals(package: Path) -> list[str]:
    """file:line of each network named outside models/ (a .py file of `package`)."""
    words = sorted(network_words(), key=len, reverse=True)
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        if relative.parts[1] == "models":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits = [w for w in words if w in line]
            if hits:
                found.append(f"{relative}:{number}: {hits[0]}")
    return found


def test_no_network_is_named_outside_models():
    """Networks are data: the command line, the window, the server, the weights and the
    engine read the specs of list_models(); only models/ names a network."""
    found = network_literals(ROOT / "inception_desktop")
    assert not found, "networks named outside models/:\n" + "\n".join(found)


def test_the_network_name_scan_finds_a_literal(tmp_path):
    """The scan is not vacuous: a display name in a window module is reported with its line."""
    from inception_desktop.models import get_spec, list_models

    package = tmp_path / "inception_desktop"
    (package / "gui").mkdir(parents=True)
    (package / "models").mkdir()
    (package / "models" / "specs.py").write_text(f"NAME = {list_models()[-1]!r}\n")
    last = get_spec(list_models()[-1]).display_name
    (package / "gui" / "about.py").write_text(f'"""About."""\n\nTEXT = "Look inside {last}"\n')
    assert network_literals(package) == [f"inception_desktop/gui/about.py:3: {last}"]


def test_no_test_module_imports_another():
    """Shared test code lives in tests/helpers/ (issue 21): a test module or a conftest that
    imports another test module runs its fixtures and import side effects twice."""
    import re

    tests = Path(__file__).resolve().parent
    pattern = re.compile(r"^\s*(?:from|import) tests\.(?!helpers\b)([\w.]+)", re.M)
    found = [f"{path.relative_to(tests.parent)}:{source[:m.start()].count(chr(10)) + 1}: "
             f"tests.{m.group(1)}"
             for path in sorted(tests.rglob("*.py")) if "helpers" not in path.parts
             for source in [path.read_text()] for m in pattern.finditer(source)]
    assert not found, "import shared test code from tests.helpers:\n" + "\n".join(found)
