"""Folder data sets: one sub-folder per class (or train/ and val/, each so), scanned into a
report first: classes, counts, skipped files, the split."""

from __future__ import annotations

import hashlib
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from inception_desktop.engine.images import (
    EXCLUDED_FOLDER,
    IMAGE_EXTENSIONS,
    MAX_PIXELS,
    decoder_problem,
    unidentified_problem,
)
from inception_desktop.errors import DatasetError, msg
from inception_desktop.fileio import named

FEW_IMAGES = 5  # fewer images in a class than this: it trains, but too few to learn well

__all__ = ["DatasetError", "Sample", "ScanReport", "scan_folder", "check_image"]


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

    @property
    def few_classes(self) -> list[str]:
        """Classes with fewer than FEW_IMAGES images: they train, but too few to learn well
        or to check (2 images are 1 to train and 1 to validate)."""
        return [c for c, n in self.counts().items() if n < FEW_IMAGES]

    def without(self, names: list[str] | tuple[str, ...]) -> ScanReport:
        """The same folder with the classes `names` left out (their images unused)."""
        if not names:
            return self
        keep = [c for c in self.classes if c not in set(names)]
        if len(keep) < 2:
            raise DatasetError(msg("{root}: leaving out {names} leaves {count} class(es); "
                                   "fine-tuning needs at least 2",
                                   root=self.root, names=', '.join(names), count=len(keep)))
        index = {c: i for i, c in enumerate(keep)}
        samples = [Sample(s.path, index[self.classes[s.label]], s.split) for s in self.samples
                   if self.classes[s.label] in index]
        return ScanReport(self.root, keep, samples, list(self.skipped), self.ignored,
                          self.explicit_split, self.val_split, self.seed)

    @property
    def untrainable_classes(self) -> list[str]:
        """Classes with no training image at all (the network cannot learn them)."""
        return [c for c, n in self.counts("train").items() if n == 0]

    @property
    def colliding_classes(self) -> list[list[str]]:
        """Class names equal but for case ("Cat", "cat"): one folder on Windows and macOS."""
        groups: dict[str, list[str]] = {}
        for c in self.classes:
            groups.setdefault(c.casefold(), []).append(c)
        return [g for g in groups.values() if len(g) > 1]

    def warnings(self) -> list[str]:
        """What a person should fix before trusting the result, one line each."""
        out = []
        for c in self.untrainable_classes:
            out.append(msg("class {name!r} has no training image: the model cannot learn it",
                           name=c))
        for c in self.small_classes:
            if c not in self.untrainable_classes:
                out.append(msg("class {name!r} has fewer than 2 images: too few to learn and "
                               "check", name=c))
        for group in self.colliding_classes:
            out.append(msg("class names {names} differ only by case: they are one folder on "
                           "Windows and macOS; rename one",
                           names=", ".join(repr(c) for c in group)))
        return out

    def split_samples(self, split: str) -> list[Sample]:
        return [s for s in self.samples if s.split == split]

    def fingerprint(self) -> str:
        """A hash of the files (path, size, mtime), labels and split: a different data set, or
        the same one changed, gets another fingerprint."""
        h = hashlib.sha256()
        for s in sorted(self.samples, key=lambda s: str(s.path)):
            try:
                st = s.path.stat()
                sig = f"{st.st_size}|{st.st_mtime_ns}"
            except OSError:
                sig = "gone"
            h.update(f"{s.path.relative_to(self.root)}|{sig}|"
                     f"{self.classes[s.label]}|{s.split}\n".encode())
        return h.hexdigest()

    def summary(self) -> str:
        return "\n".join(self.summary_lines())

    def summary_lines(self) -> list[str]:
        """`summary` line by line: its sentences are messages (`errors.msg`) a window shows
        in its language; the table's rows are as they are."""
        if self.explicit_split:
            lines = [msg("{classes} classes, {images} images in {root} (train/ and val/ "
                         "folders)", classes=len(self.classes), images=len(self.samples),
                         root=self.root)]
        else:
            lines = [msg("{classes} classes, {images} images in {root} (split {train:.0%} / "
                         "{val:.0%}, seed {seed})", classes=len(self.classes),
                         images=len(self.samples), root=self.root, train=1 - self.val_split,
                         val=self.val_split, seed=self.seed)]
        train, val = self.counts("train"), self.counts("val")
        width = max([len(c) for c in self.classes] + [5])
        lines.append(f"  {'class':<{width}}  {'train':>5}  {'val':>5}")
        for c in self.classes:
            row = f"  {c:<{width}}  {train[c]:>5}  {val[c]:>5}"
            if c in self.untrainable_classes:
                row = msg("{row}  <- no training image", row=row)
            elif c in self.small_classes:
                row = msg("{row}  <- fewer than 2 images", row=row)
            lines.append(row)
        for group in self.colliding_classes:
            lines.append(msg("  warning: {names} differ only by case", names=", ".join(group)))
        if self.skipped:
            n = len(self.skipped)
            lines.append(msg("  skipped {n} unreadable file:", n=n) if n == 1 else
                         msg("  skipped {n} unreadable files:", n=n))
            lines += [msg("    {file}: {reason}", file=f, reason=why)
                      for f, why in self.skipped[:20]]
            if len(self.skipped) > 20:
                lines.append(msg("    ... and {n} more", n=len(self.skipped) - 20))
        if self.ignored:
            lines.append(msg("  ignored {n} hidden or non-image file", n=self.ignored)
                         if self.ignored == 1 else
                         msg("  ignored {n} hidden or non-image files", n=self.ignored))
        return lines


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.startswith("__")


def _is_skipped_folder(name: str) -> bool:
    """Hidden folders, and `_excluded` ones: images removed from training by the folder check
    (moved beside where they were, never deleted)."""
    return name.startswith(".") or name.startswith("__") or name == EXCLUDED_FOLDER


def check_image(path: Path) -> str | None:
    """None when the file opens as an image, else why not (cheap: header and structure).
    Whatever the decoder raises is this file's problem, never the scan's."""
    import warnings

    try:
        if path.stat().st_size == 0:
            return msg("empty file (0 bytes)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.width * img.height > MAX_PIXELS:
                    return msg("{width} x {height} pixels is over the limit of {limit:,} (a "
                               "possible decompression bomb)", width=img.width, height=img.height,
                               limit=MAX_PIXELS)
                img.verify()
        return None
    except UnidentifiedImageError:
        try:
            with open(path, "rb") as f:
                return unidentified_problem(f)
        except OSError:
            return msg("not an image, or a format Pillow cannot read")
    except PermissionError:
        return msg("permission denied")
    except Exception as exc:  # any decoder failure: in the words the gallery uses too
        return decoder_problem(exc)


def _class_files(folder: Path) -> tuple[dict[str, list[Path]], int]:
    classes: dict[str, list[Path]] = {}
    ignored = 0
    try:
        subs = sorted(p for p in folder.iterdir() if p.is_dir() and not _is_skipped_folder(p.name))
    except OSError as exc:
        raise DatasetError(msg("{file}: cannot be read ({reason})", file=named(folder),
                               reason=exc.strerror or str(exc))) from None
    for sub in subs:
        files = []
        for dirpath, dirnames, filenames in os.walk(sub):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and
                                 d != EXCLUDED_FOLDER)
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
        raise DatasetError(msg("{root}: not a folder; give a folder with one sub-folder per class",
                               root=named(root)))
    if not 0.0 <= val_split < 1.0:
        from inception_desktop.errors import UsageError

        raise UsageError(msg("--val-split must be in [0, 1), not {val_split}", val_split=val_split))
    explicit = (root / "train").is_dir() and (root / "val").is_dir()
    parts = {"train": root / "train", "val": root / "val"} if explicit else {"all": root}
    found: dict[str, dict[str, list[Path]]] = {}
    ignored = 0
    for split, folder in parts.items():
        found[split], n = _class_files(folder)
        ignored += n
    classes = sorted({c for per in found.values() for c in per})
    if len(classes) < 2:
        raise DatasetError(msg("{root} has {count} class folder(s); fine-tuning needs at "
                               "least 2 sub-folders (one per class) with images in them",
                               root=named(root), count=len(classes)))
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
        raise DatasetError(msg("{root}: no readable images in the class folders", root=named(root)))
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
