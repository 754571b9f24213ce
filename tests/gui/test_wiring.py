"""The window's wiring rule, read from its source: views run work through `controller.run`
(never its task runner), only the controller writes the settings, and no view drops an error
with a catch-all handler. Each finding names file:line."""

from __future__ import annotations

import re
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "inception_desktop" / "gui"
CONTROLLER = {"controller.py", "model_choice.py"}  # the controller and its mixin
SETTINGS_WRITE = re.compile(r"settings\.\w+\s*(=(?!=)|\+=)|settings\.\w+\.(append|remove|"
                            r"clear|extend)\(|settings\.add_recent\(|save_settings\(")
CATCH_ALL = re.compile(r"on_error\s*=\s*lambda\s*\w*\s*:\s*None")


def findings(pattern: re.Pattern, skip: set[str], root: Path = GUI) -> list[str]:
    out = []
    for path in sorted(root.glob("*.py")):
        if path.name in skip:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line.split("#")[0]):
                out.append(f"{path.name}:{number}: {line.strip()}")
    return out


def test_views_run_work_through_the_controller():
    found = findings(re.compile(r"controller\.tasks\b"), CONTROLLER)
    assert not found, "use controller.run / cancel / is_busy:\n" + "\n".join(found)


def test_only_the_controller_writes_the_settings():
    found = findings(SETTINGS_WRITE, CONTROLLER | {"settings.py"})
    assert not found, "write settings through the controller:\n" + "\n".join(found)


def test_no_error_is_dropped_by_a_catch_all():
    found = findings(CATCH_ALL, set())
    assert not found, "name the error classes in ignore=(...):\n" + "\n".join(found)


def test_the_scans_see_what_they_look_for(tmp_path):
    (tmp_path / "view.py").write_text(
        "def f(self):\n"
        "    self.controller.tasks.submit('k', job)\n"
        "    self.controller.settings.colormap = 'magma'\n"
        "    self.controller.run('k', job, on_error=lambda e: None)\n")
    assert findings(re.compile(r"controller\.tasks\b"), set(), tmp_path) == \
        ["view.py:2: self.controller.tasks.submit('k', job)"]
    assert [f[:9] for f in findings(SETTINGS_WRITE, set(), tmp_path)] == ["view.py:3"]
    assert [f[:9] for f in findings(CATCH_ALL, set(), tmp_path)] == ["view.py:4"]
