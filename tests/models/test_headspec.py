"""Recorded Keras heads are checked layer by layer: a head that fits gives the classifier's
width, one that does not is refused naming its first layer that does not fit."""

import pytest

from inception_desktop.errors import WeightsError
from inception_desktop.models.headspec import check_head, describe_head, head_shape

POOL = {"op": "max_pool", "pool": [3, 3], "strides": [2, 2], "padding": "valid"}
DENSE = {"op": "dense", "units": 256, "bias": True, "activation": "relu"}


def test_a_typical_head_gives_the_classifiers_width():
    ops = [POOL, {"op": "batch_norm", "eps": 0.001}, {"op": "flatten"}, DENSE,
           {"op": "dropout", "rate": 0.5}, {"op": "activation", "activation": "tanh"}]
    assert head_shape(ops[:1], 2048, 8) == (2048, 3, 3)
    assert check_head(ops, 2048, 8) == 256
    assert check_head([{"op": "global_avg_pool"}], 1536, 8) == 1536
    assert describe_head(ops, 2048, 5) == "Keras head (flattened) 2048 -> 256 -> 5"


@pytest.mark.parametrize(("ops", "says"), [
    ("not a list", "not a list of layers"),
    ([{"op": "conv"}], "head layer 1 is not one of"),
    ([{"op": "flatten"}, {"op": "global_max_pool"}], "layer 2 (global_max_pool) needs a feature"),
    ([{**POOL, "padding": "causal"}], "padding must be"),
    ([{**POOL, "pool": [9, 9]}], "larger than the 8x8 feature map"),
    ([{**POOL, "strides": [0, 2]}], "pool strides"),
    ([{"op": "batch_norm", "eps": 2}], "epsilon 2"),
    ([DENSE], "layer 1 (dense) needs a vector"),
    ([{"op": "flatten"}, {**DENSE, "units": 0}], "0 units"),
    ([{"op": "flatten"}, {**DENSE, "bias": 1}], "'bias' must be"),
    ([{"op": "flatten"}, {**DENSE, "activation": "swish"}], "activation 'swish'"),
    ([{"op": "activation", "activation": None}], "activation None"),
    ([{"op": "dropout", "rate": 1}], "rate 1 is not in"),
])
def test_a_layer_that_does_not_fit_is_named(ops, says):
    with pytest.raises(WeightsError) as caught:
        head_shape(ops, 2048, 8)
    assert says in str(caught.value)


def test_a_head_that_leaves_a_feature_map_is_refused():
    with pytest.raises(WeightsError, match="global pool or a flatten"):
        check_head([POOL], 2048, 8)


def test_a_head_wider_than_any_real_one_is_refused():
    with pytest.raises(WeightsError, match=r"layer 1 \(flatten\) gives 20480000 values"):
        head_shape([{"op": "flatten"}], 2048, 100)
