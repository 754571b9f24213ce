"""The weight cache: what is installed where, its provenance, and whether it is intact.

Layout under `paths.weights_dir()` (bundled folders use the same one, read-only):

    <network>/<official file name>     the published weights (inception_v4/model.safetensors)
    <network>/imported/<name><suffix>  other ImageNet weights the user imported
    custom/<name>.safetensors          the app's own checkpoints (fine-tuned models)

Each file has a `<file>.provenance.json` beside it: sha256, where it came from, when, and the
size and mtime at that moment, so listing does not re-hash unchanged files.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from inception_desktop.models import get_spec, list_models
from inception_desktop.models.spec import WeightSource
from inception_desktop.paths import bundled_weights_dirs, weights_dir
from inception_desktop.weights.errors import WeightsError
from inception_desktop.weights.fileio import atomic_path, file_sha256

PROVENANCE_SUFFIX = ".provenance.json"
CUSTOM_DIR = "custom"
IMPORTED_DIR = "imported"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


def official_source(network: str) -> WeightSource:
    """The published weights of a network (tests replace this to inject their own hashes)."""
    return get_spec(network).weight_sources[0]


def official_cache_path(network: str) -> Path:
    return weights_dir() / network / official_source(network).filename


def hash_matches(source: WeightSource, sha256: str) -> bool:
    if source.sha256:
        return sha256 == source.sha256
    if source.sha256_prefix:
        return sha256.startswith(source.sha256_prefix)
    return False


def expected_hash_text(source: WeightSource) -> str:
    return source.sha256 or f"{source.sha256_prefix}... (prefix)"


# ----------------------------------------------------------------------------- provenance

def provenance_path(path: Path) -> Path:
    return path.with_name(path.name + PROVENANCE_SUFFIX)


def write_provenance(path: Path, sha256: str, source: str, **extra: Any) -> dict[str, Any]:
    stat = path.stat()
    record = {
        "sha256": sha256,
        "source": source,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        **extra,
    }
    with atomic_path(provenance_path(path)) as tmp:
        tmp.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return record


def read_provenance(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(provenance_path(path).read_text(encoding="utf-8"))
        return record if isinstance(record, dict) else None
    except (OSError, ValueError):
        return None


def unchanged_since_recorded(path: Path, record: dict[str, Any] | None,
                             check_mtime: bool = True) -> bool:
    if not record:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == record.get("size") and (
        not check_mtime or stat.st_mtime_ns == record.get("mtime_ns"))


def current_sha256(path: Path, rehash: bool = False, bundled: bool = False) -> str:
    """The file's sha256, from its provenance record when the file has not changed since.

    Bundled files were verified when the bundle was built and are read-only; installing a
    bundle changes their mtime, so for them the size is checked, not the mtime.
    """
    record = read_provenance(path)
    if not rehash and record and record.get("sha256") and \
            unchanged_since_recorded(path, record, check_mtime=not bundled):
        return record["sha256"]
    return file_sha256(path)


# ----------------------------------------------------------------------------- entries

@dataclass
class WeightsEntry:
    """One set of weights the app knows about, installed or not."""

    network: str
    name: str
    kind: str  # "pretrained" (the published file), "imported", "custom" (own format)
    path: Path
    status: str  # "installed", "missing", "corrupt"
    size: int | None = None
    sha256: str | None = None
    source: str | None = None
    bundled: bool = False
    num_classes: int = 1000
    class_names: list[str] | None = None
    problem: str | None = None
    date: str | None = None

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12] if self.sha256 else ""

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["path"] = str(self.path)
        return out


def _official_entry(network: str, rehash: bool) -> WeightsEntry:
    source = official_source(network)
    candidates = [(d / network / source.filename, True) for d in bundled_weights_dirs()]
    candidates.append((official_cache_path(network), False))
    for path, bundled in candidates:
        if not path.is_file():
            continue
        entry = WeightsEntry(network, network, "pretrained", path, "installed",
                             size=path.stat().st_size, source=source.url, bundled=bundled)
        record = read_provenance(path)
        entry.date = record.get("date") if record else None
        try:
            entry.sha256 = current_sha256(path, rehash, bundled=bundled)
        except OSError as exc:
            entry.status, entry.problem = "corrupt", f"cannot read: {exc.strerror or exc}"
            return entry
        if not hash_matches(source, entry.sha256):
            entry.status = "corrupt"
            entry.problem = (f"sha256 is {entry.sha256[:12]}..., expected "
                             f"{expected_hash_text(source)[:12]}...")
        elif not bundled and (record is None or not unchanged_since_recorded(path, record)):
            write_provenance(path, entry.sha256, record.get("source", source.url)
                             if record else "found in cache", network=network, format="official")
        return entry
    return WeightsEntry(network, network, "pretrained", official_cache_path(network), "missing",
                        size=source.size, source=source.url,
                        sha256=source.sha256 or source.sha256_prefix)


def _recorded_entry(path: Path, kind: str, rehash: bool) -> WeightsEntry:
    record = read_provenance(path) or {}
    network = record.get("network") or "unknown"
    entry = WeightsEntry(network, record.get("name") or path.stem, kind, path, "installed",
                         size=path.stat().st_size, source=record.get("source"),
                         num_classes=int(record.get("num_classes") or 1000),
                         class_names=record.get("class_names"), date=record.get("date"))
    try:
        entry.sha256 = current_sha256(path, rehash)
    except OSError as exc:
        entry.status, entry.problem = "corrupt", f"cannot read: {exc.strerror or exc}"
        return entry
    if record.get("sha256") and entry.sha256 != record["sha256"]:
        entry.status = "corrupt"
        entry.problem = f"changed since import (sha256 now {entry.sha256[:12]}...)"
    return entry


def _weight_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".")
                  and not p.name.endswith((PROVENANCE_SUFFIX, ".lock", ".download")))


def list_entries(rehash: bool = False) -> list[WeightsEntry]:
    """Every known set of weights: each network's published file, then imports, then custom."""
    entries = [_official_entry(n, rehash) for n in list_models()]
    roots = [(d, True) for d in bundled_weights_dirs()] + [(weights_dir(), False)]
    for root, bundled in roots:
        for network in list_models():
            for path in _weight_files(root / network / IMPORTED_DIR):
                entry = _recorded_entry(path, "imported", rehash)
                entry.network, entry.bundled = network, bundled
                entries.append(entry)
        for path in _weight_files(root / CUSTOM_DIR):
            entry = _recorded_entry(path, "custom", rehash)
            entry.bundled = bundled
            entries.append(entry)
    return entries


def find_entry(name: str) -> WeightsEntry | None:
    for entry in list_entries():
        if entry.name == name:
            return entry
    return None


def check_new_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise WeightsError(f"invalid name {name!r}: use letters, digits, '.', '_' or '-' "
                           "(at most 80 characters)")
    if name in list_models():
        raise WeightsError(f"{name!r} is the name of a network; choose another --name")
    if find_entry(name) is not None:
        raise WeightsError(f"weights named {name!r} already exist; choose another --name or "
                           f"remove them first with `inception-desktop weights remove {name}`")
    return name


def remove_entry(name: str) -> WeightsEntry:
    entry = find_entry(name)
    if entry is None or entry.status == "missing":
        raise WeightsError(f"no installed weights named {name!r}; see `inception-desktop "
                           "weights list`")
    if entry.bundled:
        raise WeightsError(f"{name!r} ships with the app ({entry.path}) and cannot be removed")
    entry.path.unlink(missing_ok=True)
    provenance_path(entry.path).unlink(missing_ok=True)
    return entry


def writable_dir(folder: Path) -> Path:
    """Create `folder` or explain in one line why it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise WeightsError(
            f"cannot write to the weight cache {folder} ({exc.strerror or exc}); make it "
            "writable or set INCEPTION_DESKTOP_DATA_DIR to a writable folder"
        ) from None
    return folder
