"""The prefetching image pipeline every folder job shares (classify, evaluate, fine-tuning's
feature extraction, channel indexing, calibration, the window's batches).

Decoding and preprocessing run ahead of inference on worker threads (Pillow's decoders and
resize release the GIL), through a bounded window of pending items, and come out in input
order. A file that cannot be read comes out as that file's error; it never stops the stream.
Preprocessing is the same numpy + Pillow code as everywhere (`engine.preprocess`), so the
result equals the reference transforms exactly.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
from PIL import Image

from inception_desktop.engine.images import full_size, load_image
from inception_desktop.engine.preprocess import decode_size_hint, preprocess
from inception_desktop.errors import ImageError, cause, msg
from inception_desktop.fileio import named
from inception_desktop.models.spec import ModelSpec
from inception_desktop.tasks import TaskState

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """Decoding threads: enough to keep inference fed, not more than the cores (inference
    needs them too)."""
    from inception_desktop.cpu import usable_cores

    return max(1, min(4, usable_cores()))


def prefetch_depth(batch_size: int, workers: int | None = None) -> int:
    """How many items a consumer taking `batch_size` at a time lets decode ahead: the whole
    next batch while the current one runs (so inference never waits for decoding that could
    have overlapped it), plus one per worker to keep them busy while a batch is formed."""
    return max(1, batch_size) + (workers or default_workers())


@dataclass
class Outcome(Generic[T, R]):
    """One item through a pipeline stage: its result, or the error that stopped it."""

    item: T
    result: R | None
    error: Exception | None
    seconds: float  # time the worker spent on it


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None,
                ahead: int | None = None, state: TaskState | None = None
                ) -> Iterator[Outcome[T, R]]:
    """fn(item) for every item on worker threads, yielded in input order, at most `ahead`
    items in flight. An exception from fn is that item's outcome. Closing the iterator early
    (or a cancelled `state`) drops what is still pending."""
    workers = workers or default_workers()
    ahead = max(ahead or 2 * workers, 1)

    def timed(item: T) -> tuple[R, float]:
        started = time.perf_counter()
        result = fn(item)
        return result, time.perf_counter() - started

    iterator = iter(items)
    pending: deque[tuple[T, Future[tuple[R, float]]]] = deque()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="prefetch")
    try:
        def fill() -> None:
            while len(pending) < ahead:
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                pending.append((item, pool.submit(timed, item)))

        fill()
        while pending:
            if state is not None:
                state.check()
            item, future = pending.popleft()
            try:
                result, seconds = future.result()
                outcome: Outcome[T, R] = Outcome(item, result, None, seconds)
            except Exception as exc:  # one item's failure is that item's outcome
                outcome = Outcome(item, None, exc, 0.0)
            fill()
            yield outcome
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Prepared:
    """One image ready for the network (or the reason it is not)."""

    name: str
    tensor: np.ndarray | None  # 3 x size x size float32
    image: Image.Image | None  # the decoded RGB image, when asked for
    size: tuple[int, int] | None  # the original (width, height)
    error: str | None
    load_s: float  # decoding
    preprocess_s: float = 0.0  # resize, crop, normalise
    problem: ImageError | None = None  # the error itself, for those who answer by its type

    @property
    def seconds(self) -> float:
        return self.load_s + self.preprocess_s


def prepare_file(source: str | os.PathLike[str] | bytes, spec: ModelSpec, keep_image: bool = False,
                 name: str | None = None, geometry: str = "crop") -> Prepared:
    """Decode and preprocess one image. Its cost follows the network's input, not the file:
    a large JPEG is decoded at a reduced scale (unless the image itself is kept), and the
    resize reads only what the network sees (`engine.preprocess`)."""
    label = name or str(source) if not isinstance(source, bytes) else name or "image data"
    # Messages name the file first, its folder after ('photo.jpg in /home/ana/Pictures').
    where = name or named(source) if not isinstance(source, bytes) else label
    started = time.perf_counter()
    loaded = started
    try:
        img = load_image(source, name=name,
                         reduce_to=None if keep_image else decode_size_hint(spec, geometry))
        loaded = time.perf_counter()
        tensor = preprocess(img, spec, geometry)
    except ImageError as exc:
        problem = exc if loaded == started else type(exc)(msg("{file}: {reason}", file=where,
                                                              reason=cause(exc)))
        return Prepared(label, None, None, None, cause(problem), time.perf_counter() - started,
                        problem=problem)
    except Exception as exc:  # preprocessing a strange image: still only this file's error
        problem = ImageError(msg("{file}: cannot be prepared ({kind}: {reason})", file=where,
                                 kind=type(exc).__name__, reason=cause(exc)))
        return Prepared(label, None, None, None, cause(problem), time.perf_counter() - started,
                        problem=problem)
    return Prepared(label, tensor, img if keep_image else None, full_size(img), None,
                    loaded - started, time.perf_counter() - loaded)


def prepared_stream(files: Iterable[str | os.PathLike[str] | Path], spec: ModelSpec,
                    workers: int | None = None, keep_image: bool = False,
                    state: TaskState | None = None, batch_size: int = 1
                    ) -> Iterator[Prepared]:
    """Decode and preprocess files ahead of use, in order; errors are `Prepared.error`.
    `batch_size`: how many the consumer takes at a time (see `prefetch_depth`)."""
    for outcome in ordered_map(lambda f: prepare_file(f, spec, keep_image), files, workers,
                               ahead=prefetch_depth(batch_size, workers), state=state):
        if outcome.result is not None:
            yield outcome.result
        else:  # prepare_file reports its own errors; this is a thread that failed otherwise
            name = str(outcome.item)
            yield Prepared(name, None, None, None, msg("{file}: {reason}", file=name,
                                                      reason=str(outcome.error)), 0.0)


def batches(stream: Iterable[Prepared], batch_size: int) -> Iterator[list[Prepared]]:
    """Group a stream into lists holding `batch_size` readable images each (unreadable ones
    ride along in the list where they came, so order is kept)."""
    group: list[Prepared] = []
    ready = 0
    for item in stream:
        group.append(item)
        ready += item.error is None
        if ready >= batch_size:
            yield group
            group, ready = [], 0
    if group:
        yield group


def stack(group: list[Prepared]) -> np.ndarray | None:
    tensors = [p.tensor for p in group if p.tensor is not None]
    return np.stack(tensors) if tensors else None
