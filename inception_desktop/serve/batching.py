"""Dynamic batching: concurrent requests to one model are merged into one batch (up to
`max_batch` images, waiting at most `max_delay` for more after the first arrives); inference
runs on the model's own thread, off the event loop; the queue is bounded and a full queue is
refused at once (the server answers 503 with Retry-After)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np


class QueueFull(Exception):
    """More images are waiting than the queue holds."""


@dataclass
class _Pending:
    batch: np.ndarray
    future: asyncio.Future[np.ndarray]
    arrived: float


class DynamicBatcher:
    def __init__(self, run: Callable[[np.ndarray], np.ndarray], max_batch: int = 8,
                 max_delay_s: float = 0.005, max_queue: int = 64,
                 on_batch: Callable[[int], None] | None = None) -> None:
        self.run = run
        self.max_batch = max_batch
        self.max_delay_s = max_delay_s
        self.max_queue = max_queue  # images waiting, not requests
        self.on_batch = on_batch
        self._pending: deque[_Pending] = deque()
        self._queued = 0
        self._arrived: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inference")
        self.batches: list[int] = []  # sizes of the batches run, for tests and metrics

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
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._executor.shutdown(wait=True)

    async def submit(self, batch: np.ndarray) -> np.ndarray:
        """Queue images (N x ...) -> their outputs (N x ...), in order."""
        if self._queued + len(batch) > self.max_queue:
            raise QueueFull()
        assert self._arrived is not None, "start() the batcher inside the event loop first"
        future: asyncio.Future[np.ndarray] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(batch, future, time.monotonic()))
        self._queued += len(batch)
        self._arrived.set()
        return await future

    async def _loop(self) -> None:
        assert self._arrived is not None
        loop = asyncio.get_running_loop()
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            while self._pending:
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
                taken: list[_Pending] = []
                size = 0
                while self._pending and (not taken or
                                         size + len(self._pending[0].batch) <= self.max_batch):
                    item = self._pending.popleft()
                    taken.append(item)
                    size += len(item.batch)
                batch = np.concatenate([p.batch for p in taken]) if len(taken) > 1 \
                    else taken[0].batch
                try:
                    out = await loop.run_in_executor(self._executor, self.run, batch)
                except Exception as exc:  # delivered to every request of the batch
                    for p in taken:
                        if not p.future.done():
                            p.future.set_exception(exc)
                else:
                    start = 0
                    for p in taken:
                        if not p.future.done():
                            p.future.set_result(out[start:start + len(p.batch)])
                        start += len(p.batch)
                finally:
                    self._queued -= size
                self.batches.append(len(batch))
                if self.on_batch is not None:
                    self.on_batch(len(batch))
