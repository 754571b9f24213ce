"""`classify`: the bad-input set, the JSON schema, exit statuses, EXIF orientation."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PIL import Image

from inception_desktop.cli import main
from inception_desktop.engine.images import load_image
from inception_desktop.engine.predictor import Predictor
from tests.helpers.images import make_bad_input_set


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    return folder, make_bad_input_set(folder)


def run_json(capsys, *args) -> tuple[int, list[dict]]:
    code = main(["classify", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def test_bad_input_set(bad_inputs, checkpoints, capsys):
    folder, cases = bad_inputs
    code, rows = run_json(capsys, str(folder), "--weights", str(checkpoints("inception_v3")))
    assert code == 1  # some failed, the others were still classified
    by_file = {row["file"].rsplit("/", 1)[-1]: row for row in rows}
    assert set(by_file) == set(cases)
    for name, must_classify in cases.items():
        row = by_file[name]
        if must_classify:
            assert "error" not in row, row
            assert len(row["predictions"]) == 5
        else:
            assert set(row) == {"file", "error"}
            assert name in row["error"]


def test_only_good_files_exit_zero(bad_inputs, checkpoints, capsys):
    folder, cases = bad_inputs
    good = [str(folder / n) for n, ok in cases.items() if ok]
    code, rows = run_json(capsys, *good, "--weights", str(checkpoints("inception_v3")))
    assert code == 0 and len(rows) == len(good)


def test_json_schema(bad_inputs, checkpoints, capsys):
    folder, _ = bad_inputs
    weights = checkpoints("inception_v3")
    code, rows = run_json(capsys, str(folder / "cmyk.jpg"), "--weights", str(weights),
                          "--top-k", "3")
    assert code == 0
    (row,) = rows
    assert set(row) >= {"file", "model", "weights", "predictions", "timing_ms"}
    assert row["model"] == "inception_v3"
    assert set(row["weights"]) == {"name", "sha256", "untrained"}
    assert row["weights"]["untrained"] is False and len(row["weights"]["sha256"]) == 64
    assert [p["rank"] for p in row["predictions"]] == [1, 2, 3]
    for p in row["predictions"]:
        assert set(p) == {"rank", "index", "label", "probability"}
        assert isinstance(p["index"], int) and 0 <= p["index"] < 1000
        assert isinstance(p["label"], str) and 0.0 <= p["probability"] <= 1.0
    probs = [p["probability"] for p in row["predictions"]]
    assert probs == sorted(probs, reverse=True)
    assert set(row["timing_ms"]) >= {"model_load", "preprocess", "inference"}


def test_untrained_is_marked(bad_inputs, capsys):
    folder, _ = bad_inputs
    code = main(["classify", str(folder / "cmyk.jpg"), "--random-weights"])
    captured = capsys.readouterr()
    assert code == 0
    assert "[UNTRAINED]" in captured.out and "meaningless" in captured.err
    code, rows = run_json(capsys, str(folder / "cmyk.jpg"), "--random-weights")
    assert rows[0]["weights"]["untrained"] is True


def test_exif_rotated_equals_rotated_by_hand(bad_inputs, checkpoints):
    folder, _ = bad_inputs
    path = folder / "rotated-exif.jpg"
    clf = Predictor("inception_v3", weights=checkpoints("inception_v3"))
    (from_file,) = list(clf.classify_files([path]))
    with Image.open(path) as raw:
        by_hand = raw.convert("RGB").transpose(Image.Transpose.ROTATE_270)  # orientation 6
    assert by_hand.size == load_image(path).size
    (preds,), _ = clf.classify_images([by_hand])
    assert [p.index for p in from_file.predictions] == [p.index for p in preds]
    assert [p.probability for p in from_file.predictions] == [p.probability for p in preds]


def test_usage_errors_exit_2_and_missing_weights_exit_1(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "inception_desktop", *args],
                              capture_output=True, text=True)

    r = run("classify", "x.jpg", "--weights", "a.pth", "--random-weights")
    assert r.returncode == 2 and "not allowed with" in r.stderr
    r = run("classify", "x.jpg", "--top-k", "five")
    assert r.returncode == 2
    img = tmp_path / "a.png"
    Image.new("RGB", (50, 50)).save(img)
    r = run("classify", str(img), "--model", "inception_v4")
    assert r.returncode == 1 and "weights download inception_v4" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("classify", str(tmp_path / "missing-folder"))
    assert r.returncode == 1 and "Traceback" not in r.stderr


def test_weights_of_another_network_refused(checkpoints, tmp_path, capsys):
    img = tmp_path / "a.png"
    Image.new("RGB", (50, 50)).save(img)
    code = main(["classify", str(img), "--model", "inception_v4", "--weights",
                 str(checkpoints("inception_v3")), "--backend", "torch"])
    assert code == 1
    assert "holds Inception-v3 weights, not Inception-v4: choose inception_v3" in \
        capsys.readouterr().err


def test_csv_format(bad_inputs, checkpoints, capsys):
    import csv
    import io

    folder, _ = bad_inputs
    code = main(["classify", str(folder / "cmyk.jpg"), str(folder / "text.jpg"), "--weights",
                 str(checkpoints("inception_v3")), "--format", "csv", "--top-k", "2"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert code == 1
    assert rows[0] == ["file", "rank", "index", "label", "probability", "error"]
    assert len(rows) == 1 + 2 + 1 and rows[-1][-1]


def test_the_next_batch_decodes_while_this_one_runs(checkpoints):
    """While a batch is being classified, the workers prepare the whole next batch: inference
    never waits for decoding that could have overlapped it (issue 24). The items' preparation
    is counted; the consumer holds the first result until the next batch has been started."""
    import threading

    import numpy as np

    from inception_desktop.engine.pipeline import Prepared

    started: list[int] = []
    lock = threading.Condition()
    clf = Predictor("inception_v3", weights=checkpoints("inception_v3"))
    size = clf.spec.input_size

    def prepare(i: int) -> Prepared:
        with lock:
            started.append(i)
            lock.notify_all()
        return Prepared(f"image {i}", np.zeros((3, size, size), np.float32), None, (size, size),
                        None, 0.0)

    stream = clf.classify_stream(range(24), prepare, batch_size=8, workers=2)
    first, _ = next(stream)  # batch 1 (items 0-7) classified
    assert first == 0
    with lock:  # the consumer pulls nothing more: the workers must go on by themselves
        assert lock.wait_for(lambda: max(started) >= 15, timeout=30), sorted(started)
    assert [i for i, _ in stream] == list(range(1, 24))
    clf.close()
