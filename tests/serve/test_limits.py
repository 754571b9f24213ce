"""Every bad request is a 4xx with a JSON error and the server keeps serving; tokens and
hosts; the upload limit; dynamic batching merges concurrent requests; a full queue answers
503; SIGTERM drains requests in flight; the metrics parse as Prometheus text."""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
import requests

from inception_desktop.cli import main
from tests.helpers.images import photo
from tests.helpers.net import TOKEN, free_port, wait_until_ready

INFER = "/v2/models/inception_v3/infer"
GOOD_HEAD = {"name": "input", "datatype": "FP32", "shape": [1, 3, 299, 299]}


def zeros_json(**changes) -> dict:
    head = {**GOOD_HEAD, **changes}
    return {"inputs": [{**head, "data": [0.0] * int(np.prod(head["shape"]))}]}


def binary_body(header: dict, payload: bytes) -> tuple[bytes, dict]:
    head = json.dumps(header).encode()
    return head + payload, {"Inference-Header-Content-Length": str(len(head)),
                            "Content-Type": "application/octet-stream"}


BAD_REQUESTS = [
    ("not json", lambda: ("POST", INFER, {"data": b"{not json", "headers": {}}), 400,
     "not valid JSON"),
    ("no inputs", lambda: ("POST", INFER, {"json": {"inputs": []}}), 400, "no 'inputs'"),
    ("wrong shape", lambda: ("POST", INFER, {"json": zeros_json(shape=[1, 3, 8, 8])}), 400,
     "must have the shape [N, 3, 299, 299]"),
    ("wrong datatype", lambda: ("POST", INFER, {"json": zeros_json(datatype="INT64")}), 400,
     "must be FP32"),
    ("unknown datatype", lambda: ("POST", INFER, {"json": zeros_json(datatype="FP128")}), 400,
     "datatype 'FP128'"),
    ("datatype not a string", lambda: ("POST", INFER, {"json": zeros_json(datatype=[])}),
     400, "datatype [] is not one of"),
    ("value past FP32", lambda: ("POST", INFER, {"data": json.dumps(zeros_json()).replace(
        "0.0", "1e300", 1), "headers": {"content-type": "application/json"}}), 400,
     "not finite"),
    ("data does not fit", lambda: ("POST", INFER, {"json": {"inputs": [{**GOOD_HEAD,
                                                                       "data": [1, 2]}]}}),
     400, "do not make the shape"),
    ("wrong input name", lambda: ("POST", INFER, {"json": {"inputs": [{
        **GOOD_HEAD, "name": "images", "data": [0.0] * 3 * 299 * 299}]}}), 400,
     "one input named 'input'"),
    ("unknown output", lambda: ("POST", INFER, {"json": {**zeros_json(),
                                                         "outputs": [{"name": "feat"}]}}),
     400, "unknown output"),
    ("not finite", lambda: ("POST", INFER, {"data": json.dumps(zeros_json()).replace(
        "0.0", "NaN", 1), "headers": {"content-type": "application/json"}}), 400,
     "not finite"),
    ("binary too short", lambda: ("POST", INFER, dict(zip(("data", "headers"), binary_body(
        {"inputs": [{**GOOD_HEAD, "parameters": {"binary_data_size": 3 * 299 * 299 * 4}}]},
        b"\0" * 100), strict=True))), 400, "runs past the end"),
    ("header length wrong", lambda: ("POST", INFER, {"data": b"{}", "headers": {
        "Inference-Header-Content-Length": "999"}}), 400, "does not fit"),
    ("unknown model", lambda: ("POST", "/v2/models/resnet/infer", {"json": zeros_json()}),
     404, "unknown model 'resnet'"),
    ("unknown version", lambda: ("GET", "/v2/models/inception_v3/versions/7", {}), 404,
     "no version '7'"),
    ("undecodable image", lambda: ("POST", "/v1/classify", {
        "data": b"\x89PNG\r\n\x1a\nbroken", "headers": {"content-type": "image/png"}}), 400,
     "corrupt"),
    ("empty image", lambda: ("POST", "/v1/classify", {"data": b"", "headers": {
        "content-type": "image/png"}}), 400, "empty"),
    ("no file field", lambda: ("POST", "/v1/classify", {"files": {"photo": ("a.png", b"x")}}),
     400, "no 'file' field"),
    ("wrong content type", lambda: ("POST", "/v1/classify", {"data": b"hi", "headers": {
        "content-type": "text/plain"}}), 415, "send an image"),
    ("top_k out of range", lambda: ("POST", "/v1/classify?top_k=0", {"data": b"x", "headers": {
        "content-type": "image/png"}}), 400, "top_k must be from 1"),
    ("top_k not a number", lambda: ("POST", "/v1/classify?top_k=many", {"data": b"x"}), 422,
     ""),
]


@pytest.mark.parametrize(("what", "make", "status", "words"), BAD_REQUESTS,
                         ids=[b[0] for b in BAD_REQUESTS])
def test_bad_requests_are_4xx_with_a_json_error(server, what, make, status, words):
    method, path, kwargs = make()
    response = requests.request(method, server.url + path, timeout=60, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    if status != 422:  # FastAPI's own validation answer has its own (JSON) shape
        assert words in body["error"] and "Traceback" not in response.text
    assert requests.get(f"{server.url}/v2/health/ready", timeout=10).status_code == 200


def test_pixel_bombs_are_refused(server, tmp_path):
    from PIL import Image

    bomb = tmp_path / "bomb.png"
    Image.new("1", (13_000, 12_000)).save(bomb)
    r = requests.post(f"{server.url}/v1/classify", data=bomb.read_bytes(),
                      headers={"content-type": "image/png"}, timeout=60)
    assert r.status_code == 413 and "over the limit" in r.json()["error"]


def test_the_upload_limit_is_enforced_before_the_body_is_read(start_server):
    server = start_server(max_upload_mb=0.5)
    host, port = server.options.host, server.options.port
    with socket.create_connection((host, port), timeout=10) as s:
        # Announce 5 MB, send none of it: the answer comes at once.
        s.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                  b"Content-Length: 5000000\r\n\r\n")
        answer = ""
        while "}" not in answer:  # the headers, then the JSON body
            answer += s.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413") and "over the limit" in answer

    def chunks():
        for _ in range(20):  # 1 MB in chunks, with no Content-Length
            yield b"\0" * 50_000

    r = requests.post(f"{server.url}/v1/classify", data=chunks(),
                      headers={"content-type": "image/jpeg"}, timeout=60)
    assert r.status_code == 413


def test_tokens_guard_everything_but_health(start_server):
    server = start_server(token=TOKEN)
    url = server.url
    assert requests.get(f"{url}/v2/health/live", timeout=10).status_code == 200
    assert requests.get(f"{url}/v2/health/ready", timeout=10).status_code == 200
    for path in ("/v2", "/v2/models/inception_v3", "/v1/models", "/metrics"):
        r = requests.get(url + path, timeout=10)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert requests.get(url + path, timeout=10,
                            headers={"Authorization": "Bearer wrong-token-of-length"}
                            ).status_code == 401
        assert requests.get(url + path, timeout=10,
                            headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_host_and_token_rules_at_the_command_line(capsys):
    assert main(["serve", "--host", "0.0.0.0", "--random-weights"]) == 2
    assert "would answer anyone on the network" in capsys.readouterr().err
    assert main(["serve", "--host", "0.0.0.0", "--token", "short", "--random-weights"]) == 2
    assert "at least 16 characters" in capsys.readouterr().err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--random-weights"]) == 1
        err = capsys.readouterr().err
        assert "cannot listen on 127.0.0.1" in err and "choose another --port" in err


def test_concurrent_requests_are_merged_into_batches(start_server, predictor):
    from inception_desktop.engine.preprocess import preprocess

    server = start_server(max_batch=8, max_delay_ms=300)
    x = preprocess(photo(300, 300), predictor.spec)[None].tolist()
    body = {"inputs": [{**GOOD_HEAD, "data": x}]}
    served = server.state.models["inception_v3"]
    before = len(served.batcher.batches)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: requests.post(server.url + INFER, json=body,
                                                        timeout=120), range(8)))
    assert all(a.status_code == 200 for a in answers)
    batches = served.batcher.batches[before:]
    assert sum(batches) == 8 and len(batches) < 8 and max(batches) > 1
    logits = [np.array(a.json()["outputs"][0]["data"]) for a in answers]
    assert all(np.array_equal(logits[0], other) for other in logits)


def test_a_full_queue_answers_503_with_retry_after(start_server, predictor):
    from inception_desktop.engine.preprocess import preprocess

    server = start_server(max_batch=1, max_queue=1, max_delay_ms=0)
    x = preprocess(photo(200, 200), predictor.spec)[None].tolist()
    body = {"inputs": [{**GOOD_HEAD, "data": x}]}
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: requests.post(server.url + INFER, json=body,
                                                        timeout=120), range(8)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses[0] == 200 and 503 in statuses and set(statuses) <= {200, 503}
    busy = next(a for a in answers if a.status_code == 503)
    assert busy.headers["retry-after"] == "1" and "busy" in busy.json()["error"]


def test_metrics_parse_as_prometheus_text(server):
    from prometheus_client.parser import text_string_to_metric_families

    requests.post(f"{server.url}/v1/classify", data=b"x", headers={"content-type": "image/png"},
                  timeout=30)
    requests.get(f"{server.url}/v2", timeout=10)
    text = requests.get(f"{server.url}/metrics", timeout=10).text
    families = {f.name: f for f in text_string_to_metric_families(text)}
    requests_total = {(s.labels["route"], s.labels["status"]): s.value
                      for s in families["inception_requests"].samples}
    assert requests_total[("/v1/classify", "400")] >= 1 and requests_total[("/v2", "200")] >= 1
    assert families["inception_request_duration_seconds"].type == "histogram"


SERVE = [sys.executable, "-m", "inception_desktop", "serve", "--random-weights",
         "--max-delay-ms", "50"]


def test_sigterm_drains_requests_in_flight(tmp_path, shared_data_dir):
    port = free_port()
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(shared_data_dir))
    proc = subprocess.Popen([*SERVE, "--port", str(port)], env=env, stderr=subprocess.PIPE,
                            text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url)
        big = tmp_path / "big.jpg"
        photo(3000, 2000, seed=5).save(big, quality=90)  # decoding takes a while
        data = big.read_bytes()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(requests.post, f"{url}/v1/classify", data=data,
                                   headers={"content-type": "image/jpeg"}, timeout=120)
                       for _ in range(4)]
            time.sleep(0.15)  # the requests are in flight
            proc.send_signal(signal.SIGTERM)
            answers = [f.result() for f in futures]
        assert [a.status_code for a in answers] == [200] * 4
        # It ends once they are answered: a clean drain is a clean exit.
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        err = proc.stderr.read()
    assert "Traceback" not in err


def test_a_slow_upload_does_not_hold_the_drain(shared_data_dir):
    """SIGTERM while a client sends its body a byte at a time: the drain (30 s) does not
    wait for it; the upload has a few seconds, then its connection is closed; exit 0."""
    port = free_port()
    env = dict(os.environ, INCEPTION_DESKTOP_DATA_DIR=str(shared_data_dir))
    proc = subprocess.Popen([*SERVE, "--port", str(port)], env=env, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_until_ready(f"http://127.0.0.1:{port}")
        slow = socket.create_connection(("127.0.0.1", port), timeout=10)
        slow.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                     b"Content-Length: 1000000\r\n\r\n\x89PNG")
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        for _ in range(20):  # still sending, a byte every 0.5 s, while it may
            time.sleep(0.5)
            try:
                slow.sendall(b"x")
            except OSError:
                break
        assert proc.wait(timeout=20) == 0
        slow.close()
    finally:
        if proc.poll() is None:
            proc.kill()
        err = proc.stderr.read()
    assert "Traceback" not in err and "still sending its request" in err


def test_a_model_that_cannot_load_is_one_line(capsys):
    """serve --precision int8 without an int8 export: one line and exit 1 (it was a uvicorn
    traceback and exit 3)."""
    assert main(["serve", "--random-weights", "--precision", "int8", "--port",
                 str(free_port())]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("inception-desktop:")]
    assert len(lines) == 1 and "no int8 export" in lines[0] and "Traceback" not in err
