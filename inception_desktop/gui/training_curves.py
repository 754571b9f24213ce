"""The Fine-tune tab's live curves: loss (train and validation) and accuracy in % per epoch
(train and validation), each with a legend and the best epoch marked, and images/s per batch
in full mode. Epochs are whole numbers from 0 up. pyqtgraph is imported when the curves are
first shown, so the window starts without it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from inception_desktop.gui.i18n import translate

TRAIN_COLOUR, VAL_COLOUR, BEST_COLOUR = "#1f77b4", "#2ca02c", "#7f7f7f"


def _integer_axis():
    """A pyqtgraph axis that labels whole epochs only (never a negative one)."""
    import pyqtgraph as pg

    class IntegerAxis(pg.AxisItem):
        def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
            out = []
            for spacing, values in super().tickValues(minVal, maxVal, size):
                whole = [v for v in values if abs(v - round(v)) < 1e-9 and v >= 0]
                out.append((max(1.0, round(spacing)), whole))
            return out

        def tickStrings(self, values, scale, spacing):  # noqa: N802
            return [str(int(round(v))) for v in values]

    return IntegerAxis(orientation="bottom")


def best_epoch(history: list[Any]) -> int | None:
    """The epoch a run keeps, as the trainers choose it: the best validation accuracy (the
    lower validation loss on a tie), or without validation the lowest training loss."""
    if not history:
        return None
    with_val = [h for h in history if h.val_accuracy is not None]
    if with_val:
        return max(with_val, key=lambda h: (h.val_accuracy,
                                            -(h.val_loss if h.val_loss is not None else 0),
                                            -h.epoch)).epoch
    return min(history, key=lambda h: (h.loss, h.epoch)).epoch


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self.loss_plot = None
        self._history: list[Any] = []  # EpochEnd events
        self._speed: list[tuple[float, float]] = []  # (epoch fraction, images/s)
        self._speed_visible = False
        self.best: int | None = None  # the epoch marked as the best

    def build(self) -> None:
        """Make the plots (once)."""
        if self.loss_plot is not None:
            return
        import pyqtgraph as pg
        from PySide6.QtCore import Qt

        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.loss_plot = pg.PlotWidget(title=translate("training_curves", "Loss"),
                                       axisItems={"bottom": _integer_axis()})
        self.acc_plot = pg.PlotWidget(title=translate("training_curves", "Accuracy (%)"),
                                      axisItems={"bottom": _integer_axis()})
        self.speed_plot = pg.PlotWidget(title=translate("training_curves", "Images/s (full mode)"),
                                        axisItems={"bottom": _integer_axis()})
        self.acc_plot.setYRange(0, 100)
        self.acc_plot.setLabel("left", "%")
        for plot in (self.loss_plot, self.acc_plot, self.speed_plot):
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.setLabel("bottom", translate("training_curves", "epoch"))
            plot.setMinimumSize(220, 120)
            plot.setLimits(xMin=0)  # no negative epochs, however it is panned
            plot.setXRange(0, 1, padding=0.02)
        self.acc_plot.setLimits(yMin=-2, yMax=102)
        # The legends in one row beside the title (which keeps left of them), outside the
        # curves: inside the plots (full mode shows three short ones at 1024 x 640) they
        # covered the curves and the best epoch's label, whatever corner they took.
        for plot in (self.loss_plot, self.acc_plot, self.speed_plot):
            plot.getPlotItem().titleLabel.setAttr("justify", "left")
        for plot in (self.loss_plot, self.acc_plot):
            legend = plot.addLegend(colCount=2)
            legend.setParentItem(plot.getPlotItem())
            legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 0))
        # Symbols: a run's first epoch is a point, visible before there is a line.

        def curve(plot, colour, name, dashed=False):
            pen = pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine if dashed else
                           Qt.PenStyle.SolidLine)
            return plot.plot(pen=pen, name=name, symbol="o", symbolSize=5, symbolBrush=colour)

        train, validation = (translate("training_curves", "train"),
                             translate("training_curves", "validation"))
        self.loss_curve = curve(self.loss_plot, TRAIN_COLOUR, train)
        self.val_loss_curve = curve(self.loss_plot, VAL_COLOUR, validation)
        self.train_curve = curve(self.acc_plot, TRAIN_COLOUR, train)
        self.val_curve = curve(self.acc_plot, VAL_COLOUR, validation)
        self.best_lines = []
        for plot in (self.loss_plot, self.acc_plot):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen(BEST_COLOUR, width=1, style=Qt.PenStyle.DashLine),
                                   label=translate("training_curves", "best"),
                                   labelOpts={"position": 0.5, "color": BEST_COLOUR})
            line.setVisible(False)
            plot.addItem(line)
            self.best_lines.append(line)
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
        self.best = None
        if self.loss_plot is not None:
            for curve in (self.loss_curve, self.val_loss_curve, self.train_curve,
                          self.val_curve, self.speed_curve):
                curve.setData([], [])
            for line in self.best_lines:
                line.setVisible(False)
            for plot in (self.loss_plot, self.acc_plot, self.speed_plot):
                plot.setXRange(0, 1, padding=0.02)

    def add_batch(self, epoch: float, images_per_s: float) -> None:
        self._speed.append((max(epoch, 0.0), images_per_s))
        if self.loss_plot is not None:
            self.speed_curve.setData([x for x, _ in self._speed], [y for _, y in self._speed])
            self.speed_plot.setXRange(0, max(1.0, self._speed[-1][0]), padding=0.02)

    def add_epoch(self, event: Any) -> None:
        """An EpochEnd: loss and accuracy, train and validation; the best epoch so far."""
        self.build()
        self._history.append(event)
        xs = [h.epoch for h in self._history]
        self.loss_curve.setData(xs, [h.loss for h in self._history])
        self.train_curve.setData(xs, [100 * h.train_accuracy for h in self._history])
        vals = [h for h in self._history if h.val_accuracy is not None]
        if vals:
            self.val_curve.setData([h.epoch for h in vals], [100 * h.val_accuracy for h in vals])
        val_losses = [h for h in self._history if h.val_loss is not None]
        if val_losses:
            self.val_loss_curve.setData([h.epoch for h in val_losses],
                                        [h.val_loss for h in val_losses])
        for plot in (self.loss_plot, self.acc_plot):
            plot.setXRange(0, max(1, xs[-1]), padding=0.02)
        self.mark_best(best_epoch(self._history))

    def mark_best(self, epoch: int | None) -> None:
        """A dashed line at the best epoch (the one kept), on the loss and accuracy plots."""
        self.best = epoch
        if self.loss_plot is None:
            return
        for line in self.best_lines:
            line.setVisible(epoch is not None)
            if epoch is not None:
                line.setValue(epoch)
