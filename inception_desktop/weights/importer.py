"""Importing a weight file into the cache: checked by the loader, copied atomically, recorded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from inception_desktop.models import get_spec
from inception_desktop.paths import weights_dir
from inception_desktop.weights.errors import WeightsError
from inception_desktop.weights.fileio import atomic_path, file_sha256
from inception_desktop.weights.store import (
    CUSTOM_DIR,
    IMPORTED_DIR,
    WeightsEntry,
    check_new_name,
    find_entry,
    hash_matches,
    official_cache_path,
    official_source,
    writable_dir,
    write_provenance,
)


def _copy_into_cache(src: Path, dest: Path) -> None:
    writable_dir(dest.parent)
    try:
        with atomic_path(dest) as tmp, open(src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
    except OSError as exc:
        raise WeightsError(f"cannot copy {src.name} into {dest.parent}: "
                           f"{exc.strerror or exc}") from None


def import_weights(file: str | os.PathLike, model: str | None = None,
                   name: str | None = None) -> WeightsEntry:
    """Check `file` with the loader and install it in the cache -> its entry.

    A copy of a network's published file becomes that network's pretrained weights; other
    ImageNet weights are listed under their own name (`name`, default: the file's stem);
    the app's own checkpoints (fine-tuned models) are listed as custom models.
    """
    from inception_desktop.weights.checkpoint import load_model

    src = Path(file).expanduser()
    if not src.is_file():
        raise WeightsError(f"{src}: no such file")
    _, info = load_model(src, expected_model=model)  # format, network, every shape
    sha256 = file_sha256(src)
    network = info.model_name
    record = {"network": network, "format": info.format, "num_classes": info.num_classes,
              "original_name": src.name}
    custom = info.format in ("app", "app-head")
    if not custom and hash_matches(official_source(network), sha256) and name is None:
        dest = official_cache_path(network)
        _copy_into_cache(src, dest)
        write_provenance(dest, sha256, str(src.resolve()), **record)
        entry = find_entry(network)
        assert entry is not None
        return entry
    if custom:
        default = info.metadata.get("name") or src.stem
        folder = weights_dir() / CUSTOM_DIR
        suffix = ".safetensors"
        record["class_names"] = info.class_names
    else:
        if info.num_classes != get_spec(network).num_classes:
            raise WeightsError(f"{src.name} has {info.num_classes} classes and no class names; "
                               "only ImageNet weights or the app's own checkpoints can be "
                               "imported")
        default = src.stem
        folder = weights_dir() / network / IMPORTED_DIR
        suffix = src.suffix or ".pth"
    final_name = check_new_name(name or default)
    record["name"] = final_name
    dest = folder / f"{final_name}{suffix}"
    _copy_into_cache(src, dest)
    write_provenance(dest, sha256, str(src.resolve()), **record)
    entry = find_entry(final_name)
    assert entry is not None
    return entry
