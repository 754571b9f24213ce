"""The feature viewer's indexed folder: indexing a folder of the user's images for the current
model (progress, cancel that keeps what was done), each channel's top images from it in a strip
(click one to open it with that channel shown), and the atlas of the block (every channel by its
best crop)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.format import ERROR_TEXT, SECONDARY_TEXT, count
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.qtutil import pil_to_qpixmap


class IndexedFolderMixin:
    """Part of FeatureViewer (which provides controller, current_block, show_combo, tile,
    grid, header, selected_channel, show_grid and follow_channel)."""

    def _build_index_widgets(self) -> None:
        self.index_button = QPushButton(translate("feature_index", "Index a folder…"))
        self.index_button.setToolTip(translate(
            "feature_index", "Run a folder of your images once: then each channel shows the "
                             "images (and regions) that make it fire most"))
        self.index_button.clicked.connect(self.choose_index_folder)
        self.index_cancel = QPushButton(translate("feature_index", "Cancel"))
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
        self.top_label.setWordWrap(True)  # never widens the grid's column (or is cut off)
        self.top_label.hide()

    def choose_index_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("feature_index", "Folder of images to index"))
        if folder:
            self.start_index(folder)

    def start_index(self, folder: str) -> None:
        self.index_button.setEnabled(False)
        self.index_cancel.show()
        self.index_progress.setValue(0)
        self.index_progress.show()
        self.index_status.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.index_status.setText(translate("feature_index", "Indexing {folder}…").format(
            folder=Path(folder).name))
        self.controller.index_folder(folder, self.on_index_progress, self.on_index_ready,
                                     self.on_index_failed)

    def _cancel_index(self) -> None:
        self.controller.cancel("index")

    def on_index_progress(self, p) -> None:
        if p.total:
            self.index_progress.setValue(int(1000 * (p.fraction or 0)))
            text = translate("feature_index", "Indexing: {done} of %n image(s)", None,
                             int(p.total)).format(done=count(p.done))
            if p.rate:
                text += translate("feature_index", ", {rate}/s").format(rate=f"{p.rate:.1f}")
            self.index_status.setText(text)

    def on_index_ready(self, index) -> None:
        self.index = index
        self._index_done()
        folder = Path(index.folder).name
        if index.failed:
            text = translate("feature_index", "Indexed %n image(s) of {folder}; {failed} could "
                                              "not be read. Pick a channel to see its top "
                                              "images, or show the atlas.", None,
                             int(index.images)).format(folder=folder,
                                                       failed=len(index.failed))
        else:
            text = translate("feature_index", "Indexed %n image(s) of {folder}. Pick a channel "
                                              "to see its top images, or show the atlas.",
                             None, int(index.images)).format(folder=folder)
        self.index_status.setText(text)
        channel = self.selected_channel()
        if channel is not None and self.current_block:
            self._show_top_images(self.current_block, channel)

    def on_index_failed(self, exc) -> None:
        from inception_desktop.errors import Cancelled
        from inception_desktop.gui.format import describe_error

        self._index_done()
        if isinstance(exc, Cancelled):
            self.index_status.setText(translate(
                "feature_index", "Indexing cancelled; what was indexed is kept and the next "
                                 "run goes on from there."))
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
        if self.index is None or block not in self.index.blocks:
            return
        entry = self.index.channel(block, channel, 9)
        folder = Path(self.index.folder).name
        self.top_label.show()
        if not entry["top"] or entry["top"][0]["activation"] <= 0:
            self.top_strip.clear()
            self.top_strip.hide()
            self.top_label.setText(translate(
                "feature_index", "Channel {channel} never fires on {folder}: its highest value "
                                 "there is 0 or less.").format(channel=channel, folder=folder))
            return
        self.top_label.setText(translate(
            "feature_index", "Top images of channel {channel} in {folder} (mean {mean}); click "
                             "one to open it with this channel").format(
            channel=channel, folder=folder, mean=f"{entry['mean']:.3g}"))

        def show(crops) -> None:
            if self.selected_channel() != channel or self.current_block != block:
                return  # the user moved on
            self.top_strip.clear()
            self.strip_channel = (block, channel)
            for hit, img in crops:
                icon = QIcon(pil_to_qpixmap(img)) if img is not None else QIcon()
                item = QListWidgetItem(icon, f"{hit['activation']:.3g}")
                item.setToolTip(str(hit["file"]) + "\n" + translate(
                    "feature_index", "activation {value} at ({y}, {x}), region {box}").format(
                    value=f"{hit['activation']:.4g}", y=hit["y"], x=hit["x"], box=hit["box"]))
                item.setData(Qt.ItemDataRole.UserRole, (hit["file"], block, channel))
                self.top_strip.addItem(item)
            self.top_strip.show()
            self.grid.scrollTo(self.grid.currentIndex())  # the strip took room from the grid

        self.controller.run("crops", jobs.crops_job, entry["top"], on_done=show)

    def _open_strip_item(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:  # the image opens, with that channel over it
            path, block, channel = data
            self.follow_channel(block, channel)
            self.controller.add_image(path)  # the batch is kept

    def _request_atlas(self) -> None:
        if self.index is None or not self.current_block:
            return
        self.header.setText(translate("feature_index",
                                      "Cropping the best image region of every channel…"))
        self.controller.run("grid", jobs.atlas_job, self.index, self.current_block,
                            self.tile.value(), on_done=self.show_grid)
