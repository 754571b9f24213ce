"""The Inception networks as plain torch modules, and their specs.

`get_spec` and `list_models` import no torch, so the torch-free build and the window's start-up
can use them; `create_model` imports the network's module on demand.

Words: a *network* is one of the architectures (`inception_v3`, ...); a *model* is a
network with a set of weights (published, imported or fine-tuned), as the command line's
`--model` and the JSON reports name it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from inception_desktop.errors import UsageError, msg
from inception_desktop.models.spec import (
    BlockSpec,
    Branch,
    ModelSpec,
    NetworkOptions,
    WeightSource,
)

if TYPE_CHECKING:
    from inception_desktop.models.base import InceptionNet

_PACKAGE = "inception_desktop.models"

__all__ = ["BlockSpec", "Branch", "ModelSpec", "NetworkOptions", "WeightSource", "list_models",
           "get_spec",
           "create_model", "check_network", "default_network", "check_input_size",
           "smallest_input_size", "MAX_INPUT_SIZE"]


def list_models() -> list[str]:
    """Every network, in the order views list them (the first is the default)."""
    from inception_desktop.models.specs import SPECS

    return list(SPECS)


def default_network() -> str:
    """The network used when none is named (the command line, a fresh window)."""
    return list_models()[0]


MAX_INPUT_SIZE = 1024  # the largest input size the command line and fine-tuning accept


def smallest_input_size(network: str | None = None) -> int:
    """The smallest input `network` runs on (of any network when None)."""
    if network is not None:
        return get_spec(network).min_input_size
    return min(get_spec(name).min_input_size for name in list_models())


def check_input_size(size: int, network: str) -> int:
    """A usage error naming the network's range when `size` is outside it."""
    low = smallest_input_size(network)
    if not low <= size <= MAX_INPUT_SIZE:
        raise UsageError(msg("--input-size must be between {low} and {high} pixels for "
                             "{network}, not {size}", low=low, high=MAX_INPUT_SIZE,
                             network=get_spec(network).display_name, size=size))
    return size


def check_network(name: str) -> str:
    if name not in list_models():
        raise UsageError(msg("unknown network {name!r}; choose one of: {choices}", name=name,
                             choices=", ".join(list_models())))
    return name


def get_spec(name: str) -> ModelSpec:
    """The frozen spec of a network (no torch needed)."""
    from inception_desktop.models.specs import SPECS

    return SPECS[check_network(name)]


def create_model(name: str, num_classes: int = 1000, options: NetworkOptions | None = None,
                 **kwargs: Any) -> InceptionNet:
    """Build a network with freshly initialised weights (load weights with `weights`);
    `options` are those recorded with the weights (pooling, head, preprocessing)."""
    # Each network lives in the module of its own name, with a builder of that name.
    module = importlib.import_module(f"{_PACKAGE}.{check_network(name)}")
    builder = getattr(module, name)
    if options is not None:
        kwargs.update(_options_kwargs(name, options))
    try:
        model: InceptionNet = builder(num_classes=num_classes, **kwargs)
    except TypeError as exc:
        if options is None or "avg_pool_excludes_padding" not in str(exc):
            raise
        from inception_desktop.errors import WeightsError

        if options.avg_pool_excludes_padding:
            raise WeightsError(msg("{network} weights that pool without the padding are not "
                                   "supported", network=get_spec(name).display_name)) from None
        raise WeightsError(msg("{network} weights that pool with the padding are not supported",
                               network=get_spec(name).display_name)) from None
    if options is not None:
        model.network_options = options
        model.spec = options.apply(model.spec)
        if options.head is not None:
            model.attach_keras_head([dict(op) for op in options.head], num_classes)
    return model


def _options_kwargs(name: str, options: NetworkOptions) -> dict[str, Any]:
    """The builder's arguments for what the weights need."""
    from inception_desktop.errors import WeightsError

    spec = get_spec(name)
    kwargs: dict[str, Any] = {}
    pool = options.avg_pool_excludes_padding
    if pool is not None and pool != spec.avg_pool_excludes_padding:
        kwargs["avg_pool_excludes_padding"] = pool
    if options.scaling is not None and name == "inception_v3":
        kwargs["transform_input"] = False  # the recorded scaling is the weights' own
    if spec.aux_heads and (not options.aux_logits or options.head is not None):
        kwargs["aux_logits"] = False  # Keras models have no auxiliary heads
    if options.head is not None and name not in ("inception_v3", "inception_resnet_v2"):
        raise WeightsError(msg("a Keras head on {network} is not supported",
                               network=spec.display_name))
    return kwargs
