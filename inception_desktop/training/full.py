"""Full fine-tuning with torch: the whole network, or only the blocks after a chosen one.

Augmentation (random resized crop, flip, colour jitter), AdamW or SGD, cosine schedule with
warm-up, label smoothing, the losses of the network's aux heads (weighted as its spec says),
mixed precision, gradient accumulation, early stopping on validation accuracy, batch halving on
CUDA out-of-memory. The best checkpoint so far is always a complete file (atomic writes); a resume
file beside it lets `--resume` continue an interrupted run. Under `torchrun` it trains with
DistributedDataParallel (gloo on CPU, nccl on GPU) and only rank 0 writes.

The run is cut into its steps: `_prepare` (model, data, optimizer), `_train` (the epochs),
`_finish` (the best model measured, the report).
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from inception_desktop.engine.images import load_image
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.errors import ImageError, TrainingError, UsageError, msg
from inception_desktop.fileio import atomic_path, named
from inception_desktop.models import check_input_size
from inception_desktop.models.base import InceptionNet, TrainingOutputs
from inception_desktop.models.spec import ModelSpec
from inception_desktop.tasks import Stage, TaskState
from inception_desktop.training.config import FinetuneConfig
from inception_desktop.training.dataset import Sample, ScanReport
from inception_desktop.training.events import (
    BatchEnd,
    CheckpointSaved,
    EpochEnd,
    Notice,
    Resumed,
)
from inception_desktop.training.memory import (
    default_cpu_batch,
    estimated_peak_mb,
    memory_bound_mb,
)
from inception_desktop.training.precision import (
    PrecisionPlan,
    check_precision,
    choose_precision,
)
from inception_desktop.training.report import (
    FinetuneResult,
    PredictionRecord,
    build_report,
    write_report,
)
from inception_desktop.weights.resolve import WeightsChoice


class FolderDataset(Dataset[tuple[torch.Tensor, int]]):
    def __init__(self, samples: list[Sample], spec: ModelSpec, size: int, train: bool) -> None:
        from torchvision import transforms

        self.samples = samples
        self.spec = spec
        self.size = size
        self.train = train
        self.augment = transforms.Compose([
            transforms.RandomResizedCrop(size, scale=(0.35, 1.0),
                                         interpolation=transforms.InterpolationMode.BICUBIC),
            transforms.RandomHorizontalFlip(),
            transforms.ColorJitter(0.3, 0.3, 0.3, 0.05),
            transforms.ToTensor(),
            transforms.Normalize(spec.mean, spec.std),
        ])

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        sample = self.samples[i]
        try:
            img = load_image(sample.path)
        except ImageError:
            from PIL import Image

            img = Image.new("RGB", (self.size, self.size))  # changed since the scan
        if self.train:
            return self.augment(img), sample.label
        spec = self.spec
        if self.size != spec.input_size:
            from dataclasses import replace

            ratio = spec.resize_size / spec.input_size
            spec = replace(spec, input_size=self.size, resize_size=int(self.size * ratio))
        return torch.from_numpy(preprocess(img, spec)), sample.label


@dataclass
class Distributed:
    enabled: bool
    rank: int
    world: int

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def _distributed() -> Distributed:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return Distributed(False, 0, 1)
    import torch.distributed as dist

    if not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    return Distributed(True, dist.get_rank(), dist.get_world_size())


def freeze_until(model: Any, spec: ModelSpec, block: str | None) -> int:
    """Freeze everything up to and including `block` -> number of trainable parameters."""
    if block:
        path = spec.block(block).path  # a clear error for an unknown block
        for p in model.parameters():
            p.requires_grad = False
        reached = False
        for module_path, module in model.trunk():
            if reached:
                for p in module.parameters():
                    p.requires_grad = True
            if module_path == path:
                reached = True
        for p in model.classifier.parameters():
            p.requires_grad = True
        for _, aux in model.aux_modules():
            for p in aux.parameters():
                p.requires_grad = True
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def training_loss(model: InceptionNet, output: Any, labels: torch.Tensor,
                  criterion: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """(logits, loss) of a training-mode forward pass: the main loss plus each aux head's,
    weighted as the network's spec says."""
    if not isinstance(output, TrainingOutputs):
        return output, criterion(output, labels)
    loss = criterion(output.logits, labels)
    heads = [head for head, _ in model.aux_modules()]
    for head, aux_logits in zip(heads, output.aux_logits, strict=True):
        loss = loss + head.loss_weight * criterion(aux_logits, labels)
    return output.logits, loss


def _schedule(total_steps: int, warmup_steps: int) -> Any:
    def factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / max(1, warmup_steps)
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))

    return factor


def _loss(probs: np.ndarray, labels: np.ndarray) -> float | None:
    """Mean cross-entropy of predicted probabilities (no label smoothing, no augmentation)."""
    if len(labels) == 0:
        return None
    return float(-np.log(probs[np.arange(len(labels)), labels] + 1e-12).mean())


@dataclass
class Run:
    """Everything the epochs need, made by `_prepare`."""

    config: FinetuneConfig
    scan: ScanReport
    dist: Distributed
    base: WeightsChoice
    model: Any
    ddp_model: Any
    spec: ModelSpec
    device: torch.device
    plan: PrecisionPlan
    size: int
    use_aux: bool
    detached_aux: dict[str, Any]
    trainable: int
    optimizer: Any
    scheduler: Any
    scaler: Any
    criterion: Any
    train_set: FolderDataset
    val_set: FolderDataset
    eval_train_set: FolderDataset
    out: Path
    resume_path: Path
    epochs: int
    batch_size: int
    patience: int
    started: float
    start_epoch: int = 1
    best_acc: float = -1.0
    best_epoch: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    # Seconds spent in training steps (data, augmentation, the steps, progress), without
    # validation and checkpoints: the run's training speed is measured over these alone.
    loop_seconds: float = 0.0
    validation_seconds: float = 0.0
    first_batch_size: int = 0


def _evaluate(run: Run, model: Any, dataset: FolderDataset
              ) -> tuple[float, np.ndarray, np.ndarray]:
    """Accuracy, probabilities and labels, in inference mode at the run's precision."""
    loader = DataLoader(dataset, batch_size=run.batch_size, num_workers=0)
    model.eval()
    probs, labels = [], []
    with torch.inference_mode(), run.plan.autocast(run.device):
        for x, y in loader:
            logits = model(run.plan.prepare_input(x.to(run.device)))
            probs.append(torch.softmax(logits.float(), 1).cpu().numpy())
            labels.append(y.numpy())
    if not probs:
        return 0.0, np.zeros((0, 0)), np.zeros(0, dtype=int)
    p, y = np.concatenate(probs), np.concatenate(labels)
    return float((p.argmax(1) == y).mean()), p, y


def _prepare(config: FinetuneConfig, scan: ScanReport, dist: Distributed,
             state: TaskState) -> Run:
    from inception_desktop.engine.backend import torch_device
    from inception_desktop.engine.torch_backend import build_torch_model
    from inception_desktop.weights.resolve import resolve_weights

    started = time.perf_counter()
    device_name = torch_device(config.device)
    if device_name == "cuda":
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    else:
        device = torch.device(device_name)
    check_precision(config.precision, device)  # before the network is built
    base = resolve_weights(config.model, config.weights, config.random_weights)
    config.model = base.network
    model, _ = build_torch_model(base)
    spec = model.spec
    if config.freeze_until:
        spec.block(config.freeze_until)  # an unknown block is a usage error, before any work
    if config.input_size is not None:
        check_input_size(config.input_size, spec.name)  # --weights named the network
    # Seeded: the new classifier, the augmentation and the shuffling repeat run after run.
    torch.manual_seed(config.seed)
    model.reset_classifier(len(scan.classes))
    size = config.input_size or spec.input_size
    detached_aux: dict[str, Any] = {}
    if any(size < head.min_input for head, _ in model.aux_modules()):
        # An aux head that cannot run at this input size (some need the full input): off for
        # training, but kept (as reset for the new classes) in the checkpoint so it loads
        # like any file of the network.
        detached_aux = model.detach_aux_heads()
    use_aux = bool(model.aux_modules())
    trainable = freeze_until(model, spec, config.freeze_until)
    # The precision is measured at a small batch (quick, and cached); the default batch then
    # follows from the precision's memory (CUDA: 16, halved on running out of memory).
    plan = choose_precision(config.precision, device, model, size, min(config.batch_size or 4, 4),
                            state, distributed=dist.enabled)
    batch_size = config.batch_size or (16 if device.type == "cuda" else default_cpu_batch(
        spec.name, plan.name, size, processes=int(os.environ.get("LOCAL_WORLD_SIZE", "1"))))
    model.to(device)
    plan.prepare_model(model)
    ddp_model = model
    if dist.enabled:
        from torch.nn.parallel import DistributedDataParallel

        ddp_model = DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None,
            find_unused_parameters=config.freeze_until is not None)
    epochs = config.epochs or 10
    lr = config.lr or 1e-4
    wd = config.weight_decay if config.weight_decay is not None else 0.01
    params = [p for p in model.parameters() if p.requires_grad]
    if config.optimizer == "sgd":
        optimizer: Any = torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd,
                                         nesterov=True)
    else:
        optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    train_samples, val_samples = scan.split_samples("train"), scan.split_samples("val")
    if not train_samples:
        raise TrainingError(msg("{root} has no training image", root=named(scan.root)))
    train_set = FolderDataset(train_samples, spec, size, train=True)
    steps_per_epoch = math.ceil(len(train_set) / (batch_size * dist.world) / config.accumulate)
    total_steps = max(1, steps_per_epoch * epochs)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, _schedule(total_steps, int(config.warmup_epochs * steps_per_epoch)))
    out = config.resolved_out()
    run = Run(config, scan, dist, base, model, ddp_model, spec, device, plan, size, use_aux,
              detached_aux, trainable, optimizer, scheduler, plan.grad_scaler(),
              nn.CrossEntropyLoss(label_smoothing=config.label_smoothing),
              train_set, FolderDataset(val_samples, spec, size, train=False),
              FolderDataset(train_samples, spec, size, train=False),
              out, out.with_name(out.name + ".resume.pt"), epochs, batch_size,
              config.patience or max(3, epochs // 3), started)
    run.first_batch_size = batch_size
    if config.resume:
        _load_resume(run, Path(config.resume), state)
    return run


def _memory_report(run: Run) -> dict[str, Any]:
    """The run's peak memory: the process's resident set, and on CUDA the device's."""
    from inception_desktop.engine.bench import peak_rss_mb

    out: dict[str, Any] = {"peak_rss_mb": peak_rss_mb()}
    if run.device.type == "cuda":
        out["peak_gpu_memory_mb"] = torch.cuda.max_memory_allocated(run.device) / 2**20
    return out


def _load_resume(run: Run, path: Path, state: TaskState) -> None:
    """Continue from a resume file; a missing, foreign or damaged one is one clear line."""
    if not path.is_file():
        raise UsageError(msg("--resume {path}: no such file", path=path))
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(saved, dict):
            raise TypeError("not a resume file")
        run.model.load_state_dict(saved["model"])
        run.optimizer.load_state_dict(saved["optimizer"])
        run.scheduler.load_state_dict(saved["scheduler"])
        run.start_epoch = int(saved["epoch"]) + 1
        run.best_acc, run.best_epoch = float(saved["best_acc"]), int(saved["best_epoch"])
        run.history = [dict(h) for h in saved.get("history_json", [])]
    except Exception as exc:  # an untrusted file: any failure is this file's error
        detail = (str(exc).splitlines() or [""])[0][:120]
        raise TrainingError(msg("--resume {path} is not a resume file of this run ({kind}: "
                                "{detail}); give the OUT.resume.pt that this model's last run "
                                "wrote",
                                path=path.name, kind=type(exc).__name__, detail=detail)) from None
    state.partial(Resumed(run.start_epoch - 1))


def _save_best(run: Run, epoch: int, val_acc: float, state: TaskState) -> None:
    from inception_desktop.weights.checkpoint import save_app_checkpoint

    model = run.model
    model.attach_aux_heads({path: head.to(run.device) for path, head in
                            run.detached_aux.items()})
    try:
        save_app_checkpoint(model, run.out, run.scan.classes, {
            "mode": "full", "name": run.config.name or run.out.stem,
            "base_weights": run.base.identity(), "data_fingerprint": run.scan.fingerprint(),
            "precision": run.plan.name, "precision_reason": run.plan.reason,
            "device": run.device.type,
            "metrics": {"epoch": epoch, "val_accuracy": val_acc}})
    finally:
        if run.detached_aux:
            model.detach_aux_heads()
    state.partial(CheckpointSaved(run.out, epoch))


def _save_resume(run: Run, epoch: int) -> None:
    with atomic_path(run.resume_path) as tmp:
        torch.save({"epoch": epoch, "model": run.model.state_dict(),
                    "optimizer": run.optimizer.state_dict(),
                    "scheduler": run.scheduler.state_dict(), "best_acc": run.best_acc,
                    "best_epoch": run.best_epoch, "history_json": run.history}, tmp)


@dataclass
class TrainOutcome:
    last_epoch: int
    cancelled: bool
    seconds: float
    images_per_s: float


def _train_epoch(run: Run, epoch: int, seen: list[int],
                 state: TaskState) -> tuple[float, int, int]:
    """One epoch -> (summed loss, correct, count). Raises Cancelled between steps."""
    t_epoch = time.perf_counter()
    try:
        return _train_steps(run, epoch, seen, state, t_epoch)
    finally:
        run.loop_seconds += time.perf_counter() - t_epoch


def _train_steps(run: Run, epoch: int, seen: list[int], state: TaskState,
                 t_epoch: float) -> tuple[float, int, int]:
    sampler = None
    if run.dist.enabled:
        from torch.utils.data.distributed import DistributedSampler

        sampler = DistributedSampler(run.train_set, num_replicas=run.dist.world,
                                     rank=run.dist.rank, shuffle=True, seed=run.config.seed)
        sampler.set_epoch(epoch)
    generator = torch.Generator().manual_seed(run.config.seed * 1000 + epoch)
    per_rank = math.ceil(len(run.train_set) / run.dist.world)
    # BatchNorm cannot train on a batch of one: drop such a last batch (it comes back next
    # epoch in another order).
    loader = DataLoader(run.train_set, batch_size=run.batch_size, sampler=sampler,
                        shuffle=sampler is None, generator=generator, num_workers=0,
                        drop_last=per_rank % run.batch_size == 1)
    run.ddp_model.train()
    running_loss, correct, count = 0.0, 0, 0
    accumulate = run.config.accumulate
    run.optimizer.zero_grad(set_to_none=True)
    for i, (x, y) in enumerate(loader):
        state.check()
        x, y = run.plan.prepare_input(x.to(run.device)), y.to(run.device)
        with run.plan.autocast(run.device):
            logits, loss = training_loss(run.model, run.ddp_model(x), y, run.criterion)
        run.scaler.scale(loss / accumulate).backward()
        if (i + 1) % accumulate == 0 or i + 1 == len(loader):
            run.scaler.step(run.optimizer)
            run.scaler.update()
            run.optimizer.zero_grad(set_to_none=True)
            run.scheduler.step()
        running_loss += float(loss.detach()) * len(y)
        correct += int((logits.argmax(1) == y).sum())
        count += len(y)
        seen[0] += len(y) * run.dist.world
        if run.dist.is_main and (i % 5 == 0 or i + 1 == len(loader)):
            rate = seen[0] / max(run.loop_seconds + time.perf_counter() - t_epoch, 1e-9)
            left = (len(loader) - i - 1) * len(y) * run.dist.world + \
                (run.epochs - epoch) * len(run.train_set)
            state.partial(BatchEnd(epoch, run.epochs, i + 1, len(loader),
                                   running_loss / count, correct / count, rate,
                                   left / max(rate, 1e-9)))
            done = (epoch - 1) * len(loader) + i + 1
            state.progress(done, run.epochs * len(loader), msg("epoch {epoch} of {epochs}",
                                                               epoch=epoch, epochs=run.epochs),
                           rate, "images", Stage.TRAINING)
    return running_loss, correct, count


def _train(run: Run, state: TaskState) -> TrainOutcome:
    from inception_desktop.errors import Cancelled

    t_train = time.perf_counter()
    seen = [0]
    run.loop_seconds = run.validation_seconds = 0.0
    epoch = run.start_epoch - 1
    cancelled = False
    while epoch < run.epochs:
        epoch += 1
        loop_before = run.loop_seconds
        try:
            running_loss, correct, count = _train_epoch(run, epoch, seen, state)
        except Cancelled:
            cancelled = True
            break
        except torch.cuda.OutOfMemoryError:
            if run.batch_size <= 1:
                raise TrainingError(msg("CUDA ran out of memory even at batch size 1; use a "
                                        "smaller --input-size or the CPU")) from None
            run.batch_size //= 2
            torch.cuda.empty_cache()
            state.partial(Notice(msg("CUDA out of memory: batch size halved to {batch_size}; "
                                     "epoch {epoch} starts again",
                                     batch_size=run.batch_size, epoch=epoch)))
            epoch -= 1
            continue
        has_val = len(run.val_set) > 0
        t_val = time.perf_counter()
        val_acc, val_probs, val_labels = _evaluate(run, run.model,
                                                   run.val_set if has_val
                                                   else run.eval_train_set)
        run.validation_seconds += time.perf_counter() - t_val
        stats = EpochEnd(epoch, run.epochs, running_loss / max(count, 1),
                         correct / max(count, 1), _loss(val_probs, val_labels)
                         if has_val else None, val_acc if has_val else None,
                         count * run.dist.world / max(run.loop_seconds - loop_before, 1e-9),
                         (time.perf_counter() - t_train) / (epoch - run.start_epoch + 1)
                         * (run.epochs - epoch))
        run.history.append(stats.__dict__.copy())
        improved = val_acc > run.best_acc
        if improved:
            run.best_acc, run.best_epoch = val_acc, epoch
        if run.dist.is_main:
            if improved:
                _save_best(run, epoch, val_acc, state)
            _save_resume(run, epoch)
            state.partial(stats)
        if epoch - run.best_epoch >= run.patience:
            break
    seconds = time.perf_counter() - t_train
    return TrainOutcome(epoch, cancelled, seconds, seen[0] / max(run.loop_seconds, 1e-9))


def _finish(run: Run, outcome: TrainOutcome, loss_before: float | None) -> FinetuneResult:
    from inception_desktop.training.head import scores
    from inception_desktop.weights import load_model

    checkpoint = run.out if run.out.exists() and run.best_epoch > 0 else None
    report = None
    report_path = None
    if checkpoint is not None:
        best_model, _ = load_model(checkpoint)
        best_model.to(run.device)
        run.plan.prepare_model(best_model)
        train_acc, p1, y1 = _evaluate(run, best_model, run.eval_train_set)
        has_val = len(run.val_set) > 0
        eval_set = run.val_set if has_val else run.eval_train_set
        acc, probs, labels = _evaluate(run, best_model, eval_set)
        _, per_class, confusion = scores(probs.argmax(1), labels, len(run.scan.classes))
        predictions = [PredictionRecord(str(s.path), int(s.label), int(p.argmax()),
                                        float(p.max()))
                       for s, p in zip(eval_set.samples, probs, strict=True)]
        report = build_report(
            run.config, run.scan, run.spec.name, run.base, train_acc, acc if has_val else None,
            outcome.last_epoch, per_class, confusion, predictions, run.history,
            {"training": outcome.seconds, "training_steps": run.loop_seconds,
             "validation": run.validation_seconds,
             "total": time.perf_counter() - run.started},
            run.scan.skipped, checkpoint,
            {"best_epoch": run.best_epoch, "cancelled": outcome.cancelled,
             "stopped_early": not outcome.cancelled and outcome.last_epoch < run.epochs,
             "trainable_params": run.trainable, "input_size": run.size,
             "world_size": run.dist.world, "device": str(run.device),
             "precision": run.plan.name, "precision_reason": run.plan.reason,
             "channels_last": run.plan.channels_last,
             "train_images_per_s": outcome.images_per_s, "batch_size": run.first_batch_size,
             **_memory_report(run),
             "aux_loss": run.use_aux, "final_batch_size": run.batch_size,
             "train_loss_before": loss_before, "train_loss_after": _loss(p1, y1)})
        report_path = run.config.resolved_report()
        write_report(report_path, report)
    return FinetuneResult(checkpoint, report_path, report, outcome.cancelled)


def _batch_notice(run: Run) -> str:
    if run.config.batch_size:
        return msg("batch size {batch} (asked for)", batch=run.batch_size)
    if run.device.type == "cuda":
        return msg("batch size {batch} (halved if the GPU runs out of memory)",
                   batch=run.batch_size)
    estimate = estimated_peak_mb(run.spec.name, run.plan.name, run.batch_size, run.size)
    if estimate <= memory_bound_mb():
        return msg("batch size {batch}: about {gb:.1f} GB of memory, under the bound of "
                   "{bound:.1f} GB (--batch-size changes it)", batch=run.batch_size,
                   gb=estimate / 1024, bound=memory_bound_mb() / 1024)
    return msg("batch size {batch}: about {gb:.1f} GB of memory, the smallest batch; over the "
               "bound of {bound:.1f} GB (--batch-size changes it)", batch=run.batch_size,
               gb=estimate / 1024, bound=memory_bound_mb() / 1024)


def _aux_notice(run: Run) -> str | None:
    """Why a network with aux heads trains without their loss, if it does."""
    heads = run.spec.aux_heads
    if not heads or run.use_aux:
        return None
    if run.detached_aux:
        need = max(h.min_input for h in heads)
        return msg("training without the auxiliary loss: the aux head needs {need} x {need} "
                   "inputs, and this run uses {size} x {size}", need=need, size=run.size)
    return msg("training without the auxiliary loss: the weights have no auxiliary head "
               "({heads})", heads=", ".join(h.path for h in heads))


def run_full(config: FinetuneConfig, scan: ScanReport, state: TaskState) -> FinetuneResult:
    dist = _distributed()
    try:
        run = _prepare(config, scan, dist, state)
        state.partial(Notice(msg("precision: {precision} on {device} ({reason})",
                                 precision=run.plan.name, device=run.device.type,
                                 reason=run.plan.reason)))
        state.partial(Notice(_batch_notice(run)))
        aux_notice = _aux_notice(run)
        if aux_notice:
            state.partial(Notice(aux_notice))
        # The loss on the training images without augmentation, before and after: did it
        # learn?
        loss_before = None
        if not config.resume:
            _, p0, y0 = _evaluate(run, run.model, run.eval_train_set)
            loss_before = _loss(p0, y0)
        outcome = _train(run, state)
        if not dist.is_main:
            return FinetuneResult(None, None, None, cancelled=outcome.cancelled)
        return _finish(run, outcome, loss_before)
    finally:
        if dist.enabled:
            import torch.distributed as tdist

            tdist.destroy_process_group()
