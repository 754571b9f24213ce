"""The three Inception networks as plain torch modules, and their specs.

`get_spec` and `list_models` import no torch, so the torch-free build and the window's start-up
can use them; `create_model` imports the network's module on demand.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from inception_desktop.models.spec import BlockSpec, Branch, ModelSpec, WeightSource

if TYPE_CHECKING:
    from inception_desktop.models.blocks import InceptionNet

_MODULES = {
    "inception_v3": "inception_desktop.models.inception_v3",
    "inception_v4": "inception_desktop.models.inception_v4",
    "inception_resnet_v2": "inception_desktop.models.inception_resnet_v2",
}

__all__ = ["BlockSpec", "Branch", "ModelSpec", "WeightSource", "list_models", "get_spec",
           "create_model", "check_model_name"]


def list_models() -> list[str]:
    return list(_MODULES)


def check_model_name(name: str) -> str:
    if name not in _MODULES:
        raise ValueError(f"unknown model {name!r}; choose one of: {', '.join(_MODULES)}")
    return name


def get_spec(name: str) -> ModelSpec:
    """The frozen spec of a network (no torch needed)."""
    from inception_desktop.models.specs import SPECS

    return SPECS[check_model_name(name)]


def create_model(name: str, num_classes: int = 1000, **kwargs) -> InceptionNet:
    """Build a network with freshly initialised weights (load weights with `weights`)."""
    module = importlib.import_module(_MODULES[check_model_name(name)])
    return getattr(module, name)(num_classes=num_classes, **kwargs)
