"""Work that would hold the event loop, done elsewhere: parsing large JSON bodies.

`json.loads` holds the GIL for the whole document (a 44 MB body: about a second), so in a
thread it still stalls every other request, health checks included. Bodies whose JSON is
larger than `PROCESS_THRESHOLD` are parsed in a separate process (spawned, importing only
the protocol module); smaller ones in a thread. If the process cannot be used (a frozen
bundle, a broken pool), threads it is, said once.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from inception_desktop.serve.protocol import InferRequest, parse_infer

log = logging.getLogger("inception_desktop.serve")
PROCESS_THRESHOLD = 1 << 20
# A parsing process is replaced after this many bodies: a large document's memory goes with it.
TASKS_PER_PROCESS = 20


def _json_size(body: bytes, header_length: str | None) -> int:
    if header_length is not None and header_length.isdigit():
        return min(int(header_length), len(body))
    return len(body)


class Parser:
    """Parses inference requests off the event loop (see the module)."""

    def __init__(self, processes: int = 1) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._use_threads = bool(getattr(sys, "frozen", False))

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=TASKS_PER_PROCESS)
        return self._pool

    async def parse(self, body: bytes, header_length: str | None) -> InferRequest:
        if self._use_threads or _json_size(body, header_length) < PROCESS_THRESHOLD:
            return await asyncio.to_thread(parse_infer, body, header_length)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._ensure_pool(), parse_infer, body,
                                              header_length)
        except (BrokenProcessPool, OSError) as exc:
            log.warning("large request bodies are parsed in threads from now on (the parsing "
                        "process failed: %s)", exc or type(exc).__name__)
            self._use_threads = True
            self.close()
            return await asyncio.to_thread(parse_infer, body, header_length)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
