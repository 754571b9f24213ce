"""Nothing stale shown as current: choices revert when their dialog is cancelled, panels
follow the input, a file that cannot be read is never shown beside the previous picture,
"use untrained" is remembered, and Compare never runs a network untrained unasked."""

from __future__ import annotations

from inception_desktop.gui.settings import Settings, load_settings
from inception_desktop.models import list_models
from tests.helpers.window import classify_one, drop, images, wait_idle


def test_the_network_box_reverts_when_the_weights_dialog_is_cancelled(make_window, qtbot,
                                                                        tmp_path):
    window = make_window(untrained=("inception_v3",))
    classify_one(window, qtbot, tmp_path)
    before = window.classify_tab.results.visible_labels()
    v4 = next(i for i in range(window.model_bar.network_combo.count())
              if window.model_bar.network_combo.itemData(i)[0] == "inception_v4")
    window.model_bar.network_combo.setCurrentIndex(v4)
    qtbot.waitUntil(lambda: getattr(window, "weights_dialog", None) is not None,
                    timeout=30_000)
    window.weights_dialog.reject()
    wait_idle(qtbot, window)
    assert window.model_bar.network_combo.currentData()[0] == "inception_v3"
    assert window.settings.network == "inception_v3"
    assert window.controller.predictor.network == "inception_v3"
    assert "Inception-v3" in window.classify_tab.results.subtitle.text()
    assert window.classify_tab.results.visible_labels() == before
    assert load_settings()[0].network == "inception_v3"


def test_first_use_cancel_says_nothing_was_classified(make_window, qtbot, tmp_path):
    window = make_window(untrained=())
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    qtbot.waitUntil(lambda: getattr(window, "weights_dialog", None) is not None,
                    timeout=30_000)
    window.weights_dialog.reject()
    assert window.classify_tab.results.error.isVisible()
    assert "No weights for Inception-v3" in window.classify_tab.results.error.text()


def test_compare_follows_the_current_image(make_window, qtbot, tmp_path):
    window = make_window()
    drop(window, images(tmp_path, 2))
    qtbot.waitUntil(lambda: all(it.result for it in window.controller.items) and
                    len(window.controller.items) == 2, timeout=120_000)
    window.show_tab(2)  # runs by itself on the current image
    qtbot.waitUntil(window.compare.has_results, timeout=300_000)
    first = window.controller.items[0]
    assert window.compare.item is first and len(window.compare.last_rows) == 3
    window.controller.set_current(1)
    # At once: no result of the first image beside the second.
    assert window.compare.item is window.controller.items[1]
    assert not window.compare.last_rows or window.compare.item is window.controller.items[1]
    qtbot.waitUntil(window.compare.has_results, timeout=300_000)
    assert window.compare.item is window.controller.items[1]
    assert "img 1.png" in window.compare.summary.text()


def test_an_unreadable_file_is_not_shown_beside_the_previous_picture(make_window, qtbot,
                                                                      tmp_path):
    window = make_window()
    good = images(tmp_path, 1)[0]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    drop(window, [good, broken])
    qtbot.waitUntil(lambda: all(it.result or it.error for it in window.controller.items)
                    and len(window.controller.items) == 2, timeout=120_000)
    assert window.classify_tab.image_view.showing is not None
    window.controller.set_current(1)
    assert window.classify_tab.image_view.showing is None  # the good picture is gone
    assert "broken.png" in window.classify_tab.results.error.text()
    assert "truncated or corrupt" in window.classify_tab.results.error.text()


def test_a_new_image_shows_before_its_result(make_window, qtbot, tmp_path):
    window = make_window(Settings(network="inception_resnet_v2", backend="onnxruntime"))
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    # The picture appears while the network is still loading or running.
    qtbot.waitUntil(lambda: window.classify_tab.image_view.showing is not None, timeout=30_000)
    item = window.controller.items[0]
    if item.result is None:
        assert window.classify_tab.results.spinner.isVisibleTo(window.classify_tab.results)
        assert "classifying" in window.classify_tab.results.subtitle.text()
    wait_idle(qtbot, window)


def test_feature_maps_are_cleared_while_another_network_loads(make_window, qtbot, tmp_path):
    window = make_window()
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    window.show_tab(1)
    qtbot.waitUntil(lambda: window.viewer.model.rowCount() > 0, timeout=120_000)
    loading = []
    window.controller.predictor_loading.connect(
        lambda name: loading.append((name, window.viewer.model.rowCount(),
                                     window.viewer.header.text())))
    v4 = next(i for i in range(window.model_bar.network_combo.count())
              if window.model_bar.network_combo.itemData(i)[0] == "inception_v4")
    window.model_bar.network_combo.setCurrentIndex(v4)
    qtbot.waitUntil(lambda: bool(loading), timeout=30_000)
    name, rows, header = loading[0]
    assert name == "Inception-v4" and rows == 0 and header.startswith("Loading Inception-v4")
    qtbot.waitUntil(lambda: window.viewer.spec.name == "inception_v4" and
                    window.viewer.model.rowCount() > 0, timeout=180_000)


def test_use_untrained_is_remembered_and_compare_asks_for_the_rest(make_window, qtbot,
                                                                    tmp_path):
    window = make_window(untrained=())
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    qtbot.waitUntil(lambda: getattr(window, "weights_dialog", None) is not None,
                    timeout=30_000)
    window.weights_dialog.choose_untrained()
    qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5, timeout=120_000)
    assert load_settings()[0].untrained_ok == ["inception_v3"]
    window.show_tab(2)
    qtbot.waitUntil(window.compare.has_results, timeout=300_000)
    # Only the network the user chose to run untrained ran; the others ask for weights.
    assert [r["network"] for r in window.compare.last_rows] == ["inception_v3"]
    missing = [c for c in window.compare.columns if c.get_weights.isVisible()]
    assert [c.network for c in missing] == [n for n in list_models() if n != "inception_v3"]
    window.close()
    again = make_window(load_settings()[0], untrained=())
    assert "inception_v3" in again.controller.untrained_networks


def test_a_precision_that_cannot_load_is_put_back_with_its_reason(make_window, qtbot,
                                                                   tmp_path):
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    window.model_bar.precision_combo.setCurrentIndex(window.model_bar.precision_combo.findData("int8"))
    # No quantized export of these weights: the reason is shown and Auto (the default, fp32
    # here: the tests pin auto's answer) comes back.
    qtbot.waitUntil(lambda: window.error_banner.isVisible() and
                    window.model_bar.precision_combo.currentData() == "auto", timeout=60_000)
    assert "No int8 version of Inception-v3" in window.error_banner.text()
    assert window.settings.precision == "auto"
    wait_idle(qtbot, window)
    assert window.controller.predictor.precision == "fp32"
