"""Feature maps as files: one channel at its own resolution (a PNG of exactly the block's
H x W, its values and provenance in the PNG's text chunks), and a block's channels as an
annotated sheet (title, each channel at an integer multiple of its resolution with its
number under it, the branch of each channel, a legend and a colour bar), both with their
provenance in the PNG's text chunks. Also the readable default file names
(`landscape_v4_inception-A-1.png`). Pure numpy + Pillow. The text is drawn in the fonts the
app ships (DejaVu Sans, resources/; Noto Sans CJK KR for a line with Hangul), so every sign
(×, ·, –) and every Korean word has its glyph on every system. The sheet's words are English
unless the caller passes them translated (`SheetWords`: the window does, in its language)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from inception_desktop.engine.featuremaps import colorize, normalized

# Branch marks are drawn beside the tiles, never on them, in colours that differ from each
# other for the common colour-vision deficiencies (Okabe-Ito).
BRANCH_COLORS = ((230, 159, 0), (86, 180, 233), (0, 158, 115), (213, 94, 0),
                 (204, 121, 167), (0, 114, 178), (240, 228, 66))


def block_slug(display_name: str) -> str:
    """"Inception-A 1 of 4" -> "inception-A-1"; "Stem conv 3x3/2" -> "stem-conv-3x3-2"."""
    name = re.sub(r"\s+of\s+\d+$", "", display_name.strip())
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    return slug[:1].lower() + slug[1:]


def _short_name(network: str) -> str:
    from inception_desktop.models import get_spec, list_models

    return get_spec(network).short_name if network in list_models() else network


def export_name(image_name: str, network: str, block_display: str,
                channel: int | None = None) -> str:
    """A readable default file name for an export."""
    stem = re.sub(r"[^\w.-]+", "_", image_name.rsplit(".", 1)[0]).strip("_") or "image"
    parts = [stem, _short_name(network), block_slug(block_display)]
    if channel is not None:
        parts.append(f"ch{channel}")
    return "_".join(parts) + ".png"


def png_text(meta: dict[str, str]) -> PngInfo:
    """PNG text chunks (tEXt, or iTXt where a value is not Latin-1) holding `meta`, with the
    app's name and version as the writer."""
    from inception_desktop import __version__

    png = PngInfo()
    for key, value in {**meta, "software": f"inception-desktop {__version__}"}.items():
        try:
            value.encode("latin-1")
            png.add_text(key, value)
        except UnicodeEncodeError:
            png.add_itxt(key, value)
    return png


def channel_image(block: np.ndarray, channel: int, colormap: str, normalization: str,
                  info: dict[str, str] | None = None) -> tuple[Image.Image, PngInfo]:
    """The channel at its own resolution (H x W pixels, one per position), coloured as the
    viewer shows it -> (image, PNG text chunks with the values' range and provenance)."""
    values = block[channel].astype(np.float32)
    scaled = normalized(block, normalization)[channel]
    img = Image.fromarray(colorize(scaled, colormap), "RGB")
    meta = {"channel": str(channel), "min": f"{values.min():.6g}", "max": f"{values.max():.6g}",
            "mean": f"{values.mean():.6g}", "colormap": colormap,
            "normalization": normalization, "size": f"{values.shape[1]}x{values.shape[0]}",
            **(info or {})}
    return img, png_text(meta)


ORDER_WORDS = {"index": "by channel number", "mean": "by mean activation",
               "max": "by highest activation"}


@dataclass(frozen=True)
class SheetWords:
    """The words of a sheet, English by default. A front-end passes its own (the window's
    are translated); the `{fields}` are filled here. A name missing from a mapping is shown
    as it is."""

    subtitle: str = ("{block}: {channels} channels of {width} × {height}, {normalization}, "
                     "ordered {order}")
    normalizations: Mapping[str, str] = field(default_factory=lambda: {
        "channel": "normalised per channel", "block": "normalised per block"})
    orders: Mapping[str, str] = field(default_factory=lambda: dict(ORDER_WORDS))
    scales: Mapping[str, str] = field(default_factory=lambda: {
        "channel": "lowest to highest of each channel's values ({colormap})",
        "block": "lowest to highest of the block's values ({colormap})"})
    colormaps: Mapping[str, str] = field(default_factory=dict)


def sheet_subtitle(block_path: str, channels: int, width: int, height: int,
                   normalization: str, order: str, words: SheetWords | None = None) -> str:
    """'Mixed_5b: 256 channels of 35 × 35, normalised per channel, ordered by mean
    activation'."""
    words = words or SheetWords()
    return words.subtitle.format(
        block=block_path, channels=channels, width=width, height=height,
        normalization=words.normalizations.get(normalization,
                                               f"normalised per {normalization}"),
        order=words.orders.get(order, f"by {order}"))


def grid_info(block: np.ndarray, colormap: str, normalization: str, order: str,
              info: dict[str, str] | None = None) -> PngInfo:
    """The grid sheet's PNG text chunks: what it shows and where it came from."""
    c, h, w = block.shape
    values = block.astype(np.float32)
    return png_text({"channels": str(c), "size": f"{w}x{h}", "min": f"{values.min():.6g}",
                     "max": f"{values.max():.6g}", "colormap": colormap,
                     "normalization": normalization, "order": order, **(info or {})})


@dataclass
class SheetText:
    title: str
    subtitle: str
    branches: list[tuple[str, int, int]]  # name, first channel, last channel + 1


FONT = "DejaVuSans.ttf"  # shipped in resources/ with its licence (DejaVuSans-LICENSE.txt)
# Hangul (and its punctuation), which DejaVu Sans lacks: the Noto Sans CJK KR subset the
# window ships draws it, with Latin, digits and the sheets' signs too.
KOREAN_FONT = "fonts/NotoSansKR-Subset.otf"
_HANGUL = ((0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xA960, 0xA97F),
           (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xFF00, 0xFFEF))


def has_hangul(text: str) -> bool:
    """Whether `text` holds a Hangul letter or a CJK sign (drawn in the Korean font)."""
    return any(lo <= ord(c) <= hi for c in text for lo, hi in _HANGUL)


def _font(size: int, text: str = "") -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """The shipped font for `text` at `size` px (the Korean one for a text with Hangul);
    Pillow's own only if the file is missing (a broken install), so an export is never lost
    for a font."""
    from inception_desktop.resource_files import resource_path

    for name in ([KOREAN_FONT] if has_hangul(text) else []) + [FONT]:
        try:
            return ImageFont.truetype(str(resource_path(name)), size)
        except (OSError, FileNotFoundError):
            pass
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def grid_sheet(block: np.ndarray, order: np.ndarray, colormap: str, normalization: str,
               text: SheetText, columns: int | None = None, min_tile: int = 48,
               words: SheetWords | None = None) -> Image.Image:
    """Every channel of a C x H x W block in `order`, each at an integer multiple of its
    resolution, numbered, with its branch marked under it, a legend and a colour bar (its
    caption in `words`)."""
    words = words or SheetWords()
    c, h, w = block.shape
    scale = max(1, -(-min_tile // max(h, w)))  # ceil: each tile at least min_tile pixels
    th, tw = h * scale, w * scale
    rgb = colorize(normalized(block, normalization), colormap)
    columns = columns or max(1, int(np.ceil(np.sqrt(len(order) * th / tw))))
    rows = int(np.ceil(len(order) / columns))
    font, small = _font(18, text.title), _font(12)
    sub_font = _font(12, text.subtitle)
    labels = [f"{name} ({start}-{stop - 1})" for name, start, stop in text.branches]
    label_fonts = [_font(12, label) for label in labels]
    scale_words = words.scales.get(normalization, SheetWords().scales.get(
        normalization, "{colormap}"))
    caption = scale_words.format(colormap=words.colormaps.get(colormap, colormap))
    caption_font = _font(12, caption)
    label_h, mark_h, gap, margin = 14, 4, 6, 16
    header_h = 70
    legend_h = 26 if text.branches else 0
    bar_h = 44
    cell_w, cell_h = tw + gap, th + mark_h + label_h + gap
    # Wide enough for every line of text (a sheet never cuts its own title or legend).
    legend_w = sum(30 + int(f.getlength(label)) for label, f in zip(labels, label_fonts,
                                                                        strict=True))
    text_w = max(int(font.getlength(text.title)), int(sub_font.getlength(text.subtitle)),
                 int(caption_font.getlength(caption)), legend_w)
    width = max(margin * 2 + columns * cell_w, 520, margin * 2 + text_w)
    height = header_h + legend_h + rows * cell_h + bar_h + margin
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    draw.text((margin, 12), text.title, fill="black", font=font)
    draw.text((margin, 40), text.subtitle, fill=(70, 70, 70), font=sub_font)
    branch_of = np.zeros(c, np.int64) - 1
    for i, (_, start, stop) in enumerate(text.branches):
        branch_of[start:stop] = i
    y0 = header_h
    if text.branches:
        x = margin
        for i, (label, label_font) in enumerate(zip(labels, label_fonts, strict=True)):
            colour = BRANCH_COLORS[i % len(BRANCH_COLORS)]
            draw.rectangle((x, y0 + 6, x + 14, y0 + 16), fill=colour)
            draw.text((x + 18, y0 + 4), label, fill="black", font=label_font)
            x += 30 + int(draw.textlength(label, font=label_font))
        y0 += legend_h
    for n, ch in enumerate(order):
        r, col = divmod(n, columns)
        x, y = margin + col * cell_w, y0 + r * cell_h
        tile = Image.fromarray(rgb[ch], "RGB").resize((tw, th), Image.Resampling.NEAREST)
        sheet.paste(tile, (x, y))
        if branch_of[ch] >= 0:
            colour = BRANCH_COLORS[branch_of[ch] % len(BRANCH_COLORS)]
            draw.rectangle((x, y + th + 1, x + tw - 1, y + th + mark_h), fill=colour)
        draw.text((x, y + th + mark_h + 1), str(int(ch)), fill="black", font=small)
    # The colour bar: what the colours mean.
    by = height - bar_h + 4
    lut = colorize(np.linspace(0, 1, 256)[None, :], colormap)[0]
    bar = Image.fromarray(np.repeat(lut[None], 12, axis=0).astype(np.uint8), "RGB").resize(
        (256, 12), Image.Resampling.NEAREST)
    sheet.paste(bar, (margin, by))
    draw.text((margin, by + 16), caption, fill=(70, 70, 70), font=caption_font)
    return sheet
