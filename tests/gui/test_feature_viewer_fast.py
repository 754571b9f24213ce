"""The feature viewer alone, in a second: a fake controller emits synthetic activations (no
network runs), and the viewer shows each block's channels with their branches, one channel at
its own resolution, and hands its options to the controller (the settings' only writer)."""

from __future__ import annotations

import numpy as np
import pytest

from inception_desktop.gui.channel_grid import BRANCH_ROLE
from inception_desktop.gui.feature_viewer import FeatureViewer
from inception_desktop.models import get_spec, list_models
from tests.helpers.fake_controller import (
    SIDE,
    FakeController,
    fake_predictor,
    synthetic_activations,
)


@pytest.fixture
def viewer(qtbot):
    controller = FakeController()
    view = FeatureViewer(controller)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


@pytest.mark.parametrize("network", [list_models()[0], list_models()[-1]])
def test_synthetic_activations_fill_every_view(viewer, qtbot, network):
    controller = viewer.controller
    spec = get_spec(network)
    controller.predictor_ready.emit(fake_predictor(spec))
    assert viewer.spec is spec
    controller.activations = synthetic_activations(spec)
    controller.activations_ready.emit(0)
    # The last block is chosen by itself, every channel a tile.
    last = spec.blocks[-1]
    assert viewer.current_block == last.path
    assert viewer.model.rowCount() == last.channels
    assert last.display_name in viewer.header.text()
    # A block with branches: each tile carries its branch, the legend names them.
    block = next(b for b in spec.blocks if b.branches)
    viewer.select_block(block.path)
    assert viewer.model.render.block == block.path
    assert viewer.legend.isVisibleTo(viewer)
    for i, branch in enumerate(block.branches):
        assert branch.name in viewer.legend.text()
        row = int(np.nonzero(viewer.model.render.order == branch.start)[0][0])
        assert viewer.model.index(row).data(BRANCH_ROLE) == i
    # One channel, at its own resolution, with its values.
    viewer.grid.setCurrentIndex(viewer.model.index(0))
    channel = viewer.selected_channel()
    assert viewer.channel_map.grid == (SIDE, SIDE)
    assert f"values {channel:.4g} to {channel:.4g}" in viewer.stats.text()


def test_options_go_to_the_controller_and_the_grid_follows(viewer):
    controller = viewer.controller
    spec = get_spec(list_models()[0])
    controller.predictor_ready.emit(fake_predictor(spec))
    controller.activations = synthetic_activations(spec)
    controller.activations_ready.emit(0)
    viewer.colormap.setCurrentText("magma")
    assert controller.settings.colormap == "magma"
    assert viewer.model.render.colormap == "magma"
    viewer.order.setCurrentIndex(viewer.order.findData("max"))
    assert controller.settings.channel_order == "max"
    # Strongest first: channel c is the constant c, so the last channel leads.
    assert viewer.model.channel(0) == spec.blocks[-1].channels - 1
    viewer.tile.setValue(40)
    assert controller.settings.tile_size == 40
    assert viewer.model.render.thumbs.shape[1] == 40


def test_the_next_model_clears_what_the_previous_one_showed(viewer):
    controller = viewer.controller
    spec = get_spec(list_models()[0])
    controller.predictor_ready.emit(fake_predictor(spec))
    controller.activations = synthetic_activations(spec)
    controller.activations_ready.emit(0)
    assert viewer.model.rowCount() > 0
    other = get_spec(list_models()[1])
    controller.predictor_loading.emit(other.display_name)
    assert viewer.model.rowCount() == 0 and viewer.activations is None
    assert viewer.header.text() == f"Loading {other.display_name}…"
    assert not viewer.export_grid.isEnabled()


def test_a_block_chosen_before_activations_asks_for_them(viewer):
    controller = viewer.controller
    spec = get_spec(list_models()[0])
    controller.predictor_ready.emit(fake_predictor(spec))
    asked = controller.asked_for_activations
    viewer.select_block(spec.blocks[0].path)
    assert controller.asked_for_activations > asked
    assert viewer.model.rowCount() == 0
