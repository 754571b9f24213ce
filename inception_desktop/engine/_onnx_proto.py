"""A minimal ONNX protobuf writer for the benchmark's one-node MatMul graph.

Hand-encoding 60 bytes of protobuf keeps the `onnx` package out of the torch-free build.
"""

from __future__ import annotations


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, wire: int, payload: bytes | int) -> bytes:
    key = _varint((number << 3) | wire)
    if isinstance(payload, int):  # wire type 0: a varint
        return key + _varint(payload)
    return key + _varint(len(payload)) + payload


def _string(number: int, text: str) -> bytes:
    return _field(number, 2, text.encode())


def _value_info(name: str, n: int) -> bytes:
    dims = b"".join(_field(1, 2, _field(1, 0, n)) for _ in range(2))  # Dimension.dim_value
    shape = _field(2, 2, dims)  # TensorShapeProto.dim (repeated) inside Tensor.shape
    tensor_type = _field(1, 0, 1) + shape  # elem_type FLOAT = 1
    type_proto = _field(1, 2, tensor_type)  # TypeProto.tensor_type
    return _string(1, name) + _field(2, 2, type_proto)


def matmul_model_bytes(n: int) -> bytes:
    node = _string(1, "a") + _string(1, "a") + _string(2, "y") + _string(4, "MatMul")
    graph = (_field(1, 2, node) + _string(2, "matmul")
             + _field(11, 2, _value_info("a", n)) + _field(12, 2, _value_info("y", n)))
    opset = _field(2, 0, 17)  # OperatorSetIdProto.version (domain "" by default)
    return _field(1, 0, 8) + _field(7, 2, graph) + _field(8, 2, opset)  # ir_version 8


# ---------------------------------------------------------------------- reading, pruning
# ModelProto.graph = 7; GraphProto: node = 1, output = 12; NodeProto: input = 1, output = 2,
# op_type = 4, attribute = 5; ValueInfoProto.name = 1. Enough of the wire format to keep some
# of a graph's outputs (and the nodes they need) without the `onnx` package.

def _read_varint(data: memoryview, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(data: memoryview) -> list[tuple[int, int, int, int]]:
    """(field number, wire type, start, end) of each field of one message; for wire type 2,
    start..end is the payload, else the raw value's bytes."""
    out = []
    pos, end = 0, len(data)
    while pos < end:
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, after = _read_varint(data, pos)
        elif wire == 1:
            after = pos + 8
        elif wire == 5:
            after = pos + 4
        elif wire == 2:
            length, pos = _read_varint(data, pos)
            after = pos + length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((number, wire, pos, after))
        pos = after
    if pos != end:
        raise ValueError("truncated protobuf message")
    return out


def _strings(data: memoryview, number: int) -> list[str]:
    return [bytes(data[s:e]).decode() for n, w, s, e in _fields(data) if n == number and w == 2]


def _raw(data: memoryview, field: tuple[int, int, int, int]) -> list[bytes | memoryview]:
    """A field as it was (key, length and payload), without copying the payload."""
    number, wire, start, end = field
    key = _varint((number << 3) | wire)
    if wire == 2:
        key += _varint(end - start)
    return [key, data[start:end]]


def graph_output_names(model: bytes) -> list[str]:
    data = memoryview(model)
    graph = next(data[s:e] for n, w, s, e in _fields(data) if n == 7 and w == 2)
    return [_strings(graph[s:e], 1)[0] for n, w, s, e in _fields(graph) if n == 12 and w == 2]


def keep_outputs(model: bytes, keep: list[str] | tuple[str, ...]) -> bytes:
    """The ONNX model with only the graph outputs named in `keep` (in the graph's order), and
    without the nodes that only fed the others. Runtimes then neither copy out nor keep alive
    the outputs no one asked for (OpenVINO and int8 graphs fuse across them)."""
    data = memoryview(model)
    top = _fields(data)
    graph_field = next(f for f in top if f[0] == 7 and f[1] == 2)
    graph = data[graph_field[2]:graph_field[3]]
    fields = _fields(graph)
    outputs = {i: _strings(graph[s:e], 1)[0] for i, (n, w, s, e) in enumerate(fields)
               if n == 12 and w == 2}
    missing = set(keep) - set(outputs.values())
    if missing:
        raise ValueError(f"the graph has no output(s) {sorted(missing)}")
    nodes = [(i, graph[s:e]) for i, (n, w, s, e) in enumerate(fields) if n == 1 and w == 2]
    needed = set(keep)
    dropped: set[int] = set()
    # Nodes with sub-graphs (If, Loop) use names not listed as inputs: keep every node then.
    prunable = not any(n == 5 and _has_graph(node[s:e]) for _, node in nodes
                       for n, w, s, e in _fields(node) if w == 2)
    if prunable:
        for index, node in reversed(nodes):  # nodes are in topological order
            if needed.intersection(_strings(node, 2)):
                needed.update(name for name in _strings(node, 1) if name)
            else:
                dropped.add(index)
    kept = b"".join(part for i, f in enumerate(fields)
                    if i not in dropped and (i not in outputs or outputs[i] in keep)
                    for part in _raw(graph, f))
    return b"".join(part for f in top
                    for part in ([_field(7, 2, kept)] if f is graph_field else _raw(data, f)))


def _has_graph(attribute: memoryview) -> bool:
    """AttributeProto.g = 6, graphs = 11."""
    return any(n in (6, 11) for n, _, _, _ in _fields(attribute))
