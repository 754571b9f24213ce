"""The window's controller: owns the batch, the loaded predictors and the worker tasks; talks
to the engine; tells the views what changed through signals. Views never touch the engine."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from inception_desktop.errors import ImageError, WeightsError
from inception_desktop.gui import jobs
from inception_desktop.gui.format import describe_error, percent, plural
from inception_desktop.gui.jobs import BatchItem, PredictorKey
from inception_desktop.gui.settings import Settings, save_settings
from inception_desktop.gui.tasks import TaskRunner
from inception_desktop.models import get_spec, list_models


class AppController(QObject):
    batch_changed = Signal()  # the list of items changed (new drop)
    item_updated = Signal(int)  # one item got its result or error
    current_changed = Signal(int)
    activations_ready = Signal(int)  # activations of the current item are available
    grid_ready = Signal(object)  # jobs.GridRender
    compare_ready = Signal(object)  # {"item", "rows": per-network results, "missing"}
    predictor_ready = Signal(object)  # the Predictor now in use
    predictor_loading = Signal(str)  # a network's display name: views drop what it replaces
    choice_reverted = Signal()  # a cancelled weights dialog put the previous choice back
    weights_needed = Signal(str, str)  # network, why
    busy = Signal(bool, str)  # working?, what
    message = Signal(str)  # a one-line status or error for the user
    error = Signal(str)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = TaskRunner(self)
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
        self.server = None  # the in-process inference server, when serving
        self._paste_count = 0

    # ------------------------------------------------------------------ choices

    def key(self, network: str | None = None) -> PredictorKey:
        network = network or self.settings.network
        custom = self.settings.weights if network == self.settings.network else None
        untrained = network in self.untrained_networks and custom is None
        return PredictorKey(network, custom, untrained, self.settings.backend,
                            self.settings.device, self.settings.precision)

    def set_choice(self, network: str | None = None, weights: str | None = "",
                   backend: str | None = None, device: str | None = None,
                   precision: str | None = None) -> None:
        """Change network / custom model / backend / device / precision; the current image
        runs again."""
        s = self.settings
        if network is not None or weights != "":
            # Kept so that a cancelled weights dialog can put it back.
            loaded = self.predictor
            self._previous_choice = (loaded.network, self._loaded_weights) if loaded else None
        if (backend, device, precision) != (None, None, None) and self.predictor is not None:
            # A runtime choice that cannot load (bf16 on a CPU without it, int8 without a
            # quantized export) is put back, with its reason.
            self._last_runtime = (s.backend, s.device, s.precision)
        if network is not None:
            s.network = network
        if weights != "":
            s.weights = weights
        if backend is not None:
            s.backend = backend
        if device is not None:
            s.device = device
        if precision is not None:
            s.precision = precision
        save_settings(s)
        self.ensure_predictor(then=self.rerun_current)

    def use_untrained(self, network: str) -> None:
        """The weights dialog's choice: run it untrained now, and from now on."""
        self.allow_untrained(network)
        self.ensure_predictor(then=self._after_weights_or(self.rerun_all))

    def allow_untrained(self, network: str) -> None:
        """Run `network` with random weights when it has none (remembered)."""
        self.untrained_networks.add(network)
        if network not in self.settings.untrained_ok:
            self.settings.untrained_ok.append(network)
            save_settings(self.settings)

    def forget_untrained(self, network: str) -> None:
        """Ask again next time (the manager's "Remove" of untrained use)."""
        self.untrained_networks.discard(network)
        if network in self.settings.untrained_ok:
            self.settings.untrained_ok.remove(network)
            save_settings(self.settings)

    def revert_choice(self) -> None:
        """The weights dialog was cancelled: the network (or model) that was in use before
        is chosen again, so the network box and the results agree."""
        self._after_weights = None
        previous, self._previous_choice = self._previous_choice, None
        if previous is None:
            return
        s = self.settings
        s.network, s.weights = previous
        save_settings(s)
        self.choice_reverted.emit()
        self.ensure_predictor()

    def _after_weights_or(self, default):
        then, self._after_weights = self._after_weights, None
        return then or default

    @property
    def _loaded_weights(self) -> str | None:
        """The custom model (settings.weights) the loaded predictor runs, if any."""
        for key, predictor in self.predictors.items():
            if predictor is self.predictor:
                return key.weights
        return None

    # ------------------------------------------------------------------ predictors

    def ensure_predictor(self, then=None) -> None:
        """Load (on a worker) the predictor the current choice needs, then call `then`."""
        key = self.key()
        if key in self.predictors:
            self.predictor = self.predictors[key]
            self._last_runtime = None
            self.predictor_ready.emit(self.predictor)
            if then:
                then()
            return
        if key.weights is None and not key.untrained:
            from inception_desktop.weights.resolve import resolve_weights

            try:
                resolve_weights(key.network)
            except WeightsError as exc:
                self.predictor = None
                self._after_weights = then
                self.weights_needed.emit(key.network, str(exc))
                return
        self.busy.emit(True, f"Loading {get_spec(key.network).display_name}…")
        self.predictor_loading.emit(get_spec(key.network).display_name)

        def done(clf) -> None:
            self.predictors[key] = clf
            if key == self.key():
                self.predictor = clf
                self._last_runtime = None
                self.busy.emit(False, "")
                self.predictor_ready.emit(clf)
                if then:
                    then()

        def failed(exc) -> None:
            self.busy.emit(False, "")
            self.error.emit(describe_error(exc))
            self._put_back_runtime(key)

        self.tasks.submit("load", jobs.load_predictor, key, on_done=done, on_error=failed)

    def _put_back_runtime(self, failed_key: PredictorKey) -> None:
        """After a runtime choice failed to load: the choice before it, if it differed."""
        last, self._last_runtime = self._last_runtime, None
        if last is None:
            return
        backend, device, precision = last
        s = self.settings
        if (failed_key.backend, failed_key.device, failed_key.precision) == \
                (backend, device, precision):
            return
        s.backend, s.device, s.precision = backend, device, precision
        save_settings(s)
        self.choice_reverted.emit()
        self.ensure_predictor(then=self.rerun_current)

    def weights_installed(self) -> None:
        """After the weights dialog installed something: load and run what was waiting."""
        self._previous_choice = None
        self.ensure_predictor(then=self._after_weights_or(self.rerun_all))

    # ------------------------------------------------------------------ input

    def open_paths(self, paths: list[str]) -> None:
        """Files and folders (recursively) become the new batch."""
        if not paths:
            return

        def expanded(found) -> None:
            files, unreadable = found
            if unreadable:
                self.error.emit("; ".join(unreadable[:3]))
            if not files:
                self.message.emit("No image files in " + ", ".join(Path(p).name for p in paths))
                return
            for p in paths:
                self.settings.add_recent(str(p))
            save_settings(self.settings)
            self._start_batch([BatchItem(f, f) for f in files])

        self.tasks.submit("expand", jobs.expand_inputs, list(paths), on_done=expanded,
                          on_error=lambda e: self.error.emit(describe_error(e)))

    # ------------------------------------------------------------------ weights for views

    def custom_models(self) -> list[Any]:
        """Installed fine-tuned models (for the network box)."""
        from inception_desktop.weights.store import list_entries

        try:
            return [e for e in list_entries() if e.kind == "custom" and e.status == "installed"]
        except OSError:
            return []

    def import_weights(self, path: str, network: str | None = None, name: str | None = None,
                       on_done=None, on_error=None, key: str = "import",
                       preprocess: str | None = None, resize: str | None = None,
                       labels: str | None = None) -> None:
        self.tasks.submit(key, jobs.import_job, path, network, name, preprocess, resize,
                          labels, on_done=on_done, on_error=on_error or
                          (lambda e: self.error.emit(describe_error(e))))

    def detect_model(self, path: str, on_done, on_error=None) -> None:
        """What a Keras / TF.js file holds (None for other files), read off the GUI thread."""
        self.tasks.submit("detect-model", jobs.detect_job, path, on_done=on_done,
                          on_error=on_error or (lambda e: self.error.emit(describe_error(e))))

    def download_weights(self, network: str, on_done=None, on_error=None, on_progress=None):
        """-> the task handle (the dialog cancels it)."""
        return self.tasks.submit(f"download:{network}", jobs.download_job, network,
                                 on_done=on_done, on_error=on_error, on_progress=on_progress)

    def set_mirror(self, url: str | None) -> None:
        """Downloads come from `url` (None: the official servers), now and after a restart."""
        from inception_desktop.weights.download import use_mirror

        self.settings.mirror = url
        save_settings(self.settings)
        use_mirror(url)

    def detect_devices(self, on_done) -> None:
        """The devices this computer has (needs torch: asked once the window is up)."""
        self.tasks.submit("devices", jobs.devices_job, on_done=on_done,
                          on_error=lambda e: None)

    # ------------------------------------------------------------------ serving

    def start_serving(self, port: int, on_done, on_error) -> None:
        """Serve the current model on 127.0.0.1:port (the same server as `serve`)."""
        if self.predictor is None:
            on_error(WeightsError("load a network first (drop an image, or pick one)"))
            return

        def started(server) -> None:
            self.server = server
            on_done(server)

        self.tasks.submit("serve", jobs.serve_job, self.predictor, port, on_done=started,
                          on_error=on_error)

    def stop_serving(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()

    # ------------------------------------------------------------------ the data folder

    def data_usage(self, on_done, on_error=None) -> None:
        self.tasks.submit("data-usage", jobs.data_usage_job, on_done=on_done,
                          on_error=on_error or (lambda e: self.error.emit(describe_error(e))))

    def prune_data(self, kinds: list[str] | None, older_than_s: float | None,
                   max_bytes: int | None, on_done, on_error=None) -> None:
        """Prune by age and/or size; with neither, clear the kinds."""
        self.tasks.submit("prune", jobs.prune_job, kinds, older_than_s, max_bytes,
                          on_done=on_done,
                          on_error=on_error or (lambda e: self.error.emit(describe_error(e))))

    # ------------------------------------------------------------------ fine-tuning

    def scan_folder(self, folder: str, on_done, on_error) -> None:
        self.tasks.submit("scan", jobs.scan_job, folder, 0.2, on_done=on_done,
                          on_error=on_error)

    def start_training(self, config, on_done, on_error, on_partial, on_progress,
                       on_cancelled):
        """-> the task handle; Cancel asks it to stop (it still settles in a callback)."""
        return self.tasks.submit("train", jobs.train_job, config, on_done=on_done,
                                 on_error=on_error, on_partial=on_partial,
                                 on_progress=on_progress, on_cancelled=on_cancelled)

    def cancel_training(self) -> bool:
        return self.tasks.cancel("train")

    def cell_thumbnails(self, files: list[str], on_done, on_error,
                        key: str = "cell-thumbs") -> None:
        self.tasks.submit(key, jobs.thumbnails_job, files, on_done=on_done, on_error=on_error)

    def evaluate(self, folder: str, labels_file: str | None, choices: list, backend: str,
                 device: str, precision: str, on_done, on_error, on_progress, on_partial):
        """-> the task handle; Cancel stops after the current batch (a partial result)."""
        save_settings(self.settings)
        return self.tasks.submit("evaluate", jobs.evaluate_job, folder, labels_file, choices,
                                 backend, device, precision, on_done=on_done,
                                 on_error=on_error, on_progress=on_progress,
                                 on_partial=on_partial, on_cancelled=on_error)

    def install_model(self, path: str, on_done, on_error) -> None:
        self.tasks.submit("use-model", jobs.install_model_job, str(path), on_done=on_done,
                          on_error=on_error)

    def open_bytes(self, data: bytes, name: str | None = None) -> None:
        self._paste_count += 1
        self._start_batch([BatchItem(name or f"Pasted image {self._paste_count}", data)])

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

        self.tasks.submit("preview", jobs.preview_item, item, on_done=shown,
                          on_error=lambda e: None)

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
        self.busy.emit(True, f"Classifying {plural(len(items), 'image')}…")
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
            self.message.emit(f"Classified {plural(ok, 'image')}" +
                              (f"; {failed} could not be read" if failed else ""))

        def failed(exc) -> None:
            self.busy.emit(False, "")
            self.error.emit(describe_error(exc))

        self.tasks.submit("classify", jobs.classify_items, clf, items, on_done=done,
                          on_error=failed, on_partial=partial)

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

    def request_activations(self) -> None:
        """Activations of the current image, computed once per image and predictor."""
        item = self.current_item()
        if item is None or item.image is None or self.predictor is None:
            return
        key = self.key()
        if key in item.activations:
            self.activations_ready.emit(self.current)
            return
        index = self.current
        clf = self.predictor
        self.inference_runs += 1

        def done(acts) -> None:
            item.activations[key] = acts
            if self.current_item() is item:
                self.activations_ready.emit(index)

        self.tasks.submit("activations", jobs.compute_activations, clf, item.image,
                          on_done=done, on_error=lambda e: self.error.emit(describe_error(e)))

    def request_grid(self, block_path: str, branch_of=None) -> None:
        """Render the block's channel grid on a worker (a newer request supersedes)."""
        acts = self.current_activations()
        if acts is None or block_path not in acts.blocks:
            return
        s = self.settings
        self.tasks.submit("grid", jobs.render_grid, block_path, acts.blocks[block_path],
                          s.colormap, s.normalization, s.channel_order, s.tile_size, branch_of,
                          on_done=self.grid_ready.emit,
                          on_error=lambda e: self.error.emit(describe_error(e)))

    # ------------------------------------------------------------------ top images

    def index_folder(self, folder: str, on_progress, on_done, on_error) -> None:
        """Index a folder for the current model (incremental; cancel keeps what was done)."""
        if self.predictor is None:
            on_error(WeightsError("load a network first (open an image, or pick one)"))
            return
        from inception_desktop.engine.channel_index import DEFAULT_K

        self.tasks.submit("index", jobs.index_job, self.predictor, folder, DEFAULT_K,
                          on_done=on_done, on_error=on_error, on_progress=on_progress,
                          on_cancelled=on_error)

    def channel_crops(self, hits: list[dict], on_done) -> None:
        self.tasks.submit("crops", jobs.crops_job, hits, on_done=on_done,
                          on_error=lambda e: self.error.emit(describe_error(e)))

    def atlas(self, index: Any, block: str, size: int, on_done) -> None:
        self.tasks.submit("grid", jobs.atlas_job, index, block, size, on_done=on_done,
                          on_error=lambda e: self.error.emit(describe_error(e)))

    def grad_cam(self, block: str, class_index: int, on_done) -> None:
        item = self.current_item()
        if item is None or item.image is None or self.predictor is None:
            return
        clf = self.predictor
        self.tasks.submit("gradcam", lambda state: clf.grad_cam(item.image, block, class_index),
                          on_done=on_done, on_error=lambda e: self.error.emit(describe_error(e)))

    # ------------------------------------------------------------------ compare

    def compare_current(self) -> None:
        """The current image through the three networks (published weights, or untrained
        where the user chose that); networks with neither are reported, not run."""
        item = self.current_item()
        if item is None:
            self.message.emit("Open or paste an image first, then compare.")
            return
        if item.error is not None:
            self.message.emit(f"{item.short_name} cannot be read, so it cannot be compared.")
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
        self.busy.emit(True, "Comparing the three networks…")

        def run(state):
            jobs.load_item(item)
            if item.image is None:
                raise ImageError(item.error or f"{item.name} cannot be read")
            clfs = []
            for k in keys:
                state.check()
                clfs.append(self.predictors.get(k) or jobs.load_predictor(state, k))
            return clfs, jobs.compare_networks(state, clfs, item.image)

        def done(result) -> None:
            clfs, rows = result
            for k, clf in zip(keys, clfs, strict=True):
                self.predictors[k] = clf
            self.busy.emit(False, "")
            self.compare_ready.emit({"item": item, "rows": rows, "missing": missing})

        self.tasks.submit("compare", run, on_done=done,
                          on_error=lambda e: (self.busy.emit(False, ""),
                                              self.error.emit(describe_error(e))))

    def ask_weights(self, network: str) -> None:
        """The weights dialog for a network (from Compare or the manager)."""
        self.weights_needed.emit(network, "")

    # ------------------------------------------------------------------ output

    def results_text(self, index: int | None = None) -> str:
        item = self.items[self.current if index is None else index] if self.items else None
        if item is None:
            return ""
        if item.error:
            return f"{item.name}: {item.error}"
        if item.result is None:
            return f"{item.name}: not classified yet"
        lines = [f"{item.name} ({get_spec(item.result.model).display_name}, weights "
                 f"{item.result.weights.describe()})"]
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
