"""Nothing cut off at 1024 x 640 (issue 25, item 16): the toolbar's combos after Auto says what
it picked ("Auto (OpenVINO)"), the network combo, the block tree's Output column for the
network with the longest block names, the Evaluate tab's per-class Top-5 header, and the
reliability diagram's names (under the plot, not over it)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from inception_desktop.gui.feature_viewer import FeatureViewer
from inception_desktop.models import get_spec, list_models
from tests.helpers.fake_controller import FakeController, fake_predictor
from tests.helpers.fake_controller import synthetic_activations as _synthetic


def _text_fits(combo) -> bool:
    need = combo.fontMetrics().horizontalAdvance(combo.currentText()) + 24  # the arrow
    return combo.width() >= need


def test_toolbar_combos_grow_with_what_auto_picked(make_window, qtbot):
    from inception_desktop.gui.settings import Settings

    window = make_window(Settings(backend="auto", device="auto"))
    window.resize(1024, 640)
    bar = window.model_bar
    bar._on_predictor(SimpleNamespace(backend_name="openvino", device="cpu", precision="fp32"))
    qtbot.wait(50)
    assert bar.backend_combo.currentText() == "Auto (OpenVINO)"
    assert bar.device_combo.currentText() == "Auto (CPU)"
    for combo in (bar.backend_combo, bar.device_combo, bar.precision_combo):
        assert _text_fits(combo), combo.currentText()
    # Every network's name fits the network combo whole (shown, not chosen: choosing would
    # load every network, a minute of exports the test does not look at).
    bar.network_combo.blockSignals(True)
    for i in range(bar.network_combo.count()):
        bar.network_combo.setCurrentIndex(i)
        qtbot.wait(10)
        assert _text_fits(bar.network_combo), bar.network_combo.currentText()
    bar.network_combo.blockSignals(False)
    assert window.width() <= 1024 and bar.width() <= 1024


def _real_shapes(spec):
    """Activations with each block's real output size (the Output column's longest text)."""
    act = _synthetic(spec)
    size = spec.input_size
    blocks = {}
    for b in spec.blocks:
        side = max(1, size // b.stride)
        blocks[b.path] = np.zeros((b.channels, side, side), np.float32)
    act.blocks = blocks
    return act


def test_the_block_tree_shows_the_output_column_whole(qtbot):
    longest = max(list_models(), key=lambda n: max(len(b.display_name)
                                                   for b in get_spec(n).blocks))
    spec = get_spec(longest)
    controller = FakeController()
    view = FeatureViewer(controller)
    qtbot.addWidget(view)
    view.resize(1000, 560)  # the tab's size in a 1024 x 640 window
    view.show()
    controller.predictor_ready.emit(fake_predictor(spec))
    controller.activations = _real_shapes(spec)
    controller.activations_ready.emit(0)
    qtbot.wait(50)
    tree = view.blocks
    header = tree.header()
    assert header.sectionSize(1) >= header.sectionSizeHint(1)
    assert header.sectionSize(0) + header.sectionSize(1) <= tree.viewport().width() + 1
    texts = [tree.topLevelItem(i).child(j).text(1) for i in range(tree.topLevelItemCount())
             for j in range(tree.topLevelItem(i).childCount())]
    widest = max(texts, key=lambda t: tree.fontMetrics().horizontalAdvance(t))
    assert "·" in widest and "×" in widest
    assert header.sectionSize(1) >= tree.fontMetrics().horizontalAdvance(widest)
    # A long block name is elided in its middle, whole in its tooltip.
    assert tree.textElideMode().name == "ElideMiddle"
