"""The Open Inference Protocol's REST bodies (KServe v2, spoken by Triton, KServe, Seldon
MLServer and OpenVINO Model Server), with Triton's binary tensor data extension.

An inference request is a JSON object, optionally followed by raw tensor bytes: the header
`Inference-Header-Content-Length` gives the JSON's length, and each input whose
`parameters.binary_data_size` is set takes that many bytes from what follows, in input order.
Outputs are returned as JSON `data`, or as binary when asked (`parameters.binary_data` on an
output, or `binary_data_output` on the request), appended after the JSON in output order.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

HEADER_LENGTH = "inference-header-content-length"
DTYPES = {"FP32": np.float32, "FP64": np.float64, "FP16": np.float16, "INT64": np.int64,
          "INT32": np.int32, "INT16": np.int16, "INT8": np.int8, "UINT8": np.uint8,
          "UINT16": np.uint16, "UINT32": np.uint32, "UINT64": np.uint64, "BOOL": np.bool_}


class ProtocolError(Exception):
    """A request the server refuses: the status (4xx) and a message naming the problem."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a parsing process, answered here
        return (type(self), (self.status, str(self), self.headers))


@dataclass
class InferInput:
    name: str
    datatype: str
    shape: list[int]
    array: np.ndarray


@dataclass
class InferRequest:
    id: str | None
    inputs: list[InferInput]
    outputs: list[str] | None  # None: every output
    binary_outputs: set[str] = field(default_factory=set)
    binary_default: bool = False
    # Triton's classification extension: output name -> how many top classes, as strings
    classification: dict[str, int] = field(default_factory=dict)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolError(400, f"{what} must be a JSON object")
    return value


def _shape(value: Any, what: str) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(d, int) and not isinstance(d, bool)
                                              and d >= 0 for d in value):
        raise ProtocolError(400, f"{what}: shape must be a list of non-negative integers")
    if math.prod(value) > 2_000_000_000:
        raise ProtocolError(413, f"{what}: shape {value} is far too large")
    return value


def parse_infer(body: bytes, header_length: str | None) -> InferRequest:
    """A request body (JSON, or JSON + binary tensors) -> the request; ProtocolError for
    anything malformed, naming the input and the problem."""
    head, binary = _split_body(body, header_length)
    doc = _parse_json(head)
    raw_inputs = doc.get("inputs")
    if not isinstance(raw_inputs, list) or not raw_inputs:
        raise ProtocolError(400, "the request has no 'inputs' list")
    offset = 0
    inputs = []
    for i, raw in enumerate(raw_inputs):
        parsed, offset = _parse_input(_object(raw, f"inputs[{i}]"), i, binary, offset)
        inputs.append(parsed)
    if offset != len(binary):
        raise ProtocolError(400, f"{len(binary) - offset} bytes of binary data follow that no "
                                 "input claims")
    outputs, binary_outputs, classification = _parse_outputs(doc.get("outputs"))
    params = _object(doc.get("parameters") or {}, "the request's parameters")
    request_id = doc.get("id")
    if request_id is not None and not isinstance(request_id, str):
        raise ProtocolError(400, "'id' must be a string")
    # an empty list asks for nothing in particular: every output, as Triton answers it
    return InferRequest(request_id, inputs, outputs or None, binary_outputs,
                        params.get("binary_data_output") is True, classification)


def _split_body(body: bytes, header_length: str | None) -> tuple[bytes, memoryview]:
    """-> (the JSON, the binary tensor data after it), split where the header says."""
    if header_length is None:
        return body, memoryview(b"")
    try:
        n = int(header_length)
    except ValueError:
        raise ProtocolError(400, f"Inference-Header-Content-Length {header_length!r} is "
                                 "not a number") from None
    if not 0 < n <= len(body):
        raise ProtocolError(400, f"Inference-Header-Content-Length {n} does not fit a body "
                                 f"of {len(body)} bytes")
    return body[:n], memoryview(body)[n:]


def _parse_json(head: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(head)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ProtocolError(400, f"the request is not valid JSON ({str(exc)[:120]})") from None
    return _object(doc, "the request")


def _parse_input(raw: dict[str, Any], i: int, binary: memoryview,
                 offset: int) -> tuple[InferInput, int]:
    """The request's input number `i`, its binary data (if any) from `offset` on ->
    (the input, the offset after its binary data)."""
    name = raw.get("name")
    if not isinstance(name, str):
        raise ProtocolError(400, f"inputs[{i}] has no name")
    datatype = raw.get("datatype")
    if not isinstance(datatype, str) or datatype not in DTYPES:
        raise ProtocolError(400, f"input {name!r}: datatype {datatype!r} is not one of "
                                 f"{', '.join(DTYPES)}")
    shape = _shape(raw.get("shape"), f"input {name!r}")
    params = _object(raw.get("parameters") or {}, f"input {name!r} parameters")
    dtype = np.dtype(DTYPES[datatype]).newbyteorder("<")
    size = params.get("binary_data_size")
    if size is not None:
        array = _binary_array(name, datatype, shape, dtype, size, binary, offset)
        offset += size
    else:
        array = _json_array(name, datatype, shape, dtype, raw.get("data"))
    return InferInput(name, datatype, shape, array), offset


def _binary_array(name: str, datatype: str, shape: list[int], dtype: np.dtype[Any], size: Any,
                  binary: memoryview, offset: int) -> np.ndarray:
    """An input's `size` bytes of binary data at `offset`, as an array of its shape."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ProtocolError(400, f"input {name!r}: binary_data_size must be a "
                                 "non-negative integer")
    if offset + size > len(binary):
        raise ProtocolError(400, f"input {name!r}: binary_data_size {size} runs past "
                                 "the end of the body")
    if size != math.prod(shape) * dtype.itemsize:
        raise ProtocolError(400, f"input {name!r}: {size} bytes of {datatype} do not "
                                 f"make the shape {shape}")
    return np.frombuffer(binary[offset:offset + size], dtype=dtype).reshape(shape)


def _json_array(name: str, datatype: str, shape: list[int], dtype: np.dtype[Any],
                data: Any) -> np.ndarray:
    """An input's JSON `data`, as an array of its shape."""
    if data is None:
        raise ProtocolError(400, f"input {name!r} has neither data nor binary_data_size")
    try:  # a value past the datatype's range becomes inf, refused as not finite
        with np.errstate(over="ignore", invalid="ignore"):
            array = np.asarray(data, dtype=dtype)
    except (ValueError, TypeError, OverflowError, RecursionError):
        raise ProtocolError(400, f"input {name!r}: data is not an array of "
                                 f"{datatype} numbers") from None
    if array.size != math.prod(shape):
        raise ProtocolError(400, f"input {name!r}: {array.size} values do not make "
                                 f"the shape {shape}")
    return array.reshape(shape)


def _parse_outputs(raw_outputs: Any) -> tuple[list[str] | None, set[str], dict[str, int]]:
    """The request's 'outputs' -> (their names, or None for every output; those asked for as
    binary; output name -> how many top classes, for those asked as classification)."""
    binary_outputs: set[str] = set()
    classification: dict[str, int] = {}
    if raw_outputs is None:
        return None, binary_outputs, classification
    if not isinstance(raw_outputs, list):
        raise ProtocolError(400, "'outputs' must be a list")
    outputs = []
    for i, raw in enumerate(raw_outputs):
        raw = _object(raw, f"outputs[{i}]")
        if not isinstance(raw.get("name"), str):
            raise ProtocolError(400, f"outputs[{i}] has no name")
        outputs.append(raw["name"])
        params = _object(raw.get("parameters") or {}, f"output {raw['name']!r} parameters")
        if params.get("binary_data") is True:
            binary_outputs.add(raw["name"])
        count = params.get("classification")
        if count is not None:
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise ProtocolError(400, f"output {raw['name']!r}: classification must be "
                                         "a positive integer (the number of top classes)")
            classification[raw["name"]] = count
    return outputs, binary_outputs, classification


def classification_strings(values: np.ndarray, count: int, labels: list[str]) -> np.ndarray:
    """Triton's classification extension: per row, the `count` highest values as
    "value:index:label" strings, highest first (N x count, dtype object)."""
    count = min(count, values.shape[1])
    order = np.argsort(-values, axis=1, kind="stable")[:, :count]
    out = np.empty(order.shape, dtype=object)
    for row, indices in enumerate(order):
        for k, index in enumerate(indices):
            out[row, k] = f"{float(values[row, index]):f}:{int(index)}:{labels[int(index)]}"
    return out


def _bytes_tensor(array: np.ndarray) -> bytes:
    """BYTES elements in Triton's binary form: each a 4-byte little-endian length, then it."""
    parts = []
    for item in array.ravel():
        data = item.encode() if isinstance(item, str) else bytes(item)
        parts.append(len(data).to_bytes(4, "little") + data)
    return b"".join(parts)


def infer_response(model: str, version: str, request: InferRequest,
                   outputs: dict[str, np.ndarray]) -> tuple[bytes, dict[str, str]]:
    """The response body and headers, binary tensors where the request asked for them;
    an array of strings is a BYTES output (classification)."""
    entries = []
    blobs = []
    for name, array in outputs.items():
        strings = array.dtype == object
        entry: dict[str, Any] = {"name": name, "datatype": "BYTES" if strings else "FP32",
                                 "shape": list(array.shape)}
        if request.binary_default or name in request.binary_outputs:
            blob = _bytes_tensor(array) if strings else \
                np.ascontiguousarray(array, dtype="<f4").tobytes()
            entry["parameters"] = {"binary_data_size": len(blob)}
            blobs.append(blob)
        else:
            entry["data"] = array.ravel().tolist() if strings else \
                np.asarray(array, np.float32).ravel().tolist()
        entries.append(entry)
    doc: dict[str, Any] = {"model_name": model, "model_version": version, "outputs": entries}
    if request.id is not None:
        doc["id"] = request.id
    head = json.dumps(doc, allow_nan=False).encode()
    if not blobs:
        return head, {"content-type": "application/json"}
    return head + b"".join(blobs), {"content-type": "application/octet-stream",
                                    "inference-header-content-length": str(len(head))}
