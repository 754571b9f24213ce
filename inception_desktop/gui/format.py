"""How the window writes numbers, names and errors: one percent format, plurals, device and
backend names, an error as one line, and the colours of secondary text (chosen for WCAG AA
contrast). No Qt here but the translation of its words (`translate`, imported lazily)."""

from __future__ import annotations

import re
from typing import Any

from inception_desktop.gui.i18n import translate

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
        text = translate("format", "out of memory; use smaller batches or images, or close "
                                   "other programs")
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
        text = translate("format", "Internal error (please report it): {kind}: {detail}; the "
                                   "full report is in {log}").format(
            kind=type(exc).__name__, detail=str(exc)[:300], log=log)
    return text.replace("\r", " ").replace("\n", " ")  # one line, whatever it held


def error_message(exc: BaseException) -> str:
    """An error's own message in the window's language (a core `msg` is translated)."""
    from inception_desktop.errors import Message
    from inception_desktop.gui.i18n import translate_message

    if exc.args and isinstance(exc.args[0], Message):
        return translate_message(exc.args[0])
    return str(exc)


def make_int8_words() -> str:
    """The menu item that makes an int8 version, in the window's language."""
    return translate("format", "File ▸ Make an int8 version…")


def serve_port_words() -> str:
    return translate("format", "Settings ▸ Serve port…")


def _replacements() -> tuple[tuple[re.Pattern[str], Any], ...]:
    """The command line's words in a core message, and the window's for them (a fallback: the
    errors a user meets in the window have their own advice in `window_advice`). The
    patterns find the command-line text, which translations keep as it is."""
    make_int8, serve_port = make_int8_words(), serve_port_words()
    download = translate("format", "download them (File ▸ Manage networks)")
    import_file = translate("format", "File ▸ Import model…")
    untrained = translate("format", "choose Use untrained")
    or_untrained = translate("format", "or choose Use untrained")
    precision = translate("format", "Precision {value}")
    backend = translate("format", "Backend {value}")
    device = translate("format", "Device {value}")
    another_port = translate("format", "another port ({where})").format(where=serve_port)
    the_port = translate("format", "the port ({where})").format(where=serve_port)
    folder = translate("format", "the folder ")
    untrained_weights = translate("format", "untrained weights")
    return (
        (re.compile(r"`?inception-desktop quantize[^`;)]*`?"), lambda m: make_int8),
        (re.compile(r"(run )?`?inception-desktop weights download (\S+?)`?(?=[\s;,.)]|$)"),
         lambda m: download),
        (re.compile(r"`?inception-desktop weights import[^`;,]*`?"), lambda m: import_file),
        (re.compile(r"(or )?pass --random-weights to run untrained"),
         lambda m: or_untrained if m.group(1) else untrained),
        (re.compile(r"--precision (\w+)"), lambda m: precision.format(value=m.group(1))),
        (re.compile(r"--backend (\w+)"), lambda m: backend.format(value=m.group(1))),
        (re.compile(r"--device (\w+)"), lambda m: device.format(value=m.group(1))),
        (re.compile(r"another --port"), lambda m: another_port),
        (re.compile(r"--port"), lambda m: the_port),
        (re.compile(r"--calibration "), lambda m: folder),
        (re.compile(r"--(weights|model) "), lambda m: ""),
        (re.compile(r"--random-weights"), lambda m: untrained_weights),
    )


def window_words(text: str) -> str:
    """A core message in the window's words: menus and boxes, never command-line options."""
    for pattern, words in _replacements():
        text = pattern.sub(words, text)
    return text


def window_advice(exc: BaseException) -> str | None:
    """The window's own line for the errors it can help with (its actions, not commands)."""
    from inception_desktop.errors import NoInt8Export, NoNativeBf16, PortInUse
    from inception_desktop.models import get_spec

    if isinstance(exc, NoInt8Export):
        weights = translate("format", "untrained weights") if exc.weights == "untrained" \
            else translate("format", "weights {name}").format(name=exc.weights)
        return translate("format", "No int8 version of {network} ({weights}) yet: make one "
                                   "from a folder of your photos ({make_int8}), or choose "
                                   "Precision Auto or fp32").format(
            network=get_spec(exc.network).display_name, weights=weights,
            make_int8=make_int8_words())
    if isinstance(exc, NoNativeBf16):
        return translate("format", "Precision bf16: this CPU has no native bf16 (AVX512-BF16 "
                                   "or AMX), and emulated bf16 is slower than fp32: choose "
                                   "Precision fp32, or int8 after {make_int8}").format(
            make_int8=make_int8_words())
    if isinstance(exc, PortInUse):
        return translate("format", "Cannot serve on port {port}: another program uses it. "
                                   "Choose another port ({where}), or stop that "
                                   "program").format(port=exc.port, where=serve_port_words())
    return None


def block_label(name: str) -> str:
    """A block's or branch's name (as the spec has it) in the window's language: the papers'
    names stay (Inception-A, Reduction-B, Mixed-5b, 3x3/2), the words around them are
    translated ("double 7x7", "max pool")."""
    numbered = re.fullmatch(r"(.+) (\d+) of (\d+)", name)
    if numbered:
        return translate("format", "{block} {index} of {count}").format(
            block=block_label(numbered[1]), index=numbered[2], count=numbered[3])
    words = {"Stem": translate("format", "Stem"), "Final": translate("format", "Final"),
             "conv": translate("format", "conv"), "padded": translate("format", "padded"),
             "double": translate("format", "double"), "max": translate("format", "max"),
             "pool": translate("format", "pool"), "proj": translate("format", "proj")}
    return " ".join(words.get(word, word) for word in name.split(" "))


def network_phrase() -> str:
    """Every network's display name as one phrase ("A, B and C"), from the specs."""
    from inception_desktop.models import get_spec, list_models

    names = [get_spec(n).display_name for n in list_models()]
    if len(names) < 2:
        return names[0]
    return translate("format", "{first} and {last}").format(first=", ".join(names[:-1]),
                                                            last=names[-1])


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
        return translate("format", "{s} s").format(s=s)
    if s < 3600:
        return translate("format", "{m} min {s} s").format(m=s // 60, s=s % 60)
    return translate("format", "{h} h {m} min").format(h=s // 3600, m=s % 3600 // 60)


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
