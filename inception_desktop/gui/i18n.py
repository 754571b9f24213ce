"""The window's language: Qt's translation system, the language chosen, and the fonts for it.

Every word the window shows goes through `translate(context, text)` (Qt's
`QCoreApplication.translate`; `pyside6-lupdate` finds the calls, so the context and the text
must be literals; fill `{name}` fields with `.format()` after translating, and use `%n` with
`n=` for plurals). Messages from the core (`errors.msg`) carry their English template and
fields; `translate_message` shows them in the window's language.

The translations are `resources/i18n/inception_desktop_<language>.ts` (edited with Qt Linguist
or by hand), compiled to `.qm` by `make`; adding a language is adding one `.ts` file. The
language follows the system's locale unless Settings ▸ Language chose one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

SYSTEM = "system"
ENGLISH = "en"
CATALOGUE = "inception_desktop"  # resources/i18n/<CATALOGUE>_<language>.qm
KOREAN_FONT = "NotoSansKR-Subset.otf"

_installed: list[Any] = []  # the QTranslators in use (Qt does not own them)
_language = ENGLISH


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the window's language (as it is where no translation exists)."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text, disambiguation, n)


def translate_message(text: Any) -> str:
    """A core message (`errors.msg`) in the window's language, its causes too; other text as
    it is."""
    from inception_desktop.errors import Message

    if not isinstance(text, Message):
        return str(text)
    fields = {name: translate_message(value) if isinstance(value, Message) else value
              for name, value in text.fields.items()}
    translated = translate("", text.template)
    try:
        return translated.format(**fields) if fields else translated
    except (KeyError, IndexError, ValueError):
        return str(text)  # a translation whose fields do not match: English beats a crash


def i18n_folder() -> Path | None:
    from inception_desktop.resource_files import resource_path

    for probe in (f"i18n/{CATALOGUE}_en.qm", f"i18n/{CATALOGUE}_en.ts"):
        try:
            return resource_path(probe).parent
        except FileNotFoundError:
            continue
    return None


def available_languages() -> list[str]:
    """English and every language with a translation file, as codes ("en", "ko", ...)."""
    folder = i18n_folder()
    found = set()
    if folder is not None:
        for path in folder.glob(f"{CATALOGUE}_*.ts"):
            found.add(path.stem[len(CATALOGUE) + 1:])
        for path in folder.glob(f"{CATALOGUE}_*.qm"):
            found.add(path.stem[len(CATALOGUE) + 1:])
    return [ENGLISH] + sorted(found - {ENGLISH})


def language_name(code: str) -> str:
    """A language's name in that language ("한국어" for ko), as its speakers look for it."""
    from PySide6.QtCore import QLocale

    name = QLocale(code).nativeLanguageName()
    if code == ENGLISH or not name:
        return "English"
    return name[:1].upper() + name[1:]


def system_language() -> str:
    """The system locale's language when a translation exists for it, else English."""
    from PySide6.QtCore import QLocale

    available = available_languages()
    for name in QLocale.system().uiLanguages():
        code = re.split(r"[-_]", name)[0].lower()
        if code in available:
            return code
        if code == ENGLISH:
            return ENGLISH
    return ENGLISH


def resolve_language(setting: str) -> str:
    """The language to show for the Language setting (system, en, ko, ...)."""
    if setting == SYSTEM or setting not in available_languages():
        return system_language()
    return setting


def current_language() -> str:
    return _language


def install_language(app: Any, setting: str = SYSTEM) -> str:
    """Load the translations for `setting` into `app` (before any window is built) and the
    fonts they need; -> the language code in use. A missing or broken translation file
    leaves the window in English: words never stop it from opening."""
    global _language
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    register_fonts(app)
    language = resolve_language(setting)
    _language = ENGLISH
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    folder = i18n_folder()
    if language == ENGLISH:
        english = QTranslator(app)  # plural forms only: "%n image(s)" -> "1 image", "2 images"
        if folder is not None and english.load(str(folder / f"{CATALOGUE}_en.qm")):
            app.installTranslator(english)
            _installed.append(english)
        return ENGLISH
    ours = QTranslator(app)
    if folder is None or not ours.load(str(folder / f"{CATALOGUE}_{language}.qm")):
        print(f"inception-desktop: the {language} translation is not built "
              f"({folder or 'resources/i18n'}/{CATALOGUE}_{language}.qm missing; run make); "
              "showing English", file=sys.stderr)
        return ENGLISH
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)  # the standard dialogs' buttons (OK, Cancel, Open, ...)
    for qt_folder in (str(folder), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        if qt_own.load(f"qtbase_{language}", qt_folder):  # a bundle has it beside ours
            app.installTranslator(qt_own)
            _installed.append(qt_own)
            break
    QLocale.setDefault(QLocale(language))
    _language = language
    return language


_fonts_registered = False


def register_fonts(app: Any) -> None:
    """Register the shipped Korean font and make it the fallback of the window's font, so
    Hangul (translations, Korean file names) never renders as boxes, also where the system
    has no Korean font."""
    global _fonts_registered
    if _fonts_registered:
        return
    from PySide6.QtGui import QFontDatabase

    from inception_desktop.resource_files import resource_path

    _fonts_registered = True
    try:
        path = resource_path(f"fonts/{KOREAN_FONT}")
    except FileNotFoundError:
        return
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return
    font = app.font()
    if families[0] not in font.families():
        font.setFamilies([*font.families(), families[0]])
        app.setFont(font)


def korean_font_family() -> str | None:
    """The shipped Korean font's family once registered (export sheets draw with it)."""
    from PySide6.QtGui import QFontDatabase

    for family in QFontDatabase.families():
        if family.startswith("Noto Sans CJK KR"):
            return family
    return None
