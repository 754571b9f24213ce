"""Class names: the 1000 ImageNet labels in the standard index order shared by all three
checkpoints (torchvision's category list), their WordNet IDs in the sorted-synset order that
torchvision and timm use (`n01440764` is index 0), the WordNet lemmas (synonyms), and a
matcher from any label text a user may write to a class index."""

from __future__ import annotations

import re
from functools import lru_cache

from inception_desktop.resource_files import resource_text

WNID_RE = re.compile(r"^n\d{8}$")


@lru_cache(maxsize=1)
def imagenet_labels() -> tuple[str, ...]:
    text = resource_text("imagenet_classes.txt")
    labels = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(labels) != 1000:
        raise RuntimeError(f"imagenet_classes.txt holds {len(labels)} labels, expected 1000")
    return labels


@lru_cache(maxsize=1)
def imagenet_wnids() -> tuple[str, ...]:
    """WordNet IDs by class index (sorted, as ImageNet's validation folders are named)."""
    wnids = tuple(resource_text("imagenet_wnids.txt").split())
    if len(wnids) != 1000 or list(wnids) != sorted(wnids):
        raise RuntimeError("imagenet_wnids.txt must hold the 1000 sorted WordNet IDs")
    return wnids


@lru_cache(maxsize=1)
def imagenet_lemmas() -> tuple[tuple[str, ...], ...]:
    """The WordNet synonyms of each class, by index ("tabby, tabby cat" for 281)."""
    by_wnid = {}
    for line in resource_text("imagenet_lemmas.txt").splitlines():
        if "\t" in line:
            wnid, names = line.split("\t", 1)
            by_wnid[wnid] = tuple(n.strip() for n in names.split(",") if n.strip())
    return tuple(by_wnid.get(w, ()) for w in imagenet_wnids())


def labels_for(num_classes: int, class_names: list[str] | None = None) -> list[str]:
    """The names of a classifier's outputs: its own names, else ImageNet's, else "class N"."""
    if class_names is not None:
        return list(class_names)
    if num_classes == 1000:
        return list(imagenet_labels())
    return [f"class {i}" for i in range(num_classes)]


def normalise_label(text: str) -> str:
    """'Tabby_Cat ' -> 'tabby cat': case, underscores, hyphens and spacing do not matter."""
    return re.sub(r"\s+", " ", re.sub(r"[_\-]+", " ", text)).strip().casefold()


class LabelMatcher:
    """Label text -> class index of one model. For ImageNet models: a WordNet ID, an index
    (0-999), the class name or an unambiguous WordNet synonym; for a fine-tuned model: one of
    its own class names. Case, underscores and hyphens do not matter."""

    def __init__(self, labels: list[str], imagenet: bool) -> None:
        self.labels = list(labels)
        self.imagenet = imagenet
        self._exact = {name: i for i, name in enumerate(labels)}
        self._normal: dict[str, int] = {}
        ambiguous: set[str] = set()
        names: list[tuple[str, int]] = [(n, i) for i, n in enumerate(labels)]
        if imagenet:
            names += [(n, i) for i, syn in enumerate(imagenet_lemmas()) for n in syn]
        for name, i in names:
            key = normalise_label(name)
            if key in self._normal and self._normal[key] != i:
                ambiguous.add(key)
            self._normal.setdefault(key, i)
        for key in ambiguous:  # a synonym of two classes names neither
            if key not in {normalise_label(n) for n in labels}:
                del self._normal[key]
        if imagenet:
            self._wnid = {w: i for i, w in enumerate(imagenet_wnids())}

    def match(self, text: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        if text in self._exact:
            return self._exact[text]
        if self.imagenet:
            if WNID_RE.match(text):
                return self._wnid.get(text)
            if text.isdigit():
                index = int(text)
                return index if 0 <= index < len(self.labels) else None
        return self._normal.get(normalise_label(text))
