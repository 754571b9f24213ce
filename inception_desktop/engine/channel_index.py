"""What does a channel respond to? An index of a folder for one network and its weights: for
every viewable block and every channel, the k images with the highest spatial maximum of that
channel (where in the block's grid, and how high), and each channel's mean activation over
the folder.

One pass over the images (decoded ahead by the shared pipeline; the ONNX export returns every
block's output in one run) updates, per block, arrays of C x k values, files and positions,
so memory and disk grow with blocks x channels x k, not with the number of images. The index
is cached in `<data folder>/channel-index/` (keyed by network, weights sha256 and folder) and
written atomically; it records what it was made from and its own digest, and one whose bytes
changed (or made from another export) is built again, said in one line. Adding images is
incremental; removing or changing images rebuilds it (the mean activations cannot be updated
without each image's contribution, which the index does not keep, so that it stays small).
Unreadable files are listed and skipped.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from inception_desktop.engine.images import expand_paths
from inception_desktop.engine.pipeline import batches, prepared_stream, stack
from inception_desktop.engine.preprocess import crop_box
from inception_desktop.errors import Cancelled, OutputError, UsageError, cause, msg
from inception_desktop.fileio import atomic_path, named, short_hash
from inception_desktop.models import get_spec
from inception_desktop.models.receptive import receptive_fields
from inception_desktop.models.spec import ModelSpec
from inception_desktop.paths import data_subdir, writable_data_subdir
from inception_desktop.tasks import Stage, TaskState, ensure_state

INDEX_FORMAT = 2  # 2: records its source and its own digest
MAX_K = 32
DEFAULT_K = 9


@dataclass
class FileRecord:
    path: str  # relative to the folder
    size: int
    mtime_ns: int
    width: int = 0
    height: int = 0

    @property
    def tie_key(self) -> int:
        return int.from_bytes(hashlib.sha256(self.path.encode()).digest()[:7], "big")


@dataclass
class BlockTop:
    """The top images of every channel of one block."""

    values: np.ndarray  # C x k float32, highest first; -inf where empty
    files: np.ndarray  # C x k int32 index into ChannelIndex.files; -1 where empty
    pos: np.ndarray  # C x k x 2 int16: (y, x) of the maximum in the block's grid
    mean_sum: np.ndarray  # C float64: sum over images of the channel's spatial mean
    grid: tuple[int, int] = (0, 0)  # H, W of the block's output

    @classmethod
    def empty(cls, channels: int, k: int) -> BlockTop:
        return cls(np.full((channels, k), -np.inf, np.float32),
                   np.full((channels, k), -1, np.int32), np.zeros((channels, k, 2), np.int16),
                   np.zeros(channels, np.float64))

    def merge(self, values: np.ndarray, files: np.ndarray, pos: np.ndarray,
              tie_keys: np.ndarray) -> None:
        """Fold in N new images: values C x N, files N, pos C x N x 2. Equal values are
        ordered by each file's tie key (from its path), so the order does not depend on
        when an image was added."""
        k = self.values.shape[1]
        all_values = np.concatenate([self.values, values], axis=1)
        all_files = np.concatenate([self.files, np.broadcast_to(files, values.shape)], axis=1)
        all_pos = np.concatenate([self.pos, pos], axis=1)
        # Sort by value (descending), then tie key (ascending); empty slots last.
        keys = np.where(all_files < 0, np.iinfo(np.int64).max, tie_keys[all_files])
        order = np.lexsort((keys, -all_values), axis=1)[:, :k]
        self.values = np.take_along_axis(all_values, order, 1)
        self.files = np.take_along_axis(all_files, order, 1).astype(np.int32)
        self.pos = np.take_along_axis(all_pos, order[..., None], 1)


@dataclass
class ChannelIndex:
    network: str
    weights: dict[str, Any]
    folder: str
    k: int
    files: list[FileRecord]
    blocks: dict[str, BlockTop]
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    computed: int = 0  # images run by the last update
    source: str = ""  # what it was made from (Predictor.derived_from)

    @property
    def images(self) -> int:
        return len(self.files) - len(self.failed_names)

    @property
    def failed_names(self) -> set[str]:
        return {f for f, _ in self.failed}

    def channel(self, block: str, channel: int, top: int | None = None) -> dict[str, Any]:
        """One channel's entry: its mean over the folder and its top images with the box in
        each original image that the channel sees at that position."""
        spec = get_spec(self.network)
        b = self.blocks[block]
        fields = receptive_fields(self.network)[block]
        n = max(self.images, 1)
        hits = []
        for value, file_no, (y, x) in zip(b.values[channel][:top], b.files[channel][:top],
                                          b.pos[channel][:top], strict=True):
            if file_no < 0:
                break
            rec = self.files[file_no]
            hits.append({"file": str(Path(self.folder) / rec.path), "activation": float(value),
                         "y": int(y), "x": int(x),
                         "box": original_box(fields.box(int(y), int(x), spec.input_size),
                                             rec.width, rec.height, spec)})
        return {"block": block, "channel": int(channel),
                "mean": float(b.mean_sum[channel] / n), "top": hits}


def original_box(box: tuple[int, int, int, int], width: int, height: int,
                 spec: ModelSpec) -> list[int]:
    """A box in the network's input (pixels of the centre crop) -> the same region in the
    original image's pixels (left, top, right, bottom), through the resize and crop."""
    left, top, right, bottom = crop_box(width, height, spec)
    sx = (right - left) / spec.input_size
    sy = (bottom - top) / spec.input_size
    return [max(0, int(np.floor(left + box[0] * sx))), max(0, int(np.floor(top + box[1] * sy))),
            min(width, int(np.ceil(left + box[2] * sx))),
            min(height, int(np.ceil(top + box[3] * sy)))]


# ----------------------------------------------------------------------------- storage

def index_key(network: str, sha256: str | None, folder: Path, precision: str = "fp32") -> str:
    where = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    extra = "" if precision == "fp32" else f"-{precision}"  # its activations differ
    return f"{network}-{short_hash(sha256, 16) or 'untrained'}-{where}{extra}"


def index_path(network: str, sha256: str | None, folder: Path,
               precision: str = "fp32") -> Path:
    return data_subdir("indexes") / f"{index_key(network, sha256, folder, precision)}.npz"


def _arrays_digest(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> str:
    """The index's own digest: of its metadata (less the digest) and every array's bytes."""
    digest = hashlib.sha256(json.dumps({k: v for k, v in meta.items() if k != "digest"},
                                       sort_keys=True).encode())
    for name in sorted(arrays):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(arrays[name]).tobytes())
    return digest.hexdigest()


def save_index(index: ChannelIndex, path: Path) -> None:
    meta: dict[str, Any] = {
        "format": INDEX_FORMAT, "network": index.network, "weights": index.weights,
        "folder": index.folder, "k": index.k, "files": [vars(f) for f in index.files],
        "failed": index.failed, "grids": {p: list(b.grid) for p, b in index.blocks.items()},
        "source": index.source}
    arrays: dict[str, Any] = {}
    for i, b in enumerate(index.blocks.values()):
        arrays[f"b{i}_values"], arrays[f"b{i}_files"] = b.values, b.files
        arrays[f"b{i}_pos"], arrays[f"b{i}_mean"] = b.pos, b.mean_sum
    meta["digest"] = _arrays_digest(arrays, meta)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        np.savez(f, **arrays)


class IndexChanged(Exception):
    """A stored index whose bytes are not what it recorded."""


def load_index(path: Path, network: str) -> ChannelIndex | None:
    """The stored index, or None when there is none or it is damaged (then rebuilt);
    IndexChanged when its bytes are not what it recorded (rebuilt, said in one line)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            if meta.get("format") != INDEX_FORMAT or meta.get("network") != network:
                return None
            arrays = {name: data[name] for name in data.files if name != "meta"}
        if meta.get("digest") != _arrays_digest(arrays, meta):
            raise IndexChanged()
        blocks = {}
        for i, block in enumerate(get_spec(network).blocks):
            b = BlockTop(arrays[f"b{i}_values"], arrays[f"b{i}_files"], arrays[f"b{i}_pos"],
                         arrays[f"b{i}_mean"], tuple(meta["grids"][block.path]))
            if b.values.shape[0] != block.channels:
                return None
            blocks[block.path] = b
        return ChannelIndex(network, meta["weights"], meta["folder"], int(meta["k"]),
                            [FileRecord(**f) for f in meta["files"]], blocks,
                            [tuple(x) for x in meta["failed"]],
                            source=str(meta.get("source", "")))
    except IndexChanged:
        raise
    except Exception:  # missing, damaged or of another version: the index is rebuilt
        return None


# ----------------------------------------------------------------------------- building

def _scan(folder: Path, unreadable: list[str]) -> dict[str, FileRecord]:
    out = {}
    for path in expand_paths([folder], recursive=True, unreadable=unreadable):
        try:
            st = path.stat()
        except OSError as exc:
            unreadable.append(msg("{file}: cannot be read ({reason})", file=path,
                                  reason=exc.strerror or str(exc)))
            continue
        rel = path.relative_to(folder).as_posix()
        out[rel] = FileRecord(rel, st.st_size, st.st_mtime_ns)
    return out


@dataclass
class IndexPlan:
    """What an update has to do: images to add, and whether a rebuild is needed."""

    index: ChannelIndex | None
    add: list[FileRecord]
    rebuild: bool
    unreadable: list[str]
    changed: str | None = None  # the stored index changed since it was written: why

    @property
    def up_to_date(self) -> bool:
        return self.index is not None and not self.add and not self.rebuild


def plan_update(network: str, sha256: str | None, folder: Path, k: int,
                rebuild: bool = False, precision: str = "fp32") -> IndexPlan:
    """Compare the stored index with the folder (no network needed)."""
    unreadable: list[str] = []
    present = _scan(folder, unreadable)
    path = index_path(network, sha256, folder, precision)
    changed = None
    try:
        index = None if rebuild else load_index(path, network)
    except IndexChanged:
        index, changed = None, msg("the channel index {path} changed since it was made; "
                                   "building it again", path=path)
    if index is None or index.k < k:
        return IndexPlan(None, sorted(present.values(), key=lambda r: r.path), True,
                         unreadable, changed)
    known = {f.path: f for f in index.files}
    gone_or_changed = [p for p, rec in known.items()
                       if p not in present or (present[p].size, present[p].mtime_ns)
                       != (rec.size, rec.mtime_ns)]
    if gone_or_changed:
        return IndexPlan(None, sorted(present.values(), key=lambda r: r.path), True,
                         unreadable)
    new = sorted((r for p, r in present.items() if p not in known), key=lambda r: r.path)
    return IndexPlan(index, new, False, unreadable)


def build_index(predictor: Any, folder: Path, plan: IndexPlan, k: int = DEFAULT_K,
                batch_size: int = 4, state: TaskState | None = None) -> ChannelIndex:
    """Run the images the plan names and fold them into the index; save it (atomically)."""
    state = ensure_state(state)
    spec = predictor.spec
    started = time.perf_counter()
    source = getattr(predictor, "derived_from", "")
    if plan.changed:
        state.status(msg("warning: {changed}", changed=plan.changed))
    index = plan.index
    if index is not None and index.source != source:
        state.status(msg("warning: the channel index was made from another export of these "
                         "weights; building it again"))
        plan = IndexPlan(None, sorted([*index.files, *plan.add], key=lambda r: r.path), True,
                         plan.unreadable)
        for record in plan.add:
            record.width = record.height = 0
        index = None
    index = index or ChannelIndex(
        predictor.network, predictor.choice.identity(), str(folder.resolve()), k, [],
        {b.path: BlockTop.empty(b.channels, k) for b in spec.blocks}, source=source)
    paths = [b.path for b in spec.blocks]
    first_new = len(index.files)
    index.files.extend(plan.add)
    total = len(plan.add)
    done = 0
    stream = prepared_stream([folder / r.path for r in plan.add], spec, state=state,
                             batch_size=batch_size)
    try:
        for group in batches(stream, batch_size):
            batch = stack(group)
            ok = []
            for item, record_no in zip(group, range(first_new + done,
                                                    first_new + done + len(group)),
                                       strict=True):
                if item.error is not None:
                    index.failed.append((index.files[record_no].path, item.error))
                else:
                    assert item.size is not None
                    index.files[record_no].width, index.files[record_no].height = item.size
                    ok.append(record_no)
            if batch is not None:
                out = predictor.run(batch, paths)
                file_numbers = np.array(ok, np.int32)
                ties = np.array([f.tie_key for f in index.files], np.int64)
                for path in paths:
                    _fold(index.blocks[path], out.blocks[path], file_numbers, ties)
            done += len(group)
            index.computed = done
            state.progress(done, total, msg("indexing {folder}", folder=folder.name),
                           done / max(time.perf_counter() - started, 1e-9), "images",
                           Stage.INDEXING)
            state.check()
    except Cancelled:
        # Keep what was indexed: the images not reached are forgotten (added next time).
        del index.files[first_new + done:]
        raise
    finally:
        index.seconds = time.perf_counter() - started
        _save_if_possible(index, predictor, folder, state)
    return index


def _fold(block: BlockTop, maps: np.ndarray, file_numbers: np.ndarray,
          ties: np.ndarray) -> None:
    n, c, h, w = maps.shape
    flat = maps.reshape(n, c, h * w)
    where = flat.argmax(axis=2)  # the first maximum, row-major
    values = np.take_along_axis(flat, where[..., None], 2)[..., 0]  # N x C
    block.mean_sum += flat.mean(axis=2, dtype=np.float64).sum(axis=0)
    pos = np.stack([where // w, where % w], axis=-1).astype(np.int16)  # N x C x 2
    block.merge(values.T.astype(np.float32), file_numbers, pos.transpose(1, 0, 2), ties)
    block.grid = (h, w)


def _save_if_possible(index: ChannelIndex, predictor: Any, folder: Path,
                      state: TaskState) -> None:
    try:
        writable_data_subdir("indexes")
        save_index(index, index_path(predictor.network, predictor.choice.sha256, folder,
                                     getattr(predictor, "precision", "fp32")))
    except (OutputError, OSError) as exc:
        state.status(msg("warning: the index is not kept ({reason})", reason=cause(exc)))


def check_channels(spec: ModelSpec, block: str, channels: list[int] | None) -> list[int]:
    count = spec.block(block).channels
    if channels is None:
        return list(range(count))
    bad = [c for c in channels if not 0 <= c < count]
    if bad:
        raise UsageError(msg("{block} has channels 0 to {last}; no channel {bad}",
                             block=spec.block(block).display_name, last=count - 1,
                             bad=bad[0]))
    return channels


# ---------------------------------------------------------------------- use cases


@dataclass(frozen=True)
class IndexPlanned:
    """`update_index`'s first event: what it will do (before any network is loaded)."""

    folder: Path
    plan: IndexPlan


def update_index(network: str, sha256: str | None, folder: str | Path, k: int,
                 open_predictor: Callable[[], Any], rebuild: bool = False,
                 batch_size: int = 4, state: TaskState | None = None,
                 precision: str = "fp32") -> ChannelIndex:
    """The index of `folder` for a network and weights, brought up to date: read when it
    is, else built or extended. `open_predictor()` is called only when images must run, so
    an up-to-date index needs no network. The command line and the window share it."""
    state = ensure_state(state)
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UsageError(msg("{folder}: not a folder", folder=named(root)))
    plan = plan_update(network, sha256, root, k, rebuild=rebuild, precision=precision)
    state.partial(IndexPlanned(root, plan))
    if plan.up_to_date:
        assert plan.index is not None
        return plan.index
    if not plan.add and plan.index is None:
        raise UsageError(msg("no image files in {root}", root=root))
    return build_index(open_predictor(), root, plan, k, batch_size, state)


def hit_region(image: Image.Image, hit: dict[str, Any]) -> Image.Image:
    """The part of the image a hit's channel position sees (its receptive field, clipped)."""
    return image.crop(tuple(hit["box"]))


def hit_thumbnail(image: Image.Image, hit: dict[str, Any], size: int) -> Image.Image:
    """The hit's region fitted into a `size` x `size` grey square (galleries, atlases)."""
    crop = hit_region(image, hit)
    crop.thumbnail((size, size), Image.Resampling.LANCZOS)
    square = Image.new("RGB", (size, size), (240, 240, 240))
    square.paste(crop, ((size - crop.width) // 2, (size - crop.height) // 2))
    return square
