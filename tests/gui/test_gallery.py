"""The gallery (issue 25, item 23): two files of one name from different folders are told
apart; a long label is cut, its percentage never is; 12- and 16-bit TIFFs (a camera's or a
microscope's) have visible thumbnails, not black squares."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from inception_desktop.gui.format import distinct_names
from inception_desktop.gui.jobs import BatchItem, load_item
from inception_desktop.gui.widgets import CELL_WIDTH, elide_keeping_percent
from tests.helpers.images import photo
from tests.helpers.window import drop


def test_names_get_their_folders_only_where_two_share_one():
    assert distinct_names(["/p/a/cat.jpg", "/p/b/cat.jpg", "/p/a/dog.jpg"]) == \
        ["a/cat.jpg", "b/cat.jpg", "dog.jpg"]
    assert distinct_names(["/x/2024/a/cat.jpg", "/y/2024/a/cat.jpg"]) == \
        ["x/2024/a/cat.jpg", "y/2024/a/cat.jpg"]


def test_a_long_label_keeps_its_percentage(make_window):
    window = make_window()
    metrics = window.classify_tab.gallery.fontMetrics()
    width = CELL_WIDTH - 8
    text = elide_keeping_percent("great grey owl, great gray owl, Strix nebulosa 97.3%",
                                 metrics, width)
    assert text.endswith(" 97.3%") and "…" in text
    assert metrics.horizontalAdvance(text) <= width
    assert elide_keeping_percent("tabby 12.0%", metrics, width) == "tabby 12.0%"
    assert elide_keeping_percent("cannot be read", metrics, width) == "cannot be read"


def tiff(path, array):
    Image.fromarray(array).save(path, format="TIFF")
    assert Image.open(path).mode.startswith("I;16")
    return path


@pytest.mark.parametrize("peak", [4095, 16383, 65535])  # 12-, 14- and 16-bit data
def test_deep_tiffs_have_visible_thumbnails(tmp_path, peak):
    ramp = np.linspace(0, peak, 256 * 192).reshape(192, 256).astype(np.uint16)
    item = BatchItem(str(tmp_path / "deep.tif"), str(tiff(tmp_path / "deep.tif", ramp)))
    load_item(item)
    assert item.error is None and item.thumb is not None
    pixels = np.asarray(item.thumb.convert("L"))
    assert pixels.max() >= 250 and pixels.min() <= 5  # the whole range, not a black square


def test_gallery_of_look_alike_names_and_deep_tiffs(make_window, qtbot, tmp_path):
    a, b = tmp_path / "holiday", tmp_path / "garden"
    for folder, seed in ((a, 1), (b, 2)):
        folder.mkdir()
        photo(200, 150, seed=seed).save(folder / "cat.jpg")
    ramp = np.linspace(0, 4095, 200 * 150).reshape(150, 200).astype(np.uint16)
    deep = tiff(tmp_path / "scan.tif", ramp)
    window = make_window()
    drop(window, [a / "cat.jpg", b / "cat.jpg", deep])
    gallery = window.classify_tab.gallery
    qtbot.waitUntil(lambda: gallery.count() == 3 and all(
        "%" in gallery.caption(i) for i in range(3)), timeout=120_000)
    names = [gallery.item(i).text() for i in range(3)]
    assert names == ["holiday/cat.jpg", "garden/cat.jpg", "scan.tif"]
    icon = gallery.item(2).icon().pixmap(72, 72).toImage()
    values = {icon.pixelColor(x, y).lightness() for x in range(0, icon.width(), 4)
              for y in range(0, icon.height(), 4) if icon.pixelColor(x, y).alpha()}
    assert max(values) - min(values) > 150  # the ramp, visible (not a black square)
    window.resize(1024, 640)
    window.grab().save(str(tmp_path / "gallery.png"))
