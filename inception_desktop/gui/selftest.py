"""`inception-desktop --self-test`: every network on every available backend, then the window:
a simulated drop, the top-5, a feature grid and a class activation map. Runs offscreen (set
QT_QPA_PLATFORM=offscreen), in packaged builds and in CI."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image


def test_image(size: int = 320) -> Image.Image:
    """A generated picture: gradients and a disc, so every backend has something to see."""
    y, x = np.mgrid[0:size, 0:size]
    disc = ((x - size * 0.6) ** 2 + (y - size * 0.4) ** 2) < (size * 0.2) ** 2
    rgb = np.stack([x * 255 // size, y * 255 // size, np.where(disc, 230, 40)], -1)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


def _wait(app, condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


def run_self_test(timeout: float = 300.0, out=None) -> int:
    out = out or sys.stdout
    from inception_desktop.gui.app import no_display_reason

    if no_display_reason():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the self-test needs no screen
    from inception_desktop.engine.backend import torch_available
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.engine.registry import REGISTRY
    from inception_desktop.errors import WeightsError
    from inception_desktop.models import get_spec, list_models
    from inception_desktop.weights.resolve import WeightsChoice, resolve_weights

    started = time.monotonic()
    lines: list[str] = []
    failures: list[str] = []
    backends = [name for name, info in REGISTRY.items() if info.available()]
    if not backends:
        print(f"self-test FAILED: none of {', '.join(REGISTRY)} can be imported", file=out)
        return 1
    image = test_image()
    untrained: list[str] = []
    from inception_desktop.weights.exports import find_export

    skipped: list[str] = []
    for network in list_models():
        try:
            choice = resolve_weights(network)
        except WeightsError:
            choice = WeightsChoice(network, "untrained", None, None, untrained=True)
            if not torch_available() and all(
                    find_export(network, None, untrained=True, precision=p) is None
                    for p in ("fp32", "int8")):
                skipped.append(network)  # not in this torch-free build
                continue
            untrained.append(network)
        has = {p: find_export(network, choice.sha256, choice.untrained, precision=p)
               is not None for p in ("fp32", "int8")}
        for backend in backends:
            for precision in _precisions_to_check(REGISTRY[backend], has):
                try:
                    t0 = time.perf_counter()
                    clf = Predictor(choice=choice, backend=backend, precision=precision)
                    (preds,), timing = clf.classify_images([image])
                    clf.activations(image)  # the full graph too (every block)
                    clf.close()
                    lines.append(f"  {get_spec(network).display_name:<20} "
                                 f"{backend + ' ' + precision:<17} "
                                 f"top-1 {preds[0].label!r} {preds[0].probability:.1%}, "
                                 f"{timing['inference']:.0f} ms (ready in "
                                 f"{(time.perf_counter() - t0):.1f} s), weights "
                                 f"{choice.describe()}")
                except Exception as exc:  # the report names what failed, then exits non-zero
                    failures.append(f"{network} on {backend} {precision}: "
                                    f"{type(exc).__name__}: {exc}")
    if len(skipped) == len(list_models()):
        failures.append("no network can run: this build has neither weights nor ONNX exports")
    lines_server, failures_server = _server_check(image, backends, untrained, skipped)
    lines += lines_server
    failures += failures_server
    try:
        window_lines, window_failures = _window_check(
            image, untrained, timeout, [n for n in list_models() if n not in skipped])
    except Exception as exc:  # reported as a failure with its cause, never a bare traceback
        window_lines, window_failures = [], [f"window: {type(exc).__name__}: {exc}"]
    lines += window_lines
    failures += window_failures
    print("inception-desktop self-test", file=out)
    print(f"  backends: {', '.join(backends)}; frozen: {bool(getattr(sys, 'frozen', False))}",
          file=out)
    if untrained:
        print(f"  UNTRAINED (no weights installed): {', '.join(untrained)}", file=out)
    if skipped:
        print(f"  not in this build: {', '.join(skipped)}", file=out)
    for line in lines:
        print(line, file=out)
    total = time.monotonic() - started
    if failures:
        for f in failures:
            print(f"  FAILED: {f}", file=out)
        print(f"self-test FAILED ({len(failures)} problem(s), {total:.1f} s)", file=out)
        return 1
    print(f"self-test passed in {total:.1f} s", file=out)
    return 0


def _precisions_to_check(info: Any, has_export: dict[str, bool]) -> list[str]:
    """Every precision the backend runs that this build and CPU can: fp32 where an export
    exists or can be made, bf16 on CPUs with native bf16, int8 where a quantized export
    exists."""
    from inception_desktop.cpu import cpu_has_native_bf16
    from inception_desktop.engine.backend import torch_available

    if not info.runs_exports:
        return list(info.precisions)
    fp32 = has_export["fp32"] or torch_available()
    wanted = {"fp32": fp32, "bf16": fp32 and cpu_has_native_bf16(),
              "int8": has_export["int8"]}
    return [p for p in info.precisions if wanted.get(p)]


def _server_check(image: Image.Image, backends: list[str], untrained: list[str],
                  skipped: list[str]) -> tuple[list[str], list[str]]:
    """The inference server answers /v1/classify (it is in the bundle, and it runs)."""
    import io
    import socket
    import urllib.request

    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.models import list_models
    from inception_desktop.serve.server import BackgroundServer, ServeOptions
    from inception_desktop.weights.resolve import WeightsChoice, resolve_weights

    networks = [n for n in list_models() if n not in skipped]
    if not networks:
        return [], []
    network = networks[0]
    try:
        choice = (WeightsChoice(network, "untrained", None, None, untrained=True)
                  if network in untrained else resolve_weights(network))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        from inception_desktop.paths import default_precision

        server = BackgroundServer(ServeOptions(port=port),
                                  [Predictor(choice=choice, backend=backends[0],
                                             precision=default_precision())])
        server.start()
        try:
            buf = io.BytesIO()
            image.save(buf, "PNG")
            started = time.perf_counter()
            request = urllib.request.Request(f"{server.url}/v1/classify", data=buf.getvalue(),
                                             headers={"Content-Type": "image/png"})
            with urllib.request.urlopen(request, timeout=60) as answer:
                import json

                body = json.loads(answer.read())
            top = body["results"][0]["predictions"][0]["label"]
            return [f"  server: /v1/classify answered in "
                    f"{(time.perf_counter() - started) * 1000:.0f} ms ({top!r} first)"], []
        finally:
            server.stop()
    except Exception as exc:  # reported as a failure with its cause
        return [], [f"server: {type(exc).__name__}: {exc}"]


def _window_check(image: Image.Image, untrained: list[str], timeout: float,
                  networks: list[str]):
    from PySide6.QtCore import QMimeData, QUrl

    from inception_desktop.gui.app import make_app
    from inception_desktop.gui.main_window import MainWindow
    from inception_desktop.gui.settings import Settings

    lines, failures = [], []
    with tempfile.TemporaryDirectory(prefix="inception-selftest-") as tmp:
        os.environ["INCEPTION_DESKTOP_CONFIG_DIR"] = tmp  # never touch the user's settings
        app = make_app()
        if not networks:
            return lines, ["window: no network to run"]
        window = MainWindow(Settings(network=networks[0]))
        window.controller.untrained_networks.update(untrained)
        window.show()
        path = Path(tmp) / "self-test image.png"
        image.save(path)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        t0 = time.perf_counter()
        window.handle_mime(mime)
        if _wait(app, lambda: bool(window.classify_tab.results.visible_labels())
                 or window.error_banner.isVisible(), timeout) and \
                window.classify_tab.results.visible_labels():
            lines.append(f"  window: drop to top-5 shown in {time.perf_counter() - t0:.1f} s "
                         f"({window.classify_tab.results.visible_labels()[0]!r} first)")
        else:
            failures.append("window: no top-5 after the drop " +
                            (window.error_banner.text() if window.error_banner.isVisible()
                             else ""))
        if not failures:
            window.tabs.setCurrentWidget(window.viewer)
            ok = _wait(app, lambda: window.viewer.model.rowCount() > 0, timeout)
            if ok:
                lines.append(f"  window: feature grid of {window.viewer.current_block} with "
                             f"{window.viewer.model.rowCount()} channels rendered")
            else:
                failures.append("window: the feature grid did not render")
            window.tabs.setCurrentIndex(0)
            first = window.classify_tab.results.rows[0].index
            window.classify_tab.show_class_map(first)
            if _wait(app, window.classify_tab.image_view.has_overlay, timeout):
                lines.append("  window: class activation map shown")
            else:
                failures.append("window: no class activation map")
        window.close()
        app.processEvents()
        language_lines, language_failures = _language_check(app)
    return lines + language_lines, failures + language_failures


def _language_check(app) -> tuple[list[str], list[str]]:
    """Every translation shipped loads, and the Korean font with it (a bundle that lost its
    .qm or font files would show English words or boxes)."""
    from inception_desktop.gui.i18n import (
        available_languages,
        install_language,
        korean_font_family,
        translate,
    )

    lines, failures = [], []
    for language in available_languages():
        if language == "en":
            continue
        if install_language(app, language) != language or \
                translate("language", "Language") == "Language":
            failures.append(f"language {language}: its translation did not load")
            continue
        font = korean_font_family() if language == "ko" else "system"
        if font is None:
            failures.append(f"language {language}: the Korean font did not load")
            continue
        lines.append(f"  language {language}: window translated "
                     f"({translate('language', 'Language')}), font {font}")
    install_language(app, "en")
    return lines, failures
