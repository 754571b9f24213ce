"""The folder check on a generated folder with planted problems: each list's recall and
precision against the plan (with margins), the report's shape, the command line, and a
check again after moves that computes nothing new and an undo that restores every file.

One check of the folder (Inception-v3 with random but well-scaled weights, onnxruntime) is
shared by the module; the others read the feature cache."""

from __future__ import annotations

import json

import pytest

from inception_desktop.cli import main
from inception_desktop.training.inspection import InspectConfig, inspect_folder
from inception_desktop.training.review import Review
from tests.helpers.planted import folder_contents as contents
from tests.helpers.planted import make_planted_folder


@pytest.fixture(scope="module")
def planted(tmp_path_factory, v3_base):
    plan = make_planted_folder(tmp_path_factory.mktemp("planted") / "data")
    config = InspectConfig(str(plan.root), weights=str(v3_base), backend="onnxruntime")
    return plan, config, inspect_folder(config)


def rates(found: set, planted: set) -> tuple[float, float]:
    hits = len(found & planted)
    return hits / max(len(planted), 1), hits / max(len(found), 1)


def test_suspected_label_errors_are_the_planted_ones(planted):
    plan, _, result = planted
    found = [i.file for i in result.label_issues]
    recall, precision = rates(set(found), set(plan.label_errors))
    top = found[:len(plan.label_errors)]
    top_precision = len(set(top) & set(plan.label_errors)) / len(top)
    print(f"label errors: recall {recall:.2f}, precision {precision:.2f}, precision of the "
          f"top {len(top)} {top_precision:.2f}")
    assert recall >= 0.8 and precision >= 0.6 and top_precision >= 0.8
    suggested = {i.file: i.suggested for i in result.label_issues}
    right = [f for f in plan.label_errors if suggested.get(f) == plan.label_errors[f]]
    assert len(right) >= 0.8 * len(plan.label_errors)
    scores = [i.score for i in result.label_issues]
    assert scores == sorted(scores, reverse=True)


def test_duplicates_are_grouped_and_their_leaks_named(planted):
    plan, _, result = planted
    groups = [set(g.files) for g in result.duplicates]
    found = [p for p in plan.duplicates if any(p <= g for g in groups)]
    correct = [g for g in groups if any(p <= g for p in plan.duplicates)]
    recall, precision = len(found) / len(plan.duplicates), len(correct) / max(len(groups), 1)
    print(f"duplicates: recall {recall:.2f}, precision {precision:.2f}")
    # Random weights see two images of one pattern and colour, turned, as close as a copy:
    # a few such pairs are expected.
    assert recall >= 0.8 and precision >= 0.7
    for g in result.duplicates:
        members = set(g.files)
        if any(p <= members for p in plan.cross_class):
            assert g.crosses_classes
        if any(p <= members for p in plan.cross_split):
            assert g.crosses_split
        if not any(p <= members for p in plan.cross_class + plan.cross_split):
            assert not g.crosses_split or len(members) > 2
    exact = [g for g in result.duplicates if any("same_" in f for f in g.files)]
    assert exact and all(g.similarity == 1.0 for g in exact)
    sims = [g.similarity for g in result.duplicates]
    assert sims == sorted(sims, reverse=True)


def test_outliers_and_odd_files_are_found(planted):
    plan, _, result = planted
    found = {o.file for o in result.outliers}
    recall, precision = rates(found, plan.outliers)
    print(f"outliers: recall {recall:.2f}, precision {precision:.2f}")
    assert recall >= 0.7 and precision >= 0.8
    reasons = {o.file: o.reason for o in result.outliers}
    assert reasons["train/yellow/broken.png"].startswith("unreadable")
    assert reasons["train/red/tiny.png"].startswith("tiny (12 x 12")
    assert reasons["train/green/blank.png"] == "nearly one colour"
    assert reasons["train/blue/banner.png"].startswith("extreme aspect ratio (8.0")
    scores = [o.score for o in result.outliers]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 1


def test_the_report_and_the_command_line(planted, tmp_path, capsys, v3_base):
    plan, _, result = planted
    report = tmp_path / "check.json"
    assert main(["inspect", str(plan.root), "--weights", str(v3_base), "--backend",
                 "onnxruntime", "--report", str(report), "--format", "json"]) == 0
    captured = capsys.readouterr()
    printed, written = json.loads(captured.out), json.loads(report.read_text())
    assert printed == written == json.loads(json.dumps(result.to_json()))
    assert list(written) == ["network", "weights", "images", "classes", "label_issues",
                             "duplicates", "outliers"]
    assert written["network"] == "inception_v3" and written["images"] == plan.images
    assert written["classes"] == ["blue", "green", "red", "yellow"]
    assert set(written["label_issues"][0]) == {"file", "given", "suggested", "score"}
    assert set(written["duplicates"][0]) == {"files", "similarity", "crosses_classes",
                                             "crosses_split"}
    assert set(written["outliers"][0]) == {"file", "reason", "score"}
    every = [i["file"] for i in written["label_issues"] + written["outliers"]] + \
        [f for g in written["duplicates"] for f in g["files"]]
    assert all((plan.root / f).exists() or f.endswith("broken.png") for f in every)
    assert not any(f.startswith("/") for f in every)
    assert "features: 0 computed" in captured.err  # the module's check cached them all
    # The table names each list.
    from inception_desktop.cli.inspection import _print_tables

    _print_tables(result)
    out = capsys.readouterr().out
    assert "Suspected label errors" in out and "train/val leak" in out and \
        "far from every class" in out


@pytest.mark.parametrize("args, message", [
    (["--report", "out.txt"], "--report"),
    (["--report", "/nonexistent-folder/x.json"], "does not exist"),
])
def test_mistakes_are_one_line(planted, args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = planted[0]
    assert main(["inspect", str(plan.root), "--random-weights", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_missing_folder_is_one_line(capsys, tmp_path):
    assert main(["inspect", str(tmp_path / "nope"), "--random-weights"]) == 1
    err = capsys.readouterr().err
    assert "no such folder" in err and len(err.strip().splitlines()) == 1


def test_acting_then_checking_again_computes_nothing_and_undo_restores_all(planted):
    """Last in the module: it changes the shared folder (and puts it back)."""
    plan, config, result = planted
    before = contents(plan.root)
    review = Review(plan.root)
    issue = next(i for i in result.label_issues if i.file in plan.label_errors)
    outlier = next(o for o in result.outliers if o.reason == "far from every class")
    group = next(g for g in result.duplicates if g.crosses_split)
    kept = next(o for o in result.outliers if o.reason.startswith("tiny"))
    try:
        review.move_to_class(issue.file, issue.suggested, result.entries[issue.file].stamp)
        review.exclude(outlier.file, result.entries[outlier.file].stamp)
        review.exclude(group.files[-1], result.entries[group.files[-1]].stamp)
        from inception_desktop.fileio import file_sha256
        from inception_desktop.training.review import keep_key

        review.keep(keep_key("outlier", [file_sha256(plan.root / kept.file)]), [kept.file])
        again = inspect_folder(config)
        assert again.features_computed == 0  # moved files kept their cached features
        assert issue.file not in {i.file for i in again.label_issues}
        assert outlier.file not in {o.file for o in again.outliers}
        assert kept.file not in {o.file for o in again.outliers} and again.kept_back >= 1
        assert set(group.files) not in [set(g.files) for g in again.duplicates]
        assert again.images == result.images - 2
    finally:
        while review.history():
            review.undo()
    assert contents(plan.root) == before
