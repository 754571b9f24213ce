"""Fault injection: full disks, a data folder that cannot be written, interrupted writes, a
decoder that raises anything. Nothing half-written survives, the caches stay consistent, and
one bad file never stops a batch."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from inception_desktop.cli import main
from inception_desktop.errors import OutputError, WeightsError
from inception_desktop.fileio import atomic_path, atomic_write_json, clean_stale_partials
from tests.helpers.datasets import make_dataset
from tests.helpers.reference import make_checkpoint


def image(path, color=(200, 30, 30), size=(90, 70)):
    Image.new("RGB", size, color).save(path)
    return path


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_atomic_write_leaves_the_old_file_when_the_disk_fills(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    atomic_write_json(target, {"old": True})
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError) as caught:  # one line for the user, still an OSError
        atomic_write_json(target, {"new": True})
    # The file's name first, its folder after.
    assert str(caught.value).startswith(
        f"cannot write report.json in {tmp_path}: the disk is full")
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert json.loads(target.read_text()) == {"old": True}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


@pytest.mark.parametrize("step", ["open", "replace"])
def test_a_file_system_refusing_an_output_is_one_line(step, tmp_path, monkeypatch):
    """Where permissions say yes but the file system says no (/proc, a full or gone mount):
    checked before the work when the output is an option, one line if it happens later."""
    data = make_dataset(tmp_path / "shapes", per_class=3, size=48)
    real = getattr(os, step)

    def refuse(*args, **kwargs):
        if ".partial" in str(args[0]):
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, step, refuse)
    out = tmp_path / "m.safetensors"
    code = main(["finetune", str(data), "--random-weights", "--epochs", "1",
                 "--out", str(out)])
    assert code == (2 if step == "open" else 1)
    assert not out.exists() and not list(tmp_path.glob(".*partial"))
    where = f"m.safetensors in {re.escape(str(tmp_path))}"
    with pytest.raises(OutputError, match=f"cannot write {where}: Input/output error"):
        atomic_write_json(out, {})


def test_outputs_have_the_usual_modes(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    with atomic_path(tmp_path / "out.bin") as tmp:
        tmp.write_bytes(b"x")
    mode = stat.S_IMODE((tmp_path / "out.bin").stat().st_mode)
    assert mode == 0o666 & ~umask


def test_import_on_a_full_disk_leaves_the_cache_empty(tmp_path, monkeypatch, capsys):
    import shutil

    src = make_checkpoint("inception_v4", "timm-safetensors", tmp_path)
    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    assert main(["weights", "import", str(src)]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and len(err.strip().splitlines()) == 1
    from inception_desktop.paths import weights_dir

    leftovers = [p for p in weights_dir().rglob("*") if p.is_file() and
                 not p.name.endswith(".lock")]
    assert leftovers == []


@pytest.fixture
def data_is_a_file(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(blocker))
    return blocker


def test_classify_still_works_when_the_data_folder_is_a_file(data_is_a_file, tmp_path):
    img = image(tmp_path / "a.png")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # its own process, so that what it leaves in the temporary folder at exit can be seen
    run = subprocess.run([sys.executable, "-m", "inception_desktop", "classify", str(img),
                          "--random-weights", "--format", "json"],
                         capture_output=True, text=True, env={**os.environ, "TMPDIR": str(scratch)})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["predictions"]
    assert "temporary folder" in run.stderr and "Traceback" not in run.stderr
    assert list(scratch.glob("inception-*")) == []  # the 100 MB export went with the process


def test_head_finetune_still_works_when_the_data_folder_is_a_file(data_is_a_file, tmp_path,
                                                                  capsys):
    data = make_dataset(tmp_path / "shapes", per_class=4, size=64)
    out = tmp_path / "m.safetensors"
    code = main(["finetune", str(data), "--random-weights", "--epochs", "3",
                 "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert out.is_file() and out.with_suffix(".json").is_file()
    assert "not cached" in captured.err


def test_download_into_a_file_is_one_line(data_is_a_file, capsys):
    assert main(["weights", "download", "inception_v3", "--timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert "cannot use the weight cache" in err and "INCEPTION_DESKTOP_DATA_DIR" in err


def test_partials_of_killed_runs_are_cleaned_at_start(tmp_path):
    """A SIGKILL mid-write leaves `.<name>.<pid>-<rand>.partial`; the next run removes the
    ones whose process is gone, and leaves a live process's alone."""
    dead = tmp_path / ".m.safetensors.999999999-abcd.partial"
    live = tmp_path / f".m.safetensors.{os.getpid()}-beef.partial"
    other = tmp_path / ".notes.txt.999999999-abcd.partial"
    for p in (dead, live, other):
        p.write_bytes(b"half")
    assert clean_stale_partials(tmp_path, prefix="m.safetensors") == 1
    assert not dead.exists() and live.exists() and other.exists()


def test_finetune_cleans_its_stale_partial_beside_out(tmp_path, capsys):
    data = make_dataset(tmp_path / "shapes", per_class=4, size=64)
    out = tmp_path / "run" / "m.safetensors"
    out.parent.mkdir()
    stale = out.parent / ".m.safetensors.999999999-abcd.partial"
    stale.write_bytes(b"half a checkpoint")
    assert main(["finetune", str(data), "--random-weights", "--epochs", "2",
                 "--out", str(out)]) == 0
    assert not stale.exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["m.json", "m.safetensors"]


class Boom(Exception):
    """An exception type no loader lists."""


@pytest.fixture
def one_file_explodes(monkeypatch):
    """Pillow's decoder raises an arbitrary exception type for any file named boom*."""
    from PIL import ImageFile

    real_load = ImageFile.ImageFile.load

    def load(self):
        if "boom" in str(getattr(self, "filename", "") or getattr(self.fp, "name", "")):
            raise Boom("the decoder fell over")
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_one_file_raising_anything_never_stops_classify(one_file_explodes, tmp_path, capsys):
    files = [image(tmp_path / f"{n}.png", (i * 40, 100, 200)) for i, n in
             enumerate(["a", "b", "boom", "c", "d"])]
    code = main(["classify", *map(str, files), "--random-weights", "--format", "json",
                 "--batch-size", "2"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == ["a.png", "b.png", "boom.png",
                                                             "c.png", "d.png"]
    assert "the decoder fell over" in rows[2]["error"]
    assert all("predictions" in r for i, r in enumerate(rows) if i != 2)


def test_one_file_raising_anything_never_stops_the_scan(one_file_explodes, tmp_path):
    from inception_desktop.training.dataset import scan_folder

    data = make_dataset(tmp_path / "shapes", per_class=4, size=48)
    image(data / "circle" / "boom.png")
    from PIL import PngImagePlugin

    real_verify = PngImagePlugin.PngImageFile.verify

    def verify(self):
        if "boom" in str(getattr(self, "filename", "")):
            raise Boom("verify fell over")
        return real_verify(self)

    import unittest.mock

    with unittest.mock.patch.object(PngImagePlugin.PngImageFile, "verify", verify):
        scan = scan_folder(data)
    assert len(scan.samples) == 12
    assert [(f.rsplit("/", 1)[-1], "verify fell over" in why) for f, why in scan.skipped] == \
        [("boom.png", True)]


def test_one_file_raising_anything_never_stops_the_windows_batch(one_file_explodes,
                                                                 tmp_path):
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.gui.jobs import BatchItem, classify_items
    from inception_desktop.tasks import TaskState

    files = [image(tmp_path / f"{n}.png") for n in ("a", "boom", "b")]
    items = [BatchItem(str(f), str(f)) for f in files]
    predictor = Predictor("inception_v3", random_weights=True)
    classify_items(TaskState(), predictor, items)
    assert [bool(it.result) for it in items] == [True, False, True]
    assert "the decoder fell over" in items[1].error


def test_an_unreadable_folder_is_listed_not_fatal(tmp_path, monkeypatch, capsys):
    real_walk = os.walk
    good = tmp_path / "good"
    good.mkdir()
    image(good / "a.png")
    locked = tmp_path / "locked"
    locked.mkdir()

    def walk(top, onerror=None, **kw):
        if str(top) == str(locked):
            if onerror:
                onerror(PermissionError(errno.EACCES, "Permission denied", str(locked)))
            return iter(())
        return real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(os, "walk", walk)
    code = main(["classify", str(good), str(locked), "--random-weights", "--format", "csv"])
    captured = capsys.readouterr()
    assert code == 0 and "a.png" in captured.out
    assert f"locked in {tmp_path}: cannot be read (Permission denied)" in captured.err


def test_photos_between_pillows_warning_and_our_limit_load(tmp_path):
    """Pillow warns from 89.5 MP; the documented limit is 150 MP."""
    from inception_desktop.engine.images import MAX_PIXELS, load_image
    from inception_desktop.errors import ImageError

    big = tmp_path / "big.png"
    Image.new("L", (10_000, 9_600), 128).save(big)  # 96 MP
    assert load_image(big).size == (10_000, 9_600)
    huge = tmp_path / "huge.png"
    Image.new("1", (13_000, 12_000)).save(huge)  # 156 MP, refused before decoding
    with pytest.raises(ImageError, match=f"over the limit of {MAX_PIXELS:,}"):
        load_image(huge)


def test_feature_cache_entries_that_are_damaged_are_recomputed(tmp_path, shared_data_dir,
                                                              monkeypatch):
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.training.features import cache_dir, extract_features

    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(shared_data_dir))
    files = [image(tmp_path / f"{i}.png", (i * 60, 20, 90)) for i in range(3)]
    predictor = Predictor("inception_v3", random_weights=True)
    first = extract_features(predictor, files)
    folder = cache_dir("inception_v3", None)
    entries = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime)[-3:]
    entries[0].write_bytes(b"")  # empty
    with open(entries[1], "wb") as f:  # wrong shape
        np.savez(f, vector=np.zeros(7, np.float32), digest=np.zeros(64, np.uint8))
    second = extract_features(predictor, files)
    assert second.computed == 2 and second.cached == 1
    for key, vector in first.vectors.items():
        assert np.allclose(second.vectors[key], vector)


def test_resume_files_that_are_not_resume_files_are_one_line(tmp_path, capsys):
    data = make_dataset(tmp_path / "shapes", per_class=3, size=64)
    bogus = tmp_path / "bogus.pt"
    bogus.write_bytes(b"\x80\x02hello")
    code = main(["finetune", str(data), "--mode", "full", "--random-weights", "--epochs", "1",
                 "--input-size", "79", "--precision", "fp32", "--resume", str(bogus),
                 "--out", str(tmp_path / "f.safetensors")])
    err = capsys.readouterr().err
    assert code == 1 and "is not a resume file" in err and "Traceback" not in err


def test_a_weights_error_names_the_file(tmp_path):
    from inception_desktop.weights.checkpoint import inspect_checkpoint

    bad = tmp_path / "a.pth"
    bad.write_bytes(b"\x80\x02hello")
    with pytest.raises(WeightsError, match="a.pth"):
        inspect_checkpoint(bad)
