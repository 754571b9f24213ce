"""The feature viewer's pictures of channels: the grid of a block's channels as a list model
(pixmaps made only for the tiles on screen), the painting of one tile with its branch mark,
and one channel at its own resolution with its colour bar."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QWidget

from inception_desktop.engine.featuremaps import colorize
from inception_desktop.engine.featuresheet import BRANCH_COLORS
from inception_desktop.gui.format import SECONDARY_TEXT, block_label
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.jobs import GridRender
from inception_desktop.gui.qtutil import rgb_array_to_qimage
from inception_desktop.models.spec import BlockSpec

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
                    return block_label(br.name)
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
            text = (translate("channel_grid", "channel {channel} ({branch} branch)")
                    if branch else translate("channel_grid", "channel {channel}")).format(
                channel=channel, branch=branch)
            if self.render.files is not None:
                text += "\n" + translate("channel_grid", "best crop from {file}").format(
                    file=self.render.files[row] or translate("channel_grid", "(none)"))
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
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter),
                             translate("channel_grid", "Pick a channel"))
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
                         translate("channel_grid", "{w} × {h} positions, each shown {scale} × "
                                                   "{scale} px").format(w=w, h=h, scale=scale))
