"""Settings ▸ Data folder ▸ Move… (issue 25, item 15): everything the app keeps moves to
another folder and is used from there on, by the window and the command line alike; a folder
that is not empty, or one inside the data folder, is refused before anything moves."""

from __future__ import annotations

import pytest

from inception_desktop.engine.datafolder import move_data_folder
from inception_desktop.errors import UsageError
from inception_desktop.gui.datafolder_dialog import DataFolderPanel
from inception_desktop.paths import DATA_POINTER, config_dir, data_dir, data_subdir


@pytest.fixture
def moved_data(tmp_path, monkeypatch):
    """A data folder found through the settings folder's pointer (as after a move), with a
    weights file and an export in it."""
    old = tmp_path / "old-data"
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / DATA_POINTER).write_text(str(old))
    monkeypatch.delenv("INCEPTION_DESKTOP_DATA_DIR")
    assert data_dir() == old
    (data_subdir("weights") / "inception_v3").mkdir(parents=True)
    (data_subdir("weights") / "inception_v3" / "w.pth").write_bytes(b"w" * 100)
    data_subdir("exports").mkdir(parents=True)
    (data_subdir("exports") / "e.onnx").write_bytes(b"e" * 50)
    return old


def test_move_and_use_the_new_place(moved_data, tmp_path):
    new = tmp_path / "disk2" / "data"
    with pytest.raises(UsageError, match="inside the data folder"):
        move_data_folder(moved_data / "sub")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    with pytest.raises(UsageError, match="not an empty folder"):
        move_data_folder(busy)
    assert (moved_data / "weights" / "inception_v3" / "w.pth").is_file()  # nothing moved
    assert move_data_folder(new) == new.resolve()
    assert data_dir() == new.resolve()
    assert (new / "weights" / "inception_v3" / "w.pth").read_bytes() == b"w" * 100
    assert (new / "onnx" / "e.onnx").is_file()
    assert not any(moved_data.iterdir())


def test_the_window_moves_it_and_shows_the_new_place(moved_data, tmp_path, qtbot,
                                                      make_window):
    window = make_window()
    panel = DataFolderPanel(window.controller)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.usage is not None, timeout=30_000)
    assert str(moved_data) in panel.path.text()
    new = tmp_path / "elsewhere"
    panel.move_to(str(new))
    qtbot.waitUntil(lambda: panel.status.text().startswith("Moved"), timeout=30_000)
    qtbot.waitUntil(lambda: str(new) in panel.path.text(), timeout=30_000)
    assert panel.usage["total_bytes"] >= 150
    assert panel.move_button.isEnabled()
    panel.grab().save(str(tmp_path / "datafolder.png"))


def test_the_environment_variable_decides_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "env"))
    with pytest.raises(UsageError, match="INCEPTION_DESKTOP_DATA_DIR"):
        move_data_folder(tmp_path / "new")
