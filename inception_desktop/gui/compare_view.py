"""The current image through every network side by side (one column per network of
`list_models()`): each network's top-5 as bars, labels that every network has in its top-5
highlighted. It follows the controller's current image (runs by itself when in view) and never
shows one image's results beside another image."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui.format import (
    SECONDARY_TEXT,
    backend_label,
    device_label,
    network_phrase,
    percent,
)
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.models import get_spec, list_models

AGREE = "#1e6b30"  # 6.5:1 on white
AGREE_BAR = "#2e9e4f"


class BarRow(QWidget):
    """One label: text, percentage and a bar; green where every network has it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        top = QHBoxLayout()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.percent = QLabel()
        self.percent.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.label, 1)
        top.addWidget(self.percent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(7)
        layout.addLayout(top)
        layout.addWidget(self.bar)

    def set(self, rank: int, label: str, probability: float, shared: bool, top1: bool) -> None:
        self.label.setText(f"{rank}. {label}")
        self.percent.setText(percent(probability))
        self.bar.setValue(int(round(probability * 1000)))
        weight = "bold" if top1 and shared else "normal"
        colour = AGREE if shared else "palette(text)"
        self.label.setStyleSheet(f"color: {colour}; font-weight: {weight};")
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {AGREE_BAR}; }}"
                               if shared else "")
        self.shared = shared


class CompareColumn(QFrame):
    weights_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.bars = [BarRow() for _ in range(5)]
        self.working = QProgressBar()  # while this network loads or runs
        self.working.setRange(0, 0)
        self.working.setTextVisible(False)
        self.working.setFixedHeight(6)
        self.working.hide()
        self.get_weights = QPushButton(translate("compare_view", "Get weights…"))
        self.get_weights.clicked.connect(lambda: self.weights_requested.emit(self.network))
        self.get_weights.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.working)
        for bar in self.bars:
            layout.addWidget(bar)
        layout.addWidget(self.get_weights)
        layout.addStretch(1)

    def show_result(self, row: dict, in_all: set[str]) -> None:
        self.network = row["network"]
        self.title.setText(row["display_name"])
        weights = row["weights"]
        used = translate("compare_view", "UNTRAINED (random weights)") if weights.untrained \
            else translate("compare_view", "weights {name}").format(
                name=translate_message(weights.describe()))
        self.meta.setText(translate("compare_view", "{weights} · {backend} on {device} · {ms} ms")
                          .format(weights=used, backend=backend_label(row["backend"]),
                                  device=device_label(row["device"]),
                                  ms=f"{row['latency_ms']:.0f}"))
        self.meta.setToolTip(f"{weights.path}" if weights.path else "")
        self.working.hide()
        predictions = row["predictions"]
        for bar, p in zip(self.bars, predictions, strict=False):
            bar.set(p.rank, p.label, p.probability, p.label in in_all, p.rank == 1)
            bar.show()
        for bar in self.bars[len(predictions):]:
            bar.hide()
        self.get_weights.hide()

    def show_waiting(self, network: str, text: str) -> None:
        """A placeholder while this network loads or classifies."""
        self.network = network
        self.title.setText(get_spec(network).display_name)
        self.meta.setText(text)
        self.meta.setToolTip("")
        for bar in self.bars:
            bar.hide()
        self.get_weights.hide()
        self.working.show()

    def show_missing(self, network: str) -> None:
        self.working.hide()
        self.network = network
        self.title.setText(get_spec(network).display_name)
        self.meta.setText(translate("compare_view", "No weights on this computer: not run. "
                                                    "Download or import them, or choose "
                                                    "untrained weights for it."))
        for bar in self.bars:
            bar.hide()
        self.get_weights.show()


class CompareView(QWidget):
    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.item = None  # the batch item the view is about
        self.button = QPushButton(translate("compare_view", "Compare again"))
        self.button.setToolTip(translate("compare_view", "Compare runs by itself on the current "
                                                         "image; this runs it again"))
        self.button.clicked.connect(controller.compare_current)
        self.summary = QLabel(translate("compare_view", "Open an image: {networks} then "
                                                        "classify it side by side here.")
                              .format(networks=escape(network_phrase())))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.columns = [CompareColumn() for _ in list_models()]
        for col in self.columns:
            col.weights_requested.connect(controller.ask_weights)
        self.preview = QLabel()
        self.preview.setFixedSize(220, 220)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setMaximumWidth(220)
        self.caption.setStyleSheet(f"color: {SECONDARY_TEXT};")
        left = QVBoxLayout()
        left.addWidget(self.preview)
        left.addWidget(self.caption)
        left.addStretch(1)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        for i, col in enumerate(self.columns):
            grid.addWidget(col, 0, i + 1, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(i + 1, 1)
            col.hide()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.last_rows: list[dict] = []
        self.runtime: tuple[str, str, str] | None = None  # what the results ran with
        controller.item_updated.connect(self._on_item)
        controller.current_changed.connect(lambda _index: self._follow_current())
        controller.compare_started.connect(self._on_started)
        controller.compare_progress.connect(self._on_progress)
        controller.compare_ready.connect(self._on_compare)
        controller.compare_failed.connect(self._on_failed)
        controller.choice_changed.connect(self.mark_stale)
        # Weights got or removed, "Use untrained" given or taken back ("Ask again"): the
        # columns are made again with what each network now has.
        controller.models_changed.connect(self._on_models_changed)

    # ------------------------------------------------------------------ controller events

    def _on_item(self, index: int) -> None:
        if index == self.controller.current:
            self._follow_current()

    def _follow_current(self) -> None:
        """Compare follows the current image: the old results go, and when the tab is in
        view it runs by itself."""
        item = self.controller.current_item()
        if item is None or (self.item is item and self.has_results()):
            return
        self.set_item(item)
        if self.isVisible() and item.image is not None:
            self.controller.compare_current()

    def _on_started(self, event: dict) -> None:
        """Every network's column at once, each saying what it waits for."""
        if event["item"] is not self.controller.current_item():
            return
        if event["item"] is not self.item:
            self.set_item(event["item"])
        self.last_rows = []
        waiting = set(event["networks"])
        for col, network in zip(self.columns, list_models(), strict=True):
            if network in waiting:
                col.show_waiting(network, translate("compare_view", "Waiting…"))
            elif network in event["missing"]:
                col.show_missing(network)
            else:
                col.hide()
                continue
            col.show()

    def _on_progress(self, event: dict) -> None:
        if event["item"] is not self.item:
            return
        col = self._column(event["network"])
        if "predictions" in event:
            col.show_result(event, set())  # agreement is marked when all are in
        elif event.get("stage") == "loading":
            col.show_waiting(event["network"], translate(
                "compare_view", "Loading {network} (the first comparison loads each "
                                "network)…").format(
                network=get_spec(event["network"]).display_name))
        else:
            col.show_waiting(event["network"], translate("compare_view", "Classifying…"))

    def _on_failed(self, item) -> None:
        if item is self.item:
            for col in self.columns:
                col.working.hide()

    def _column(self, network: str) -> CompareColumn:
        return self.columns[list_models().index(network)]

    def _on_models_changed(self) -> None:
        if not self.last_rows:
            return
        self.last_rows = []
        if self.isVisible() and self.item is not None:
            self.controller.compare_current()

    def _on_compare(self, result: dict) -> None:
        if result["item"] is self.controller.current_item():
            self.runtime = result.get("runtime")
            self.show_rows(result["rows"], result["missing"], result["item"])

    def showEvent(self, event) -> None:  # noqa: N802
        """Shown (its tab chosen): the current image is compared unless it already is."""
        super().showEvent(event)
        item = self.controller.current_item()
        if item is not None and not self.has_results() and \
                not (item is self.item and self.controller.is_busy("compare")):
            self.set_item(item)
            self.controller.compare_current()

    # ------------------------------------------------------------------ showing

    def has_results(self) -> bool:
        return bool(self.last_rows) and any(c.isVisible() for c in self.columns)

    def set_item(self, item) -> None:
        """A new current image: its picture, and nothing of the previous image's results."""
        self.item = item
        self.last_rows = []
        for col in self.columns:
            col.hide()
        if item.display is not None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            self.set_image(pil_to_qpixmap(item.display))
        else:
            self.preview.clear()
        self.caption.setText(item.short_name)
        self.summary.setText(translate("compare_view", "Comparing the {n} networks on "
                                                       "<b>{name}</b>…").format(
            n=len(self.columns), name=escape(item.short_name)))

    def mark_stale(self) -> None:
        """The runtime changed: the results shown were made another way (a change of the
        toolbar's network is not one: every network is compared anyway)."""
        s = self.controller.settings
        if self.last_rows and self.runtime is not None and \
                self.runtime != (s.backend, s.device, s.precision):
            self.summary.setText(self.summary.text().split(" <i>")[0] + " <i>" +
                                 translate("compare_view", "(made before the runtime changed: "
                                                           "Compare again)") + "</i>")

    def set_image(self, pixmap) -> None:
        self.preview.setPixmap(pixmap.scaled(self.preview.size(),
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def show_rows(self, rows: list[dict], missing: list[str] | None = None,
                  item=None) -> None:
        if item is not None and item is not self.item:
            self.set_item(item)
        self.last_rows = rows
        missing = missing or []
        label_sets = [{p.label for p in r["predictions"]} for r in rows]
        in_all = set.intersection(*label_sets) if len(label_sets) > 1 else set()
        by_network = {r["network"]: r for r in rows}
        for col, network in zip(self.columns, list_models(), strict=True):
            if network in by_network:
                col.show_result(by_network[network], in_all)
            elif network in missing:
                col.show_missing(network)
            else:
                col.hide()
                continue
            col.show()
        top1 = [r["predictions"][0].label for r in rows if r["predictions"]]
        name = f"<b>{escape(self.item.short_name)}</b>: " if self.item is not None else ""
        if len(rows) < 2:
            self.summary.setText(name + translate("compare_view", "only one network has "
                                                                  "weights; get the others' to "
                                                                  "compare."))
        elif len(set(top1)) == 1:
            self.summary.setText(name + translate("compare_view", "all {n} agree on "
                                                                  "<b>{label}</b>.").format(
                n=len(rows), label=escape(top1[0])))
        else:
            common = Counter(top1).most_common(1)
            if common and common[0][1] > 1:
                text = translate("compare_view", "the networks disagree on the top label; {k} "
                                                 "of {n} say <b>{label}</b>.").format(
                    k=common[0][1], n=len(rows), label=escape(common[0][0]))
            else:
                text = translate("compare_view", "the networks disagree on the top label.")
            if in_all:
                text += translate("compare_view", " Green: in every top-5 ({n}).").format(
                    n=len(in_all))
            self.summary.setText(name + text)
