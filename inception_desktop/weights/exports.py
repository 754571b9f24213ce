"""The catalog of ONNX exports: finding, listing and naming them (file bookkeeping, no torch).

One export per (network, weights sha256, opset, precision[, calibration]) lives in
`<data folder>/onnx/` (bundles ship theirs read-only in `onnx-exports/`):

    <key>.onnx       the model; outputs `logits`, `features` and `block:<path>` for every
                     viewable block
    <key>.head.npz   the classifier (class activation maps without torch)
    <key>.json       network, classes, weights identity, opset, precision, outputs, and the
                     sha256 and signature of the two files above (`files`); written last, so
                     an export without it is unfinished and never used

An export is derived from its weights: `verify_export` checks it as the weights are checked
(`weights.derived`: the signature, then the hash when it changed), so an export whose bytes
changed since it was made is never run as if it were the weights' (it is made again).

The torch-free build has exports instead of weight files, so the weights layer resolves
weights through this catalog too. Writing an export needs torch and lives in `engine.export`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inception_desktop.errors import msg
from inception_desktop.fileio import atomic_write_json, short_hash
from inception_desktop.paths import bundled_exports_dirs, data_subdir
from inception_desktop.weights.derived import changed_line, check_file, file_record, signature

OPSET = 17
INPUT_NAME = "input"
PRECISIONS = ("fp32", "int8")  # of an export file; bf16 is a runtime setting, not a file
# The layout of an export's outputs; exports of an older layout are made again.
# 2: `probabilities` (softmax of the logits) beside `logits`, so the file serves as it is.
EXPORT_FORMAT = 2
OUTPUTS = ("logits", "probabilities", "features")


def block_output_name(path: str) -> str:
    return f"block:{path}"


@dataclass(frozen=True)
class ExportInfo:
    onnx_path: Path
    network: str
    num_classes: int
    class_names: list[str] | None
    weights_name: str
    weights_sha256: str | None
    untrained: bool
    opset: int
    blocks: tuple[str, ...]
    precision: str = "fp32"
    calibration: str | None = None  # int8: fingerprint of the calibration images
    bundled: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    # sha256 and signature of the .onnx and .head.npz when they were written
    files_record: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def head_path(self) -> Path:
        return self.onnx_path.with_suffix(".head.npz")

    @property
    def meta_path(self) -> Path:
        return self.onnx_path.with_suffix(".json")

    def files(self) -> list[Path]:
        """Every file of this export (for sizes and removal)."""
        return [self.onnx_path, self.head_path, self.meta_path,
                *self.onnx_path.parent.glob(self.onnx_path.stem + ".*.json")]


def exports_dir() -> Path:
    return data_subdir("exports")


def export_key(network: str, sha256: str | None, opset: int = OPSET, precision: str = "fp32",
               calibration: str | None = None) -> str:
    key = f"{network}-{short_hash(sha256, 16) or 'untrained'}-opset{opset}-f{EXPORT_FORMAT}"
    if precision != "fp32":
        key += f"-{precision}-{short_hash(calibration, 12) or 'default'}"
    return key


def read_export_info(meta_path: Path, bundled: bool = False) -> ExportInfo | None:
    """The export a metadata file describes, None when it is unfinished or damaged."""
    try:
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        onnx_path = meta_path.with_suffix(".onnx")
        if not onnx_path.is_file() or not onnx_path.with_suffix(".head.npz").is_file():
            return None
        if meta.get("format") != EXPORT_FORMAT:
            return None
        weights = meta["weights"]
        names = meta.get("class_names")
        if names is not None and not (isinstance(names, list) and
                                      all(isinstance(n, str) for n in names)):
            return None
        sha = weights["sha256"]
        if sha is not None and not isinstance(sha, str):
            return None
        precision = meta.get("precision", "fp32")
        if precision not in PRECISIONS:
            return None
        blocks = meta["blocks"]
        if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
            return None
        calibration = meta.get("calibration")
        files = meta.get("files")
        return ExportInfo(onnx_path, str(meta["network"]), int(meta["num_classes"]), names,
                          str(weights["name"]), sha, bool(weights["untrained"]),
                          int(meta["opset"]), tuple(blocks), precision,
                          calibration if isinstance(calibration, str) else None, bundled,
                          {k: v for k, v in meta.items()
                           if k in ("quantization", "report", "network_options", "cam_exact")},
                          files if isinstance(files, dict) else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def export_files_record(onnx_path: Path) -> dict[str, Any]:
    """What an export's metadata records of its files, once both are in place."""
    return {"onnx": file_record(onnx_path), "head": file_record(onnx_path.with_suffix(".head.npz"))}


def verify_export(info: ExportInfo) -> str | None:
    """None when the export's files are the ones recorded when it was made; else the words
    saying which changed. An export made before files were recorded is recorded now
    (as the weight cache does with a file found in it)."""
    record = info.files_record
    if record is None:
        if not info.bundled:
            _rerecord(info, export_files_record(info.onnx_path))
        return None
    refreshed = dict(record)
    for kind, path in (("onnx", info.onnx_path), ("head", info.head_path)):
        same, digest = check_file(path, record.get(kind), info.bundled)
        if not same:
            recorded = record.get(kind, {}).get("sha256") if isinstance(record.get(kind), dict) \
                else None
            what = msg("the ONNX export") if kind == "onnx" else msg("the export's head")
            return changed_line(what, path, recorded, digest)
        if digest is not None:  # the same bytes under a new signature (copied, touched)
            refreshed[kind] = {"sha256": digest, **signature(path)}
    if refreshed != record and not info.bundled:
        _rerecord(info, refreshed)
    return None


def _rerecord(info: ExportInfo, files: dict[str, Any]) -> None:
    try:
        meta = json.loads(info.meta_path.read_text(encoding="utf-8"))
        meta["files"] = files
        atomic_write_json(info.meta_path, meta)
    except (OSError, ValueError):
        pass  # a read-only cache still runs; the files are hashed again next time


def remove_export(info: ExportInfo) -> None:
    """Remove an export's files (the metadata first: without it, the rest is unused)."""
    for path in (info.meta_path, info.onnx_path, info.head_path):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def remove_exports_of(sha256: str | None) -> list[ExportInfo]:
    """Remove the data folder's exports (every precision) made from the weights with this
    sha256 -> those removed. Bundled exports are read-only and stay."""
    if not sha256:
        return []
    gone = [info for info in list_exports() if not info.bundled and
            info.weights_sha256 == sha256]
    for info in gone:
        for path in info.files():
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
    return gone


def list_exports(bundled_only: bool = False) -> list[ExportInfo]:
    """Finished exports, bundled ones first (only those with `bundled_only`)."""
    folders = [(d, True) for d in bundled_exports_dirs()]
    if not bundled_only:
        folders.append((exports_dir(), False))
    out = []
    for folder, bundled in folders:
        try:
            metas = sorted(p for p in folder.glob("*.json") if p.name.count(".") == 1)
        except OSError:
            continue
        for meta_path in metas:
            info = read_export_info(meta_path, bundled)
            if info is not None:
                out.append(info)
    return out


def find_export(network: str | None, sha256: str | None, untrained: bool = False,
                opset: int = OPSET, precision: str = "fp32",
                calibration: str | None = None) -> ExportInfo | None:
    """A finished export of these weights (bundled first, then the cache), or None. For int8
    without `calibration`, the newest int8 export of these weights."""
    matches = []
    for info in list_exports():
        if info.opset != opset or info.precision != precision:
            continue
        if network is not None and info.network != network:
            continue
        if untrained:
            if not info.untrained:
                continue
        elif sha256 is None or info.weights_sha256 != sha256:
            continue
        if calibration is not None and info.calibration != calibration:
            continue
        matches.append(info)
    if not matches:
        return None
    if precision != "fp32" and calibration is None:
        def mtime(info: ExportInfo) -> float:
            try:
                return info.meta_path.stat().st_mtime
            except OSError:
                return 0.0
        bundled = [m for m in matches if m.bundled]
        return bundled[0] if bundled else max(matches, key=mtime)
    return matches[0]


def bundled_untrained_networks() -> set[str]:
    """Networks a test bundle ships only untrained (its window and self-test say so)."""
    bundled = list_exports(bundled_only=True)
    real = {e.network for e in bundled if not e.untrained}
    return {e.network for e in bundled if e.untrained} - real
