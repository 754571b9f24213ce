"""Reference implementations with random weights, saved in every format the loader reads.

One row per network in `REFERENCES`: the reference implementation (torchvision or timm, never
our own code), the formats its real files come in, and the name of its published file. The
parameters and BatchNorm statistics are randomised (scaled so activations stay in a sane range)
so that parity is tested on every weight, not on an initialisation that hides mistakes.

A new network is tested by adding its row here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import torch
from torch import nn


def _torchvision_v3() -> nn.Module:
    import torchvision

    return torchvision.models.inception_v3(weights=None, aux_logits=True, transform_input=True,
                                           init_weights=False)


def _torchvision_v1() -> nn.Module:
    import torchvision

    return torchvision.models.googlenet(weights=None, aux_logits=True, transform_input=True,
                                        init_weights=True)


def _timm(name: str) -> Callable[[], nn.Module]:
    def build() -> nn.Module:
        import timm

        return timm.create_model(name, pretrained=False)

    return build


def _torchvision_transform(weights: str) -> Callable[[], Any]:
    def transform() -> Any:
        import torchvision.models as tvm

        return getattr(tvm, weights).IMAGENET1K_V1.transforms()

    return transform


def _timm_transform(name: str) -> Callable[[], Any]:
    def transform() -> Any:
        import timm
        from timm.data import create_transform, resolve_data_config

        return create_transform(**resolve_data_config(
            model=timm.create_model(name, pretrained=False)))

    return transform


def _v3_train_outputs(out: Any) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
    return out.logits, (out.aux_logits,)


def _v1_train_outputs(out: Any) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
    # torchvision returns (logits, aux_logits2, aux_logits1); the spec orders aux1, aux2.
    return out.logits, (out.aux_logits1, out.aux_logits2)


@dataclass(frozen=True)
class Reference:
    """How a network is tested against the implementation that made its published weights."""

    build: Callable[[], nn.Module]  # the reference module (random initialisation)
    transform: Callable[[], Any]  # the reference's own preprocessing of its published weights
    formats: tuple[str, ...]  # the file formats its published or legacy weights come in
    published_name: str  # the published file's name ("torchvision" format)
    block_groups: dict[str, int]  # the viewable blocks the spec lists, counted by group
    # The reference's training-mode output -> (logits, aux logits in the spec's order)
    train_outputs: Callable[[Any], tuple[torch.Tensor, tuple[torch.Tensor, ...]]] | None = None
    # Cadene files of the network: (their file name, the head's name there)
    cadene: tuple[str, str] | None = None
    # A block and its first branch's module, to check the branch channel ranges
    first_branch: tuple[str, str] | None = None


REFERENCES: dict[str, Reference] = {
    "inception_v3": Reference(
        _torchvision_v3, _torchvision_transform("Inception_V3_Weights"), ("torchvision",),
        "inception_v3_google-0cc3c7bd.pth",
        {"Stem": 5, "Inception-A": 3, "Reduction-A": 1, "Inception-B": 4, "Reduction-B": 1,
         "Inception-C": 2},
        train_outputs=_v3_train_outputs, first_branch=("Mixed_5b", "Mixed_5b.branch1x1")),
    "inception_v4": Reference(
        _timm("inception_v4"), _timm_transform("inception_v4"),
        ("timm-safetensors", "timm-bin", "cadene"), "model.safetensors",
        {"Stem": 6, "Inception-A": 4, "Reduction-A": 1, "Inception-B": 7, "Reduction-B": 1,
         "Inception-C": 3},
        cadene=("inceptionv4-8e4777a0.pth", "last_linear"),
        first_branch=("features.11", "features.11.branch0")),
    "inception_resnet_v2": Reference(
        _timm("inception_resnet_v2"), _timm_transform("inception_resnet_v2"),
        ("timm-safetensors", "timm-bin", "cadene"), "model.safetensors",
        {"Stem": 6, "Inception-ResNet-A": 10, "Reduction-A": 1, "Inception-ResNet-B": 20,
         "Reduction-B": 1, "Inception-ResNet-C": 10, "Final conv": 1},
        cadene=("inceptionresnetv2-520b38e4.pth", "classif"),
        first_branch=("mixed_7a", "mixed_7a.branch0")),
    "inception_v1": Reference(
        _torchvision_v1, _torchvision_transform("GoogLeNet_Weights"), ("torchvision",),
        "googlenet-1378be20.pth",
        {"Stem": 3, "Inception-3": 2, "Inception-4": 5, "Inception-5": 2},
        train_outputs=_v1_train_outputs, first_branch=("inception4c", "inception4c.branch1")),
}
MODELS = tuple(REFERENCES)
FORMATS = {name: ref.formats for name, ref in REFERENCES.items()}


def build_reference(name: str) -> nn.Module:
    return REFERENCES[name].build()


def randomize(model: nn.Module, seed: int = 0) -> nn.Module:
    """Every parameter and BatchNorm statistic random, with variance-preserving scales."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.randn(module.weight.shape, generator=g)
                                    * math.sqrt(1.0 / fan_in))
                if module.bias is not None:
                    module.bias.copy_(torch.randn(module.bias.shape, generator=g) * 0.1)
            elif isinstance(module, nn.BatchNorm2d):
                c = module.num_features
                module.weight.copy_(torch.rand(c, generator=g) + 0.5)
                module.bias.copy_(torch.randn(c, generator=g) * 0.2)
                module.running_mean.copy_(torch.randn(c, generator=g) * 0.2)
                module.running_var.copy_(torch.rand(c, generator=g) + 0.5)
                module.num_batches_tracked.fill_(int(torch.randint(1, 1000, (1,), generator=g)))
    return model.eval()


@lru_cache(maxsize=4)
def random_reference(name: str, seed: int = 0) -> nn.Module:
    return randomize(build_reference(name), seed)


def save_in_format(model: nn.Module, name: str, fmt: str, folder: Path) -> Path:
    """Save a reference model's weights as that format's real files are laid out."""
    folder.mkdir(parents=True, exist_ok=True)
    sd = {k: v.clone() for k, v in model.state_dict().items()}
    ref = REFERENCES[name]
    if fmt == "torchvision":
        path = folder / ref.published_name
        torch.save(sd, path)
    elif fmt == "timm-safetensors":
        from safetensors.torch import save_file

        path = folder / "model.safetensors"
        save_file(sd, str(path))
    elif fmt == "timm-bin":
        path = folder / "pytorch_model.bin"
        torch.save(sd, path)
    elif fmt == "cadene":
        assert ref.cadene is not None, f"{name} has no Cadene files"
        fname, head = ref.cadene
        weight, bias = sd.pop(f"{head}.weight"), sd.pop(f"{head}.bias")
        g = torch.Generator().manual_seed(99)
        # Row 0: TF's background class, which the 1000 ImageNet labels do not have.
        sd["last_linear.weight"] = torch.cat([torch.randn(1, weight.shape[1], generator=g),
                                              weight])
        sd["last_linear.bias"] = torch.cat([torch.randn(1, generator=g), bias])
        # Cadene's files predate BatchNorm's num_batches_tracked and use the legacy format.
        sd = {k: v for k, v in sd.items() if not k.endswith("num_batches_tracked")}
        path = folder / fname
        torch.save(sd, path, _use_new_zipfile_serialization=False)
    else:
        raise ValueError(fmt)
    return path


def make_checkpoint(name: str, fmt: str, folder: Path, seed: int = 0) -> Path:
    return save_in_format(random_reference(name, seed), name, fmt, folder)
