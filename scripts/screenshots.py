"""Render the window's screens offscreen into docs/ (run by `make screenshots`).

Uses generated images and, where no weights are installed, untrained networks (the banner
then says so, as it would for a user).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402


def scene(seed: int, w: int = 640, h: int = 480) -> Image.Image:
    rng = np.random.default_rng(seed)
    img = Image.new("RGB", (w, h), tuple(int(v) for v in rng.integers(60, 200, 3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.integers(0, w), rng.integers(0, h)
        r = int(rng.integers(20, 120))
        color = tuple(int(v) for v in rng.integers(0, 255, 3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
        else:
            draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=color)
    return img


def wait(app, cond, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not cond():
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    return cond()


def main(out_dir: str = "docs") -> int:
    from PySide6.QtCore import QMimeData, QUrl

    from inception_desktop.errors import WeightsError
    from inception_desktop.gui.app import make_app
    from inception_desktop.gui.main_window import MainWindow
    from inception_desktop.gui.settings import Settings
    from inception_desktop.gui.weights_dialog import WeightsDialog
    from inception_desktop.weights.resolve import resolve_weights

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shots-"))
    os.environ["INCEPTION_DESKTOP_CONFIG_DIR"] = str(tmp / "config")
    app = make_app()
    window = MainWindow(Settings(network="inception_v3"))
    for network in ("inception_v3", "inception_v4", "inception_resnet_v2"):
        try:
            resolve_weights(network)
        except WeightsError:
            window.controller.untrained_networks.add(network)
    window.resize(1360, 860)
    window.show()
    files = []
    for i in range(5):
        path = tmp / f"photo {i + 1}.jpg"
        scene(i).save(path, quality=92)
        files.append(path)
    (tmp / "broken.jpg").write_text("not an image")
    files.append(tmp / "broken.jpg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    window.handle_mime(mime)
    wait(app, lambda: all(it.result or it.error for it in window.controller.items)
         and window.controller.items)
    window.results.class_clicked.emit(window.results.rows[0].index)
    wait(app, window.image_view.has_overlay)
    window.grab().save(str(out / "main-window.png"))
    window.tabs.setCurrentWidget(window.viewer)
    wait(app, lambda: window.viewer.model.rowCount() > 0)
    window.viewer.select_block("Mixed_5b")
    wait(app, lambda: window.viewer.model.render is not None
         and window.viewer.model.render.block == "Mixed_5b")
    window.viewer.grid.setCurrentIndex(window.viewer.model.index(70))
    wait(app, lambda: False, 0.3)
    window.grab().save(str(out / "feature-maps.png"))
    window.tabs.setCurrentWidget(window.compare)
    window.controller.compare_current()
    wait(app, lambda: bool(window.compare.last_rows), 300)
    window.grab().save(str(out / "compare.png"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.training_data import make_dataset

    data = make_dataset(tmp / "shapes", per_class=15)
    window.tabs.setCurrentWidget(window.finetune)
    window.finetune.set_folder(str(data))
    wait(app, lambda: window.finetune.start_button.isEnabled())
    window.finetune.epochs.setValue(60)
    window.finetune.start()
    wait(app, lambda: window.finetune.use_button.isEnabled(), 300)
    window.finetune.show_cell(1, 1)
    wait(app, lambda: window.finetune.cell_images.count() > 0)
    window.grab().save(str(out / "fine-tune.png"))
    dialog = WeightsDialog("inception_resnet_v2", window.controller, "", window)
    dialog.show()
    wait(app, lambda: False, 0.3)
    dialog.grab().save(str(out / "weights-dialog.png"))
    dialog.close()
    window.close()
    print(f"wrote {', '.join(sorted(p.name for p in out.glob('*.png')))} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
