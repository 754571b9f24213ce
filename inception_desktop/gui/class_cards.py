"""The Fine-tune tab's class cards: one per class folder, with its first image, its counts
("4 train · 1 val · 1 unreadable") and what is wrong with it; a class without a training
image is left out of training (its card says so) instead of blocking Start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyleOptionViewItem

from inception_desktop.errors import ImageError
from inception_desktop.gui import jobs
from inception_desktop.gui.format import ERROR_TEXT
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.widgets import (
    CAPTION_ROLE,
    ERROR_ROLE,
    THUMB,
    GalleryDelegate,
    image_grid,
)

NOTE_ROLE = Qt.ItemDataRole.UserRole + 20  # a card's third line: what is wrong with it
CARD_WIDTH = 196  # "12 train · 3 val · 1 unreadable" fits


class CardDelegate(GalleryDelegate):
    """A gallery cell with a third line for what is wrong with the class."""

    def paint(self, painter: QPainter, option, index) -> None:
        # The view lays a cell out at the gallery's width: widen it to the card's.
        option = QStyleOptionViewItem(option)
        extra = CARD_WIDTH - option.rect.width()
        if extra > 0:
            option.rect = option.rect.adjusted(-(extra // 2), 0, extra - extra // 2, 0)
        super().paint(painter, option, index)
        note = str(index.data(NOTE_ROLE) or "")
        if not note:
            return
        painter.save()
        metrics = option.fontMetrics
        line = metrics.height()
        rect = option.rect.adjusted(4, THUMB + 8 + 2 * line, -4, 0)
        rect.setHeight(line)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else QColor(ERROR_TEXT))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter),
                         metrics.elidedText(note, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(CARD_WIDTH, THUMB + 12 + 3 * option.fontMetrics.height())


def card_grid() -> QListWidget:
    """The class cards: gallery cells, wider, with a third line."""
    view = image_grid()
    view.setItemDelegate(CardDelegate(view))
    line = view.fontMetrics().height()
    view.setGridSize(QSize(CARD_WIDTH + 4, THUMB + 16 + 3 * line))
    return view


def unreadable_by_class(scan: Any) -> dict[str, int]:
    """How many files of each class cannot be read."""
    out: dict[str, int] = {}
    for file, _ in scan.skipped:
        path = Path(file)  # relative to the folder, or absolute
        parts = path.relative_to(scan.root).parts if path.is_relative_to(scan.root) \
            else path.parts
        name = next((p for p in parts if p in scan.classes), None)
        if name:
            out[name] = out.get(name, 0) + 1
    return out


def card_problems(scan: Any, name: str, unreadable: int = 0) -> list[str]:
    """What is wrong with one class, in a few words each."""
    problems = []
    if name in scan.untrainable_classes:
        problems.append(translate("class_cards", "no training image: left out"))
    elif name in scan.few_classes:
        problems.append(translate("class_cards", "too few images"))
    if any(name in group for group in scan.colliding_classes):
        problems.append(translate("class_cards", "name collides"))
    if unreadable:
        problems.append(translate("class_cards", "{n} unreadable").format(n=unreadable))
    return problems


def card_caption(scan: Any, name: str, unreadable: int = 0) -> str:
    """The counts, always: "4 train · 1 val · 1 unreadable"."""
    train, val = scan.counts("train")[name], scan.counts("val")[name]
    text = translate("class_cards", "{train} train · {val} val").format(train=train, val=val)
    if unreadable:
        text += translate("class_cards", " · {n} unreadable").format(n=unreadable)
    return text


def card_note(scan: Any, name: str) -> str:
    """What is wrong with the class besides unreadable files ("too few images")."""
    return ", ".join(card_problems(scan, name))  # without the unreadable count


def scan_problems(scan: Any) -> list[str]:
    """The lines under the cards: what the scan found wrong, and what the window does."""
    left_out = scan.untrainable_classes
    problems = []
    if len(scan.classes) - len(left_out) < 2:
        problems.append(translate("class_cards", "at least 2 classes (sub-folders) with images "
                                                 "are needed"))
    if left_out:
        problems.append(translate("class_cards", "%n class(es) without a training image will "
                                                 "be left out of training: {names}", None,
                                  len(left_out)).format(names=", ".join(left_out)))
    # The scan's own warnings (in the window's language), but for the classes left out (said
    # above); they are told apart by their English text.
    problems += [translate_message(w) for w in scan.warnings()
                 if not any(str(w).startswith(f"class {c!r} has no training image")
                            for c in left_out)]
    few = [c for c in scan.few_classes if c not in left_out and c not in scan.small_classes]
    if few:
        problems.append(translate("class_cards", "too few images to learn well (fewer than 5) "
                                                 "in {names}").format(names=", ".join(few)))
    if scan.skipped:
        problems.append(translate("class_cards", "%n file(s) cannot be read and will be skipped "
                                                 "(Details)", None, len(scan.skipped)))
    return problems


def fill_cards(cards: QListWidget, controller: Any, scan: Any,
               current: Callable[[], bool]) -> None:
    """One card per class; the thumbnails come from a background job (`current` says whether
    the scan is still the one on screen when they arrive)."""
    cards.clear()
    train, val = scan.counts("train"), scan.counts("val")
    unreadable = unreadable_by_class(scan)
    firsts = []
    for c in scan.classes:
        problems = card_problems(scan, c, unreadable.get(c, 0))
        item = QListWidgetItem(c)
        item.setData(CAPTION_ROLE, card_caption(scan, c, unreadable.get(c, 0)))
        item.setData(NOTE_ROLE, card_note(scan, c))
        item.setData(ERROR_ROLE, bool(problems))
        item.setToolTip(translate("class_cards", "{name}: {train} to train, {val} to validate")
                        .format(name=c, train=train[c], val=val[c]) +
                        (f"\n{'; '.join(problems)}" if problems else ""))
        cards.addItem(item)
        first = next((s.path for s in scan.samples if scan.classes[s.label] == c), None)
        firsts.append(str(first) if first else "")

    def show(thumbs) -> None:
        from inception_desktop.gui.qtutil import pil_to_qpixmap

        if not current():
            return
        by_file = dict(thumbs)
        for row, file in enumerate(firsts):
            if file in by_file and cards.item(row) is not None:
                cards.item(row).setIcon(QIcon(pil_to_qpixmap(by_file[file])))

    # A first image that cannot be read keeps its card without a picture.
    controller.run("card-thumbs", jobs.thumbnails_job, [f for f in firsts if f],
                   on_done=show, ignore=(ImageError,))
