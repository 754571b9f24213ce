"""The base class of the networks (the interface they all expose) and the conv block they
share."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, NamedTuple

import torch
import torch.nn.functional as F
from torch import nn

from inception_desktop.errors import UsageError, msg
from inception_desktop.models.spec import AuxHead, ModelSpec


class TrainingOutputs(NamedTuple):
    """What a network with auxiliary heads returns while training: the main logits and each
    present aux head's logits, in the spec's order (the loss weights are the spec's)."""

    logits: torch.Tensor
    aux_logits: tuple[torch.Tensor, ...]


class BasicConv2d(nn.Module):
    """Conv (no bias) + BatchNorm (eps 0.001, as TF-slim) + ReLU.

    The sub-module names `conv` and `bn` are those of torchvision and timm, so the published
    checkpoints load with strict=True.
    """

    def __init__(self, in_channels: int, out_channels: int, **kwargs: Any) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.bn(self.conv(x)), inplace=True)


class InceptionNet(nn.Module):
    """The interface common to the networks.

    Subclasses define `spec`, `trunk()` (the ordered feature-extracting modules), the classifier
    attribute named by `spec.classifier_path`, the aux heads named by `spec.aux_heads` (None
    when absent), and may override `prepare_input`.
    """

    spec: ModelSpec

    def __init__(self) -> None:
        super().__init__()
        # The head of an imported Keras model (pooling, Dense stack, ...) before the
        # classifier; None: the reference head (global mean pool, dropout, classifier).
        self.keras_head: nn.Module | None = None
        self.network_options: Any = None  # models.NetworkOptions recorded with the weights

    def trunk(self) -> list[tuple[str, nn.Module]]:
        """The modules of `forward_features`, in order, with their paths."""
        raise NotImplementedError

    def prepare_input(self, x: torch.Tensor) -> torch.Tensor:
        return x

    @property
    def classifier(self) -> nn.Linear:
        return self.get_submodule(self.spec.classifier_path)

    @property
    def num_classes(self) -> int:
        return self.classifier.out_features

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        """Image batch -> the last block's feature map (N x C x H x W)."""
        x = self.prepare_input(x)
        for _, module in self.trunk():
            x = module(x)
        return x

    def pool(self, features: torch.Tensor) -> torch.Tensor:
        """Feature map -> the classifier's input: the global mean (exports to ONNX as
        GlobalAveragePool / ReduceMean at any input size), or an imported Keras head."""
        if self.keras_head is not None:
            return self.keras_head(features)
        return features.mean(dim=(2, 3))

    def forward_head(self, features: torch.Tensor, pre_logits: bool = False) -> torch.Tensor:
        """Feature map -> logits (or the pooled features with pre_logits=True)."""
        x = self.pool(features)
        if pre_logits:
            return x
        return self.classify(x)

    def classify(self, pooled: torch.Tensor) -> torch.Tensor:
        """The classifier's input -> logits (a Keras head has its own dropouts)."""
        if self.keras_head is None:
            pooled = self.head_dropout(pooled)
        return self.classifier(pooled)

    def head_dropout(self, x: torch.Tensor) -> torch.Tensor:
        return x

    def attach_keras_head(self, ops: list[dict[str, Any]], num_classes: int) -> None:
        """Put an imported Keras head (see models.headspec) and a classifier of its width in
        place of the reference head."""
        from inception_desktop.models.headspec import trunk_output_size
        from inception_desktop.models.keras_head import KerasHead

        self.keras_head = KerasHead(ops, self.spec.num_features,
                                    trunk_output_size(self.spec.input_size))
        self._set_classifier(nn.Linear(self.keras_head.out_features, num_classes))

    @property
    def cam_exact(self) -> bool:
        """True when the logits are a linear map of the globally averaged last block, so a
        class activation map is exact (the reference heads; a Keras head that is only a
        global average pool)."""
        if self.keras_head is None:
            return True
        from inception_desktop.models.headspec import is_global_average

        return is_global_average(self.keras_head.ops)

    def forward(self, x: torch.Tensor) -> Any:
        """Logits; while training with aux heads present, `TrainingOutputs` (as torchvision's
        networks return their aux logits only in training mode)."""
        if self.training and self.aux_modules():
            return self.training_outputs(x)
        return self.forward_head(self.forward_features(x))

    # ------------------------------------------------------------------ auxiliary heads

    def aux_modules(self) -> list[tuple[AuxHead, nn.Module]]:
        """The aux heads this instance has, with their specs (a file may come without them)."""
        present = []
        for head in self.spec.aux_heads:
            module = getattr(self, head.path, None)
            if module is not None:
                present.append((head, module))
        return present

    def training_outputs(self, x: torch.Tensor) -> TrainingOutputs:
        """The one training hook: (logits, (aux logits, ...)) from one pass, whatever the
        network. Training weighs each aux loss by its spec's `loss_weight`."""
        after = {head.after: module for head, module in self.aux_modules()}
        x = self.prepare_input(x)
        aux = []
        for path, module in self.trunk():
            x = module(x)
            if path in after:
                aux.append(after[path](x))
        return TrainingOutputs(self.forward_head(x), tuple(aux))

    def detach_aux_heads(self) -> dict[str, nn.Module]:
        """Take the aux heads off (an input too small for them) -> what to put back."""
        removed = {}
        for head, module in self.aux_modules():
            removed[head.path] = module
            setattr(self, head.path, None)
        return removed

    def attach_aux_heads(self, heads: dict[str, nn.Module]) -> None:
        for path, module in heads.items():
            setattr(self, path, module)

    def drop_aux_heads(self) -> None:
        """Remove the aux heads for good (a file without them: inference never uses them)."""
        self.detach_aux_heads()

    def forward_blocks(
        self, x: torch.Tensor, paths: list[str] | None = None
    ) -> tuple[torch.Tensor, OrderedDict[str, torch.Tensor]]:
        """One forward pass returning the logits and every viewable block's output, by depth.

        `paths` limits which block outputs are kept (all of the spec's blocks by default).
        """
        logits, _, outputs = self.forward_outputs(x, paths)
        return logits, outputs

    def forward_outputs(
        self, x: torch.Tensor, paths: list[str] | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, OrderedDict[str, torch.Tensor]]:
        """-> (logits, pooled features, block outputs) from one pass (engine and ONNX export)."""
        all_paths = [b.path for b in self.spec.blocks]
        wanted = set(all_paths) if paths is None else set(paths)
        unknown = wanted - set(all_paths)
        if unknown:
            raise UsageError(msg("unknown block(s) for {network}: {blocks}",
                                 network=self.spec.name, blocks=sorted(unknown)))
        outputs: OrderedDict[str, torch.Tensor] = OrderedDict()
        x = self.prepare_input(x)
        # trunk() lists nested blocks (v4's features.N, IRv2's repeat.N) one by one.
        for path, module in self.trunk():
            x = module(x)
            if path in wanted:
                outputs[path] = x
        pooled = self.forward_head(x, pre_logits=True)
        return self.classify(pooled), pooled, outputs

    def reset_classifier(self, num_classes: int) -> None:
        """Replace the classifier (and each aux head's) with a fresh one for `num_classes`
        classes (fine-tuning)."""
        _replace_linear(self, self.spec.classifier_path, num_classes)
        for head, module in self.aux_modules():
            _replace_linear(module, head.classifier, num_classes)

    def _set_classifier(self, linear: nn.Linear) -> None:
        parent_path, _, attr = self.spec.classifier_path.rpartition(".")
        parent = self.get_submodule(parent_path) if parent_path else self
        setattr(parent, attr, linear)


def _replace_linear(root: nn.Module, path: str, num_classes: int) -> None:
    parent_path, _, attr = path.rpartition(".")
    parent = root.get_submodule(parent_path) if parent_path else root
    old = root.get_submodule(path)
    setattr(parent, attr, nn.Linear(old.in_features, num_classes))


def imagenet_to_tf_range(x: torch.Tensor) -> torch.Tensor:
    """torchvision's `transform_input`: an ImageNet-normalised batch -> the [-1, 1] range the
    TensorFlow-trained weights of Inception-v1 and -v3 expect, so the torchvision
    preprocessing applies unchanged."""
    x0 = x[:, 0:1] * (0.229 / 0.5) + (0.485 - 0.5) / 0.5
    x1 = x[:, 1:2] * (0.224 / 0.5) + (0.456 - 0.5) / 0.5
    x2 = x[:, 2:3] * (0.225 / 0.5) + (0.406 - 0.5) / 0.5
    return torch.cat([x0, x1, x2], 1)


def expand(prefix: str, sequential: nn.Sequential) -> list[tuple[str, nn.Module]]:
    """The children of a Sequential with their full paths ("repeat.0", "repeat.1", ...)."""
    return [(f"{prefix}.{name}", child) for name, child in sequential.named_children()]
