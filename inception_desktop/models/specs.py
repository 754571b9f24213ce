"""The specs of the networks: preprocessing, viewable blocks, weight sources, and every other
fact the rest of the app needs about a network (FLOPs, aux heads, checkpoint layout, training
memory). Adding a network = its module, its spec here, its receptive-field resource.

Plain data, no torch: the torch-free build and the window's start-up read it.
"""

from __future__ import annotations

from inception_desktop.models.spec import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    INCEPTION_MEAN,
    INCEPTION_STD,
    AuxHead,
    BlockSpec,
    Branch,
    CheckpointLayout,
    ModelSpec,
    TrainingMemory,
    WeightSource,
    branches,
    numbered,
)


def _inception_v3_blocks() -> tuple[BlockSpec, ...]:
    def stem(name: str, path: str, channels: int, stride: int) -> BlockSpec:
        return BlockSpec(f"Stem {name}", "Stem", path, channels, stride)

    def a_layout(pool: int) -> tuple[Branch, ...]:
        return branches(("1x1", 64), ("5x5", 64), ("double 3x3", 96), ("pool", pool))

    c_layout = branches(("1x1", 192), ("7x7", 192), ("double 7x7", 192), ("pool", 192))
    return (
        stem("conv 3x3/2", "Conv2d_1a_3x3", 32, 2),
        stem("conv 3x3", "Conv2d_2a_3x3", 32, 2),
        stem("conv 3x3 padded", "Conv2d_2b_3x3", 64, 2),
        stem("conv 1x1", "Conv2d_3b_1x1", 80, 4),
        stem("conv 3x3 (192)", "Conv2d_4a_3x3", 192, 4),
        BlockSpec("Inception-A 1 of 3", "Inception-A", "Mixed_5b", 256, 8, a_layout(32)),
        BlockSpec("Inception-A 2 of 3", "Inception-A", "Mixed_5c", 288, 8, a_layout(64)),
        BlockSpec("Inception-A 3 of 3", "Inception-A", "Mixed_5d", 288, 8, a_layout(64)),
        BlockSpec("Reduction-A", "Reduction-A", "Mixed_6a", 768, 16,
                  branches(("3x3", 384), ("double 3x3", 96), ("pool", 288))),
        *numbered("Inception-B", ["Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"], 768, 16,
                  c_layout),
        BlockSpec("Reduction-B", "Reduction-B", "Mixed_7a", 1280, 32,
                  branches(("3x3", 320), ("7x7 + 3x3", 192), ("pool", 768))),
        *numbered("Inception-C", ["Mixed_7b", "Mixed_7c"], 2048, 32,
                  branches(("1x1", 320), ("3x3", 768), ("double 3x3", 768), ("pool", 192))),
    )


V3_SPEC = ModelSpec(
    name="inception_v3",
    display_name="Inception-v3",
    input_size=299,
    crop_pct=299 / 342,
    resize_size=342,
    interpolation="bilinear",
    mean=IMAGENET_MEAN,
    std=IMAGENET_STD,
    num_classes=1000,
    label_set="imagenet",
    num_features=2048,
    classifier_path="fc",
    blocks=_inception_v3_blocks(),
    short_name="v3",
    flops=11.426e9,
    min_input_size=75,
    checkpoint=CheckpointLayout(signature_key="Conv2d_1a_3x3.conv.weight", origin="torchvision"),
    # The aux head pools Mixed_6e 5 x 5 / 3 and convolves 5 x 5: it needs the full 299 input.
    aux_heads=(AuxHead("AuxLogits", after="Mixed_6e", classifier="fc", loss_weight=0.4,
                       min_input=299),),
    training_memory=(TrainingMemory("fp32", 1076, 112), TrainingMemory("bf16", 1101, 56)),
    # torchvision's port counts the padding in its pool branches (F.avg_pool2d(x, 3, 1, 1))
    # and its weights were measured so; Keras/TF-trained weights record TensorFlow's rule.
    avg_pool_excludes_padding=False,
    weight_sources=(
        WeightSource(
            name="imagenet",
            url="https://download.pytorch.org/models/inception_v3_google-0cc3c7bd.pth",
            filename="inception_v3_google-0cc3c7bd.pth",
            size=108_857_766,
            sha256_prefix="0cc3c7bd",
            description="torchvision IMAGENET1K_V1 (ported from TensorFlow), top-1 77.29",
            reported_top1=77.294,
            reported_top5=93.450,
            reported_source="torchvision Inception_V3_Weights.IMAGENET1K_V1 metrics "
                            "(torchvision/models/inception.py), with this preprocessing",
        ),
    ),
)


def _inception_v4_blocks() -> tuple[BlockSpec, ...]:
    def paths(first: int, count: int) -> list[str]:
        return [f"features.{i}" for i in range(first, first + count)]

    return (
        BlockSpec("Stem conv 3x3/2", "Stem", "features.0", 32, 2),
        BlockSpec("Stem conv 3x3", "Stem", "features.1", 32, 2),
        BlockSpec("Stem conv 3x3 padded", "Stem", "features.2", 64, 2),
        BlockSpec("Stem Mixed-3a", "Stem", "features.3", 160, 4,
                  branches(("max pool", 64), ("3x3/2", 96))),
        BlockSpec("Stem Mixed-4a", "Stem", "features.4", 192, 4,
                  branches(("3x3", 96), ("7x7 + 3x3", 96))),
        BlockSpec("Stem Mixed-5a", "Stem", "features.5", 384, 8,
                  branches(("3x3/2", 192), ("max pool", 192))),
        *numbered("Inception-A", paths(6, 4), 384, 8,
                  branches(("1x1", 96), ("3x3", 96), ("double 3x3", 96), ("pool", 96))),
        BlockSpec("Reduction-A", "Reduction-A", "features.10", 1024, 16,
                  branches(("3x3", 384), ("double 3x3", 256), ("pool", 384))),
        *numbered("Inception-B", paths(11, 7), 1024, 16,
                  branches(("1x1", 384), ("7x7", 256), ("double 7x7", 256), ("pool", 128))),
        BlockSpec("Reduction-B", "Reduction-B", "features.18", 1536, 32,
                  branches(("3x3", 192), ("7x7 + 3x3", 320), ("pool", 1024))),
        *numbered("Inception-C", paths(19, 3), 1536, 32,
                  branches(("1x1", 256), ("3x3", 512), ("double 3x3", 512), ("pool", 256))),
    )


V4_SPEC = ModelSpec(
    name="inception_v4",
    display_name="Inception-v4",
    input_size=299,
    crop_pct=0.875,
    resize_size=341,  # floor(299 / 0.875), as timm computes it
    interpolation="bicubic",
    mean=INCEPTION_MEAN,
    std=INCEPTION_STD,
    num_classes=1000,
    label_set="imagenet",
    num_features=1536,
    classifier_path="last_linear",
    blocks=_inception_v4_blocks(),
    short_name="v4",
    flops=24.508e9,
    min_input_size=75,
    checkpoint=CheckpointLayout(signature_key="features.0.conv.weight", label_offset=1),
    training_memory=(TrainingMemory("fp32", 1319, 171), TrainingMemory("bf16", 1364, 85)),
    weight_sources=(
        WeightSource(
            name="imagenet",
            url="https://huggingface.co/timm/inception_v4.tf_in1k/resolve/main/model.safetensors",
            filename="model.safetensors",
            size=171_000_000,
            sha256="a756a086851c8d5a8de135ec15c76b90ea56cb5aef450e3299107e659e725bb1",
            description="timm inception_v4.tf_in1k (ported from TF-slim), top-1 80.14",
            reported_top1=80.144,
            reported_top5=94.982,
            reported_source="timm results/results-imagenet.csv, inception_v4.tf_in1k",
        ),
    ),
)


def _inception_resnet_v2_blocks() -> tuple[BlockSpec, ...]:
    def stem(name: str, path: str, channels: int, stride: int) -> BlockSpec:
        return BlockSpec(f"Stem {name}", "Stem", path, channels, stride)

    return (
        stem("conv 3x3/2", "conv2d_1a", 32, 2),
        stem("conv 3x3", "conv2d_2a", 32, 2),
        stem("conv 3x3 padded", "conv2d_2b", 64, 2),
        stem("conv 1x1", "conv2d_3b", 80, 4),
        stem("conv 3x3 (192)", "conv2d_4a", 192, 4),
        BlockSpec("Stem Mixed-5b", "Stem", "mixed_5b", 320, 8,
                  branches(("1x1", 96), ("5x5", 64), ("double 3x3", 96), ("pool", 64))),
        *numbered("Inception-ResNet-A", [f"repeat.{i}" for i in range(10)], 320, 8),
        BlockSpec("Reduction-A", "Reduction-A", "mixed_6a", 1088, 16,
                  branches(("3x3", 384), ("double 3x3", 384), ("pool", 320))),
        *numbered("Inception-ResNet-B", [f"repeat_1.{i}" for i in range(20)], 1088, 16),
        BlockSpec("Reduction-B", "Reduction-B", "mixed_7a", 2080, 32,
                  branches(("3x3 (384)", 384), ("3x3 (288)", 288), ("double 3x3", 320),
                           ("pool", 1088))),
        *numbered("Inception-ResNet-C",
                  [f"repeat_2.{i}" for i in range(9)] + ["block8"], 2080, 32),
        BlockSpec("Final conv 1x1", "Final conv", "conv2d_7b", 1536, 32),
    )


IRV2_SPEC = ModelSpec(
    name="inception_resnet_v2",
    display_name="Inception-ResNet-v2",
    input_size=299,
    crop_pct=0.8975,
    resize_size=333,  # floor(299 / 0.8975), as timm computes it
    interpolation="bicubic",
    mean=INCEPTION_MEAN,
    std=INCEPTION_STD,
    num_classes=1000,
    label_set="imagenet",
    num_features=1536,
    classifier_path="classif",
    blocks=_inception_resnet_v2_blocks(),
    short_name="irv2",
    flops=26.312e9,
    min_input_size=75,
    checkpoint=CheckpointLayout(signature_key="conv2d_1a.conv.weight", label_offset=1,
                                legacy_classifier_paths=("last_linear",)),
    training_memory=(TrainingMemory("fp32", 1518, 193), TrainingMemory("bf16", 1610, 91)),
    weight_sources=(
        WeightSource(
            name="imagenet",
            url="https://huggingface.co/timm/inception_resnet_v2.tf_in1k/resolve/main/"
                "model.safetensors",
            filename="model.safetensors",
            size=223_800_000,
            sha256="dbea26b13a5fc8351919fed6a94222c0577ce324b2765fd081a798f837ca9d72",
            description="timm inception_resnet_v2.tf_in1k (ported from TF-slim), top-1 80.43",
            reported_top1=80.434,
            reported_top5=95.312,
            reported_source="timm results/results-imagenet.csv, inception_resnet_v2.tf_in1k",
        ),
    ),
)


def _inception_v1_blocks() -> tuple[BlockSpec, ...]:
    def layout(b1: int, b3: int, b5: int, pool: int) -> tuple[Branch, ...]:
        # torchvision's "5x5" branch is a 3 x 3 convolution (kept from the weights' origin).
        return branches(("1x1", b1), ("3x3", b3), ("5x5 (3x3)", b5), ("pool proj", pool))

    def block(name: str, group: str, b1: int, b3: int, b5: int, pool: int,
              stride: int) -> BlockSpec:
        return BlockSpec(f"Inception {name}", group, f"inception{name}", b1 + b3 + b5 + pool,
                         stride, layout(b1, b3, b5, pool))

    return (
        BlockSpec("Stem conv 7x7/2", "Stem", "conv1", 64, 2),
        BlockSpec("Stem conv 1x1", "Stem", "conv2", 64, 4),
        BlockSpec("Stem conv 3x3", "Stem", "conv3", 192, 4),
        block("3a", "Inception-3", 64, 128, 32, 32, 8),
        block("3b", "Inception-3", 128, 192, 96, 64, 8),
        block("4a", "Inception-4", 192, 208, 48, 64, 16),
        block("4b", "Inception-4", 160, 224, 64, 64, 16),
        block("4c", "Inception-4", 128, 256, 64, 64, 16),
        block("4d", "Inception-4", 112, 288, 64, 64, 16),
        block("4e", "Inception-4", 256, 320, 128, 128, 16),
        block("5a", "Inception-5", 256, 320, 128, 128, 32),
        block("5b", "Inception-5", 384, 384, 128, 128, 32),
    )


V1_SPEC = ModelSpec(
    name="inception_v1",
    display_name="Inception-v1 (GoogLeNet)",
    input_size=224,
    crop_pct=0.875,
    resize_size=256,
    interpolation="bilinear",
    mean=IMAGENET_MEAN,
    std=IMAGENET_STD,
    num_classes=1000,
    label_set="imagenet",
    num_features=1024,
    classifier_path="fc",
    blocks=_inception_v1_blocks(),
    short_name="v1",
    flops=2.997e9,
    min_input_size=15,
    checkpoint=CheckpointLayout(signature_key="inception3a.branch1.conv.weight",
                                origin="torchvision"),
    # torchvision's aux heads pool adaptively to 4 x 4: they run at any input the trunk takes.
    aux_heads=(AuxHead("aux1", after="inception4a", classifier="fc2", loss_weight=0.3,
                       min_input=15),
               AuxHead("aux2", after="inception4d", classifier="fc2", loss_weight=0.3,
                       min_input=15)),
    training_memory=(TrainingMemory("fp32", 1049, 53), TrainingMemory("bf16", 1082, 25)),
    weight_sources=(
        WeightSource(
            name="imagenet",
            url="https://download.pytorch.org/models/googlenet-1378be20.pth",
            filename="googlenet-1378be20.pth",
            size=52_147_035,
            sha256_prefix="1378be20",
            description="torchvision GoogLeNet IMAGENET1K_V1 (ported from TensorFlow), "
                        "top-1 69.78",
            reported_top1=69.778,
            reported_top5=89.530,
            reported_source="torchvision GoogLeNet_Weights.IMAGENET1K_V1 metrics "
                            "(torchvision/models/googlenet.py), with this preprocessing",
        ),
    ),
)


# The order the window and the command line list them in; the first is the default network.
SPECS: dict[str, ModelSpec] = {
    spec.name: spec for spec in (V3_SPEC, V4_SPEC, IRV2_SPEC, V1_SPEC)
}
