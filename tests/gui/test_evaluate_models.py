"""Evaluate with several models (issue 25, items 4 and 13): the toolbar's model ticked by
default, fine-tuned models listed beside the networks, the folder's layout said before the
run, a model that does not fit the folder skipped with its reason while the others run,
earlier results kept until replaced; per-bin counts, untrained results flagged, no top-5 for
models of 5 classes or fewer."""

from __future__ import annotations

import pytest

from tests.helpers.heads import install_head, remove_head
from tests.helpers.window import labelled_folder, wait_idle

ANIMALS = ["goldfish", "tabby", "daisy"]  # the folder's classes (ImageNet class names)


@pytest.fixture
def heads(tmp_path):
    """"pets" has the folder's classes; "fruit" none of them."""
    entries = [install_head(tmp_path, "pets", ANIMALS, seed=1),
               install_head(tmp_path, "fruit", ["apple", "pear", "plum"], seed=2)]
    yield entries
    for e in entries:
        remove_head(e)


def names(tab) -> list[str]:
    return [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]


def test_models_that_fit_run_the_others_are_skipped_and_results_stay(
        make_window, qtbot, tmp_path, heads):
    data = labelled_folder(tmp_path / "labelled", per_class=2)
    window = make_window()
    tab = window.evaluate
    window.show_tab(4)
    # Every network and every fine-tuned model; the toolbar's model ticked.
    listed = [tab.models.item(i).text() for i in range(tab.models.count())]
    assert {"Inception-v3", "pets", "fruit"} <= set(listed)
    assert tab.ticked() == [("inception_v3", None)]
    tab.set_folder(str(data))
    tab.tick({("inception_v3", None), ("inception_v3", "pets"), ("inception_v3", "fruit")})
    # Before the run: the layout, and who will be skipped and why.
    qtbot.waitUntil(lambda: "one folder per class" in tab.status.text() and
                    "fruit will be skipped" in tab.status.text(), timeout=30_000)
    assert "6 images of 3 classes" in tab.status.text()
    tab.start()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=300_000)
    wait_idle(qtbot, window)
    assert names(tab) == ["Inception-v3 (untrained)", "pets", "fruit (skipped)"]
    assert tab.table.item(2, 1).text().startswith("Skipped: ")
    assert "no sub-folder names a class of the model" in tab.table.item(2, 1).text()
    status = tab.status.text()
    assert "Skipped: fruit" in status and "Untrained (random) weights for Inception-v3" in status
    # Item 13: the untrained row is marked, the bins say how many images they hold.
    assert tab.table.item(0, 0).toolTip().startswith("Untrained (random) weights")
    counts = [int(t.toPlainText()) for t in tab.bin_labels]
    assert sum(counts) == 2 * 6  # two curves (v3 and pets), each over the 6 images
    # The top-5 means nothing with 3 classes: not shown for pets (the column stays for v3).
    assert not tab.table.isColumnHidden(4)
    assert tab.table.item(1, 4).text() == "-"
    window.resize(1024, 640)
    window.grab().save(str(tmp_path / "evaluate-1024.png"))
    window.resize(1920, 1080)
    window.grab().save(str(tmp_path / "evaluate-1920.png"))

    # A second run of pets alone: the others' results stay, pets' row is replaced.
    first_pets = tab.evaluations[1]
    tab.tick({("inception_v3", "pets")})
    tab.start()
    qtbot.waitUntil(lambda: tab._token is None and tab.evaluations[1] is not first_pets,
                    timeout=300_000)
    assert names(tab)[:2] == ["Inception-v3 (untrained)", "pets"]
    assert tab.table.isColumnHidden(4) is False  # v3 is still shown
    tab.model_combo.setCurrentIndex(1)
    assert tab.per_class.isColumnHidden(3)  # pets' per-class top-5: hidden


def test_only_unfit_models_say_so_and_keep_what_was_shown(make_window, qtbot, tmp_path,
                                                           heads):
    data = labelled_folder(tmp_path / "labelled", per_class=1)
    window = make_window()
    tab = window.evaluate
    window.show_tab(4)
    tab.set_folder(str(data))
    tab.tick({("inception_v3", "fruit")})
    qtbot.waitUntil(lambda: "No ticked model has classes in this folder" in tab.status.text(),
                    timeout=30_000)
    tab.start()
    qtbot.waitUntil(lambda: tab._token is None and "fruit" in tab.status.text(),
                    timeout=120_000)
    assert "no model could be evaluated" in tab.status.text()
    assert names(tab) == ["fruit (skipped)"]
