"""Derived files are never trusted byte for byte (issue 23, item 8): change a weight inside an
ONNX export (or the int8 export, a cached prediction, a cached feature vector, the channel
index) and put the mtime back; the next run says so in one line and makes it again from what
it was made from (or refuses, for the int8 export, whose calibration images only `quantize`
is given). Generated mutations: any offset and length of any of an export's files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inception_desktop.errors import BackendError
from inception_desktop.fileio import file_sha256
from inception_desktop.tasks import TaskState
from inception_desktop.weights.exports import find_export, read_export_info, verify_export
from inception_desktop.weights.resolve import untrained

NETWORK = "inception_v1"  # the smallest: its export takes a few seconds


class Said(TaskState):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def status(self, message: str) -> None:  # type: ignore[override]
        self.lines.append(message)


def mutate(path: Path, offset: int, data: bytes) -> None:
    """Overwrite bytes inside `path` and put its mtime back, as a careful tamperer would."""
    st = path.stat()
    with open(path, "r+b") as f:
        f.seek(offset % max(st.st_size - len(data), 1))
        f.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One untrained export, kept aside; each test copies it into its own data folder."""
    from inception_desktop.engine.export import ensure_export

    folder = tmp_path_factory.mktemp("made")
    old = os.environ.get("INCEPTION_DESKTOP_DATA_DIR")
    os.environ["INCEPTION_DESKTOP_DATA_DIR"] = str(folder)
    try:
        info = ensure_export(untrained(NETWORK))
    finally:
        if old is not None:
            os.environ["INCEPTION_DESKTOP_DATA_DIR"] = old
    return info.onnx_path.parent


def install(exported: Path) -> Path:
    from inception_desktop.weights.exports import exports_dir

    target = exports_dir()
    shutil.copytree(exported, target, dirs_exist_ok=True)
    return target


def test_an_unchanged_export_is_trusted_by_its_signature(exported, monkeypatch):
    install(exported)
    info = find_export(NETWORK, None, untrained=True)
    assert info is not None and info.files_record is not None
    # copied: new inode and times, the same bytes -> hashed once, recorded again
    assert verify_export(info) is None
    import inception_desktop.weights.derived as derived

    def no_hashing(path):
        raise AssertionError(f"{path} hashed although unchanged")

    monkeypatch.setattr(derived, "file_sha256", no_hashing)
    again = find_export(NETWORK, None, untrained=True)
    assert again is not None and verify_export(again) is None


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(["onnx", "head"]), offset=st.integers(0, 10**9),
       data=st.binary(min_size=1, max_size=16))
def test_a_changed_export_is_made_again_with_one_line(exported, which, offset, data):
    from inception_desktop.engine.export import ensure_export

    install(exported)
    info = find_export(NETWORK, None, untrained=True)
    assert info is not None
    path = info.onnx_path if which == "onnx" else info.head_path
    original = file_sha256(path)
    mutate(path, offset, data)
    if file_sha256(path) == original:
        return  # wrote the bytes that were there
    state = Said()
    again = ensure_export(untrained(NETWORK), state=state)
    changed = [line for line in state.lines if "changed since it was made" in line]
    assert len(changed) == 1 and str(path) in changed[0] and "exporting it again" in changed[0]
    assert file_sha256(path) == original  # made again: the same bytes as before
    assert verify_export(again) is None


def test_a_changed_int8_export_is_refused_and_removed(exported):
    """An int8 export cannot be made again here (its calibration images are `quantize`'s):
    a changed one is removed and the run says how to make it again."""
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.weights.exports import export_files_record, export_key

    folder = install(exported)
    fp32 = find_export(NETWORK, None, untrained=True)
    assert fp32 is not None
    key = export_key(NETWORK, None, fp32.opset, "int8", "c" * 64)
    for suffix in (".onnx", ".head.npz"):
        shutil.copyfile(fp32.onnx_path.with_suffix(suffix), folder / f"{key}{suffix}")
    meta = json.loads(fp32.meta_path.read_text())
    meta.update(precision="int8", calibration="c" * 64,
                files=export_files_record(folder / f"{key}.onnx"))
    (folder / f"{key}.json").write_text(json.dumps(meta))
    int8 = read_export_info(folder / f"{key}.json")
    assert int8 is not None and verify_export(int8) is None
    mutate(int8.onnx_path, 5000, b"\xff" * 8)
    with pytest.raises(BackendError, match=r"changed since it was made.*quantize"):
        Predictor(NETWORK, random_weights=True, backend="onnxruntime", precision="int8")
    assert not int8.meta_path.exists()


def test_a_changed_cached_prediction_is_computed_again():
    from inception_desktop.engine.prediction_cache import PredictionCache

    cache = PredictionCache("test.sqlite", 4, source="weights-a|export-a")
    rows = [(f"k{i}", np.arange(4, dtype=np.float32) + i) for i in range(5)]
    cache.put_many(rows)
    assert len(cache.get_many([k for k, _ in rows])) == 5 and cache.changed == 0
    assert cache.path is not None
    path = cache.path
    cache.close()
    st = path.stat()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE logits SET value = ? WHERE key = 'k2'",
                    (np.full(4, 9, "<f4").tobytes(),))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    cache = PredictionCache("test.sqlite", 4, source="weights-a|export-a")
    found = cache.get_many([k for k, _ in rows])
    assert set(found) == {"k0", "k1", "k3", "k4"} and cache.changed == 1
    cache.close()
    other = PredictionCache("test.sqlite", 4, source="weights-a|export-b")
    assert other.get_many([k for k, _ in rows]) == {} and "emptied" in (other.emptied or "")
    other.close()


def test_a_changed_feature_vector_is_computed_again(tmp_path):
    from inception_desktop.training.features import _read_cached, _write_cached

    path = tmp_path / "k.npz"
    vector = np.linspace(0, 1, 16, dtype=np.float32)
    _write_cached(path, vector, "source", "k")
    assert np.array_equal(_read_cached(path, 16, "source", "k"), vector)
    assert _read_cached(path, 16, "another source", "k") is False  # made from another
    _write_cached(path, vector, "source", "k")
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["vector"] = arrays["vector"].copy()
    arrays["vector"][3] = 7.0
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    assert _read_cached(path, 16, "source", "k") is False and not path.exists()


def test_a_changed_channel_index_is_built_again(tmp_path):
    from inception_desktop.engine import channel_index as ci
    from inception_desktop.models import get_spec

    spec = get_spec(NETWORK)
    folder = tmp_path / "photos"
    folder.mkdir()
    index = ci.ChannelIndex(NETWORK, untrained(NETWORK).identity(), str(folder.resolve()), 3,
                            [], {b.path: ci.BlockTop.empty(b.channels, 3) for b in spec.blocks},
                            source="s")
    path = ci.index_path(NETWORK, None, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    ci.save_index(index, path)
    assert ci.load_index(path, NETWORK) is not None
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["b0_mean"] = arrays["b0_mean"] + 1.0
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    plan = ci.plan_update(NETWORK, None, folder, 3)
    assert plan.rebuild and plan.index is None
    assert plan.changed is not None and "changed since it was made" in plan.changed
