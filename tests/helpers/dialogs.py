"""Dialog contents as the core makes them, without running a network: a folder check's
result (Fine-tune ▸ Check this folder) and what an imported Keras / TF.js file holds."""

from __future__ import annotations

import numpy as np

from inception_desktop.models import NetworkOptions
from inception_desktop.training.inspection import (
    DuplicateGroup,
    FileEntry,
    FolderInspection,
    LabelIssue,
    Outlier,
)
from inception_desktop.training.review import FileStamp
from inception_desktop.weights.kerasconvert import Imported
from inception_desktop.weights.kerasimport import Detected


def a_check(root) -> FolderInspection:
    """A check's result as the core makes it, without running a network."""
    classes = ["circle", "square", "triangle"]
    result = FolderInspection(root, "inception_v3", {"name": "untrained"}, 9, classes)
    for path in sorted(root.rglob("*.png")):
        rel = path.relative_to(root).as_posix()
        result.entries[rel] = FileEntry(path.parent.name, "train", FileStamp.of(path))
    result.label_issues = [LabelIssue("circle/circle_000.png", "circle", "square", 0.99)]
    result.duplicates = [DuplicateGroup(("square/square_000.png", "triangle/triangle_000.png"),
                                        0.98, True, False)]
    result.outliers = [Outlier("triangle/triangle_001.png", "far from every class", 1.5),
                       Outlier("circle/circle_002.png", "tiny (8 x 8 pixels)", 4.0)]
    return result


def detected(kind: str, says_preprocessing: bool, says_labels: bool) -> Detected:
    options = NetworkOptions(avg_pool_excludes_padding=True, aux_logits=False,
                             head=({"op": "global_avg_pool"},), input_size=224, source=kind,
                             scaling="inception", resize="squash")
    imported = Imported("inception_v3", {"fc.weight": np.zeros((3, 2048), np.float32)},
                        options, 3, kind, "Keras head 2048 -> 3")
    names = None if not says_labels else ["a", "b", "c"]
    return Detected(imported, options, names or [f"class {i}" for i in range(3)],
                    says_preprocessing, says_labels)
