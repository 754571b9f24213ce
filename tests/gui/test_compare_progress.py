"""Compare (issue 25, item 21): every network's column at once with what it waits for on the
first comparison, the weights each column used, no "runtime changed" notice after a change of
network (only after one of the runtime), and "Ask again" honoured at once."""

from __future__ import annotations

from inception_desktop.models import list_models
from tests.helpers.window import classify_one, wait_idle


def test_compare_columns_progress_weights_and_staleness(make_window, qtbot, tmp_path):
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    compare = window.compare
    seen: list[tuple[str, str, bool]] = []

    def watch(event) -> None:
        col = compare._column(event["network"])
        seen.append((event["network"], col.meta.text(), col.working.isVisibleTo(col)))

    window.controller.compare_progress.connect(watch)
    window.show_tab(2)
    # At once: a column per network, each run one waiting with a busy bar (a network without
    # weights says so).
    run = [compare._column(n) for n in list_models() if n in window.controller.untrained_networks]
    assert all(col.isVisibleTo(compare) for col in compare.columns)
    assert all(col.working.isVisibleTo(col) for col in run)
    window.resize(1024, 640)
    compare.grab().save(str(tmp_path / "compare-waiting.png"))
    qtbot.waitUntil(compare.has_results, timeout=300_000)
    wait_idle(qtbot, window)
    loading = {n for n, text, busy in seen if text.startswith("Loading") and busy}
    assert loading == window.controller.untrained_networks - {"inception_v3"}  # v3: Classify's
    assert not any(col.working.isVisibleTo(col) for col in compare.columns)
    for col in run:
        assert col.meta.text().startswith("UNTRAINED (random weights) · ")
    compare.grab().save(str(tmp_path / "compare-done.png"))

    # A change of network is not a change of runtime: no notice.
    window.controller.set_choice(network="inception_v4")
    wait_idle(qtbot, window)
    assert "runtime changed" not in compare.summary.text()
    window.controller.set_choice(backend="openvino")
    wait_idle(qtbot, window)
    assert "made before the runtime changed" in compare.summary.text()
    window.controller.set_choice(backend="onnxruntime")
    wait_idle(qtbot, window)

    # "Ask again": that network's untrained use is taken back, and the column says so.
    window.controller.forget_untrained("inception_v4")
    window.controller.models_updated()
    qtbot.waitUntil(lambda: compare._column("inception_v4").get_weights.isVisibleTo(compare),
                    timeout=300_000)
    wait_idle(qtbot, window)
    assert "No weights on this computer" in compare._column("inception_v4").meta.text()
