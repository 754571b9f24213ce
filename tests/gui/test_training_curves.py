"""The Fine-tune tab's curves (issue 25, item 18): accuracy in % on a % axis, whole-epoch
ticks from 0 (no negative epochs), the validation loss with a legend, the best epoch marked."""

from __future__ import annotations

from inception_desktop.gui.training_curves import TrainingCurves, best_epoch
from inception_desktop.training.events import EpochEnd


def _epoch(n, loss, acc, val_loss, val_acc):
    return EpochEnd(n, 4, loss, acc, val_loss, val_acc, 10.0, 1.0)


def test_curves_in_percent_with_validation_loss_legend_and_the_best_epoch(qtbot):
    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.resize(500, 600)
    curves.show()
    curves.add_batch(0.5, 12.0)
    for e in (_epoch(1, 1.2, 0.50, 1.1, 0.40), _epoch(2, 0.9, 0.70, 0.8, 0.75),
              _epoch(3, 0.7, 0.80, 0.9, 0.70)):
        curves.add_epoch(e)
    qtbot.wait(50)
    # Accuracy in %, on an axis that says %.
    assert list(curves.train_curve.getData()[1]) == [50.0, 70.0, 80.0]
    assert list(curves.val_curve.getData()[1]) == [40.0, 75.0, 70.0]
    assert "%" in curves.acc_plot.getPlotItem().titleLabel.text
    assert curves.acc_plot.getAxis("left").labelText == "%"
    assert curves.acc_plot.viewRange()[1][1] >= 99
    # The validation loss is drawn, and both plots name their curves.
    assert list(curves.val_loss_curve.getData()[1]) == [1.1, 0.8, 0.9]
    for plot in (curves.loss_plot, curves.acc_plot):
        legend = plot.getPlotItem().legend
        assert [label.text for _, label in legend.items] == ["train", "validation"]
    # Epochs: whole numbers, none negative, even when panned.
    for plot in (curves.loss_plot, curves.acc_plot, curves.speed_plot):
        axis = plot.getAxis("bottom")
        low, high = plot.viewRange()[0]
        assert low >= 0
        ticks = [v for _, values in axis.tickValues(low, high, 400) for v in values]
        assert ticks and all(v == int(v) and v >= 0 for v in ticks)
        plot.getViewBox().translateBy(x=-10)
        assert plot.viewRange()[0][0] >= 0
    # The best epoch (best validation accuracy) is marked on both plots.
    assert curves.best == 2
    assert all(line.isVisible() and line.value() == 2 for line in curves.best_lines)
    curves.mark_best(3)  # the trainer's choice, when the run ends
    assert all(line.value() == 3 for line in curves.best_lines)
    curves.grab().save("/tmp/wc/curves.png")
    curves.clear()
    assert not any(line.isVisible() for line in curves.best_lines)


def test_best_epoch_without_validation_is_the_lowest_training_loss():
    history = [_epoch(1, 1.0, 0.5, None, None), _epoch(2, 0.6, 0.7, None, None),
               _epoch(3, 0.8, 0.8, None, None)]
    assert best_epoch(history) == 2
    assert best_epoch([]) is None
