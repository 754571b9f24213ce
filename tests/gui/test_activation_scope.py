"""Images run for what the window shows (issue 24): classifying alone runs each image once;
a class map adds one run of the classification graph with the last block; only the feature
viewer asks for every block."""

from __future__ import annotations

from tests.helpers.window import classify_one, wait_idle


def cached(window):
    return window.controller.current_item().activations.get(window.controller.key())


def test_each_view_runs_only_what_it_shows(make_window, qtbot, tmp_path):
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    wait_idle(qtbot, window)
    assert window.controller.inference_runs == 1 and cached(window) is None

    spec = window.controller.predictor.spec
    last = spec.blocks[-1].path
    tab = window.classify_tab
    tab.toggle_class_map(tab.results.rows[0].index)
    qtbot.waitUntil(tab.image_view.has_overlay, timeout=120_000)
    assert window.controller.inference_runs == 2
    assert set(cached(window).blocks) == {last}  # the classification graph's last block

    window.show_tab(1)
    qtbot.waitUntil(lambda: window.viewer.model.rowCount() > 0, timeout=120_000)
    assert window.controller.inference_runs == 3
    assert {b.path for b in spec.blocks} <= set(cached(window).blocks)

    window.show_tab(0)  # back to the map: the full activations serve it, nothing runs
    tab.toggle_class_map(tab.results.rows[1].index)
    qtbot.waitUntil(tab.image_view.has_overlay, timeout=60_000)
    wait_idle(qtbot, window)
    assert window.controller.inference_runs == 3


def test_a_map_left_on_follows_the_next_image_with_the_small_graph(make_window, qtbot,
                                                                   tmp_path):
    from tests.helpers.window import drop, images

    window = make_window()
    paths = images(tmp_path, 2)
    drop(window, paths)
    tab = window.classify_tab
    qtbot.waitUntil(lambda: len(tab.results.visible_labels()) == 5, timeout=120_000)
    tab.toggle_class_map(tab.results.rows[0].index)
    qtbot.waitUntil(tab.image_view.has_overlay, timeout=120_000)
    window.step(1)
    qtbot.waitUntil(lambda: cached(window) is not None, timeout=120_000)
    assert set(cached(window).blocks) == {window.controller.predictor.spec.blocks[-1].path}
