"""Generated inference requests: a valid Open Inference Protocol request with any of its
fields replaced by other JSON (shapes of any size and sign, unknown datatypes, data of the
wrong kind or length, odd parameters), sent as JSON or with a binary tail and any header
length, is answered 2xx or 4xx with a JSON error, never a 5xx, and the server keeps serving."""

from __future__ import annotations

import json

import pytest
import requests
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

INFER = "/v2/models/inception_v3/infer"
PIXELS = 3 * 299 * 299
DATATYPES = ["FP32", "FP16", "BF16", "FP64", "INT8", "INT64", "UINT8", "BOOL", "BYTES",
             "FP128", ""]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() |
                    st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=4) |
                    st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=10)
SHAPES = st.one_of(JSON, st.lists(st.integers(-3, 10**13), max_size=6),
                   st.lists(st.sampled_from([1, 2, 3, 299, 0, -1]), min_size=4, max_size=4))


@st.composite
def request_heads(draw) -> dict:
    """The `inputs` entry of a valid request with up to three of its fields changed."""
    head = {"name": "input", "datatype": "FP32", "shape": [1, 3, 299, 299]}
    fields = draw(st.lists(st.sampled_from(["name", "datatype", "shape", "data",
                                            "parameters", "other"]), max_size=3, unique=True))
    for field in fields:
        if field == "name":
            head["name"] = draw(st.one_of(st.sampled_from(["images", "", "INPUT"]), JSON))
        elif field == "datatype":
            head["datatype"] = draw(st.one_of(st.sampled_from(DATATYPES), JSON))
        elif field == "shape":
            head["shape"] = draw(SHAPES)
        elif field == "data":
            head["data"] = draw(st.one_of(JSON, st.lists(st.floats(), max_size=16)))
        elif field == "parameters":
            head["parameters"] = draw(st.one_of(JSON, st.fixed_dictionaries(
                {"binary_data_size": st.one_of(st.integers(-10, 10**13), JSON)})))
        else:
            head[draw(st.text(max_size=8))] = draw(JSON)
    return head


def _body(draw, head: dict) -> dict:
    body: dict = {"inputs": [head]}
    if draw(st.integers(0, 4)) == 0:
        body["inputs"] = draw(st.one_of(JSON, st.lists(st.just(head), max_size=3)))
    if draw(st.booleans()):
        body[draw(st.sampled_from(["outputs", "id", "parameters"]))] = draw(st.one_of(
            JSON, st.lists(st.fixed_dictionaries({"name": st.sampled_from(
                ["logits", "features", "probabilities", "block:Mixed_5b", ""])}), max_size=3)))
    return body


@st.composite
def infer_requests(draw) -> tuple[bytes, dict]:
    """(body, headers) of a request, JSON or JSON with a binary tail."""
    head = draw(request_heads())
    if draw(st.booleans()):  # binary: the tensor's bytes after the JSON header
        head.pop("data", None)
        head.setdefault("parameters", {"binary_data_size": PIXELS * 4})
        tail = draw(st.one_of(st.binary(max_size=64), st.just(b"\0" * PIXELS * 4)))
        header = json.dumps(_body(draw, head)).encode()
        length = draw(st.one_of(st.just(str(len(header))), st.integers(-5, 10**9).map(str),
                                st.sampled_from(["", "x", "1e3", "+7", "0x10"])))
        return header + tail, {"Inference-Header-Content-Length": length,
                               "Content-Type": "application/octet-stream"}
    if "data" not in head and head["shape"] == [1, 3, 299, 299]:
        head["data"] = [0.5] * PIXELS  # an otherwise valid request: it runs the network
    return json.dumps(_body(draw, head)).encode(), {"Content-Type": "application/json"}


@pytest.mark.slow
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(request=infer_requests())
def test_any_request_is_answered_without_a_server_error(server, request):
    body, headers = request
    response = requests.post(server.url + INFER, data=body, headers=headers, timeout=120)
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        answer = response.json()
        assert isinstance(answer.get("error", answer.get("detail")), str | list), answer
        assert "Traceback" not in response.text
    else:
        assert response.json()["outputs"]
    assert requests.get(f"{server.url}/v2/health/ready", timeout=10).status_code == 200


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()
IMAGE_BYTES = st.one_of(st.binary(max_size=200), st.just(PNG),
                        st.integers(0, len(PNG) - 1).map(lambda n: PNG[:n]),
                        st.tuples(st.integers(0, len(PNG) - 1), st.integers(1, 255)).map(
                            lambda c: PNG[:c[0]] + bytes([PNG[c[0]] ^ c[1]]) + PNG[c[0] + 1:]))


@st.composite
def classify_requests(draw) -> tuple[dict, bytes, dict]:
    """(query, body, headers) of a /v1/classify request: raw image bytes or a multipart form,
    with any content type and query values."""
    plausible = {"top_k": st.integers(1, 10).map(str), "model": st.just("inception_v3"),
                 "name": st.text(max_size=8)}
    hostile = st.one_of(st.integers(-5, 2000).map(str), st.text(max_size=8))
    query = {key: draw(plausible[key] if draw(st.integers(0, 3)) else hostile)
             for key in draw(st.lists(st.sampled_from(list(plausible)), max_size=3,
                                      unique=True))}
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["image/png", "image/jpeg", "application/octet-stream",
                                     "text/plain", "", "image/"]))
        return query, draw(IMAGE_BYTES), {"Content-Type": kind}
    boundary = draw(st.sampled_from(["b0undary", "x", "-" * 70]))
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        field = draw(st.sampled_from(["file", "photo", ""]))
        filename = draw(st.one_of(st.none(), st.text(max_size=10).filter(
            lambda t: '"' not in t and "\r" not in t and "\n" not in t)))
        disposition = f'form-data; name="{field}"' + (
            f'; filename="{filename}"' if filename is not None else "")
        parts.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
                     + draw(IMAGE_BYTES) + b"\r\n")
    body = b"".join(parts) + (f"--{boundary}--\r\n".encode() if draw(st.booleans()) else b"")
    declared = draw(st.sampled_from([boundary, "other", ""]))
    return query, body, {"Content-Type": f"multipart/form-data; boundary={declared}"}


@pytest.mark.slow
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(request=classify_requests())
def test_any_upload_is_answered_without_a_server_error(server, request):
    query, body, headers = request
    response = requests.post(server.url + "/v1/classify", params=query, data=body,
                             headers=headers, timeout=120)
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, response.text
    answer = response.json()
    if response.status_code >= 400:
        assert isinstance(answer.get("error", answer.get("detail")), str | list), answer
    else:
        assert answer["results"]
    assert requests.get(f"{server.url}/v2/health/ready", timeout=10).status_code == 200
