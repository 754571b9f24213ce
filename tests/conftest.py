"""Shared test set-up: offscreen Qt, private data and settings folders, no network."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's language follows the locale: tests read English unless they choose another
# (tests/gui/test_korean.py), whatever the machine's LANG.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

import pytest  # noqa: E402

# Tests in these folders share one data folder, so each ONNX export and feature cache is made
# once per session; none of them installs weights a neighbour could see as a network's default.
SHARED_DATA = ("engine", "training", "gui", "serve")


@pytest.fixture(scope="session")
def qapp(qapp_args):
    """pytest-qt's application, in English with its plural forms ("1 image", "2 images"), as
    the window runs it (tests/gui/test_korean.py installs Korean itself)."""
    from PySide6.QtWidgets import QApplication

    from inception_desktop.gui.i18n import install_language
    from tests.helpers.translations import ensure_compiled

    ensure_compiled()
    app = QApplication.instance() or QApplication(list(qapp_args))
    install_language(app, "en")
    yield app


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("shared-data")


@pytest.fixture(scope="session", autouse=True)
def _no_real_folders(tmp_path_factory, shared_data_dir):
    """Before any fixture of any scope runs: the app's folders point into the test session
    (module-scoped fixtures run before the per-test folders below are set)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(shared_data_dir))
    patch.setenv("INCEPTION_DESKTOP_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    patch.setenv("INCEPTION_DESKTOP_AUTO", "onnxruntime/fp32")  # see _private_data_dir
    yield
    patch.undo()


@pytest.fixture(scope="session")
def tuning_dir(tmp_path_factory):
    """Where `auto`'s measurements go: one folder for the session."""
    return tmp_path_factory.mktemp("tuning")


@pytest.fixture(autouse=True)
def _private_data_dir(request, tmp_path_factory, tmp_path, monkeypatch, tuning_dir):
    """No test touches the user's real folders or the network."""
    private = request.path.parent.name not in SHARED_DATA
    data = tmp_path_factory.mktemp("data") if private else \
        request.getfixturevalue("shared_data_dir")
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(data))
    monkeypatch.setenv("INCEPTION_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("INCEPTION_DESKTOP_MIRROR", raising=False)
    monkeypatch.setenv("INCEPTION_DESKTOP_TUNING_DIR", str(tuning_dir))
    # `auto` (backend and precision) measures what is fastest once per machine and export;
    # the tests pin one answer (onnxruntime fp32), so that they do not measure every export
    # they make and behave alike on every machine (tests/engine/test_fast_path.py and
    # test_precision.py measure for real, without the pin).
    monkeypatch.setenv("INCEPTION_DESKTOP_AUTO", "onnxruntime/fp32")
    yield data
    if private:  # a private folder's exports and weights run to hundreds of MB a test
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def checkpoints(tmp_path_factory):
    """Reference-format files with random (but informative) weights, one per network."""
    from tests.helpers.reference import REFERENCES, make_checkpoint

    folder = tmp_path_factory.mktemp("ckpt")
    made = {}

    def get(name: str):
        if name not in made:
            fmt = REFERENCES[name].formats[0]
            made[name] = make_checkpoint(name, fmt, folder / name)
        return made[name]

    return get
