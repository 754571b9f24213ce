"""Scanning a folder data set: classes, counts, skipped and hidden files, the split."""

from __future__ import annotations

import pytest

from inception_desktop.training.dataset import DatasetError, scan_folder
from tests.helpers.datasets import make_dataset


def test_scan_with_broken_and_hidden_files(tmp_path):
    root = make_dataset(tmp_path / "data", per_class=10)
    (root / "circle" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    (root / "square" / "empty.jpg").write_bytes(b"")
    (root / "square" / ".hidden.png").write_bytes(b"x")
    (root / "triangle" / "notes.txt").write_text("hello")
    (root / ".thumbnails").mkdir()
    (root / ".thumbnails" / "a.png").write_bytes(b"x")
    (root / "lonely").mkdir()
    make_dataset(tmp_path / "one", per_class=1, classes=("lonely",))
    (tmp_path / "one" / "lonely" / "lonely_000.png").rename(root / "lonely" / "only.png")
    report = scan_folder(root, val_split=0.2, seed=3)
    assert report.classes == ["circle", "lonely", "square", "triangle"]
    assert report.counts() == {"circle": 10, "lonely": 1, "square": 10, "triangle": 10}
    assert sorted(f for f, _ in report.skipped) == ["circle/broken.png", "square/empty.jpg"]
    assert report.ignored == 2  # .hidden.png, notes.txt (.thumbnails is never entered)
    assert report.small_classes == ["lonely"]
    assert report.counts("val") == {"circle": 2, "lonely": 0, "square": 2, "triangle": 2}
    text = report.summary()
    assert "fewer than 2 images" in text and "broken.png" in text
    again = scan_folder(root, val_split=0.2, seed=3)
    assert [(s.path, s.split) for s in again.samples] == [(s.path, s.split)
                                                          for s in report.samples]
    other = scan_folder(root, val_split=0.2, seed=4)
    val_paths = {s.path for s in report.split_samples("val")}
    assert {s.path for s in other.split_samples("val")} != val_paths
    assert report.fingerprint() == again.fingerprint()


def test_explicit_train_and_val_folders(tmp_path):
    make_dataset(tmp_path / "train", per_class=4, classes=("a", "b"))
    make_dataset(tmp_path / "val", per_class=2, classes=("a", "b"))
    report = scan_folder(tmp_path)
    assert report.explicit_split
    assert report.counts("train") == {"a": 4, "b": 4}
    assert report.counts("val") == {"a": 2, "b": 2}


def test_bad_folders(tmp_path):
    with pytest.raises(DatasetError, match="not a folder"):
        scan_folder(tmp_path / "missing")
    make_dataset(tmp_path / "single", per_class=3, classes=("only",))
    with pytest.raises(DatasetError, match="at least 2 sub-folders"):
        scan_folder(tmp_path / "single")


def test_colliding_and_untrainable_classes_are_flagged(tmp_path):
    from tests.helpers.datasets import make_dataset

    root = tmp_path / "flowers"
    make_dataset(root / "train", per_class=3, classes=("Rose", "rose", "tulip"), size=40)
    make_dataset(root / "val", per_class=2, classes=("Rose", "tulip", "daisy"), size=40)
    scan = scan_folder(root)
    assert scan.untrainable_classes == ["daisy"]
    assert scan.colliding_classes == [["Rose", "rose"]]
    warnings = scan.warnings()
    assert any("'daisy' has no training image" in w for w in warnings)
    assert any("'Rose', 'rose' differ only by case" in w for w in warnings)
    summary = scan.summary()
    assert "daisy" in summary and "<- no training image" in summary
    # The columns line up: the counts of every class row end at the same place.
    rows = [line for line in summary.splitlines()[2:] if line.startswith("  ") and
            line.split()[0] in scan.classes]
    ends = {len(line.split("  <-")[0]) for line in rows}
    assert len(ends) == 1
