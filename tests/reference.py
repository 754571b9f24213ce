"""Reference implementations with random weights, saved in every format the loader reads.

torchvision's Inception-v3 and timm's Inception-v4 / Inception-ResNet-v2 are the ground truth;
their parameters and BatchNorm statistics are randomised (scaled so activations stay in a sane
range) so that parity is tested on every weight, not on an initialisation that hides mistakes.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

MODELS = ("inception_v3", "inception_v4", "inception_resnet_v2")

# Formats each network's published or legacy weights come in.
FORMATS = {
    "inception_v3": ("torchvision",),
    "inception_v4": ("timm-safetensors", "timm-bin", "cadene"),
    "inception_resnet_v2": ("timm-safetensors", "timm-bin", "cadene"),
}


def build_reference(name: str) -> nn.Module:
    if name == "inception_v3":
        import torchvision

        return torchvision.models.inception_v3(weights=None, aux_logits=True,
                                               transform_input=True, init_weights=False)
    import timm

    return timm.create_model(name, pretrained=False)


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


@lru_cache(maxsize=3)
def random_reference(name: str, seed: int = 0) -> nn.Module:
    return randomize(build_reference(name), seed)


def save_in_format(model: nn.Module, name: str, fmt: str, folder: Path) -> Path:
    """Save a reference model's weights as that format's real files are laid out."""
    folder.mkdir(parents=True, exist_ok=True)
    sd = {k: v.clone() for k, v in model.state_dict().items()}
    if fmt == "torchvision":
        path = folder / "inception_v3_google-0cc3c7bd.pth"
        torch.save(sd, path)
    elif fmt == "timm-safetensors":
        from safetensors.torch import save_file

        path = folder / "model.safetensors"
        save_file(sd, str(path))
    elif fmt == "timm-bin":
        path = folder / "pytorch_model.bin"
        torch.save(sd, path)
    elif fmt == "cadene":
        head = "last_linear" if name == "inception_v4" else "classif"
        weight, bias = sd.pop(f"{head}.weight"), sd.pop(f"{head}.bias")
        g = torch.Generator().manual_seed(99)
        # Row 0: TF's background class, which the 1000 ImageNet labels do not have.
        sd["last_linear.weight"] = torch.cat([torch.randn(1, weight.shape[1], generator=g),
                                              weight])
        sd["last_linear.bias"] = torch.cat([torch.randn(1, generator=g), bias])
        # Cadene's files predate BatchNorm's num_batches_tracked and use the legacy format.
        sd = {k: v for k, v in sd.items() if not k.endswith("num_batches_tracked")}
        fname = "inceptionv4-8e4777a0.pth" if name == "inception_v4" else \
            "inceptionresnetv2-520b38e4.pth"
        path = folder / fname
        torch.save(sd, path, _use_new_zipfile_serialization=False)
    else:
        raise ValueError(fmt)
    return path


def make_checkpoint(name: str, fmt: str, folder: Path, seed: int = 0) -> Path:
    return save_in_format(random_reference(name, seed), name, fmt, folder)
