"""Test images made on the spot, good and broken."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def photo(width: int = 320, height: int = 240, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // width, y * 255 // height, (x ^ y) & 255], -1)
    rgb = np.clip(rgb + rng.integers(-30, 30, (height, width, 3)), 0, 255).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny PNG whose header declares a huge image."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 10)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def broken_crc_png() -> bytes:
    buf = io.BytesIO()
    photo(64, 64).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    data[29] ^= 0xFF  # the last byte of the IHDR chunk's CRC
    return bytes(data)


def make_bad_input_set(folder: Path) -> dict[str, bool]:
    """Write the issue's bad-input set -> {file name: whether it must classify}."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, bool] = {}

    def save(name: str, ok: bool, writer) -> None:
        writer(folder / name)
        cases[name] = ok

    save("empty.jpg", False, lambda p: p.write_bytes(b""))
    buf = io.BytesIO()
    photo(400, 300).save(buf, "JPEG", quality=90)
    save("truncated.jpg", False, lambda p: p.write_bytes(buf.getvalue()[:1500]))
    save("broken-crc.png", False, lambda p: p.write_bytes(broken_crc_png()))
    save("text.jpg", False, lambda p: p.write_text("this is not a picture\n"))
    save("bomb.png", False, lambda p: p.write_bytes(bomb_png()))
    save("tiny 1x1.png", True, lambda p: Image.new("RGB", (1, 1), (200, 10, 10)).save(p))
    sixteen = (np.arange(64 * 48, dtype=np.uint32).reshape(48, 64) * 21).astype(np.uint16)
    save("sixteen-bit.png", True, lambda p: Image.fromarray(sixteen).save(p))
    save("cmyk.jpg", True, lambda p: photo(200, 150).convert("CMYK").save(p, "JPEG"))

    def palette(p: Path) -> None:
        img = photo(120, 90).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
        img.info["transparency"] = 0
        img.save(p, transparency=0)

    save("palette-transparent.png", True, palette)
    frames = [photo(100, 80, seed=s) for s in range(3)]
    save("animated.gif", True,
         lambda p: frames[0].save(p, save_all=True, append_images=frames[1:], duration=100))
    save("rotated-exif.jpg", True, lambda p: exif_rotated_jpeg(p))
    save("café 图像 with spaces.png", True, lambda p: photo(150, 200, seed=7).save(p))
    return cases


def exif_rotated_jpeg(path: Path, orientation: int = 6) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    photo(300, 200, seed=3).save(path, "JPEG", quality=95, exif=exif)


def calibration_folder(root, n=12, seed=200):
    """A folder of n photo-like JPEGs, as a user's calibration photos for int8."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        photo(300 + 9 * i, 240 + 5 * (i % 3), seed=seed + i).save(root / f"c{i:02d}.jpg",
                                                                    quality=92)
    return root
