"""What the data folder holds, by kind and by network, and pruning it.

Every kind of file the app keeps has its own sub-folder (`paths.KINDS`). An *item* is what
is removed as a whole: one ONNX export (its model, classifier, metadata and report files),
the feature cache of one network + weights, one prediction cache, one channel index, one
training run, one log. Weights are listed but never pruned (`weights remove` does that);
training runs are pruned only when named, since they hold fine-tuned models. Bundled folders
are read-only and never touched.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inception_desktop.errors import UsageError, msg
from inception_desktop.fileio import clean_stale_partials, named
from inception_desktop.models import list_models
from inception_desktop.paths import KINDS, data_dir, data_subdir

# Kinds `cache prune` and `cache clear` remove unless told otherwise.
CACHES = ("exports", "features", "predictions", "indexes", "tuning", "compiled", "logs")
PRUNABLE = (*CACHES, "runs")
# Caches made again only by running a network over every image of a folder (hours on a large
# library): the window offers to clear them apart from the quick ones, and says so.
SLOW_CACHES = ("features", "predictions", "indexes")
QUICK_CACHES = tuple(k for k in CACHES if k not in SLOW_CACHES)


@dataclass
class CacheItem:
    kind: str
    path: Path  # the item's main file or folder
    files: list[Path]
    size: int
    last_used: float  # seconds since the epoch: the newest mtime or atime of its files
    network: str | None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": str(self.path), "size": self.size,
                "last_used": self.last_used, "network": self.network}


def _network_in(name: str) -> str | None:
    for network in sorted(list_models(), key=len, reverse=True):  # v4 before v3's prefix
        if network in name:
            return network
    return None


def _weights_network(folder: Path, path: Path) -> str | None:
    """Official weights sit in their network's folder; imported ones record it."""
    from inception_desktop.weights.store import read_provenance

    top = path.relative_to(folder).parts[0]
    if top in list_models():
        return top
    network = (read_provenance(path) or {}).get("network")
    return network if network in list_models() else _network_in(path.name)


def _stat_files(files: list[Path]) -> tuple[int, float]:
    size, used = 0, 0.0
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        size += st.st_size
        used = max(used, st.st_mtime, st.st_atime)
    return size, used


def _files_under(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    except OSError:
        return []


def _item(kind: str, path: Path, files: list[Path], network: str | None) -> CacheItem:
    size, used = _stat_files(files)
    return CacheItem(kind, path, files, size, used, network)


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _export_items(folder: Path) -> list[CacheItem]:
    """One item per export key: <key>.onnx, .head.npz, .json, .*.json, .lock together."""
    groups: dict[str, list[Path]] = {}
    for path in _children(folder):
        if not path.is_file() or path.name.startswith("."):
            continue
        key = path.name.split(".", 1)[0]
        groups.setdefault(key, []).append(path)
    return [_item("exports", folder / f"{key}.onnx", files, _network_in(key))
            for key, files in groups.items()]


def scan(kinds: tuple[str, ...] | list[str] | None = None) -> list[CacheItem]:
    """Every item of the given kinds (all by default) in the data folder."""
    out: list[CacheItem] = []
    for kind in kinds or tuple(KINDS):
        folder = data_subdir(kind)
        if not folder.is_dir():
            continue
        if kind == "exports":
            out += _export_items(folder)
        elif kind == "weights":
            for path in _files_under(folder):
                if not path.name.startswith(".") and \
                        not path.name.endswith((".provenance.json", ".lock")):
                    out.append(_item(kind, path, [path], _weights_network(folder, path)))
        else:
            for child in _children(folder):
                if child.name.startswith(".") and not child.name.endswith(".partial"):
                    continue
                files = _files_under(child) if child.is_dir() else [child]
                out.append(_item(kind, child, files, _network_in(child.name)))
    return out


def usage(items: list[CacheItem]) -> dict[str, Any]:
    """Sizes per kind and per network, for `cache list` and the window."""
    kinds: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = kinds.setdefault(item.kind, {"items": 0, "bytes": 0, "by_network": {}})
        entry["items"] += 1
        entry["bytes"] += item.size
        net = item.network or "other"
        entry["by_network"][net] = entry["by_network"].get(net, 0) + item.size
    return {"data_folder": str(data_dir()), "kinds": kinds,
            "total_bytes": sum(k["bytes"] for k in kinds.values())}


def remove(item: CacheItem) -> str | None:
    """Delete one item -> None, or the reason it could not be (never raises)."""
    try:
        if item.path.is_dir():
            shutil.rmtree(item.path)
        else:
            for f in item.files:
                f.unlink(missing_ok=True)
    except OSError as exc:
        return msg("{path}: {reason}", path=named(item.path), reason=exc.strerror or str(exc))
    return None


def check_kinds(kinds: list[str], allowed: tuple[str, ...] = PRUNABLE) -> list[str]:
    bad = [k for k in kinds if k not in allowed]
    if bad:
        if "weights" in bad:
            raise UsageError(msg("unknown or protected kind(s) {bad}; choose from {allowed} "
                                 "(weights are removed with `inception-desktop weights remove "
                                 "NAME`)", bad=", ".join(bad), allowed=", ".join(allowed)))
        raise UsageError(msg("unknown or protected kind(s) {bad}; choose from {allowed}",
                             bad=", ".join(bad), allowed=", ".join(allowed)))
    return kinds


@dataclass
class PruneResult:
    removed: list[CacheItem]
    freed: int
    problems: list[str]
    partials: int  # stale partial files of killed processes removed


def prune(kinds: list[str] | None = None, older_than_s: float | None = None,
          max_bytes: int | None = None, dry_run: bool = False,
          now: float | None = None) -> PruneResult:
    """Remove items not used for `older_than_s`, then the least recently used until the
    kinds together take at most `max_bytes`."""
    if older_than_s is None and max_bytes is None:
        raise UsageError(msg("say what to prune: --older-than DAYS and/or --max-size SIZE"))
    kinds = check_kinds(list(kinds or CACHES))
    now = time.time() if now is None else now
    items = sorted(scan(kinds), key=lambda i: i.last_used)  # least recently used first
    chosen: list[CacheItem] = []
    if older_than_s is not None:
        chosen = [i for i in items if now - i.last_used > older_than_s]
    if max_bytes is not None:
        total = sum(i.size for i in items) - sum(i.size for i in chosen)
        for item in items:
            if total <= max_bytes:
                break
            if item not in chosen:
                chosen.append(item)
                total -= item.size
    return _apply(chosen, dry_run, kinds)


def clear(kinds: list[str] | None = None, dry_run: bool = False) -> PruneResult:
    kinds = check_kinds(list(kinds or CACHES))
    return _apply(scan(kinds), dry_run, kinds)


def _apply(items: list[CacheItem], dry_run: bool, kinds: list[str]) -> PruneResult:
    problems: list[str] = []
    removed: list[CacheItem] = []
    partials = 0
    if not dry_run:
        for item in items:
            why = remove(item)
            if why:
                problems.append(why)
            else:
                removed.append(item)
        for kind in kinds:
            partials += clean_stale_partials(data_subdir(kind))
    else:
        removed = items
    return PruneResult(removed, sum(i.size for i in removed), problems, partials)


_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT]?)(i?[bB])?\s*$")


def parse_size(text: str) -> int:
    """'500MB', '2G', '1.5 GB', '123' (bytes) -> bytes (decimal units, as sizes are shown)."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a size such as 500MB or 2GB")
    number = float(match.group(1))
    power = " KMGT".index(match.group(2).upper() or " ")
    base = 1024 if match.group(3) and match.group(3).lower().startswith("i") else 1000
    return int(number * base ** power)


def move_data_folder(target: str | Path, state: Any = None) -> Path:
    """Move the data folder's contents into `target` (a new or empty folder, not inside the
    data folder) and use it from now on (recorded in the settings folder) -> the new folder.
    Each sub-folder moves whole: a rename on one disk, a copy then a removal across disks,
    so a failure leaves every kind in one place or the other, never half."""
    import os

    from inception_desktop.errors import OutputError
    from inception_desktop.fileio import atomic_write_text
    from inception_desktop.paths import DATA_POINTER, config_dir

    if os.environ.get("INCEPTION_DESKTOP_DATA_DIR"):
        raise UsageError(msg("INCEPTION_DESKTOP_DATA_DIR sets the data folder here; change that "
                             "variable to move it"))
    source = data_dir().resolve()
    new = Path(target).expanduser().resolve()
    if new == source:
        return new
    if new.is_relative_to(source):
        raise UsageError(msg("{folder} is inside the data folder; choose a folder outside it",
                             folder=new.name))
    if new.exists() and (not new.is_dir() or any(new.iterdir())):
        raise UsageError(msg("{folder} is not an empty folder; choose a new or empty one",
                             folder=new))
    moved: list[Path] = []
    try:
        new.mkdir(parents=True, exist_ok=True)
        children = sorted(source.iterdir()) if source.is_dir() else []
        for n, child in enumerate(children):  # not cancellable: all or nothing
            if state is not None:
                state.progress(n, len(children), msg("moving {name}", name=child.name))
            shutil.move(str(child), str(new / child.name))
            moved.append(child)
        config_dir().mkdir(parents=True, exist_ok=True)
        atomic_write_text(config_dir() / DATA_POINTER, str(new) + "\n")
    except OSError as exc:
        for child in reversed(moved):  # put back what had moved
            try:
                shutil.move(str(new / child.name), str(child))
            except OSError:
                pass
        raise OutputError(msg("cannot move the data folder to {folder}: {reason}", folder=new,
                              reason=exc.strerror or str(exc))) from None
    return new
