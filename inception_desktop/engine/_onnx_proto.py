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
