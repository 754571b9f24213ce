"""The engine's front door: one network, one set of weights, one backend; images in, top-k
and activations out. Used by the CLI, the server and the window alike, and free of Qt.

(Named `Predictor`, not "classifier": every network has a `classifier` layer.)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np
from PIL import Image

from inception_desktop.engine.activations import ImageActivations
from inception_desktop.engine.backend import Backend, BackendOutput
from inception_desktop.engine.pipeline import (
    Prepared,
    ordered_map,
    prefetch_depth,
    prepare_file,
    stack,
)
from inception_desktop.engine.preprocess import crop_box, preprocess, preprocess_batch
from inception_desktop.engine.registry import choose_backend
from inception_desktop.engine.results import ClassificationResult, Prediction, softmax, top_k
from inception_desktop.errors import (
    BackendError,
    NoInt8Export,
    NonFiniteOutput,
    UsageError,
    WeightsError,
    cause,
    msg,
)
from inception_desktop.labels import labels_for
from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.weights.exports import ExportInfo
from inception_desktop.weights.headfile import HeadCheckpoint
from inception_desktop.weights.resolve import WeightsChoice, resolve_weights, weights_spec

T = TypeVar("T")
# `auto` measures an int8 export only when its check against fp32 kept this share of top-1
AUTO_INT8_AGREEMENT = 0.95


def _ms(seconds: float) -> float:
    return seconds * 1000.0


class Predictor:
    """Load once, then classify many images (and get their activations)."""

    def __init__(self, network: str | None = None,
                 weights: str | os.PathLike[str] | None = None, random_weights: bool = False,
                 backend: str = "auto", device: str = "auto", threads: int | None = None,
                 choice: WeightsChoice | None = None, state: TaskState | None = None,
                 precision: str = "fp32", batch_size: int = 1) -> None:
        """`state` hears of slow first-time work (an ONNX export takes a few seconds).
        `precision` fp32, bf16 (OpenVINO, on CPUs with native bf16), int8 (a quantized
        export made by `quantize`) or auto (the fastest of those measured here). `auto`
        (backend or precision) measures at `batch_size`, the batch the work mostly runs."""
        started = time.perf_counter()
        state = ensure_state(state)
        self.choice = choice or resolve_weights(network, weights, random_weights)
        self.network = self.choice.network
        # the preprocessing these weights were trained with (imported Keras models record it)
        self.spec = weights_spec(self.choice)
        self.requested_precision = precision
        self.backend_name, self.device = choose_backend(backend, device, precision)
        # with `auto`, what runs is known once measured; torch runs fp32
        self.precision = "fp32" if precision == "auto" else precision
        self.auto_timings: dict[str, float] = {}  # what `auto` compared, in ms per batch
        self.batch_size = max(1, int(batch_size))
        self.head = self._read_head()
        self.export: ExportInfo | None = None  # the export the runtime runs, if any
        self.backend, class_names = self._open_backend(threads, state)
        self.labels = labels_for(self.backend.num_classes, class_names)
        # A fine-tuned model has its own classes; it is listed (and served) by its own name.
        self.fine_tuned = class_names is not None or self.head is not None
        self.load_ms = _ms(time.perf_counter() - started)
        self._last_timing: dict[str, float] = {}
        self._known_good: bool | None = None

    def _read_head(self) -> HeadCheckpoint | None:
        from inception_desktop.weights.headfile import is_head_checkpoint, read_head_checkpoint

        if self.choice.path is not None and is_head_checkpoint(self.choice.path):
            return read_head_checkpoint(self.choice.path)
        return None

    def _open_backend(self, threads: int | None, state: TaskState
                      ) -> tuple[Backend, list[str] | None]:
        if self.backend_name == "torch":
            from inception_desktop.engine.torch_backend import TorchBackend, build_torch_model

            model, class_names = build_torch_model(self.choice)
            return TorchBackend(model, self.device, threads), class_names
        from inception_desktop.engine.onnx_backend import HeadOverride
        from inception_desktop.engine.registry import AUTO_CPU, open_export_backend

        weights = self.choice
        if self.head is not None:
            from inception_desktop.weights.resolve import resolve_base

            weights = resolve_base(self.head)
        if self.backend_name == AUTO_CPU or self.requested_precision == "auto":
            backend = self._open_fastest(weights, threads, state)
        else:
            self.export = self._export(weights, state)
            backend = open_export_backend(self.backend_name, self.export, self.precision,
                                          self.device, threads)
        export = self.export
        assert export is not None
        if self.head is not None:
            return (HeadOverride(backend, self.head.weight, self.head.bias),
                    self.head.class_names)
        return backend, export.class_names

    def _open_fastest(self, weights: WeightsChoice, threads: int | None,
                      state: TaskState) -> Backend:
        """`auto`: of the runtimes and precisions that can run these weights here, the one
        measured fastest at this predictor's batch size (cached per CPU and export file)."""
        from inception_desktop.engine.autotune import Candidate, fastest
        from inception_desktop.engine.registry import auto_candidates, open_export_backend

        exports: dict[str, ExportInfo | None] = {}
        candidates = []
        for runtime, precision in auto_candidates(self.backend_name, self.requested_precision):
            if precision not in exports:
                exports[precision] = self._export(weights, state, precision) \
                    if self.requested_precision != "auto" else \
                    self._auto_export(weights, state, precision)
            export = exports[precision]
            if export is not None:
                candidates.append(Candidate(runtime, precision, export))
        chosen = fastest(candidates, self.spec.input_size, threads, self.batch_size, state)
        self.backend_name = chosen.candidate.runtime
        self.precision = chosen.candidate.precision
        self.export = chosen.candidate.export
        self.auto_timings = chosen.timings
        if chosen.backend is not None:
            return chosen.backend
        return open_export_backend(self.backend_name, self.export, self.precision, self.device,
                                   threads)

    def _auto_export(self, weights: WeightsChoice, state: TaskState,
                     precision: str) -> ExportInfo | None:
        """The export `auto` may run at `precision`: fp32's (made when missing), an int8 one
        only where `quantize` made one whose check kept the answers (top-1 agreement with
        fp32 of at least AUTO_INT8_AGREEMENT on the held-out images)."""
        if precision != "int8":
            return self._export(weights, state, precision)
        from inception_desktop.weights.exports import find_export

        if find_export(weights.network, weights.sha256, weights.untrained,
                       precision="int8") is None:
            return None  # `quantize` makes one
        try:
            found = self._export(weights, state, "int8")
        except BackendError as exc:  # changed since it was made: said, and not measured
            state.status(msg("warning: {reason}", reason=cause(exc)))
            return None
        report = found.extra.get("report")
        agree = report.get("top1_agreement") if isinstance(report, dict) else None
        if isinstance(agree, (int, float)) and agree < AUTO_INT8_AGREEMENT:
            state.status(msg("not measuring int8: its check kept only {percent:.0f}% of the top-1 "
                             "answers (quantize on more typical images)", percent=agree * 100))
            return None
        return found

    def _export(self, weights: WeightsChoice, state: TaskState,
                precision: str | None = None) -> Any:
        """The ONNX export the runtimes run: fp32 (made when missing), or the int8 one."""
        from inception_desktop.engine.export import ensure_export

        if (precision or self.precision) != "int8":
            return ensure_export(weights, state=state)
        from inception_desktop.weights.exports import find_export, remove_export, verify_export

        found = find_export(weights.network, weights.sha256, weights.untrained,
                            precision="int8")
        problem = verify_export(found) if found is not None else None
        if found is not None and problem is not None:  # calibrated on images only
            if not found.bundled:  # `quantize` is given: it cannot be made here
                remove_export(found)
            raise BackendError(msg("{problem}; it was removed: make it again with "
                                   "`inception-desktop quantize --model {network} ...`",
                                   problem=problem, network=weights.network))
        if found is None:
            target = "--random-weights" if weights.untrained else \
                f"--weights {weights.path or weights.name}"
            raise NoInt8Export(
                msg("no int8 export of {network} with weights {weights}: make one with "
                    "`inception-desktop quantize --model {model} {target} --calibration DIR` "
                    "(DIR: some of your photos)", network=self.spec.display_name,
                    weights=weights.describe(), model=weights.network, target=target),
                weights.network, weights.name)
        return found

    @property
    def num_classes(self) -> int:
        return self.backend.num_classes

    @property
    def derived_from(self) -> str:
        """What this predictor's answers are made from (the weights' and the export's
        digests, the runtime and precision): the source a cache of them records."""
        record = (self.export.files_record or {}).get("onnx") if self.export else None
        export_sha = record.get("sha256") if isinstance(record, dict) else None
        return (f"{self.network}|{self.choice.sha256}|{export_sha}|{self.backend_name}|"
                f"{self.precision}|{self.num_classes}")

    @property
    def model_name(self) -> str:
        """The name this model is listed under: a fine-tuned model's own name, else the
        network's."""
        return self.choice.name if self.fine_tuned else self.network

    @property
    def keras_head(self) -> str | None:
        """'Keras head 2048 -> 256 -> 5' for an imported Keras / TF.js model, else None."""
        from inception_desktop.weights.appformat import read_app_metadata

        if self.choice.path is None:
            return None
        try:
            meta = read_app_metadata(self.choice.path)
        except WeightsError:
            return None
        head = meta.values.get("head") if meta is not None else None
        return head if isinstance(head, str) else None

    def describe(self) -> str:
        head = self.keras_head
        if head:
            return msg("{network} ({head}), weights {weights}, {runs} on {device}",
                       network=self.spec.display_name, head=head,
                       weights=self.choice.describe(), runs=self.runs, device=self.device)
        return msg("{network}, weights {weights}, {runs} on {device}",
                   network=self.spec.display_name, weights=self.choice.describe(),
                   runs=self.runs, device=self.device)

    @property
    def runs(self) -> str:
        """What runs, and why when `auto` chose it: 'openvino bf16 (auto: fastest here of
        onnxruntime fp32 38 ms, openvino bf16 19 ms, ...)'."""
        what = f"{self.backend_name} {self.precision}"
        if len(self.auto_timings) > 1:
            measured = ", ".join(f"{k} {v:.0f} ms" for k, v in
                                 sorted(self.auto_timings.items(), key=lambda kv: kv[1]))
            return msg("{runtime} (auto: fastest here at batch {batch} of {measured})",
                       runtime=what, batch=self.batch_size, measured=measured)
        return what

    # ------------------------------------------------------------------ running

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        """The backend's outputs for a preprocessed batch, checked to be finite numbers.

        Rows that are not finite are the fault of their inputs (NonFiniteOutput, naming
        them) unless a known-good input is not finite either: then the weights are corrupt
        (WeightsError). Each row is computed on its own, so the other rows stand."""
        out = self.backend.run(batch, blocks)
        finite = np.isfinite(out.logits).reshape(len(out.logits), -1).all(axis=1)
        if finite.all():
            return out
        if not self._known_good_is_finite():
            raise WeightsError(
                msg("the weights {weights} make {network} produce outputs that are not finite "
                    "numbers: the weights are corrupt; remove them and download or import them "
                    "again", weights=self.choice.describe(), network=self.spec.display_name))
        rows = [int(i) for i in np.flatnonzero(~finite)]
        raise NonFiniteOutput(
            msg("{bad} of {total} input(s) make {network}'s outputs not finite numbers (values far "
                "outside what preprocessing gives)", bad=len(rows), total=len(finite),
                network=self.spec.display_name), rows,
            out.logits)

    def _known_good_is_finite(self) -> bool:
        """Whether the mean image (all zeros after normalisation) gives finite outputs;
        measured once (the weights do not change)."""
        if self._known_good is None:
            size = self.spec.input_size
            logits = self.backend.run(np.zeros((1, 3, size, size), np.float32), ()).logits
            self._known_good = bool(np.isfinite(logits).all())
        return self._known_good

    def probabilities(self, batch: np.ndarray) -> np.ndarray:
        """N x classes float64 probabilities of a preprocessed batch."""
        return softmax(self.run(batch).logits)

    # ------------------------------------------------------------------ classification

    def classify_images(self, images: list[Image.Image], top: int = 5
                        ) -> tuple[list[list[Prediction]], dict[str, float]]:
        """RGB images -> (their top-k predictions, timings per image in ms)."""
        if top < 1:
            raise UsageError(msg("top-k must be at least 1, not {top}", top=top))
        t0 = time.perf_counter()
        batch = preprocess_batch(images, self.spec)
        t1 = time.perf_counter()
        probs = self.probabilities(batch)
        t2 = time.perf_counter()
        n = max(len(images), 1)
        timing = {"preprocess": _ms(t1 - t0) / n, "inference": _ms(t2 - t1) / n}
        self._last_timing = timing
        return [top_k(p, self.labels, top) for p in probs], timing

    def classify_files(self, files: Iterable[str | os.PathLike[str]], top: int = 5,
                       batch_size: int = 8, workers: int | None = None,
                       state: TaskState | None = None) -> Iterator[ClassificationResult]:
        """Classify files in batches, yielding each result in input order as soon as its
        batch is done; decoding runs ahead on worker threads. A file that cannot be read
        yields a result with `error` and the rest go on."""
        spec = self.spec
        for _, result in self.classify_stream(files, lambda f: prepare_file(f, spec), top,
                                              batch_size, workers, state):
            yield result

    def classify_stream(self, items: Iterable[T], prepare: Callable[[T], Prepared],
                        top: int = 5, batch_size: int = 8, workers: int | None = None,
                        state: TaskState | None = None
                        ) -> Iterator[tuple[T, ClassificationResult]]:
        """The one classification loop (command line, window, server): `prepare(item)` on
        worker threads ahead of inference, batches of `batch_size` readable images, each
        item's result in input order as soon as its batch is done. An item that cannot be
        prepared gets a result with its `error`; the others go on."""
        if top < 1 or batch_size < 1:
            raise UsageError(msg("top-k and the batch size must be at least 1"))
        group: list[tuple[T, Prepared]] = []
        ready = 0
        for outcome in ordered_map(prepare, items, workers,
                                   ahead=prefetch_depth(batch_size, workers), state=state):
            prepared = outcome.result
            if prepared is None:  # prepare raised: a thread that failed otherwise
                name = str(outcome.item)
                prepared = Prepared(name, None, None, None, msg("{file}: {reason}", file=name,
                                                                reason=str(outcome.error)), 0.0)
            group.append((outcome.item, prepared))
            ready += prepared.error is None
            if ready >= batch_size:
                yield from self._classify_group(group, top)
                group, ready = [], 0
        if group:
            yield from self._classify_group(group, top)

    def _classify_group(self, group: list[tuple[T, Prepared]], top: int
                        ) -> Iterator[tuple[T, ClassificationResult]]:
        batch = stack([p for _, p in group])
        preds: Iterator[list[Prediction] | None] = iter([])
        timing: dict[str, float] = {}
        if batch is not None:
            t0 = time.perf_counter()
            bad: set[int] = set()
            try:
                probs = self.probabilities(batch)
            except NonFiniteOutput as exc:  # those images' own error; the others stand
                bad = set(exc.rows)
                probs = softmax(np.where(np.isfinite(exc.output), exc.output, 0.0))
            per_image = _ms(time.perf_counter() - t0) / len(batch)
            preds = iter([None if i in bad else top_k(p, self.labels, top)
                          for i, p in enumerate(probs)])
            timing = {"inference": per_image}
        for item, prepared in group:
            if prepared.error is not None:
                yield item, ClassificationResult(prepared.name, self.model_name, self.choice,
                                                 error=prepared.error)
                continue
            found = next(preds)
            if found is None:  # this image's own input made the outputs non-finite
                yield item, ClassificationResult(
                    prepared.name, self.model_name, self.choice,
                    error=msg("{file}: makes {network}'s outputs not finite numbers",
                              file=prepared.name, network=self.spec.display_name))
            else:
                yield item, ClassificationResult(
                    prepared.name, self.model_name, self.choice, found,
                    {"model_load": self.load_ms, "image_load": _ms(prepared.load_s),
                     "preprocess": _ms(prepared.preprocess_s), **timing})

    # ------------------------------------------------------------------ activations

    def activations(self, image: Image.Image, blocks: Iterable[str] | None = None
                    ) -> ImageActivations:
        """Logits and block outputs (all viewable blocks by default) of one image, one run."""
        paths = [b.path for b in self.spec.blocks] if blocks is None else list(blocks)
        last = self.spec.blocks[-1].path
        if last not in paths:
            paths.append(last)  # the CAM needs it
        batch = preprocess(image, self.spec)[None]
        out = self.run(batch, paths)
        return ImageActivations(
            network=self.network,
            image_size=(image.width, image.height),
            crop_box=crop_box(image.width, image.height, self.spec),
            input_size=self.spec.input_size,
            logits=out.logits[0],
            probabilities=softmax(out.logits)[0].astype(np.float32),
            head_weight=self.backend.head_weight,
            head_bias=self.backend.head_bias,
            last_block=last,
            blocks={p: a[0] for p, a in out.blocks.items()},
            cam_exact=bool(getattr(self.backend, "cam_exact", True)),
        )

    def grad_cam(self, image: Image.Image, block: str, class_index: int) -> np.ndarray:
        """Grad-CAM at any block (torch backend only) -> input_size x input_size map."""
        from inception_desktop.engine.activations import upsample
        from inception_desktop.engine.torch_backend import TorchBackend

        if not isinstance(self.backend, TorchBackend):
            raise BackendError(msg("Grad-CAM needs the torch backend (gradients); choose "
                                   "--backend torch"))
        self.spec.block(block)
        raw = self.backend.grad_cam(preprocess(image, self.spec)[None], block, class_index)
        return upsample(raw, (self.spec.input_size, self.spec.input_size))

    def close(self) -> None:
        self.backend.close()

