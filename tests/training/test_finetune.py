"""Head and full fine-tuning: accuracy, the cache, cancel, resume, DDP, and using the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from inception_desktop.cli import main
from inception_desktop.engine.predictor import Predictor
from inception_desktop.tasks import TaskState
from inception_desktop.training.events import BatchEnd, EpochEnd, Resumed
from inception_desktop.training.finetune import FinetuneConfig, run_finetune
from inception_desktop.training.report import FinetuneReport
from inception_desktop.weights.headfile import read_head_checkpoint


def watched(events: list) -> TaskState:
    return TaskState(on_partial=events.append)


def head_config(data, tmp_path, **kw) -> FinetuneConfig:
    return FinetuneConfig(str(data), model="inception_v3", random_weights=True,
                          backend="onnxruntime", out=str(tmp_path / "shapes.safetensors"),
                          **kw)


def test_head_mode_learns_and_the_model_is_usable(shapes, tmp_path, capsys):
    events = []
    result = run_finetune(head_config(shapes, tmp_path, epochs=60), watched(events))
    report = result.report
    assert report.train_accuracy >= 0.95
    losses = [e.loss for e in events if isinstance(e, EpochEnd)]
    assert losses[-1] < losses[0] * 0.7
    written = json.loads(result.report_path.read_text())
    assert set(written) >= {"classes", "train_accuracy", "val_accuracy", "epochs_run",
                            "per_class_accuracy", "confusion_matrix", "skipped_files"}
    assert report.classes == ["circle", "square", "triangle"]
    assert sum(map(sum, report.confusion_matrix)) == 18  # 20 % of 90 validate
    assert written == report.to_json()
    assert FinetuneReport.from_json(written) == report  # the file reads back as it was
    head = read_head_checkpoint(result.checkpoint)
    assert head.class_names == ["circle", "square", "triangle"] and head.base.untrained
    assert main(["classify", str(shapes / "square" / "square_003.png"), "--weights",
                 str(result.checkpoint), "--top-k", "3"]) == 0
    out = capsys.readouterr().out
    assert "square" in out and "circle" in out and "tabby" not in out
    # Both backends give the same answer with the fine-tuned head.
    image = shapes / "triangle" / "triangle_001.png"
    from inception_desktop.engine.images import load_image

    img = load_image(image)
    a = Predictor(weights=result.checkpoint, backend="onnxruntime").classify_images([img])
    b = Predictor(weights=result.checkpoint, backend="torch", device="cpu").classify_images(
        [img])
    assert [p.label for p in a[0][0]] == [p.label for p in b[0][0]]
    assert abs(a[0][0][0].probability - b[0][0][0].probability) < 1e-4


def test_feature_cache_is_reused(shapes, tmp_path):
    run_finetune(head_config(shapes, tmp_path, epochs=3))
    second = run_finetune(head_config(shapes, tmp_path, epochs=3))
    assert second.report.details["features"] == {"computed": 0, "cached": 90}


def test_running_again_keeps_the_earlier_model(shapes, tmp_path, monkeypatch, capsys):
    """Without --out, a second run writes beside the first instead of over it."""
    monkeypatch.chdir(tmp_path)
    args = ["finetune", str(shapes), "--random-weights", "--epochs", "2", "--backend",
            "onnxruntime"]
    assert main(args) == 0
    first = tmp_path / f"{shapes.name}-inception_v3-head.safetensors"
    kept = first.read_bytes(), first.with_suffix(".json").read_bytes()
    capsys.readouterr()
    assert main([*args, "--seed", "3"]) == 0
    captured = capsys.readouterr()
    second = tmp_path / f"{shapes.name}-inception_v3-head-2.safetensors"
    assert f"model: {second.name}" in captured.out and "is an earlier run's" in captured.err
    assert (first.read_bytes(), first.with_suffix(".json").read_bytes()) == kept
    assert read_head_checkpoint(second).class_names == ["circle", "square", "triangle"]
    assert second.with_suffix(".json").is_file()


def test_resume_without_out_continues_into_the_model_it_resumes(shapes, tmp_path,
                                                                monkeypatch):
    from inception_desktop.cli import build_parser
    from inception_desktop.cli.training import _config

    monkeypatch.chdir(tmp_path)
    model = tmp_path / f"{shapes.name}-inception_v3-full.safetensors"
    model.write_bytes(b"an interrupted run's best checkpoint")
    resume = tmp_path / (model.name + ".resume.pt")
    resume.write_bytes(b"its resume file")
    args = build_parser().parse_command_line(["finetune", str(shapes), "--mode", "full",
                                              "--random-weights", "--resume", str(resume)])
    assert _config(args).resolved_out() == model
    fresh = build_parser().parse_command_line(["finetune", str(shapes), "--mode", "full",
                                               "--random-weights"])
    assert _config(fresh).resolved_out().name == model.name.replace("-full", "-full-2")


def test_cancel_leaves_a_loadable_checkpoint(shapes, tmp_path):
    epochs = []

    def partial(event):
        if isinstance(event, EpochEnd):
            epochs.append(event.epoch)
            if len(epochs) >= 5:
                state.cancel()

    state = TaskState(on_partial=partial)
    result = run_finetune(head_config(shapes, tmp_path, epochs=200, patience=1000), state)
    assert result.cancelled and result.report.cancelled and result.report.status == "cancelled"
    assert 5 <= result.report.epochs_run < 200
    clf = Predictor(weights=result.checkpoint, backend="onnxruntime")
    assert clf.labels == ["circle", "square", "triangle"]


def full_config(data, tmp_path, base, **kw) -> FinetuneConfig:
    return FinetuneConfig(str(data), model="inception_v3", weights=str(base), mode="full",
                          input_size=107, batch_size=8, backend="torch",
                          device="cpu", precision="fp32", out=str(tmp_path / "full.safetensors"),
                          **kw)


def test_full_mode_lowers_the_loss(small_shapes, tmp_path, v3_base):
    events = []
    result = run_finetune(full_config(small_shapes, tmp_path, v3_base, epochs=2,
                                      warmup_epochs=0.0), watched(events))
    assert len([e for e in events if isinstance(e, EpochEnd)]) == 2
    report = result.report
    # On the training images without augmentation, after 2 epochs against before training.
    assert report.details["train_loss_after"] < report.details["train_loss_before"]
    assert result.checkpoint.exists()
    clf = Predictor(weights=result.checkpoint, backend="torch", device="cpu")
    assert clf.labels == ["circle", "square", "triangle"]


def test_resume_continues(small_shapes, tmp_path, v3_base):
    first = run_finetune(full_config(small_shapes, tmp_path, v3_base, epochs=1))
    resume = tmp_path / "full.safetensors.resume.pt"
    assert first.checkpoint.exists() and resume.exists()
    events = []
    second = run_finetune(full_config(small_shapes, tmp_path, v3_base, epochs=2,
                                      resume=str(resume)), watched(events))
    assert any(isinstance(e, Resumed) and e.after_epoch == 1 for e in events)
    epochs = [h["epoch"] for h in second.report.history]
    assert epochs == [1, 2]  # epoch 1 from the first run, only epoch 2 trained now
    assert [e.epoch for e in events if isinstance(e, BatchEnd)][0] == 2


def test_ddp_two_processes_on_cpu(small_shapes, tmp_path, shared_data_dir):
    out = tmp_path / "ddp.safetensors"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
           "-m", "inception_desktop", "finetune", str(small_shapes), "--mode", "full",
           "--model", "inception_v3", "--random-weights", "--epochs", "1", "--input-size", "79",
           "--batch-size", "4", "--out", str(out), "--device", "cpu", "--backend", "torch"]
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(shared_data_dir), OMP_NUM_THREADS="1")
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ddp.json", "ddp.safetensors", "ddp.safetensors.resume.pt"]
    report = json.loads((tmp_path / "ddp.json").read_text())
    assert report["world_size"] == 2
    assert result.stdout.count("train accuracy") == 1  # rank 0 alone reports


def test_full_mode_trains_every_aux_head_of_the_network(small_shapes, tmp_path, checkpoints):
    """Inception-v1's two aux heads (0.3 each) take part in full fine-tuning: they are reset
    for the new classes, receive gradients and are saved; the report says the aux loss ran."""
    import torch

    from inception_desktop.weights import load_model

    base = checkpoints("inception_v1")
    config = FinetuneConfig(str(small_shapes), model="inception_v1", weights=str(base),
                            mode="full", input_size=96, batch_size=8, backend="torch",
                            device="cpu", precision="fp32", epochs=1, warmup_epochs=0.0,
                            out=str(tmp_path / "v1.safetensors"))
    events = []
    result = run_finetune(config, watched(events))
    assert result.report.details["aux_loss"] is True
    assert not any("without the auxiliary loss" in getattr(e, "message", "") for e in events)
    trained, _ = load_model(result.checkpoint)
    before, _ = load_model(base)
    for head in ("aux1", "aux2"):
        fc2 = trained.get_submodule(f"{head}.fc2")
        assert fc2.out_features == 3
        # Shared layers of the head moved away from the base: gradients reached it.
        moved = (trained.get_submodule(f"{head}.fc1").weight.detach() -
                 before.get_submodule(f"{head}.fc1").weight.detach()).abs().max()
        assert float(moved) > 0
    with torch.no_grad():
        assert trained.eval()(torch.zeros(1, 3, 96, 96)).shape == (1, 3)


def test_a_v3_file_without_its_aux_head_fine_tunes_without_it(small_shapes, tmp_path):
    """torchvision's aux_logits=False state dict: it loads, classifies, and full
    fine-tuning says it trains without the auxiliary loss."""
    import torch
    import torchvision

    from tests.helpers.reference import randomize

    ref = randomize(torchvision.models.inception_v3(weights=None, aux_logits=False,
                                                    init_weights=False))
    path = tmp_path / "no-aux.pth"
    torch.save(ref.state_dict(), path)
    clf = Predictor(weights=path, backend="torch", device="cpu")
    assert len(clf.labels) == 1000
    events = []
    result = run_finetune(FinetuneConfig(
        str(small_shapes), model="inception_v3", weights=str(path), mode="full",
        input_size=107, batch_size=8, backend="torch", device="cpu", precision="fp32",
        epochs=1, out=str(tmp_path / "no-aux.safetensors")), watched(events))
    assert result.report.details["aux_loss"] is False
    assert any("weights have no auxiliary head" in getattr(e, "message", "") for e in events)
