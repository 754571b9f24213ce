"""Evaluating models on a labelled folder: top-1/top-5, calibration, per-class results, the
networks side by side, with per-image predictions cached and a clean stop that still reports
what was done (marked partial).

`evaluate_models` is the use case the command line and the window share: each model in turn,
told as typed events (`DatasetRead`, `ModelStarting`, `ModelEvaluated`, `ModelSkipped`); a
model whose classes the folder does not name is skipped with its reason, never the run."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.engine.labelled import LabelledImage, LabelledSet, NoMatchingLabels
from inception_desktop.engine.metrics import summarize, top_k_columns
from inception_desktop.engine.pipeline import Prepared, batches, prepared_stream, stack
from inception_desktop.engine.prediction_cache import PredictionCache, cache_name, image_key
from inception_desktop.engine.results import softmax
from inception_desktop.errors import AppError, Cancelled, DatasetError, cause, msg
from inception_desktop.tasks import Stage, TaskState, ensure_state


@dataclass
class ModelEvaluation:
    """One model on one labelled set: its metrics, and each image's top-5 (for the CSV)."""

    model: str  # the name it is listed under
    network: str
    weights: dict[str, Any]
    backend: str
    device: str
    precision: str
    metrics: dict[str, Any]
    skipped: list[tuple[str, str]]
    computed: int
    cached: int
    seconds: float
    partial: bool
    rows: list[dict[str, Any]] = field(default_factory=list)  # per image
    mistakes: list[dict[str, Any]] = field(default_factory=list)  # most confident first

    @property
    def images_per_s(self) -> float | None:
        if not self.computed or self.seconds <= 0:
            return None
        return self.computed / self.seconds

    def to_json(self) -> dict[str, Any]:
        m = self.metrics
        return {
            "model": self.model, "network": self.network, "weights": self.weights,
            "backend": self.backend, "device": self.device, "precision": self.precision,
            "images": m["images"],
            "skipped": [{"file": f, "error": e} for f, e in self.skipped],
            "top1": m["top1"], "top5": m["top5"],
            "mean_class_accuracy": m["mean_class_accuracy"], "nll": m["nll"],
            "ece": m["ece"], "images_per_s": self.images_per_s,
            "computed": self.computed, "cached": self.cached, "partial": self.partial,
            "per_class": m["per_class"], "confused": m["confused"],
            "calibration": m["calibration"], "mistakes": self.mistakes[:50],
        }


def evaluate_model(predictor: Any, labelled: LabelledSet, batch_size: int = 8,
                   state: TaskState | None = None, use_cache: bool = True,
                   precision: str = "fp32") -> ModelEvaluation:
    """Run `predictor` over `labelled` (cached logits first) -> its evaluation. A cancelled
    state stops after the current batch; the result then covers what was done, partial."""
    state = ensure_state(state)
    started = time.perf_counter()
    cache = _open_cache(predictor, precision, state) if use_cache else None
    keys, skipped = _image_keys(labelled)
    logits = _cached_logits(cache, keys, state) if cache is not None else {}
    cached = len(logits)
    todo = [i for i in labelled.images if i.path in keys and i.path not in logits]
    total = len(keys)
    state.progress(cached, total, msg("{model}: {cached} cached",
                                      model=predictor.model_name, cached=cached), unit="images",
                   stage=Stage.EVALUATION)
    computed = 0
    partial = False
    t_compute = time.perf_counter()
    try:
        stream = prepared_stream([i.path for i in todo], predictor.spec, state=state,
                                 batch_size=batch_size)
        for group in batches(stream, batch_size):
            computed += _run_batch(predictor, group, keys, logits, skipped, cache)
            rate = computed / max(time.perf_counter() - t_compute, 1e-9)
            state.progress(cached + computed + len(skipped), total, predictor.model_name,
                           rate, "images", Stage.EVALUATION)
            state.check()
    except Cancelled:
        partial = True
    finally:
        if cache is not None:
            cache.close()
    compute_s = time.perf_counter() - t_compute
    return _finish(predictor, labelled, logits, skipped, computed, cached, compute_s,
                   partial, precision, time.perf_counter() - started)


def _open_cache(predictor: Any, precision: str, state: TaskState) -> PredictionCache:
    """The prediction cache of this predictor at this precision, its problems told as
    warnings."""
    cache = PredictionCache(cache_name(predictor.network, predictor.choice.sha256,
                                       predictor.backend_name, precision,
                                       predictor.num_classes),
                            predictor.num_classes, predictor.derived_from)
    if cache.problem:
        state.status(msg("warning: {problem}; predictions are not cached", problem=cache.problem))
    if cache.emptied:
        state.status(msg("warning: {emptied}", emptied=cache.emptied))
    return cache


def _image_keys(labelled: LabelledSet) -> tuple[dict[Path, str], list[tuple[str, str]]]:
    """-> (each readable image's cache key, (file, error) for each image that is not)."""
    keys: dict[Path, str] = {}
    skipped: list[tuple[str, str]] = []
    for image in labelled.images:
        try:
            keys[image.path] = image_key(image.path)
        except OSError as exc:
            skipped.append((str(image.path), msg("{file}: cannot be read ({reason})",
                                                 file=image.path,
                                                 reason=exc.strerror or str(exc))))
    return keys, skipped


def _cached_logits(cache: PredictionCache, keys: dict[Path, str],
                   state: TaskState) -> dict[Path, np.ndarray]:
    """The logits the cache holds for these images (by path)."""
    found = cache.get_many(list(keys.values()))
    logits = {path: found[key] for path, key in keys.items() if key in found}
    if cache.changed:
        state.status(msg("warning: {changed} cached prediction(s) in {path} changed since they "
                         "were written; computing them again",
                         changed=cache.changed, path=cache.path))
    return logits


def _run_batch(predictor: Any, group: list[Prepared], keys: dict[Path, str],
               logits: dict[Path, np.ndarray], skipped: list[tuple[str, str]],
               cache: PredictionCache | None) -> int:
    """Classify one group of prepared images: their logits go into `logits` (and the cache),
    the images that failed to decode into `skipped` -> how many were computed."""
    batch = stack(group)
    ready = [p for p in group if p.error is None]
    for p in group:
        if p.error is not None:
            skipped.append((p.name, p.error))
    if batch is None:
        return 0
    out = predictor.run(batch).logits
    new = []
    for prepared, row in zip(ready, out, strict=True):
        path = Path(prepared.name)
        logits[path] = np.asarray(row, np.float32)
        new.append((keys[path], logits[path]))
    if cache is not None:
        cache.put_many(new)
    return len(ready)


def _finish(predictor: Any, labelled: LabelledSet, logits: dict[Path, np.ndarray],
            skipped: list[tuple[str, str]], computed: int, cached: int, compute_s: float,
            partial: bool, precision: str, total_s: float) -> ModelEvaluation:
    done: list[LabelledImage] = [i for i in labelled.images if i.path in logits]
    names = list(predictor.labels)
    if done:
        probs = softmax(np.stack([logits[i.path] for i in done]))
        labels = np.array([i.label for i in done])
    else:
        probs, labels = np.zeros((0, len(names))), np.zeros(0, dtype=int)
    metrics = summarize(probs, labels, names)
    rows, mistakes = [], []
    if done:
        top5 = top_k_columns(probs, 5)
        for image, p, t in zip(done, probs, top5, strict=True):
            row = {"file": str(image.path), "true": names[image.label],
                   "true_index": image.label,
                   "top5": [{"index": int(c), "label": names[c], "probability": float(p[c])}
                            for c in t],
                   "correct": bool(t[0] == image.label)}
            rows.append(row)
            if not row["correct"]:
                mistakes.append({"file": row["file"], "true": row["true"],
                                 "predicted": names[t[0]],
                                 "confidence": float(p[t[0]])})
    mistakes.sort(key=lambda m: -m["confidence"])
    return ModelEvaluation(predictor.model_name, predictor.network,
                           predictor.choice.identity(), predictor.backend_name,
                           predictor.device, precision, metrics, skipped, computed, cached,
                           compute_s, partial, rows, mistakes)


def class_names_of(choice: Any) -> list[str] | None:
    """A fine-tuned model's own classes (from its metadata, no network loaded); None for
    ImageNet weights."""
    from inception_desktop.weights.appformat import read_app_metadata

    if choice.path is None:
        return None
    meta = read_app_metadata(choice.path)
    return meta.class_names if meta is not None else None


class LabelledSets:
    """The labelled set of a folder for each label space (ImageNet, or a fine-tuned model's
    classes), read once each."""

    def __init__(self, data: str | Path, labels_file: str | Path | None = None,
                 limit: int | None = None) -> None:
        self.data, self.labels_file, self.limit = data, labels_file, limit
        self.sets: dict[tuple[str, ...] | None, LabelledSet] = {}

    def for_choice(self, choice: Any) -> tuple[LabelledSet, bool]:
        """-> (the set for this model's classes, whether it was read just now)."""
        from inception_desktop.engine.labelled import read_labelled
        from inception_desktop.labels import imagenet_labels

        names = class_names_of(choice)
        key = tuple(names) if names is not None else None
        if key in self.sets:
            return self.sets[key], False
        labels = list(names) if names is not None else list(imagenet_labels())
        labelled = read_labelled(self.data, labels, names is None, self.labels_file,
                                 self.limit)
        self.sets[key] = labelled
        return labelled, True

    def first(self) -> LabelledSet:
        return next(iter(self.sets.values()))


def reported_accuracy(network: str, sha256: str | None) -> dict[str, Any] | None:
    """The published ImageNet top-1/top-5 of a network's published weights, with their source;
    None for any other weights (by sha256: imported or fine-tuned files never show it)."""
    from inception_desktop.weights.store import hash_matches, official_source

    source = official_source(network)
    if source.reported_top1 is None or not sha256 or not hash_matches(source, sha256):
        return None
    return {"top1": source.reported_top1, "top5": source.reported_top5,
            "source": source.reported_source}


@dataclass(frozen=True)
class DatasetRead:
    """The folder was read for a label space (ImageNet, or a fine-tuned model's classes)."""

    labelled: LabelledSet


@dataclass(frozen=True)
class ModelStarting:
    """A model is loaded and about to be evaluated."""

    model: str  # the name it is listed under
    display_name: str
    untrained: bool


@dataclass(frozen=True)
class ModelEvaluated:
    evaluation: ModelEvaluation


@dataclass(frozen=True)
class ModelSkipped:
    """A model that could not be evaluated on this folder, and why (one line)."""

    model: str
    why: str
    label: str = ""  # the model as people know it (a network's display name, or its name)


def model_label(choice: Any) -> str:
    """A model as the window and reports name it: a fine-tuned model by its name, a network's
    weights by the network's display name."""
    from inception_desktop.models import get_spec

    return choice.name if class_names_of(choice) is not None else \
        get_spec(choice.network).display_name


@dataclass(frozen=True)
class FolderPreview:
    """What a labelled folder holds, read before a run: its layout (None when no chosen model
    matches it) and, per chosen model (in order), None when it can be evaluated here, else
    why not."""

    layout: str | None
    problems: list[str | None]


def preview_folder(data: str | Path, choices: list[Any],
                   labels_file: str | Path | None = None) -> FolderPreview:
    """The folder's layout and which of `choices` match it (no image is decoded)."""
    sets = LabelledSets(data, labels_file)
    layout: str | None = None
    problems: list[str | None] = []
    for choice in choices:
        try:
            labelled, _ = sets.for_choice(choice)
        except NoMatchingLabels as exc:
            problems.append(exc.reason)
            continue
        problems.append(None)
        layout = layout or labelled.contents()
    return FolderPreview(layout, problems)


EvaluationEvent = DatasetRead | ModelStarting | ModelEvaluated | ModelSkipped


@dataclass
class EvaluationRun:
    """What `evaluate_models` did: the report, each evaluation, the models skipped."""

    report: dict[str, Any]
    evaluations: list[ModelEvaluation]
    skipped: list[ModelSkipped]
    interrupted: bool  # a cancel stopped it; the report covers what was done (partial)


def evaluate_models(data: str | Path, choices: list[Any], *, labels_file: str | Path | None = None,
                    limit: int | None = None, backend: str = "auto", device: str = "auto",
                    precision: str = "fp32", batch_size: int = 8, use_cache: bool = True,
                    state: TaskState | None = None) -> EvaluationRun:
    """Each model (a `WeightsChoice`) on the labelled folder, one after the other; a cancel
    ends after the current batch with what was done. DatasetError when no model could run."""
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.models import get_spec

    state = ensure_state(state)
    sets = LabelledSets(data, labels_file, limit)
    evaluations: list[ModelEvaluation] = []
    skipped: list[ModelSkipped] = []
    interrupted = False
    for choice in choices:
        try:
            labelled, new = sets.for_choice(choice)
        except NoMatchingLabels as exc:  # the folder is said once; the reason per model
            skipped.append(ModelSkipped(choice.name, exc.reason, model_label(choice)))
            state.partial(skipped[-1])
            continue
        if new:
            state.partial(DatasetRead(labelled))
        try:
            # auto measures at the batch that runs: never more than the folder's images
            predictor = Predictor(choice=choice, backend=backend, device=device, state=state,
                                  precision=precision,
                                  batch_size=min(batch_size, max(1, len(labelled.images))))
        except AppError as exc:  # one model that cannot load does not stop the others
            skipped.append(ModelSkipped(choice.name, cause(exc), model_label(choice)))
            state.partial(skipped[-1])
            continue
        try:
            state.partial(ModelStarting(predictor.model_name,
                                        get_spec(choice.network).display_name,
                                        choice.untrained))
            evaluation = evaluate_model(predictor, labelled, batch_size, state,
                                        use_cache=use_cache, precision=predictor.precision)
        finally:
            predictor.close()
        evaluations.append(evaluation)
        state.partial(ModelEvaluated(evaluation))
        if evaluation.partial:
            interrupted = True
            break
    if not evaluations:
        if skipped and not interrupted:
            reasons = "; ".join(f"{s.label or s.model}: {s.why}" for s in skipped[:3])
            raise DatasetError(msg("no model could be evaluated on {data}: {reasons}",
                                   data=data, reasons=reasons))
        raise Cancelled()
    report = build_report(sets.first(), evaluations)
    report["skipped_models"] = [{"model": s.model, "why": s.why} for s in skipped]
    return EvaluationRun(report, evaluations, skipped, interrupted)


def build_report(labelled: LabelledSet, evaluations: list[ModelEvaluation]) -> dict[str, Any]:
    imagenet = labelled.layout in ("imagenet", "kaggle-loc")
    models = []
    for ev in evaluations:
        entry = ev.to_json()
        if imagenet and ev.model == ev.network:
            entry["reported"] = reported_accuracy(ev.network, ev.weights.get("sha256"))
        models.append(entry)
    return {
        "dataset": {"path": str(labelled.root), "layout": labelled.layout,
                    "classes": labelled.classes, "images": len(labelled.images),
                    "sampled_from": labelled.limited_from,
                    "skipped_folders": labelled.skipped_folders,
                    "skipped_rows": [{"entry": e, "why": w} for e, w in labelled.skipped_rows],
                    "unreadable": labelled.unreadable},
        "models": models,
        "partial": any(ev.partial for ev in evaluations),
    }
