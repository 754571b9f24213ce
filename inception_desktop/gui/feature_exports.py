"""The feature viewer's exports: a channel at its own resolution (one pixel per position, its
value range in the file) and the annotated grid of a block (its provenance in the file too),
written atomically, with a "Saved" notice and "Show in folder"; the save dialog starts in the
last export's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from inception_desktop.gui.format import ERROR_TEXT
from inception_desktop.gui.savefile import ask_save_path


class ExportsMixin:
    """Part of FeatureViewer (which provides spec, activations, model, current_block, the
    option combos and selected_channel)."""

    def _build_export_widgets(self) -> None:
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

        self.saved_label = QLabel("")
        self.saved_open = QPushButton("Show in folder")
        self.saved_open.clicked.connect(self._show_saved)
        self.saved_bar = QWidget()
        sb = QHBoxLayout(self.saved_bar)
        sb.setContentsMargins(0, 0, 0, 0)
        sb.addWidget(self.saved_label, 1)
        sb.addWidget(self.saved_open)
        dismiss = QToolButton()
        dismiss.setText("✕")
        dismiss.setAutoRaise(True)
        dismiss.setToolTip("Dismiss")
        dismiss.clicked.connect(self.saved_bar.hide)
        sb.addWidget(dismiss)
        self.saved_bar.hide()
        # The notice is about one export: it goes when the image or the model changes.
        self._saved_for = None  # the activations the saved file was made from
        self.controller.activations_ready.connect(lambda _index: self._saved_still_shown())
        self.controller.predictor_loading.connect(lambda _name: self.saved_bar.hide())

    def _saved_still_shown(self) -> None:
        if self.controller.current_activations() is not self._saved_for:
            self.saved_bar.hide()

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
        path = ask_save_path(self, self.controller, "Export grid", self.default_name(),
                             "PNG images (*.png)")
        if path:
            self.save_grid(path)

    def save_grid(self, path: str) -> bool:
        from inception_desktop.engine.featuresheet import (
            SheetText,
            grid_info,
            grid_sheet,
            sheet_subtitle,
        )

        render = self.model.render
        if render is None or self.activations is None or self.spec is None:
            return False
        block = self.spec.block(render.block)
        values = self.activations.blocks[render.block]
        text = SheetText(
            f"{self._image_name()} · {self.model_label} · {block.display_name}",
            sheet_subtitle(block.path, block.channels, values.shape[2], values.shape[1],
                           render.normalization, render.sort),
            [(br.name, br.start, br.stop) for br in block.branches])
        sheet = grid_sheet(values, render.order, render.colormap, render.normalization, text)
        info = grid_info(values, render.colormap, render.normalization, render.sort,
                         {"image": self._image_name(), "model": self.model_label,
                          "block": render.block})
        return self._save(lambda p: sheet.save(p, format="PNG", pnginfo=info), path)

    def _export_channel(self) -> None:
        channel = self.selected_channel()
        if channel is None:
            return
        path = ask_save_path(self, self.controller, "Export channel",
                             self.default_name(channel), "PNG images (*.png)")
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
        self._saved_for = self.controller.current_activations()
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(f"Saved {self.last_saved.name}")
        self.saved_open.show()
        self.saved_bar.show()
        return True

    def _show_saved(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))
