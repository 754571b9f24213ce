"""`weights import`: every format, the right network worked out, provenance recorded, and
`resolve_weights` choosing what runs."""

from __future__ import annotations

import pytest

from inception_desktop.cli import main
from inception_desktop.models import create_model
from inception_desktop.weights import WeightsError, save_app_checkpoint
from inception_desktop.weights.importer import import_weights
from inception_desktop.weights.resolve import resolve_weights
from inception_desktop.weights.store import list_entries, official_cache_path, read_provenance
from tests.helpers.publish import publish
from tests.helpers.reference import FORMATS, make_checkpoint

CASES = [(name, fmt) for name, fmts in FORMATS.items() for fmt in fmts]


@pytest.mark.parametrize(("network", "fmt"), CASES)
def test_import_each_format(network, fmt, tmp_path, capsys):
    src = make_checkpoint(network, fmt, tmp_path / "src")
    assert main(["weights", "import", str(src)]) == 0
    assert "imported" in capsys.readouterr().out
    entry = next(e for e in list_entries() if e.kind == "imported")
    assert (entry.network, entry.status, entry.name) == (network, "installed", src.stem)
    assert entry.path.read_bytes() == src.read_bytes()
    record = read_provenance(entry.path)
    assert record["source"] == str(src.resolve()) and record["format"] == fmt
    assert record["sha256"] == entry.sha256 and record["date"]
    # With no published file installed, the import is what the network runs with.
    choice = resolve_weights(network)
    assert choice.path == entry.path and not choice.untrained


def test_import_of_another_networks_file(tmp_path, capsys):
    src = make_checkpoint("inception_v4", "timm-safetensors", tmp_path)
    assert main(["weights", "import", str(src), "--model", "inception_resnet_v2"]) == 1
    err = capsys.readouterr().err
    assert "holds Inception-v4 weights, not Inception-ResNet-v2: choose inception_v4" in err
    assert [e for e in list_entries() if e.status == "installed"] == []


def test_import_broken_file_leaves_cache_empty(tmp_path, capsys):
    src = make_checkpoint("inception_v4", "timm-bin", tmp_path)
    src.write_bytes(src.read_bytes()[:5000])
    assert main(["weights", "import", str(src)]) == 1
    assert "truncated or corrupt" in capsys.readouterr().err
    assert [e for e in list_entries() if e.status == "installed"] == []


def test_import_of_published_file_installs_it_as_pretrained(monkeypatch, server, v3_checkpoint):
    path, sha = v3_checkpoint
    publish(monkeypatch, server, "inception_v3", path.read_bytes())
    entry = import_weights(path)
    assert entry.kind == "pretrained" and entry.path == official_cache_path("inception_v3")
    assert entry.sha256 == sha


def test_import_custom_checkpoint_lists_it_by_name(tmp_path):
    model = create_model("inception_v4", num_classes=2)
    src = save_app_checkpoint(model, tmp_path / "my-flowers.safetensors",
                              class_names=["rose", "tulip"])
    entry = import_weights(src)
    assert (entry.kind, entry.name, entry.network) == ("custom", "my-flowers", "inception_v4")
    assert entry.class_names == ["rose", "tulip"]
    with pytest.raises(WeightsError, match="already installed as 'my-flowers'"):
        import_weights(src)
    other = save_app_checkpoint(model, tmp_path / "my-flowers-2.safetensors",
                                class_names=["rose", "lily"])
    with pytest.raises(WeightsError, match="already exist"):
        import_weights(other, name="my-flowers")
    assert import_weights(other, name="flowers-2").name == "flowers-2"
    # A custom model is chosen by name, never as a network's ImageNet weights.
    assert resolve_weights("inception_v4", weights="flowers-2").path == entry.path.with_name(
        "flowers-2.safetensors")
    with pytest.raises(WeightsError, match="weights download inception_v4"):
        resolve_weights("inception_v4")


def test_resolve_without_weights_says_how_to_get_them():
    with pytest.raises(WeightsError) as err:
        resolve_weights("inception_resnet_v2")
    message = str(err.value)
    assert "weights download inception_resnet_v2" in message
    assert "weights import FILE" in message and "--random-weights" in message


def test_resolve_random_and_explicit(tmp_path):
    choice = resolve_weights("inception_v3", random_weights=True)
    assert choice.untrained and choice.path is None and "meaningless" in choice.describe()
    src = make_checkpoint("inception_v4", "timm-bin", tmp_path)
    assert resolve_weights("inception_v4", weights=src).path == src
    with pytest.raises(WeightsError, match="no such file"):
        resolve_weights("inception_v4", weights=tmp_path / "nope.pth")


def test_bundled_weights_come_first(monkeypatch, server, tmp_path, v3_checkpoint):
    path, _ = v3_checkpoint
    publish(monkeypatch, server, "inception_v3", path.read_bytes())
    bundle = tmp_path / "bundle"
    (bundle / "inception_v3").mkdir(parents=True)
    (bundle / "inception_v3" / path.name).write_bytes(path.read_bytes())
    monkeypatch.setenv("INCEPTION_DESKTOP_BUNDLED_WEIGHTS", str(bundle))
    import_weights(make_checkpoint("inception_v3", "torchvision", tmp_path / "other", seed=1),
                   name="other-v3")
    choice = resolve_weights("inception_v3")
    assert choice.path == bundle / "inception_v3" / path.name
    entry = next(e for e in list_entries() if e.name == "inception_v3")
    assert entry.bundled and entry.status == "installed"
    assert main(["weights", "remove", "inception_v3"]) == 1  # read-only


def test_bundled_files_are_not_rehashed_at_every_start(monkeypatch, server, tmp_path,
                                                        v3_checkpoint):
    import os

    import inception_desktop.weights.store as store
    from inception_desktop.weights.store import write_provenance

    path, sha = v3_checkpoint
    publish(monkeypatch, server, "inception_v3", path.read_bytes())
    shipped = tmp_path / "bundle" / "inception_v3" / path.name
    shipped.parent.mkdir(parents=True)
    shipped.write_bytes(path.read_bytes())
    write_provenance(shipped, sha, "bundled", network="inception_v3")
    os.utime(shipped, (1_000_000, 1_000_000))  # installing a bundle changes mtimes
    monkeypatch.setenv("INCEPTION_DESKTOP_BUNDLED_WEIGHTS", str(tmp_path / "bundle"))
    hashed = []
    monkeypatch.setattr(store, "file_sha256", lambda p: hashed.append(p) or "0" * 64)
    entry = next(e for e in list_entries() if e.name == "inception_v3")
    assert entry.bundled and entry.status == "installed" and entry.sha256 == sha
    assert hashed == []
    # verify still re-hashes everything
    entry = next(e for e in list_entries(rehash=True) if e.name == "inception_v3")
    assert hashed and entry.status == "corrupt"
