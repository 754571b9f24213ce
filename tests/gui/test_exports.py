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
    KOREAN_FONT,
    SheetText,
    SheetWords,
    _font,
    grid_sheet,
    has_hangul,
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


KOREAN = {  # the window's words for a sheet, as the Korean translation has them
    "{block}: {channels} channels of {width} × {height}, {normalization}, ordered {order}":
        "{block}: {width} × {height} 채널 {channels}개, {normalization}, {order}",
    "normalised per channel": "채널별 정규화", "normalised per block": "블록 전체 정규화",
    "by channel number": "채널 번호순", "by mean activation": "평균 활성화순",
    "by highest activation": "최대 활성화순",
    "lowest to highest of each channel's values ({colormap})":
        "각 채널 값의 최솟값에서 최댓값까지 ({colormap})",
    "lowest to highest of the block's values ({colormap})":
        "블록 값의 최솟값에서 최댓값까지 ({colormap})",
    "gray": "회색조",
}


def drawn(text, font, size):
    """`text` drawn alone where a sheet draws its subtitle."""
    from PIL import ImageDraw

    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((16, 40), text, fill=(70, 70, 70), font=font)
    return np.asarray(img.convert("L"))[39:62]


def test_a_korean_sheet_draws_hangul_not_boxes():
    """Issue 27: a sheet exported in Korean draws its words with the shipped Korean font:
    every Hangul letter has its glyph (DejaVu Sans, the sheets' font so far, has none: it
    would draw boxes), and so do the signs around them."""
    words = SheetWords(subtitle=KOREAN["{block}: {channels} channels of {width} × {height}, "
                                      "{normalization}, ordered {order}"],
                       normalizations={"channel": KOREAN["normalised per channel"]},
                       orders={"mean": KOREAN["by mean activation"]},
                       scales={"channel": KOREAN["lowest to highest of each channel's values "
                                                 "({colormap})"]},
                       colormaps={"gray": KOREAN["gray"]})
    subtitle = sheet_subtitle("Mixed_5b", 256, 35, 35, "channel", "mean", words)
    assert subtitle == "Mixed_5b: 35 × 35 채널 256개, 채널별 정규화, 평균 활성화순"
    korean, dejavu = _font(12, subtitle), _font(12)
    assert korean.path.endswith(KOREAN_FONT) and dejavu.path.endswith(FONT)
    assert _font(12, "Mixed_5b: 256 channels of 35 × 35").path.endswith(FONT)
    letters = {c for c in subtitle + KOREAN["lowest to highest of each channel's values "
                                            "({colormap})"] + "회색조" if has_hangul(c)}
    assert len(letters) > 15
    for c in letters:
        assert glyph(korean, c) != glyph(korean, NO_GLYPH), c
        assert glyph(dejavu, c) == glyph(dejavu, NO_GLYPH), c  # the box the sheets drew
    assert len({glyph(korean, c) for c in letters}) == len(letters)  # no two alike
    for c in "×·–_:,()0123456789":
        assert glyph(korean, c) != glyph(korean, NO_GLYPH), c
    block = np.random.default_rng(0).random((4, 5, 5)).astype(np.float32)
    sheet = grid_sheet(block, np.arange(4), "gray", "channel",
                       SheetText("사진.jpg · Inception-v3 · Mixed_5b", subtitle, []), words=words)
    # The subtitle on the sheet is the Korean font's drawing, not DejaVu's boxes.
    pixels = np.asarray(sheet.convert("L"))[39:62]
    assert (pixels == drawn(subtitle, korean, sheet.size)).all()
    assert (pixels != drawn(subtitle, dejavu, sheet.size)).any()


def test_the_window_exports_a_sheet_in_its_language(make_window, qtbot, tmp_path,
                                                     monkeypatch):
    """The window passes its words to the core, which draws them: a grid exported while the
    window speaks Korean has the Korean subtitle, in the Korean font."""
    from inception_desktop.gui import feature_exports

    monkeypatch.setattr(feature_exports, "translate",
                        lambda context, text, *args: KOREAN.get(text, text))
    window = make_window()
    (path,) = images(tmp_path / "photos", 1, prefix="landscape")
    open_block(window, qtbot, path)
    viewer = window.viewer
    assert viewer.save_grid(str(tmp_path / "grid.png"))
    sheet = Image.open(tmp_path / "grid.png")
    values = viewer.activations.blocks["Mixed_5b"]
    subtitle = sheet_subtitle("Mixed_5b", values.shape[0], values.shape[2], values.shape[1],
                              viewer.normalization.currentData(), viewer.order.currentData(),
                              feature_exports.sheet_words())
    assert "채널" in subtitle and "channels" not in subtitle
    pixels = np.asarray(sheet.convert("L"))[39:62]
    assert (pixels == drawn(subtitle, _font(12, subtitle), sheet.size)).all()


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
