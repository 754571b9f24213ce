"""No command overwrites a file the user never named (issue 23, item 9): over every command
that writes files and every output option (sidecars included), an output that is an input
of the same command, or an existing file the app did not write, is refused before any work
(exit 2, one line, the file untouched); the app's own earlier outputs are replaced; --force
replaces a foreign file but never an input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inception_desktop.cli import main
from inception_desktop.cli.outputs import (
    EVALUATE_REPORT,
    Output,
    check_outputs,
    export_metadata,
    predictions_table,
)
from inception_desktop.errors import UsageError
from tests.helpers.images import photo

FOREIGN = b"my own notes, not inception-desktop's\n"


@pytest.fixture
def place(tmp_path):
    data = tmp_path / "data"
    for label in ("cat", "dog"):
        (data / label).mkdir(parents=True)
        photo(64, 48, seed=len(label)).save(data / label / "a.jpg")
    calibration = tmp_path / "calibration"
    calibration.mkdir()
    labels = tmp_path / "labels.csv"
    labels.write_text("file,label\ncat/a.jpg,cat\ndog/a.jpg,dog\n")
    weights = tmp_path / "weights.safetensors"
    weights.write_bytes(b"not really weights")
    return {"data": data, "calibration": calibration, "labels": labels, "weights": weights,
            "root": tmp_path}


# (command line, output option, the file it is pointed at or whose sidecar collides)
def cases(p: dict[str, Path]) -> list[tuple[list[str], Path]]:
    v1 = ["--model", "inception_v1", "--random-weights"]
    root = p["root"]
    return [
        # an input of the same command
        (["evaluate", str(p["data"]), *v1, "--labels", str(p["labels"]), "--predictions",
          str(p["labels"])], p["labels"]),
        (["finetune", str(p["data"]), "--weights", str(p["weights"]), "--out",
          str(p["weights"])], p["weights"]),
        # a file the app did not write, named or beside what was named
        (["evaluate", str(p["data"]), *v1, "--report", str(root / "notes.json")],
         root / "notes.json"),
        (["evaluate", str(p["data"]), *v1, "--predictions", str(root / "notes.csv")],
         root / "notes.csv"),
        (["export-onnx", *v1, "--out", str(root / "notes.onnx")], root / "notes.json"),
        (["export-onnx", *v1, "--out", str(root / "notes.onnx")], root / "notes.head.npz"),
        (["finetune", str(p["data"]), *v1, "--out", str(root / "notes.safetensors")],
         root / "notes.json"),
        (["quantize", *v1, "--calibration", str(p["calibration"]), "--report",
          str(root / "notes.json")], root / "notes.json"),
    ]


@settings(max_examples=16, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.integers(0, 7), force=st.booleans())
def test_outputs_never_replace_inputs_or_foreign_files(place, capsys, case, force):
    for left in place["root"].glob("notes.*"):  # from an earlier example
        left.unlink()
    argv, victim = cases(place)[case]
    is_input = victim in (place["labels"], place["weights"])
    if not is_input:
        victim.write_bytes(FOREIGN)
    before = victim.read_bytes()
    if force:
        if not is_input:
            return  # --force would start the work: checked without it below
        argv = [*argv, "--force"]
    if argv[0] == "quantize":  # a calibration folder with enough images, so the check runs
        for i in range(8):
            photo(40, 30, seed=i).save(place["calibration"] / f"{i}.jpg")
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("inception-desktop:")]
    assert len(lines) == 1 and str(victim.name) in lines[0], err
    assert ("itself" in lines[0]) == is_input
    assert victim.read_bytes() == before


def test_the_apps_own_outputs_are_replaced_and_force_replaces_a_foreign_file(tmp_path):
    report = tmp_path / "report.json"
    report.write_text('{"dataset": {}, "models": []}')
    table = tmp_path / "predictions.csv"
    table.write_text("file,model,true_label,true_index,correct\n")
    check_outputs([Output("--report", report, EVALUATE_REPORT),
                   Output("--predictions", table, predictions_table)], [])
    foreign = tmp_path / "model.json"
    foreign.write_bytes(FOREIGN)
    sidecar = Output("--out's .json sidecar", foreign, export_metadata)
    with pytest.raises(UsageError, match="was not written by inception-desktop"):
        check_outputs([sidecar], [])
    check_outputs([sidecar], [], force=True)
    with pytest.raises(UsageError, match="itself"):
        check_outputs([sidecar], [("--labels", foreign)], force=True)


def test_default_training_name_is_never_none(tmp_path):
    from inception_desktop.training.config import FinetuneConfig

    config = FinetuneConfig(data_dir=str(tmp_path / "ds"), model=None,
                            weights="my-model.safetensors")
    assert config.resolved_out().name == "ds-my-model-head.safetensors"
