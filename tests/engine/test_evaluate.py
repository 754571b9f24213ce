"""`evaluate`: exact top-1/top-5 against a reference network's own predictions, every layout
and label-file format, skipped folders and files, the prediction cache, a partial run, and
the metrics against a hand computation."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from inception_desktop.cli import main
from inception_desktop.engine.evaluate import evaluate_model
from inception_desktop.engine.labelled import read_labelled
from inception_desktop.engine.metrics import calibration, summarize
from inception_desktop.engine.predictor import Predictor
from inception_desktop.errors import DatasetError
from inception_desktop.labels import imagenet_labels, imagenet_wnids
from inception_desktop.tasks import TaskState
from tests.helpers.images import photo
from tests.helpers.reference import random_reference

N = 12


@pytest.fixture(scope="module")
def reference_predictions(tmp_path_factory):
    """Photos, and the torchvision reference network's own probabilities for each (the same
    random weights as checkpoints('inception_v3'), torchvision's own transform)."""
    from torchvision.models import Inception_V3_Weights

    folder = tmp_path_factory.mktemp("photos")
    transform = Inception_V3_Weights.IMAGENET1K_V1.transforms()
    model = random_reference("inception_v3")
    files, probs = [], []
    for i in range(N):
        path = folder / f"photo{i:02d}.jpg"
        photo(300 + 20 * i, 260, seed=40 + i).save(path, quality=95)
        files.append(path)
        from PIL import Image

        with torch.no_grad():
            x = transform(Image.open(path).convert("RGB"))[None]
            probs.append(torch.softmax(model(x), 1)[0].double().numpy())
    return files, np.stack(probs)


def wnid_folder(root, files, classes):
    import shutil

    for f, c in zip(files, classes, strict=True):
        target = root / imagenet_wnids()[c]
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, target / f.name)
    return root


def run_report(capsys, *args) -> dict:
    code = main(["evaluate", *map(str, args), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_labels_equal_to_the_references_own_top1_score_exactly_one(
        reference_predictions, checkpoints, tmp_path, capsys):
    files, probs = reference_predictions
    order = np.argsort(-probs, axis=1)
    data = wnid_folder(tmp_path / "val", files, order[:, 0])
    report = run_report(capsys, data, "--weights", checkpoints("inception_v3"),
                        "--backend", "onnxruntime")
    (m,) = report["models"]
    assert report["dataset"]["layout"] == "imagenet" and m["images"] == N
    assert m["top1"] == 1.0 and m["top5"] == 1.0 and m["mean_class_accuracy"] == 1.0
    assert m["reported"] is None  # random weights: never the published figure beside them
    assert m["skipped"] == [] and m["partial"] is False


def test_moved_images_give_the_exact_expected_top1_and_top5(reference_predictions,
                                                            checkpoints, tmp_path, capsys):
    files, probs = reference_predictions
    order = np.argsort(-probs, axis=1)
    classes = list(order[:, 0])
    outside = [0, 4, 7]  # moved to a class outside their top-5
    third = [2, 9]  # moved to their third most likely class: top-5, not top-1
    for i in outside:
        classes[i] = int(order[i, 900])
    for i in third:
        classes[i] = int(order[i, 2])
    data = wnid_folder(tmp_path / "val", files, classes)
    report = run_report(capsys, data, "--weights", checkpoints("inception_v3"),
                        "--backend", "torch", "--device", "cpu")
    (m,) = report["models"]
    assert m["top1"] == (N - 5) / N and m["top5"] == (N - 3) / N
    truth = -np.mean(np.log(probs[np.arange(N), classes]))
    assert abs(m["nll"] - truth) < 1e-5


def test_each_layout_and_label_file_reads_the_same_images(reference_predictions, tmp_path):
    files, probs = reference_predictions
    classes = [3, 3, 281, 281, 0, 1, 2, 3, 281, 0, 1, 2]
    labels = list(imagenet_labels())
    wnids = imagenet_wnids()
    expected = sorted((f.name, c) for f, c in zip(files, classes, strict=True))

    def read(root, labels_file=None):
        got = read_labelled(root, labels, True, labels_file)
        return got.layout, sorted((i.path.name, i.label) for i in got.images)

    assert read(wnid_folder(tmp_path / "wnid", files, classes)) == ("imagenet", expected)
    named = tmp_path / "named"
    import shutil

    for f, c in zip(files, classes, strict=True):
        folder = named / labels[c].replace(" ", "_").upper()
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, folder / f.name)
    assert read(named) == ("class-folders", expected)
    flat = tmp_path / "flat"
    flat.mkdir()
    for f in files:
        shutil.copy(f, flat / f.name)
    forms = [lambda c: wnids[c], lambda c: str(c), lambda c: labels[c]]
    csv_rows = ["file,label"] + [f"{f.name},{forms[i % 3](c)}"
                                 for i, (f, c) in enumerate(zip(files, classes, strict=True))]
    (tmp_path / "labels.csv").write_text("\n".join(csv_rows) + "\n")
    assert read(flat, tmp_path / "labels.csv") == ("labels-csv", expected)
    kaggle = ["ImageId,PredictionString"] + [
        f"{f.stem},{wnids[c]} 10 20 100 200 {wnids[c]} 5 5 50 50"
        for f, c in zip(files, classes, strict=True)]
    (tmp_path / "LOC_val_solution.csv").write_text("\n".join(kaggle) + "\n")
    assert read(flat, tmp_path / "LOC_val_solution.csv") == ("kaggle-loc", expected)


def test_skipped_folders_rows_and_broken_files_are_reported(tmp_path, capsys):
    data = tmp_path / "val"
    for name in ("n01440764", "n01443537"):
        (data / name).mkdir(parents=True)
        photo(120, 100, seed=len(name)).save(data / name / "ok.png")
    (data / "n01443537" / "broken.jpg").write_bytes(b"\xff\xd8\xff broken")
    (data / "holiday snaps").mkdir()
    photo(100, 100).save(data / "holiday snaps" / "x.png")
    code = main(["evaluate", str(data), "--random-weights", "--format", "json",
                 "--no-cache"])
    captured = capsys.readouterr()
    assert code == 0
    report = json.loads(captured.out)
    assert report["dataset"]["skipped_folders"] == ["holiday snaps"]
    assert "skipped 1 folder(s) that name no class of the model: holiday snaps" in captured.err
    (m,) = report["models"]
    assert m["images"] == 2 and len(m["skipped"]) == 1
    assert "broken.jpg" in m["skipped"][0]["error"]
    flat = tmp_path / "flat"
    flat.mkdir()
    photo(90, 90).save(flat / "a.png")
    (tmp_path / "l.csv").write_text("a.png,tench\nmissing.png,tench\na.png,no-such-class\n")
    got = read_labelled(flat, list(imagenet_labels()), True, tmp_path / "l.csv")
    assert [i.path.name for i in got.images] == ["a.png"]
    assert [why for _, why in got.skipped_rows] == [
        "no such image in the folder", "label 'no-such-class' is no class of the model"]
    # when no row can be used, the error says why for each, not only that none could
    (tmp_path / "none.csv").write_text("a.png,cat\nb.png,tench\n")
    with pytest.raises(DatasetError) as caught:
        read_labelled(flat, list(imagenet_labels()), True, tmp_path / "none.csv")
    assert str(caught.value).endswith(
        "none of the 2 rows of " f"{tmp_path / 'none.csv'} could be used ('a.png': label 'cat' "
        "is no class of the model; 'b.png': no such image in the folder)")


def test_a_second_run_computes_nothing_and_gives_the_same_report(tmp_path, capsys):
    data = tmp_path / "val"
    (data / "n01440764").mkdir(parents=True)
    for i in range(5):
        photo(150, 120, seed=i).save(data / "n01440764" / f"{i}.png")
    first = run_report(capsys, data, "--random-weights")["models"][0]
    second = run_report(capsys, data, "--random-weights")["models"][0]
    assert first["computed"] == 5 and second["computed"] == 0 and second["cached"] == 5
    for key in ("top1", "top5", "nll", "ece", "per_class", "confused"):
        assert first[key] == second[key]
    photo(150, 120, seed=99).save(data / "n01440764" / "0.png")  # changed: computed again
    third = run_report(capsys, data, "--random-weights")["models"][0]
    assert third["computed"] == 1 and third["cached"] == 4


def test_an_interrupted_run_reports_what_it_did(tmp_path, capsys):
    data = tmp_path / "val"
    (data / "n01440764").mkdir(parents=True)
    for i in range(12):
        photo(120, 120, seed=i).save(data / "n01440764" / f"{i:02d}.png")
    predictor = Predictor("inception_v3", random_weights=True)
    labelled = read_labelled(data, predictor.labels, True)

    def progress(p):
        if p.done >= 4:
            state.cancel()

    state = TaskState(on_progress=progress)
    ev = evaluate_model(predictor, labelled, batch_size=4, state=state, use_cache=False)
    assert ev.partial and ev.metrics["images"] == 4 and ev.computed == 4
    assert ev.to_json()["partial"] is True


def test_metrics_against_a_hand_computation():
    probs = np.array([[0.7, 0.2, 0.1],   # true 0: right, confidence 0.7
                      [0.5, 0.4, 0.1],   # true 1: wrong (predicts 0), confidence 0.5
                      [0.1, 0.3, 0.6],   # true 2: right, confidence 0.6
                      [0.25, 0.45, 0.3]])  # true 2: wrong (predicts 1), confidence 0.45
    labels = np.array([0, 1, 2, 2])
    m = summarize(probs, labels, ["a", "b", "c"])
    assert m["top1"] == 0.5 and m["top5"] == 1.0
    nll = -(math.log(0.7) + math.log(0.4) + math.log(0.6) + math.log(0.3)) / 4
    assert abs(m["nll"] - nll) < 1e-12
    # 15 bins of width 1/15: 0.45 and 0.5 fall in (0.4, 0.4667] and (0.4667, 0.5333],
    # 0.6 in (0.5333, 0.6], 0.7 in (0.6667, 0.7333]; each bin holds one image.
    ece = (abs(0 - 0.45) + abs(0 - 0.5) + abs(1 - 0.6) + abs(1 - 0.7)) / 4
    assert abs(m["ece"] - ece) < 1e-12
    assert m["mean_class_accuracy"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert m["per_class"]["c"] == {"index": 2, "images": 2, "top1": 0.5, "top5": 1.0}
    assert m["confused"] == [{"true": "b", "predicted": "a", "images": 1},
                             {"true": "c", "predicted": "b", "images": 1}]
    ece2, bins = calibration(np.array([1.0, 0.0]), np.array([True, False]), 15)
    assert ece2 == 0.0 and bins[0]["images"] == 1 and bins[-1]["images"] == 1


def test_a_fine_tuned_head_on_its_validation_folder_equals_finetunes_figure(tmp_path,
                                                                           capsys):
    from inception_desktop.training.config import FinetuneConfig
    from inception_desktop.training.finetune import run_finetune
    from tests.helpers.datasets import make_dataset

    root = tmp_path / "shapes"
    make_dataset(root / "train", per_class=10, size=80)
    make_dataset(root / "val", per_class=6, size=80, seed_offset=1000)
    result = run_finetune(FinetuneConfig(str(root), random_weights=True, epochs=15,
                                         backend="onnxruntime",
                                         out=str(tmp_path / "shapes.safetensors")))
    report = run_report(capsys, root / "val", "--weights", result.checkpoint)
    (m,) = report["models"]
    assert m["model"] == "shapes" and report["dataset"]["layout"] == "class-folders"
    assert m["images"] == 18 and m["top1"] == result.report.val_accuracy
    assert set(m["per_class"]) == {"circle", "square", "triangle"}


def test_reported_accuracy_only_for_the_published_file(monkeypatch):
    """The published top-1/top-5 belong to the published file (by sha256), never to imported
    or fine-tuned weights of the same network."""
    import dataclasses

    from inception_desktop.engine.evaluate import reported_accuracy
    from inception_desktop.models import specs

    spec = specs.SPECS["inception_v4"]
    assert reported_accuracy("inception_v4", spec.weight_sources[0].sha256)["top1"] == 80.144
    assert reported_accuracy("inception_v4", "0" * 64) is None
    assert reported_accuracy("inception_v4", None) is None
    v3 = specs.SPECS["inception_v3"].weight_sources[0]
    assert reported_accuracy("inception_v3", v3.sha256_prefix + "f" * 56)["top5"] == 93.45
    monkeypatch.setitem(specs.SPECS, "inception_v4", dataclasses.replace(
        spec, weight_sources=(dataclasses.replace(spec.weight_sources[0], sha256="1" * 64),)))
    assert reported_accuracy("inception_v4", spec.weight_sources[0].sha256) is None
