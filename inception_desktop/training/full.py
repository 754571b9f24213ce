"""Full fine-tuning with torch: the whole network, or only the blocks after a chosen one.

Augmentation (random resized crop, flip, colour jitter), AdamW or SGD, cosine schedule with
warm-up, label smoothing, Inception-v3's auxiliary loss (weight 0.4), mixed precision on CUDA,
gradient accumulation, early stopping on validation accuracy, batch halving on CUDA
out-of-memory. The best checkpoint so far is always a complete file (atomic writes); a resume
file beside it lets `--resume` continue an interrupted run. Under `torchrun` it trains with
DistributedDataParallel (gloo on CPU, nccl on GPU) and only rank 0 writes.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from inception_desktop.engine.images import ImageError, load_image
from inception_desktop.engine.preprocess import preprocess
from inception_desktop.models.spec import ModelSpec
from inception_desktop.training.dataset import Sample, ScanReport
from inception_desktop.training.finetune import (
    FinetuneCancelled,
    FinetuneConfig,
    FinetuneResult,
    _emit,
    _write_json,
    base_identity,
    build_report,
)
from inception_desktop.weights.fileio import atomic_path

AUX_WEIGHT = 0.4


class FolderDataset(Dataset):
    def __init__(self, samples: list[Sample], spec: ModelSpec, size: int, train: bool) -> None:
        from torchvision import transforms

        self.samples = samples
        self.spec = spec
        self.size = size
        self.train = train
        normalize = transforms.Normalize(spec.mean, spec.std)
        self.augment = transforms.Compose([
            transforms.RandomResizedCrop(size, scale=(0.35, 1.0),
                                         interpolation=transforms.InterpolationMode.BICUBIC),
            transforms.RandomHorizontalFlip(),
            transforms.ColorJitter(0.3, 0.3, 0.3, 0.05),
            transforms.ToTensor(),
            normalize,
        ])

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, i: int):
        sample = self.samples[i]
        try:
            img = load_image(sample.path)
        except ImageError:
            img = None  # changed since the scan: a blank image keeps the batch shape
        if img is None:
            from PIL import Image

            img = Image.new("RGB", (self.size, self.size))
        if self.train:
            x = self.augment(img)
        else:
            spec = self.spec
            if self.size != spec.input_size:
                from dataclasses import replace

                ratio = spec.resize_size / spec.input_size
                spec = replace(spec, input_size=self.size, resize_size=int(self.size * ratio))
            x = torch.from_numpy(preprocess(img, spec))
        return x, sample.label


def _dist() -> tuple[bool, int, int]:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return False, 0, 1
    import torch.distributed as dist

    if not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    return True, dist.get_rank(), dist.get_world_size()


def _freeze(model, spec: ModelSpec, freeze_until: str | None) -> int:
    """Freeze everything up to and including `freeze_until` -> number of trainable params."""
    if freeze_until:
        spec.block(freeze_until)  # a clear error for an unknown block
        for p in model.parameters():
            p.requires_grad = False
        reached = False
        for path, module in model.trunk():
            if reached:
                for p in module.parameters():
                    p.requires_grad = True
            if path == freeze_until:
                reached = True
        for p in model.classifier.parameters():
            p.requires_grad = True
        aux = getattr(model, "AuxLogits", None)
        if aux is not None:
            for p in aux.parameters():
                p.requires_grad = True
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def _schedule(total_steps: int, warmup_steps: int):
    def factor(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / max(1, warmup_steps)
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))

    return factor


def _evaluate(model, loader, device) -> tuple[float, np.ndarray, np.ndarray]:
    model.eval()
    probs, labels = [], []
    with torch.inference_mode():
        for x, y in loader:
            logits = model(x.to(device))
            probs.append(torch.softmax(logits.float(), 1).cpu().numpy())
            labels.append(y.numpy())
    if not probs:
        return 0.0, np.zeros((0, 0)), np.zeros(0, dtype=int)
    p, y = np.concatenate(probs), np.concatenate(labels)
    return float((p.argmax(1) == y).mean()), p, y


def _loss(probs: np.ndarray, labels: np.ndarray) -> float | None:
    """Mean cross-entropy of predicted probabilities (no label smoothing, no augmentation)."""
    if len(labels) == 0:
        return None
    return float(-np.log(probs[np.arange(len(labels)), labels] + 1e-12).mean())


def _save_resume(path: Path, state: dict[str, Any]) -> None:
    with atomic_path(path) as tmp:
        torch.save(state, tmp)


def run_full(config: FinetuneConfig, scan: ScanReport, progress, cancelled) -> FinetuneResult:
    from inception_desktop.engine.classifier import resolve_choice
    from inception_desktop.engine.torch_backend import build_torch_model
    from inception_desktop.training.head import scores
    from inception_desktop.weights.checkpoint import save_app_checkpoint

    distributed, rank, world = _dist()
    is_main = rank == 0
    started = time.perf_counter()
    base = resolve_choice(config.model, config.weights, config.random_weights)
    network = base.network
    config.model = network
    model, _ = build_torch_model(base)
    spec = model.spec
    n_classes = len(scan.classes)
    # Seeded: the new classifier, the augmentation and the shuffling repeat run after run.
    torch.manual_seed(config.seed)
    model.reset_classifier(n_classes)
    size = config.input_size or spec.input_size
    use_aux = getattr(model, "AuxLogits", None) is not None and size >= 299
    detached_aux = None
    if getattr(model, "AuxLogits", None) is not None and not use_aux:
        # The auxiliary head needs the full 299 x 299 input: off for training, but kept (as
        # reset for the new classes) in the checkpoint so it loads like any Inception-v3.
        detached_aux, model.AuxLogits = model.AuxLogits, None
    trainable = _freeze(model, spec, config.freeze_until)
    if config.device in ("auto", "cuda") and torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    elif config.device == "mps":
        device = torch.device("mps")
    else:
        device = torch.device("cpu")
    model.to(device)
    ddp_model = model
    if distributed:
        from torch.nn.parallel import DistributedDataParallel

        ddp_model = DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None,
            find_unused_parameters=config.freeze_until is not None)
    epochs = config.epochs or 10
    batch_size = config.batch_size or 16
    lr = config.lr or 1e-4
    wd = config.weight_decay if config.weight_decay is not None else 0.01
    params = [p for p in model.parameters() if p.requires_grad]
    if config.optimizer == "sgd":
        optimizer = torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=wd, nesterov=True)
    elif config.optimizer == "adamw":
        optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    else:
        raise ValueError(f"unknown optimizer {config.optimizer!r}; choose adamw or sgd")
    train_samples, val_samples = scan.split_samples("train"), scan.split_samples("val")
    train_set = FolderDataset(train_samples, spec, size, train=True)
    val_set = FolderDataset(val_samples, spec, size, train=False)
    eval_train_set = FolderDataset(train_samples, spec, size, train=False)
    criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    amp = config.amp and device.type == "cuda"
    scaler = torch.amp.GradScaler("cuda", enabled=amp)
    out = config.resolved_out()
    resume_path = out.with_name(out.name + ".resume.pt")
    start_epoch, best_acc, best_epoch, history = 1, -1.0, 0, []
    steps_per_epoch = math.ceil(len(train_set) / (batch_size * world) / config.accumulate)
    total_steps = max(1, steps_per_epoch * epochs)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, _schedule(total_steps, int(config.warmup_epochs * steps_per_epoch)))
    if config.resume:
        state = torch.load(config.resume, map_location="cpu", weights_only=True)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start_epoch = int(state["epoch"]) + 1
        best_acc, best_epoch = float(state["best_acc"]), int(state["best_epoch"])
        history = list(state.get("history_json", []))
        _emit(progress, "epoch", f"resumed after epoch {start_epoch - 1}", resumed=True)
    patience = config.patience or max(3, epochs // 3)
    eval_loader_kw = {"batch_size": batch_size, "num_workers": 0}
    # The loss on the training images without augmentation, before and after: did it learn?
    loss_before = None
    if not config.resume:
        _, p0, y0 = _evaluate(model, DataLoader(eval_train_set, **eval_loader_kw), device)
        loss_before = _loss(p0, y0)
    t_train = time.perf_counter()
    seen_images = 0
    was_cancelled = False
    epoch = start_epoch - 1
    for epoch in range(start_epoch, epochs + 1):
        sampler = None
        if distributed:
            from torch.utils.data.distributed import DistributedSampler

            sampler = DistributedSampler(train_set, num_replicas=world, rank=rank,
                                         shuffle=True, seed=config.seed)
            sampler.set_epoch(epoch)
        generator = torch.Generator().manual_seed(config.seed * 1000 + epoch)
        per_rank = math.ceil(len(train_set) / world)
        # BatchNorm cannot train on a batch of one: drop such a last batch (it comes back
        # next epoch in another order).
        loader = DataLoader(train_set, batch_size=batch_size, sampler=sampler,
                            shuffle=sampler is None, generator=generator, num_workers=0,
                            drop_last=per_rank % batch_size == 1)
        ddp_model.train()
        running_loss, correct, count = 0.0, 0, 0
        t_epoch = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        try:
            for i, (x, y) in enumerate(loader):
                if cancelled is not None and cancelled():
                    raise FinetuneCancelled()
                x, y = x.to(device), y.to(device)
                with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
                    output = ddp_model(x)
                    if isinstance(output, tuple):  # Inception-v3 in training mode
                        logits = output[0]
                        loss = criterion(logits, y) + AUX_WEIGHT * criterion(output[1], y)
                    else:
                        logits = output
                        loss = criterion(logits, y)
                scaler.scale(loss / config.accumulate).backward()
                if (i + 1) % config.accumulate == 0 or i + 1 == len(loader):
                    scaler.step(optimizer)
                    scaler.update()
                    optimizer.zero_grad(set_to_none=True)
                    scheduler.step()
                running_loss += float(loss.detach()) * len(y)
                correct += int((logits.argmax(1) == y).sum())
                count += len(y)
                seen_images += len(y) * world
                if is_main and (i % 5 == 0 or i + 1 == len(loader)):
                    rate = seen_images / max(time.perf_counter() - t_train, 1e-9)
                    left = (len(loader) - i - 1) * len(y) * world + \
                        (epochs - epoch) * len(train_set)
                    _emit(progress, "batch", "", epoch=epoch, epochs=epochs, batch=i + 1,
                          batches=len(loader), loss=running_loss / count,
                          train_accuracy=correct / count, images_per_s=rate,
                          eta_s=left / max(rate, 1e-9))
        except FinetuneCancelled:
            was_cancelled = True
            break
        except torch.cuda.OutOfMemoryError:
            if batch_size <= 1:
                raise
            batch_size //= 2
            torch.cuda.empty_cache()
            _emit(progress, "epoch", f"CUDA out of memory: batch size halved to {batch_size}; "
                                     f"epoch {epoch} starts again", batch_size=batch_size)
            continue
        val_loader = DataLoader(val_set if len(val_set) else eval_train_set,
                                batch_size=batch_size, num_workers=0)
        val_acc, val_probs, val_labels = _evaluate(model, val_loader, device)
        epoch_stats = {"epoch": epoch, "epochs": epochs, "loss": running_loss / max(count, 1),
                       "train_accuracy": correct / max(count, 1),
                       "val_accuracy": val_acc if len(val_set) else None,
                       "val_loss": _loss(val_probs, val_labels) if len(val_set) else None,
                       "images_per_s": count * world / max(time.perf_counter() - t_epoch, 1e-9),
                       "eta_s": (time.perf_counter() - t_train) / (epoch - start_epoch + 1)
                       * (epochs - epoch)}
        history.append(epoch_stats)
        improved = val_acc > best_acc
        if improved:
            best_acc, best_epoch = val_acc, epoch
        if is_main:
            if improved:
                if detached_aux is not None:
                    model.AuxLogits = detached_aux.to(device)
                save_app_checkpoint(model, out, scan.classes, {
                    "contents": "full", "mode": "full", "name": config.name or out.stem,
                    "base_weights": base_identity(base),
                    "data_fingerprint": scan.fingerprint(),
                    "metrics": {"epoch": epoch, "val_accuracy": val_acc}})
                if detached_aux is not None:
                    model.AuxLogits = None
                _emit(progress, "checkpoint", f"saved the best model so far (epoch {epoch})",
                      path=str(out), epoch=epoch)
            _save_resume(resume_path, {
                "epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "best_acc": best_acc,
                "best_epoch": best_epoch, "history_json": history})
            _emit(progress, "epoch", "", **epoch_stats)
        if epoch - best_epoch >= patience:
            break
    if not is_main:
        import torch.distributed as dist

        dist.destroy_process_group()
        return FinetuneResult(None, config.resolved_report(), {}, cancelled=was_cancelled)
    train_s = time.perf_counter() - t_train
    checkpoint = out if out.exists() and best_epoch > 0 else None
    report: dict[str, Any] = {}
    if checkpoint is not None:
        from inception_desktop.weights import load_model

        best_model, _ = load_model(checkpoint)
        best_model.to(device)
        loader_kw = {"batch_size": batch_size, "num_workers": 0}
        train_acc, p1, y1 = _evaluate(best_model, DataLoader(eval_train_set, **loader_kw),
                                      device)
        eval_set = val_set if len(val_set) else eval_train_set
        acc, probs, labels = _evaluate(best_model, DataLoader(eval_set, **loader_kw), device)
        _, per_class, confusion = scores(probs.argmax(1), labels, n_classes)
        predictions = [{"file": str(s.path), "true": int(s.label),
                        "predicted": int(p.argmax()), "confidence": float(p.max())}
                       for s, p in zip(eval_set.samples, probs, strict=True)]
        report = build_report(
            config, scan, network, base, train_acc, acc if len(val_set) else None, epoch,
            per_class, confusion, predictions, history,
            {"training": train_s, "total": time.perf_counter() - started}, scan.skipped,
            checkpoint, {"best_epoch": best_epoch, "cancelled": was_cancelled,
                         "trainable_params": trainable, "input_size": size,
                         "world_size": world, "device": str(device),
                         "aux_loss": use_aux, "final_batch_size": batch_size,
                         "train_loss_before": loss_before, "train_loss_after": _loss(p1, y1)})
        _write_json(config.resolved_report(), report)
    _emit(progress, "done", "cancelled" if was_cancelled else "done", report=report)
    if distributed:
        import torch.distributed as dist

        dist.destroy_process_group()
    return FinetuneResult(checkpoint, config.resolved_report(), report, was_cancelled)

