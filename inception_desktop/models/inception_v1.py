"""Inception-v1 (GoogLeNet) as in torchvision's `models/googlenet.py` (same module names, same
checkpoint `googlenet-1378be20.pth`).

Szegedy et al., "Going Deeper with Convolutions", 2014. As in torchvision (and the TensorFlow
weights it ported), the "5x5" branch is a 3 x 3 convolution, max pools round up
(`ceil_mode=True`), and `transform_input` maps an ImageNet-normalised batch to [-1, 1]. Two
auxiliary heads (after 4a and 4d) are used only while training, each weighing 0.3 in the loss.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from inception_desktop.models.base import BasicConv2d, InceptionNet, imagenet_to_tf_range
from inception_desktop.models.specs import SPECS


class Inception(nn.Module):
    def __init__(self, in_channels: int, ch1x1: int, ch3x3red: int, ch3x3: int, ch5x5red: int,
                 ch5x5: int, pool_proj: int) -> None:
        super().__init__()
        self.branch1 = BasicConv2d(in_channels, ch1x1, kernel_size=1)
        self.branch2 = nn.Sequential(
            BasicConv2d(in_channels, ch3x3red, kernel_size=1),
            BasicConv2d(ch3x3red, ch3x3, kernel_size=3, padding=1))
        self.branch3 = nn.Sequential(
            BasicConv2d(in_channels, ch5x5red, kernel_size=1),
            # 3 x 3, not the paper's 5 x 5: the published weights were trained so.
            BasicConv2d(ch5x5red, ch5x5, kernel_size=3, padding=1))
        self.branch4 = nn.Sequential(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),
            BasicConv2d(in_channels, pool_proj, kernel_size=1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], 1)


class InceptionAux(nn.Module):
    """Auxiliary classifier (training only): pool to 4 x 4, 1x1 conv, two linear layers."""

    def __init__(self, in_channels: int, num_classes: int, dropout: float = 0.7) -> None:
        super().__init__()
        self.conv = BasicConv2d(in_channels, 128, kernel_size=1)
        self.fc1 = nn.Linear(2048, 1024)
        self.fc2 = nn.Linear(1024, num_classes)
        self.dropout = nn.Dropout(p=dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.adaptive_avg_pool2d(x, (4, 4))  # N x C x 4 x 4
        x = torch.flatten(self.conv(x), 1)  # N x 2048
        x = self.dropout(F.relu(self.fc1(x), inplace=True))  # N x 1024
        return self.fc2(x)


class InceptionV1(InceptionNet):
    def __init__(self, num_classes: int = 1000, aux_logits: bool = True,
                 transform_input: bool = True, dropout: float = 0.2,
                 dropout_aux: float = 0.7) -> None:
        super().__init__()
        self.spec = SPECS["inception_v1"]
        self.transform_input = transform_input
        self.conv1 = BasicConv2d(3, 64, kernel_size=7, stride=2, padding=3)  # N x 64 x 112 x 112
        self.maxpool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # N x 64 x 56 x 56
        self.conv2 = BasicConv2d(64, 64, kernel_size=1)
        self.conv3 = BasicConv2d(64, 192, kernel_size=3, padding=1)  # N x 192 x 56 x 56
        self.maxpool2 = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # N x 192 x 28 x 28
        self.inception3a = Inception(192, 64, 96, 128, 16, 32, 32)  # N x 256 x 28 x 28
        self.inception3b = Inception(256, 128, 128, 192, 32, 96, 64)  # N x 480 x 28 x 28
        self.maxpool3 = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # N x 480 x 14 x 14
        self.inception4a = Inception(480, 192, 96, 208, 16, 48, 64)  # N x 512 x 14 x 14
        self.inception4b = Inception(512, 160, 112, 224, 24, 64, 64)
        self.inception4c = Inception(512, 128, 128, 256, 24, 64, 64)
        self.inception4d = Inception(512, 112, 144, 288, 32, 64, 64)  # N x 528 x 14 x 14
        self.inception4e = Inception(528, 256, 160, 320, 32, 128, 128)  # N x 832 x 14 x 14
        self.maxpool4 = nn.MaxPool2d(2, stride=2, ceil_mode=True)  # N x 832 x 7 x 7
        self.inception5a = Inception(832, 256, 160, 320, 32, 128, 128)
        self.inception5b = Inception(832, 384, 192, 384, 48, 128, 128)  # N x 1024 x 7 x 7
        self.aux1 = InceptionAux(512, num_classes, dropout_aux) if aux_logits else None
        self.aux2 = InceptionAux(528, num_classes, dropout_aux) if aux_logits else None
        self.dropout = nn.Dropout(p=dropout)
        self.fc = nn.Linear(1024, num_classes)

    def trunk(self) -> list[tuple[str, nn.Module]]:
        names = ["conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a",
                 "inception3b", "maxpool3", "inception4a", "inception4b", "inception4c",
                 "inception4d", "inception4e", "maxpool4", "inception5a", "inception5b"]
        return [(name, getattr(self, name)) for name in names]

    def prepare_input(self, x: torch.Tensor) -> torch.Tensor:
        return imagenet_to_tf_range(x) if self.transform_input else x

    def head_dropout(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(x)


def inception_v1(num_classes: int = 1000, **kwargs: Any) -> InceptionV1:
    return InceptionV1(num_classes=num_classes, **kwargs)
