"""The three Inception networks as plain torch modules, and their specs.

`get_spec` and `list_models` import no torch, so the torch-free build and the window's start-up
can use them; `create_model` imports the network's module on demand.

Words: a *network* is one of the three architectures (`inception_v3`, ...); a *model* is a
network with a set of weights (published, imported or fine-tuned), as the command line's
`--model` and the JSON reports name it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from inception_desktop.errors import UsageError
from inception_desktop.models.spec import BlockSpec, Branch, ModelSpec, WeightSource

if TYPE_CHECKING:
    from inception_desktop.models.base import InceptionNet

_MODULES = {
    "inception_v3": "inception_desktop.models.inception_v3",
    "inception_v4": "inception_desktop.models.inception_v4",
    "inception_resnet_v2": "inception_desktop.models.inception_resnet_v2",
}

__all__ = ["BlockSpec", "Branch", "ModelSpec", "WeightSource", "list_models", "get_spec",
           "create_model", "check_network"]


def list_models() -> list[str]:
    return list(_MODULES)


def check_network(name: str) -> str:
    if name not in _MODULES:
        raise UsageError(f"unknown network {name!r}; choose one of: {', '.join(_MODULES)}")
    return name


def get_spec(name: str) -> ModelSpec:
    """The frozen spec of a network (no torch needed)."""
    from inception_desktop.models.specs import SPECS

    return SPECS[check_network(name)]


def create_model(name: str, num_classes: int = 1000, **kwargs: Any) -> InceptionNet:
    """Build a network with freshly initialised weights (load weights with `weights`)."""
    module = importlib.import_module(_MODULES[check_network(name)])
    model: InceptionNet = getattr(module, name)(num_classes=num_classes, **kwargs)
    return model
