"""Loading images robustly (Pillow): any mode to RGB, EXIF orientation, first frame of
animations, decompression-bomb and corrupt-file refusal with a message naming the file.

An image file is untrusted input: whatever a decoder raises while reading one becomes that
file's one-line `ImageError`, so one file never stops a batch.
"""

from __future__ import annotations

import io
import math
import os
import stat
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from inception_desktop.errors import ImageError, ImageTooLarge, msg
from inception_desktop.fileio import named

# Refuse images above this many pixels (about 12,000 x 12,000): a small file can declare a
# huge size and exhaust memory when decoded. Far above any photo a camera takes today.
# Pillow's own guard warns at 89.5 MP and refuses at twice that; ours is this limit alone.
MAX_PIXELS = 150_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Images a person removed from training (the folder check moves them here, beside where they
# were, instead of deleting them): data set scans skip folders of this name.
EXCLUDED_FOLDER = "_excluded"

# The key of `Image.info` that holds the upright (width, height) of the whole picture, which a
# JPEG decoded at a reduced scale (`load_image(reduce_to=...)`) no longer has.
FULL_SIZE = "inception_desktop.full_size"

IMAGE_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".dib", ".gif", ".tif", ".tiff", ".webp",
    ".ppm", ".pgm", ".pbm", ".pnm", ".tga", ".ico", ".jp2", ".pcx", ".sgi", ".im", ".dds",
})


# The usual depths of integer samples: 16-bit containers (TIFF, PNG) often hold 10-, 12- or
# 14-bit data from a camera or a microscope, which divided by 65535 would be black.
_DEPTHS = (8, 10, 12, 14, 16)


def _integer_peak(img: Image.Image, arr: np.ndarray) -> float:
    """The white of an integer image: its declared bit depth (a TIFF's BitsPerSample) when
    below 16, else the least usual depth that holds its largest value."""
    declared = None
    try:
        bits = img.tag_v2.get(258) if hasattr(img, "tag_v2") else None
        declared = int(bits[0] if isinstance(bits, tuple) else bits) if bits else None
    except (TypeError, ValueError, AttributeError):
        declared = None
    if declared is not None and 8 <= declared < 16:
        return float(2 ** declared - 1)
    top = float(arr.max()) if arr.size else 0.0
    for depth in _DEPTHS:
        if top <= 2 ** depth - 1:
            return float(2 ** depth - 1)
    return top


def _to_rgb(img: Image.Image) -> Image.Image:
    """Any Pillow mode -> 8-bit RGB; transparency composited on white."""
    mode = img.mode
    if mode == "RGB":
        return img
    if mode == "P" and "transparency" in img.info or mode in ("PA",):
        img, mode = img.convert("RGBA"), "RGBA"
    if mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        arr = np.asarray(img, dtype=np.float64)
        if mode == "F":
            peak = 1.0 if arr.size and np.nanmax(arr) <= 1.0 else 255.0
        else:
            peak = _integer_peak(img, arr)
        arr = np.nan_to_num(arr, nan=0.0)
        gray = np.clip(np.rint(arr / peak * 255.0), 0, 255).astype(np.uint8)
        return Image.fromarray(gray, "L").convert("RGB")
    if mode == "CMYK":
        return img.convert("RGB")
    return img.convert("RGB")


_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF",
               b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"RIFF": "WebP"}


def _sniff(source: BinaryIO) -> str | None:
    """The format a file claims by its first bytes, to tell corrupt images from non-images."""
    try:
        source.seek(0)
        head = source.read(12)
    except (OSError, ValueError, AttributeError):
        return None
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def _draft(img: Image.Image, shorter: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size (its DCT scaling: the work and the
    memory shrink by the square) while its shorter side stays at least `shorter`."""
    if img.format != "JPEG" or img.mode not in ("RGB", "L", "CMYK", "YCbCr"):
        return
    width, height = img.size
    least = min(width, height)
    if least < 2 * shorter:
        return
    img.draft(img.mode, (math.ceil(width * shorter / least), math.ceil(height * shorter / least)))


def _open(source: BinaryIO, name: str, reduce_to: int | None = None) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Our limit is checked below; Pillow's bomb warning under it is not an error, and
            # its warnings about damaged metadata (EXIF, TIFF tags) are noise on a terminal.
            warnings.simplefilter("ignore")
            img = Image.open(source)
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ImageTooLarge(msg("{file}: {width} x {height} pixels is over the limit of "
                                        "{limit:,} (a possible decompression bomb); refused",
                                        file=name, width=width, height=height, limit=MAX_PIXELS))
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)  # animated images: the first frame
            if reduce_to is not None:
                _draft(img, reduce_to)
            img.load()
            decoded = img.size
            img = _to_rgb(ImageOps.exif_transpose(img))
            # The size of the whole picture, upright, even when decoded smaller
            img.info[FULL_SIZE] = (width, height) if img.size == decoded else (height, width)
            return img
    except ImageError:
        raise
    except Image.DecompressionBombError:
        raise ImageTooLarge(msg("{file}: the image declares more than {limit:,} pixels (a "
                                "possible decompression bomb); refused", file=name,
                                limit=MAX_PIXELS)) from None
    except UnidentifiedImageError:
        raise ImageError(msg("{file}: {problem}", file=name,
                             problem=unidentified_problem(source))) from None
    except MemoryError:
        raise ImageError(msg("{file}: the image is too large to decode", file=name)) from None
    except Exception as exc:  # any decoder failure is this file's error, never the batch's
        raise ImageError(msg("{file}: {problem}", file=name,
                             problem=decoder_problem(exc))) from None


def unidentified_problem(source: BinaryIO) -> str:
    """Why Pillow could not identify a file, in the words every view uses."""
    kind = _sniff(source)
    if kind:
        return msg("a {kind} file that is corrupt (its header cannot be read)", kind=kind)
    return msg("not an image, or a format Pillow cannot read")


def decoder_problem(exc: BaseException) -> str:
    """A decoder's failure in the words every view uses (the scan, the gallery, the CLI)."""
    detail = (str(exc).strip().splitlines() or [""])[0].rstrip(".")[:200] or \
        type(exc).__name__
    if "truncated" in detail.lower() or "broken data stream" in detail:
        return msg("the file is truncated or corrupt ({detail})", detail=detail)
    if "crc" in detail.lower():
        return msg("the file is corrupt ({detail})", detail=detail)
    return msg("cannot read the image: {detail}", detail=detail)


def load_image(source: str | os.PathLike | bytes, name: str | None = None,
               reduce_to: int | None = None) -> Image.Image:
    """A path or the bytes of an image file -> an 8-bit RGB Pillow image, upright. With
    `reduce_to`, a large JPEG may come out smaller (its shorter side at least that many
    pixels): decoded at a fraction of the cost, for a network that shrinks it anyway."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    if isinstance(source, (bytes, bytearray, memoryview)):
        label = name or "image data"
        if not source:
            raise ImageError(msg("{file}: empty (0 bytes)", file=label))
        return _open(io.BytesIO(bytes(source)), label, reduce_to)
    path = Path(source)
    label = name or named(path)  # 'photo.jpg in /home/ana/Pictures': the file's name first
    try:  # stat, not exists(): a folder without read permission raises, not "no such file"
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ImageError(msg("{file}: is a folder, not an image", file=label))
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device: opening may block forever
            raise ImageError(msg("{file}: not a regular file (a device, a pipe or a socket)",
                                 file=label))
        if st.st_size == 0:
            raise ImageError(msg("{file}: empty file (0 bytes)", file=label))
        with open(path, "rb") as f:
            return _open(f, label, reduce_to)
    except FileNotFoundError:
        raise ImageError(msg("{file}: no such file", file=label)) from None
    except PermissionError:
        raise ImageError(msg("{file}: permission denied", file=label)) from None
    except OSError as exc:
        raise ImageError(msg("{file}: cannot be read ({reason})", file=label,
                             reason=exc.strerror or str(exc))) from None


def full_size(img: Image.Image) -> tuple[int, int]:
    """The upright size of the picture an image was decoded from (its own size unless it was
    decoded at a reduced scale)."""
    size = img.info.get(FULL_SIZE)
    return (int(size[0]), int(size[1])) if isinstance(size, tuple) and len(size) == 2 \
        else img.size


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_EXTENSIONS and not path.name.startswith(".")


def _walk_images(folder: Path, recursive: bool, unreadable: list[str],
                 skip: frozenset[str] = frozenset()) -> list[Path]:
    """Image files under `folder` (hidden ones skipped); folders that cannot be read are
    listed in `unreadable`, never fatal; symlinked folders are not followed (no loops)."""
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        where = named(exc.filename) if exc.filename else str(folder)
        unreadable.append(msg("{file}: cannot be read ({reason})", file=where,
                              reason=exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in skip) \
            if recursive else []
        for name in filenames:
            path = Path(dirpath) / name
            if is_image_name(path):
                found.append(path)
    return sorted(found)


def expand_paths(paths: Iterable[str | os.PathLike[str]], recursive: bool = False,
                 unreadable: list[str] | None = None, skip: frozenset[str] = frozenset()
                 ) -> list[Path]:
    """Files stay as given (any extension, so errors are reported); folders expand to the image
    files in them (sorted; hidden files skipped; sub-folders with `recursive`, except those
    named in `skip`). Folders that cannot be read are added to `unreadable` (one line each)
    instead of stopping."""
    problems = unreadable if unreadable is not None else []
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except OSError:  # a folder above it cannot be read: the file's own error says so
            is_dir = False
        if is_dir:
            out.extend(_walk_images(path, recursive, problems, skip))
        else:
            out.append(path)
    return out
