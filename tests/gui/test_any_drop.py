"""Generated drops and pastes on the window: any mix of good and broken images, folders (one
with a symlink loop), files that are no images, paths that are gone, names with line breaks or
other scripts, dropped one after another before the last has finished. The window settles
with every item of the batch classified or showing why it cannot be, the gallery holding
exactly the batch, and no exception in Qt's event loop (pytest-qt fails the test on one)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QUrl

from tests.helpers.images import photo
from tests.helpers.window import wait_idle


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    """Named things a user might drop."""
    root = tmp_path_factory.mktemp("drops")
    made = {}

    def image(name, size=(90, 70), seed=0):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        photo(*size, seed=seed).save(path, "PNG")
        made[name] = path
        return path

    image("good.png")
    image("other script 画像.png", seed=1)
    image("two\nlines.png", seed=2)
    image("png named.jpg", seed=3)
    image("pics/a.png", seed=4)
    image("pics/sub/b.png", seed=5)
    (root / "pics" / "readme.txt").write_text("not an image")
    (root / "broken.jpg").write_text("not a jpeg")
    (root / "empty.png").write_bytes(b"")
    (root / "notes.txt").write_text("text")
    (root / "no images").mkdir()
    (root / "loop").mkdir()
    image("loop/c.png", seed=6)
    os.symlink(root / "loop", root / "loop" / "again")
    for name in ("broken.jpg", "empty.png", "notes.txt", "no images", "loop", "pics"):
        made[name] = root / name
    made["gone.png"] = root / "gone.png"
    return made


def mime_of(paths, as_text: bool) -> QMimeData:
    mime = QMimeData()
    if as_text:  # a pasted list of paths, one per line, some quoted
        mime.setText("\n".join(f'"{p}"' if i % 2 else str(p) for i, p in enumerate(paths)))
    else:
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


@pytest.fixture
def window(make_window):
    return make_window()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_drops_settle_with_every_item_answered(window, pool, qtbot, data):
    names = sorted(pool)
    for _ in range(data.draw(st.integers(1, 3), label="drops")):
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4),
                           label="dropped")
        window.handle_mime(mime_of([pool[n] for n in chosen], data.draw(st.booleans())))
    wait_idle(qtbot, window)
    items = window.controller.items
    qtbot.waitUntil(lambda: all(it.result or it.error for it in items), timeout=60_000)
    qtbot.waitUntil(lambda: window.classify_tab.gallery.count() == len(items), timeout=10_000)
    for it in items:
        assert it.result or (it.error and "\n" not in it.error.strip()), it.error
