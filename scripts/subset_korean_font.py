"""Make resources/fonts/NotoSansKR-Subset.otf, the Korean font the app ships, from Noto Sans CJK
(SIL Open Font License 1.1), so Korean text never renders as boxes on a machine without a
Korean font.

The subset keeps ASCII, Latin-1, the punctuation and symbols the window uses, the Hangul
compatibility jamo and the 2,350 Hangul syllables of KS X 1001 (every syllable of everyday
Korean text), plus any character of the translations (resources/i18n/*.ts) outside those.

    pip install fonttools           # not a dependency of the app: only this script needs it
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
    python scripts/subset_korean_font.py x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts" / "NotoSansKR-Subset.otf"


def ks_x_1001_syllables() -> set[int]:
    """The Hangul syllables EUC-KR (KS X 1001) encodes: the 2,350 in everyday use."""
    found = set()
    for code in range(0xAC00, 0xD7A4):
        try:
            chr(code).encode("euc_kr")
        except UnicodeEncodeError:
            continue
        found.add(code)
    return found


def wanted_characters() -> set[int]:
    codes = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    codes |= set(range(0x2010, 0x2070))  # general punctuation (… – — ‘ ’ “ ” •)
    codes |= set(range(0x2190, 0x2200))  # arrows (→ ↑ ↓)
    codes |= set(range(0x25A0, 0x2600))  # geometric shapes (▸ ▾ ●)
    codes |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation (「」 ·)
    codes |= set(range(0x3131, 0x318F))  # Hangul compatibility jamo
    codes |= {0x00D7, 0x2212, 0x2713, 0x2717, 0x00B7}
    codes |= ks_x_1001_syllables()
    for ts in (ROOT / "resources" / "i18n").glob("*.ts"):
        text = ts.read_text(encoding="utf-8")
        for translation in re.findall(r"<(?:translation|numerusform)[^>]*>(.*?)<", text, re.S):
            codes |= {ord(c) for c in translation if ord(c) >= 0x20}
    return codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc (or NotoSansKR-*.otf)")
    parser.add_argument("--font-number", type=int, default=1,
                        help="the face inside a .ttc (1 = Noto Sans CJK KR)")
    args = parser.parse_args()
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.font_number = args.font_number
    options.hinting = False  # Qt renders CFF outlines unhinted anyway; saves a third
    font = subset.load_font(str(args.source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted_characters()))
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(OUT), options)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
