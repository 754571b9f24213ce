"""The torch backend: eager PyTorch on cpu, cuda or mps; and building a torch model from any
choice of weights (published, imported, fine-tuned in full or as a head, or untrained)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from inception_desktop.engine.backend import Backend, BackendOutput
from inception_desktop.errors import BackendError, WeightsError, cause, msg
from inception_desktop.fileio import named
from inception_desktop.weights.resolve import WeightsChoice

UNTRAINED_SEED = 0


def build_torch_model(choice: WeightsChoice) -> tuple[Any, list[str] | None]:
    """-> (model in eval mode on the CPU, class names or None for ImageNet).

    A head-only checkpoint is built on its base network: the base weights, then the
    fine-tuned classifier in place of the network's own.
    """
    import torch

    from inception_desktop.models import create_model
    from inception_desktop.weights import load_model
    from inception_desktop.weights.headfile import is_head_checkpoint, read_head_checkpoint
    from inception_desktop.weights.resolve import resolve_base

    if choice.untrained:
        # Seeded, so "untrained" is the same network every time (and its ONNX export reusable).
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(UNTRAINED_SEED)
            model = create_model(choice.network)
        return model.eval(), None
    if choice.path is None:
        raise WeightsError(msg("the weights {weights!r} of {network} exist here only as an ONNX "
                               "export; use the onnxruntime backend",
                               weights=choice.name, network=choice.network))
    if is_head_checkpoint(choice.path):
        head = read_head_checkpoint(choice.path)
        model, _ = build_torch_model(resolve_base(head, allow_export_only=False))
        model.reset_classifier(head.num_classes)
        with torch.no_grad():
            model.classifier.weight.copy_(torch.from_numpy(head.weight))
            model.classifier.bias.copy_(torch.from_numpy(head.bias))
        return model.eval(), head.class_names
    verify_unchanged(choice)
    model, info = load_model(choice.path, expected_network=choice.network)
    return model.eval(), info.class_names


def verify_unchanged(choice: WeightsChoice) -> None:
    """Hash the file again before its bytes are used: weights whose content changed since
    they were verified (bit rot, a partial overwrite, a forged provenance record) are never
    run as the weights they claim to be."""
    from inception_desktop.fileio import file_sha256

    if choice.path is None or choice.sha256 is None:
        return
    try:
        now = file_sha256(choice.path)
    except OSError as exc:
        raise WeightsError(msg("{file}: cannot be read ({reason})", file=named(choice.path),
                               reason=exc.strerror or str(exc))) from None
    if now != choice.sha256:
        raise WeightsError(msg("{path} changed since it was verified (sha256 now {now}..., "
                               "recorded {sha256}...): the file is damaged; remove it and "
                               "download or import it again",
                               path=choice.path.name, now=now[:12], sha256=choice.sha256[:12]))


class TorchBackend(Backend):
    name = "torch"

    def __init__(self, model: Any, device: str = "cpu", threads: int | None = None) -> None:
        import torch

        if threads:
            torch.set_num_threads(threads)
        try:
            self.torch_device = torch.device(device)
            self.model = model.eval().to(self.torch_device)
        except (RuntimeError, AssertionError) as exc:
            raise BackendError(msg("cannot use device {device!r}: {reason}", device=device,
                                   reason=cause(exc))) from None
        self.device = device
        self.network = model.spec.name
        self.num_classes = model.num_classes
        self.cam_exact = bool(model.cam_exact)
        head = model.classifier
        self.head_weight = head.weight.detach().cpu().numpy().astype(np.float32)
        self.head_bias = head.bias.detach().cpu().numpy().astype(np.float32)

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        import torch

        with torch.inference_mode():
            x = torch.from_numpy(np.ascontiguousarray(batch, dtype=np.float32)).to(
                self.torch_device)
            logits, pooled, outs = self.model.forward_outputs(x, list(blocks))
            return BackendOutput(
                logits.float().cpu().numpy(),
                pooled.float().cpu().numpy(),
                {path: t.float().cpu().numpy() for path, t in outs.items()},
            )

    def grad_cam(self, batch: np.ndarray, block: str, class_index: int) -> np.ndarray:
        """Grad-CAM (Selvaraju et al.) of one image at `block` -> H x W map, >= 0."""
        import torch

        x = torch.from_numpy(np.ascontiguousarray(batch[:1], dtype=np.float32)).to(
            self.torch_device)
        captured = {}
        module = self.model.get_submodule(block)

        def hook(_m: Any, _i: Any, out: Any) -> None:
            out.retain_grad()
            captured["a"] = out

        handle = module.register_forward_hook(hook)
        try:
            with torch.enable_grad():
                logits = self.model(x)
                self.model.zero_grad(set_to_none=True)
                logits[0, class_index].backward()
        finally:
            handle.remove()
        activation = captured["a"][0].detach()
        weights = captured["a"].grad[0].mean(dim=(1, 2))
        cam = torch.relu((weights[:, None, None] * activation).sum(0))
        self.model.zero_grad(set_to_none=True)
        return cam.float().cpu().numpy()

    def close(self) -> None:
        self.model = None
