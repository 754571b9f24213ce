"""Removing a set of weights removes its exports too (issue 25, item 15): the ONNX and int8
exports made from those weights serve nothing without them (hundreds of MB each); exports of
other weights stay."""

from __future__ import annotations

import json
from types import SimpleNamespace

from inception_desktop.weights import store
from inception_desktop.weights.exports import EXPORT_FORMAT, exports_dir, list_exports


def _export(key: str, sha: str, precision: str = "fp32"):
    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}.onnx").write_bytes(b"onnx")
    (folder / f"{key}.head.npz").write_bytes(b"npz")
    (folder / f"{key}.json").write_text(json.dumps({
        "format": EXPORT_FORMAT, "network": "inception_v3", "num_classes": 1000,
        "opset": 17, "blocks": [], "precision": precision,
        "weights": {"name": key, "sha256": sha, "untrained": False}}))
    return folder / f"{key}.onnx"


def test_removing_weights_removes_their_exports_only(tmp_path, monkeypatch):
    mine, other = "a" * 64, "b" * 64
    weights = tmp_path / "mine.safetensors"
    weights.write_bytes(b"weights")
    entry = SimpleNamespace(name="mine", status="installed", bundled=False, path=weights,
                            sha256=mine)
    monkeypatch.setattr(store, "find_entry", lambda name: entry if name == "mine" else None)
    fp32 = _export("v3-mine-fp32", mine)
    int8 = _export("v3-mine-int8", mine, "int8")
    kept = _export("v3-other", other)
    assert len(list_exports()) == 3
    store.remove_entry("mine")
    assert not weights.exists()
    assert not fp32.exists() and not int8.exists()
    assert not fp32.with_suffix(".json").exists() and not int8.with_suffix(".head.npz").exists()
    assert kept.exists() and [e.weights_sha256 for e in list_exports()] == [other]
