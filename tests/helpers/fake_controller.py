"""A stand-in for the window's controller: synthetic activations, grids rendered at once
(the feature viewer's fast tests run no network)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from PySide6.QtCore import QObject, Signal

from inception_desktop.engine.activations import ImageActivations
from inception_desktop.gui import jobs
from inception_desktop.gui.settings import Settings
from inception_desktop.tasks import TaskState

SIDE = 5  # every synthetic block is C x 5 x 5


class FakeController(QObject):
    """The part of the controller the viewer uses; grids are rendered at once, in-thread."""

    activations_ready = Signal(int)
    grid_ready = Signal(object)
    predictor_loading = Signal(str)
    predictor_ready = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()
        self.activations: ImageActivations | None = None
        self.asked_for_activations = 0
        self.opened: list[list[str]] = []

    def current_activations(self):
        return self.activations

    def current_item(self):
        return SimpleNamespace(short_name="synthetic.png", display=None)

    def request_activations(self, scope: str | None = None) -> None:
        self.asked_for_activations += 1

    def want_activations(self, view: str, scope: str | None) -> None:
        if scope is not None:
            self.request_activations(scope)

    def request_grid(self, block_path: str, branch_of=None) -> None:
        s = self.settings
        self.grid_ready.emit(jobs.render_grid(
            TaskState(), block_path, self.activations.blocks[block_path], s.colormap,
            s.normalization, s.channel_order, s.tile_size, branch_of))

    def update_settings(self, save: bool = True, **changes) -> None:
        for name, value in changes.items():
            setattr(self.settings, name, value)

    def cancel(self, key: str) -> bool:
        return False

    def open_paths(self, paths: list[str]) -> None:
        self.opened.append(paths)



def synthetic_activations(spec) -> ImageActivations:
    """Each block's channels: channel c is the constant c over the block, so the strongest
    channel of every block is its last one."""
    blocks = {b.path: np.broadcast_to(np.arange(b.channels, dtype=np.float32)[:, None, None],
                                      (b.channels, SIDE, SIDE)).copy()
              for b in spec.blocks}
    last = spec.blocks[-1]
    return ImageActivations(spec.name, (64, 64), (0.0, 0.0, 64.0, 64.0), spec.input_size,
                            np.zeros(10, np.float32), np.full(10, 0.1, np.float32),
                            np.zeros((10, last.channels), np.float32), np.zeros(10, np.float32),
                            last.path, blocks)



def fake_predictor(spec):
    return SimpleNamespace(spec=spec, network=spec.name, choice=SimpleNamespace(
        sha256="0" * 64, untrained=True), model_name=spec.display_name, fine_tuned=False,
        backend_name="onnxruntime", precision="fp32", device="cpu", num_classes=1000,
        head=None)

