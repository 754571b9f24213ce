"""The review of a folder check: moves, exclusions, keeps and their undo lose nothing (every
file's content is somewhere, byte for byte), survive a restart, refuse to act on what changed
on disk meanwhile, and never replace a file."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inception_desktop.errors import AppError, DatasetError
from inception_desktop.training.dataset import scan_folder
from inception_desktop.training.review import (
    JOURNAL_NAME,
    STATE_FOLDER,
    FileStamp,
    Review,
    ReviewConflict,
    is_kept,
    keep_key,
)
from tests.helpers.datasets import make_dataset
from tests.helpers.planted import folder_contents as contents


@pytest.fixture
def folder(tmp_path):
    return make_dataset(tmp_path / "data", per_class=3, size=24)


def test_move_exclude_keep_and_undo_each_keep_every_file(folder):
    before = contents(folder)
    review = Review(folder)
    moved = review.move_to_class("circle/circle_000.png", "square")
    assert (folder / "square/circle_000.png").is_file()
    assert not (folder / "circle/circle_000.png").exists()
    excluded = review.exclude("square/square_001.png")
    assert (folder / "square/_excluded/square_001.png").is_file()
    key = keep_key("outlier", [before["triangle/triangle_002.png"]])
    review.keep(key, ["triangle/triangle_002.png"])
    assert is_kept(key, review.kept())
    # The scan for training sees the move and not the excluded image.
    scan = scan_folder(folder, val_split=0)
    names = {s.path.name: scan.classes[s.label] for s in scan.samples}
    assert names["circle_000.png"] == "square" and "square_001.png" not in names
    assert sorted(contents(folder).values()) == sorted(before.values())  # nothing lost
    assert [a.kind for a in review.history()] == ["move", "exclude", "keep"]
    review.undo()  # the keep
    assert not is_kept(key, review.kept())
    assert review.undo().id == excluded.id
    assert review.undo().id == moved.id
    assert contents(folder) == before  # every file back, byte for byte
    assert review.history() == []
    with pytest.raises(DatasetError, match="nothing to undo"):
        review.undo()


def test_the_journal_survives_a_restart_and_another_window_sees_it(folder):
    before = contents(folder)
    first = Review(folder)
    first.move_to_class("circle/circle_001.png", "triangle")
    second = Review(folder)  # a restart, or a second window
    assert [a.describe() for a in second.history()] == [
        "moved circle/circle_001.png to triangle"]
    second.exclude("circle/circle_002.png")
    first.undo()  # reads the journal first: undoes the other window's latest action
    assert (folder / "circle/circle_002.png").is_file()
    assert Review(folder).undo().kind == "move"
    assert contents(folder) == before
    journal = folder / STATE_FOLDER / JOURNAL_NAME
    assert all(json.loads(line) for line in journal.read_text().splitlines())


def test_train_val_layout_moves_within_the_split(tmp_path):
    root = tmp_path / "data"
    make_dataset(root / "train", per_class=2, size=24)
    make_dataset(root / "val", per_class=1, size=24, classes=("circle", "square"))
    review = Review(root)
    review.move_to_class("val/circle/circle_000.png", "triangle")  # val/triangle is new
    assert (root / "val/triangle/circle_000.png").is_file()
    review.exclude("train/square/square_001.png")
    assert (root / "train/square/_excluded/square_001.png").is_file()
    scan = scan_folder(root)
    assert scan.explicit_split and scan.counts("val")["triangle"] == 1
    assert scan.counts("train")["square"] == 1


def test_changes_on_disk_since_the_check_are_refused_not_overwritten(folder):
    review = Review(folder)
    target = folder / "circle/circle_000.png"
    seen = FileStamp.of(target)
    target.write_bytes(target.read_bytes() + b"edited elsewhere")  # edited while open
    with pytest.raises(ReviewConflict, match="changed on disk since the check"):
        review.move_to_class("circle/circle_000.png", "square", seen)
    gone = folder / "circle/circle_001.png"
    seen_gone = FileStamp.of(gone)
    gone.rename(folder / "circle/renamed.png")  # renamed in a file manager
    with pytest.raises(ReviewConflict, match="no longer there"):
        review.exclude("circle/circle_001.png", seen_gone)
    assert review.history() == []
    # A name taken at the target gets a free variant: nothing is replaced.
    (folder / "square/circle_002.png").write_bytes(b"another image of that name")
    review.move_to_class("circle/circle_002.png", "square")
    assert (folder / "square/circle_002.png").read_bytes() == b"another image of that name"
    assert (folder / "square/circle_002-2.png").is_file()


def test_an_undo_whose_way_back_is_blocked_is_refused(folder):
    before = contents(folder)
    review = Review(folder)
    review.move_to_class("circle/circle_000.png", "square")
    (folder / "circle/circle_000.png").write_bytes(b"a new file in the old place")
    with pytest.raises(ReviewConflict, match="exists again"):
        review.undo()
    (folder / "circle/circle_000.png").unlink()
    moved = (folder / "square/circle_000.png").read_bytes()
    (folder / "square/circle_000.png").unlink()  # deleted elsewhere after the move
    with pytest.raises(ReviewConflict, match="no longer there"):
        review.undo()
    assert len(review.history()) == 1  # still undoable once put back
    (folder / "square/circle_000.png").write_bytes(moved)
    review.undo()
    assert contents(folder) == before


def test_an_action_interrupted_by_a_crash_is_settled_from_the_disk(folder):
    review = Review(folder)
    action = review.move_to_class("circle/circle_000.png", "square")
    journal = folder / STATE_FOLDER / JOURNAL_NAME
    lines = journal.read_text().splitlines()
    # The process died after moving, before writing "done"; and a line was cut short.
    journal.write_text(lines[0] + "\n" + '{"id": "x", "do')
    assert [a.id for a in Review(folder).history()] == [action.id]
    # Died before moving: the intent is there, the file is not moved.
    intent = json.loads(lines[0])
    intent.update(id="second", moves=[{"source": "circle/circle_001.png",
                                       "target": "square/circle_001.png", "sha256": "0",
                                       "size": 1}])
    with open(journal, "a") as f:
        f.write("\n" + json.dumps(intent) + "\n")
    assert [a.id for a in Review(folder).history()] == [action.id]


def test_a_journal_that_cannot_be_written_changes_nothing(folder, monkeypatch):
    before = contents(folder)
    review = Review(folder)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(AppError, match="nothing was changed"):
        review.move_to_class("circle/circle_000.png", "square")
    monkeypatch.undo()
    assert contents(folder) == before and Review(folder).history() == []


def test_bad_requests_are_one_line_errors(folder):
    review = Review(folder)
    for call, match in [
        (lambda: review.move_to_class("circle/circle_000.png", "circle"), "already in"),
        (lambda: review.move_to_class("circle/circle_000.png", "../up"), "not a class"),
        (lambda: review.move_to_class("circle/circle_000.png", "_excluded"), "not a class"),
        (lambda: review.exclude("../outside.png"), "not inside"),
        (lambda: review.exclude("loose.png"), "not in a class folder"),
    ]:
        with pytest.raises(DatasetError, match=match):
            call()


def test_kept_duplicate_groups_cover_their_subsets_only():
    kept = {keep_key("duplicate", ["b", "a"])}
    assert is_kept(keep_key("duplicate", ["a", "b"]), kept)
    assert not is_kept(keep_key("duplicate", ["a", "b", "c"]), kept)  # a new copy joined
    assert not is_kept(keep_key("label", ["a"], "cat"), kept)


ACTIONS = st.lists(st.tuples(st.sampled_from(["move", "exclude", "undo"]),
                             st.integers(0, 8), st.sampled_from(["circle", "square",
                                                                 "triangle"])),
                   min_size=1, max_size=12)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ACTIONS)
def test_any_sequence_of_actions_and_undos_loses_nothing(tmp_path_factory, actions):
    root = make_dataset(tmp_path_factory.mktemp("any") / "data", per_class=3, size=16)
    before = contents(root)
    review = Review(root)
    for kind, pick, cls in actions:
        files = sorted(f for f in contents(root) if "/_excluded/" not in f)
        file = files[pick % len(files)]
        try:
            if kind == "move":
                review.move_to_class(file, cls)
            elif kind == "exclude":
                review.exclude(file)
            else:
                review.undo()
        except DatasetError:
            pass  # "already in", "nothing to undo": refused, nothing changed
        assert sorted(contents(root).values()) == sorted(before.values())
    while review.history():
        review.undo()
    assert contents(root) == before
