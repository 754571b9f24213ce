"""Help (issue 25, item 19): the user's guide (a page per task with the screenshots, shipped in
the bundle) opens from Help ▸ User's guide and its links move between its pages; the shortcuts
list includes the keys that act inside a view, grouped by task; plain Left/Right browse the
batch as the guide and the README say."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inception_desktop.gui.help import GROUPS, guide_path
from tests.helpers.datasets import make_dataset
from tests.helpers.window import wait_idle

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("classify", "feature-maps", "compare", "evaluate", "fine-tune", "import-models",
         "faster-cpu", "serve", "settings", "troubleshooting")


def test_the_guide_has_a_page_per_task_and_every_link_and_picture_exists():
    guide = ROOT / "docs" / "guide"
    assert guide_path() == guide / "index.md"
    index = (guide / "index.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"({page}.md)" in index, page
    for page in guide.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not target.startswith("http"):
                assert (page.parent / target).is_file(), f"{page.name}: {target}"
        assert "--" not in re.sub(r"```.*?```|`[^`]*`|\|---", "", text, flags=re.S), \
            f"{page.name} gives command-line flags outside code"
    pictures = {p.name for p in (ROOT / "docs").glob("*.png")}
    shown = {Path(t).name for p in guide.glob("*.md")
             for t in re.findall(r"!\[[^]]*\]\(([^)]+)\)", p.read_text(encoding="utf-8"))}
    assert pictures <= shown  # every screenshot is used by a page
    spec = (ROOT / "packaging" / "inception-desktop.spec").read_text(encoding="utf-8")
    assert '"docs" / "guide"' in spec and '"docs/guide"' in spec  # shipped in the bundle


def test_help_opens_the_users_guide_and_its_links_move_between_pages(make_window, qtbot):
    window = make_window()
    actions = {a.text().replace("&", ""): a for a in window.menuBar().actions()[-1].menu()
               .actions()}
    assert "User's guide" in actions and "Documentation" not in actions
    actions["User's guide"].trigger()
    dialog = window.guide_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.page() == "index.md"
    assert "user's guide" in dialog.browser.toPlainText()
    assert "make run" not in dialog.browser.toPlainText()  # not the developer README
    dialog.browser.setSource(dialog.browser.source().resolved("fine-tune.md"))
    assert dialog.page() == "fine-tune.md"
    assert "Fine-tune and check a folder" in dialog.browser.toPlainText()
    # The screenshot is found (an image resource of the page loads).
    image = dialog.browser.loadResource(2, dialog.browser.source().resolved("../fine-tune.png"))
    assert not image.isNull() and image.width() <= dialog.browser.MAX_WIDTH  # fits the page
    assert dialog.back.isEnabled()
    dialog.back.click()
    assert dialog.page() == "index.md"
    dialog.resize(1024 - 40, 640 - 40)
    dialog.grab().save("/tmp/wc/guide-1024.png") if Path("/tmp/wc").is_dir() else None


def test_shortcuts_are_grouped_by_task_with_the_keys_inside_views(make_window):
    window = make_window()
    window.show_shortcuts()
    dialog = window.shortcuts_dialog
    rows = dialog.rows()
    assert rows["Next image"] == "Ctrl+Right" and rows["Open files"] == "Ctrl+O"
    assert rows["Previous / next image (Classify tab)"] == "Left / Right"
    assert "Step through the channels of a block" in rows
    assert any("map" in does for does in rows)
    headings = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())
                if dialog.table.item(r, 1) is None]
    assert headings == [g for g in GROUPS if g in headings] and len(headings) >= 5
    # Each key sits under its task.
    order = [dialog.table.item(r, 0).text() if dialog.table.item(r, 1) is None else
             dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert order.index("Browse and switch tabs") < order.index("Next image") < \
        order.index("Results and maps")
    assert order.index("Feature maps") < order.index("Step through the channels of a block")


def test_plain_left_and_right_browse_wherever_the_focus_is_in_classify(make_window, qtbot,
                                                                       tmp_path):
    data = make_dataset(tmp_path / "imgs", per_class=1, size=64)
    window = make_window()
    window.controller.open_paths([str(p) for p in sorted(data.rglob("*.png"))])
    qtbot.waitUntil(lambda: len(window.controller.items) == 3, timeout=30_000)
    wait_idle(qtbot, window)
    tab = window.classify_tab
    for widget in (tab.gallery, tab.image_view, tab.results):
        widget.setFocus()
        before = window.controller.current
        QTest.keyClick(widget, Qt.Key.Key_Right)
        assert window.controller.current == (before + 1) % 3, type(widget).__name__
        QTest.keyClick(widget, Qt.Key.Key_Left)
        assert window.controller.current == before, type(widget).__name__


def test_the_korean_guide_has_the_same_pages_and_its_links_and_pictures_exist():
    """docs/guide/ko: a page per task like the English guide, every link and picture found,
    shipped in the bundle, and every Hangul syllable one the shipped font has (KS X 1001)."""
    guide = ROOT / "docs" / "guide" / "ko"
    assert guide_path("ko") == guide / "index.md"
    assert {p.name for p in guide.glob("*.md")} == \
        {p.name for p in (ROOT / "docs" / "guide").glob("*.md")}
    index = (guide / "index.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"({page}.md)" in index, page
    assert "make run" in index and "설정 ▸ 언어" in index  # 시작하기, and the language
    for page in guide.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert re.search("[가-힣]", text), page.name
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not target.startswith("http"):
                assert (page.parent / target).is_file(), f"{page.name}: {target}"
        assert "--" not in re.sub(r"```.*?```|`[^`]*`|\|---", "", text, flags=re.S), page.name
        missing = {c for c in text if "\uac00" <= c <= "\ud7a3" and not _ks_x_1001(c)}
        assert not missing, f"{page.name}: not in the shipped Korean font: {sorted(missing)}"
    spec = (ROOT / "packaging" / "inception-desktop.spec").read_text(encoding="utf-8")
    assert '"docs/guide/ko"' in spec and '"guide" / "ko"' in spec
    assert '"docs/ko"' in spec  # its pictures: the window in Korean


def _ks_x_1001(char: str) -> bool:
    try:
        char.encode("euc_kr")
    except UnicodeEncodeError:
        return False
    return True


def test_help_opens_the_guide_in_the_windows_language(qapp, qtbot):
    """Help ▸ User's guide: the Korean guide in a Korean window, the English one otherwise."""
    from inception_desktop.gui.help import GuideDialog
    from inception_desktop.gui.i18n import install_language

    try:
        assert install_language(qapp, "ko") == "ko"
        korean = GuideDialog()
        qtbot.addWidget(korean)
        assert Path(korean.browser.source().toLocalFile()) == ROOT / "docs/guide/ko/index.md"
        text = korean.browser.toPlainText()
        assert "사용자 가이드" in text and "이미지 분류" in text
        korean.browser.setSource(korean.browser.source().resolved("fine-tune.md"))
        assert "미세 조정과 폴더 점검" in korean.browser.toPlainText()
        image = korean.browser.loadResource(
            2, korean.browser.source().resolved("../../fine-tune.png"))
        assert not image.isNull()  # the pictures are found from the Korean pages too
    finally:
        install_language(qapp, "en")
    english = GuideDialog()
    qtbot.addWidget(english)
    assert Path(english.browser.source().toLocalFile()) == ROOT / "docs/guide/index.md"
    assert "user's guide" in english.browser.toPlainText()
    assert not re.search("[가-힣]", english.browser.toPlainText())
