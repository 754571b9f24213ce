"""The Fine-tune tab's live curves: loss and accuracy per epoch (train and validation), and
images/s per batch in full mode. pyqtgraph is imported when the curves are first shown, so the
window starts without it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget


def _integer_axis():
    """A pyqtgraph axis that labels whole epochs only."""
    import pyqtgraph as pg

    class IntegerAxis(pg.AxisItem):
        def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
            out = []
            for spacing, values in super().tickValues(minVal, maxVal, size):
                whole = [v for v in values if abs(v - round(v)) < 1e-9]
                out.append((max(1.0, round(spacing)), whole))
            return out

        def tickStrings(self, values, scale, spacing):  # noqa: N802
            return [str(int(round(v))) for v in values]

    return IntegerAxis(orientation="bottom")


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self.loss_plot = None
        self._history: list[Any] = []  # EpochEnd events
        self._speed: list[tuple[float, float]] = []  # (epoch fraction, images/s)
        self._speed_visible = False

    def build(self) -> None:
        """Make the plots (once)."""
        if self.loss_plot is not None:
            return
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.loss_plot = pg.PlotWidget(title="Loss", axisItems={"bottom": _integer_axis()})
        self.acc_plot = pg.PlotWidget(title="Accuracy", axisItems={"bottom": _integer_axis()})
        self.speed_plot = pg.PlotWidget(title="Images/s (full mode)")
        self.acc_plot.setYRange(0, 1)
        for plot in (self.loss_plot, self.acc_plot, self.speed_plot):
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.setLabel("bottom", "epoch")
            plot.setMinimumSize(220, 120)
        self.acc_plot.addLegend(offset=(-10, 10))
        # Symbols: a run's first epoch is a point, visible before there is a line.
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#d62728", width=2), symbol="o",
                                              symbolSize=5, symbolBrush="#d62728")
        self.train_curve = self.acc_plot.plot(pen=pg.mkPen("#1f77b4", width=2), name="train",
                                              symbol="o", symbolSize=5, symbolBrush="#1f77b4")
        self.val_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=2),
                                            name="validation", symbol="o", symbolSize=5,
                                            symbolBrush="#2ca02c")
        self.speed_curve = self.speed_plot.plot(pen=pg.mkPen("#6a3d9a", width=2))
        self._layout.addWidget(self.loss_plot, 1)
        self._layout.addWidget(self.acc_plot, 1)
        self._layout.addWidget(self.speed_plot, 1)
        self.speed_plot.setVisible(self._speed_visible)

    def showEvent(self, event) -> None:  # noqa: N802
        self.build()
        super().showEvent(event)

    def show_speed(self, visible: bool) -> None:
        """The images/s plot (full mode only)."""
        self._speed_visible = visible
        if self.loss_plot is not None:
            self.speed_plot.setVisible(visible)

    def clear(self) -> None:
        self._history, self._speed = [], []
        if self.loss_plot is not None:
            for curve in (self.loss_curve, self.train_curve, self.val_curve, self.speed_curve):
                curve.setData([], [])

    def add_batch(self, epoch: float, images_per_s: float) -> None:
        self._speed.append((epoch, images_per_s))
        if self.loss_plot is not None:
            self.speed_curve.setData([x for x, _ in self._speed], [y for _, y in self._speed])

    def add_epoch(self, event: Any) -> None:
        """An EpochEnd: loss, train and validation accuracy."""
        self.build()
        self._history.append(event)
        xs = [h.epoch for h in self._history]
        self.loss_curve.setData(xs, [h.loss for h in self._history])
        self.train_curve.setData(xs, [h.train_accuracy for h in self._history])
        vals = [(h.epoch, h.val_accuracy) for h in self._history if h.val_accuracy is not None]
        if vals:
            self.val_curve.setData([v[0] for v in vals], [v[1] for v in vals])
