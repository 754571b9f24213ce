"""The cache never uses changed bytes as verified weights, imports cannot hide files, names
are claimed once, and a network whose outputs are not finite is reported as corrupt."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import torch

from inception_desktop.cli import main
from inception_desktop.engine.predictor import Predictor
from inception_desktop.errors import WeightsError
from inception_desktop.weights.importer import import_weights
from inception_desktop.weights.store import (
    list_entries,
    official_cache_path,
    provenance_path,
    read_provenance,
    remove_entry,
)
from tests.helpers.publish import publish
from tests.helpers.reference import make_checkpoint, random_reference, save_in_format


def overwrite_middle_keep_mtime(path, n=4096):
    """Bit rot, or a careless tool: 4 KB in the middle change, the mtime is put back."""
    st = path.stat()
    with open(path, "r+b") as f:
        f.seek(st.st_size // 2)
        f.write(os.urandom(n))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_bit_rot_in_an_import_is_never_run_as_verified(tmp_path, capsys):
    src = make_checkpoint("inception_v4", "timm-safetensors", tmp_path)
    entry = import_weights(src, name="mine")
    overwrite_middle_keep_mtime(entry.path)
    (listed,) = [e for e in list_entries() if e.name == "mine"]
    assert listed.status == "corrupt" and "changed since import" in listed.problem
    img = tmp_path / "a.png"
    from PIL import Image

    Image.new("RGB", (80, 60), (10, 200, 30)).save(img)
    code = main(["classify", str(img), "--weights", "mine", "--backend", "torch",
                 "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1 and "corrupt" in captured.err and captured.out == ""


def test_forged_provenance_claiming_the_official_hash_is_caught(monkeypatch, server,
                                                                 v3_checkpoint, tmp_path):
    """Foreign bytes in the official place with a sidecar that claims the published hash and
    matches the file's signature: loading hashes the bytes and refuses them."""
    path, sha = v3_checkpoint
    publish(monkeypatch, server, "inception_v3", path.read_bytes())
    target = official_cache_path("inception_v3")
    target.parent.mkdir(parents=True)
    foreign = make_checkpoint("inception_v3", "torchvision", tmp_path / "other", seed=7)
    target.write_bytes(foreign.read_bytes())
    st = target.stat()
    provenance_path(target).write_text(json.dumps({
        "sha256": sha, "source": "forged", "size": st.st_size, "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns, "inode": st.st_ino}))
    with pytest.raises(WeightsError, match="changed since it was verified"):
        Predictor("inception_v3", backend="torch", device="cpu")


def test_outputs_that_are_not_finite_are_corrupt_weights(tmp_path, capsys):
    model = random_reference("inception_v3")
    broken = {k: v.clone() for k, v in model.state_dict().items()}
    broken["fc.weight"] = torch.full_like(broken["fc.weight"], 3e38)  # finite, overflows
    folder = tmp_path / "w"
    folder.mkdir()
    torch.save(broken, folder / "overflowing.pth")
    img = tmp_path / "a.png"
    from PIL import Image

    Image.new("RGB", (80, 60), (200, 200, 30)).save(img)
    code = main(["classify", str(img), "--weights", str(folder / "overflowing.pth"),
                 "--backend", "torch", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1 and "not finite numbers" in captured.err
    assert "NaN" not in captured.out and "Infinity" not in captured.out


@pytest.mark.parametrize("name", ["w.download", "w.lock", "a.provenance.json", "x.partial"])
def test_import_under_a_bookkeeping_name_is_listed_and_removable(name, tmp_path):
    src = make_checkpoint("inception_v4", "timm-safetensors", tmp_path / "src")
    odd = tmp_path / name
    odd.write_bytes(src.read_bytes())
    entry = import_weights(odd)
    assert entry.path.suffix == ".safetensors" and entry.status == "installed"
    assert [e.name for e in list_entries() if e.kind == "imported"] == [entry.name]
    remove_entry(entry.name)
    assert [e for e in list_entries() if e.kind == "imported"] == []


def test_a_network_named_file_gets_a_free_name(tmp_path):
    src = make_checkpoint("inception_v3", "torchvision", tmp_path / "src", seed=3)
    named = tmp_path / "inception_v3.pth"
    named.write_bytes(src.read_bytes())
    entry = import_weights(named)
    assert entry.name == "inception_v3-imported" and entry.kind == "imported"
    assert read_provenance(entry.path)["original_name"] == "inception_v3.pth"


@pytest.mark.parametrize("stem", ["all", "nul", "Com3"])
def test_a_file_with_a_reserved_name_gets_a_free_one(stem, checkpoints, tmp_path):
    """'all' means every network in --models; CON, NUL, COM3... cannot be files on Windows."""
    named = tmp_path / f"{stem}.pth"
    named.write_bytes(checkpoints("inception_v3").read_bytes())
    entry = import_weights(named)
    assert entry.name.startswith(f"{stem}-") and entry.status == "installed"


CONCURRENT_IMPORT = """
import sys
from inception_desktop.cli import main
sys.exit(main(["weights", "import", sys.argv[1], "--name", "shared-name"]))
"""


def test_two_imports_with_one_name_leave_one_entry(tmp_path, _private_data_dir):
    files = [save_in_format(random_reference("inception_v4", seed), "inception_v4",
                            "timm-safetensors", tmp_path / f"s{seed}") for seed in (1, 2)]
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(_private_data_dir))
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_IMPORT, str(f)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert sorted(code for code, _ in results) == [0, 1]
    assert any("already exist" in err for _, err in results)
    assert [e.name for e in list_entries() if e.kind == "imported"] == ["shared-name"]
