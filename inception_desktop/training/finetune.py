"""Fine-tuning on a folder: check the settings, scan the folder, then head mode (cached
features + softmax regression, either backend) or full mode (torch). Progress, partial
results (typed events) and cancellation go through the one task handle; the checkpoint is
always a valid file."""

from __future__ import annotations

from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.training.config import FinetuneConfig
from inception_desktop.training.dataset import scan_folder
from inception_desktop.training.events import ScanDone
from inception_desktop.training.report import FinetuneResult, per_class_table


def run_finetune(config: FinetuneConfig, state: TaskState | None = None) -> FinetuneResult:
    state = ensure_state(state)
    config.validate()
    # Mistakes in the choices fail before the folder is read.
    from inception_desktop.engine.backend import torch_device
    from inception_desktop.engine.registry import choose_backend

    if config.mode == "full":
        import torch

        from inception_desktop.training.precision import check_precision

        check_precision(config.precision, torch.device(torch_device(config.device)))
        if config.freeze_until and config.model is not None:
            from inception_desktop.models import get_spec

            get_spec(config.model).block(config.freeze_until)
    else:
        choose_backend(config.backend, config.device)
    scan = scan_folder(config.data_dir, config.val_split, config.seed).without(
        config.leave_out)
    state.partial(ScanDone(scan))
    if config.mode == "head":
        from inception_desktop.training.head_mode import run_head

        return run_head(config, scan, state)
    from inception_desktop.training.full import run_full

    return run_full(config, scan, state)


__all__ = ["FinetuneConfig", "FinetuneResult", "run_finetune", "per_class_table"]
