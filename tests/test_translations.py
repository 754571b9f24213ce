"""The translation sources are complete and sound: Qt's own lupdate, run over the code, finds
nothing new or vanished; every translation keeps its source's fields, plural count and
mnemonic; and every call lupdate reads has literal text (an f-string would never match)."""

from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "inception_desktop"
I18N = ROOT / "resources" / "i18n"
sys.path.insert(0, str(ROOT / "scripts"))
from update_translations import ENGLISH_TS, lupdate_command, translation_files  # noqa: E402

sys.path.pop(0)


def entries(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def texts(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def test_there_is_a_korean_translation():
    assert I18N / "inception_desktop_ko.ts" in translation_files()


def test_lupdate_finds_every_string_of_the_code_translated(tmp_path):
    """Qt's lupdate over the whole package, into copies: no string missing from the .ts
    files, none vanished from the code, none unfinished."""
    sources = [ENGLISH_TS, *translation_files()]
    copies = []
    for ts in sources:
        copies.append(tmp_path / ts.name)
        shutil.copy(ts, copies[-1])
    english, *others = copies
    for ts_files, extra in (([english], ("-pluralonly",)), (others, ())):
        done = subprocess.run(lupdate_command(ts_files, extra), cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    for original, copy in zip(sources, copies, strict=True):
        before, after = entries(original), entries(copy)
        new = sorted(set(after) - set(before))
        vanished = sorted(set(before) - set(after))
        assert not new, f"{original.name}: strings of the code not in it (make i18n): {new[:20]}"
        assert not vanished, f"{original.name}: strings no longer in the code: {vanished[:20]}"
        unfinished = [key for key, m in after.items()
                      if m.find("translation").get("type") == "unfinished"
                      or not all(t.strip() for t in texts(m))]
        assert not unfinished, f"{original.name}: untranslated: {unfinished[:20]}"


def _fields(text: str) -> list[str]:
    try:
        return sorted(f"{{{name}{':' + spec if spec else ''}}}"
                      for _, name, spec, _ in string.Formatter().parse(text) if name is not None)
    except ValueError as exc:
        return [f"unparseable: {exc}"]


@pytest.mark.parametrize("ts", translation_files() + [ENGLISH_TS], ids=lambda p: p.name)
def test_translations_keep_fields_counts_and_mnemonics(ts):
    problems = []
    for (context, source), message in entries(ts).items():
        for text in texts(message):
            if not text:
                continue
            if _fields(text) != _fields(source):
                problems.append(f"[{context}] {source!r}: fields {_fields(text)} != "
                                f"{_fields(source)}")
            if "%n" in source and "%n" not in text:
                problems.append(f"[{context}] {source!r}: %n dropped")
            if re.search(r"&[^&\s]", source) and not re.search(r"&[^&\s]", text):
                problems.append(f"[{context}] {source!r}: mnemonic (&) dropped")
    assert not problems, "\n".join(problems[:30])


def _calls(tree: ast.AST, name: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else None
            if called == name:
                yield node


def _literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_translated_text_is_literal():
    """lupdate reads the source: a translate()/msg() whose text is an f-string or a variable
    would be collected wrongly or not at all, and shown untranslated."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for call in _calls(tree, "translate"):
            if path.name == "i18n.py" and not call.args[:1]:
                continue
            if len(call.args) < 2 or not (_literal(call.args[0]) and _literal(call.args[1])):
                if path.name != "i18n.py":
                    bad.append(f"{where}:{call.lineno}: translate() needs literal context and text")
        for call in _calls(tree, "msg"):
            if not call.args or not _literal(call.args[0]):
                bad.append(f"{where}:{call.lineno}: msg() needs a literal template")
    assert not bad, "\n".join(bad)


def test_the_core_never_uses_qts_translation():
    """The core marks its messages with msg(); only the window translates."""
    core = [p for d in ("models", "weights", "engine", "training")
            for p in (PACKAGE / d).rglob("*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in core
                 if re.search(r"\btranslate\(|QCoreApplication|from inception_desktop.gui",
                              p.read_text(encoding="utf-8"))]
    assert not offenders
