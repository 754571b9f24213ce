"""Generated labels files for `evaluate --labels`: rows naming files that exist, are missing,
are listed twice or lie elsewhere, with labels as WordNet IDs, indices, class names or
nonsense, in CSV or Kaggle's layout, or bytes that are no text at all. Each gives a labelled
set in which every row is either used once or skipped with its reason, or one error naming
the file, never another exception."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from inception_desktop.engine.labelled import read_labelled
from inception_desktop.errors import AppError
from inception_desktop.labels import imagenet_labels, imagenet_wnids

LABELS = list(imagenet_labels())
NAMES = ["a.png", "b.jpg", "sub/c.png", "sub\\c.png", "a", "missing.png", "", " a.png ",
         "../outside.png", "/abs/none.png", "notes.txt"]
LABEL_TEXT = st.one_of(st.sampled_from(list(imagenet_wnids()[:5]) + LABELS[:5]),
                       st.integers(-2, 1001).map(str),
                       st.sampled_from(["", "tabby cat", "N01440764", "n0", " tench "]),
                       st.text(max_size=12))


@pytest.fixture(scope="module")
def flat(tmp_path_factory):
    root = tmp_path_factory.mktemp("flat")
    (root / "sub").mkdir()
    for name in ("a.png", "b.jpg", "sub/c.png"):
        Image.new("RGB", (20, 20), (90, 20, 20)).save(root / name)
    (root / "notes.txt").write_text("not an image")
    return root


@st.composite
def labels_files(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=120))  # whatever a user might point --labels at
    rows = draw(st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)),
                                   LABEL_TEXT), max_size=8))
    out = io.StringIO()
    writer = csv.writer(out)
    header = draw(st.sampled_from([None, ["file", "label"], ["ImageId", "PredictionString"],
                                   ["path", "label", "extra"]]))
    if header:
        writer.writerow(header)
    for entry, label in rows:
        writer.writerow([entry, label][:draw(st.integers(1, 2))])
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"])),
                                 errors="replace")


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=labels_files())
def test_any_labels_file_gives_a_consistent_set_or_one_error(content, flat, tmp_path):
    labels_file = tmp_path / "labels.csv"
    labels_file.write_bytes(content)
    try:
        got = read_labelled(flat, LABELS, True, labels_file)
    except AppError as exc:
        assert str(exc) and "\n" not in str(exc)
        event(f"error: {type(exc).__name__}")
        return
    event(f"{len(got.images)} image(s) used")
    paths = [i.path for i in got.images]
    assert len(paths) == len(set(paths))  # no image counted twice
    for image in got.images:
        assert image.path.is_file() and image.path.suffix in (".png", ".jpg")
        assert 0 <= image.label < len(LABELS)
    assert all(why for _, why in got.skipped_rows)
    assert got.classes == len({i.label for i in got.images})
