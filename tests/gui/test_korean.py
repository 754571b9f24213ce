"""The window in Korean: every top-level window, dialog, menu and tab walked offscreen, and any
visible text without Hangul that is not a name, number, unit or product term fails the test;
the same walk in English finds no Hangul (but the language's own name in Settings ▸ Language).
"""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from inception_desktop.gui.i18n import available_languages, install_language, language_name
from inception_desktop.gui.import_dialog import ImportModelDialog
from inception_desktop.gui.review_dialog import ReviewDialog
from inception_desktop.models import get_spec, list_models
from inception_desktop.resource_files import resource_text
from inception_desktop.weights.store import list_entries
from tests.helpers.datasets import make_dataset
from tests.helpers.dialogs import a_check, detected
from tests.helpers.window import classify_one, too_narrow, wait_idle

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")

# Names and product terms that stay as they are in every language (the brief's list).
PRODUCT_TERMS = (
    "ImageNet", "ONNX", "OpenVINO", "onnxruntime", "ONNX Runtime", "PyTorch", "torch",
    "torchvision", "timm", "Cadene", "Keras", "TensorFlow.js", "TensorFlow", "CUDA", "CPU",
    "GPU", "MPS", "fp32", "bf16", "int8", "CAM", "Grad-CAM", "top-1", "top-5", "Top-1",
    "Top-5", "Triton", "KServe", "HTTP", "CSV", "JSON", "PNG", "PDF", "JPEG", "ECE", "AMX",
    "AVX512-BF16", "AVX-512", "VNNI", "Inception Desktop", "inception-desktop", "localhost",
    "Open Inference Protocol", "Ctrl", "Shift", "Alt", "Esc", "Enter", "Space", "Del",
    "Backspace", "PgUp", "PgDown", "Home", "End", "Left", "Right", "Up", "Down", "Tab",
    "viridis", "magma", "inferno", "plasma", "gray", "grey", "jet", "turbo", "cividis",
    "Noto Sans", "DejaVu", "SIL", "OFL", "Qt", "PySide6", "Python", "README", "GoogLeNet",
    "safetensors", "pth", "pt", "ckpt", "keras", "h5", "ms", "MB", "GB", "KB", "px", "it/s",
    "img/s", "URL", "API", "sha256", "SHA-256", "Linux", "Windows", "macOS", "Wayland", "X11",
    "libxcb-cursor", "PyInstaller", "Apache", "BSD", "MIT", "Adam", "AdamW", "SGD", "ReLU",
    "softmax", "logits", "argmax", "batch", "auto",
)


def allowed_names() -> set[str]:
    names = {get_spec(n).display_name for n in list_models()} | set(list_models())
    names |= {get_spec(n).short_name for n in list_models()
              if getattr(get_spec(n), "short_name", None)}
    names |= {b.group for n in list_models() for b in get_spec(n).blocks  # the papers' names
              if re.fullmatch(r"[A-Z][A-Za-z]*(-[A-Za-z]+)*-[A-Z0-9]", b.group)}
    for line in resource_text("imagenet_classes.txt").splitlines():
        if line.strip():
            names.add(line.strip())
    return names


NAMES = sorted(allowed_names() | set(PRODUCT_TERMS), key=len, reverse=True)
_NAME_PATTERN = re.compile("|".join(re.escape(n) for n in NAMES))


def english_words(text: str, files: tuple[str, ...] = ()) -> list[str]:
    """The words of `text` a Korean reader would see untranslated (names, terms, numbers,
    units, file names, identifiers and paths removed; `files`: the user's file names)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for name in files:  # whole words only: a class named "a" is not every letter a
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    text = re.sub(r"&(?=\S)", "", text)
    text = re.sub(r"\S+\.(png|jpe?g|bmp|gif|webp|tiff?|csv|json|pdf|onnx|pth|pt|h5|keras|"
                  r"safetensors|txt|md|log|qm|ts|otf|ttf)\b", " ", text, flags=re.I)
    text = re.sub(r"(https?://|/|~/)\S*", " ", text)  # addresses and paths
    text = _NAME_PATTERN.sub(" ", text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_'.-]*", text)
    return [w for w in words if len(w) > 1 and not re.search(r"[0-9_]", w)  # identifiers
            and not w.isupper()]  # acronyms (ECE, NMS, ...) are terms


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of text a user can see in `root` (tooltips included)."""
    found = []
    if root.windowTitle():
        found.append(("window title", root.windowTitle()))
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = type(widget).__name__
        if isinstance(widget, QLabel) and (widget.pixmap() is None or widget.pixmap().isNull()):
            found.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QComboBox):
            found += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            found.append((name, widget.placeholderText()))
        elif isinstance(widget, (QPlainTextEdit, QTextBrowser)):
            found += [(name, line) for line in widget.toPlainText().splitlines()]
        if isinstance(widget, QTabWidget):
            found += [("tab", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            found += [("header", str(widget.model().headerData(
                i, widget.orientation(), Qt.ItemDataRole.DisplayRole) or ""))
                for i in range(widget.count()) if not widget.isSectionHidden(i)]
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) \
                and widget.model() is not None:
            found += [(f"{name} item", text) for text in item_texts(widget.model())]
        if widget.toolTip():
            found.append((f"{name} tooltip", widget.toolTip()))
    return [(where, text) for where, text in found if text and text.strip()]


def item_texts(model, parent=None, limit: int = 300) -> list[str]:
    """The texts (and tooltips) of a view's items: rows, their children, every column."""
    parent = parent if parent is not None else QModelIndex()
    texts: list[str] = []
    try:
        columns = max(model.columnCount(parent), 1)
    except TypeError:  # a list model (its columnCount is private in PySide)
        columns = 1
    for row in range(min(model.rowCount(parent), limit)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    texts.append(value)
            if column == 0 and columns > 1 or isinstance(model, QStandardItemModel):
                if model.rowCount(index):  # a tree's children
                    texts += item_texts(model, index, limit)
    return texts


def menu_texts(menu: QMenu, path: str = "") -> list[tuple[str, str]]:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        where = f"menu {path}{action.text()}"
        found.append((where, action.text()))
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            found.append((where + " tooltip", action.toolTip()))
        if action.menu() is not None:
            found += menu_texts(action.menu(), f"{path}{action.text()} ▸ ")
    return found


class Walk:
    """Everything the window shows: its tabs, its menus and every dialog its menus open."""

    def __init__(self, window, qtbot):
        self.window, self.qtbot = window, qtbot
        self.texts: list[tuple[str, str]] = []
        self.screens = 0
        self.user_words: list[str] = []  # the user's file, folder and class names: data
        self.narrow: list[str] = []  # controls narrower than their text (cut off)

    def add(self, where: str, root: QWidget) -> None:
        self.screens += 1
        self.texts += [(f"{where}: {w}", t) for w, t in widget_texts(root)]
        self.narrow += [f"{where}: {problem}" for problem in too_narrow(root)]

    def tabs(self) -> None:
        for index in range(self.window.tabs.count()):
            self.window.show_tab(index)
            self.qtbot.wait(100)
            self.add(f"tab {self.window.tabs.tabText(index)}", self.window)

    def menus(self) -> None:
        for action in self.window.menuBar().actions():
            if action.menu() is not None:
                self.texts += menu_texts(action.menu())

    def dialogs(self) -> None:
        """Open every dialog the window's own methods open, read it and close it (modal ones
        from a timer, as a user would answer them)."""
        window = self.window
        openers = {
            "about": window.about, "shortcuts": window.show_shortcuts,
            "guide": window.show_guide, "data folder": window.show_data_folder,
            "manage networks": window.manage_networks, "int8": window.make_int8,
            "serve port": window.choose_port,
            "weights needed": lambda: window._on_weights_needed(
                list_models()[0], "no weights here"),
        }
        for name, opener in openers.items():
            self.open_and_read(name, opener)

    def open_and_read(self, name: str, opener) -> None:
        before = set(QApplication.topLevelWidgets())
        tries = {"n": 0}

        def answer_modal() -> None:
            modal = QApplication.activeModalWidget()
            if modal is not None and modal is not self.window:
                self.add(f"dialog {name}", modal)
                modal.close() if not isinstance(modal, QDialog) else modal.reject()
            elif tries["n"] < 40:
                tries["n"] += 1
                QTimer.singleShot(50, answer_modal)

        QTimer.singleShot(50, answer_modal)
        opener()
        self.qtbot.wait(200)
        tries["n"] = 99
        for widget in set(QApplication.topLevelWidgets()) - before:
            if widget.isVisible() and widget is not self.window:
                self.add(f"dialog {name}", widget)
                widget.close()


@pytest.fixture
def korean():
    app = QApplication.instance()
    install_language(app, "ko")
    yield
    install_language(app, "en")


def walk_window(make_window, qtbot, tmp_path) -> Walk:
    """The window with an image classified, a folder scanned for fine-tuning (its class
    cards) and for evaluation (its preview); then its tabs, menus and dialogs."""
    window = make_window()
    window.resize(1024, 640)
    classify_one(window, qtbot, tmp_path)
    folder = make_dataset(tmp_path / "shapes", per_class=3, size=24)
    window.finetune.set_folder(str(folder))
    qtbot.waitUntil(lambda: window.finetune.scan is not None, timeout=60_000)
    window.evaluate.set_folder(str(folder))
    wait_idle(qtbot, window)
    walk = Walk(window, qtbot)
    walk.user_words += [item.short_name for item in window.controller.items]
    walk.user_words += [entry.name for entry in list_entries()]  # models named by their users
    walk.user_words += [folder.name, *(p.name for p in folder.iterdir())]
    walk.tabs()
    walk.menus()
    walk.dialogs()
    review = ReviewDialog(window.controller, str(folder), "inception_v3", a_check(folder),
                          "A check", window)
    qtbot.addWidget(review)
    for kind in range(review.tabs.count()):
        review.tabs.setCurrentIndex(kind)
        review.show()
        qtbot.wait(50)
        walk.add(f"review dialog tab {kind}", review)
    review.close()
    for found in (detected("Keras 3 .keras", True, True),
                  detected("TF.js layers model", False, False)):
        walk.user_words += found.class_names or []
        dialog = ImportModelDialog(window, "model.keras", found)
        qtbot.addWidget(dialog)
        dialog.show()
        walk.add("import dialog", dialog)
        dialog.close()
    return walk


def test_every_screen_reads_korean(korean, make_window, qtbot, tmp_path):
    walk = walk_window(make_window, qtbot, tmp_path)
    files = tuple(sorted(walk.user_words, key=len, reverse=True))
    languages = {language_name(code) for code in available_languages()}  # in their own words
    untranslated = sorted({f"{where}: {text!r}" for where, text in walk.texts
                           if not HANGUL.search(text) and text.replace("&", "") not in languages
                           and english_words(text, files)})
    assert walk.screens >= 17 and len(walk.texts) > 300
    assert not untranslated, f"{len(untranslated)} texts without Korean:\n" + \
        "\n".join(untranslated[:80])
    assert not walk.narrow, "cut off in Korean at 1024 x 640:\n" + "\n".join(walk.narrow)


def test_english_has_no_hangul_but_the_language_names(make_window, qtbot, tmp_path):
    walk = walk_window(make_window, qtbot, tmp_path)
    native = {language_name("ko")}
    hangul = sorted({f"{where}: {text!r}" for where, text in walk.texts
                     if HANGUL.search(text) and not any(n in text for n in native)})
    assert walk.screens >= 17
    assert not hangul, "\n".join(hangul[:40])


def test_the_walk_sees_untranslated_text(korean, make_window, qtbot):
    """The test above can fail: an English label in a Korean window is found."""
    window = make_window()
    label = QLabel("Classify these images", window)
    label.show()
    assert ("QLabel", "Classify these images") in widget_texts(window)
    assert english_words("Classify these images") and not english_words("ImageNet top-5: 12 ms")
    assert not english_words("Inception-v3 · fp32 · cat.png")


def test_restart_box_is_korean(korean, make_window, qtbot):
    window = make_window()
    from inception_desktop.gui.language_menu import _choose

    restarted = []
    window.controller.settings.language = "system"
    _choose(window, window.controller, "en", lambda: restarted.append(True))
    box = window.findChild(QMessageBox, "languageRestartBox")
    assert box is not None and "English" in box.text() and HANGUL.search(box.text())
    assert window.controller.settings.language == "en"


@pytest.mark.parametrize("lang, settings, expected", [
    ("ko_KR.UTF-8", None, "언어"), ("en_US.UTF-8", None, "Language"),
    ("fr_FR.UTF-8", None, "Language"), ("en_US.UTF-8", "ko", "언어"),
    ("ko_KR.UTF-8", "en", "Language")])
def test_the_language_follows_the_locale_unless_settings_choose(tmp_path, lang, settings,
                                                                  expected):
    """As `LANG=ko_KR.UTF-8 make run` starts it: the app made by make_app, in a process of
    its own with that locale; Settings ▸ Language overrides it."""
    import json
    import os
    import subprocess
    import sys

    config = tmp_path / "config"
    config.mkdir()
    if settings:
        (config / "settings.json").write_text(json.dumps({"version": 1, "language": settings}))
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen", INCEPTION_DESKTOP_CONFIG_DIR=str(config))
    code = ("from inception_desktop.gui.app import make_app\n"
            "from inception_desktop.gui.i18n import translate\n"
            "app = make_app()\n"
            "print(translate('language', 'Language'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == expected
