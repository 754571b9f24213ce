"""The window's controller: owns the batch, the loaded predictors, the settings and the worker
tasks; talks to the engine; tells the views what changed through signals. Views never touch
the engine.

The wiring rule: a tab takes the controller, connects the signals it needs and calls its
methods; long work goes through the one `run(key, job, ...)` (errors without a handler of
their own reach `error` in one line, bugs also the crash log); the controller is the only
writer of the settings."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from inception_desktop.errors import ImageError, WeightsError, msg
from inception_desktop.gui import jobs
from inception_desktop.gui.format import describe_error, percent
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.jobs import BatchItem, PredictorKey
from inception_desktop.gui.model_choice import ModelChoiceMixin
from inception_desktop.gui.serving import ServingMixin
from inception_desktop.gui.settings import Settings, save_settings
from inception_desktop.gui.tasks import TaskRunner, TaskState
from inception_desktop.models import list_models


class AppController(ModelChoiceMixin, ServingMixin, QObject):
    batch_changed = Signal()  # the list of items changed (new drop)
    item_updated = Signal(int)  # one item got its result or error
    current_changed = Signal(int)
    activations_ready = Signal(int)  # activations of the current item are available
    grid_ready = Signal(object)  # jobs.GridRender
    compare_started = Signal(object)  # {"item", "networks" to run, "missing" weights}
    compare_progress = Signal(object)  # {"item", "network", "stage"} or a network's row
    compare_ready = Signal(object)  # {"item", "rows", "missing", "runtime" they ran with}
    compare_failed = Signal(object)  # the item whose comparison failed
    predictor_ready = Signal(object)  # the Predictor now in use
    predictor_loading = Signal(str)  # a network's display name: views drop what it replaces
    choice_changed = Signal()  # network, model, backend, device or precision (settings) changed
    models_changed = Signal()  # installed models changed (imported, fine-tuned, removed)
    class_wanted = Signal(int)  # the class whose map to show with the next result
    no_results = Signal(str)  # nothing can be classified now, and why (in place of results)
    weights_needed = Signal(str, object)  # network, why (a core msg keeps its template)
    busy = Signal(bool, str)  # working?, what
    message = Signal(str)  # a one-line status or error for the user
    error = Signal(str)
    remedy = Signal(str)  # the window can help with the last error: "int8" or "port"
    serving_changed = Signal(object)  # the server now serving (None: not serving)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = TaskRunner(self)
        self.tasks.error.connect(self.report_error)
        self.items: list[BatchItem] = []
        self.current = -1
        self.predictors: dict[PredictorKey, Any] = {}
        self.predictor = None
        self._after_weights = None  # what to run once the weights dialog installed weights
        from inception_desktop.weights.exports import bundled_untrained_networks

        # A test bundle built with --random-weights runs its networks untrained, visibly.
        self.untrained_networks: set[str] = bundled_untrained_networks()
        # "Use untrained weights" is remembered per network across restarts.
        self.untrained_networks |= set(settings.untrained_ok)
        self._previous_choice: tuple[str, str | None] | None = None
        self._last_runtime: tuple[str, str, str] | None = None  # backend, device, precision
        if settings.mirror:
            from inception_desktop.weights.download import use_mirror

            use_mirror(settings.mirror)
        self.inference_runs = 0  # how many classification/activation runs (tests read it)
        self._wanted: dict[str, str] = {}  # view -> the activations it shows (want_activations)
        self._activations_running: dict[str, tuple] = {}  # scope -> (item, key) computing
        self.predictor_ready.connect(self._follow_serving)
        self._paste_count = 0

    # ------------------------------------------------------------------ work and errors

    def run(self, key: str, job: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[Any], None] | None = None,
            on_partial: Callable[[Any], None] | None = None,
            on_cancelled: Callable[[Any], None] | None = None,
            ignore: tuple[type[BaseException], ...] = ()) -> TaskState:
        """Run `job(state, *args)` off the GUI thread -> its task handle (callbacks run on the
        GUI thread; a newer task of the same `key` supersedes it). Without `on_error`, an
        error is shown in one line by `report_error`; `ignore` names the error classes the
        caller expects and drops."""
        return self.tasks.submit(key, job, *args, on_done=on_done, on_error=on_error,
                                 on_progress=on_progress, on_partial=on_partial,
                                 on_cancelled=on_cancelled, ignore=ignore)

    def is_busy(self, key: str | None = None) -> bool:
        """Is a task of `key` (of any key when None) running?"""
        return self.tasks.is_busy(key)

    def cancel(self, key: str) -> bool:
        """Ask the running task of `key` to stop (it still settles in one callback)."""
        return self.tasks.cancel(key)

    def report_error(self, exc: BaseException) -> None:
        """The default error handler: one line for the window (a bug's traceback is in the
        crash log, written where it happened)."""
        from inception_desktop.errors import NoInt8Export, NoNativeBf16, PortInUse

        self.error.emit(describe_error(exc))
        if isinstance(exc, (NoInt8Export, NoNativeBf16)):
            self.remedy.emit("int8")
        elif isinstance(exc, PortInUse):
            self.remedy.emit("port")

    # ------------------------------------------------------------------ settings

    def update_settings(self, save: bool = True, **changes: Any) -> None:
        """The one writer of the settings: set the named fields (and save them, unless a
        slider is still moving: they are saved with the next change or on closing)."""
        for name, value in changes.items():
            if not hasattr(self.settings, name):
                raise AttributeError(f"no setting {name!r}")
            setattr(self.settings, name, value)
        if save:
            save_settings(self.settings)

    # ------------------------------------------------------------------ input

    def open_paths(self, paths: list[str]) -> None:
        """Files and folders (recursively) become the new batch."""
        if not paths:
            return

        def expanded(found) -> None:
            files, unreadable = found
            if unreadable:
                self.error.emit("; ".join(translate_message(u) for u in unreadable[:3]))
            if not files:
                self.message.emit(translate("controller", "No image files in {names}").format(
                    names=", ".join(Path(p).name for p in paths)))
                return
            for p in paths:
                self.settings.add_recent(str(p))
            save_settings(self.settings)
            self._start_batch([BatchItem(f, f) for f in files])

        self.run("expand", jobs.expand_inputs, list(paths), on_done=expanded)

    def add_image(self, path: str) -> None:
        """One image opened from another view (a channel's top image, a confident mistake):
        added to the batch, which is kept, and shown; the status bar says so."""
        known = next((i for i, it in enumerate(self.items) if it.source == path), None)
        if known is None and not self.items:
            self._start_batch([BatchItem(path, path)])
            return
        if known is None:
            self.items.append(BatchItem(path, path))
            known = len(self.items) - 1
            self.batch_changed.emit()
            for i in range(known):  # the gallery shows the kept images as they were
                self.item_updated.emit(i)
            self.message.emit(translate(
                "controller", "Added {name} to the batch (%n image(s); the others are kept)",
                None, len(self.items)).format(name=self.items[known].short_name))
        else:
            self.message.emit(translate("controller", "{name} is already in the batch: shown"
                                        ).format(name=self.items[known].short_name))
        self.current = known
        self.current_changed.emit(known)
        self._preview(known)
        self.ensure_predictor(then=self._classify_stale)

    def _classify_stale(self) -> None:
        """Classify the images without a result by the model in use (the current first)."""
        if self.predictor is None:
            return
        source = jobs.result_source(self.predictor)
        stale = [i for i, it in enumerate(self.items)
                 if it.error is None and (it.result is None or it.produced_by != source)]
        if self.current in stale:
            stale.remove(self.current)
            stale.insert(0, self.current)
        self._classify(stale)

    def open_bytes(self, data: bytes, name: str | None = None) -> None:
        self._paste_count += 1
        self._start_batch([BatchItem(name or translate(
            "controller", "Pasted image {number}").format(number=self._paste_count), data)])

    def _start_batch(self, items: list[BatchItem]) -> None:
        self.items = items
        self.current = 0
        self.batch_changed.emit()
        self.current_changed.emit(0)
        self._preview(0)
        self.ensure_predictor(then=self.rerun_all)

    def _preview(self, index: int) -> None:
        """Decode the image for display at once, while the network loads or runs."""
        item = self.items[index] if 0 <= index < len(self.items) else None
        if item is None or item.display is not None or item.error is not None:
            return

        def shown(it: BatchItem) -> None:
            if it in self.items:
                self.item_updated.emit(self.items.index(it))

        self.run("preview", jobs.preview_item, item, on_done=shown)

    def rerun_all(self) -> None:
        self._classify(list(range(len(self.items))))

    def rerun_current(self) -> None:
        if 0 <= self.current < len(self.items):
            others = [i for i in range(len(self.items)) if i != self.current]
            self._classify([self.current, *others])

    def _classify(self, indexes: list[int]) -> None:
        if self.predictor is None or not indexes:
            return
        clf = self.predictor
        items = [self.items[i] for i in indexes]
        for it in items:
            it.result = None
        self.busy.emit(True, translate("controller", "Classifying %n image(s)…", None, len(items)))
        self.inference_runs += 1

        def partial(item: BatchItem) -> None:
            if item in self.items:
                idx = self.items.index(item)
                self.item_updated.emit(idx)
                if idx == self.current:
                    self.request_activations()

        def done(_items) -> None:
            self.busy.emit(False, "")
            failed = sum(it.error is not None for it in _items)
            ok = len(_items) - failed
            if failed:
                self.message.emit(translate(
                    "controller", "Classified %n image(s); {failed} could not be read", None,
                    ok).format(failed=failed))
            else:
                self.message.emit(translate("controller", "Classified %n image(s)", None, ok))

        def failed(exc) -> None:
            self.busy.emit(False, "")
            self.report_error(exc)

        self.run("classify", jobs.classify_items, clf, items, on_done=done, on_error=failed,
                 on_partial=partial)

    def set_current(self, index: int) -> None:
        if 0 <= index < len(self.items) and index != self.current:
            self.current = index
            self.current_changed.emit(index)
            self._preview(index)
            self.request_activations()

    def current_item(self) -> BatchItem | None:
        return self.items[self.current] if 0 <= self.current < len(self.items) else None

    # ------------------------------------------------------------------ activations

    def current_activations(self):
        item = self.current_item()
        if item is None or self.predictor is None:
            return None
        return item.activations.get(self.key())

    def want_activations(self, view: str, scope: str | None) -> None:
        """A view says what it shows of the current image's activations: "cam" (the last
        block, for class maps), "all" (every block, the feature viewer) or None (nothing).
        Images are then run for what is shown: the classification graph with the last block
        for a map, the full graph only for feature maps, and no second run otherwise."""
        before = self.wanted_scope()
        if scope is None:
            self._wanted.pop(view, None)
        else:
            self._wanted[view] = scope
        if self.wanted_scope() not in (None, before):
            self.request_activations()  # more is shown now: the current image's, at once

    def wanted_scope(self) -> str | None:
        wanted = set(self._wanted.values())
        return "all" if "all" in wanted else "cam" if wanted else None

    def request_activations(self, scope: str | None = None) -> None:
        """Activations of the current image, computed once per image and predictor: of
        `scope` ("cam" or "all"; by default what the views show, nothing when none does)."""
        scope = scope or self.wanted_scope()
        item = self.current_item()
        if scope is None or item is None or item.image is None or self.predictor is None:
            return
        key = self.key()
        cached = item.activations.get(key)
        if cached is not None and (scope == "cam" or self._has_every_block(cached)):
            self.activations_ready.emit(self.current)
            return
        asked = (item, key)
        if self._is_running(scope, asked):
            return  # its answer is on the way
        index = self.current
        clf = self.predictor
        self.inference_runs += 1
        self._activations_running[scope] = asked  # a newer run of this scope supersedes it

        def done(acts) -> None:
            self._forget_run(scope, asked)
            known = item.activations.get(key)
            if known is None or not self._has_every_block(known):
                item.activations[key] = acts
            if self.current_item() is item:
                self.activations_ready.emit(index)

        def failed(exc) -> None:
            self._forget_run(scope, asked)
            self.report_error(exc)

        blocks = None if scope == "all" else ()  # () -> the last block alone (the CAM's)
        self.run(f"activations-{scope}", jobs.compute_activations, clf, item.image, blocks,
                 on_done=done, on_error=failed,
                 on_cancelled=lambda _: self._forget_run(scope, asked))

    def _is_running(self, scope: str, asked: tuple) -> bool:
        running = self._activations_running.get(scope)  # items compare by identity here
        return running is not None and running[0] is asked[0] and running[1] == asked[1]

    def _forget_run(self, scope: str, asked: tuple) -> None:
        if self._is_running(scope, asked):
            del self._activations_running[scope]

    def _has_every_block(self, acts) -> bool:
        return self.predictor is not None and \
            all(b.path in acts.blocks for b in self.predictor.spec.blocks)

    def request_grid(self, block_path: str, branch_of=None) -> None:
        """Render the block's channel grid on a worker (a newer request supersedes)."""
        acts = self.current_activations()
        if acts is None or block_path not in acts.blocks:
            return
        s = self.settings
        self.run("grid", jobs.render_grid, block_path, acts.blocks[block_path], s.colormap,
                 s.normalization, s.channel_order, s.tile_size, branch_of,
                 on_done=self.grid_ready.emit)

    # ------------------------------------------------------------------ top images

    def index_folder(self, folder: str, on_progress, on_done, on_error) -> None:
        """Index a folder for the current model (incremental; cancel keeps what was done)."""
        if self.predictor is None:
            on_error(WeightsError(msg("Load a network first: open an image, "
                                      "or choose one in the toolbar")))
            return
        from inception_desktop.engine.channel_index import DEFAULT_K

        self.run("index", jobs.index_job, self.predictor, folder, DEFAULT_K, on_done=on_done,
                 on_error=on_error, on_progress=on_progress, on_cancelled=on_error)

    def grad_cam(self, block: str, class_index: int, on_done) -> None:
        item = self.current_item()
        if item is None or item.image is None or self.predictor is None:
            return
        clf = self.predictor
        self.run("gradcam", lambda state: clf.grad_cam(item.image, block, class_index),
                 on_done=on_done)

    # ------------------------------------------------------------------ compare

    def compare_current(self) -> None:
        """The current image through every network (published weights, or untrained
        where the user chose that); networks with neither are reported, not run."""
        item = self.current_item()
        if item is None:
            self.message.emit(translate("controller", "Open or paste an image first, then "
                                          "compare."))
            return
        if item.error is not None:
            self.message.emit(translate("controller", "{name} cannot be read, so it cannot be "
                                          "compared.").format(name=item.short_name))
            return
        from inception_desktop.weights.resolve import resolve_weights

        keys, missing = [], []
        for network in list_models():
            k = replace(self.key(network), weights=None,
                        untrained=network in self.untrained_networks)
            if k not in self.predictors and not k.untrained:
                try:
                    resolve_weights(k.network)
                except WeightsError:
                    missing.append(k.network)
                    continue
            keys.append(k)
        self.busy.emit(True, translate("controller", "Comparing %n network(s)…", None, len(keys)))
        runtime = (self.settings.backend, self.settings.device, self.settings.precision)
        self.compare_started.emit({"item": item, "networks": [k.network for k in keys],
                                   "missing": missing})

        def run(state):
            jobs.load_item(item)
            if item.image is None:
                raise ImageError(item.error or msg("{name} cannot be read", name=item.name))
            clfs, rows = [], []
            for k in keys:
                state.check()
                clf = self.predictors.get(k)
                if clf is None:  # the first comparison loads each network: say which
                    state.partial({"network": k.network, "stage": "loading"})
                    clf = jobs.load_predictor(state, k)
                clfs.append(clf)
                state.partial({"network": k.network, "stage": "classifying"})
                rows += jobs.compare_networks(state, [clf], item.image)
            return clfs, rows

        def partial(event: dict) -> None:
            self.compare_progress.emit({"item": item, **event})

        def done(result) -> None:
            clfs, rows = result
            for k, clf in zip(keys, clfs, strict=True):
                self.predictors[k] = clf
            self.busy.emit(False, "")
            self.compare_ready.emit({"item": item, "rows": rows, "missing": missing,
                                     "runtime": runtime})

        def failed(exc: BaseException) -> None:
            self.busy.emit(False, "")
            self.compare_failed.emit(item)
            self.report_error(exc)

        self.run("compare", run, on_done=done, on_error=failed, on_partial=partial)

    # ------------------------------------------------------------------ output

    def results_text(self, index: int | None = None) -> str:
        item = self.items[self.current if index is None else index] if self.items else None
        if item is None:
            return ""
        if item.error:
            return f"{item.name}: {translate_message(item.error)}"
        if item.result is None:
            return translate("controller", "{name}: not classified yet").format(name=item.name)
        source = item.produced_by
        if source is not None:  # what produced it, as the result's header says
            model = translate("controller", "{model} on {network}").format(
                model=source.model, network=source.network) if source.fine_tuned \
                else source.network
        else:
            model = item.result.model
        lines = [translate("controller", "{name} ({model}, weights {weights})").format(
            name=item.name, model=model,
            weights=translate_message(item.result.weights.describe()))]
        lines += [f"{p.rank}. {p.label}: {percent(p.probability)}"
                  for p in item.result.predictions]
        return "\n".join(lines)

    def batch_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["file", "model", "weights", "untrained", "rank", "index", "label",
                         "probability", "error"])
        for item in self.items:
            if item.error or item.result is None:
                writer.writerow([item.name, "", "", "", "", "", "", "",
                                 item.error or "not classified"])
                continue
            w = item.result.weights
            for p in item.result.predictions:
                writer.writerow([item.name, item.result.model, w.name, w.untrained, p.rank,
                                 p.index, p.label, f"{p.probability:.6f}", ""])
        return buf.getvalue()

    def shutdown(self) -> bool:
        self.stop_serving()
        ok = self.tasks.shutdown()
        for clf in self.predictors.values():
            clf.close()
        self.predictors.clear()
        return ok
