"""Frozen descriptions of the networks: preprocessing, viewable blocks and weight sources.

Everything model-specific that the rest of the app needs lives in a `ModelSpec`; no other
package hard-codes a network's sizes, statistics or block names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from inception_desktop.errors import UsageError, WeightsError, msg

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
INCEPTION_MEAN = (0.5, 0.5, 0.5)
INCEPTION_STD = (0.5, 0.5, 0.5)


@dataclass(frozen=True)
class Branch:
    """One branch of a multi-branch block: its channels [start, stop) in the concatenated output."""

    name: str
    start: int
    stop: int

    @property
    def channels(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class BlockSpec:
    """A block whose output the feature-map viewer can show."""

    display_name: str  # "Inception-B 3 of 7"
    group: str  # "Stem", "Inception-A", "Reduction-A", ...
    path: str  # module path inside the network, e.g. "features.9"
    channels: int
    stride: int  # total stride relative to the input image
    branches: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class WeightSource:
    """Where a network's published weights come from and how to verify them."""

    name: str  # short name used by the CLI, e.g. "imagenet"
    url: str
    filename: str  # the file's name in the cache (and on a mirror)
    size: int  # approximate, in bytes, for progress before the server answers
    sha256: str | None = None  # full hash when published
    sha256_prefix: str | None = None  # torch-hub convention: hash prefix in the file name
    description: str = ""
    # The published ImageNet-1k validation accuracy of these weights (percent), and where it
    # is published, for `evaluate` to show beside its own measurement.
    reported_top1: float | None = None
    reported_top5: float | None = None
    reported_source: str = ""


@dataclass(frozen=True)
class AuxHead:
    """An auxiliary classifier used only while training (Inception-v3's AuxLogits, GoogLeNet's
    aux1/aux2): where it reads from, its weight in the loss, the input it needs."""

    path: str  # module path of the head, e.g. "AuxLogits"
    after: str  # the trunk module whose output it reads, e.g. "Mixed_6e"
    classifier: str  # path of its final nn.Linear inside the head, e.g. "fc"
    loss_weight: float  # loss = loss(main) + sum(weight * loss(aux))
    min_input: int  # the smallest input size at which the head can run


@dataclass(frozen=True)
class TrainingMemory:
    """Peak resident memory of one full fine-tuning step at the network's input size (AdamW,
    channels-last), measured with scripts/bench_finetune.py's bare step at batch 2 and 8."""

    precision: str  # "fp32" or "bf16" (autocast)
    fixed_mb: float  # the process without a batch
    per_image_mb: float


@dataclass(frozen=True)
class CheckpointLayout:
    """How the network's published and legacy state dicts are recognised and normalised."""

    signature_key: str  # a state-dict key only this network's files have
    # The reference implementation whose files these are: "torchvision" (a .pth is named
    # for it) or "timm".
    origin: str = "timm"
    # TF-slim checkpoints (Cadene) carry one more class, the unused background at row 0: the
    # rows to drop at the start of a classifier with num_classes + label_offset outputs
    # (timm's `label_offset`). 0: files of this network never have it.
    label_offset: int = 0
    # Older names of the classifier (Cadene's Inception-ResNet-v2 `last_linear`).
    legacy_classifier_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelSpec:
    name: str
    display_name: str
    input_size: int
    crop_pct: float
    resize_size: int  # shorter side before the centre crop, as the reference transform computes it
    interpolation: str  # "bilinear" or "bicubic"
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    num_classes: int
    label_set: str
    num_features: int  # width of the pooled features fed to the classifier
    classifier_path: str  # module path of the final nn.Linear
    blocks: tuple[BlockSpec, ...]
    short_name: str  # in file names and narrow columns: "v3", "irv2"
    # FLOPs (2 x multiply-accumulates) of one image at input_size, measured with torch's
    # FlopCounterMode (tests/models/test_specs.py checks the figure against the model).
    flops: float
    min_input_size: int  # the smallest input the trunk runs on (fine-tuning's --input-size)
    checkpoint: CheckpointLayout
    aux_heads: tuple[AuxHead, ...] = ()
    training_memory: tuple[TrainingMemory, ...] = ()
    weight_sources: tuple[WeightSource, ...] = field(default=())
    # "crop": resize the shorter side to resize_size, centre crop (torchvision, timm);
    # "squash": the whole image resized to input_size (Keras image pipelines)
    resize_mode: str = "crop"
    # How the reference weights' 'same' average pools treat padding: TensorFlow (and timm's
    # ports) leave it out; torchvision's Inception-v3 counts it. Other weights record theirs.
    avg_pool_excludes_padding: bool = True

    def memory(self, precision: str) -> TrainingMemory | None:
        """The measured training memory at `precision` (bf16 for bf16, else fp32's)."""
        wanted = "bf16" if precision == "bf16" else "fp32"
        return next((m for m in self.training_memory if m.precision == wanted), None)

    def block(self, path_or_name: str) -> BlockSpec:
        """Look a block up by module path or display name (case-insensitive)."""
        for block in self.blocks:
            if path_or_name in (block.path, block.display_name):
                return block
        wanted = path_or_name.strip().lower()
        for block in self.blocks:
            if wanted in (block.path.lower(), block.display_name.lower()):
                return block
        raise UsageError(msg(
            "{network} has no block {block!r}; blocks are: {blocks}",
            network=self.display_name, block=path_or_name,
            blocks=", ".join(b.path for b in self.blocks)
        ))


def branches(*named_channels: tuple[str, int]) -> tuple[Branch, ...]:
    """Turn ("1x1", 64), ("3x3", 96), ... into contiguous channel ranges."""
    out = []
    start = 0
    for name, channels in named_channels:
        out.append(Branch(name, start, start + channels))
        start += channels
    return tuple(out)


def numbered(group: str, paths: list[str], channels: int, stride: int,
             branch_layout: tuple[Branch, ...] = ()) -> list[BlockSpec]:
    """Blocks repeated n times get display names "Inception-B 3 of 7"."""
    n = len(paths)
    return [
        BlockSpec(f"{group} {i + 1} of {n}" if n > 1 else group, group, path, channels, stride,
                  branch_layout)
        for i, path in enumerate(paths)
    ]


# How imported weights scale pixels: Keras' `preprocess_input` modes by their common names.
SCALINGS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float]]] = {
    "inception": (INCEPTION_MEAN, INCEPTION_STD),  # x / 127.5 - 1
    "unit": ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)),  # x / 255
    "imagenet": (IMAGENET_MEAN, IMAGENET_STD),
}
RESIZE_MODES = ("squash", "crop")
RECORDED_INPUT_SIZES = (15, 2048)  # a recorded input size outside this is a damaged file


@dataclass(frozen=True)
class NetworkOptions:
    """What a set of weights needs from the network besides its tensors, recorded with the
    weights (the app's checkpoint metadata, `network_options`) and honoured by every backend.
    The defaults are the reference implementations' (torchvision, timm)."""

    # TensorFlow's 'same' average pooling leaves padded cells out of the average; torchvision's
    # Inception-v3 counts them. None: the network's reference behaviour.
    avg_pool_excludes_padding: bool | None = None
    aux_logits: bool = True  # Inception-v3's auxiliary head (files without it import too)
    head: tuple[dict[str, Any], ...] | None = None  # an imported Keras head (models.headspec)
    input_size: int | None = None
    scaling: str | None = None  # a key of SCALINGS; None: the network's reference statistics
    resize: str | None = None  # "squash" or "crop"; None: the network's reference ("crop")
    source: str = ""  # where they came from, e.g. "Keras 3 .keras"

    def to_json(self) -> dict[str, Any]:
        return {"avg_pool_excludes_padding": self.avg_pool_excludes_padding,
                "aux_logits": self.aux_logits,
                "head": None if self.head is None else [dict(op) for op in self.head],
                "input_size": self.input_size, "scaling": self.scaling, "resize": self.resize,
                "source": self.source}

    @classmethod
    def from_json(cls, value: Any) -> NetworkOptions:
        """Checked decoding of recorded options; WeightsError naming the bad value."""
        if value is None:
            return cls()
        if not isinstance(value, dict):
            raise WeightsError(msg("network_options is not an object"))
        pool = value.get("avg_pool_excludes_padding")
        aux = value.get("aux_logits", True)
        head = value.get("head")
        size = value.get("input_size")
        scaling, resize = value.get("scaling"), value.get("resize")
        source = value.get("source", "")
        if pool is not None and not isinstance(pool, bool) or not isinstance(aux, bool):
            raise WeightsError(msg("network_options: avg_pool_excludes_padding and aux_logits "
                                   "must be true or false"))
        if head is not None and not (isinstance(head, list) and
                                     all(isinstance(op, dict) for op in head)):
            raise WeightsError(msg("network_options: head is not a list of layers"))
        low, high = RECORDED_INPUT_SIZES
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or
                                 not low <= size <= high):
            raise WeightsError(msg("network_options: input_size {size!r} is not between {low} "
                                   "and {high}", size=size, low=low, high=high))
        if scaling is not None and scaling not in SCALINGS:
            raise WeightsError(msg("network_options: scaling {scaling!r} is not one of "
                                   "{choices}", scaling=scaling, choices=", ".join(SCALINGS)))
        if resize is not None and resize not in RESIZE_MODES:
            raise WeightsError(msg("network_options: resize {resize!r} is not one of "
                                   "{choices}", resize=resize, choices=", ".join(RESIZE_MODES)))
        if not isinstance(source, str):
            raise WeightsError(msg("network_options: source is not text"))
        return cls(pool, aux, None if head is None else tuple(head), size, scaling, resize,
                   source)

    def apply(self, spec: ModelSpec) -> ModelSpec:
        """The spec as these weights see it: input size, scaling and resizing."""
        changes: dict[str, Any] = {}
        if self.input_size is not None and self.input_size != spec.input_size:
            ratio = spec.resize_size / spec.input_size
            changes.update(input_size=self.input_size,
                           resize_size=int(self.input_size * ratio))
        if self.scaling is not None:
            changes["mean"], changes["std"] = SCALINGS[self.scaling]
        if self.resize is not None:
            changes["resize_mode"] = self.resize
        return replace(spec, **changes) if changes else spec
