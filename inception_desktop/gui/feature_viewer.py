"""The feature-map viewer: blocks in network order, every channel of the chosen block as a
grid (branches framed and named), and one channel large over the image with its statistics."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSlider,
    QSplitter,
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
    grid_image,
    normalized,
)
from inception_desktop.gui.jobs import BRANCH_COLORS, GridRender
from inception_desktop.gui.qtutil import rgb_array_to_qimage
from inception_desktop.gui.widgets import ImageView
from inception_desktop.models.spec import BlockSpec, ModelSpec

BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1


class ChannelGridModel(QAbstractListModel):
    """Thumbnails as a list model: pixmaps are made only for the items on screen."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.render: GridRender | None = None
        self.block: BlockSpec | None = None
        self._cache: dict[int, QPixmap] = {}

    def set_render(self, render: GridRender | None, block: BlockSpec | None) -> None:
        self.beginResetModel()
        self.render, self.block = render, block
        self._cache.clear()
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        if self.render is None or (parent is not None and parent.isValid()):
            return 0
        return len(self.render.order)

    def channel(self, row: int) -> int:
        return int(self.render.order[row])

    def branch_name(self, channel: int) -> str:
        if self.block:
            for br in self.block.branches:
                if br.start <= channel < br.stop:
                    return br.name
        return ""

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.render is None:
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DecorationRole:
            pix = self._cache.get(row)
            if pix is None:
                pix = QPixmap.fromImage(rgb_array_to_qimage(self.render.thumbs[row]))
                self._cache[row] = pix
            return pix
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.channel(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            branch = self.branch_name(self.channel(row))
            return f"channel {self.channel(row)}" + (f" ({branch} branch)" if branch else "")
        return None


class FeatureViewer(QWidget):
    block_selected = Signal(str)  # module path
    options_changed = Signal(str, str, str)  # colormap, normalisation, order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: ModelSpec | None = None
        self.activations = None
        self.current_block: str | None = None
        self._image = None

        self.blocks = QTreeWidget()
        self.blocks.setHeaderLabels(["Block", "Output"])
        self.blocks.setColumnWidth(0, 190)
        self.blocks.setMinimumWidth(300)
        self.blocks.currentItemChanged.connect(self._on_block)

        self.colormap = QComboBox()
        self.colormap.addItems(COLORMAPS)
        self.normalization = QComboBox()
        for n in NORMALIZATIONS:
            self.normalization.addItem(f"per {n}", n)
        self.order = QComboBox()
        for o in ORDERS:
            self.order.addItem({"index": "by index", "mean": "by mean activation",
                                "max": "by max activation"}[o], o)
        for combo in (self.colormap, self.normalization, self.order):
            combo.currentIndexChanged.connect(self._on_options)
        self.colormap.setToolTip("Colormap of the thumbnails")
        self.normalization.setToolTip("Stretch each channel to its own range, or one range for "
                                      "the whole block (shows which channels are strongest)")
        self.order.setToolTip("Channel order")

        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.header = QLabel("Drop an image, then pick a block")

        self.model = ChannelGridModel(self)
        self.grid = QListView()
        self.grid.setModel(self.model)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setIconSize(QSize(64, 64))
        self.grid.setGridSize(QSize(76, 88))
        self.grid.setSpacing(2)
        self.grid.setLayoutMode(QListView.LayoutMode.Batched)
        self.grid.setBatchSize(256)
        self.grid.selectionModel().currentChanged.connect(self._on_channel)

        self.detail = ImageView()
        self.detail.setMinimumSize(260, 260)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(70)
        self.opacity.valueChanged.connect(lambda v: self.detail.set_opacity(v / 100))
        self.opacity.setToolTip("Opacity of the channel over the image")
        self.detail.set_opacity(0.7)
        self.stats = QLabel("Click a channel")
        self.stats.setWordWrap(True)
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_grid = QPushButton("Export grid as PNG…")
        self.export_channel = QPushButton("Export channel as PNG…")
        self.export_grid.clicked.connect(self._export_grid)
        self.export_channel.clicked.connect(self._export_channel)
        self.export_grid.setEnabled(False)
        self.export_channel.setEnabled(False)

        options = QHBoxLayout()
        for label, w in (("Colormap", self.colormap), ("Normalise", self.normalization),
                         ("Order", self.order)):
            options.addWidget(QLabel(label))
            options.addWidget(w)
        options.addStretch(1)
        options.addWidget(self.export_grid)

        middle = QWidget()
        mid_layout = QVBoxLayout(middle)
        mid_layout.setContentsMargins(0, 0, 0, 0)
        mid_layout.addWidget(self.header)
        mid_layout.addLayout(options)
        mid_layout.addWidget(self.legend)
        mid_layout.addWidget(self.grid, 1)

        side = QGroupBox("Channel")
        form = QFormLayout(side)
        form.addRow(self.detail)
        form.addRow("Opacity", self.opacity)
        form.addRow(self.stats)
        form.addRow(self.export_channel)

        splitter = QSplitter()
        splitter.addWidget(self.blocks)
        splitter.addWidget(middle)
        splitter.addWidget(side)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ------------------------------------------------------------------ state from outside

    def set_options(self, colormap: str, normalization: str, order: str) -> None:
        for combo, value in ((self.colormap, colormap), (self.normalization, normalization),
                             (self.order, order)):
            combo.blockSignals(True)
            i = combo.findData(value)
            combo.setCurrentIndex(i if i >= 0 else max(combo.findText(value), 0))
            combo.blockSignals(False)

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
                group = QTreeWidgetItem([block.group])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.blocks.addTopLevelItem(group)
                groups[block.group] = group
            item = QTreeWidgetItem([block.display_name, f"{block.channels} channels"])
            item.setData(0, BLOCK_ROLE, block.path)
            item.setToolTip(0, f"module {block.path}, stride {block.stride}")
            group.addChild(item)
        self.blocks.expandAll()
        self.blocks.blockSignals(False)
        self.current_block = None
        self.model.set_render(None, None)

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
                    item.setText(1, " × ".join(str(d) for d in arr.shape))
        if self.current_block is None and self.spec is not None:
            self.select_block(self.spec.blocks[-1].path)
        elif self.current_block:
            self.block_selected.emit(self.current_block)

    def select_block(self, path: str) -> None:
        for i in range(self.blocks.topLevelItemCount()):
            group = self.blocks.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, BLOCK_ROLE) == path:
                    self.blocks.setCurrentItem(group.child(j))
                    return

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
        self.header.setText(f"<b>{block.display_name}</b> — {block.channels} channels, "
                            f"{' × '.join(str(d) for d in shape[1:])} each")
        if block.branches:
            parts = []
            for i, br in enumerate(block.branches):
                r, g, b = BRANCH_COLORS[i % len(BRANCH_COLORS)]
                parts.append(f"<span style='color: rgb({r},{g},{b}); font-weight: bold'>"
                             f"■ {br.name}</span> ({br.start}–{br.stop - 1})")
            self.legend.setText(" | ".join(parts))
            self.legend.show()
        else:
            self.legend.setText("")
            self.legend.hide()
        self.export_grid.setEnabled(True)
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0))

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
        self.header.setText("Rendering…")
        self.block_selected.emit(path)

    def _on_options(self) -> None:
        self.options_changed.emit(self.colormap.currentText(), self.normalization.currentData(),
                                  self.order.currentData())

    def _on_channel(self, index: QModelIndex, _prev=None) -> None:
        if not index.isValid() or self.activations is None or self.model.render is None:
            return
        channel = self.model.channel(index.row())
        block = self.activations.blocks[self.model.render.block]
        st = channel_stats(block, channel)
        branch = self.model.branch_name(channel)
        self.stats.setText(
            f"<b>Channel {channel}</b>{f' — {branch} branch' if branch else ''}<br>"
            f"mean {st.mean:.4g}, std {st.std:.4g}<br>min {st.min:.4g}, max {st.max:.4g}<br>"
            f"active (> 0) at {st.active_fraction * 100:.0f}% of positions")
        if self._image is not None:
            self.detail.set_image(self._image, self.activations.image_size)
        heat = normalized(block[channel:channel + 1], "channel")[0]
        self.detail.set_overlay(heat, self.activations.crop_box, self.colormap.currentText())
        self.export_channel.setEnabled(True)

    def selected_channel(self) -> int | None:
        index = self.grid.currentIndex()
        return self.model.channel(index.row()) if index.isValid() else None

    def _export_grid(self) -> None:
        if self.model.render is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export grid", f"{self.current_block}.png",
                                              "PNG images (*.png)")
        if path:
            self.save_grid(path)

    def save_grid(self, path: str) -> None:
        grid_image(self.model.render.thumbs).save(path)

    def _export_channel(self) -> None:
        channel = self.selected_channel()
        if channel is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export channel", f"{self.current_block}-channel{channel}.png",
            "PNG images (*.png)")
        if path:
            self.save_channel(path)

    def save_channel(self, path: str) -> None:
        self.detail.grab().save(path)
