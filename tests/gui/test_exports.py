"""Exports (issue 25, item 14): the sheets are drawn in the font the app ships, so × has its
glyph; the grid sheet's subtitle is a whole sentence; the grid PNG carries its provenance as
the channel PNG does; save dialogs start in the last export's folder (never the working
directory); a CSV export says "Saved"; the manager says where each set of weights came from."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFont
from PySide6.QtWidgets import QFileDialog

from inception_desktop.engine.featuresheet import (
    FONT,
    SheetText,
    _font,
    grid_sheet,
    sheet_subtitle,
)
from inception_desktop.gui.settings import load_settings
from inception_desktop.resource_files import resource_path
from tests.helpers.window import images, open_block, wait_idle

NO_GLYPH = "\U0010fffd"  # a private-use code point no font draws: the missing-glyph box


def glyph(font, char):
    return bytes(font.getmask(char))


def test_the_shipped_font_draws_every_sign_of_the_sheets():
    assert resource_path(FONT).is_file()
    assert resource_path("DejaVuSans-LICENSE.txt").read_text().count("Bitstream") >= 2
    font = _font(12)
    assert isinstance(font, ImageFont.FreeTypeFont) and font.path.endswith(FONT)
    for char in "×·–…":
        assert glyph(font, char) != glyph(font, NO_GLYPH), char


def test_the_grid_subtitle_is_a_sentence_and_draws():
    text = sheet_subtitle("Mixed_5b", 256, 35, 35, "channel", "mean")
    assert text == ("Mixed_5b: 256 channels of 35 × 35, normalised per channel, ordered by "
                    "mean activation")
    block = np.random.default_rng(0).random((4, 5, 5)).astype(np.float32)
    sheet = grid_sheet(block, np.arange(4), "viridis", "channel",
                       SheetText("a.jpg · Inception-v3 · Inception-A 1", text, []))
    assert sheet.width >= 520
    # The whole subtitle fits: the sheet's right margin is white on the subtitle's line.
    pixels = np.asarray(sheet.convert("L"))
    assert (pixels[38:56, -12:] == 255).all()
    assert (pixels[38:56, 16:-16] < 128).any()


@pytest.fixture
def dialogs(monkeypatch):
    """QFileDialog.getSaveFileName answered with `dialogs.answer`; each start recorded."""
    class Dialogs:
        answer = ""
        starts: list[str] = []

    def ask(parent, title, start, filters="", *args, **kwargs):
        Dialogs.starts.append(start)
        return Dialogs.answer, filters

    Dialogs.starts = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    return Dialogs


def test_grid_png_has_provenance_and_dialogs_start_in_the_last_folder(
        make_window, qtbot, tmp_path, dialogs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    window = make_window()
    (path,) = images(tmp_path / "photos", 1, prefix="landscape")
    open_block(window, qtbot, path)
    viewer = window.viewer
    out = tmp_path / "exports"
    out.mkdir()
    dialogs.answer = str(out / "grid.png")
    viewer._export_grid()
    assert not dialogs.starts[0].startswith(str(tmp_path))  # not the working directory
    sheet = Image.open(out / "grid.png")
    info = sheet.info
    assert info["image"] == path.name and info["block"] == "Mixed_5b"
    assert info["colormap"] and info["normalization"] and info["order"]
    assert info["model"] and info["software"].startswith("inception-desktop")
    assert int(info["channels"]) == viewer.activations.blocks["Mixed_5b"].shape[0]
    # The next export, in another view, starts where the last one went, also after a restart.
    viewer.grid.setCurrentIndex(viewer.model.index(3))
    dialogs.answer = ""
    viewer._export_channel()
    assert dialogs.starts[-1].startswith(str(out))
    assert load_settings()[0].export_folder == str(out)
    # The CSV export: starts there too, and says it saved.
    wait_idle(qtbot, window)
    dialogs.answer = str(out / "results.csv")
    window.export_csv()
    assert dialogs.starts[-1] == str(out / "results.csv")
    assert (out / "results.csv").is_file()
    assert window.statusBar().currentMessage() == f"Saved results.csv in {out}"
    window.grab().save(str(tmp_path / "csv-saved.png"))


def test_manager_says_where_weights_came_from(make_window, qtbot, tmp_path, monkeypatch):
    from inception_desktop.fileio import file_sha256
    from inception_desktop.weights.store import IMPORTED_DIR, weights_dir, write_provenance

    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    path = weights_dir() / "inception_v3" / IMPORTED_DIR / "mine.safetensors"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"w" * 100)
    source = tmp_path / "Downloads" / "my-v3.safetensors"
    write_provenance(path, file_sha256(path), str(source), network="inception_v3", name="mine")
    window = make_window()
    window.manage_networks()
    panel = window.manager_dialog.networks
    qtbot.waitUntil(lambda: any(e.name == "mine" for e in panel.entries), timeout=30_000)
    row = next(i for i, e in enumerate(panel.entries) if e.name == "mine")
    cell = panel.table.item(row, 5)
    assert cell.text().startswith(f"imported from my-v3.safetensors in {source.parent} on 20")
    assert str(path) in cell.toolTip() and "sha256: " in cell.toolTip()
    published = next(i for i, e in enumerate(panel.entries) if e.name == "inception_v4")
    assert panel.table.item(published, 5).text().startswith("published at https://")
