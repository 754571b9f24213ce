"""The feature-map viewer: blocks in network order; every channel of the chosen block as a grid
(tile size adjustable, each tile's branch marked beside it); one channel large at its own
resolution with a colour bar and its value range, or over the image; exports at real
resolution; and, once a folder is indexed, each channel's top images from that folder and a
channel atlas (every channel shown by its best crop)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
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
    colorize,
    normalized,
)
from inception_desktop.engine.featuresheet import BRANCH_COLORS
from inception_desktop.gui.format import ERROR_TEXT, SECONDARY_TEXT, plural
from inception_desktop.gui.jobs import GridRender
from inception_desktop.gui.qtutil import pil_to_qpixmap, rgb_array_to_qimage
from inception_desktop.gui.widgets import ImageView
from inception_desktop.models.spec import BlockSpec, ModelSpec

BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1
BRANCH_ROLE = Qt.ItemDataRole.UserRole + 2
MARK = 5  # height of the branch mark under a tile


class ChannelGridModel(QAbstractListModel):
    """Thumbnails as a list model: pixmaps are made only for the items on screen."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.render: GridRender | None = None
        self.block: BlockSpec | None = None
        self._cache: dict[int, QPixmap] = {}
        self._branch_of: np.ndarray | None = None

    def set_render(self, render: GridRender | None, block: BlockSpec | None) -> None:
        self.beginResetModel()
        self.render, self.block = render, block
        self._cache.clear()
        self._branch_of = None
        if block is not None and block.branches:
            self._branch_of = np.zeros(block.channels, np.int64)
            for i, br in enumerate(block.branches):
                self._branch_of[br.start:br.stop] = i
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
        if role == BRANCH_ROLE:
            return -1 if self._branch_of is None else int(self._branch_of[self.channel(row)])
        if role == Qt.ItemDataRole.ToolTipRole:
            channel = self.channel(row)
            branch = self.branch_name(channel)
            text = f"channel {channel}" + (f" ({branch} branch)" if branch else "")
            if self.render.files is not None:
                text += f"\nbest crop from {self.render.files[row] or '(none)'}"
            return text
        return None


class ChannelTileDelegate(QStyledItemDelegate):
    """A tile: the channel's picture, its branch as a coloured mark under it (never on the
    picture, so it cannot be mistaken for the colormap), and its number."""

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        rect = option.rect
        painter.fillRect(rect, option.palette.base())
        pix = index.data(Qt.ItemDataRole.DecorationRole)
        size = option.decorationSize.width()
        x = rect.x() + (rect.width() - size) // 2
        y = rect.y() + 2
        if pix is not None:
            painter.drawPixmap(QRect(x, y, size, size), pix)
        branch = index.data(BRANCH_ROLE)
        if branch is not None and branch >= 0:
            r, g, b = BRANCH_COLORS[branch % len(BRANCH_COLORS)]
            painter.fillRect(QRect(x, y + size + 1, size, MARK), QColor(r, g, b))
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(option.palette.highlight().color())
            painter.drawRect(QRect(x - 2, y - 2, size + 3, size + MARK + 4))
            painter.drawRect(QRect(x - 1, y - 1, size + 1, size + MARK + 2))
        painter.setPen(option.palette.text().color())
        text_rect = QRect(rect.x(), y + size + MARK + 2, rect.width(),
                          option.fontMetrics.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter),
                         str(index.data(Qt.ItemDataRole.DisplayRole)))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        size = option.decorationSize.width()
        return QSize(size + 10, size + MARK + 6 + option.fontMetrics.height())


class ChannelMapView(QWidget):
    """One channel at its own resolution: every position a square (nearest neighbour, no
    invented detail), a colour bar beside it with the values it spans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._bar: QImage | None = None
        self.low = self.high = 0.0
        self.grid = (0, 0)
        self.setMinimumSize(220, 200)

    def set_channel(self, values: np.ndarray | None, colormap: str, scaled01: np.ndarray
                    ) -> None:
        if values is None:
            self._image = None
            self.update()
            return
        rgb = np.ascontiguousarray(colorize(scaled01, colormap))
        self._image = rgb_array_to_qimage(rgb)
        lut = np.ascontiguousarray(colorize(np.linspace(1, 0, 256)[:, None], colormap))
        self._bar = rgb_array_to_qimage(np.repeat(lut, 12, axis=1))
        self.low, self.high = float(values.min()), float(values.max())
        self.grid = values.shape
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        if self._image is None:
            painter.setPen(QColor(SECONDARY_TEXT))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "Pick a channel")
            return
        metrics = painter.fontMetrics()
        labels = max(metrics.horizontalAdvance(f"{v:.3g}") for v in (self.low, self.high))
        room_w = self.width() - 14 - 8 - labels - 8
        room_h = self.height() - metrics.height() - 6
        h, w = self.grid
        scale = max(1, min(room_w // max(w, 1), room_h // max(h, 1)))
        target = QRect(0, 0, w * scale, h * scale)
        painter.drawImage(target, self._image)  # no smoothing: positions stay squares
        bar = QRect(target.right() + 8, 0, 14, target.height())
        painter.drawImage(bar, self._bar)
        painter.setPen(self.palette().text().color())
        painter.drawText(bar.right() + 6, metrics.ascent(), f"{self.high:.3g}")
        painter.drawText(bar.right() + 6, bar.bottom(), f"{self.low:.3g}")
        painter.setPen(QColor(SECONDARY_TEXT))
        painter.drawText(0, target.bottom() + metrics.height() + 2,
                         f"{w} × {h} positions, each shown {scale} × {scale} px")


class FeatureViewer(QWidget):
    block_selected = Signal(str)  # module path
    options_changed = Signal(str, str, str)  # colormap, normalisation, order
    tile_size_changed = Signal(int)
    index_requested = Signal(str)  # a folder to index
    open_hit = Signal(str, str, int)  # file, block, channel

    def __init__(self, controller=None, parent: QWidget | None = None) -> None:
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
        self.blocks.setHeaderLabels(["Block", "Output"])
        self.blocks.setColumnWidth(0, 170)
        self.blocks.setMinimumWidth(270)
        self.blocks.currentItemChanged.connect(self._on_block)

        self.colormap = QComboBox()
        self.colormap.addItems(COLORMAPS)
        self.normalization = QComboBox()
        for n in NORMALIZATIONS:
            self.normalization.addItem(f"per {n}", n)
        self.order = QComboBox()
        for o in ORDERS:
            self.order.addItem({"index": "by index", "mean": "by mean",
                                "max": "by max"}[o], o)
        for combo in (self.colormap, self.normalization, self.order):
            combo.currentIndexChanged.connect(self._on_options)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.colormap.setToolTip("Colormap of the channels")
        self.normalization.setToolTip("Stretch each channel to its own range, or one range for "
                                      "the whole block (shows which channels are strongest)")
        self.order.setToolTip("Channel order: by index, or strongest first")
        self.tile = QSlider(Qt.Orientation.Horizontal)
        self.tile.setRange(32, 160)
        self.tile.setSingleStep(8)
        self.tile.setValue(64)
        self.tile.setFixedWidth(110)
        self.tile.setToolTip("Tile size")
        self.tile.valueChanged.connect(self._on_tile)
        self.show_combo = QComboBox()
        self.show_combo.addItem("This image's activations", "activations")
        self.show_combo.addItem("Atlas: best crop of the folder", "atlas")
        self.show_combo.setToolTip("Atlas: each channel shown by the region of the indexed "
                                   "folder that makes it fire most (index a folder first)")
        self.show_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_combo.currentIndexChanged.connect(self._on_show)

        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.header = QLabel("Open an image, then pick a block")
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
        self.opacity.setToolTip("Opacity of the channel over the image")
        self.detail.set_opacity(0.7)
        over = QWidget()
        ov = QVBoxLayout(over)
        ov.setContentsMargins(0, 0, 0, 0)
        ov.addWidget(self.detail, 1)
        orow = QHBoxLayout()
        orow.addWidget(QLabel("Opacity"))
        orow.addWidget(self.opacity, 1)
        ov.addLayout(orow)
        self.channel_tabs = QTabWidget()
        self.channel_tabs.addTab(self.channel_map, "Channel")
        self.channel_tabs.addTab(over, "Over the image")
        self.stats = QLabel("Click a channel (arrow keys step through them)")
        self.stats.setWordWrap(True)
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_channel = QPushButton("Export channel…")
        self.export_channel.setToolTip("A PNG of the channel at its own resolution (one pixel "
                                       "per position), its value range in the file")
        self.export_grid = QPushButton("Export grid…")
        self.export_grid.setToolTip("Every channel of the block at its resolution, numbered, "
                                    "with the branches, a legend and a colour bar")
        self.export_grid.clicked.connect(self._export_grid)
        self.export_channel.clicked.connect(self._export_channel)
        self.export_grid.setEnabled(False)
        self.export_channel.setEnabled(False)

        # The indexed folder: top images of the channel.
        self.index_button = QPushButton("Index a folder…")
        self.index_button.setToolTip("Run a folder of your images once: then each channel shows "
                                     "the images (and regions) that make it fire most")
        self.index_button.clicked.connect(self.choose_index_folder)
        self.index_cancel = QPushButton("Cancel")
        self.index_cancel.hide()
        self.index_cancel.clicked.connect(self._cancel_index)
        self.index_progress = QProgressBar()
        self.index_progress.setRange(0, 1000)
        self.index_progress.hide()
        self.index_status = QLabel("")
        self.index_status.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.index_status.setWordWrap(True)
        self.top_strip = QListWidget()
        self.top_strip.setViewMode(QListWidget.ViewMode.IconMode)
        self.top_strip.setFlow(QListWidget.Flow.LeftToRight)
        self.top_strip.setWrapping(False)
        self.top_strip.setIconSize(QSize(88, 88))
        self.top_strip.setGridSize(QSize(100, 120))
        self.top_strip.setMovement(QListWidget.Movement.Static)
        self.top_strip.setFixedHeight(140)
        self.top_strip.hide()
        self.top_strip.itemActivated.connect(self._open_strip_item)
        self.top_strip.itemClicked.connect(self._open_strip_item)
        self.top_label = QLabel("")
        self.top_label.hide()

        self.saved_label = QLabel("")
        self.saved_open = QPushButton("Show in folder")
        self.saved_open.clicked.connect(self._show_saved)
        self.saved_bar = QWidget()
        sb = QHBoxLayout(self.saved_bar)
        sb.setContentsMargins(0, 0, 0, 0)
        sb.addWidget(self.saved_label, 1)
        sb.addWidget(self.saved_open)
        self.saved_bar.hide()

        row1 = QHBoxLayout()
        for label, w in (("Colormap", self.colormap), ("Normalise", self.normalization),
                         ("Order", self.order)):
            row1.addWidget(QLabel(label))
            row1.addWidget(w)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel("Tiles"))
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
            self._drop_index("The index was made with other weights: index the folder again.")
        if not same:
            self.set_spec(predictor.spec)

    def show_loading(self, name: str) -> None:
        """The next model is loading: nothing of the previous one is shown as current."""
        self.model.set_render(None, None)
        self.activations = None
        self.header.setText(f"Loading {name}…")
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
                group = QTreeWidgetItem([block.group])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.blocks.addTopLevelItem(group)
                groups[block.group] = group
            item = QTreeWidgetItem([block.display_name, str(block.channels)])
            item.setData(0, BLOCK_ROLE, block.path)
            item.setToolTip(0, f"{block.display_name}: module {block.path}, stride "
                               f"{block.stride}, {block.channels} channels")
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
                    c, h, w = arr.shape
                    item.setText(1, f"{c} · {h}×{w}")
                    item.setToolTip(1, f"{c} channels of {h} × {w}")
        self.blocks.resizeColumnToContents(0)
        self.blocks.resizeColumnToContents(1)
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
            self.block_selected.emit(self.current_block)

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
        what = ("each channel by its best crop from the indexed folder"
                if render.kind == "atlas" else f"{' × '.join(str(d) for d in shape[1:])} each")
        self.header.setText(f"<b>{block.display_name}</b> ({block.path}) — "
                            f"{block.channels} channels, {what}")
        if block.branches:
            parts = []
            for i, br in enumerate(block.branches):
                r, g, b = BRANCH_COLORS[i % len(BRANCH_COLORS)]
                parts.append(f"<span style='color: rgb({r},{g},{b}); font-size: large'>▬</span>"
                             f" {br.name} ({br.start}–{br.stop - 1})")
            self.legend.setText("Branches: " + " &nbsp; ".join(parts))
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
        self.header.setText("Rendering…")
        self._clear_strip()
        if self.show_combo.currentData() == "atlas" and self.index is not None:
            self._request_atlas()
        else:
            self.block_selected.emit(path)

    def _on_options(self) -> None:
        self.options_changed.emit(self.colormap.currentText(), self.normalization.currentData(),
                                  self.order.currentData())

    def _apply_tile(self, size: int) -> None:
        self.grid.setIconSize(QSize(size, size))
        line = self.grid.fontMetrics().height()
        self.grid.setGridSize(QSize(size + 12, size + MARK + 10 + line))

    def _on_tile(self, size: int) -> None:
        self._apply_tile(size)
        self.tile_size_changed.emit(size)

    def _on_show(self) -> None:
        if self.show_combo.currentData() == "atlas":
            if self.index is None:
                self.index_status.setText("Index a folder first: the atlas shows each channel "
                                          "by its best crop from it.")
                self.show_combo.blockSignals(True)
                self.show_combo.setCurrentIndex(0)
                self.show_combo.blockSignals(False)
                return
            self._request_atlas()
        elif self.current_block:
            self.block_selected.emit(self.current_block)

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
            self.stats.setText(
                f"<b>Channel {channel}</b>{f' — {branch} branch' if branch else ''}<br>"
                f"values {st.min:.4g} to {st.max:.4g}, mean {st.mean:.4g}, std {st.std:.4g}"
                f"<br>active (> 0) at {st.active_fraction * 100:.0f}% of positions")
            scaled = normalized(block, self.normalization.currentData())[channel]
            self.channel_map.set_channel(block[channel], self.colormap.currentText(), scaled)
            if self._image is not None:
                self.detail.set_image(self._image, self.activations.image_size)
            heat = normalized(block[channel:channel + 1], "channel")[0]
            self.detail.set_overlay(heat, self.activations.crop_box,
                                    self.colormap.currentText())
        self._show_top_images(block_path, channel)

    def selected_channel(self) -> int | None:
        index = self.grid.currentIndex()
        return self.model.channel(index.row()) if index.isValid() else None

    # ------------------------------------------------------------------ exports

    def _image_name(self) -> str:
        return getattr(self, "image_name", "") or "image"

    def default_name(self, channel: int | None = None) -> str:
        from inception_desktop.engine.featuresheet import export_name

        block = self.spec.block(self.current_block) if self.spec and self.current_block \
            else None
        return export_name(self._image_name(), getattr(self, "network", ""),
                           block.display_name if block else "block", channel)

    def _export_grid(self) -> None:
        if self.model.render is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export grid", self.default_name(),
                                              "PNG images (*.png)")
        if path:
            self.save_grid(path)

    def save_grid(self, path: str) -> bool:
        from inception_desktop.engine.featuresheet import SheetText, grid_sheet

        render = self.model.render
        if render is None or self.activations is None or self.spec is None:
            return False
        block = self.spec.block(render.block)
        values = self.activations.blocks[render.block]
        text = SheetText(
            f"{self._image_name()} · {self.model_label} · {block.display_name}",
            f"{block.path}: {block.channels} channels of {values.shape[2]} × {values.shape[1]},"
            f" {render.normalization} normalisation, ordered {render.sort}",
            [(br.name, br.start, br.stop) for br in block.branches])
        sheet = grid_sheet(values, render.order, render.colormap, render.normalization, text)
        return self._save(lambda p: sheet.save(p, format="PNG"), path)

    def _export_channel(self) -> None:
        channel = self.selected_channel()
        if channel is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export channel", self.default_name(channel),
                                              "PNG images (*.png)")
        if path:
            self.save_channel(path)

    def save_channel(self, path: str) -> bool:
        from inception_desktop.engine.featuresheet import channel_image

        channel = self.selected_channel()
        if channel is None or self.activations is None or self.current_block is None:
            return False
        block = self.activations.blocks[self.current_block]
        img, info = channel_image(block, channel, self.colormap.currentText(),
                                  self.normalization.currentData(),
                                  {"image": self._image_name(), "model": self.model_label,
                                   "block": self.current_block})
        return self._save(lambda p: img.save(p, format="PNG", pnginfo=info), path)

    def _save(self, write, path: str) -> bool:
        from inception_desktop.errors import AppError
        from inception_desktop.fileio import atomic_path, check_output_path

        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            target = check_output_path(path, "export", (".png",))
            with atomic_path(target) as tmp:
                write(tmp)
        except (AppError, OSError, ValueError) as exc:
            self.saved_label.setStyleSheet(f"color: {ERROR_TEXT};")
            self.saved_label.setText(f"Not saved: {exc}")
            self.saved_open.hide()
            self.saved_bar.show()
            return False
        self.last_saved = Path(target)
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(f"Saved {self.last_saved.name}")
        self.saved_open.show()
        self.saved_bar.show()
        return True

    def _show_saved(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))

    # ------------------------------------------------------------------ top images

    def choose_index_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of images to index")
        if folder:
            self.start_index(folder)

    def start_index(self, folder: str) -> None:
        self.index_button.setEnabled(False)
        self.index_cancel.show()
        self.index_progress.setValue(0)
        self.index_progress.show()
        self.index_status.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.index_status.setText(f"Indexing {Path(folder).name}…")
        self.index_requested.emit(folder)

    def _cancel_index(self) -> None:
        if self.controller is not None:
            self.controller.tasks.cancel("index")

    def on_index_progress(self, p) -> None:
        if p.total:
            self.index_progress.setValue(int(1000 * (p.fraction or 0)))
            self.index_status.setText(f"Indexing: {p.done} of {plural(p.total, 'image')}"
                                      + (f", {p.rate:.1f}/s" if p.rate else ""))

    def on_index_ready(self, index) -> None:
        self.index = index
        self._index_done()
        failed = f"; {len(index.failed)} could not be read" if index.failed else ""
        self.index_status.setText(f"Indexed {plural(index.images, 'image')} of "
                                  f"{Path(index.folder).name}{failed}. Pick a channel to see "
                                  "its top images, or show the atlas.")
        channel = self.selected_channel()
        if channel is not None and self.current_block:
            self._show_top_images(self.current_block, channel)

    def on_index_failed(self, exc) -> None:
        from inception_desktop.errors import Cancelled
        from inception_desktop.gui.controller import describe_error

        self._index_done()
        if isinstance(exc, Cancelled):
            self.index_status.setText("Indexing cancelled; what was indexed is kept and the "
                                      "next run goes on from there.")
            return
        self.index_status.setStyleSheet(f"color: {ERROR_TEXT};")
        self.index_status.setText(describe_error(exc))

    def _index_done(self) -> None:
        self.index_button.setEnabled(True)
        self.index_cancel.hide()
        self.index_progress.hide()

    def _drop_index(self, why: str) -> None:
        self.index = None
        self._clear_strip()
        self.index_status.setText(why)
        if self.show_combo.currentData() == "atlas":
            self.show_combo.setCurrentIndex(0)

    def _clear_strip(self) -> None:
        self.strip_channel = None
        self.top_strip.clear()
        self.top_strip.hide()
        self.top_label.hide()

    def _show_top_images(self, block: str, channel: int) -> None:
        if self.index is None or self.controller is None or block not in self.index.blocks:
            return
        entry = self.index.channel(block, channel, 9)
        folder = Path(self.index.folder).name
        self.top_label.show()
        if not entry["top"] or entry["top"][0]["activation"] <= 0:
            self.top_strip.clear()
            self.top_strip.hide()
            self.top_label.setText(f"Channel {channel} never fires on {folder}: its highest "
                                   "value there is 0 or less.")
            return
        self.top_label.setText(f"Top images of channel {channel} in {folder} (mean "
                               f"{entry['mean']:.3g}); click one to open it with this channel")

        def show(crops) -> None:
            if self.selected_channel() != channel or self.current_block != block:
                return  # the user moved on
            self.top_strip.clear()
            self.strip_channel = (block, channel)
            for hit, img in crops:
                icon = QIcon(pil_to_qpixmap(img)) if img is not None else QIcon()
                item = QListWidgetItem(icon, f"{hit['activation']:.3g}")
                item.setToolTip(f"{hit['file']}\nactivation {hit['activation']:.4g} at "
                                f"({hit['y']}, {hit['x']}), region {hit['box']}")
                item.setData(Qt.ItemDataRole.UserRole, (hit["file"], block, channel))
                self.top_strip.addItem(item)
            self.top_strip.show()
            self.grid.scrollTo(self.grid.currentIndex())  # the strip took room from the grid

        self.controller.channel_crops(entry["top"], show)

    def _open_strip_item(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.open_hit.emit(*data)

    def _request_atlas(self) -> None:
        if self.controller is None or self.index is None or not self.current_block:
            return
        self.header.setText("Cropping the best image region of every channel…")
        self.controller.atlas(self.index, self.current_block, self.tile.value(), self.show_grid)
