"""Class names: the 1000 ImageNet labels in the standard index order, shared by all three
checkpoints (torchvision's category list)."""

from __future__ import annotations

from functools import lru_cache

from inception_desktop.resource_files import resource_text


@lru_cache(maxsize=1)
def imagenet_labels() -> tuple[str, ...]:
    text = resource_text("imagenet_classes.txt")
    labels = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(labels) != 1000:
        raise RuntimeError(f"imagenet_classes.txt holds {len(labels)} labels, expected 1000")
    return labels


def labels_for(num_classes: int, class_names: list[str] | None = None) -> list[str]:
    """The names of a classifier's outputs: its own names, else ImageNet's, else "class N"."""
    if class_names is not None:
        return list(class_names)
    if num_classes == 1000:
        return list(imagenet_labels())
    return [f"class {i}" for i in range(num_classes)]
