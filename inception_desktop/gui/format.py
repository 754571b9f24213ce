"""How the window writes numbers, names and errors: one percent format, plurals, device and
backend names, an error as one line, and the colours of secondary text (chosen for WCAG AA
contrast). No Qt here."""

from __future__ import annotations

import re
from typing import Any

# Secondary text (subtitles, captions, hints) and its background: 6.1:1, above WCAG AA's
# 4.5:1 for normal text. Error text keeps #b00020 (6.9:1 on white).
SECONDARY_TEXT = "#5a5a5a"
ERROR_TEXT = "#b00020"
OK_TEXT = "#1e6b30"


def describe_error(exc: BaseException) -> str:
    """One line for the user. A user's problem says what it is; a bug shows its type and
    the crash log holding its traceback (written now if the task runner has not already),
    so it can be reported."""
    from inception_desktop.crashlog import is_user_error, write_crash_log
    from inception_desktop.errors import AppError

    if isinstance(exc, AppError):
        text = window_advice(exc) or window_words(error_message(exc))
    elif isinstance(exc, MemoryError):
        text = "out of memory; use smaller batches or images, or close other programs"
    elif is_user_error(exc):
        text = str(exc) or type(exc).__name__
    else:
        log = getattr(exc, "crash_log", None)
        if log is None:
            log = write_crash_log(exc, context="window",
                                  traceback_text=getattr(exc, "__traceback_text__", None))
            try:
                exc.crash_log = log  # type: ignore[attr-defined]
            except AttributeError:
                pass
        text = (f"Internal error (please report it): {type(exc).__name__}: {str(exc)[:300]}; "
                f"the full report is in {log}")
    return text.replace("\r", " ").replace("\n", " ")  # one line, whatever it held


def error_message(exc: BaseException) -> str:
    """An error's own message in the window's language (a core `msg` is translated)."""
    from inception_desktop.errors import Message
    from inception_desktop.gui.i18n import translate_message

    if exc.args and isinstance(exc.args[0], Message):
        return translate_message(exc.args[0])
    return str(exc)


MAKE_INT8 = "File ▸ Make an int8 version…"
SERVE_PORT = "Settings ▸ Serve port…"

# The command line's words in a core message, and the window's for them (a fallback: the
# errors a user meets in the window have their own advice in `window_advice`).
_WINDOW_WORDS = (
    (re.compile(r"`?inception-desktop quantize[^`;)]*`?"), MAKE_INT8),
    (re.compile(r"(run )?`?inception-desktop weights download (\S+?)`?(?=[\s;,.)]|$)"),
     "download them (File ▸ Manage networks)"),
    (re.compile(r"`?inception-desktop weights import[^`;,]*`?"), "File ▸ Import model…"),
    (re.compile(r"(or )?pass --random-weights to run untrained"), r"\1choose Use untrained"),
    (re.compile(r"--precision (\w+)"), r"Precision \1"),
    (re.compile(r"--backend (\w+)"), r"Backend \1"),
    (re.compile(r"--device (\w+)"), r"Device \1"),
    (re.compile(r"another --port"), f"another port ({SERVE_PORT})"),
    (re.compile(r"--port"), f"the port ({SERVE_PORT})"),
    (re.compile(r"--calibration "), "the folder "),
    (re.compile(r"--(weights|model) "), ""),
    (re.compile(r"--random-weights"), "untrained weights"),
)


def window_words(text: str) -> str:
    """A core message in the window's words: menus and boxes, never command-line options."""
    for pattern, words in _WINDOW_WORDS:
        text = pattern.sub(words, text)
    return text


def window_advice(exc: BaseException) -> str | None:
    """The window's own line for the errors it can help with (its actions, not commands)."""
    from inception_desktop.errors import NoInt8Export, NoNativeBf16, PortInUse
    from inception_desktop.models import get_spec

    if isinstance(exc, NoInt8Export):
        weights = "untrained weights" if exc.weights == "untrained" else \
            f"weights {exc.weights}"
        return (f"No int8 version of {get_spec(exc.network).display_name} ({weights}) yet: "
                f"make one from a folder of your photos ({MAKE_INT8}), or choose Precision "
                "Auto or fp32")
    if isinstance(exc, NoNativeBf16):
        return ("Precision bf16: this CPU has no native bf16 (AVX512-BF16 or AMX), and "
                "emulated bf16 is slower than fp32: choose Precision fp32, or int8 after "
                f"{MAKE_INT8}")
    if isinstance(exc, PortInUse):
        return (f"Cannot serve on port {exc.port}: another program uses it. Choose another "
                f"port ({SERVE_PORT}), or stop that program")
    return None


def network_phrase() -> str:
    """Every network's display name as one phrase ("A, B and C"), from the specs."""
    from inception_desktop.models import get_spec, list_models

    names = [get_spec(n).display_name for n in list_models()]
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]


def percent(p: float | None) -> str:
    """A probability or accuracy as the window writes it everywhere: one decimal, "<0.1%"
    for what would round to zero, "-" for none."""
    if p is None:
        return "-"
    value = p * 100
    if 0 < value < 0.05:
        return "<0.1%"
    return f"{value:.1f}%"


def count(n: float) -> str:
    """A count as people write it: 24, never 24.0 (a fractional amount keeps one decimal)."""
    n = float(n)
    return f"{int(n)}" if n.is_integer() else f"{n:.1f}"


def plural(n: float, word: str, many: str | None = None) -> str:
    """1 image, 2 images (the word's plural given when it is not word + s); a count is
    written whole (24 images, never 24.0)."""
    return f"{count(n)} {word if n == 1 else many or word + 's'}"


def count_of(done: float, total: float, word: str, many: str | None = None) -> str:
    """'12 of 60 images' (whole numbers, whatever type the progress report carried)."""
    return f"{count(done)} of {plural(total, word, many)}"


def device_label(device: str) -> str:
    """cpu -> CPU, cuda -> CUDA, cuda:1 -> CUDA:1, mps -> MPS."""
    return device.upper() if device else ""


def backend_label(backend: str) -> str:
    """The registry's name for people ("OpenVINO")."""
    from inception_desktop.engine.registry import backend_label as label

    return label(backend)


def seconds_label(seconds: float) -> str:
    """12 s, 3 min 5 s, 1 h 2 min."""
    s = max(0, int(round(seconds)))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def distinct_names(paths: list[str]) -> list[str]:
    """Captions for files: the file name, with as many of its folders in front as it takes to
    tell apart files of one name from different folders ('a/cat.jpg', 'b/cat.jpg')."""
    from pathlib import PurePath

    parts = [PurePath(p).parts for p in paths]
    depth = [1] * len(paths)
    while True:
        shown = [str(PurePath(*pp[-d:])) for pp, d in zip(parts, depth, strict=True)]
        seen: dict[str, list[int]] = {}
        for i, name in enumerate(shown):
            seen.setdefault(name, []).append(i)
        grew = False
        for rows in seen.values():
            if len(rows) > 1:
                for i in rows:
                    if depth[i] < len(parts[i]):
                        depth[i] += 1
                        grew = True
        if not grew:
            return shown


def printable(name: str) -> str:
    """A name for a caption: a line break in it is shown, not obeyed."""
    return "".join(c if c.isprintable() else "↵" if c in "\r\n" else "\ufffd" for c in name)


def gallery_names(items: list[Any]) -> list[str]:
    """The gallery's captions of a batch's items: files by name, with their folders where two
    share a name; pasted images by their own names."""
    names = [printable(str(it.short_name)) for it in items]
    files = [i for i, it in enumerate(items) if isinstance(it.source, str)]
    for i, name in zip(files, distinct_names([items[i].name for i in files]), strict=True):
        names[i] = printable(name)
    return names
