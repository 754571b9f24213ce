"""Folder data sets: one sub-folder per class (or train/ and val/, each so), scanned into a
report first: classes, counts, skipped files, the split."""

from __future__ import annotations

import hashlib
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from inception_desktop.engine.images import IMAGE_EXTENSIONS, MAX_PIXELS


class DatasetError(Exception):
    """The folder cannot be used for training; the message says why and what to do."""


@dataclass
class Sample:
    path: Path
    label: int
    split: str  # "train" or "val"


@dataclass
class ScanReport:
    root: Path
    classes: list[str]
    samples: list[Sample]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    ignored: int = 0  # hidden files and non-images
    explicit_split: bool = False  # train/ and val/ folders were given
    val_split: float = 0.2
    seed: int = 0

    def counts(self, split: str | None = None) -> dict[str, int]:
        out = dict.fromkeys(self.classes, 0)
        for s in self.samples:
            if split is None or s.split == split:
                out[self.classes[s.label]] += 1
        return out

    @property
    def small_classes(self) -> list[str]:
        """Classes with fewer than 2 images: too few to learn and to validate."""
        return [c for c, n in self.counts().items() if n < 2]

    def split_samples(self, split: str) -> list[Sample]:
        return [s for s in self.samples if s.split == split]

    def fingerprint(self) -> str:
        """A hash of the files (path, size, mtime), labels and split: a different data set, or
        the same one changed, gets another fingerprint."""
        h = hashlib.sha256()
        for s in sorted(self.samples, key=lambda s: str(s.path)):
            st = s.path.stat()
            h.update(f"{s.path.relative_to(self.root)}|{st.st_size}|{st.st_mtime_ns}|"
                     f"{self.classes[s.label]}|{s.split}\n".encode())
        return h.hexdigest()

    def summary(self) -> str:
        lines = [f"{len(self.classes)} classes, {len(self.samples)} images in {self.root}"
                 + (" (train/ and val/ folders)" if self.explicit_split else
                    f" (split {1 - self.val_split:.0%} / {self.val_split:.0%}, seed "
                    f"{self.seed})")]
        train, val = self.counts("train"), self.counts("val")
        width = max([len(c) for c in self.classes] + [5])
        lines.append(f"  {'class':<{width}}  train    val")
        for c in self.classes:
            flag = "  <- fewer than 2 images" if c in self.small_classes else ""
            lines.append(f"  {c:<{width}}  {train[c]:>5}  {val[c]:>5}{flag}")
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)} unreadable file(s):")
            lines += [f"    {f}: {why}" for f, why in self.skipped[:20]]
            if len(self.skipped) > 20:
                lines.append(f"    ... and {len(self.skipped) - 20} more")
        if self.ignored:
            lines.append(f"  ignored {self.ignored} hidden or non-image file(s)")
        return "\n".join(lines)


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.startswith("__")


def check_image(path: Path) -> str | None:
    """None when the file opens as an image, else why not (cheap: header and structure)."""
    try:
        if path.stat().st_size == 0:
            return "empty file"
        with Image.open(path) as img:
            if img.width * img.height > MAX_PIXELS:
                return "too many pixels (possible decompression bomb)"
            img.verify()
        return None
    except UnidentifiedImageError:
        return "not an image"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"corrupt ({str(exc).strip() or type(exc).__name__})"


def _class_files(folder: Path) -> tuple[dict[str, list[Path]], int]:
    classes: dict[str, list[Path]] = {}
    ignored = 0
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not _is_hidden(p)):
        files = []
        for dirpath, dirnames, filenames in os.walk(sub):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if _is_hidden(path) or path.suffix.lower() not in IMAGE_EXTENSIONS:
                    ignored += 1
                    continue
                files.append(path)
        classes[sub.name] = files
    return classes, ignored


def scan_folder(root: str | os.PathLike, val_split: float = 0.2, seed: int = 0) -> ScanReport:
    """Scan a data set folder; unreadable images are skipped and listed, never fatal."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise DatasetError(f"{root}: not a folder; give a folder with one sub-folder per class")
    if not 0.0 <= val_split < 1.0:
        raise DatasetError(f"--val-split must be in [0, 1), not {val_split}")
    explicit = (root / "train").is_dir() and (root / "val").is_dir()
    parts = {"train": root / "train", "val": root / "val"} if explicit else {"all": root}
    found: dict[str, dict[str, list[Path]]] = {}
    ignored = 0
    for split, folder in parts.items():
        found[split], n = _class_files(folder)
        ignored += n
    classes = sorted({c for per in found.values() for c in per})
    if len(classes) < 2:
        raise DatasetError(f"{root} has {len(classes)} class folder(s); fine-tuning needs at "
                           "least 2 sub-folders (one per class) with images in them")
    index = {c: i for i, c in enumerate(classes)}
    report = ScanReport(root, classes, [], explicit_split=explicit, val_split=val_split,
                        seed=seed)
    report.ignored = ignored
    for split, per_class in found.items():
        for cls, files in per_class.items():
            good = []
            for path in files:
                why = check_image(path)
                if why:
                    report.skipped.append((str(path.relative_to(root)), why))
                else:
                    good.append(path)
            if explicit:
                report.samples += [Sample(p, index[cls], split) for p in good]
            else:
                report.samples += _stratified(good, index[cls], val_split, seed, cls)
    if not report.samples:
        raise DatasetError(f"{root}: no readable images in the class folders")
    return report


def _stratified(files: list[Path], label: int, val_split: float, seed: int,
                cls: str) -> list[Sample]:
    """Seeded split per class: round(n * val_split) images to validation, at least one when
    the class has 2 or more images and a split was asked for."""
    rng = random.Random(f"{seed}:{cls}")
    order = list(files)
    rng.shuffle(order)
    n_val = round(len(order) * val_split)
    if val_split > 0 and len(order) >= 2:
        n_val = min(max(n_val, 1), len(order) - 1)
    else:
        n_val = 0
    return [Sample(p, label, "val" if i < n_val else "train") for i, p in enumerate(order)]
