"""Full fine-tuning's precision: what `auto` chooses on CPUs with and without native bf16
(flags faked), the report and checkpoint fields, a bf16 run that learns, and its checkpoint
classifying in fp32 with both backends."""

from __future__ import annotations

import json

import pytest
import torch

from inception_desktop import cpu
from inception_desktop.cli import main
from inception_desktop.engine.images import load_image
from inception_desktop.engine.predictor import Predictor
from inception_desktop.errors import UsageError
from inception_desktop.models import create_model
from inception_desktop.training import memory
from inception_desktop.training.finetune import FinetuneConfig, run_finetune
from inception_desktop.training.precision import choose_precision
from inception_desktop.weights.appformat import read_app_metadata, read_safetensors_header

CPU = torch.device("cpu")


@pytest.fixture
def flags(monkeypatch):
    """Set the CPU's instruction-set flags as the app reads them."""

    def set_flags(*names: str) -> None:
        monkeypatch.setattr(cpu, "cpu_flags", lambda: frozenset(("avx2", "fma") + names))

    return set_flags


@pytest.fixture
def private_tuning(tmp_path, monkeypatch):
    """Measurements are cached in the data folder: each test starts without any."""
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))


class FakeMeasure:
    """Step times in seconds by configuration; counts what was measured."""

    def __init__(self, **times: float) -> None:
        self.times = {k.replace("_cl", "-cl"): v for k, v in times.items()}
        self.asked: list[list[str]] = []

    def __call__(self, model, size, batch, keys):
        self.asked.append(list(keys))
        return {k: self.times[k] for k in keys}


@pytest.fixture(scope="module")
def v3():
    return create_model("inception_v3")


def test_auto_without_native_bf16_is_fp32_and_measures_only_fp32(flags, private_tuning, v3):
    flags("avx512f")
    measure = FakeMeasure(fp32=1.0, fp32_cl=0.8)
    plan = choose_precision("auto", CPU, v3, 299, 4, measure=measure)
    assert plan.name == "fp32" and plan.channels_last
    assert "no native bf16" in plan.reason and "channels-last" in plan.reason
    assert measure.asked == [["fp32", "fp32-cl"]]  # emulated bf16 is never measured


@pytest.mark.parametrize("flag", ["avx512_bf16", "amx_bf16"])
def test_auto_with_native_bf16_takes_bf16_when_it_measures_faster(flags, private_tuning, v3,
                                                                   flag):
    flags("avx512f", flag)
    measure = FakeMeasure(fp32=1.0, fp32_cl=0.9, bf16=0.6, bf16_cl=0.45)
    plan = choose_precision("auto", CPU, v3, 299, 4, measure=measure)
    assert (plan.name, plan.channels_last) == ("bf16", True)
    assert "2.00x faster" in plan.reason
    assert plan.dtype is torch.bfloat16
    # Cached: the second run measures nothing.
    again = choose_precision("auto", CPU, v3, 299, 4, measure=measure)
    assert again == plan and len(measure.asked) == 1


def test_auto_keeps_fp32_where_native_bf16_is_not_really_faster(flags, private_tuning, v3):
    flags("avx512_bf16")
    measure = FakeMeasure(fp32=1.0, fp32_cl=1.1, bf16=0.95, bf16_cl=0.97)
    plan = choose_precision("auto", CPU, v3, 299, 4, measure=measure)
    assert (plan.name, plan.channels_last) == ("fp32", False)
    assert "only 1.05x faster" in plan.reason


def test_explicit_choices_and_mistakes(flags, private_tuning, v3):
    flags("avx512_bf16")
    measure = FakeMeasure(fp32=1.0, fp32_cl=0.9, bf16=1.2, bf16_cl=1.1)
    assert choose_precision("bf16", CPU, v3, 299, 4, measure=measure).name == "bf16"
    assert choose_precision("fp32", CPU, v3, 299, 4, measure=measure).name == "fp32"
    with pytest.raises(UsageError, match="fp16 is for CUDA"):
        choose_precision("fp16", CPU, v3, 299, 4, measure=measure)
    flags()  # no native bf16
    with pytest.raises(UsageError, match="no native bf16"):
        choose_precision("bf16", CPU, v3, 299, 4, measure=measure)
    # Under torchrun every rank must choose alike: nothing is measured.
    measure.asked.clear()
    plan = choose_precision("auto", CPU, v3, 299, 4, distributed=True, measure=measure)
    assert plan.name == "fp32" and not measure.asked


def test_bf16_on_a_cpu_without_it_is_one_line_and_exit_2(flags, small_shapes, tmp_path,
                                                           capsys):
    flags("avx512f")
    out = tmp_path / "m.safetensors"
    code = main(["finetune", str(small_shapes), "--mode", "full", "--random-weights",
                 "--precision", "bf16", "--device", "cpu", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "no native bf16" in err[0] and "Traceback" not in err[0]
    assert not out.exists() and not list(tmp_path.iterdir())


def test_default_cpu_batch_keeps_memory_under_the_bound(monkeypatch):
    gib = 2**30
    monkeypatch.setattr(memory, "total_memory_bytes", lambda: 64 * gib)
    assert memory.memory_bound_mb() == memory.BOUND_MB
    assert memory.default_cpu_batch("inception_v3", "fp32") == 16
    assert memory.default_cpu_batch("inception_resnet_v2", "fp32") == 8
    assert memory.default_cpu_batch("inception_resnet_v2", "bf16") == 16
    # Two training processes on one machine share the bound.
    assert memory.default_cpu_batch("inception_v3", "fp32", processes=2) == 8
    monkeypatch.setattr(memory, "total_memory_bytes", lambda: 4 * gib)  # a small laptop
    for network in ("inception_v3", "inception_v4", "inception_resnet_v2"):
        for precision in ("fp32", "bf16"):
            batch = memory.default_cpu_batch(network, precision)
            fits = memory.estimated_peak_mb(network, precision, batch) <= 2048
            assert fits or batch == 2, (network, precision, batch)
    # Smaller inputs take less memory per image.
    assert memory.default_cpu_batch("inception_v4", "fp32", size=150) == 16


def full_config(data, tmp_path, base, precision, name, **kw) -> FinetuneConfig:
    return FinetuneConfig(str(data), model="inception_v3", weights=str(base), mode="full",
                          input_size=107, batch_size=8, backend="torch", device="cpu",
                          precision=precision, epochs=2, warmup_epochs=0.0,
                          out=str(tmp_path / f"{name}.safetensors"), **kw)


@pytest.fixture(scope="module")
def fp32_run(small_shapes, v3_base, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fp32")
    return run_finetune(full_config(small_shapes, tmp, v3_base, "fp32", "fp32"))


@pytest.fixture(scope="module")
def bf16_run(small_shapes, v3_base, tmp_path_factory):
    """bf16 autocast runs on any x86 CPU (emulated where not native); the flag is faked so the
    run is allowed here whatever this machine has."""
    patch = pytest.MonkeyPatch()
    patch.setattr(cpu, "cpu_flags", lambda: frozenset({"avx2", "avx512_bf16"}))
    try:
        tmp = tmp_path_factory.mktemp("bf16")
        return run_finetune(full_config(small_shapes, tmp, v3_base, "bf16", "bf16"))
    finally:
        patch.undo()


def test_the_report_says_precision_device_speed_and_memory(fp32_run):
    report = json.loads(fp32_run.report_path.read_text())
    assert report["precision"] == "fp32" and report["device"] == "cpu"
    assert "asked for" in report["precision_reason"]
    assert isinstance(report["channels_last"], bool)
    assert report["train_images_per_s"] > 0 and report["batch_size"] == 8
    assert 100 < report["peak_rss_mb"] < 24 * 1024
    timings = report["timings_s"]
    assert 0 < timings["training_steps"] <= timings["training"] <= timings["total"]
    assert timings["validation"] > 0


def test_a_bf16_run_learns_like_fp32(bf16_run, fp32_run):
    bf16, fp32 = bf16_run.report.to_json(), fp32_run.report.to_json()
    assert bf16["precision"] == "bf16"
    assert bf16["train_loss_after"] < bf16["train_loss_before"]
    assert fp32["train_loss_after"] < fp32["train_loss_before"]
    # The same seeded run in both precisions: the loss falls by a similar amount.
    drop_bf16 = bf16["train_loss_before"] - bf16["train_loss_after"]
    drop_fp32 = fp32["train_loss_before"] - fp32["train_loss_after"]
    assert 0.5 < drop_bf16 / drop_fp32 < 2.0
    assert abs(bf16["train_loss_before"] - fp32["train_loss_before"]) < 0.05


def test_a_bf16_checkpoint_is_fp32_and_classifies_alike_with_both_backends(bf16_run,
                                                                          small_shapes):
    checkpoint = bf16_run.checkpoint
    header = read_safetensors_header(checkpoint)
    dtypes = {v["dtype"] for k, v in header.items() if k != "__metadata__"}
    assert dtypes <= {"F32", "I64"}
    extra = read_app_metadata(checkpoint).values
    assert extra["precision"] == "bf16" and "asked for" in extra["precision_reason"]
    img = load_image(small_shapes / "circle" / "circle_001.png")
    a = Predictor(weights=checkpoint, backend="torch", device="cpu").classify_images([img])
    b = Predictor(weights=checkpoint, backend="onnxruntime").classify_images([img])
    assert [p.label for p in a[0][0]] == [p.label for p in b[0][0]]
    assert abs(a[0][0][0].probability - b[0][0][0].probability) < 1e-4


def test_a_cancel_stops_the_speed_measurement_within_a_block(flags, private_tuning, v3):
    """Issue 25 item 11: Cancel during "measuring the training speed" took 20-50 s. The
    measurement checks the task before each block, so it stops at once, and leaves the
    model as it found it (training mode, no gradients, no cached measurement)."""
    from inception_desktop.errors import Cancelled
    from inception_desktop.paths import data_subdir
    from inception_desktop.tasks import TaskState

    flags("avx512f")
    state = TaskState()
    blocks = [0]
    original = state.check

    def check() -> None:
        blocks[0] += 1
        if blocks[0] == 3:  # the user presses Cancel while the third block runs
            state.cancel()
        original()

    state.check = check  # type: ignore[method-assign]
    v3.train()
    with pytest.raises(Cancelled):
        choose_precision("auto", CPU, v3, 75, 1, state)
    assert blocks[0] == 3  # stopped before a fourth block, not after a dozen passes
    assert v3.training
    assert all(p.grad is None for p in v3.parameters())
    assert not list(data_subdir("tuning").glob("precision-*.json"))
    # The hooks are gone: a forward pass without a task runs through.
    with torch.no_grad():
        v3.eval()
        v3(torch.randn(1, 3, 75, 75))
        v3.train()
