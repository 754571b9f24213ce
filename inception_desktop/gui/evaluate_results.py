"""The Evaluate tab's results: the table (one row per model, kept until a new run of that model
replaces it; the models a run skipped, with why), the reliability diagram (with the number of
images behind each point), the per-class accuracies and the most confident mistakes, which open
in the Classify tab (added to the batch) with their class activation map."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QListWidgetItem, QTableWidgetItem

from inception_desktop.errors import ImageError
from inception_desktop.gui import jobs
from inception_desktop.gui.format import ERROR_TEXT, backend_label, percent
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.widgets import CAPTION_ROLE, ERROR_ROLE
from inception_desktop.models import get_spec

COLUMN_COUNT = 11
TOP5_COLUMN = 4
CURVE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
UNTRAINED_BACKGROUND = "#fff3cd"


def columns() -> list[str]:
    """The table's headers, in the window's language."""
    return [translate("evaluate_results", "Model"), translate("evaluate_results", "Weights"),
            translate("evaluate_results", "Images"), "Top-1", "Top-5",
            translate("evaluate_results", "Mean class"), "NLL", "ECE",
            translate("evaluate_results", "Images/s"),
            translate("evaluate_results", "Published top-1"),
            translate("evaluate_results", "Published top-5")]


def untrained_tip() -> str:
    return translate("evaluate_results", "Untrained (random) weights: these results are chance, "
                     "not what the network can do. Get the published weights in File ▸ "
                     "Manage networks.")


def top5_tip() -> str:
    return translate("evaluate_results", "With 5 classes or fewer, every top-5 holds the right "
                     "class: not shown")


class NumberItem(QTableWidgetItem):
    """A table cell that sorts by its number, not its text."""

    def __init__(self, text: str, value: float | None) -> None:
        super().__init__(text)
        self.value = -1.0 if value is None else value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other) -> bool:
        if isinstance(other, NumberItem):
            return self.value < other.value
        return super().__lt__(other)


def model_name(ev: Any) -> str:
    """A fine-tuned model by its name, a network by its display name."""
    return ev.model if ev.model != ev.network else get_spec(ev.network).display_name


class EvaluateResultsMixin:
    """Part of EvaluateTab (which provides controller, table, model_combo, per_class,
    mistakes, review_button, reliability, folder, labels_file, report and _say)."""

    evaluations: list[Any]
    skipped: dict[str, str]  # a model's name -> why the last run skipped it

    # ------------------------------------------------------------------ the table

    def _clear_results(self) -> None:
        self.evaluations = []
        self.skipped = {}
        self.report = None
        self.table.setRowCount(0)
        self.model_combo.clear()
        self.per_class.setRowCount(0)
        self.mistakes.clear()
        self.review_button.setEnabled(False)
        self.progress.setValue(0)
        if self.reliability is not None:
            self.reliability.clear()
            self._draw_diagonal()

    def _keep(self, ev: Any) -> None:
        """A new evaluation replaces the earlier one of the same model; others stay."""
        self.skipped.pop(model_name(ev), None)
        for i, old in enumerate(self.evaluations):
            if (old.network, old.model) == (ev.network, ev.model):
                self.evaluations[i] = ev
                break
        else:
            self.evaluations.append(ev)
        self._fill_table()

    def _skip(self, name: str, why: str) -> None:
        self.skipped[name] = why
        self._fill_table()

    def _fill_table(self) -> None:
        chosen = self.model_combo.currentData()
        self.table.clearSpans()
        self.table.setRowCount(0)
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for ev in self.evaluations:
            self._add_row(ev)
        for name, why in self.skipped.items():
            self._add_skipped_row(name, why)
        index = next((i for i in range(self.model_combo.count()) if chosen is not None and
                      (self.model_combo.itemData(i).network, self.model_combo.itemData(i).model)
                      == (chosen.network, chosen.model)), 0)
        self.model_combo.setCurrentIndex(index)
        self.model_combo.blockSignals(False)
        # The top-5 says nothing for models of 5 classes or fewer.
        self.table.setColumnHidden(TOP5_COLUMN, bool(self.evaluations) and all(
            self._num_classes(ev) <= 5 for ev in self.evaluations))
        self._show_model_details()
        self._plot_reliability()

    def _num_classes(self, ev: Any) -> int:
        if ev.model == ev.network:
            return get_spec(ev.network).num_classes
        for e in self.controller.custom_models():
            if e.name == ev.model:
                return int(e.num_classes)
        return max(len(ev.metrics.get("per_class", {})), 6)

    def _add_row(self, ev: Any) -> None:
        from inception_desktop.engine.evaluate import reported_accuracy

        m = ev.metrics
        imagenet = ev.model == ev.network and self._is_imagenet()
        reported = reported_accuracy(ev.network, ev.weights.get("sha256")) if imagenet else None
        untrained = bool(ev.weights["untrained"])
        weights = translate("evaluate_results", "untrained") if untrained else \
            f"{ev.weights['name']} ({(ev.weights['sha256'] or '')[:8]})"
        name = shown = model_name(ev)
        if untrained:
            shown = translate("evaluate_results", "{model} (untrained)").format(model=shown)
        if ev.partial:
            shown = translate("evaluate_results", "{model} (partial)").format(model=shown)
        rate = ev.images_per_s
        few = self._num_classes(ev) <= 5
        cells = [
            QTableWidgetItem(shown),
            QTableWidgetItem(weights),
            NumberItem(str(m["images"]), m["images"]),
            NumberItem(percent(m["top1"]), m["top1"]),
            NumberItem("-" if few else percent(m["top5"]), None if few else m["top5"]),
            NumberItem(percent(m["mean_class_accuracy"]), m["mean_class_accuracy"]),
            NumberItem("-" if m["nll"] is None else f"{m['nll']:.3f}", m["nll"]),
            NumberItem("-" if m["ece"] is None else f"{m['ece']:.3f}", m["ece"]),
            NumberItem(translate("evaluate_results", "cached") if rate is None
                       else f"{rate:.1f}", rate),
            NumberItem(f"{reported['top1']:.1f}%" if reported else "-",
                       reported["top1"] if reported else None),
            NumberItem(f"{reported['top5']:.1f}%" if reported else "-",
                       reported["top5"] if reported else None),
        ]
        cells[1].setToolTip(translate(
            "evaluate_results", "{backend} {precision} on {device}").format(
            backend=backend_label(ev.backend), precision=ev.precision, device=ev.device))
        if few:
            cells[TOP5_COLUMN].setToolTip(top5_tip())
        if reported:
            cells[9].setToolTip(translate(
                "evaluate_results", "Published on ImageNet: {source}").format(
                source=reported["source"]))
        if untrained:
            for cell in cells:
                cell.setBackground(QBrush(QColor(UNTRAINED_BACKGROUND)))
                cell.setToolTip(untrained_tip())
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, cell in enumerate(cells):
            self.table.setItem(row, col, cell)
        self.model_combo.addItem(name, ev)

    def _add_skipped_row(self, name: str, why: str) -> None:
        """A model the run skipped: its name and why, across the other columns."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        why = translate_message(why)
        title = QTableWidgetItem(translate("evaluate_results", "{model} (skipped)").format(
            model=name))
        reason = QTableWidgetItem(translate("evaluate_results", "Skipped: {why}").format(why=why))
        for cell in (title, reason):
            cell.setForeground(QBrush(QColor(ERROR_TEXT)))
            cell.setToolTip(why)
        self.table.setItem(row, 0, title)
        self.table.setItem(row, 1, reason)
        self.table.setSpan(row, 1, 1, COLUMN_COUNT - 1)

    def _is_imagenet(self) -> bool:
        return self.report is not None and self.report["dataset"]["layout"] in (
            "imagenet", "kaggle-loc")

    def _on_model_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems() if i.row() < len(self.evaluations)}
        if rows:
            self.model_combo.setCurrentIndex(min(rows))

    # ------------------------------------------------------------------ reliability

    def _draw_diagonal(self) -> None:
        import pyqtgraph as pg

        self.reliability.plot([0, 1], [0, 1], pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine),
                              name=translate("evaluate_results", "perfectly calibrated"))

    def _plot_reliability(self) -> None:
        import pyqtgraph as pg

        if self.reliability is None:
            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            self.reliability = pg.PlotWidget(title=translate(
                "evaluate_results", "Reliability: accuracy against confidence (the numbers: "
                "images in each bin)"))
            self.reliability.setLabel("bottom", translate("evaluate_results",
                                                          "confidence of the top-1"))
            self.reliability.setLabel("left", translate("evaluate_results", "accuracy"))
            self.reliability.setXRange(0, 1)
            self.reliability.setYRange(0, 1.08)
            self.reliability.showGrid(x=True, y=True, alpha=0.3)
            self.reliability.setMinimumHeight(160)
            self._reliability_layout.addWidget(self.reliability, 1)
            self._reliability_layout.addWidget(self.reliability_legend)
        self.reliability.clear()
        self._draw_diagonal()
        self.bin_labels = []
        legend = ["<span style='color: #888888'>- - -</span> "
                  + escape(translate("evaluate_results", "perfectly calibrated"))]
        for i, ev in enumerate(self.evaluations):
            bins = [b for b in ev.metrics.get("calibration", []) if b["images"]]
            if not bins:
                continue
            colour = CURVE_COLOURS[i % len(CURVE_COLOURS)]
            shown = model_name(ev)
            if ev.weights["untrained"]:
                shown = translate("evaluate_results", "{model} (untrained)").format(model=shown)
            curve_name = f"{shown} (ECE {ev.metrics['ece']:.3f})"
            self.reliability.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins],
                                  pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                                  symbolBrush=colour, name=curve_name)
            legend.append(f"<span style='color: {colour}'>━●━</span> {escape(curve_name)}")
            for b in bins:  # how many images stand behind each point
                # Above the point, or below it near the top, where a short plot has no room.
                anchor = (0.5, 1.2) if b["accuracy"] < 0.85 else (0.5, -0.2)
                text = pg.TextItem(str(b["images"]), color=colour, anchor=anchor)
                text.setPos(b["confidence"], b["accuracy"])
                self.reliability.addItem(text)
                self.bin_labels.append(text)
        self.reliability_legend.setText(" &nbsp; &nbsp; ".join(legend))

    # ------------------------------------------------------------------ details

    def _show_model_details(self) -> None:
        ev = self.model_combo.currentData()
        if ev is None:
            self.per_class.setRowCount(0)
            self.mistakes.clear()
            self.review_button.setEnabled(False)
            return
        per_class = ev.metrics.get("per_class", {})
        self.per_class.setSortingEnabled(False)
        self.per_class.setRowCount(len(per_class))
        for row, (name, entry) in enumerate(per_class.items()):
            self.per_class.setItem(row, 0, QTableWidgetItem(name))
            self.per_class.setItem(row, 1, NumberItem(str(entry["images"]), entry["images"]))
            self.per_class.setItem(row, 2, NumberItem(percent(entry["top1"]), entry["top1"]))
            self.per_class.setItem(row, 3, NumberItem(percent(entry["top5"]), entry["top5"]))
        self.per_class.setColumnHidden(3, self._num_classes(ev) <= 5)
        self.per_class.setSortingEnabled(True)
        self.per_class.sortItems(2, Qt.SortOrder.AscendingOrder)  # the weakest classes first
        self._show_mistakes(ev)

    def review_mistakes(self):
        from inception_desktop.gui.review_dialog import evaluation_mistakes, open_review

        ev = self.model_combo.currentData()
        if ev is None or not self.folder or self.labels_file:
            return None
        preset = evaluation_mistakes(self.folder, ev)
        return open_review(self, self.controller, self.folder, ev.network, preset,
                           translate("evaluate_results", "Confident mistakes of {model}").format(
                               model=model_name(ev)))

    def _show_mistakes(self, ev) -> None:
        self.review_button.setEnabled(bool(ev.mistakes) and not self.labels_file)
        self.mistakes.clear()
        top = ev.mistakes[:24]
        index_of = {p["label"]: p["index"] for row in ev.rows for p in row["top5"]}
        for m in top:
            item = QListWidgetItem(Path(m["file"]).name)
            item.setData(CAPTION_ROLE, f"{m['predicted']} {percent(m['confidence'])}")
            item.setData(ERROR_ROLE, True)
            item.setToolTip(translate(
                "evaluate_results", "{file}\ntrue: {true}\ntaken for: {predicted} "
                "({confidence})").format(
                file=m["file"], true=m["true"], predicted=m["predicted"],
                confidence=percent(m["confidence"])))
            custom = ev.model if ev.model != ev.network else ""
            item.setData(Qt.ItemDataRole.UserRole,
                         (m["file"], index_of.get(m["predicted"], -1), ev.network, custom))
            self.mistakes.addItem(item)

        def show(thumbs) -> None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            by_file = dict(thumbs)
            for row in range(self.mistakes.count()):
                item = self.mistakes.item(row)
                file = item.data(Qt.ItemDataRole.UserRole)[0]
                if file in by_file:
                    item.setIcon(QIcon(pil_to_qpixmap(by_file[file])))

        if top:
            # A mistake whose file cannot be read any more is listed without a picture.
            self.controller.run("mistake-thumbs", jobs.thumbnails_job,
                                [m["file"] for m in top], on_done=show, ignore=(ImageError,))

    def _open_mistake(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:  # file, class index, the network and model that made the mistake
            self.controller.open_mistake(data[0], int(data[1]), data[2], data[3] or None)
            self.image_opened.emit()
