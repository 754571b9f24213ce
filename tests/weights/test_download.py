"""Downloads against a server on 127.0.0.1: verified, resumable, clear about every failure."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from inception_desktop.errors import Cancelled
from inception_desktop.models import create_model
from inception_desktop.paths import weights_dir
from inception_desktop.tasks import TaskState
from inception_desktop.weights import WeightsError, load_weights
from inception_desktop.weights.download import download_weights
from inception_desktop.weights.store import list_entries, official_cache_path, read_provenance
from tests.helpers.httpserver import Route
from tests.helpers.publish import publish

V3 = "inception_v3"
V4 = "inception_v4"


def cache_files():
    root = weights_dir()
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
        if root.exists() else []


def no_leftovers():
    return [f for f in cache_files() if f.endswith((".download", ".partial"))] == []


def test_complete_download_loads_and_is_listed(monkeypatch, server, v3_checkpoint):
    path, sha = v3_checkpoint
    publish(monkeypatch, server, V3, path.read_bytes())
    seen = []
    target = download_weights(V3, state=TaskState(on_progress=seen.append), timeout=5)
    assert target == official_cache_path(V3)
    assert target.read_bytes() == path.read_bytes()
    assert seen and seen[-1].done == seen[-1].total == path.stat().st_size
    assert all(a.done <= b.done for a, b in zip(seen, seen[1:], strict=False))
    assert seen[-1].rate > 0 and seen[-1].unit == "B"
    assert read_provenance(target)["sha256"] == sha
    entry = next(e for e in list_entries() if e.name == V3)
    assert (entry.status, entry.sha256) == ("installed", sha)
    load_weights(create_model(V3), target)
    assert no_leftovers()


def test_checksum_mismatch_leaves_nothing(monkeypatch, server):
    publish(monkeypatch, server, V4, os.urandom(300_000), sha256="0" * 64)
    with pytest.raises(WeightsError) as err:
        download_weights(V4, timeout=5)
    message = str(err.value)
    assert "checksum" in message and "expected sha256 " + "0" * 64 in message
    assert "got " in message
    assert cache_files() == [] or all(f.endswith(".lock") for f in cache_files())


def test_dropped_connection_resumes_with_range(monkeypatch, server, v3_checkpoint):
    path, _ = v3_checkpoint
    data = path.read_bytes()
    route = publish(monkeypatch, server, V3, data, drop_after=len(data) // 2)
    target = download_weights(V3, timeout=5)
    assert target.read_bytes() == data
    assert len(route.requests) == 2 and route.requests[0] is None
    # The second request resumes where the first stopped (bytes in flight may be lost).
    resumed_at = int(route.requests[1].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_at <= len(data) // 2
    assert no_leftovers()


def test_interrupted_download_resumes_in_a_later_run(monkeypatch, server):
    data = os.urandom(1_000_000)
    route = publish(monkeypatch, server, V4, data, drop_after=400_000)
    with pytest.raises(WeightsError, match="connection failed; run the command again to resume"):
        download_weights(V4, timeout=5, max_attempts=1)
    assert not official_cache_path(V4).exists()
    download_weights(V4, timeout=5)
    assert official_cache_path(V4).read_bytes() == data
    assert route.requests[-1].startswith("bytes=") and route.requests[-1] != "bytes=0-"


def test_server_without_range_support_starts_over(monkeypatch, server):
    data = os.urandom(500_000)
    publish(monkeypatch, server, V4, data, drop_after=100_000, ranges=False)
    assert download_weights(V4, timeout=5).read_bytes() == data


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors(monkeypatch, server, status):
    publish(monkeypatch, server, V4, b"x", status=status)
    with pytest.raises(WeightsError, match=f"HTTP {status}.*weights import FILE") as err:
        download_weights(V4, timeout=5)
    assert "\n" not in str(err.value)
    assert not official_cache_path(V4).exists()


def test_stalling_server_times_out(monkeypatch, server):
    publish(monkeypatch, server, V4, os.urandom(200_000), stall_after=1000, stall_seconds=30)
    started = time.monotonic()
    with pytest.raises(WeightsError, match="stopped answering for 0.5 s"):
        download_weights(V4, timeout=0.5)
    assert time.monotonic() - started < 15  # far below the 30 s stall: the timeout was honoured
    assert not official_cache_path(V4).exists()


def test_connection_refused(monkeypatch, server):
    publish(monkeypatch, server, V4, b"x")
    monkeypatch.setenv("INCEPTION_DESKTOP_MIRROR", "http://127.0.0.1:9")  # discard port: closed
    with pytest.raises(WeightsError, match="could not connect.*INCEPTION_DESKTOP_MIRROR"):
        download_weights(V4, timeout=2)


def test_mirror(monkeypatch, server):
    data = os.urandom(200_000)
    publish(monkeypatch, server, V4, data, status=500)  # the official address fails
    server.routes["/mirror/inception_v4/model.safetensors"] = mirror = Route(data)
    monkeypatch.setenv("INCEPTION_DESKTOP_MIRROR", server.url("/mirror/"))
    assert download_weights(V4, timeout=5).read_bytes() == data
    assert mirror.requests == [None]
    assert read_provenance(official_cache_path(V4))["source"].endswith(
        "/mirror/inception_v4/model.safetensors")


def test_mirror_checksum_still_enforced(monkeypatch, server):
    publish(monkeypatch, server, V4, os.urandom(1000))
    server.routes["/m/inception_v4/model.safetensors"] = Route(b"tampered")
    monkeypatch.setenv("INCEPTION_DESKTOP_MIRROR", server.url("/m"))
    with pytest.raises(WeightsError, match="checksum"):
        download_weights(V4, timeout=5)
    assert not official_cache_path(V4).exists()


def test_cache_not_writable(monkeypatch, server, tmp_path):
    publish(monkeypatch, server, V4, b"x")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(blocker / "data"))
    with pytest.raises(WeightsError, match="cannot use the weight cache.*"
                                           "INCEPTION_DESKTOP_DATA_DIR"):
        download_weights(V4, timeout=5)


def test_disk_full_leaves_nothing(monkeypatch, server):
    import inception_desktop.weights.download as download_module

    publish(monkeypatch, server, V4, os.urandom(500_000))
    real_open = open

    class FullDisk:
        def __init__(self, f):
            self.f, self.written = f, 0

        def write(self, data):
            self.written += len(data)
            if self.written > 100_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.f.write(data)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    def fake_open(path, mode="r", *args, **kwargs):
        f = real_open(path, mode, *args, **kwargs)
        return FullDisk(f) if "a" in mode else f

    monkeypatch.setattr(download_module, "open", fake_open, raising=False)
    with pytest.raises(WeightsError, match="the disk is full"):
        download_weights(V4, timeout=5)
    assert not official_cache_path(V4).exists()
    assert no_leftovers()


def test_cancel_leaves_nothing(monkeypatch, server):
    publish(monkeypatch, server, V4, os.urandom(2_000_000), chunk_delay=0.001)
    progress = []

    def on_progress(p):
        progress.append(p)
        if len(progress) > 3:
            state.cancel()

    state = TaskState(on_progress=on_progress)
    with pytest.raises(Cancelled):
        download_weights(V4, state=state)
    assert no_leftovers() and not official_cache_path(V4).exists()


CONCURRENT = """
import dataclasses, sys
from inception_desktop.models import specs
from inception_desktop.weights.download import download_weights
spec = specs.SPECS["inception_v4"]
source = dataclasses.replace(spec.weight_sources[0], url=sys.argv[1], sha256=sys.argv[2])
specs.SPECS["inception_v4"] = dataclasses.replace(spec, weight_sources=(source,))
print(download_weights("inception_v4", timeout=10))
"""


def test_two_processes_download_the_same_file(monkeypatch, server):
    import hashlib

    data = os.urandom(3_000_000)
    route = publish(monkeypatch, server, V4, data, chunk_delay=0.002)
    url = server.url("/official/inception_v4/model.safetensors")
    sha = hashlib.sha256(data).hexdigest()
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, url, sha], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert official_cache_path(V4).read_bytes() == data
    assert len(route.requests) == 1  # the second process waited and found the finished file
    assert no_leftovers()


def test_verify_finds_corruption_on_disk(monkeypatch, server, tmp_path):
    from inception_desktop.cli import main

    data = os.urandom(300_000)
    publish(monkeypatch, server, V4, data)
    target = download_weights(V4, timeout=5)
    assert main(["weights", "verify"]) == 0
    stat = target.stat()
    with open(target, "r+b") as f:  # silent bit rot: same size, same mtime
        f.seek(1234)
        f.write(bytes([data[1234] ^ 0xFF]))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert main(["weights", "verify"]) == 1
    entry = next(e for e in list_entries(rehash=True) if e.name == V4)
    assert entry.status == "corrupt"


def test_cli_download_list_remove(monkeypatch, server, capsys):
    import json

    from inception_desktop.cli import main

    publish(monkeypatch, server, V4, os.urandom(100_000))
    assert main(["weights", "download", V4, "--timeout", "5"]) == 0
    assert "installed" in capsys.readouterr().out
    assert main(["weights", "list", "--format", "json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[V4]["status"] == "installed" and rows[V3]["status"] == "missing"
    assert main(["weights", "remove", V4]) == 0
    assert not official_cache_path(V4).exists()
    assert main(["weights", "remove", V4]) == 1
    assert "no installed weights" in capsys.readouterr().err


def test_cli_download_failure_is_one_line(monkeypatch, server):
    publish(monkeypatch, server, V4, b"x", status=404)
    monkeypatch.setenv("INCEPTION_DESKTOP_MIRROR", server.url("/nothing-here"))
    result = subprocess.run([sys.executable, "-m", "inception_desktop", "weights", "download",
                             V4, "--timeout", "5"], capture_output=True, text=True,
                            env=dict(os.environ))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "HTTP 404" in errors[0]


