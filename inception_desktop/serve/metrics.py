"""The server's metrics in the Prometheus text exposition format (version 0.0.4): request
counts by route and status, a latency histogram, batch sizes, queue depth. A few counters
need no library; the tests check the output with Prometheus' own parser."""

from __future__ import annotations

import threading
from collections import defaultdict

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64)


def _labels(**labels: str) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


class _Histogram:
    def __init__(self, buckets: tuple[float, ...]) -> None:
        self.buckets = buckets
        self.counts = [0] * len(buckets)
        self.total = 0
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.total += 1
        self.sum += value
        for i, bound in enumerate(self.buckets):
            if value <= bound:
                self.counts[i] += 1


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, str], int] = defaultdict(int)
        self.latency: dict[str, _Histogram] = {}
        self.batch_sizes: dict[str, _Histogram] = {}
        self.images: dict[str, int] = defaultdict(int)
        self.queue_depth: dict[str, int] = {}
        self.abandoned: dict[str, int] = {}

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, route, str(status))] += 1
            self.latency.setdefault(route, _Histogram(LATENCY_BUCKETS)).observe(seconds)

    def batch(self, model: str, size: int) -> None:
        with self._lock:
            self.batch_sizes.setdefault(model, _Histogram(BATCH_BUCKETS)).observe(size)
            self.images[model] += size

    @property
    def total_requests(self) -> int:
        with self._lock:
            return sum(self.requests.values())

    def render(self) -> str:
        with self._lock:
            lines = ["# HELP inception_requests_total HTTP requests by method, route and "
                     "status.", "# TYPE inception_requests_total counter"]
            for (method, route, status), n in sorted(self.requests.items()):
                lines.append(f"inception_requests_total"
                             f"{_labels(method=method, route=route, status=status)} {n}")
            lines += ["# HELP inception_request_duration_seconds Time to answer a request.",
                      "# TYPE inception_request_duration_seconds histogram"]
            for route, h in sorted(self.latency.items()):
                lines += _histogram_lines("inception_request_duration_seconds", h,
                                          route=route)
            lines += ["# HELP inception_batch_size Images per inference batch.",
                      "# TYPE inception_batch_size histogram"]
            for model, h in sorted(self.batch_sizes.items()):
                lines += _histogram_lines("inception_batch_size", h, model=model)
            lines += ["# HELP inception_images_total Images run through a model.",
                      "# TYPE inception_images_total counter"]
            for model, n in sorted(self.images.items()):
                lines.append(f"inception_images_total{_labels(model=model)} {n}")
            lines += ["# HELP inception_queue_depth Images waiting for a batch.",
                      "# TYPE inception_queue_depth gauge"]
            for model, n in sorted(self.queue_depth.items()):
                lines.append(f"inception_queue_depth{_labels(model=model)} {n}")
            lines += ["# HELP inception_abandoned_images_total Images dropped from the queue "
                      "because their client went away.",
                      "# TYPE inception_abandoned_images_total counter"]
            for model, n in sorted(self.abandoned.items()):
                lines.append(f"inception_abandoned_images_total{_labels(model=model)} {n}")
        return "\n".join(lines) + "\n"


def _histogram_lines(name: str, h: _Histogram, **labels: str) -> list[str]:
    out = [f"{name}_bucket{_labels(**labels, le=_fmt(bound))} {count}"
           for bound, count in zip(h.buckets, h.counts, strict=True)]
    out.append(f"{name}_bucket{_labels(**labels, le='+Inf')} {h.total}")
    out.append(f"{name}_sum{_labels(**labels)} {h.sum!r}")
    out.append(f"{name}_count{_labels(**labels)} {h.total}")
    return out


def _fmt(bound: float) -> str:
    return repr(float(bound))
