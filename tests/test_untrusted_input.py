"""Generated bad input: every reader of an untrusted file (weights, app metadata, images,
provenance sidecars, settings, cache entries) gives a result or its own one-line error, never
another exception. Hypothesis mutates valid files instead of a list of cases we thought of."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inception_desktop.errors import ImageError, WeightsError

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@st.composite
def mutated(draw, data: bytes):
    """A valid file's bytes, damaged: truncated, bytes flipped, a run inserted or removed."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "overwrite"]))
        if not out:
            break
        at = draw(st.integers(0, len(out) - 1))
        if kind == "truncate":
            del out[at:]
        elif kind == "flip":
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del out[at:at + draw(st.integers(1, 64))]
        else:
            chunk = draw(st.binary(min_size=1, max_size=64))
            out[at:at + len(chunk)] = chunk
    return bytes(out)


# ----------------------------------------------------------------------------- weights

def _tiny_state_dicts() -> dict[str, bytes]:
    """Small files in each container the loader reads, shaped like real checkpoints (one
    signature key and a classifier), so mutations exercise the real code paths."""
    import torch
    from safetensors.torch import save as save_safetensors

    sd = {"features.0.conv.weight": torch.randn(4, 3, 3, 3),
          "last_linear.weight": torch.randn(1000, 8), "last_linear.bias": torch.randn(1000)}
    zip_buf, legacy_buf = io.BytesIO(), io.BytesIO()
    torch.save(sd, zip_buf)
    torch.save(sd, legacy_buf, _use_new_zipfile_serialization=False)
    return {"zip": zip_buf.getvalue(), "legacy": legacy_buf.getvalue(),
            "safetensors": save_safetensors(sd)}


TINY = _tiny_state_dicts()


@pytest.mark.parametrize("container", list(TINY))
@FAST
@given(data=st.data())
def test_damaged_weight_files_give_their_own_error(container, data, tmp_path):
    from inception_desktop.weights.checkpoint import inspect_checkpoint

    path = tmp_path / f"w-{container}.pth"
    path.write_bytes(data.draw(mutated(TINY[container])))
    try:
        inspect_checkpoint(path)
    except WeightsError as exc:
        assert path.name in str(exc) or str(path) in str(exc)


def _head_file(tmp_path) -> bytes:
    from inception_desktop.weights.headfile import save_head_checkpoint

    path = tmp_path / "head.safetensors"
    save_head_checkpoint(path, "inception_v3", np.ones((2, 2048), np.float32),
                         np.zeros(2, np.float32), ["a", "b"],
                         {"name": "base", "sha256": "0" * 64, "untrained": False})
    return path.read_bytes()


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) |
                    st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


@FAST
@given(data=st.data())
def test_damaged_head_files_give_their_own_error(data, tmp_path_factory):
    from inception_desktop.weights.checkpoint import inspect_checkpoint

    tmp = tmp_path_factory.mktemp("head")
    path = tmp / "head.safetensors"
    path.write_bytes(data.draw(mutated(_head_file(tmp))))
    try:
        inspect_checkpoint(path)
    except WeightsError as exc:
        assert "head.safetensors" in str(exc)


@FAST
@given(key=st.sampled_from(["model", "contents", "num_classes", "class_names", "name",
                            "base_weights", "format_version", "preprocessing"]),
       value=JSON)
def test_crafted_app_metadata_gives_its_own_error(key, value, tmp_path_factory):
    """A string where an object belongs, zero classes, a number as a name, not JSON..."""
    from safetensors.numpy import save_file

    from inception_desktop.weights.checkpoint import inspect_checkpoint
    from inception_desktop.weights.headfile import save_head_checkpoint

    tmp = tmp_path_factory.mktemp("meta")
    good = tmp / "good.safetensors"
    save_head_checkpoint(good, "inception_v3", np.ones((2, 2048), np.float32),
                         np.zeros(2, np.float32), ["a", "b"],
                         {"name": "base", "sha256": "0" * 64, "untrained": False})
    from inception_desktop.weights.appformat import raw_metadata

    meta = dict(raw_metadata(good) or {})
    meta[key] = json.dumps(value) if not isinstance(value, str) else value
    path = tmp / "crafted.safetensors"
    save_file({"classifier.weight": np.ones((2, 2048), np.float32),
               "classifier.bias": np.zeros(2, np.float32)}, str(path), metadata=meta)
    try:
        info = inspect_checkpoint(path)
    except WeightsError as exc:
        assert "crafted.safetensors" in str(exc)
    else:
        assert info.network == "inception_v3" and info.num_classes == 2


# ----------------------------------------------------------------------------- images

def _image_bytes() -> dict[str, bytes]:
    rng = np.random.default_rng(0)
    img = Image.fromarray(rng.integers(0, 255, (24, 32, 3), dtype=np.uint8))
    out = {}
    for fmt in ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"):
        buf = io.BytesIO()
        img.save(buf, fmt)
        out[fmt] = buf.getvalue()
    return out


IMAGES = _image_bytes()


@pytest.mark.parametrize("fmt", list(IMAGES))
@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_damaged_images_give_their_own_error(fmt, data):
    from inception_desktop.engine.images import load_image

    raw = data.draw(mutated(IMAGES[fmt]))
    try:
        img = load_image(raw, name=f"photo.{fmt.lower()}")
    except ImageError as exc:
        assert f"photo.{fmt.lower()}" in str(exc)
    else:
        assert img.mode == "RGB" and img.width > 0 and img.height > 0


# ----------------------------------------------------------------------------- sidecars

@FAST
@given(record=JSON)
def test_any_provenance_sidecar_never_breaks_the_cache_listing(record, tmp_path_factory,
                                                               monkeypatch):
    from inception_desktop.weights.store import list_entries, provenance_path

    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(data))
    custom = data / "weights" / "custom"
    custom.mkdir(parents=True)
    weights = custom / "mine.safetensors"
    weights.write_bytes(b"not really weights")
    provenance_path(weights).write_text(json.dumps(record))
    entries = list_entries()
    mine = [e for e in entries if e.path == weights]
    assert len(mine) == 1
    assert mine[0].status in ("installed", "corrupt")
    assert isinstance(mine[0].name, str) and isinstance(mine[0].num_classes, int)
    json.dumps([e.to_json() for e in entries], allow_nan=False)  # `weights list --format json`


# ----------------------------------------------------------------------------- settings

SETTING_VALUES = st.one_of(JSON, st.floats(allow_nan=True, allow_infinity=True),
                           st.just(1e12), st.just(-1))


@FAST
@given(values=st.dictionaries(st.sampled_from(
    ["network", "weights", "backend", "device", "precision", "colormap", "normalization",
     "channel_order", "overlay_opacity", "tile_size", "geometry", "window_state",
     "recent_files", "untrained_ok", "serve_port", "unknown"]), SETTING_VALUES, max_size=8))
def test_any_settings_file_gives_valid_settings(values, tmp_path_factory):
    from inception_desktop.gui.settings import Settings, load_settings

    path = tmp_path_factory.mktemp("cfg") / "settings.json"
    path.write_text(json.dumps({"version": 1, **values}))
    loaded, warning = load_settings(path)
    assert isinstance(loaded, Settings)
    assert 0.0 <= loaded.overlay_opacity <= 1.0 and math.isfinite(loaded.overlay_opacity)
    assert all(isinstance(p, str) for p in loaded.recent_files)
    assert 32 <= loaded.tile_size <= 256 and 1024 <= loaded.serve_port <= 65535
    json.dumps(loaded.__dict__, allow_nan=False)  # and it can be saved again


def test_deeply_nested_settings_are_put_aside(tmp_path):
    from inception_desktop.gui.settings import Settings, load_settings

    path = tmp_path / "settings.json"
    path.write_text('{"version": 1, "recent_files": ' + "[" * 100_000 + "]" * 100_000 + "}")
    loaded, warning = load_settings(path)
    assert loaded == Settings() and "could not be read" in warning


# ----------------------------------------------------------------------------- caches

@FAST
@given(raw=st.binary(max_size=300))
def test_damaged_feature_cache_entries_are_recomputed(raw, tmp_path_factory):
    from inception_desktop.training.features import _read_cached

    path = tmp_path_factory.mktemp("feat") / "entry.npz"
    path.write_bytes(raw)
    got = _read_cached(path, 2048, "source", "key")
    assert got is None or got is False  # recomputed: never a vector from damaged bytes


@FAST
@given(meta=JSON)
def test_damaged_export_metadata_is_ignored(meta, tmp_path_factory):
    from inception_desktop.weights.exports import read_export_info

    folder = tmp_path_factory.mktemp("onnx")
    for suffix in (".onnx", ".head.npz"):
        (folder / f"x{suffix}").write_bytes(b"stub")
    (folder / "x.json").write_text(json.dumps(meta))
    info = read_export_info(folder / "x.json")
    assert info is None or isinstance(info.network, str)
