"""Counts in progress texts are whole numbers (issue 25, item 12): "12 of 60 images", never
"12.0 of 60.0 images", whichever float the engine's progress report carried."""

from __future__ import annotations

import re

from inception_desktop.gui.format import count
from inception_desktop.tasks import Progress, TaskState

FLOAT_COUNT = re.compile(r"\b\d+\.0\b")


def reports(*pairs: tuple[float, float]) -> list[Progress]:
    seen: list[Progress] = []
    state = TaskState(on_progress=seen.append)
    for done, total in pairs:
        state.progress(done, total, "inception_v3", unit="images")
    return seen


def test_whole_amounts_stay_whole_and_fractions_stay_fractions():
    first, second = reports((0.0, 24.0), (12, 60.0))
    assert (first.done, first.total) == (0, 24) and isinstance(first.done, int)
    assert f"{second.done} of {second.total}" == "12 of 60"
    assert reports((2.5, 10))[0].done == 2.5  # half an epoch is not rounded away
    assert count(24.0) == "24" and count(2.5) == "2.5"


def test_evaluate_and_index_progress_say_whole_counts(make_window, tmp_path):
    window = make_window()
    for p in reports((0.0, 24.0), (12.0, 60.0)):
        window.evaluate._on_progress(p)
        text = window.evaluate.status.text()
        assert f"{p.done} of {p.total} images" in text and not FLOAT_COUNT.search(text), text
        window.viewer.on_index_progress(p)
        text = window.viewer.index_status.text()
        assert f"Indexing: {p.done} of {p.total} images" in text, text
        assert not FLOAT_COUNT.search(text), text
    window.show_tab(4)
    window.grab().save(str(tmp_path / "evaluate-progress.png"))
