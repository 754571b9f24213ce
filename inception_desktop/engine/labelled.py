"""A labelled folder for evaluation: its layout detected, each image's true class found.

Layouts:

- `imagenet`: one sub-folder per class named by its WordNet ID (`n01440764/...`), ImageNet's
  validation layout, mapped to the 1000 outputs in the sorted-synset order;
- `class-folders`: one sub-folder per class named by a label the model knows (an ImageNet
  class name or synonym, or a fine-tuned model's own class names);
- `labels-csv`: a flat folder and a CSV of `file,label` (label: WordNet ID, index or name);
- `kaggle-loc`: a flat folder and Kaggle's `LOC_val_solution.csv` (`ImageId,PredictionString`).

Sub-folders and label rows that name no class of the model are reported and skipped, never
counted as wrong.
"""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inception_desktop.engine.images import EXCLUDED_FOLDER, expand_paths, is_image_name
from inception_desktop.errors import DatasetError, UsageError, cause, msg
from inception_desktop.fileio import check_regular_file, named
from inception_desktop.labels import WNID_RE, LabelMatcher

LAYOUTS = ("imagenet", "class-folders", "labels-csv", "kaggle-loc")


@dataclass
class LabelledImage:
    path: Path
    label: int  # index into the model's outputs
    text: str  # the label as the data set writes it


@dataclass
class LabelledSet:
    root: Path
    layout: str
    images: list[LabelledImage]
    classes: int  # distinct true classes present
    skipped_folders: list[str] = field(default_factory=list)  # names of no class
    skipped_rows: list[tuple[str, str]] = field(default_factory=list)  # (entry, why)
    unreadable: list[str] = field(default_factory=list)  # folders that could not be listed
    limited_from: int | None = None  # the size before --limit

    def describe(self) -> str:
        return msg("{root}: {contents}", root=self.root, contents=self.contents())

    def contents(self) -> str:
        """Its layout and size: "one folder per class; 60 images of 3 classes"."""
        what = {"imagenet": msg("ImageNet validation layout (one folder per WordNet ID)"),
                "class-folders": msg("one folder per class"),
                "labels-csv": msg("a flat folder with a labels CSV"),
                "kaggle-loc": msg("a flat folder with Kaggle's LOC_val_solution.csv")}[self.layout]
        n = len(self.images)
        images = msg("{n} image", n=n) if n == 1 else msg("{n} images", n=n)
        classes = msg("{n} class", n=self.classes) if self.classes == 1 else \
            msg("{n} classes", n=self.classes)
        if self.limited_from:
            return msg("{layout}; {images} of {classes} (a seeded sample of {total})",
                       layout=what, images=images, classes=classes, total=self.limited_from)
        return msg("{layout}; {images} of {classes}", layout=what, images=images,
                   classes=classes)


def _is_hidden(name: str) -> bool:
    """Hidden, or images removed from training by the folder check."""
    return name.startswith(".") or name.startswith("__") or name == EXCLUDED_FOLDER


def _subfolders(root: Path) -> list[Path]:
    try:
        return sorted(p for p in root.iterdir() if p.is_dir() and not _is_hidden(p.name))
    except OSError as exc:
        raise DatasetError(msg("{file}: cannot be read ({reason})", file=named(root),
                               reason=exc.strerror or str(exc))) from None


def detect_layout(root: Path, labels_file: Path | None) -> str:
    if labels_file is not None:
        try:
            with open(labels_file, encoding="utf-8-sig", newline="") as f:
                first = f.readline().strip().lower()
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(msg("{file}: cannot be read as text ({reason})",
                                   file=named(labels_file),
                                   reason=getattr(exc, 'strerror', None) or str(exc))) from None
        return "kaggle-loc" if first.replace(" ", "") == "imageid,predictionstring" \
            else "labels-csv"
    subs = _subfolders(root)
    if not subs:
        raise UsageError(msg("{root} has no class sub-folders: give a folder with one sub-folder "
                             "per class, or the labels of a flat folder with --labels FILE",
                             root=named(root)))
    wnids = sum(1 for s in subs if WNID_RE.match(s.name))
    if wnids and wnids * 2 >= len(subs):  # a stray folder or two does not change the layout
        return "imagenet"
    return "class-folders"


def _from_folders(root: Path, matcher: LabelMatcher, out: LabelledSet) -> None:
    for sub in _subfolders(root):
        label = matcher.match(sub.name)
        if label is None:
            out.skipped_folders.append(sub.name)
            continue
        for path in expand_paths([sub], recursive=True, unreadable=out.unreadable,
                                 skip=frozenset({EXCLUDED_FOLDER})):
            out.images.append(LabelledImage(path, label, sub.name))


def _rows(labels_file: Path, layout: str) -> list[tuple[str, str]]:
    """(file entry, label text) of each row; a header row is recognised and skipped."""
    try:
        with open(labels_file, encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(msg("{file}: cannot be read as CSV ({reason})", file=named(labels_file),
                               reason=cause(exc))) from None
    if not rows:
        raise DatasetError(msg("{file} holds no rows", file=named(labels_file)))
    header = [c.strip().lower() for c in rows[0]]
    if layout == "kaggle-loc" or header[:2] in (["file", "label"], ["filename", "label"],
                                                ["image", "label"], ["path", "label"]):
        rows = rows[1:]
    out = []
    for row in rows:
        if len(row) < 2:
            out.append((",".join(row), ""))
            continue
        label = row[1].strip()
        if layout == "kaggle-loc":  # "n01751748 x y x y n01751748 ..." -> the first WordNet ID
            label = label.split()[0] if label.split() else ""
        out.append((row[0].strip(), label))
    return out


def _from_csv(root: Path, labels_file: Path, layout: str, matcher: LabelMatcher,
              out: LabelledSet) -> None:
    files = [p for p in expand_paths([root], recursive=True, unreadable=out.unreadable)]
    by_rel = {p.relative_to(root).as_posix(): p for p in files}
    by_name: dict[str, Path | None] = {}
    by_stem: dict[str, Path | None] = {}
    for p in files:  # a name that two files share matches neither
        by_name[p.name] = None if p.name in by_name else p
        by_stem[p.stem] = None if p.stem in by_stem else p
    seen: set[Path] = set()
    for entry, text in _rows(labels_file, layout):
        if not text:
            out.skipped_rows.append((entry, msg("no label")))
            continue
        path = by_rel.get(entry.replace("\\", "/")) or by_name.get(entry) or \
            by_stem.get(entry) or by_stem.get(Path(entry).stem)
        if path is None:
            candidate = Path(entry)
            if candidate.is_absolute() and candidate.is_file() and is_image_name(candidate):
                path = candidate
        if path is None:
            out.skipped_rows.append((entry, msg("no such image in the folder")))
            continue
        label = matcher.match(text)
        if label is None:
            out.skipped_rows.append((entry, msg("label {label!r} is no class of the model",
                                                label=text)))
            continue
        if path in seen:
            out.skipped_rows.append((entry, msg("listed twice")))
            continue
        seen.add(path)
        out.images.append(LabelledImage(path, label, text))


class NoMatchingLabels(DatasetError):
    """The folder (or labels file) names none of a model's classes: that model cannot be
    evaluated here, others may. `reason` is the message without the folder's path."""

    def __init__(self, root: Path, reason: str) -> None:
        super().__init__(msg("{root}: {reason}", root=root, reason=reason))
        self.reason = reason
        self.root = root

    def __reduce__(self) -> tuple[Any, ...]:  # errors cross processes pickled
        return (type(self), (self.root, self.reason))


def read_labelled(data: str | os.PathLike[str], labels: list[str], imagenet: bool,
                  labels_file: str | os.PathLike[str] | None = None,
                  limit: int | None = None, seed: int = 0) -> LabelledSet:
    """Read a labelled folder for a model with these output `labels`."""
    root = Path(data).expanduser()
    if not root.is_dir():
        raise DatasetError(msg("{folder}: not a folder", folder=named(root)))
    lf = Path(labels_file).expanduser() if labels_file is not None else None
    if lf is not None:  # a regular file only: a pipe or a device could block or never end
        check_regular_file(lf, "--labels", UsageError)
    layout = detect_layout(root, lf)
    matcher = LabelMatcher(labels, imagenet)
    out = LabelledSet(root, layout, [], 0)
    if lf is not None:
        _from_csv(root, lf, layout, matcher, out)
    else:
        _from_folders(root, matcher, out)
    if not out.images:
        if out.skipped_folders:
            why = msg("no sub-folder names a class of the model (skipped: {folders})",
                      folders=", ".join(out.skipped_folders[:5]))
        elif out.skipped_rows:  # say why each row was left out, not only that all were
            rows = len(out.skipped_rows)
            details = "; ".join(f"{e!r}: {r}" for e, r in out.skipped_rows[:3]) + \
                ("; ..." if rows > 3 else "")
            if rows == 1:
                why = msg("none of the {rows} row of {file} could be used ({details})",
                          rows=rows, file=lf, details=details)
            else:
                why = msg("none of the {rows} rows of {file} could be used ({details})",
                          rows=rows, file=lf, details=details)
        else:
            why = msg("no labelled images")
        raise NoMatchingLabels(root, why)
    out.images.sort(key=lambda i: str(i.path))
    if limit is not None and limit < len(out.images):
        out.limited_from = len(out.images)
        chosen = random.Random(seed).sample(range(len(out.images)), limit)
        out.images = [out.images[i] for i in sorted(chosen)]
    out.classes = len({i.label for i in out.images})
    return out
