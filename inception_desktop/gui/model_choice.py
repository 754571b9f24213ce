"""The controller's model choice: which network or installed model classifies and how it runs
(the settings' network, weights, backend, device and precision), loading its predictor off the
GUI thread, and what happens when it has no weights (the weights dialog, untrained by choice,
putting the previous choice back)."""

from __future__ import annotations

from typing import Any

from inception_desktop.errors import AppError, WeightsError
from inception_desktop.gui import jobs
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.jobs import PredictorKey
from inception_desktop.gui.settings import save_settings
from inception_desktop.models import get_spec


class ModelChoiceMixin:
    """Part of AppController (which provides settings, predictors, predictor, the signals,
    run, report_error, add_image and the rerun methods)."""

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
        self.choice_changed.emit()
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
        self.choice_changed.emit()
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
                self.weights_needed.emit(key.network, jobs.error_text(exc))
                return
        self.busy.emit(True, translate("model_choice", "Loading {network}…").format(
            network=get_spec(key.network).display_name))
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
            self.report_error(exc)
            self._put_back_runtime(key)

        self.run("load", jobs.load_predictor, key, on_done=done, on_error=failed)

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
        self.choice_changed.emit()
        self.ensure_predictor(then=self.rerun_current)

    def weights_declined(self, network: str) -> None:
        """The weights dialog was cancelled: the choice before it comes back; with none,
        the Classify tab says that nothing was classified."""
        name = get_spec(network).display_name
        self.message.emit(translate("model_choice", "No weights for {network}; choose another "
                                    "network or import weights").format(network=name))
        self.revert_choice()
        if self.predictor is None:
            self.no_results.emit(translate(
                "model_choice", "No weights for {network}: nothing was classified. Choose "
                "another network, or get its weights in File ▸ Manage networks.").format(
                network=name))

    def use_model(self, network: str, name: str) -> None:
        """An installed (fine-tuned or imported) model becomes the one that classifies."""
        self.models_changed.emit()
        self.set_choice(network=network, weights=name)

    def models_updated(self) -> None:
        """Models were installed or removed: the views listing them look again."""
        self.models_changed.emit()

    def open_mistake(self, path: str, class_index: int, network: str, custom: str | None
                     ) -> None:
        """An image of an evaluation, run by the model that made the mistake, with the map
        of the class it was taken for; added to the batch (which is kept)."""
        wanted = (network, custom or None)
        if (self.settings.network, self.settings.weights) != wanted:
            self.set_choice(network=network, weights=custom or None)
        self.add_image(path)
        self.class_wanted.emit(class_index)

    def weights_installed(self) -> None:
        """After the weights dialog installed something: load and run what was waiting."""
        self._previous_choice = None
        self.ensure_predictor(then=self._after_weights_or(self.rerun_all))

    # ------------------------------------------------------------------ weights for views

    def custom_models(self) -> list[Any]:
        """Installed models besides the networks themselves, for the network box: fine-tuned
        and imported models of their own classes, and an imported set of a network's
        weights when the network has another set to choose from."""
        from inception_desktop.weights.store import list_entries

        try:
            entries = [e for e in list_entries() if e.status == "installed"]
        except OSError:
            return []
        sets: dict[str, int] = {}  # ImageNet sets of weights per network
        for e in entries:
            if e.kind in ("pretrained", "imported") and not _own_classes(e):
                sets[e.network] = sets.get(e.network, 0) + 1
        return [e for e in entries if e.kind == "custom" or (
            e.kind == "imported" and not e.bundled and
            (_own_classes(e) or sets.get(e.network, 0) > 1))]

    def set_mirror(self, url: str | None) -> None:
        """Downloads come from `url` (None: the official servers), now and after a restart."""
        from inception_desktop.weights.download import use_mirror

        self.update_settings(mirror=url)
        use_mirror(url)

    def ask_weights(self, network: str) -> None:
        """The weights dialog for a network (from Compare or the manager)."""
        self.weights_needed.emit(network, "")


def _own_classes(entry: Any) -> bool:
    """A model with classes of its own (a Keras head, another label set), not a network's
    ImageNet weights."""
    if getattr(entry, "head", None):
        return True
    try:
        return entry.num_classes != get_spec(entry.network).num_classes
    except (KeyError, ValueError, AttributeError, AppError):  # an unknown network
        return True
