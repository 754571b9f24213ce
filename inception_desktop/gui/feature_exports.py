"""The feature viewer's exports: a channel at its own resolution (one pixel per position, its
value range in the file) and the annotated grid of a block (its provenance in the file too),
written atomically, with a "Saved" notice and "Show in folder"; the save dialog starts in the
last export's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from inception_desktop.engine.featuremaps import COLORMAPS
from inception_desktop.engine.featuresheet import SheetWords
from inception_desktop.gui.format import ERROR_TEXT, block_label, error_message
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.savefile import ask_save_path


def colormap_label(name: str) -> str:
    """A colormap's name as people read it (the combo's entries, the sheets' colour bar)."""
    return {"gray": translate("feature_exports", "gray"),
            "viridis": translate("feature_exports", "viridis"),
            "magma": translate("feature_exports", "magma")}.get(name, name)


def sheet_words() -> SheetWords:
    """The exported sheet's words in the window's language (the core draws them)."""
    return SheetWords(
        subtitle=translate("feature_exports", "{block}: {channels} channels of {width} × "
                                              "{height}, {normalization}, ordered {order}"),
        normalizations={"channel": translate("feature_exports", "normalised per channel"),
                        "block": translate("feature_exports", "normalised per block")},
        orders={"index": translate("feature_exports", "by channel number"),
                "mean": translate("feature_exports", "by mean activation"),
                "max": translate("feature_exports", "by highest activation")},
        scales={"channel": translate("feature_exports", "lowest to highest of each channel's "
                                                        "values ({colormap})"),
                "block": translate("feature_exports", "lowest to highest of the block's "
                                                      "values ({colormap})")},
        colormaps={name: colormap_label(name) for name in COLORMAPS})


class ExportsMixin:
    """Part of FeatureViewer (which provides spec, activations, model, current_block, the
    option combos and selected_channel)."""

    def _build_export_widgets(self) -> None:
        self.export_channel = QPushButton(translate("feature_exports", "Export channel…"))
        self.export_channel.setToolTip(translate(
            "feature_exports", "A PNG of the channel at its own resolution (one pixel per "
                               "position), its value range in the file"))
        self.export_grid = QPushButton(translate("feature_exports", "Export grid…"))
        self.export_grid.setToolTip(translate(
            "feature_exports", "Every channel of the block at its resolution, numbered, with "
                               "the branches, a legend and a colour bar"))
        self.export_grid.clicked.connect(self._export_grid)
        self.export_channel.clicked.connect(self._export_channel)
        self.export_grid.setEnabled(False)
        self.export_channel.setEnabled(False)

        self.saved_label = QLabel("")
        self.saved_open = QPushButton(translate("feature_exports", "Show in folder"))
        self.saved_open.clicked.connect(self._show_saved)
        self.saved_bar = QWidget()
        sb = QHBoxLayout(self.saved_bar)
        sb.setContentsMargins(0, 0, 0, 0)
        sb.addWidget(self.saved_label, 1)
        sb.addWidget(self.saved_open)
        dismiss = QToolButton()
        dismiss.setText("✕")
        dismiss.setAutoRaise(True)
        dismiss.setToolTip(translate("feature_exports", "Dismiss"))
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
        return getattr(self, "image_name", "") or "image"  # a file name: stays English

    def default_name(self, channel: int | None = None) -> str:
        from inception_desktop.engine.featuresheet import export_name

        block = self.spec.block(self.current_block) if self.spec and self.current_block \
            else None
        return export_name(self._image_name(), getattr(self, "network", ""),
                           block.display_name if block else "block", channel)

    def _export_grid(self) -> None:
        if self.model.render is None:
            return
        path = ask_save_path(self, self.controller,
                             translate("feature_exports", "Export grid"), self.default_name(),
                             translate("feature_exports", "PNG images (*.png)"))
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
        words = sheet_words()
        text = SheetText(
            f"{self._image_name()} · {self.model_label} · {block_label(block.display_name)}",
            sheet_subtitle(block.path, block.channels, values.shape[2], values.shape[1],
                           render.normalization, render.sort, words),
            [(block_label(br.name), br.start, br.stop) for br in block.branches])
        sheet = grid_sheet(values, render.order, render.colormap, render.normalization, text,
                           words=words)
        info = grid_info(values, render.colormap, render.normalization, render.sort,
                         {"image": self._image_name(), "model": self.model_label,
                          "block": render.block})
        return self._save(lambda p: sheet.save(p, format="PNG", pnginfo=info), path)

    def _export_channel(self) -> None:
        channel = self.selected_channel()
        if channel is None:
            return
        path = ask_save_path(self, self.controller,
                             translate("feature_exports", "Export channel"),
                             self.default_name(channel),
                             translate("feature_exports", "PNG images (*.png)"))
        if path:
            self.save_channel(path)

    def save_channel(self, path: str) -> bool:
        from inception_desktop.engine.featuresheet import channel_image

        channel = self.selected_channel()
        if channel is None or self.activations is None or self.current_block is None:
            return False
        block = self.activations.blocks[self.current_block]
        img, info = channel_image(block, channel, self.colormap.currentData(),
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
            self.saved_label.setText(translate("feature_exports", "Not saved: {reason}")
                                     .format(reason=error_message(exc)))
            self.saved_open.hide()
            self.saved_bar.show()
            return False
        self.last_saved = Path(target)
        self._saved_for = self.controller.current_activations()
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(translate("feature_exports", "Saved {name}")
                                 .format(name=self.last_saved.name))
        self.saved_open.show()
        self.saved_bar.show()
        return True

    def _show_saved(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))
