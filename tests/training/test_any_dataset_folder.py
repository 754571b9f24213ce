"""Generated data set folders for fine-tuning: class folders with any names (hidden, case
twins, other scripts), nested folders, good, broken and empty images, files that are no
images, hidden files, symlinked folders, with or without train/ and val/. A scan accounts for
every image file once (a sample or a skipped file with its reason), labels each sample with
its own class folder, splits each class as promised, or is one error; never another
exception."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from inception_desktop.errors import AppError
from inception_desktop.training.dataset import scan_folder


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 10), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


CONTENTS = {"good.png": _png(), "broken.jpg": b"\xff\xd8\xff not a jpeg", "empty.png": b"",
            "notes.txt": b"text", ".hidden.png": _png(), "tail.PNG": _png()}
CLASS_NAMES = st.sampled_from(["cat", "Cat", "dog", "猫", "a b", ".hidden", "__pycache__",
                               "x" * 60])


@st.composite
def class_folders(draw) -> dict[str, list[tuple[str, str]]]:
    """{class folder: [(relative file path, kind)]}."""
    out = {}
    for name in draw(st.lists(CLASS_NAMES, max_size=4, unique=True)):
        files = []
        for i, kind in enumerate(draw(st.lists(st.sampled_from(sorted(CONTENTS)),
                                               max_size=5))):
            nested = "sub/" if draw(st.integers(0, 4)) == 0 else ""
            name = f".hidden{i}.png" if kind.startswith(".") else f"{i}-{kind}"
            files.append((nested + name, kind))
        out[name] = files
    return out


def write(root: Path, classes: dict[str, list[tuple[str, str]]]) -> None:
    for name, files in classes.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        for rel, kind in files:
            path = root / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(CONTENTS[kind])


def counted(rel: str) -> bool:
    """Files a scan considers: not hidden, with an image extension."""
    name = rel.rsplit("/", 1)[-1]
    return not name.startswith(".") and not name.endswith(".txt")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tree=st.one_of(class_folders().map(lambda c: {"": c}),
                      st.fixed_dictionaries({"train": class_folders(),
                                             "val": class_folders()})),
       val_split=st.sampled_from([0.0, 0.2, 0.5]), link=st.booleans())
def test_any_folder_scans_consistently_or_is_one_error(tree, val_split, link, tmp_path):
    root = tmp_path / "data"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    for part, classes in tree.items():
        write(root / part if part else root, classes)
    if link and "" in tree and tree[""]:  # a class folder that is a link to another
        first = sorted(tree[""])[0]
        os.symlink(root / first, root / "linked")
        tree[""]["linked"] = tree[""][first]
    try:
        report = scan_folder(root, val_split=val_split)
    except AppError as exc:
        assert str(exc) and "\n" not in str(exc)
        event("one error")
        return
    event(f"scanned{' train/val' if report.explicit_split else ''}, "
          f"{'some' if report.samples else 'no'} samples")
    visible = {part: {c: files for c, files in classes.items()
                      if not c.startswith((".", "__"))} for part, classes in tree.items()}
    expected = sum(counted(rel) for classes in visible.values()
                   for files in classes.values() for rel, _ in files)
    paths = [s.path for s in report.samples]
    assert len(paths) == len(set(paths))
    assert len(paths) + len(report.skipped) == expected
    good = sum(counted(rel) and kind in ("good.png", "tail.PNG")
               for classes in visible.values() for files in classes.values()
               for rel, kind in files)
    assert len(paths) == good  # every readable image is a sample; the rest are skipped
    for sample in report.samples:
        rel = sample.path.relative_to(root).parts
        class_folder = rel[1] if report.explicit_split else rel[0]
        assert report.classes[sample.label] == class_folder
        assert sample.split in ("train", "val")
        if report.explicit_split:
            assert sample.split == rel[0]
    if not report.explicit_split:
        for cls, n in report.counts().items():
            val = report.counts("val")[cls]
            assert val == 0 if val_split == 0 or n < 2 else 1 <= val <= n - 1
    assert all(why for _, why in report.skipped)
