"""Small views of the Classify tab: the image with an overlay, the top-5 bars, the gallery,
the drop hint and the untrained banner. Layout and styling only."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.engine.featuremaps import colorize
from inception_desktop.gui.format import ERROR_TEXT, SECONDARY_TEXT, percent
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.qtutil import pil_to_qpixmap


def heat_qimage(heat01: np.ndarray, colormap: str = "magma") -> QImage:
    """[0, 1] map -> RGBA QImage whose alpha follows the heat (low values stay see-through)."""
    rgb = colorize(heat01, colormap)
    # Weak responses fade out so the image stays readable; strong ones are nearly opaque.
    alpha = (np.clip(heat01, 0, 1) ** 0.7 * 235).astype(np.uint8)[..., None]
    rgba = np.ascontiguousarray(np.concatenate([rgb, alpha], -1))
    h, w = heat01.shape
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


class ImageView(QWidget):
    """The image, scaled to fit, with an optional heat map over the part the network saw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._overlay: QImage | None = None
        self._overlay_rect = QRectF()  # in image pixels
        self._image_size = (1, 1)
        self._message = ""
        self.showing = None  # what the view was last given (so it is not set again)
        self.opacity = 0.5
        self.setMinimumSize(240, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, img: Image.Image | None, full_size: tuple[int, int] | None = None) -> None:
        self._pixmap = pil_to_qpixmap(img) if img is not None else None
        self._image_size = full_size or ((img.width, img.height) if img else (1, 1))
        self._overlay = None
        self._message = ""
        self.update()

    def set_message(self, text: str) -> None:
        """No picture, a line in its place (an unreadable file, an image still loading)."""
        self._pixmap = None
        self._overlay = None
        self._message = text
        self.showing = None
        self.update()

    def set_overlay(self, heat01: np.ndarray | None, box: tuple[float, float, float, float]
                    | None = None, colormap: str = "magma") -> None:
        """`box` is (left, top, right, bottom) in full-image pixels; None: the whole image."""
        if heat01 is None:
            self._overlay = None
        else:
            self._overlay = heat_qimage(heat01, colormap)
            w, h = self._image_size
            left, top, right, bottom = box or (0, 0, w, h)
            self._overlay_rect = QRectF(left, top, right - left, bottom - top)
        self.update()

    def has_overlay(self) -> bool:
        return self._overlay is not None

    def set_opacity(self, value: float) -> None:
        self.opacity = value
        self.update()

    def _target(self) -> QRectF:
        if self._pixmap is None:
            return QRectF()
        pw, ph = self._pixmap.width(), self._pixmap.height()
        scale = min(self.width() / pw, self.height() / ph)
        w, h = pw * scale, ph * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._pixmap is None:
            if self._message:
                painter.setPen(QColor(SECONDARY_TEXT))
                painter.drawText(self.rect().adjusted(20, 20, -20, -20),
                                 int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                                 self._message)
            return
        target = self._target()
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        if self._overlay is not None:
            fw, fh = self._image_size
            sx, sy = target.width() / fw, target.height() / fh
            r = self._overlay_rect
            dest = QRectF(target.left() + r.left() * sx, target.top() + r.top() * sy,
                          r.width() * sx, r.height() * sy)
            painter.setOpacity(self.opacity)
            painter.drawImage(dest, self._overlay)


class PredictionRow(QFrame):
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = -1
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        top = QHBoxLayout()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.percent = QLabel()
        self.percent.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = self.percent.font()
        font.setBold(True)
        self.percent.setFont(font)
        top.addWidget(self.label, 1)
        top.addWidget(self.percent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        self.setToolTip(translate("widgets", "Click (or Space) to show where in the image this "
                                             "class was seen; again to hide it"))
        # Reachable with Tab; Space or Enter acts as a click.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._selected = False

    def set_prediction(self, index: int, label: str, probability: float, selected: bool):
        self.index = index
        self._selected = selected
        self.label.setText(label)
        self.percent.setText(percent(probability))
        self.bar.setValue(int(round(probability * 1000)))
        self.setAccessibleName(f"{label}, {percent(probability)}")
        self._restyle()

    def _restyle(self) -> None:
        style = ""
        if self._selected:
            style = ("PredictionRow { background: palette(highlight); }"
                     "PredictionRow QLabel { color: palette(highlighted-text); }")
        if self.hasFocus():
            style += "PredictionRow { border: 2px solid palette(highlight); }"
        self.setStyleSheet(style)

    def focusInEvent(self, event) -> None:  # noqa: N802
        self._restyle()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._restyle()
        super().focusOutEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.index >= 0:
            self.clicked.emit(self.index)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.index >= 0:
            self.clicked.emit(self.index)
        else:
            super().keyPressEvent(event)


class ResultsPanel(QWidget):
    """The top-5 (or fewer, for a model with fewer classes) as label, percentage and bar,
    under a header saying what produced them; clicking one asks for its activation map."""

    class_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel(translate("widgets", "Top {n}").format(n=5))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("")
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # busy: an indeterminate bar
        self.spinner.setTextVisible(False)
        self.spinner.setFixedHeight(6)
        self.spinner.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.spinner)
        self.rows = [PredictionRow() for _ in range(5)]
        for row in self.rows:
            row.clicked.connect(self.class_clicked)
            row.hide()
            layout.addWidget(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_TEXT};")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setMinimumWidth(260)

    def show_predictions(self, predictions, subtitle: str = "", selected: int = -1) -> None:
        self.error.hide()
        self.spinner.hide()
        self.title.setText(translate("widgets", "Top {n}").format(
            n=min(len(predictions), len(self.rows))))
        self.subtitle.setText(subtitle)
        for row, pred in zip(self.rows, predictions, strict=False):
            row.set_prediction(pred.index, pred.label, pred.probability,
                               pred.index == selected)
            row.show()
        for row in self.rows[len(predictions):]:
            row.hide()

    def show_error(self, text: str) -> None:
        for row in self.rows:
            row.hide()
        self.spinner.hide()
        self.subtitle.setText("")
        self.error.setText(text)
        self.error.show()

    def show_waiting(self, text: str | None = None) -> None:
        if text is None:
            text = translate("widgets", "Classifying…")
        for row in self.rows:
            row.hide()
        self.error.hide()
        self.subtitle.setText(text)
        self.spinner.show()

    def clear(self) -> None:
        for row in self.rows:
            row.hide()
        self.error.hide()
        self.spinner.hide()
        self.subtitle.setText("")

    def visible_labels(self) -> list[str]:
        return [r.label.text() for r in self.rows if r.isVisible()]


CAPTION_ROLE = Qt.ItemDataRole.UserRole + 10  # the second caption line (top-1 and percent)
ERROR_ROLE = Qt.ItemDataRole.UserRole + 11


_TRAILING_PERCENT = re.compile(r"^(.*\S)\s+(<?\d+(?:\.\d+)?%)$")


def elide_keeping_percent(caption: str, metrics: Any, width: int) -> str:
    """'great grey owl, Strix nebulosa 97.3%' -> 'great grey o… 97.3%': a long label is cut,
    its percentage never is."""
    match = _TRAILING_PERCENT.match(caption)
    if match is None or metrics.horizontalAdvance(caption) <= width:
        return metrics.elidedText(caption, Qt.TextElideMode.ElideRight, width)
    label, share = match.groups()
    room = width - metrics.horizontalAdvance(" " + share)
    if room <= metrics.horizontalAdvance("…"):
        return metrics.elidedText(share, Qt.TextElideMode.ElideRight, width)
    return metrics.elidedText(label, Qt.TextElideMode.ElideRight, room) + " " + share


class GalleryDelegate(QStyledItemDelegate):
    """Every cell painted whole (background first, so nothing of an older caption survives):
    the thumbnail centred at the top, the file name and the top-1 on two lines of fixed
    height below it, elided to the cell's width."""

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.fillRect(rect, palette.highlight() if selected else palette.base())
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        size = THUMB
        if icon is not None:
            pix = icon.pixmap(size, size)
            x = rect.x() + (rect.width() - pix.width()) // 2
            y = rect.y() + 4 + (size - pix.height()) // 2
            painter.drawPixmap(x, y, pix)
        metrics = option.fontMetrics
        line = metrics.height()
        text_rect_1 = rect.adjusted(4, size + 8, -4, 0)
        text_rect_1.setHeight(line)
        text_rect_2 = text_rect_1.translated(0, line)
        error = bool(index.data(ERROR_ROLE))
        if selected:
            main = palette.highlightedText().color()
            secondary = main
        else:
            main = palette.text().color()
            secondary = QColor(ERROR_TEXT if error else SECONDARY_TEXT)
        name = metrics.elidedText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
                                  Qt.TextElideMode.ElideMiddle, text_rect_1.width())
        caption = elide_keeping_percent(str(index.data(CAPTION_ROLE) or ""),
                                        metrics, text_rect_2.width())
        painter.setPen(main)
        painter.drawText(text_rect_1, int(Qt.AlignmentFlag.AlignHCenter), name)
        painter.setPen(secondary)
        painter.drawText(text_rect_2, int(Qt.AlignmentFlag.AlignHCenter), caption)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(CELL_WIDTH, THUMB + 12 + 2 * option.fontMetrics.height())


THUMB = 72
CELL_WIDTH = 132


def lay_out_with_close(dialog: QDialog, content: QWidget, stretch: int = 0) -> None:
    """A dialog's layout: its content above a Close button at the bottom right."""
    close = QPushButton(translate("widgets", "Close"))
    close.clicked.connect(dialog.accept)
    bottom = QHBoxLayout()
    bottom.addStretch(1)
    bottom.addWidget(close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(content, stretch)
    layout.addLayout(bottom)


def use_gallery_cells(view: QListWidget) -> None:
    """Lays a list out in the gallery's cells: thumbnail, name and caption, painted whole by
    GalleryDelegate, in a fixed grid the user cannot drag items around in."""
    view.setViewMode(QListWidget.ViewMode.IconMode)
    view.setIconSize(QSize(THUMB, THUMB))
    view.setItemDelegate(GalleryDelegate(view))
    line = view.fontMetrics().height()
    view.setGridSize(QSize(CELL_WIDTH + 4, THUMB + 16 + 2 * line))
    view.setMovement(QListWidget.Movement.Static)


def image_grid() -> QListWidget:
    """Gallery cells in rows that wrap to the list's width (class cards, a matrix cell's
    images, confident mistakes)."""
    view = QListWidget()
    use_gallery_cells(view)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    return view


class Gallery(QListWidget):
    """Every image of the batch with its file name and top-1; arrow keys browse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        use_gallery_cells(self)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setUniformItemSizes(True)
        self.setFixedHeight(THUMB + 40 + 2 * self.fontMetrics().height())
        blank = QPixmap(THUMB, THUMB)
        blank.fill(QColor("#dddddd"))
        self._placeholder = QIcon(blank)
        self.setHorizontalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)

    def set_items(self, names: list[str]) -> None:
        self.blockSignals(True)
        self.clear()
        for name in names:
            item = QListWidgetItem(self._placeholder, name)
            item.setData(CAPTION_ROLE, "…")
            item.setToolTip(name)
            self.addItem(item)
        self.blockSignals(False)

    def update_item(self, row: int, caption: str, thumb: Image.Image | None, error: bool,
                    tooltip: str) -> None:
        item = self.item(row)
        if item is None:
            return
        item.setData(CAPTION_ROLE, caption)
        item.setData(ERROR_ROLE, error)
        item.setToolTip(tooltip)
        if thumb is not None:
            item.setIcon(QIcon(pil_to_qpixmap(thumb)))

    def caption(self, row: int) -> str:
        item = self.item(row)
        return str(item.data(CAPTION_ROLE)) if item is not None else ""

    def is_error(self, row: int) -> bool:
        item = self.item(row)
        return bool(item is not None and item.data(ERROR_ROLE))


class ElidingComboBox(QComboBox):
    """A combo box whose current text is elided ("…") when it is wider than the box; the
    whole text is in the tooltip and the list."""

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width() - 4)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class DropHint(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(translate("widgets", "Drop images or folders here\n\nor File ▸ Open "
                                          "(Ctrl+O), or paste (Ctrl+V)"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.setFont(font)
        self.setStyleSheet("QLabel { border: 2px dashed palette(mid); border-radius: 12px;"
                           f" color: {SECONDARY_TEXT}; padding: 40px; }}")
