"""One request's work is bounded and never another's problem (issue 23, items 2, 3, 4, 6, 7,
13 and 14's class_count), with real clients on 127.0.0.1: images counted before any is
decoded and run in batches of --max-batch; a poisoned input fails alone; large JSON bodies
are parsed off the event loop; busy servers refuse before reading the body; abandoned work is
dropped; metrics and logs cannot be grown or forged by clients; every error body is
{"error": ...}; /v2/ is answered, not redirected; Triton's classification extension."""

from __future__ import annotations

import concurrent.futures
import io
import json
import logging
import socket
import threading
import time

import numpy as np
import pytest
import requests
import tritonclient.http as triton
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inception_desktop.engine.preprocess import preprocess
from tests.helpers.images import photo
from tests.helpers.net import TOKEN

INFER = "/v2/models/inception_v3/infer"


def png(width=64, height=48, seed=0) -> bytes:
    buf = io.BytesIO()
    photo(width, height, seed=seed).save(buf, "PNG")
    return buf.getvalue()


def binary_infer(x: np.ndarray) -> tuple[bytes, dict]:
    head = json.dumps({"inputs": [{"name": "input", "datatype": "FP32",
                                   "shape": list(x.shape),
                                   "parameters": {"binary_data_size": x.nbytes}}],
                       "outputs": [{"name": "logits", "parameters": {"binary_data": True}}]}
                      ).encode()
    return head + np.ascontiguousarray(x, "<f4").tobytes(), {
        "Inference-Header-Content-Length": str(len(head)),
        "Content-Type": "application/octet-stream"}


def logits_of(response) -> np.ndarray:
    n = int(response.headers["inference-header-content-length"])
    head = json.loads(response.content[:n])
    shape = head["outputs"][0]["shape"]
    return np.frombuffer(response.content[n:], "<f4").reshape(shape)


class DecodeCounter:
    def __init__(self, monkeypatch) -> None:
        import inception_desktop.engine.pipeline as pipeline

        self.calls = 0
        original = pipeline.prepare_file

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(pipeline, "prepare_file", counted)


# ----------------------------------------------------------------------------- item 2

def test_too_many_images_are_refused_before_any_is_decoded(start_server, monkeypatch):
    server = start_server(max_queue=6)
    counter = DecodeCounter(monkeypatch)
    files = [("file", (f"{i}.png", png(seed=i), "image/png")) for i in range(7)]
    r = requests.post(f"{server.url}/v1/classify", files=files, timeout=60)
    assert r.status_code == 413 and "at most 6 images" in r.json()["error"]
    assert counter.calls == 0
    r = requests.post(f"{server.url}/v1/classify", files=files[:6], timeout=60)
    assert r.status_code == 200 and len(r.json()["results"]) == 6 and counter.calls == 6


def test_a_request_runs_in_batches_of_max_batch(start_server, predictor):
    server = start_server(max_batch=3, max_queue=16)
    served = server.state.models["inception_v3"]
    before = len(served.batcher.batches)
    files = [("file", (f"{i}.png", png(seed=i), "image/png")) for i in range(8)]
    r = requests.post(f"{server.url}/v1/classify", files=files, timeout=120)
    assert r.status_code == 200 and [x["file"] for x in r.json()["results"]] == \
        [f"{i}.png" for i in range(8)]
    x = np.stack([preprocess(photo(100, 80, seed=i), predictor.spec) for i in range(7)])
    body, headers = binary_infer(x)
    r = requests.post(server.url + INFER, data=body, headers=headers, timeout=120)
    assert r.status_code == 200 and logits_of(r).shape == (7, 1000)
    assert np.allclose(logits_of(r), predictor.run(x).logits, atol=1e-4)
    run = served.batcher.batches[before:]
    assert sum(run) == 15 and max(run) <= 3


# ----------------------------------------------------------------------------- item 3

@pytest.fixture
def overflowing(predictor, monkeypatch):
    """The untrained network stays finite however large its input; real weights overflow
    (3e38 everywhere made every request of a batch fail). This makes each row of a batch
    overflow as they do, on its own: NaN logits for a row whose input is huge."""
    from inception_desktop.engine.backend import BackendOutput

    original = predictor.backend.run

    def run(batch, blocks=()):
        out = original(batch, blocks)
        huge = np.abs(batch).reshape(len(batch), -1).max(axis=1) > 1e30
        logits = np.where(huge[:, None], np.nan, out.logits).astype(np.float32)
        return BackendOutput(logits, out.features, out.blocks)

    monkeypatch.setattr(predictor.backend, "run", run)
    monkeypatch.setattr(predictor, "_known_good", None)
    yield predictor
    predictor._known_good = None


def test_a_poisoned_input_fails_alone(start_server, overflowing):
    predictor = overflowing
    server = start_server(max_batch=8, max_delay_ms=400)
    served = server.state.models["inception_v3"]
    good = preprocess(photo(120, 90), predictor.spec)[None]
    poison = np.full_like(good, 3e38)
    expected = predictor.run(good).logits

    def send(x):
        body, headers = binary_infer(x)
        return requests.post(server.url + INFER, data=body, headers=headers, timeout=120)

    before = len(served.batcher.batches)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, [good] * 3 + [poison] + [good] * 3))
    assert max(served.batcher.batches[before:]) > 1  # the poison shared a batch
    for no, r in enumerate(answers):
        if no == 3:
            assert r.status_code == 400 and "input 'input'" in r.json()["error"]
            assert "corrupt" not in r.json()["error"]
        else:
            assert r.status_code == 200 and np.allclose(logits_of(r), expected, atol=1e-4)
    assert send(good).status_code == 200


def test_corrupt_weights_are_still_called_corrupt(overflowing, monkeypatch):
    from inception_desktop.engine.backend import BackendOutput

    predictor = overflowing
    from inception_desktop.errors import NonFiniteOutput, WeightsError

    original = predictor.backend.run
    x = np.zeros((2, 3, 299, 299), np.float32)
    x[1] = 3e38
    with pytest.raises(NonFiniteOutput) as caught:
        predictor.run(x)
    assert caught.value.rows == [1] and np.isfinite(caught.value.output[0]).all()
    monkeypatch.setattr(predictor, "_known_good", None)

    def broken(batch, blocks=()):
        out = original(batch, blocks)
        return BackendOutput(np.full_like(out.logits, np.nan), out.features, out.blocks)

    monkeypatch.setattr(predictor.backend, "run", broken)
    with pytest.raises(WeightsError, match="corrupt"):
        predictor.run(x[:1])
    monkeypatch.setattr(predictor, "_known_good", None)


# ----------------------------------------------------------------------------- item 4

def test_large_json_bodies_are_parsed_in_another_process(server, predictor, monkeypatch):
    import inception_desktop.serve.offload as offload

    monkeypatch.setattr(offload, "PROCESS_THRESHOLD", 100_000)
    x = preprocess(photo(150, 100), predictor.spec)[None]
    body = {"inputs": [{"name": "input", "datatype": "FP32", "shape": list(x.shape),
                        "data": x.ravel().tolist()}], "outputs": [{"name": "logits"}]}
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: requests.post(server.url + INFER, json=body,
                                                        timeout=120), range(3)))
        live = requests.get(f"{server.url}/v2/health/live", timeout=30)
    assert live.status_code == 200
    assert all(a.status_code == 200 for a in answers)
    assert server.state.parser._pool is not None  # parsed off the event loop, elsewhere
    got = np.array(answers[0].json()["outputs"][0]["data"]).reshape(1, -1)
    assert np.allclose(got, predictor.run(x).logits, atol=1e-4)
    bad = requests.post(server.url + INFER, data=b'{"inputs": [' + b"1," * 60_000 + b"1]}",
                        headers={"content-type": "application/json"}, timeout=60)
    assert bad.status_code == 400 and "inputs[0] must be a JSON object" in bad.json()["error"]


# ----------------------------------------------------------------------------- item 6

def test_a_busy_server_refuses_before_reading_the_body(start_server):
    server = start_server(max_wait_s=2.0)
    batcher = server.state.models["inception_v3"].batcher
    batcher.batch_seconds = 30.0  # as measured on a very slow machine
    with batcher.admit():  # one request already waiting
        with socket.create_connection((server.options.host, server.options.port), 10) as s:
            s.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                      b"Content-Length: 5000000\r\n\r\n")
            answer = b""
            while b"}" not in answer:
                answer += s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 503") and b"retry-after: 30" in answer.lower()
    batcher.batch_seconds = None
    # An idle server takes a request whatever a batch is measured to cost.
    batcher.batch_seconds = 30.0
    r = requests.post(f"{server.url}/v1/classify", data=png(),
                      headers={"content-type": "image/png"}, timeout=60)
    assert r.status_code == 200


def test_work_of_clients_that_went_away_is_dropped(start_server, predictor):
    server = start_server(max_batch=1, max_delay_ms=0, max_queue=16)
    batcher = server.state.models["inception_v3"].batcher
    release = threading.Event()
    real_run = batcher.run

    def held(batch):
        release.wait(30)
        return real_run(batch)

    batcher.run = held
    before, abandoned = len(batcher.batches), batcher.abandoned
    body, headers = binary_infer(preprocess(photo(90, 90), predictor.spec)[None])
    head = (f"POST {INFER} HTTP/1.1\r\nHost: x\r\n" +
            "".join(f"{k}: {v}\r\n" for k, v in headers.items()) +
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    clients = []
    try:
        for _ in range(5):
            s = socket.create_connection((server.options.host, server.options.port), 10)
            s.sendall(head + body)
            clients.append(s)
        deadline = time.monotonic() + 30
        while batcher.queued < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert batcher.queued == 5  # one running (held), four waiting
        for s in clients[1:]:
            s.close()
        while any(not p.future.done() for p in batcher._pending) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        release.set()
    answer = b""
    clients[0].settimeout(30)
    while b"\r\n\r\n" not in answer:
        answer += clients[0].recv(65536)
    clients[0].close()
    assert answer.startswith(b"HTTP/1.1 200")
    deadline = time.monotonic() + 30
    while batcher.queued and time.monotonic() < deadline:
        time.sleep(0.05)
    batcher.run = real_run
    assert len(batcher.batches) - before == 1 and batcher.abandoned - abandoned == 4


# ----------------------------------------------------------------------------- item 7

@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126,
                                           exclude_characters="?#%"), max_size=30),
       method=st.sampled_from(["GET", "POST", "DELETE", "BREW", "PROPFIND"]),
       token=st.booleans(), newline=st.booleans())
def test_clients_cannot_grow_the_metrics_or_forge_log_lines(token_server, caplog, path,
                                                            method, token, newline):
    caplog.set_level(logging.INFO, logger="inception_desktop.serve")
    target = "/" + path + ("%0a12:00:00 GET /forged 200" if newline else "")
    headers = {"Authorization": f"Bearer {TOKEN}"} if token else {}
    r = requests.request(method, token_server.url + target, headers=headers, timeout=30)
    assert r.headers["content-type"].startswith("application/json") and "error" in r.json() \
        or r.status_code == 200
    for record in caplog.records:
        assert "\n" not in record.getMessage()
    text = requests.get(f"{token_server.url}/metrics", headers={
        "Authorization": f"Bearer {TOKEN}"}, timeout=30).text
    routes = {line.split('route="')[1].split('"')[0] for line in text.splitlines()
              if line.startswith("inception_requests_total{")}
    methods = {line.split('method="')[1].split('"')[0] for line in text.splitlines()
               if line.startswith("inception_requests_total{")}
    known = {r.path for r in token_server.fastapi_routes} | {"(unmatched)"}
    assert routes <= known and methods <= {"GET", "POST", "DELETE", "OTHER", "HEAD", "PUT",
                                           "PATCH", "OPTIONS"}


@pytest.fixture(scope="module")
def token_server(predictor):
    from inception_desktop.serve.server import BackgroundServer, ServeOptions
    from tests.helpers.net import free_port

    server = BackgroundServer(ServeOptions(port=free_port(), token=TOKEN), [predictor])
    server.start()
    app = server.app
    while not hasattr(app, "routes") and hasattr(app, "__wrapped__"):
        app = app.__wrapped__
    from inception_desktop.serve.app import create_app

    server.fastapi_routes = [r for r in create_app(server.state).routes
                             if hasattr(r, "path")]
    yield server
    server.stop()


def test_every_error_body_is_an_error_object(server):
    cases = [("GET", "/nope", {}, 404), ("DELETE", "/v2", {}, 405),
             ("POST", "/v1/classify?top_k=many", {"data": b"x"}, 422),
             ("GET", "/v2/models/inception_v3/versions/7", {}, 404)]
    for method, path, kwargs, status in cases:
        r = requests.request(method, server.url + path, timeout=30, **kwargs)
        assert r.status_code == status
        assert set(r.json()) == {"error"} and r.json()["error"], (path, r.text)


# ----------------------------------------------------------------------------- item 13

def test_a_trailing_slash_is_answered_not_redirected(server):
    r = requests.get(f"{server.url}/v2/", headers={"Host": "evil.example"},
                     allow_redirects=False, timeout=30)
    assert r.status_code == 200 and "location" not in r.headers
    assert r.json()["name"] == "inception-desktop"
    r = requests.get(f"{server.url}/v2/models/inception_v3/", allow_redirects=False,
                     timeout=30)
    assert r.status_code == 200 and r.json()["name"] == "inception_v3"


# ----------------------------------------------------------------------------- item 14

@pytest.mark.parametrize("binary", [False, True])
def test_class_count_is_tritons_classification_extension(server, predictor, binary):
    x = np.stack([preprocess(photo(200, 150, seed=s), predictor.spec) for s in (1, 2)])
    inp = triton.InferInput("input", list(x.shape), "FP32")
    inp.set_data_from_numpy(x, binary_data=binary)
    out = triton.InferRequestedOutput("probabilities", binary_data=binary, class_count=3)
    client = triton.InferenceServerClient(url=server.url.removeprefix("http://"))
    result = client.infer("inception_v3", [inp], outputs=[out]).as_numpy("probabilities")
    assert result.shape == (2, 3)
    probs = predictor.probabilities(x)
    labels = list(predictor.labels)
    for row, entries in enumerate(result):
        parsed = [e.decode().split(":", 2) if isinstance(e, bytes) else e.split(":", 2)
                  for e in entries]
        indices = [int(i) for _, i, _ in parsed]
        assert indices == list(np.argsort(-probs[row])[:3])
        assert [label for _, _, label in parsed] == [labels[i] for i in indices]
        assert np.allclose([float(v) for v, _, _ in parsed], probs[row][indices], atol=1e-5)
    bad = {"inputs": [{"name": "input", "datatype": "FP32", "shape": list(x[:1].shape),
                       "data": x[:1].ravel().tolist()}],
           "outputs": [{"name": "logits", "parameters": {"classification": 5000}}]}
    r = requests.post(server.url + INFER, json=bad, timeout=60)
    assert r.status_code == 400 and "more than the 1000 classes" in r.json()["error"]
