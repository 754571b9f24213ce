"""The feature viewer's depth: exports at the channel's own resolution with readable names and
a saved notice, the annotated grid, tile size, and an indexed folder's top images per
channel that open the image with the channel shown."""

from __future__ import annotations

import numpy as np
from PIL import Image

from tests.helpers.datasets import make_dataset
from tests.helpers.window import images, open_block


def test_channel_export_has_the_channels_resolution(make_window, qtbot, tmp_path):
    window = make_window()
    (path,) = images(tmp_path, 1, prefix="landscape")
    open_block(window, qtbot, path)
    viewer = window.viewer
    viewer.grid.setCurrentIndex(viewer.model.index(7))
    channel = viewer.selected_channel()
    block = viewer.activations.blocks["Mixed_5b"]
    assert viewer.default_name(channel) == f"landscape_0_v3_inception-A-1_ch{channel}.png"
    assert viewer.default_name() == "landscape_0_v3_inception-A-1.png"
    out = tmp_path / "out"
    out.mkdir()
    assert viewer.save_channel(str(out / viewer.default_name(channel)))
    saved = Image.open(out / viewer.default_name(channel))
    assert saved.size == (block.shape[2], block.shape[1])  # one pixel per position
    assert saved.info["channel"] == str(channel) and saved.info["block"] == "Mixed_5b"
    assert float(saved.info["max"]) == np.float32(block[channel].max()).item() or \
        abs(float(saved.info["max"]) - float(block[channel].max())) < 1e-5
    assert viewer.saved_bar.isVisible() and "Saved" in viewer.saved_label.text()
    assert viewer.saved_open.isVisible()
    # The grid: every channel at an integer multiple of its resolution, with a title.
    assert viewer.save_grid(str(out / "grid"))  # ".png" is added
    sheet = Image.open(out / "grid.png")
    assert sheet.width > 256 and sheet.height > 256
    # An unwritable place is a line in the viewer, not a traceback.
    assert not viewer.save_channel(str(tmp_path / "no-such-folder" / "x.png"))
    assert "Not saved" in viewer.saved_label.text()


def test_tile_size_and_channel_view(make_window, qtbot, tmp_path):
    window = make_window()
    (path,) = images(tmp_path, 1)
    open_block(window, qtbot, path)
    viewer = window.viewer
    viewer.tile.setValue(96)
    qtbot.waitUntil(lambda: viewer.model.render is not None and
                    viewer.model.render.thumbs.shape[1] == 96, timeout=60_000)
    assert window.settings.tile_size == 96
    viewer.grid.setCurrentIndex(viewer.model.index(3))
    assert viewer.channel_map.grid == viewer.activations.blocks["Mixed_5b"].shape[1:]
    assert "values" in viewer.stats.text()


def test_an_indexed_folder_shows_each_channels_top_images(make_window, qtbot, tmp_path):
    folder = make_dataset(tmp_path / "pics", per_class=3, size=120)
    window = make_window()
    (path,) = images(tmp_path, 1)
    open_block(window, qtbot, path, "Mixed_6b")
    viewer = window.viewer
    viewer.start_index(str(folder))
    assert viewer.index_cancel.isVisible()
    qtbot.waitUntil(lambda: viewer.index is not None, timeout=300_000)
    assert viewer.index.images == 9 and "Indexed 9 images" in viewer.index_status.text()
    block = viewer.activations.blocks["Mixed_6b"]
    strongest = int(viewer.index.blocks["Mixed_6b"].values[:, 0].argmax())
    row = int(np.nonzero(viewer.model.render.order == strongest)[0][0])
    viewer.grid.setCurrentIndex(viewer.model.index(row))
    qtbot.waitUntil(lambda: viewer.strip_channel == ("Mixed_6b", strongest), timeout=60_000)
    entry = viewer.index.channel("Mixed_6b", strongest, 9)
    assert viewer.top_strip.count() == len(entry["top"])
    first = viewer.top_strip.item(0)
    assert first.text() == f"{entry['top'][0]['activation']:.3g}"
    # Clicking a top image opens it (added to the batch, which is kept), with that block and
    # channel selected.
    kept = [it.name for it in window.controller.items]
    viewer.top_strip.itemClicked.emit(first)
    viewer.grid.setCurrentIndex(viewer.model.index(0 if row else 1))  # elsewhere meanwhile
    qtbot.waitUntil(lambda: window.controller.current_item() is not None and
                    window.controller.current_item().name == entry["top"][0]["file"],
                    timeout=30_000)
    assert [it.name for it in window.controller.items][:len(kept)] == kept
    qtbot.waitUntil(lambda: window.controller.current_activations() is not None and
                    viewer.activations is window.controller.current_activations() and
                    viewer._follow is None, timeout=120_000)
    assert viewer.selected_channel() == strongest and viewer.current_block == "Mixed_6b"
    assert block.shape[0] == 768
    # The atlas: each channel by its best crop.
    viewer.show_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: viewer.model.render is not None and
                    viewer.model.render.kind == "atlas", timeout=120_000)
    assert viewer.model.rowCount() == 768
    assert viewer.model.render.files[strongest] == entry["top"][0]["file"]
