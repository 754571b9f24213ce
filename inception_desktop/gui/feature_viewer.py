"""The feature-map viewer: blocks in network order; every channel of the chosen block as a grid
(tile size adjustable, each tile's branch marked beside it); one channel large at its own
resolution with a colour bar and its value range, or over the image; exports at real
resolution; and, once a folder is indexed, each channel's top images from that folder and a
channel atlas (every channel shown by its best crop)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSlider,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.engine.featuremaps import (
    COLORMAPS,
    NORMALIZATIONS,
    ORDERS,
    channel_stats,
    normalized,
)
from inception_desktop.engine.featuresheet import BRANCH_COLORS
from inception_desktop.gui.channel_grid import (
    BLOCK_ROLE,
    MARK,
    ChannelGridModel,
    ChannelMapView,
    ChannelTileDelegate,
)
from inception_desktop.gui.feature_exports import ExportsMixin, colormap_label
from inception_desktop.gui.feature_index import IndexedFolderMixin
from inception_desktop.gui.format import block_label
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.jobs import GridRender, result_source
from inception_desktop.gui.widgets import ImageView
from inception_desktop.models.spec import ModelSpec


class FeatureViewer(ExportsMixin, IndexedFolderMixin, QWidget):
    """The Feature maps tab. It follows the controller (new activations, grids, the model
    loading or loaded) and asks it for grids, activations and the index."""

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.spec: ModelSpec | None = None
        self.model_label = ""  # what the activations came from, for titles
        self.activations = None
        self.current_block: str | None = None
        self._image = None
        self._follow: tuple[str, int] | None = None  # (block, channel) to select when ready
        self.index = None  # the ChannelIndex of the indexed folder (for this network)
        self.last_saved: Path | None = None
        self.strip_channel: tuple[str, int] | None = None  # what the top-images strip shows

        self.blocks = QTreeWidget()
        self.blocks.setHeaderLabels([translate("feature_viewer", "Block"),
                                     translate("feature_viewer", "Output")])
        self.blocks.setMinimumWidth(270)
        header = self.blocks.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.blocks.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.blocks.currentItemChanged.connect(self._on_block)

        self.colormap = QComboBox()
        for name in COLORMAPS:
            self.colormap.addItem(colormap_label(name), name)
        self.normalization = QComboBox()
        normalizations = {"channel": translate("feature_viewer", "per channel"),
                          "block": translate("feature_viewer", "per block")}
        for n in NORMALIZATIONS:
            self.normalization.addItem(normalizations.get(n, n), n)
        self.order = QComboBox()
        orders = {"index": translate("feature_viewer", "by index"),
                  "mean": translate("feature_viewer", "by mean"),
                  "max": translate("feature_viewer", "by max")}
        for o in ORDERS:
            self.order.addItem(orders.get(o, o), o)
        for combo in (self.colormap, self.normalization, self.order):
            combo.currentIndexChanged.connect(self._on_options)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.colormap.setToolTip(translate("feature_viewer", "Colormap of the channels"))
        self.normalization.setToolTip(translate(
            "feature_viewer", "Stretch each channel to its own range, or one range for the "
                              "whole block (shows which channels are strongest)"))
        self.order.setToolTip(translate("feature_viewer",
                                        "Channel order: by index, or strongest first"))
        self.tile = QSlider(Qt.Orientation.Horizontal)
        self.tile.setRange(32, 160)
        self.tile.setSingleStep(8)
        self.tile.setValue(64)
        self.tile.setFixedWidth(110)
        self.tile.setToolTip(translate("feature_viewer", "Tile size"))
        self.tile.valueChanged.connect(self._on_tile)
        self.show_combo = QComboBox()
        self.show_combo.addItem(translate("feature_viewer", "This image's activations"),
                                "activations")
        self.show_combo.addItem(translate("feature_viewer", "Atlas: best crop of the folder"),
                                "atlas")
        self.show_combo.setToolTip(translate(
            "feature_viewer", "Atlas: each channel shown by the region of the indexed folder "
                              "that makes it fire most (index a folder first)"))
        self.show_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_combo.currentIndexChanged.connect(self._on_show)

        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.header = QLabel(translate("feature_viewer", "Open an image, then pick a block"))
        self.header.setWordWrap(True)

        self.model = ChannelGridModel(self)
        self.grid = QListView()
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(ChannelTileDelegate(self.grid))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setSpacing(2)
        # One pass (uniform sizes make it cheap even for 2048 tiles), so a selected channel
        # can be scrolled to at once.
        self.grid.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.grid.selectionModel().currentChanged.connect(self._on_channel)
        self._apply_tile(64)

        # One channel: at its own resolution, or over the image.
        self.channel_map = ChannelMapView()
        self.detail = ImageView()
        self.detail.setMinimumSize(220, 200)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(70)
        self.opacity.valueChanged.connect(lambda v: self.detail.set_opacity(v / 100))
        self.opacity.setToolTip(translate("feature_viewer",
                                          "Opacity of the channel over the image"))
        self.detail.set_opacity(0.7)
        over = QWidget()
        ov = QVBoxLayout(over)
        ov.setContentsMargins(0, 0, 0, 0)
        ov.addWidget(self.detail, 1)
        orow = QHBoxLayout()
        orow.addWidget(QLabel(translate("feature_viewer", "Opacity")))
        orow.addWidget(self.opacity, 1)
        ov.addLayout(orow)
        self.channel_tabs = QTabWidget()
        self.channel_tabs.addTab(self.channel_map, translate("feature_viewer", "Channel"))
        self.channel_tabs.addTab(over, translate("feature_viewer", "Over the image"))
        self.stats = QLabel(translate("feature_viewer",
                                      "Click a channel (arrow keys step through them)"))
        self.stats.setWordWrap(True)
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_export_widgets()
        self._build_index_widgets()

        row1 = QHBoxLayout()
        for label, w in ((translate("feature_viewer", "Colormap"), self.colormap),
                         (translate("feature_viewer", "Normalise"), self.normalization),
                         (translate("feature_viewer", "Order"), self.order)):
            row1.addWidget(QLabel(label))
            row1.addWidget(w)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(translate("feature_viewer", "Tiles")))
        row2.addWidget(self.tile)
        row2.addWidget(self.show_combo)
        row2.addStretch(1)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.header)
        mid.addLayout(row1)
        mid.addLayout(row2)
        mid.addWidget(self.legend)
        mid.addWidget(self.grid, 1)
        mid.addWidget(self.top_label)
        mid.addWidget(self.top_strip)
        mid.addWidget(self.saved_bar)

        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.addWidget(self.channel_tabs, 1)
        sv.addWidget(self.stats)
        exports = QHBoxLayout()
        exports.addWidget(self.export_channel)
        exports.addWidget(self.export_grid)
        sv.addLayout(exports)
        irow = QHBoxLayout()
        irow.addWidget(self.index_button)
        irow.addWidget(self.index_cancel)
        sv.addLayout(irow)
        sv.addWidget(self.index_progress)
        sv.addWidget(self.index_status)

        splitter = QSplitter()
        splitter.addWidget(self.blocks)
        splitter.addWidget(middle)
        splitter.addWidget(side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 480, 290])
        for i in range(3):
            splitter.setCollapsible(i, False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        s = controller.settings
        self.set_options(s.colormap, s.normalization, s.channel_order, s.tile_size)
        controller.activations_ready.connect(self._on_activations)
        controller.grid_ready.connect(self.show_grid)
        controller.predictor_loading.connect(self.show_loading)
        controller.predictor_ready.connect(self._on_predictor)

    # ------------------------------------------------------------------ controller events

    def _on_activations(self, _index: int) -> None:
        acts = self.controller.current_activations()
        item = self.controller.current_item()
        if acts is None or item is None or not self._has_every_block(acts):
            return  # a class map's activations (the last block): the grid waits for its own
        self.image_name = item.short_name
        self.set_activations(acts, item.display)

    def _on_predictor(self, predictor: Any) -> None:
        source = result_source(predictor)
        self.set_predictor(predictor, translate("feature_viewer", "{model} on {network}").format(
            model=source.model, network=source.network) if source.fine_tuned else source.network)

    def showEvent(self, event) -> None:  # noqa: N802
        """Shown (its tab chosen): every block of the current image, computed once."""
        super().showEvent(event)
        self.controller.want_activations("features", "all")

    def hideEvent(self, event) -> None:  # noqa: N802
        """Hidden: images are no longer run through every block for it."""
        super().hideEvent(event)
        self.controller.want_activations("features", None)

    def _has_every_block(self, acts: Any) -> bool:
        return self.spec is None or all(b.path in acts.blocks for b in self.spec.blocks)

    def _request_grid(self, path: str) -> None:
        """The block's grid of the current activations (asked for first when missing)."""
        acts = self.controller.current_activations()
        if acts is None or not self._has_every_block(acts):
            self.controller.request_activations("all")
            return
        self.controller.request_grid(path, self.branch_of(path))

    # ------------------------------------------------------------------ state from outside

    def set_options(self, colormap: str, normalization: str, order: str,
                    tile_size: int = 64) -> None:
        for combo, value in ((self.colormap, colormap), (self.normalization, normalization),
                             (self.order, order)):
            combo.blockSignals(True)
            i = combo.findData(value)
            combo.setCurrentIndex(i if i >= 0 else max(combo.findText(value), 0))
            combo.blockSignals(False)
        self.tile.blockSignals(True)
        self.tile.setValue(tile_size)
        self.tile.blockSignals(False)
        self._apply_tile(tile_size)

    def set_predictor(self, predictor, model_label: str) -> None:
        """A (new) model: its blocks; the old model's grids and index go."""
        same = self.spec is not None and self.spec.name == predictor.spec.name
        self.model_label = model_label
        self.network = predictor.network
        self.weights_sha = predictor.choice.sha256
        if self.index is not None and (self.index.network != predictor.network or
                                       self.index.weights.get("sha256") != self.weights_sha):
            self._drop_index(translate("feature_viewer", "The index was made with other "
                                                         "weights: index the folder again."))
        if not same:
            self.set_spec(predictor.spec)

    def show_loading(self, name: str) -> None:
        """The next model is loading: nothing of the previous one is shown as current."""
        self.model.set_render(None, None)
        self.activations = None
        self.header.setText(translate("feature_viewer", "Loading {name}…").format(name=name))
        self.channel_map.set_channel(None, "", np.zeros((1, 1)))
        self.detail.set_message("")
        self.stats.setText("")
        self.export_grid.setEnabled(False)
        self.export_channel.setEnabled(False)
        self._clear_strip()

    def set_spec(self, spec: ModelSpec) -> None:
        if self.spec is not None and self.spec.name == spec.name:
            return
        self.spec = spec
        self.blocks.blockSignals(True)
        self.blocks.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for block in spec.blocks:
            group = groups.get(block.group)
            if group is None:
                group = QTreeWidgetItem([block_label(block.group)])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.blocks.addTopLevelItem(group)
                groups[block.group] = group
            item = QTreeWidgetItem([block_label(block.display_name), str(block.channels)])
            item.setData(0, BLOCK_ROLE, block.path)
            item.setToolTip(0, translate("feature_viewer",
                                         "{name}: module {path}, stride {stride}, "
                                         "%n channel(s)", None, block.channels).format(
                name=block_label(block.display_name), path=block.path, stride=block.stride))
            group.addChild(item)
        self.blocks.expandAll()
        self._fit_blocks()
        self.blocks.blockSignals(False)
        self.current_block = None
        self.model.set_render(None, None)

    def _fit_blocks(self) -> None:
        """The Output column is never cut off; a long block name is elided in its middle
        ("Inception-ResNet-B…of 20"), whole in its tooltip."""
        self.blocks.resizeColumnToContents(1)

    def set_activations(self, activations, image) -> None:
        """New activations for the current image; shapes are filled in, the grid re-rendered."""
        self.activations = activations
        self._image = image
        for i in range(self.blocks.topLevelItemCount()):
            group = self.blocks.topLevelItem(i)
            for j in range(group.childCount()):
                item = group.child(j)
                arr = activations.blocks.get(item.data(0, BLOCK_ROLE)) if activations else None
                if arr is not None:
                    c, h, w = arr.shape
                    item.setText(1, f"{c} · {h}×{w}")
                    item.setToolTip(1, translate("feature_viewer", "%n channel(s) of {h} × {w}",
                                                 None, c).format(h=h, w=w))
        self._fit_blocks()
        if self._follow is not None and self._follow[0] != self.current_block:
            self.select_block(self._follow[0])
        elif self.current_block is None and self.spec is not None:
            self.select_block(self.spec.blocks[-1].path)
        elif self.current_block and self.model.render is not None and \
                self.model.render.kind == "atlas":
            # The atlas does not depend on the image: it stays; only a followed channel moves.
            if self._follow is not None:
                self.show_grid(self.model.render)
            else:
                self._on_channel(self.grid.currentIndex())
        elif self.current_block:
            self._request_grid(self.current_block)

    def select_block(self, path: str) -> None:
        for i in range(self.blocks.topLevelItemCount()):
            group = self.blocks.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, BLOCK_ROLE) == path:
                    self.blocks.setCurrentItem(group.child(j))
                    return

    def follow_channel(self, block: str, channel: int) -> None:
        """Select this block and channel once the next activations are in."""
        self._follow = (block, channel)

    def branch_of(self, path: str) -> np.ndarray | None:
        block = self.spec.block(path) if self.spec else None
        if not block or not block.branches:
            return None
        out = np.zeros(block.channels, dtype=np.int64)
        for i, br in enumerate(block.branches):
            out[br.start:br.stop] = i
        return out

    def show_grid(self, render: GridRender) -> None:
        if render.block != self.current_block or self.spec is None:
            return
        block = self.spec.block(render.block)
        self.model.set_render(render, block)
        shape = self.activations.blocks[render.block].shape if self.activations else ()
        what = (translate("feature_viewer", "each channel by its best crop from the indexed "
                                            "folder")
                if render.kind == "atlas" else
                translate("feature_viewer", "{size} each").format(
                    size=" × ".join(str(d) for d in shape[1:])))
        self.header.setText(translate("feature_viewer", "<b>{name}</b> ({path}) — %n "
                                                        "channel(s), {what}", None,
                                      block.channels).format(
            name=block_label(block.display_name), path=block.path, what=what))
        if block.branches:
            parts = []
            for i, br in enumerate(block.branches):
                r, g, b = BRANCH_COLORS[i % len(BRANCH_COLORS)]
                # One branch never breaks across lines (its mark stays with its name).
                parts.append(f"<span style='white-space: nowrap'><span style='color: "
                             f"rgb({r},{g},{b}); font-size: large'>▬</span> "
                             f"{escape(block_label(br.name))} ({br.start}–{br.stop - 1})</span>")
            self.legend.setText(translate("feature_viewer", "Branches: {branches}").format(
                branches=" &nbsp; ".join(parts)))
            self.legend.show()
        else:
            self.legend.setText("")
            self.legend.hide()
        self.export_grid.setEnabled(render.kind == "activations")
        if self.model.rowCount():
            row = 0
            if self._follow is not None and self._follow[0] == render.block:
                wanted = self._follow[1]
                row = int(np.nonzero(render.order == wanted)[0][0]) \
                    if wanted in render.order else 0
                self._follow = None
            self.grid.setCurrentIndex(self.model.index(row))
            self.grid.setFocus()

    def branch_labels(self) -> list[str]:
        if self.model.block is None:
            return []
        return [br.name for br in self.model.block.branches]

    # ------------------------------------------------------------------ interaction

    def _on_block(self, item, _previous) -> None:
        path = item.data(0, BLOCK_ROLE) if item else None
        if not path:
            return
        self.current_block = path
        self.header.setText(translate("feature_viewer", "Rendering…"))
        self._clear_strip()
        if self.show_combo.currentData() == "atlas" and self.index is not None:
            self._request_atlas()
        else:
            self._request_grid(path)

    def _on_options(self) -> None:
        self.controller.update_settings(colormap=self.colormap.currentData(),
                                        normalization=self.normalization.currentData(),
                                        channel_order=self.order.currentData())
        if self.current_block:
            self._request_grid(self.current_block)

    def _apply_tile(self, size: int) -> None:
        self.grid.setIconSize(QSize(size, size))
        line = self.grid.fontMetrics().height()
        self.grid.setGridSize(QSize(size + 12, size + MARK + 10 + line))

    def _on_tile(self, size: int) -> None:
        self._apply_tile(size)
        self.controller.update_settings(tile_size=size)
        if self.current_block and self.show_combo.currentData() == "activations":
            self._request_grid(self.current_block)

    def _on_show(self) -> None:
        if self.show_combo.currentData() == "atlas":
            if self.index is None:
                self.index_status.setText(translate(
                    "feature_viewer", "Index a folder first: the atlas shows each channel by "
                                      "its best crop from it."))
                self.show_combo.blockSignals(True)
                self.show_combo.setCurrentIndex(0)
                self.show_combo.blockSignals(False)
                return
            self._request_atlas()
        elif self.current_block:
            self._request_grid(self.current_block)

    def _on_channel(self, index: QModelIndex, _prev=None) -> None:
        if not index.isValid() or self.model.render is None:
            return
        channel = self.model.channel(index.row())
        self.grid.scrollTo(index)
        block_path = self.model.render.block
        branch = self.model.branch_name(channel)
        self.export_channel.setEnabled(self.activations is not None)
        if self.activations is not None and block_path in self.activations.blocks:
            block = self.activations.blocks[block_path]
            st = channel_stats(block, channel)
            title = translate("feature_viewer", "<b>Channel {channel}</b>").format(
                channel=channel)
            if branch:
                title += translate("feature_viewer", " — {branch} branch").format(branch=branch)
            values = translate("feature_viewer", "values {low} to {high}, mean {mean}, std "
                                                 "{std}").format(
                low=f"{st.min:.4g}", high=f"{st.max:.4g}", mean=f"{st.mean:.4g}",
                std=f"{st.std:.4g}")
            active = translate("feature_viewer", "active (> 0) at {percent}% of "
                                                 "positions").format(
                percent=f"{st.active_fraction * 100:.0f}")
            self.stats.setText(f"{title}<br>{values}<br>{active}")
            scaled = normalized(block, self.normalization.currentData())[channel]
            self.channel_map.set_channel(block[channel], self.colormap.currentData(), scaled)
            if self._image is not None:
                self.detail.set_image(self._image, self.activations.image_size)
            heat = normalized(block[channel:channel + 1], "channel")[0]
            self.detail.set_overlay(heat, self.activations.crop_box,
                                    self.colormap.currentData())
        self._show_top_images(block_path, channel)

    def selected_channel(self) -> int | None:
        index = self.grid.currentIndex()
        return self.model.channel(index.row()) if index.isValid() else None
