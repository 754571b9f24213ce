"""Generated command lines: every sub-command with any mix of its own options and values
(numbers out of range, non-numbers, NaN, odd paths, files where folders belong, output paths
that cannot be written) ends in exit 0, 1 or 2 with a one-line error and no traceback, or
gets past validation to the point where work would start. Hypothesis draws the command
lines from the parser itself, so a new option is fuzzed without anyone listing its cases."""

from __future__ import annotations

import argparse
import importlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from inception_desktop.cli import build_parser, main
from tests.helpers.datasets import make_dataset


class ReachedWork(BaseException):
    """Raised where a command starts its real work: everything before it was validated.
    A BaseException, so that the command line's error boundary lets it through."""


def _work_starts(*_args, **_kwargs):
    raise ReachedWork


# Where the commands start work: resolving weights (every model load), downloading, serving,
# building a network; patched so that a drawn command line never loads a model, contacts a
# host or listens on a port.
WORK = [
    ("inception_desktop.weights.resolve", "resolve_weights"),
    ("inception_desktop.weights.resolve", "resolve_base"),
    ("inception_desktop.engine.predictor", "resolve_weights"),
    ("inception_desktop.weights.download", "download_weights"),
    ("inception_desktop.serve.server", "run_server"),
    ("inception_desktop.models", "create_model"),
]

# Values any option may be given: {name} are filled in with the places below. Most drawn
# values are plausible, so that a command line often gets past its first value to the next.
PLAUSIBLE = ["1", "3", "8", "0.5", "inception_v3", "inception_v3,inception_v4", "Mixed_5b",
             "{img}", "{data}", "{out}/x.safetensors", "{out}/x.onnx", "{out}/r.json",
             "{out}/p.csv", "{out}/repo"]
HOSTILE = ["", "0", "-1", "100000", "nan", "inf", "1e309", "abc", "2GB", "a,b", ",", "all",
           "inception_v4,vgg", "é ü", "{dir}", "{missing}", "{txt}", "{out}",
           "{out}/no/such/folder/r.json", "{img}/inside-a-file.json", "http://127.0.0.1:9/",
           "ftp://example.invalid/"]
POSITIONAL = ["{data}", "{img}", "{dir}", "{missing}", "{txt}", "inception_v3", ""]
# Plausible values of the options that most command lines need (by their dest).
PLAUSIBLE_FOR = {"model": ["inception_v3", "inception_v4", "inception_resnet_v2"],
                 "models": ["inception_v3", "all", "inception_v3,inception_resnet_v2"],
                 "block": ["Mixed_5b", "Mixed_6a", "Conv2d_1a_3x3", "stem"],
                 "calibration": ["{data}"], "folder": ["{data}"], "labels": ["{txt}"],
                 "max_size": ["2GB", "0", "10MB"], "older_than": ["1", "30"]}
# Options whose values would reach past this machine are drawn from safe ones only.
ONLY = {"--host": ["127.0.0.1", "localhost", "::1", ""]}


def _leaves(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """(command words, its parser) of every runnable sub-command."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
        return
    for name, child in subs[0].choices.items():
        yield from _leaves(child, (*prefix, name))


LEAVES = [leaf for leaf in _leaves(build_parser()) if leaf[0]]  # no command: the window


def _value(draw, choices=None, plausible=PLAUSIBLE):
    if choices:
        plausible = [str(c) for c in choices]
    pool = plausible if draw(st.integers(0, 3)) else [*HOSTILE, "bogus"]
    return draw(st.sampled_from(pool))


@st.composite
def command_lines(draw):
    words, parser = draw(st.sampled_from(LEAVES))
    argv = list(words)
    for action in parser._actions:
        if action.option_strings or isinstance(action, argparse._SubParsersAction):
            continue
        if draw(st.integers(0, 9)) == 0:
            continue  # a positional left out
        count = draw(st.integers(1, 2)) if action.nargs in ("+", "*") else 1
        argv += [_value(draw, action.choices, POSITIONAL) for _ in range(count)]
    options = [a for a in parser._actions
               if a.option_strings and not isinstance(a, argparse._HelpAction)]
    drawn = draw(st.lists(st.sampled_from(options), max_size=4)) if options else []
    required = [a for a in options if a.required and draw(st.integers(0, 9))]
    for action in required + drawn:
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(flag)
        elif flag in ONLY:
            argv += [flag, draw(st.sampled_from(ONLY[flag]))]
        else:
            argv += [flag, _value(draw, action.choices,
                                  PLAUSIBLE_FOR.get(action.dest, PLAUSIBLE))]
    return argv


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("places")
    img = root / "photo.png"
    Image.new("RGB", (64, 48), (200, 40, 40)).save(img)
    folder = root / "a-folder"
    folder.mkdir()
    (root / "notes.txt").write_text("file,label\nphoto.png,tench\n")
    return {"img": str(img), "dir": str(folder), "txt": str(root / "notes.txt"),
            "data": str(make_dataset(root / "data", per_class=3, size=48)),
            "missing": str(root / "no-such-file.png")}


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=command_lines())
def test_any_command_line_ends_in_one_line_or_reaches_work(argv, places, tmp_path, capsys,
                                                           monkeypatch):
    for module, _name in WORK:
        # Imported before any is patched: a module first imported while another is patched
        # would bind the stand-in for good (and fail later tests).
        importlib.import_module(module)
    for module, name in WORK:
        monkeypatch.setattr(f"{module}.{name}", _work_starts)
    scratch = Path(tempfile.mkdtemp(dir=tmp_path))
    out = scratch / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)  # where default outputs would go
    args = [a.format(out=out, **places) for a in argv]
    try:
        code = main(args)
    except ReachedWork:
        code = None
    captured = capsys.readouterr()
    shutil.rmtree(scratch)
    event(f"{argv[0]}: " + ("reached work" if code is None else f"exit {code}"))
    assert "Traceback" not in captured.err + captured.out, args
    assert code in (None, 0, 1, 2), (args, captured.err)
    if code in (1, 2):
        last = captured.err.strip().splitlines()[-1]
        assert last.startswith("inception-desktop") and "error" in last, (args, captured.err)
