"""Image loading: every mode to RGB, orientation, animations, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from inception_desktop.engine.images import ImageError, expand_paths, load_image
from tests.helpers.images import bomb_png, broken_crc_png, exif_rotated_jpeg, photo


def test_rgba_composited_on_white(tmp_path):
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    rgba.putpixel((0, 0), (0, 0, 255, 255))
    path = tmp_path / "a.png"
    rgba.save(path)
    img = load_image(path)
    assert img.mode == "RGB"
    assert img.getpixel((1, 1)) == (255, 255, 255)
    assert img.getpixel((0, 0)) == (0, 0, 255)


def test_la_and_palette_transparency(tmp_path):
    la = Image.new("LA", (3, 3), (0, 0))
    la.save(tmp_path / "la.png")
    assert load_image(tmp_path / "la.png").getpixel((1, 1)) == (255, 255, 255)
    p = Image.new("P", (3, 3), 1)
    p.putpalette([0, 0, 0, 10, 20, 30] + [0] * 762)
    p.putpixel((0, 0), 0)
    p.save(tmp_path / "p.png", transparency=0)
    img = load_image(tmp_path / "p.png")
    assert img.getpixel((0, 0)) == (255, 255, 255)
    assert img.getpixel((2, 2)) == (10, 20, 30)


def test_sixteen_bit_scaled_not_clipped(tmp_path):
    arr = np.array([[0, 32768, 65535]], dtype=np.uint16)
    Image.fromarray(arr).save(tmp_path / "g16.png")
    img = load_image(tmp_path / "g16.png")
    assert [img.getpixel((i, 0))[0] for i in range(3)] == [0, 128, 255]


def test_float_image(tmp_path):
    arr = np.array([[0.0, 0.5, 1.0]], dtype=np.float32)
    Image.fromarray(arr, mode="F").save(tmp_path / "f.tiff")
    img = load_image(tmp_path / "f.tiff")
    assert [img.getpixel((i, 0))[0] for i in range(3)] == [0, 128, 255]


def test_cmyk_converted(tmp_path):
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(tmp_path / "c.jpg")  # pure red ink
    r, g, b = load_image(tmp_path / "c.jpg").getpixel((4, 4))
    assert r > 200 and g < 60 and b < 60


def test_animated_first_frame(tmp_path):
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:])
    r, g, _ = load_image(tmp_path / "a.gif").getpixel((4, 4))
    assert r > 200 and g < 50


def test_exif_orientation_applied(tmp_path):
    exif_rotated_jpeg(tmp_path / "r.jpg", orientation=6)
    img = load_image(tmp_path / "r.jpg")
    assert img.size == (200, 300)  # stored 300 x 200, displayed rotated by 90 degrees


def test_bytes_input():
    import io

    buf = io.BytesIO()
    photo(10, 10).save(buf, "PNG")
    assert load_image(buf.getvalue()).size == (10, 10)
    with pytest.raises(ImageError, match="clipboard: empty"):
        load_image(b"", name="clipboard")


@pytest.mark.parametrize(("writer", "pattern"), [
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_text("plain text"), "not an image"),
    (lambda p: p.write_bytes(bomb_png()), "decompression bomb"),
    (lambda p: p.write_bytes(broken_crc_png()), "PNG file that is corrupt"),
])
def test_errors_name_the_file(tmp_path, writer, pattern):
    path = tmp_path / "my picture.png"
    writer(path)
    with pytest.raises(ImageError) as err:
        load_image(path)
    # The file's name first, its folder after (issue 25, item 20).
    assert str(err.value).startswith(f"my picture.png in {tmp_path}: ")
    assert pattern in str(err.value)


def test_expand_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.jpg", "a.PNG", "notes.txt", ".secret.png", "sub/c.webp", ".hidden/d.png"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.PNG", "b.jpg"]
    assert [p.name for p in expand_paths([tmp_path], recursive=True)] == [
        "a.PNG", "b.jpg", "c.webp"]
    assert expand_paths([tmp_path / "notes.txt"]) == [tmp_path / "notes.txt"]
