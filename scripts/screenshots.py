"""Render the window's screens offscreen into docs/ (run by `make screenshots`).

The pictures show real use without the published weights (which this script cannot
download): a private data folder, the reference networks with random but well-scaled weights
imported as each network's weights, a head fine-tuned on a generated folder of simple shapes
(so the main screenshot shows a meaningful top-k), that folder indexed for top images, and one
shot of a network running untrained, with its banner.

    python scripts/screenshots.py [OUT_DIR] [--size 1280x800] [--only check-folder]
                                  [--language ko]
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait(app, cond, timeout=300.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not cond():
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    ok = bool(cond())
    if not ok:
        print(f"warning: timed out waiting ({timeout:.0f} s)", file=sys.stderr)
    return ok


def settle(app, seconds: float = 0.4) -> None:
    """Let the window paint (and late signals arrive)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def drop(window, paths) -> None:
    from PySide6.QtCore import QMimeData, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.handle_mime(mime)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="docs")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--only", choices=["check-folder"],
                        help="render only this screen (with what it needs)")
    parser.add_argument("--language", default="en",
                        help="the window's language (en, ko, ...: resources/i18n)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shots-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # its models run to GB
    os.environ["INCEPTION_DESKTOP_DATA_DIR"] = str(tmp / "data")
    os.environ["INCEPTION_DESKTOP_CONFIG_DIR"] = str(tmp / "config")

    from inception_desktop.gui.app import make_app
    from inception_desktop.gui.i18n import install_language
    from inception_desktop.gui.main_window import MainWindow
    from inception_desktop.gui.settings import Settings
    from inception_desktop.gui.weights_dialog import WeightsDialog
    from inception_desktop.weights.importer import import_weights
    from tests.helpers.datasets import make_dataset, shape_image
    from tests.helpers.reference import FORMATS, make_checkpoint

    app = make_app()
    install_language(app, args.language)
    shots: list[str] = []

    def save(widget, name: str) -> None:
        settle(app)
        widget.grab().save(str(out / name))
        shots.append(name)

    if args.only == "check-folder":
        file = make_checkpoint("inception_v3", "torchvision", tmp / "reference" / "v3")
        import_weights(str(file), model="inception_v3", name="inception_v3-reference")
        check_folder_screen(app, tmp, width, height, save)
        print(f"wrote {', '.join(shots)} to {out}")
        return 0

    # 1. A network without weights, run untrained: the banner says so.
    window = MainWindow(Settings(network="inception_v3", backend="onnxruntime"))
    window.controller.untrained_networks.add("inception_v3")
    window.resize(width, height)
    window.show()
    (tmp / "photos").mkdir()
    photo_path = tmp / "photos" / "red disc.png"
    shape_image("ring", seed=7, size=480).save(photo_path)
    drop(window, [photo_path])
    wait(app, lambda: len(window.classify_tab.results.visible_labels()) == 5)
    save(window, "untrained-banner.png")
    dialog = WeightsDialog("inception_resnet_v2", window.controller, "", window)
    dialog.show()
    save(dialog, "weights-dialog.png")
    dialog.close()
    window.close()
    window.controller.shutdown()

    # 2. The reference networks' weights imported; a head fine-tuned on simple shapes.
    for network, formats in FORMATS.items():  # every network, in its first real format
        file = make_checkpoint(network, formats[0], tmp / "reference" / network)
        import_weights(str(file), model=network, name=f"{network}-reference")
    classes = ("circle", "square", "triangle", "ring")
    shapes = make_dataset(tmp / "shapes", per_class=20, classes=classes, size=160)
    held_out = make_dataset(tmp / "held-out", per_class=8, classes=classes, size=160,
                            seed_offset=500)
    window = MainWindow(Settings(network="inception_v3", backend="onnxruntime"))
    window.resize(width, height)
    window.show()
    panel = window.finetune
    window.show_tab(3)
    panel.set_folder(str(shapes))
    wait(app, panel.start_button.isEnabled)
    panel.name_edit.setText("shapes")
    panel.epochs.setValue(80)
    panel.start()
    wait(app, panel.use_button.isEnabled, 600)
    panel.show_cell(1, 1)
    wait(app, lambda: panel.cell_images.count() > 0)
    save(window, "fine-tune.png")
    panel.use_button.click()
    wait(app, lambda: window.settings.weights is not None)

    # 3. The fine-tuned model classifies new images; the map of its top label.
    drop(window, [held_out / c / f"{c}_{i:03d}.png" for c in classes for i in (0, 1)])
    wait(app, lambda: window.controller.items and all(
        it.result or it.error for it in window.controller.items))
    window.controller.set_current(2)
    wait(app, lambda: len(window.classify_tab.results.visible_labels()) == 4)
    window.classify_tab.toggle_class_map(window.classify_tab.results.rows[0].index)
    wait(app, window.classify_tab.image_view.has_overlay)
    save(window, "main-window.png")

    # 4. Feature maps, with the shapes folder indexed: a channel's top images.
    window.show_tab(1)
    viewer = window.viewer
    wait(app, lambda: viewer.model.rowCount() > 0)
    viewer.start_index(str(shapes))
    wait(app, lambda: viewer.index is not None, 600)
    viewer.select_block("Mixed_6b")
    wait(app, lambda: viewer.model.render is not None and
         viewer.model.render.block == "Mixed_6b")
    # The channel that responds most to this image, in the grid's order.
    strongest = int(viewer.activations.blocks["Mixed_6b"].max(axis=(1, 2)).argmax())
    row = int((viewer.model.render.order == strongest).nonzero()[0][0])
    viewer.grid.setCurrentIndex(viewer.model.index(row))
    wait(app, lambda: viewer.top_strip.count() > 0)
    save(window, "feature-maps.png")
    viewer.show_combo.setCurrentIndex(1)  # the atlas
    wait(app, lambda: viewer.model.render is not None and viewer.model.render.kind == "atlas")
    save(window, "channel-atlas.png")
    viewer.show_combo.setCurrentIndex(0)

    # 5. Compare every network on the current image.
    window.show_tab(2)
    wait(app, window.compare.has_results, 600)
    save(window, "compare.png")

    # 6. Evaluate the fine-tuned model on held-out images.
    window.show_tab(4)
    evaluate = window.evaluate
    evaluate.set_folder(str(held_out))
    s = window.settings
    evaluate.tick({(s.network, s.weights)})  # the fine-tuned model in use
    evaluate.start()
    wait(app, lambda: evaluate.report is not None, 600)
    save(window, "evaluate.png")

    # 7. The networks and weights manager.
    window.manage_networks()
    wait(app, lambda: window.manager_dialog.networks.entries != [])
    save(window.manager_dialog, "manager.png")
    window.manager_dialog.close()
    window.close()
    window.controller.shutdown()

    # 8. Fine-tune ▸ Check this folder, on a folder with planted problems.
    check_folder_screen(app, tmp, width, height, save)
    print(f"wrote {', '.join(shots)} to {out}")
    return 0


def check_folder_screen(app, tmp: Path, width: int, height: int, save) -> None:
    """The review of a generated folder with planted label errors, duplicates and outliers,
    its label errors shown and one selected."""
    from inception_desktop.gui.main_window import MainWindow
    from inception_desktop.gui.settings import Settings
    from tests.helpers.planted import make_planted_folder

    plan = make_planted_folder(tmp / "my-photos")
    window = MainWindow(Settings(network="inception_v3", backend="onnxruntime"))
    window.resize(width, height)
    window.show()
    window.show_tab(3)
    panel = window.finetune
    panel.set_folder(str(plan.root))
    wait(app, panel.check_button.isEnabled)
    dialog = panel.check_folder()
    dialog.resize(min(width, 1100), min(height, 720))
    wait(app, lambda: dialog.result is not None and dialog._task is None, 900)
    dialog.select("label", 0)
    settle(app, 2.0)  # the thumbnails
    save(dialog, "check-folder.png")
    dialog.close()
    window.close()
    window.controller.shutdown()


if __name__ == "__main__":
    sys.exit(main())
