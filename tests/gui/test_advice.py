"""The window gives advice in its own words (issue 25, items 5 and 8): no command line, an
action where the window can do it (Make an int8 version…, Choose another port…), banners
that can be dismissed and go when their cause does."""

from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import inception_desktop.gui as gui_package
from inception_desktop.errors import (
    BackendError,
    NoInt8Export,
    NoNativeBf16,
    PortInUse,
    WeightsError,
)
from inception_desktop.gui import jobs
from inception_desktop.gui.format import describe_error
from inception_desktop.gui.settings import Settings
from inception_desktop.weights.resolve import how_to_get
from tests.helpers.window import classify_one, images, wait_idle

COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z]|inception-desktop [a-z]")


def test_errors_in_window_words():
    """Item 5: the errors a window user meets name menus and boxes, not options."""
    lines = [
        describe_error(NoInt8Export("no int8 export ...: make one with `inception-desktop "
                                    "quantize --model inception_v3 --weights /a/b.pth "
                                    "--calibration DIR`", "inception_v3", "b")),
        describe_error(NoNativeBf16("--precision bf16: this CPU has no native bf16")),
        describe_error(PortInUse("cannot listen on 127.0.0.1:8000: choose another --port",
                                 8000)),
        describe_error(BackendError("--precision int8 runs on the onnxruntime or openvino "
                                    "backends, not torch")),
        describe_error(BackendError("the openvino backend is not installed here (pip), or "
                                    "use --backend onnxruntime")),
        describe_error(WeightsError(how_to_get("inception_v4"))),
        describe_error(WeightsError("flowers.safetensors was fine-tuned on Inception-v3 "
                                    "weights 'x', which are not installed: run "
                                    "`inception-desktop weights download inception_v3` or "
                                    "import that file")),
    ]
    for line in lines:
        assert not COMMAND_LINE.search(line), line
        assert "/a/b.pth" not in line
    assert "File ▸ Make an int8 version…" in lines[0] and "Inception-v3" in lines[0]
    assert "Precision fp32" in lines[1]
    assert "port 8000" in lines[2] and "Settings ▸ Serve port…" in lines[2]
    assert lines[3].startswith("Precision int8 runs on")
    assert "Backend onnxruntime" in lines[4]
    assert lines[5] == ("no weights for Inception-v4: download them (File ▸ Manage networks), "
                        "import a file with File ▸ Import model…, or choose Use untrained")
    assert "not installed: download them (File ▸ Manage networks) or import" in lines[6]


def test_no_command_line_in_the_windows_strings():
    """Item 5: no user-visible string of gui/ holds a command-line option or command (the
    terminal's lines, of app.py when there is no display and of the self-test, are not in
    the window; format.py's patterns translate the core's words)."""
    found = []
    for path in sorted(Path(gui_package.__file__).parent.glob("*.py")):
        if path.name in ("app.py", "selftest.py"):
            continue
        tree = ast.parse(path.read_text())
        skip = {id(n.body[0].value) for n in ast.walk(tree)  # docstrings
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
                and n.body and isinstance(n.body[0], ast.Expr)}
        skip |= {id(n.args[0]) for n in ast.walk(tree)  # re.compile(...) patterns
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
                 n.func.attr == "compile" and n.args}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    id(node) not in skip and COMMAND_LINE.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert found == []


def test_int8_without_a_version_offers_to_make_one(make_window, qtbot, tmp_path, monkeypatch):
    """Item 5: int8 without an int8 version: the window's words and its action; the dialog
    makes one from a folder of photos, shows the agreement report and Use it."""
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    window.model_bar.precision_combo.setCurrentIndex(
        window.model_bar.precision_combo.findData("int8"))
    qtbot.waitUntil(window.error_banner.isVisible, timeout=60_000)
    text = window.error_banner.text()
    assert "No int8 version of Inception-v3" in text and not COMMAND_LINE.search(text)
    assert window.error_banner.action_button.isVisible()
    assert window.error_banner.action_button.text() == "Make an int8 version…"
    wait_idle(qtbot, window)
    assert window.settings.precision == "auto"  # put back, as before

    report = {"top1_agreement": 0.96, "top5_overlap": 0.9, "max_prob_diff": 0.04,
              "check_images": 25, "fp32_ms": 120.0, "int8_ms": 50.0, "speedup": 2.4,
              "size_mb": {"fp32": 104.0, "int8": 27.0}}
    seen = {}

    def fake_quantize(state, choice, folder, count):
        seen.update(choice=choice, folder=folder, count=count)
        state.progress(1, 2, "calibrating")
        return None, report, choice

    monkeypatch.setattr(jobs, "quantize_job", fake_quantize)
    monkeypatch.setattr(window.controller, "set_choice",
                        lambda **kw: seen.setdefault("set_choice", kw))
    window.error_banner.action_button.click()
    dialog = window.int8_dialog
    assert not window.error_banner.isVisible()
    photos = tmp_path / "photos"
    images(photos, 8)
    dialog.set_folder(str(photos))
    dialog.start()
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=30_000)
    assert seen["folder"] == str(photos) and seen["choice"].network == "inception_v3"
    assert "96.0%" in dialog.status.text() and "2.4× faster" in dialog.status.text()
    dialog.grab().save(str(tmp_path / "int8-dialog.png"))
    dialog.use_button.click()
    assert seen["set_choice"]["precision"] == "int8"


def test_a_busy_port_says_so_and_another_can_be_chosen(make_window, qtbot, tmp_path):
    """Items 5 and 8: a busy port: the window's words, "Choose another port…", a port field;
    the error goes once serving works."""
    from tests.helpers.net import free_port

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        window = make_window(Settings(backend="onnxruntime", serve_port=port))
        classify_one(window, qtbot, tmp_path)
        window.serve_action.trigger()
        qtbot.waitUntil(window.error_banner.isVisible, timeout=30_000)
        text = window.error_banner.text()
        assert f"Cannot serve on port {port}" in text and not COMMAND_LINE.search(text)
        assert not window.serve_action.isChecked()
        assert window.error_banner.action_button.text() == "Choose another port…"
        window.error_banner.action_button.click()
        dialog = window.port_dialog
        new_port = free_port()
        dialog.spin.setValue(new_port)
        dialog.accept()
        assert window.settings.serve_port == new_port
        assert window.serve_action.text() == f"&Serve on localhost:{new_port}"
        window.serve_action.trigger()
        qtbot.waitUntil(lambda: window.controller.server is not None, timeout=30_000)
        assert not window.error_banner.isVisible()
        assert f":{new_port}" in window.status_serve.text()
    finally:
        taken.close()


def test_banners_can_be_dismissed_and_go_with_their_cause(make_window, qtbot, tmp_path):
    """Item 8: ✕ takes a banner down; an error goes when the user turns to another tab; the
    feature viewer's "Saved" line goes with the image it was about."""
    window = make_window()
    window.show_error("something went wrong")
    assert window.error_banner.isVisible()
    window.error_banner.close_button.click()
    assert not window.error_banner.isVisible()
    window.show_error("weights cannot be read")
    window.show_tab(2)
    assert not window.error_banner.isVisible()
    assert window.banner.close_button.isVisibleTo(window.banner)

    window.show_tab(0)
    paths = images(tmp_path / "pics", 2)
    from tests.helpers.window import drop

    drop(window, paths)
    wait_idle(qtbot, window)
    window.show_tab(1)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.export_channel.isEnabled(), timeout=120_000)
    viewer.select_channel(0) if hasattr(viewer, "select_channel") else None
    assert viewer.save_grid(str(tmp_path / "grid.png"))
    assert viewer.saved_bar.isVisibleTo(viewer)
    window.step(1)
    qtbot.waitUntil(lambda: not viewer.saved_bar.isVisibleTo(viewer), timeout=120_000)
    wait_idle(qtbot, window)
    # An error shown with one model goes when another model arrives (not when the same one
    # is put back).
    window.show_error("Inception-v3 weights cannot be read")
    assert window.banner.isVisible()  # untrained: the warning
    window.banner.close_button.click()
    window.controller.set_choice(precision="fp32")
    wait_idle(qtbot, window)
    assert window.error_banner.isVisible()
    assert not window.banner.isVisible()  # dismissed for this model: it stays down
    window.controller.set_choice(network="inception_v4")
    qtbot.waitUntil(lambda: not window.error_banner.isVisible(), timeout=120_000)
    assert window.banner.isVisible()  # another untrained model: warned again
