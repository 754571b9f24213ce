"""Checking a folder before training on it: suspected label errors, exact and near
duplicates (and whether they cross classes or train/val), outliers and odd files.

Every step works on the pooled features the feature cache already keeps (computed with the
prefetching pipeline when missing), so a second check of the same folder, after moving files
too, computes nothing new:

- label errors: k-fold out-of-fold probabilities from the head trainer, then confident
  learning (label_issues.py);
- exact duplicates: files of equal size hashed (sha256), equal hashes grouped;
- near duplicates: cosine similarity of standardised features (neighbours.py), at a threshold
  calibrated on copies of the folder's own images (resized and recompressed, cropped);
  grouped with the exact ones;
- outliers: images far from every class: for each class, the mean distance to the image's
  nearest images of that class, against what is typical for the class's own images (a robust
  z-score: median and median absolute deviation); and odd files: unreadable, tiny, nearly
  one colour, extreme aspect ratios.

Images a person kept (the review's Keep) are not flagged again.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.errors import Cancelled, DatasetError, Message, cause, msg
from inception_desktop.fileio import atomic_write_json, file_sha256
from inception_desktop.models import default_network
from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.training.dataset import Sample, ScanReport, scan_folder
from inception_desktop.training.neighbours import (
    DEFAULT_MEMORY_MB,
    Calibration,
    calibrate,
    search,
    standardize,
)
from inception_desktop.training.review import FileStamp, Review, is_kept, keep_key

NEIGHBOURS = 5  # an image's distance to a class: its mean distance to this many of it
OUTLIER_Z = 4.0  # the robust z-score (to the nearest class) past which an image is an outlier
TINY_SIDE = 32  # pixels: a shorter side below this is tiny (the networks see 299)
EXTREME_ASPECT = 4.0  # longer side over shorter side: the centre crop keeps a quarter or less
NEAR_CONSTANT = 3.0  # the largest channel's standard deviation (0-255) of a nearly blank image
MAX_SCORE = 100.0  # the score of an unreadable file (certain), and the cap of the others
CALIBRATION_COPIES = 64


@dataclass(frozen=True)
class LabelIssue:
    file: str  # relative to the data folder
    given: str
    suggested: str
    score: float  # 1 - the out-of-fold probability of the given class: higher, likelier


@dataclass(frozen=True)
class DuplicateGroup:
    files: tuple[str, ...]
    similarity: float  # the weakest link of the group (1.0: identical files)
    crosses_classes: bool
    crosses_split: bool


@dataclass(frozen=True)
class Outlier:
    file: str
    reason: str
    score: float  # how far past its limit (>= 1; unreadable files: MAX_SCORE)


@dataclass(frozen=True)
class FileEntry:
    """A file of the checked folder as the check saw it."""

    cls: str  # its class folder ("" when unreadable outside one)
    split: str  # "train" or "val"
    stamp: FileStamp | None


@dataclass
class InspectConfig:
    data_dir: str
    model: str | None = field(default_factory=default_network)  # with weights=None
    weights: str | None = None
    random_weights: bool = False
    backend: str = "auto"
    device: str = "auto"
    val_split: float = 0.2  # for folders without train/ and val/: finetune's default split
    seed: int = 0
    batch_size: int = 8
    memory_mb: float = DEFAULT_MEMORY_MB
    copies: int = CALIBRATION_COPIES
    threshold: float | None = None  # near-duplicate similarity; None: calibrated


@dataclass
class FolderInspection:
    """The check's result; `to_json` is the report (paths relative to the data folder, each
    list most likely first)."""

    root: Path
    network: str
    weights: dict[str, Any]
    images: int
    classes: list[str]
    label_issues: list[LabelIssue] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    outliers: list[Outlier] = field(default_factory=list)
    entries: dict[str, FileEntry] = field(default_factory=dict)
    explicit_split: bool = False
    calibration: Calibration | None = None
    features_computed: int = 0
    features_cached: int = 0
    kept_back: int = 0  # flagged items a person kept before
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "network": self.network,
            "weights": self.weights,
            "images": self.images,
            "classes": self.classes,
            "label_issues": [{"file": i.file, "given": i.given, "suggested": i.suggested,
                              "score": round(i.score, 6)} for i in self.label_issues],
            "duplicates": [{"files": list(g.files), "similarity": round(g.similarity, 6),
                            "crosses_classes": g.crosses_classes,
                            "crosses_split": g.crosses_split} for g in self.duplicates],
            "outliers": [{"file": o.file, "reason": o.reason, "score": round(o.score, 6)}
                         for o in self.outliers],
        }

    def summary(self) -> str:
        leaks = sum(g.crosses_split for g in self.duplicates)
        contradictions = sum(g.crosses_classes for g in self.duplicates)
        return msg("{images} images of {classes} classes: {label_issues} suspected label "
                   "errors, {duplicates} duplicate groups ({contradictions} across classes, "
                   "{leaks} across train/val), {outliers} outliers", images=self.images,
                   classes=len(self.classes), label_issues=len(self.label_issues),
                   duplicates=len(self.duplicates), contradictions=contradictions, leaks=leaks,
                   outliers=len(self.outliers))


def _without_file(why: str, file: str) -> str:
    """A file's problem without its leading "FILE: " (a message stays a message)."""
    if isinstance(why, Message):
        named_first = re.match(r"\{(\w+)\}: ", why.template)
        if named_first and str(why.fields.get(named_first.group(1))) == file:
            return Message(why.template[named_first.end():], why.fields)
    return why.removeprefix(f"{file}: ")


def inspect_folder(config: InspectConfig, state: TaskState | None = None
                   ) -> FolderInspection:
    """Check the folder (the one task handle: progress, cancel) -> the result."""
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.engine.registry import choose_backend
    from inception_desktop.weights.resolve import resolve_weights

    state = ensure_state(state)
    started = time.perf_counter()
    # Mistakes in the choices fail before the folder is read.
    choice = resolve_weights(config.model, config.weights, config.random_weights)
    choose_backend(config.backend, config.device)
    scan = scan_folder(config.data_dir, config.val_split, config.seed)
    state.status(msg("checking {count} images of {root}",
                     count=len(scan.samples) + len(scan.skipped), root=scan.root))
    predictor = Predictor(choice=choice, backend=config.backend, device=config.device,
                          state=state)
    try:
        return _inspect(config, scan, predictor, state, started)
    finally:
        predictor.close()


def _inspect(config: InspectConfig, scan: ScanReport, predictor: Any, state: TaskState,
             started: float) -> FolderInspection:
    from inception_desktop.training.features import extract_features

    root = scan.root.resolve()
    rel = {s.path: s.path.relative_to(scan.root).as_posix() for s in scan.samples}
    out = FolderInspection(root, predictor.network, predictor.choice.identity(),
                           len(scan.samples) + len(scan.skipped), list(scan.classes),
                           explicit_split=scan.explicit_split)
    odd = _add_entries(out, scan, rel)

    t0 = time.perf_counter()
    try:
        feats = extract_features(predictor, [s.path for s in scan.samples],
                                 batch_size=config.batch_size, state=state)
    except Cancelled:
        raise Cancelled(msg("cancelled while computing features (those computed are "
                            "cached)")) from None
    for file, why in feats.failed:
        path = Path(file)
        key = rel.get(path, path.as_posix())
        odd[key] = (msg("unreadable: {reason}", reason=_without_file(why, file)), MAX_SCORE)
    samples = [s for s in scan.samples if (s.path, 0) in feats.vectors]
    out.features_computed, out.features_cached = feats.computed, feats.cached
    files = [rel[s.path] for s in samples]
    labels = np.array([s.label for s in samples], dtype=int)
    raw = np.stack([feats.vectors[(s.path, 0)] for s in samples]) if samples else \
        np.zeros((0, predictor.spec.num_features), np.float32)
    feats.vectors.clear()  # the stacked copy is kept: at 100,000 images each is 800 MB
    x = standardize(raw) if len(raw) else raw
    out.seconds["features"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    state.status(msg("looking for odd files and identical copies"))
    for file, reason in _odd_files(root, [s.path for s in samples], rel, state).items():
        odd.setdefault(file, reason)
    exact = _exact_groups([s.path for s in samples], state)
    out.seconds["files"] = time.perf_counter() - t0

    # The near-duplicate threshold, from copies of a seeded sample of the folder's images.
    t0 = time.perf_counter()
    threshold, calibration = _threshold(config, predictor, samples, x, raw, exact, out, state)
    out.calibration = calibration
    out.seconds["calibration"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    found = search(x, threshold, labels, NEIGHBOURS, config.memory_mb, state)
    if found.truncated:
        out.notes.append(msg("more near-duplicate pairs than can be listed: the most similar "
                             "were kept (the images of this folder are very alike)"))
    out.seconds["search"] = time.perf_counter() - t0

    splits = {f: out.entries[f].split for f in files}
    classes = {f: out.entries[f].cls for f in files}
    out.duplicates = _groups(files, exact, found.pairs, found.pair_similarity, classes,
                             splits)

    t0 = time.perf_counter()
    counts = np.bincount(labels, minlength=len(scan.classes)) if len(labels) else \
        np.zeros(len(scan.classes), int)
    if len(samples) >= 4:
        out.label_issues.extend(_label_issues(x, labels, counts, files, scan.classes,
                                              config.seed, state))
    out.seconds["labels"] = time.perf_counter() - t0

    far = _far_from_every_class(found.class_similarity, labels)
    outliers = {file: reason for file, reason in odd.items()}
    for i, score in far.items():
        outliers.setdefault(files[i], (msg("far from every class"), score))
    out.outliers = sorted((Outlier(f, r, s) for f, (r, s) in outliers.items()),
                          key=lambda o: (-o.score, o.file))
    _leave_out_kept(out)
    out.seconds["total"] = time.perf_counter() - started
    return out


def _add_entries(out: FolderInspection, scan: ScanReport,
                 rel: dict[Path, str]) -> dict[str, tuple[str, float]]:
    """Each file's class, split and stamp into `out` -> the files the scan could not read
    (relative name -> (reason, score))."""
    root = out.root
    for s in scan.samples:
        try:
            stamp: FileStamp | None = FileStamp.of(s.path)
        except OSError:
            stamp = None
        out.entries[rel[s.path]] = FileEntry(scan.classes[s.label], s.split, stamp)
    odd: dict[str, tuple[str, float]] = {}
    for file, why in scan.skipped:
        odd[Path(file).as_posix()] = (msg("unreadable: {reason}", reason=why), MAX_SCORE)
        out.entries.setdefault(Path(file).as_posix(), _entry_of(root, Path(file), scan))
    return odd


def _threshold(config: InspectConfig, predictor: Any, samples: list[Sample], x: np.ndarray,
               raw: np.ndarray, exact: list[list[int]], out: FolderInspection,
               state: TaskState) -> tuple[float, Calibration | None]:
    """The near-duplicate threshold -> (it, its calibration): the one asked for, else
    calibrated on copies of a seeded sample of the folder's images (their features counted
    in `out`), else 0.95 for a folder too small to calibrate on."""
    if config.threshold is not None:
        return config.threshold, None
    if len(samples) < 2 or config.copies <= 0:
        return 0.95, None
    copies = _copy_features(config, predictor, samples, out, state)
    used = sorted(copies)
    same_of = {i: set(g) for g in exact for i in g}
    calibration = calibrate(x[used], standardize(np.stack([copies[i] for i in used]), raw)
                            if used else x[:0], x, [same_of.get(i, {i}) for i in used])
    return calibration.threshold, calibration


def _copy_features(config: InspectConfig, predictor: Any, samples: list[Sample],
                   out: FolderInspection, state: TaskState) -> dict[int, np.ndarray]:
    """The features of copies (resized, cropped, both: each recompressed) of a seeded sample
    of the images -> image index -> its copy's features."""
    from inception_desktop.training.features import COPY_VIEW, extract_features

    # The sample, and the kind of copy of each, follow from the file names: moving or
    # removing files leaves the others' copies (cached) in the sample.
    ranks = [int(hashlib.sha256(f"{config.seed}|{s.path.name}".encode()).hexdigest()[:12],
                 16) for s in samples]
    chosen = sorted(range(len(samples)), key=lambda i: ranks[i])[:config.copies]
    copies: dict[int, np.ndarray] = {}
    for kind in range(3):  # resized, cropped, both: each recompressed
        part = [i for i in chosen if ranks[i] % 3 == kind]
        got = extract_features(predictor, [samples[i].path for i in part],
                               views=[COPY_VIEW + kind], batch_size=config.batch_size,
                               state=state)
        out.features_computed += got.computed
        out.features_cached += got.cached
        for i in part:
            vector = got.vectors.get((samples[i].path, COPY_VIEW + kind))
            if vector is not None:
                copies[i] = vector
    return copies


def _label_issues(x: np.ndarray, labels: np.ndarray, counts: np.ndarray, files: list[str],
                  classes: list[str], seed: int, state: TaskState) -> list[LabelIssue]:
    """Suspected label errors: confident learning on k-fold out-of-fold probabilities."""
    from inception_desktop.training.label_issues import (
        find_label_issues,
        out_of_fold_probabilities,
    )

    probs = out_of_fold_probabilities(x, labels, len(classes), seed=seed, state=state)
    issues = []
    for suspect in find_label_issues(labels, probs):
        if counts[suspect.given] < 2:
            continue  # a class of one image cannot be judged
        issues.append(LabelIssue(files[suspect.index], classes[suspect.given],
                                 classes[suspect.suggested], 1.0 - suspect.self_confidence))
    return issues


def _entry_of(root: Path, rel: Path, scan: ScanReport) -> FileEntry:
    """An unreadable file's class and split, from its place in the folder."""
    parts = rel.parts
    if scan.explicit_split and len(parts) >= 3:
        return FileEntry(parts[1], parts[0], None)
    return FileEntry(parts[0] if len(parts) >= 2 else "", "train", None)


# ---------------------------------------------------------------------- odd files

def _image_facts(path: Path) -> tuple[int, int, float]:
    """(width, height, the largest standard deviation of a colour channel, 0-255), decoding
    a reduced image (yellow on white is nearly one grey, not one colour)."""
    from PIL import Image

    with Image.open(path) as img:
        width, height = img.size
        img.draft("RGB", (64, 64))  # JPEG decodes at a fraction of its size
        small = img.convert("RGB")
        small.thumbnail((64, 64))
        spread = np.asarray(small, dtype=np.float32).reshape(-1, 3).std(axis=0).max()
        return width, height, float(spread)


def _facts_cache(root: Path) -> Path:
    from inception_desktop.paths import data_subdir

    name = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return data_subdir("features") / "image-facts" / f"{name}.json"


def _odd_files(root: Path, paths: list[Path], rel: dict[Path, str], state: TaskState
               ) -> dict[str, tuple[str, float]]:
    """Tiny, nearly one colour, extreme aspect ratios -> file: (reason, score). The facts
    are cached by file name, size and mtime (a moved file keeps them)."""
    from inception_desktop.engine.pipeline import ordered_map

    cache_file = _facts_cache(root)
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
        if not isinstance(cache, dict):
            cache = {}
    except (OSError, ValueError):
        cache = {}
    keys: dict[Path, str] = {}
    for path in paths:
        try:
            st = path.stat()
            keys[path] = f"{path.name}|{st.st_size}|{st.st_mtime_ns}"
        except OSError:
            continue
    facts: dict[Path, tuple[int, int, float]] = {}
    todo = []
    for path, key in keys.items():
        entry = cache.get(key)
        if isinstance(entry, list) and len(entry) == 3:
            facts[path] = (int(entry[0]), int(entry[1]), float(entry[2]))
        else:
            todo.append(path)
    for outcome in ordered_map(_image_facts, todo, state=state):
        if outcome.result is not None:
            facts[outcome.item] = outcome.result
    fresh = {keys[p]: list(f) for p, f in facts.items()}
    if fresh != cache:
        try:
            atomic_write_json(cache_file, fresh)
        except OSError:
            pass  # a cache that cannot be written costs time next check, nothing else
    out: dict[str, tuple[str, float]] = {}
    for path, (width, height, spread) in facts.items():
        short, long = min(width, height), max(width, height)
        if spread < NEAR_CONSTANT:
            out[rel[path]] = (msg("nearly one colour"),
                              min(MAX_SCORE, NEAR_CONSTANT / max(spread, NEAR_CONSTANT / 99)))
        elif short < TINY_SIDE:
            out[rel[path]] = (msg("tiny ({width} x {height} pixels)", width=width, height=height),
                              min(MAX_SCORE, TINY_SIDE / max(short, 1)))
        elif long / max(short, 1) > EXTREME_ASPECT:
            ratio = long / max(short, 1)
            out[rel[path]] = (msg("extreme aspect ratio ({ratio:.1f} : 1)", ratio=ratio),
                              min(MAX_SCORE, ratio / EXTREME_ASPECT))
    return out


# ---------------------------------------------------------------------- duplicates

def _exact_groups(paths: list[Path], state: TaskState) -> list[list[int]]:
    """Indexes of byte-identical files, grouped (only files of equal size are hashed)."""
    by_size: dict[int, list[int]] = {}
    for i, path in enumerate(paths):
        try:
            by_size.setdefault(path.stat().st_size, []).append(i)
        except OSError:
            continue
    groups = []
    for members in by_size.values():
        if len(members) < 2:
            continue
        by_hash: dict[str, list[int]] = {}
        for i in members:
            state.check()
            try:
                by_hash.setdefault(file_sha256(paths[i]), []).append(i)
            except OSError:
                continue
        groups += [g for g in by_hash.values() if len(g) > 1]
    return groups


def _groups(files: list[str], exact: list[list[int]], pairs: np.ndarray,
            similarity: np.ndarray, classes: dict[str, str], splits: dict[str, str]
            ) -> list[DuplicateGroup]:
    """Exact groups and near pairs joined into groups (single linkage); each group's
    similarity is its weakest link."""
    parent = list(range(len(files)))
    weakest: dict[int, float] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int, sim: float) -> None:
        ra, rb = find(a), find(b)
        low = min(sim, weakest.get(ra, 1.0), weakest.get(rb, 1.0)) if ra != rb else \
            min(sim, weakest.get(ra, 1.0))
        if ra != rb:
            parent[rb] = ra
        weakest[ra] = low

    for group in exact:
        for other in group[1:]:
            join(group[0], other, 1.0)
    order = np.argsort(-similarity, kind="stable")  # strongest links first
    for p in order:
        a, b = int(pairs[p, 0]), int(pairs[p, 1])
        if find(a) != find(b):
            join(a, b, min(float(similarity[p]), 1.0))
    members: dict[int, list[int]] = {}
    for i in range(len(files)):
        members.setdefault(find(i), []).append(i)
    out = []
    for r, group in members.items():
        if len(group) < 2:
            continue
        names = sorted(files[i] for i in group)
        out.append(DuplicateGroup(tuple(names), weakest.get(r, 1.0),
                                  len({classes[f] for f in names}) > 1,
                                  len({splits[f] for f in names}) > 1))
    out.sort(key=lambda g: (-g.similarity, not g.crosses_split, not g.crosses_classes,
                            g.files))
    return out


# ---------------------------------------------------------------------- outliers

def _far_from_every_class(class_similarity: np.ndarray, labels: np.ndarray
                          ) -> dict[int, float]:
    """Images far from every class -> index: robust z-score to the nearest class over the
    limit. An image's distance to a class is its mean distance to its nearest images of the
    class; each class's own images say what is typical (median, median absolute deviation).
    Classes of fewer than 3 images say nothing, and their images are not judged."""
    n, k = class_similarity.shape
    if n == 0 or k == 0:
        return {}
    distance = 1.0 - class_similarity.astype(np.float64)
    z = np.full((n, k), np.inf)
    typical: dict[int, tuple[float, float]] = {}
    for c in range(k):
        own = distance[labels == c, c]
        if len(own) >= 3:
            median = float(np.median(own))
            typical[c] = (median, float(np.median(np.abs(own - median))))
    if not typical:
        return {}
    # A class of near-identical images would make any difference look huge: its spread is at
    # least a quarter of the classes' typical spread.
    floor = 0.25 * float(np.median([mad for _, mad in typical.values()]))
    for c, (median, mad) in typical.items():
        z[:, c] = 0.6745 * (distance[:, c] - median) / max(mad, floor, 1e-9)
    nearest = z.min(axis=1)
    judged = np.isin(labels, list(typical))
    return {int(i): min(MAX_SCORE, float(nearest[i] / OUTLIER_Z))
            for i in np.flatnonzero(judged & (nearest > OUTLIER_Z))}


# ---------------------------------------------------------------------- kept items

def _leave_out_kept(out: FolderInspection) -> None:
    """Drop what a person kept in an earlier review (hashing only the flagged files)."""
    try:
        kept = Review(out.root).kept()
    except DatasetError as exc:
        out.notes.append(cause(exc))
        return
    if not kept:
        return
    hashes: dict[str, str] = {}

    def sha(file: str) -> str:
        if file not in hashes:
            try:
                hashes[file] = file_sha256(out.root / file)
            except OSError:
                hashes[file] = ""
        return hashes[file]

    before = len(out.label_issues) + len(out.duplicates) + len(out.outliers)
    out.label_issues = [i for i in out.label_issues
                        if not is_kept(keep_key("label", [sha(i.file)], i.given), kept)]
    out.duplicates = [g for g in out.duplicates
                      if not is_kept(keep_key("duplicate", [sha(f) for f in g.files]), kept)]
    out.outliers = [o for o in out.outliers
                    if not is_kept(keep_key("outlier", [sha(o.file)]), kept)]
    out.kept_back = before - len(out.label_issues) - len(out.duplicates) - len(out.outliers)


# ---------------------------------------------------------------------- other sources

def review_of_mistakes(root: str | Path, mistakes: list[tuple[str, str, str, float]],
                       network: str, weights: dict[str, Any]) -> FolderInspection:
    """A model's confident mistakes on a class-folder data set (fine-tuning's validation
    predictions, or Evaluate's) as a list of suspected label errors to review: (file,
    its class, the class the model took it for, its confidence) each. A file outside the
    folder, gone, or not in a class folder is left out; a suggestion that is no class folder
    of the data set is left empty (the review offers every class)."""
    folder = Path(root).expanduser()
    base = folder.resolve()
    explicit = (folder / "train").is_dir() and (folder / "val").is_dir()
    splits = [folder / s for s in ("train", "val")] if explicit else [folder]
    classes = sorted({p.name for s in splits if s.is_dir() for p in s.iterdir()
                      if p.is_dir() and not p.name.startswith(".") and
                      p.name != "_excluded"})
    out = FolderInspection(base, network, weights, 0, classes, explicit_split=explicit)
    for file, _given, predicted, confidence in sorted(mistakes, key=lambda m: -m[3]):
        path = Path(file)
        try:
            rel = path.resolve().relative_to(base)
            stamp = FileStamp.of(path)
        except (ValueError, OSError):
            continue
        parts = rel.parts
        if explicit and len(parts) >= 3 and parts[0] in ("train", "val"):
            split, cls = parts[0], parts[1]
        elif not explicit and len(parts) >= 2:
            split, cls = "train", parts[0]
        else:
            continue
        name = rel.as_posix()
        out.entries[name] = FileEntry(cls, split, stamp)
        suggested = predicted if predicted in classes and predicted != cls else ""
        out.label_issues.append(LabelIssue(name, cls, suggested, float(confidence)))
    out.images = len(out.entries)
    return out
