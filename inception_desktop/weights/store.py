"""The weight cache: what is installed where, its provenance, and whether it is intact.

Layout under `paths.weights_dir()` (bundled folders use the same one, read-only):

    <network>/<official file name>     the published weights (<network>/model.safetensors)
    <network>/imported/<name>.<ext>    other ImageNet weights the user imported
    custom/<name>.safetensors          the app's own checkpoints (fine-tuned models)

Each file has a `<file>.provenance.json` beside it: sha256, where it came from, when, and the
file's signature at that moment (size, mtime, ctime and inode). The recorded sha256 is trusted
only while the signature is unchanged; any write to the file changes its ctime (which no user
tool can set back), so changed bytes are always hashed again. A sidecar is untrusted input:
values of the wrong type are ignored, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from inception_desktop.errors import WeightsError, cause, msg
from inception_desktop.fileio import (
    atomic_write_json,
    file_sha256,
    named,
    short_hash,
    writable_folder,
)
from inception_desktop.models import get_spec, list_models
from inception_desktop.models.spec import WeightSource
from inception_desktop.paths import DATA_DIR_FIX, bundled_weights_dirs, weights_dir

PROVENANCE_SUFFIX = ".provenance.json"
# Files the cache writes for its own bookkeeping: never weights, never listed.
RESERVED_SUFFIXES = (PROVENANCE_SUFFIX, ".lock", ".download", ".partial")
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
    return source.sha256 or msg("{prefix}... (prefix)", prefix=source.sha256_prefix)


# ----------------------------------------------------------------------------- provenance

def provenance_path(path: Path) -> Path:
    return path.with_name(path.name + PROVENANCE_SUFFIX)


def _signature(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns,
            "inode": st.st_ino}


# The type each provenance value must have; anything else is dropped when read.
_PROVENANCE_TYPES: dict[str, type | tuple[type, ...]] = {
    "sha256": str, "source": str, "date": str, "size": int, "mtime_ns": int,
    "ctime_ns": int, "inode": int, "network": str, "name": str, "format": str,
    "num_classes": int, "original_name": str, "class_names": list, "original_sha256": str,
    "head": str, "corrupt": dict,
}


def write_provenance(path: Path, sha256: str, source: str, **extra: Any) -> dict[str, Any]:
    record = {
        "sha256": sha256,
        "source": source,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        **_signature(path),
        **extra,
    }
    atomic_write_json(provenance_path(path), record)
    return record


def read_provenance(path: Path) -> dict[str, Any] | None:
    """The sidecar's values that have the right type; None without a readable sidecar."""
    try:
        record = json.loads(provenance_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    out: dict[str, Any] = {}
    for key, kind in _PROVENANCE_TYPES.items():
        value = record.get(key)
        if isinstance(value, kind) and not isinstance(value, bool):
            out[key] = value
    names = out.get("class_names")
    if names is not None and not all(isinstance(n, str) for n in names):
        del out["class_names"]
    if "sha256" in out and not re.fullmatch(r"[0-9a-f]{64}", out["sha256"]):
        del out["sha256"]
    return out


def unchanged_since_recorded(path: Path, record: dict[str, Any] | None,
                             bundled: bool = False) -> bool:
    """True when the file has the signature recorded with its hash. Bundled files were
    verified when the bundle was built and are read-only; installing a bundle changes their
    times, so for them only the size is compared."""
    if not record:
        return False
    try:
        now = _signature(path)
    except OSError:
        return False
    keys = ("size",) if bundled else ("size", "mtime_ns", "ctime_ns", "inode")
    return all(record.get(k) == now[k] for k in keys)


def current_sha256(path: Path, rehash: bool = False, bundled: bool = False) -> str:
    """The file's sha256: from its provenance record while the file is unchanged since, else
    hashed now."""
    record = read_provenance(path)
    if not rehash and record and record.get("sha256") and \
            unchanged_since_recorded(path, record, bundled):
        return str(record["sha256"])
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
    # an imported Keras / TF.js model: its format and head ("Keras head 2048 -> 256 -> 5")
    source_format: str | None = None
    head: str | None = None

    @property
    def short_sha256(self) -> str:
        return short_hash(self.sha256)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["path"] = str(self.path)
        return out


def _hash_entry(entry: WeightsEntry, rehash: bool) -> bool:
    """Fill entry.sha256; False (entry marked corrupt) when the file cannot be read, or when
    `weights verify` found it corrupt and it has not changed since."""
    record = read_provenance(entry.path) or {}
    found = record.get("corrupt")
    if not rehash and isinstance(found, dict) and unchanged_since_recorded(entry.path, found):
        entry.status = "corrupt"
        entry.sha256 = found.get("sha256") if isinstance(found.get("sha256"), str) else None
        entry.problem = msg("`weights verify` found it corrupt (sha256 {sha256}...); remove it "
                            "and download or import it again", sha256=short_hash(entry.sha256))
        return False
    try:
        entry.sha256 = current_sha256(entry.path, rehash, bundled=entry.bundled)
    except OSError as exc:
        entry.status = "corrupt"
        entry.problem = msg("cannot read: {reason}", reason=exc.strerror or str(exc))
        return False
    return True


def record_corrupt(entry: WeightsEntry) -> None:
    """Remember that `weights verify` found this file corrupt: `weights list` says so until
    the file changes (is replaced). Never raises (a read-only cache just does not remember)."""
    if entry.bundled or entry.sha256 is None:
        return
    try:
        record = json.loads(provenance_path(entry.path).read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            record = {}
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        record = {}
    try:
        record["corrupt"] = {"sha256": entry.sha256, **_signature(entry.path)}
        atomic_write_json(provenance_path(entry.path), record)
    except OSError:
        pass


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
        if not _hash_entry(entry, rehash):
            return entry
        assert entry.sha256 is not None
        # Where only a prefix is published, the full digest recorded when the file was first
        # checked is what it must keep (a 32-bit prefix alone is easy to match).
        recorded_full = record.get("sha256") if record and not source.sha256 else None
        if not hash_matches(source, entry.sha256) or \
                (recorded_full is not None and entry.sha256 != recorded_full):
            entry.status = "corrupt"
            expected = recorded_full or expected_hash_text(source)
            entry.problem = msg("sha256 is {sha256}..., expected {expected}...; the file changed "
                                "or is not the published one", sha256=entry.sha256[:12],
                                expected=expected[:12])
        elif not bundled and (record is None or not unchanged_since_recorded(path, record)):
            try:
                write_provenance(path, entry.sha256, record.get("source", source.url)
                                 if record else "found in cache", network=network,
                                 format="official")
            except OSError:
                pass  # a read-only cache still lists and runs; the hash is computed again
        return entry
    return WeightsEntry(network, network, "pretrained", official_cache_path(network), "missing",
                        size=source.size, source=source.url,
                        sha256=source.sha256 or source.sha256_prefix)


def _recorded_entry(path: Path, kind: str, rehash: bool, bundled: bool) -> WeightsEntry:
    record = read_provenance(path) or {}
    network = record.get("network") or "unknown"
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    num_classes = record.get("num_classes")
    entry = WeightsEntry(network, record.get("name") or path.stem, kind, path, "installed",
                         size=size, source=record.get("source"),
                         num_classes=num_classes if isinstance(num_classes, int) and
                         num_classes > 0 else 1000,
                         class_names=record.get("class_names"), date=record.get("date"),
                         bundled=bundled,
                         source_format=record.get("format") if record.get("head") else None,
                         head=record.get("head"))
    if not _hash_entry(entry, rehash):
        return entry
    if record.get("sha256") and entry.sha256 != record["sha256"]:
        entry.status = "corrupt"
        entry.problem = msg("changed since import (sha256 now {sha256}...); remove it and "
                            "import the file again", sha256=short_hash(entry.sha256))
    elif not record.get("sha256"):
        entry.status = "corrupt"
        entry.problem = msg("its provenance record is missing or damaged; remove and import "
                            "again")
    return entry


def _weight_files(folder: Path) -> list[Path]:
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    return sorted(p for p in children
                  if p.is_file() and not p.name.startswith(".")
                  and not p.name.endswith(RESERVED_SUFFIXES))


def list_entries(rehash: bool = False) -> list[WeightsEntry]:
    """Every known set of weights: each network's published file, then imports, then custom."""
    entries = [_official_entry(n, rehash) for n in list_models()]
    roots = [(d, True) for d in bundled_weights_dirs()] + [(weights_dir(), False)]
    for root, bundled in roots:
        for network in list_models():
            for path in _weight_files(root / network / IMPORTED_DIR):
                entry = _recorded_entry(path, "imported", rehash, bundled)
                entry.network = network
                entries.append(entry)
        for path in _weight_files(root / CUSTOM_DIR):
            entry = _recorded_entry(path, "custom", rehash, bundled)
            if entry.network not in list_models():
                entry.status = "corrupt"
                entry.problem = entry.problem or msg("its provenance record names no network")
            entries.append(entry)
    return entries


def find_entry(name: str) -> WeightsEntry | None:
    for entry in list_entries():
        if entry.name == name:
            return entry
    return None


# Names Windows keeps for devices, whatever the extension: a model so named could not be
# copied to, or opened on, a Windows machine.
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}


def _name_problem(name: str) -> str | None:
    if not _NAME_RE.match(name) or name.endswith(RESERVED_SUFFIXES):
        return msg("use letters, digits, '.', '_' or '-' (at most 80 characters, not ending in "
                   ".lock, .download, .partial or .provenance.json)")
    if name.lower() == "all":
        return msg("'all' stands for every network in --models; choose another name")
    if name.split(".")[0].upper() in _WINDOWS_DEVICES:
        return msg("Windows keeps that name for a device; choose another name")
    return None


def check_name_syntax(name: str) -> str:
    problem = _name_problem(name)
    if problem is not None:
        raise WeightsError(msg("invalid name {name!r}: {problem}", name=name, problem=problem))
    return name


def check_new_name(name: str) -> str:
    check_name_syntax(name)
    if name in list_models():
        raise WeightsError(msg("{name!r} is the name of a network; choose another --name",
                               name=name))
    if find_entry(name) is not None:
        raise WeightsError(msg("weights named {name!r} already exist; choose another --name or "
                               "remove them first with `inception-desktop weights remove {name}`",
                               name=name))
    return name


def free_name(base: str, sha256: str) -> str:
    """A name not yet taken: `base`, else `base-<short hash>`, else `base-<short hash>-N`."""
    base = re.sub(r"[^A-Za-z0-9._-]", "-", base).strip(".-_")[:60] or "weights"
    if not base[0].isalnum():
        base = "w" + base
    taken = {e.name for e in list_entries()} | set(list_models())
    for candidate in (base, f"{base}-{sha256[:8]}"):
        if candidate not in taken and _name_problem(candidate) is None:
            return candidate
    n = 2
    while f"{base}-{sha256[:8]}-{n}" in taken:
        n += 1
    return f"{base}-{sha256[:8]}-{n}"


def remove_entry(name: str) -> WeightsEntry:
    entry = find_entry(name)
    if entry is None or entry.status == "missing":
        raise WeightsError(msg("no installed weights named {name!r}; see `inception-desktop "
                               "weights list`", name=name))
    if entry.bundled:
        raise WeightsError(msg("{name!r} ships with the app ({file}) and cannot be removed",
                               name=name, file=named(entry.path)))
    try:
        entry.path.unlink(missing_ok=True)
        provenance_path(entry.path).unlink(missing_ok=True)
    except OSError as exc:
        raise WeightsError(msg("cannot remove {file}: {reason}", file=named(entry.path),
                               reason=exc.strerror or str(exc))) from None
    # Its exports (hundreds of MB each) serve nothing without it: they go too.
    from inception_desktop.weights.exports import remove_exports_of

    remove_exports_of(entry.sha256)
    return entry


def writable_dir(folder: Path) -> Path:
    """Create `folder` or explain in one line why it cannot be written."""
    try:
        return writable_folder(folder, "weight cache", DATA_DIR_FIX)
    except Exception as exc:  # OutputError -> the weights' own error class for this command
        raise WeightsError(cause(exc)) from None

