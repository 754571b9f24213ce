"""Importing a weight file into the cache: checked by the loader, copied atomically, recorded.

The cache's file name is chosen by the app (`<name>.safetensors` or `<name>.pth`), never taken
from the source, so no import can hide behind the cache's own bookkeeping names. Names are
claimed under a lock, so two imports at once cannot list two files under one name. Head-only
checkpoints are checked with numpy (the torch-free build imports them too); other files need
torch to be checked.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from inception_desktop.errors import WeightsError, msg
from inception_desktop.fileio import atomic_path, file_sha256, named
from inception_desktop.models import get_spec, list_models
from inception_desktop.paths import weights_dir
from inception_desktop.weights.checkpoint import CheckpointInfo, check_readable
from inception_desktop.weights.store import (
    CUSTOM_DIR,
    IMPORTED_DIR,
    WeightsEntry,
    check_new_name,
    find_entry,
    free_name,
    hash_matches,
    list_entries,
    official_cache_path,
    official_source,
    read_provenance,
    writable_dir,
    write_provenance,
)


def _copy_into_cache(src: Path, dest: Path) -> None:
    writable_dir(dest.parent)
    try:
        with atomic_path(dest) as tmp, open(src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
    except OSError as exc:
        from inception_desktop.fileio import disk_error_text

        raise WeightsError(msg("cannot copy {name} into the cache: {reason}", name=src.name,
                               reason=disk_error_text(exc, dest.parent))) from None


def _already_installed(src: Path, entry: WeightsEntry) -> str:
    return msg("{name} is already installed as {installed!r} (same sha256); use that name, or "
               "remove it first", name=src.name, installed=entry.name)


def _vanished(dest: Path) -> str:
    return msg("{file} vanished while it was being imported", file=named(dest))


def check_file(src: Path, network: str | None) -> CheckpointInfo:
    """Read and check the whole file: format, network, every shape."""
    from inception_desktop.weights.appformat import read_app_metadata
    from inception_desktop.weights.checkpoint import inspect_checkpoint

    meta = read_app_metadata(src)
    if meta is not None and meta.contents == "head":
        info = inspect_checkpoint(src)  # numpy only
    else:
        try:
            import torch  # noqa: F401
        except Exception:
            raise WeightsError(msg("checking {name} needs torch, which this build does not "
                                   "have; import it with the full build, or use a fine-tuned "
                                   "head (head mode)", name=src.name)) from None
        from inception_desktop.weights.checkpoint import load_model

        _, info = load_model(src)
    if network is not None and info.network != network:
        raise WeightsError(msg("{name} holds {network} weights, not {expected}: choose {choice}",
                               name=src.name, network=get_spec(info.network).display_name,
                               expected=get_spec(network).display_name, choice=info.network))
    return info


def install_model(path: str | os.PathLike[str]) -> WeightsEntry:
    """A fine-tuned model made to be used: the installed entry with the same content if there
    is one, else the file imported under a free name (the store's one rule: its own name,
    else with its short hash)."""
    from inception_desktop.fileio import file_sha256

    sha = file_sha256(path)
    for entry in list_entries():
        if entry.sha256 == sha and entry.kind == "custom" and entry.status == "installed":
            return entry
    return import_weights(path)


def import_foreign(src: Path, found: Any, name: str | None) -> WeightsEntry:
    """Install a Keras / TF.js model (already read and matched: `kerasimport.Detected`) as the
    app's own checkpoint in custom/; nothing is written before the whole file was read."""
    from filelock import FileLock

    from inception_desktop.weights.kerasimport import write_app_checkpoint

    original = file_sha256(src)
    root = writable_dir(weights_dir())
    with FileLock(str(root / ".names.lock"), timeout=120):
        same = [e for e in list_entries() if e.status == "installed" and
                (read_provenance(e.path) or {}).get("original_sha256") == original and
                (name is None or e.name == name)]
        if same:
            raise WeightsError(_already_installed(src, same[0]))
        stem = src.stem if src.name != "model.json" else src.parent.name or "tfjs-model"
        stem = stem.removesuffix(".weights")
        final_name = check_new_name(name) if name is not None else free_name(stem, original)
        folder = writable_dir(weights_dir() / CUSTOM_DIR)
        dest = folder / f"{final_name}.safetensors"
        try:
            write_app_checkpoint(found, dest, final_name)
        except OSError as exc:
            from inception_desktop.fileio import disk_error_text

            raise WeightsError(msg("cannot write {name} into the cache: {reason}",
                                   name=dest.name, reason=disk_error_text(exc, folder))) from None
        imported = found.imported
        write_provenance(dest, file_sha256(dest), str(src.resolve()),
                         network=imported.network, format=imported.kind,
                         num_classes=imported.num_classes, original_name=src.name,
                         class_names=found.class_names, name=final_name,
                         original_sha256=original, head=imported.head)
        entry = find_entry(final_name)
        if entry is None:
            raise WeightsError(_vanished(dest))
        return entry


def import_weights(file: str | os.PathLike[str], model: str | None = None,
                   name: str | None = None, preprocess: str | None = None,
                   resize: str | None = None, labels: str | os.PathLike[str] | None = None,
                   input_size: int | None = None) -> WeightsEntry:
    """Check `file` with the loader and install it in the cache -> its entry.

    A copy of a network's published file becomes that network's pretrained weights; other
    ImageNet weights are listed under their own name (`name`, default: the file's stem, or a
    free variant of it); the app's own checkpoints (fine-tuned models) are listed as custom
    models.
    """
    from filelock import FileLock

    src = Path(file).expanduser()
    if src.is_dir():
        raise WeightsError(msg("{file} is a folder; give the weight file inside it",
                               file=named(src)))
    check_readable(src)
    if name is not None:
        from inception_desktop.weights.store import check_name_syntax

        check_name_syntax(name)
    from inception_desktop.weights.kerasimport import detect

    found = detect(src, model, preprocess, resize, labels, input_size)
    if found is not None:
        return import_foreign(src, found, name)
    if preprocess is not None or resize is not None or labels is not None or \
            input_size is not None:
        raise WeightsError(msg("{name}: --preprocess, --resize, --labels and --input-size are "
                               "for Keras and TF.js models; PyTorch files keep their network's "
                               "preprocessing", name=src.name))
    info = check_file(src, model)
    sha256 = file_sha256(src)
    network = info.network
    record: dict[str, object] = {"network": network, "format": info.format,
                                 "num_classes": info.num_classes, "original_name": src.name}
    custom = info.format in ("app", "app-head")
    if not custom and info.num_classes != get_spec(network).num_classes:
        raise WeightsError(msg("{name} has {classes} classes and no class names; only ImageNet "
                               "weights or the app's own checkpoints can be imported",
                               name=src.name, classes=info.num_classes))
    root = writable_dir(weights_dir())
    with FileLock(str(root / ".names.lock"), timeout=120):
        same = [e for e in list_entries() if e.sha256 == sha256 and e.status == "installed"
                and (name is None or e.name == name)]
        if same:
            raise WeightsError(_already_installed(src, same[0]))
        if not custom and hash_matches(official_source(network), sha256) and name is None:
            dest = official_cache_path(network)
            _copy_into_cache(src, dest)
            write_provenance(dest, sha256, str(src.resolve()), **record)
            entry = find_entry(network)
            if entry is None:  # cannot happen: the file was just written
                raise WeightsError(_vanished(dest))
            return entry
        if custom:
            default = str(info.metadata.get("name") or src.stem)
            folder = weights_dir() / CUSTOM_DIR
            suffix = ".safetensors"
            record["class_names"] = info.class_names
        else:
            default = src.stem + ("-imported" if src.stem in list_models() else "")
            folder = weights_dir() / network / IMPORTED_DIR
            with open(src, "rb") as f:
                is_safetensors = f.read(9)[8:9] == b"{"
            suffix = ".safetensors" if is_safetensors else ".pth"
        final_name = check_new_name(name) if name is not None else free_name(default, sha256)
        record["name"] = final_name
        dest = folder / f"{final_name}{suffix}"
        _copy_into_cache(src, dest)
        write_provenance(dest, sha256, str(src.resolve()), **record)
        entry = find_entry(final_name)
        if entry is None:
            raise WeightsError(_vanished(dest))
        return entry
