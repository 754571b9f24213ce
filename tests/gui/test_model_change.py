"""A change of model in the window (issue 25): nothing drawn or said belongs to the model it
replaced (maps, the status bar's timing, the Top-N title), Copy results names a fine-tuned
model, the server follows the current model, and an image opened from another view joins the
batch instead of replacing it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from inception_desktop.gui.settings import Settings
from tests.helpers.heads import install_head, remove_head
from tests.helpers.window import classify_one, drop, images, wait_idle

FRUIT = ["apple", "pear", "plum"]


@pytest.fixture
def fruit(tmp_path):
    """A 3-class fine-tuned model "fruit" on an untrained Inception-v3."""
    entry = install_head(tmp_path, "fruit", FRUIT)
    yield entry
    remove_head(entry)


def choose(window, network: str, weights: str | None) -> None:
    """The toolbar's network box, as a user picks it."""
    combo = window.model_bar.network_combo
    index = next(i for i in range(combo.count()) if tuple(combo.itemData(i)) == (network, weights))
    combo.setCurrentIndex(index)


def test_copy_results_names_a_fine_tuned_model(make_window, qtbot, tmp_path, fruit):
    """Item 2: Ctrl+C copies a fine-tuned model's results (it raised "unknown network")."""
    window = make_window()
    window.controller.use_model("inception_v3", "fruit")
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 3,
                    timeout=120_000)
    QGuiApplication.clipboard().clear()
    window.copy_results()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[0].startswith(f"{path} (fruit on Inception-v3, weights fruit")
    assert {line.split(". ")[1].split(":")[0] for line in text.splitlines()[1:]} == set(FRUIT)
    assert not window.error_banner.isVisible()


def test_a_change_of_model_leaves_no_map_of_the_previous_one(make_window, qtbot, tmp_path,
                                                              fruit):
    """Items 3 and 7: the map, the timing and the Top-N title follow the new model."""
    window = make_window()
    tab = window.classify_tab
    classify_one(window, qtbot, tmp_path)
    qtbot.waitUntil(window.status_timing.isVisible, timeout=10_000)
    # The map of a class that only the 1000-class network has.
    wide = next(r for r in tab.results.rows if r.isVisible() and r.index >= len(FRUIT))
    qtbot.mouseClick(wide, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(tab.image_view.has_overlay, timeout=60_000)
    choose(window, "inception_v3", "fruit")
    # At once: no map, no timing of the previous network.
    assert not tab.image_view.has_overlay()
    assert not window.status_timing.isVisible()
    qtbot.waitUntil(lambda: tab.results.visible_labels() and
                    set(tab.results.visible_labels()) <= set(FRUIT), timeout=120_000)
    assert tab.results.title.text() == "Top 3"
    wait_idle(qtbot, window)
    # The map came back for the new model's top-1, a class the new model has.
    qtbot.waitUntil(tab.image_view.has_overlay, timeout=60_000)
    item = window.controller.current_item()
    assert tab.selected_class == item.result.predictions[0].index < len(FRUIT)
    assert "fruit on Inception-v3" in tab.results.subtitle.text()
    assert window.status_timing.isVisible() and \
        window.status_timing.text().startswith("inference ")
    assert not window.error_banner.isVisible()


def test_top_n_before_any_result(make_window, qtbot, fruit):
    """Item 7: "Top 3" for a 3-class model before any image is classified."""
    window = make_window()
    window.controller.use_model("inception_v3", "fruit")
    qtbot.waitUntil(lambda: window.controller.predictor is not None, timeout=120_000)
    assert window.classify_tab.results.title.text() == "Top 3"


def test_the_title_names_the_rows_on_screen_across_a_change_of_model(make_window, qtbot,
                                                                     tmp_path, fruit):
    """Items 3 and 7: while the previous model's rows are still shown (under its own header)
    the title stays theirs ("Top 5"), never the next model's "Top 3" over five old rows."""
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    tab, seen = window.classify_tab, []

    def check(_predictor) -> None:  # runs after the tab's own slot
        item = window.controller.current_item()
        rows = len(item.result.predictions) if item.result is not None else None
        seen.append((tab.results.title.text(), rows))

    window.controller.predictor_ready.connect(check)
    window.controller.use_model("inception_v3", "fruit")
    qtbot.waitUntil(lambda: tab.results.title.text() == "Top 3"
                    and len(tab.results.visible_labels()) == 3, timeout=120_000)
    wait_idle(qtbot, window)
    assert seen
    for title, rows in seen:
        if rows is not None:
            assert title == f"Top {min(rows, 5)}"


def test_status_bar_segments_stand_apart(make_window, qtbot, tmp_path):
    """Item 7: each segment has room and a rule between it and the next."""
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    qtbot.waitUntil(window.status_timing.isVisible, timeout=10_000)
    timing, model = window.status_timing, window.status_model
    assert timing.geometry().right() < model.geometry().left()
    for label in (timing, model):
        assert label.contentsRect().left() >= 8  # padding on both sides of the text
        assert label.width() - label.contentsRect().right() >= 8


def test_opening_a_mistake_keeps_the_batch(make_window, qtbot, tmp_path):
    """Item 9: an image opened from Evaluate (or a channel's top images) joins the batch."""
    window = make_window()
    paths = images(tmp_path / "batch", 2)
    drop(window, paths)
    wait_idle(qtbot, window)
    (other,) = images(tmp_path / "elsewhere", 1, prefix="mistake")
    window.controller.open_mistake(str(other), 7, "inception_v3", None)
    c = window.controller
    assert [it.name for it in c.items] == [str(p) for p in paths] + [str(other)]
    assert c.current == 2 and window.classify_tab.gallery.count() == 3
    assert "Added mistake 0.png to the batch (3 images; the others are kept)" in \
        window.statusBar().currentMessage()
    wait_idle(qtbot, window)
    assert all(it.result is not None for it in c.items)  # the kept ones keep their results
    window.controller.add_image(str(paths[0]))  # already there: shown, not added again
    assert len(c.items) == 3 and c.current == 0
    assert "already in the batch" in window.statusBar().currentMessage()


def test_the_server_follows_the_current_model(make_window, qtbot, tmp_path, fruit):
    """Item 6: after a change of model the server serves the new one, and says which."""
    import requests

    from tests.helpers.net import free_port

    window = make_window(Settings(backend="onnxruntime", serve_port=free_port()))
    path = classify_one(window, qtbot, tmp_path)
    window.serve_action.trigger()
    qtbot.waitUntil(lambda: window.controller.server is not None, timeout=30_000)
    port = window.settings.serve_port
    assert window.status_serve.text() == f"Serving Inception-v3 · localhost:{port} · 0 requests"
    choose(window, "inception_v3", "fruit")
    qtbot.waitUntil(lambda: f"Serving fruit · localhost:{port}" in
                    window.status_serve.text(), timeout=120_000)
    url = window.controller.server.url
    answer = requests.post(f"{url}/v1/classify", files={"file": open(path, "rb")},
                           timeout=60).json()
    assert {p["label"] for p in answer["results"][0]["predictions"]} == set(FRUIT)
    assert window.serve_action.isChecked()
    # At the smallest window every segment has the room its text needs (item 7).
    window.resize(1024, 640)
    qtbot.wait(100)
    for label in (window.status_serve, window.status_timing, window.status_model):
        assert label.width() >= label.sizeHint().width(), label.text()
    # The model's load time gives way to the server's segment, so that the message beside
    # them keeps room too (it stays in the tooltip).
    assert "loaded in" not in window.status_model.text()
    assert "loaded in" in window.status_model.toolTip()
    window.grab().save(str(tmp_path / "serving-1024.png"))
    window.serve_action.trigger()
    assert window.controller.server is None and not window.status_serve.isVisible()
    assert "loaded in" in window.status_model.text()
