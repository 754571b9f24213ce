"""The Classify tab: the image (with a class activation map over it), its top-5 under a header
saying what produced them, the map choice and opacity, and the gallery of the batch. It follows
the controller's signals, reads its state and asks it for work; it never touches the engine."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QScrollArea,
    QSlider,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.engine.activations import normalize01
from inception_desktop.gui.controller import AppController
from inception_desktop.gui.format import backend_label, block_label, gallery_names, percent
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.jobs import BatchItem
from inception_desktop.gui.widgets import DropHint, Gallery, ImageView, ResultsPanel


def result_header(item: BatchItem) -> str:
    """"red_car.png · flowers-head on <network> · onnxruntime · 52 ms": the file and what
    produced its result, from the result itself."""
    source = item.produced_by
    if item.result is None or source is None:
        return item.short_name
    model = translate("classify_tab", "{model} on {network}").format(
        model=source.model, network=source.network) if source.fine_tuned else source.network
    if source.untrained:
        model += translate("classify_tab", " (untrained)") if not source.fine_tuned else \
            translate("classify_tab", " (untrained base)")
    runtime = backend_label(source.backend)
    if source.precision != "fp32":
        runtime += f" {source.precision}"
    ms = item.result.timing_ms.get("inference")
    return " · ".join([item.short_name, model, runtime] +
                      ([f"{ms:.0f} ms"] if ms is not None else []))


class ClassifyTab(QWidget):
    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        settings = controller.settings
        self.selected_class = -1
        self.map_on = False  # a map stays on while browsing (for each image's top-1)
        self.pending_class = -1  # the class whose map to show when the next result comes
        self.grad_cam_block: str | None = None
        self._predictor: Any = None  # the model whose results (and maps) are shown
        self.drop_hint = DropHint()
        self.image_view = ImageView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.drop_hint)
        self.stack.addWidget(self.image_view)
        self.results = ResultsPanel()
        self.map_combo = QComboBox()
        self.map_combo.addItem(translate("classify_tab", "Class activation map"), None)
        self.map_combo.setToolTip(translate(
            "classify_tab", "Click a label to see where in the image the network saw it (click "
                            "it again to hide the map)"))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(int(settings.overlay_opacity * 100))
        self.opacity.setToolTip(translate("classify_tab", "Opacity of the activation map"))
        self.image_view.set_opacity(settings.overlay_opacity)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.results, 1)
        side_layout.addWidget(QLabel(translate("classify_tab", "Map")))
        side_layout.addWidget(self.map_combo)
        side_layout.addWidget(QLabel(translate("classify_tab", "Map opacity")))
        side_layout.addWidget(self.opacity)
        # On a small screen the column scrolls instead of squeezing its rows.
        side_scroll = QScrollArea()
        side_scroll.setWidget(side)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setMinimumWidth(300)
        # Plain Left/Right browse the batch here too (a scroll area would take them).
        side_scroll.installEventFilter(self)
        side_scroll.viewport().installEventFilter(self)
        self.results.installEventFilter(self)
        splitter = QSplitter()
        splitter.addWidget(self.stack)
        splitter.addWidget(side_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(1, False)
        self.gallery = Gallery()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.gallery)
        self.gallery.hide()
        self.gallery.currentRowChanged.connect(controller.set_current)
        self.results.class_clicked.connect(self.toggle_class_map)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.map_combo.currentIndexChanged.connect(self._on_map_kind)
        controller.batch_changed.connect(self.on_batch)
        controller.item_updated.connect(self.on_item)
        controller.current_changed.connect(self.on_current)
        controller.activations_ready.connect(lambda _index: self.on_activations())
        controller.predictor_ready.connect(self.on_predictor)
        controller.predictor_loading.connect(lambda _name: self.drop_overlay())
        controller.class_wanted.connect(self._want_class)
        controller.no_results.connect(self.results.show_error)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """Left/Right without a modifier browse the batch (from the results' column)."""
        if event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            n = len(self.controller.items)
            if n:
                step = 1 if event.key() == Qt.Key.Key_Right else -1
                self.controller.set_current((self.controller.current + step) % n)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ controller events

    def on_batch(self) -> None:
        items = self.controller.items
        self.gallery.set_items(gallery_names(items))
        self.gallery.setVisible(len(items) > 1)
        self.stack.setCurrentWidget(self.image_view)

    def on_item(self, index: int) -> None:
        item = self.controller.items[index]
        if item.error:
            self.gallery.update_item(index, translate("classify_tab", "cannot be read"), None,
                                     True, translate_message(item.error))
        elif item.result is not None:
            top = item.result.predictions[0]
            self.gallery.update_item(index, f"{top.label} {percent(top.probability)}",
                                     item.thumb, False, f"{item.name}\n{top.label} "
                                     f"{percent(top.probability)}")
        elif item.thumb is not None:
            self.gallery.update_item(index, "…", item.thumb, False, item.name)
        if index == self.controller.current:
            self.show_item()

    def on_current(self, index: int) -> None:
        if self.gallery.currentRow() != index:
            self.gallery.blockSignals(True)
            self.gallery.setCurrentRow(index)
            self.gallery.blockSignals(False)
        self.selected_class = -1
        self.show_item()

    def show_item(self) -> None:
        item = self.controller.current_item()
        if item is None:
            return
        if item.error:
            # Never beside the previous picture.
            self.image_view.set_message(translate("classify_tab", "{name} cannot be shown")
                                        .format(name=item.short_name))
            self.results.show_error(translate_message(item.error))
            return
        if item.display is not None:
            full = item.image.size if item.image is not None else None
            if self.image_view.showing is not item.display:
                self.image_view.set_image(item.display, full)
                self.image_view.showing = item.display
        else:
            self.image_view.set_message(translate("classify_tab", "Opening {name}…")
                                        .format(name=item.short_name))
            self.image_view.showing = None
        if item.result is None:
            self.image_view.set_overlay(None)  # no map without the result it belongs to
            self.results.show_waiting(translate("classify_tab", "{name}: classifying…")
                                      .format(name=item.short_name))
            return
        if self.pending_class >= 0:
            self.selected_class, self.pending_class = self.pending_class, -1
        elif self.map_on and self.selected_class < 0:
            self.selected_class = item.result.predictions[0].index
        self.results.show_predictions(item.result.predictions, result_header(item),
                                      self.selected_class)
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def clear(self) -> None:
        """The input is gone (a new batch is coming): nothing of the old one stays."""
        self.results.clear()
        self.image_view.set_message("")
        self.image_view.showing = None

    def _want_class(self, class_index: int) -> None:
        """Show this class's map with the next result (an evaluation's mistake)."""
        self.pending_class = class_index

    def on_activations(self) -> None:
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def drop_overlay(self) -> None:
        """Another model is coming: nothing drawn may belong to the one it replaces (the
        map comes back, for the new model's top-1, if a map was on)."""
        self.selected_class = -1
        self.image_view.set_overlay(None)

    def on_predictor(self, predictor: Any) -> None:
        if predictor is not self._predictor:
            self._predictor = predictor
            self.drop_overlay()
        # Before any result: as many rows as this model can answer ("Top 3"). While the
        # previous model's rows are still on screen (under its own header) the title stays
        # theirs; the new model's result sets it.
        item = self.controller.current_item()
        if item is None or item.result is None:
            self.results.title.setText(translate("classify_tab", "Top {n}").format(
                n=min(predictor.num_classes, len(self.results.rows))))
        wanted = self.grad_cam_block
        self.map_combo.blockSignals(True)
        self.map_combo.clear()
        self.map_combo.addItem(translate("classify_tab", "Class activation map"), None)
        if predictor.backend_name == "torch":
            for block in predictor.spec.blocks:
                self.map_combo.addItem(translate("classify_tab", "Grad-CAM at {block}").format(
                    block=block_label(block.display_name)), block.path)
        else:
            # Say why there is no Grad-CAM instead of leaving it out silently.
            self.map_combo.addItem(translate("classify_tab", "Grad-CAM at a block: needs the "
                                                             "torch backend"), "needs-torch")
            model = self.map_combo.model()
            if isinstance(model, QStandardItemModel):
                model.item(1).setEnabled(False)
            self.map_combo.setItemData(1, translate(
                "classify_tab", "Grad-CAM runs the network backwards, which only the torch "
                                "backend can; choose Backend: torch"),
                Qt.ItemDataRole.ToolTipRole)
        index = self.map_combo.findData(wanted) if wanted else 0
        self.map_combo.setCurrentIndex(max(index, 0))
        self.map_combo.blockSignals(False)
        self.grad_cam_block = self.map_combo.currentData()

    # ------------------------------------------------------------------ user choices

    def _on_opacity(self, value: int) -> None:
        self.controller.update_settings(save=False, overlay_opacity=value / 100)
        self.image_view.set_opacity(value / 100)

    def _on_map_kind(self) -> None:
        data = self.map_combo.currentData()
        self.grad_cam_block = data if data != "needs-torch" else None
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def toggle_class_map(self, class_index: int) -> None:
        """A click on a label shows its map; a click on the label already shown hides it."""
        if class_index == self.selected_class:
            self.hide_class_map()
        else:
            self.show_class_map(class_index)

    def hide_class_map(self) -> None:
        self.selected_class = -1
        self.map_on = False
        self.controller.want_activations("classify", None)
        self.image_view.set_overlay(None)
        item = self.controller.current_item()
        if item is not None and item.result is not None:
            self.results.show_predictions(item.result.predictions, result_header(item), -1)

    def show_class_map(self, class_index: int) -> None:
        """Overlay where the network saw `class_index` (CAM, or Grad-CAM at a chosen block)."""
        self.selected_class = class_index
        self.map_on = True
        self.controller.want_activations("classify", "cam")
        item = self.controller.current_item()
        if item is not None and item.result is not None:
            self.results.show_predictions(item.result.predictions, result_header(item),
                                          class_index)
        acts = self.controller.current_activations()
        if acts is None:
            self.controller.request_activations()  # the map appears when they arrive
            return
        if item is None or item.result is None or class_index not in \
                {p.index for p in item.result.predictions}:
            self.image_view.set_overlay(None)  # a class of another model's answer
            return
        show = partial(self._show_heat, item, self.controller.predictor, class_index)
        if self.grad_cam_block:
            self.controller.grad_cam(self.grad_cam_block, class_index, show)
            return
        if not acts.cam_exact:
            # An imported Keras head (Dense layers, flatten): CAM is not defined, Grad-CAM at
            # the last block is (it needs the torch backend; its error says so).
            self.controller.grad_cam(acts.last_block, class_index, show)
            return
        show(acts.cam(class_index))

    def _show_heat(self, item: BatchItem, predictor: Any, class_index: int,
                   heat: np.ndarray) -> None:
        """A map arrived: drawn only if its image, model and class are still the ones shown
        (a late map of the previous model is dropped)."""
        acts = self.controller.current_activations()
        if acts is None or self.selected_class != class_index or \
                self.controller.current_item() is not item or \
                self.controller.predictor is not predictor:
            return
        self.image_view.set_overlay(normalize01(heat), acts.crop_box, "magma")
