"""Dynamic batching: concurrent requests to one model are merged into one batch (up to
`max_batch` images, waiting at most `max_delay` for more after the first arrives); inference
runs on the model's own thread, off the event loop.

Bounded by construction:
- a request of more images than `max_batch` is split into batches of `max_batch`;
- the queue holds at most `max_queue` images, and a request is admitted only while the wait
  it can expect (the images ahead of it, in batches, times the measured time of a batch) is
  under `max_wait`: refused at once, before its body is read (`admit`);
- work whose request was abandoned (the client went away) is dropped before it runs;
- one request whose input makes the network's outputs non-finite gets its own error; the
  others of its batch get their answers (`PoisonedInput`).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from inception_desktop.errors import NonFiniteOutput


class QueueFull(Exception):
    """More images are waiting (or would wait longer) than the server accepts; `retry_after`
    is a fair guess in seconds."""

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__("the server is busy")
        self.retry_after = max(1, retry_after)


class PoisonedInput(Exception):
    """This request's own input made the network's outputs non-finite (the other requests
    of its batch were answered)."""


@dataclass
class _Pending:
    batch: np.ndarray
    future: asyncio.Future[np.ndarray]
    arrived: float


class DynamicBatcher:
    def __init__(self, run: Callable[[np.ndarray], np.ndarray], max_batch: int = 8,
                 max_delay_s: float = 0.005, max_queue: int = 64,
                 on_batch: Callable[[int], None] | None = None,
                 max_wait_s: float | None = None) -> None:
        self.run = run
        self.max_batch = max_batch
        self.max_delay_s = max_delay_s
        self.max_queue = max_queue  # images waiting, not requests
        self.max_wait_s = max_wait_s
        self.on_batch = on_batch
        self._pending: deque[_Pending] = deque()
        self._queued = 0
        self._reserved = 0  # admitted requests whose images are not queued yet
        self._arrived: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inference")
        self.batch_seconds: float | None = None  # measured, a moving average
        self.abandoned = 0  # images dropped because their request went away
        self.batches: list[int] = []  # sizes of the last batches run, for tests and metrics

    @property
    def queued(self) -> int:
        return self._queued

    def start(self) -> None:
        self._arrived = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        """Finish what is queued, then stop."""
        while self._pending:
            await asyncio.sleep(0.01)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=True)

    # ------------------------------------------------------------------ admission

    def expected_wait(self, images: int = 1) -> float:
        """Seconds a request of `images` more can expect to wait for its answer."""
        if self.batch_seconds is None:
            return 0.0
        ahead = self._queued + self._reserved + images
        return math.ceil(ahead / self.max_batch) * self.batch_seconds

    @contextlib.contextmanager
    def admit(self, images: int = 1) -> Iterator[None]:
        """Admit a request before its body is read, or raise QueueFull at once: while it
        is read and decoded, it counts as `images` waiting."""
        if self._queued + self._reserved + images > self.max_queue:
            raise QueueFull(math.ceil(self.expected_wait(images)) or 1)
        wait = self.expected_wait(images)
        busy = self._queued + self._reserved > 0  # an idle server takes any request
        if busy and self.max_wait_s is not None and wait > self.max_wait_s:
            raise QueueFull(math.ceil(wait))
        self._reserved += images
        try:
            yield
        finally:
            self._reserved -= images

    # ------------------------------------------------------------------ running

    async def submit(self, batch: np.ndarray) -> np.ndarray:
        """Queue images (N x ...) -> their outputs (N x ...), in order; more than
        `max_batch` run as several batches. Cancelling the call drops what has not run."""
        if self._queued + len(batch) > self.max_queue:
            raise QueueFull(math.ceil(self.expected_wait(len(batch))) or 1)
        assert self._arrived is not None, "start() the batcher inside the event loop first"
        loop = asyncio.get_running_loop()
        parts = []
        for start in range(0, len(batch), self.max_batch):
            future: asyncio.Future[np.ndarray] = loop.create_future()
            chunk = batch[start:start + self.max_batch]
            self._pending.append(_Pending(chunk, future, time.monotonic()))
            self._queued += len(chunk)
            parts.append(future)
        self._arrived.set()
        try:
            outputs = [await part for part in parts]
        except BaseException:
            for part in parts:
                part.cancel()  # dropped from the queue before it runs
            raise
        return outputs[0] if len(outputs) == 1 else np.concatenate(outputs)

    def _drop_abandoned(self) -> None:
        kept = deque(p for p in self._pending if not p.future.done())
        for p in self._pending:
            if p.future.done():
                self._queued -= len(p.batch)
                self.abandoned += len(p.batch)
        self._pending = kept

    async def _loop(self) -> None:
        assert self._arrived is not None
        loop = asyncio.get_running_loop()
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            while True:
                self._drop_abandoned()
                if not self._pending:
                    break
                first = self._pending[0]
                deadline = first.arrived + self.max_delay_s
                # Wait for more (up to the batch size or the deadline) before running.
                while sum(len(p.batch) for p in self._pending) < self.max_batch:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    try:
                        await asyncio.wait_for(self._arrived.wait(), left)
                    except asyncio.TimeoutError:
                        break
                    self._arrived.clear()
                self._drop_abandoned()
                if not self._pending:
                    break
                taken: list[_Pending] = []
                size = 0
                while self._pending and (not taken or
                                         size + len(self._pending[0].batch) <= self.max_batch):
                    item = self._pending.popleft()
                    taken.append(item)
                    size += len(item.batch)
                batch = np.concatenate([p.batch for p in taken]) if len(taken) > 1 \
                    else taken[0].batch
                started = time.monotonic()
                try:
                    out = await loop.run_in_executor(self._executor, self.run, batch)
                except NonFiniteOutput as exc:  # some inputs' own fault: theirs alone
                    out = exc.output
                    _deliver(taken, out, set(exc.rows))
                except Exception as exc:  # delivered to every request of the batch
                    for p in taken:
                        if not p.future.done():
                            p.future.set_exception(exc)
                else:
                    _deliver(taken, out, set())
                finally:
                    self._queued -= size
                self._measured(time.monotonic() - started)
                self.batches.append(len(batch))
                del self.batches[:-1000]
                if self.on_batch is not None:
                    self.on_batch(len(batch))

    def _measured(self, seconds: float) -> None:
        self.batch_seconds = seconds if self.batch_seconds is None else \
            0.8 * self.batch_seconds + 0.2 * seconds


def _deliver(taken: list[_Pending], out: np.ndarray, bad_rows: set[int]) -> None:
    start = 0
    for p in taken:
        rows = range(start, start + len(p.batch))
        if not p.future.done():
            if bad_rows.intersection(rows):
                p.future.set_exception(PoisonedInput())
            else:
                p.future.set_result(out[start:start + len(p.batch)])
        start += len(p.batch)
