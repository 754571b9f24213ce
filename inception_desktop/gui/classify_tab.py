"""The Classify tab: the image (with a class activation map over it), its top-5, the map
choice and opacity, and the gallery of the batch. It reads the controller's state and asks
the controller for work; it never touches the engine."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSlider,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.engine.activations import normalize01
from inception_desktop.gui.controller import AppController
from inception_desktop.gui.jobs import BatchItem
from inception_desktop.gui.widgets import DropHint, Gallery, ImageView, ResultsPanel
from inception_desktop.models import get_spec


def subtitle(item: BatchItem) -> str:
    assert item.result is not None
    untrained = " (untrained)" if item.result.weights and item.result.weights.untrained else ""
    return f"{item.short_name} — {get_spec_name(item.result)}{untrained}"


def get_spec_name(result: Any) -> str:
    """The model a result came from: a fine-tuned model's name, else the network's."""
    from inception_desktop.models import list_models

    if result.model in list_models():
        return get_spec(result.model).display_name
    return str(result.model)


class ClassifyTab(QWidget):
    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        settings = controller.settings
        self.selected_class = -1
        self.grad_cam_block: str | None = None
        self.drop_hint = DropHint()
        self.image_view = ImageView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.drop_hint)
        self.stack.addWidget(self.image_view)
        self.results = ResultsPanel()
        self.map_combo = QComboBox()
        self.map_combo.addItem("Class activation map", None)
        self.map_combo.setToolTip("Click a label to see where in the image the network saw it. "
                                  "Grad-CAM at other blocks needs the torch backend.")
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(int(settings.overlay_opacity * 100))
        self.opacity.setToolTip("Opacity of the activation map")
        self.image_view.set_opacity(settings.overlay_opacity)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.results, 1)
        side_layout.addWidget(QLabel("Map"))
        side_layout.addWidget(self.map_combo)
        side_layout.addWidget(QLabel("Map opacity"))
        side_layout.addWidget(self.opacity)
        splitter = QSplitter()
        splitter.addWidget(self.stack)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        self.gallery = Gallery()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.gallery)
        self.gallery.hide()
        self.gallery.currentRowChanged.connect(controller.set_current)
        self.results.class_clicked.connect(self.show_class_map)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.map_combo.currentIndexChanged.connect(self._on_map_kind)

    # ------------------------------------------------------------------ controller events

    def on_batch(self) -> None:
        items = self.controller.items
        self.gallery.set_items([it.short_name for it in items])
        self.gallery.setVisible(len(items) > 1)
        self.stack.setCurrentWidget(self.image_view)

    def on_item(self, index: int) -> None:
        item = self.controller.items[index]
        if item.error:
            self.gallery.update_item(index, f"⚠ {item.short_name}", None, True, item.error)
        elif item.result is not None:
            top = item.result.predictions[0]
            self.gallery.update_item(index, f"{top.label}\n{top.probability * 100:.0f}%",
                                     item.thumb, False, f"{item.name}\n{top.label}")
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
        if item.display is not None:
            full = item.image.size if item.image is not None else None
            self.image_view.set_image(item.display, full)
        if item.error:
            self.results.show_error(item.error)
        elif item.result is None:
            self.results.show_waiting()
        else:
            self.results.show_predictions(item.result.predictions, subtitle(item),
                                          self.selected_class)
            if self.selected_class >= 0:
                self.show_class_map(self.selected_class)

    def on_activations(self) -> None:
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def on_predictor(self, predictor: Any) -> None:
        self.map_combo.blockSignals(True)
        self.map_combo.clear()
        self.map_combo.addItem("Class activation map", None)
        if predictor.backend_name == "torch":
            for block in predictor.spec.blocks:
                self.map_combo.addItem(f"Grad-CAM at {block.display_name}", block.path)
        self.map_combo.blockSignals(False)
        self.grad_cam_block = None

    # ------------------------------------------------------------------ user choices

    def _on_opacity(self, value: int) -> None:
        self.controller.settings.overlay_opacity = value / 100
        self.image_view.set_opacity(value / 100)

    def _on_map_kind(self) -> None:
        self.grad_cam_block = self.map_combo.currentData()
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def show_class_map(self, class_index: int) -> None:
        """Overlay where the network saw `class_index` (CAM, or Grad-CAM at a chosen block)."""
        self.selected_class = class_index
        item = self.controller.current_item()
        if item is not None and item.result is not None:
            self.results.show_predictions(item.result.predictions, subtitle(item), class_index)
        acts = self.controller.current_activations()
        if acts is None:
            self.controller.request_activations()  # the map appears when they arrive
            return
        if self.grad_cam_block:
            self.controller.grad_cam(self.grad_cam_block, class_index, self._show_heat)
            return
        self._show_heat(acts.cam(class_index))

    def _show_heat(self, heat: np.ndarray) -> None:
        acts = self.controller.current_activations()
        if acts is None:
            return
        self.image_view.set_overlay(normalize01(heat), acts.crop_box, "magma")
