#!/usr/bin/env python3
"""Cross-checks Arbor's safetensors reader and writer against the reference `safetensors` library.

  safetensors_interop.py write DIR     writes py_numpy.safetensors (F32, F16, I64, I32, a scalar,
                                       an empty tensor; metadata format=pt) and py_bf16.safetensors
                                       (BF16) into DIR, prints their values as JSON
  safetensors_interop.py read FILE...  reads each file with the library, prints its metadata,
                                       tensors (dtype, shape, values) and whether the library,
                                       re-serialising what it read, produces the identical bytes

Values are printed as float64 (exact for F32/F16/BF16) or int. Needs: safetensors, numpy.
Used by the JUnit test dev.arbor.trainer.io.SafetensorsInteropTest (tag "interop").
"""
import json
import sys
from pathlib import Path

import numpy as np
import safetensors
from safetensors.numpy import save_file

# header dtype -> (numpy dtype to decode the raw bytes, name the serializer takes)
DTYPES = {
    "F64": (np.float64, "float64"),
    "F32": (np.float32, "float32"),
    "F16": (np.float16, "float16"),
    "BF16": (np.uint16, "bfloat16"),
    "I64": (np.int64, "int64"),
    "I32": (np.int32, "int32"),
    "I16": (np.int16, "int16"),
    "I8": (np.int8, "int8"),
    "U8": (np.uint8, "uint8"),
    "BOOL": (np.bool_, "bool"),
}


def values(dtype, shape, data):
    raw = np.frombuffer(bytes(data), dtype=np.dtype(DTYPES[dtype][0]).newbyteorder("<"))
    if dtype == "BF16":
        raw = (raw.astype(np.uint32) << 16).view(np.float32)
    flat = raw.reshape(-1)
    if np.issubdtype(flat.dtype, np.floating):
        return [float(x) for x in flat]
    return [int(x) for x in flat]


def serialize(tensors, metadata):
    """The library's own serializer over raw (dtype, shape, bytes), across its API versions."""
    if hasattr(safetensors, "TensorSpec"):
        keep = []
        specs = {}
        for name, t in tensors.items():
            buf = np.frombuffer(bytes(t["data"]), dtype=np.uint8).copy()
            keep.append(buf)
            specs[name] = safetensors.TensorSpec(
                dtype=DTYPES[t["dtype"]][1],
                shape=list(t["shape"]),
                data_ptr=buf.ctypes.data,
                data_len=buf.nbytes,
            )
        return bytes(safetensors.serialize(specs, metadata=metadata))
    flat = {
        name: {"dtype": DTYPES[t["dtype"]][1], "shape": list(t["shape"]), "data": bytes(t["data"])}
        for name, t in tensors.items()
    }
    return bytes(safetensors.serialize(flat, metadata=metadata))


def read(path):
    blob = Path(path).read_bytes()
    with safetensors.safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
        keys = sorted(f.keys())
    tensors = {name: info for name, info in safetensors.deserialize(blob)}
    assert sorted(tensors) == keys, (sorted(tensors), keys)
    out = {
        name: {"dtype": t["dtype"], "shape": list(t["shape"]), "values": values(t["dtype"], t["shape"], t["data"])}
        for name, t in sorted(tensors.items())
    }
    return {
        "metadata": metadata,
        "tensors": out,
        "identical_after_reserialize": serialize(tensors, metadata) == blob,
    }


def bf16_bits(x):
    """Round to nearest even, as PyTorch does (finite inputs)."""
    bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def write(out_dir):
    out_dir = Path(out_dir)
    numpy_tensors = {
        "w": (np.arange(12, dtype=np.float32) * 0.5 - 2.75).reshape(3, 4),
        "h": np.array([0.5, -1.0, 65504.0, 6e-5, 0.0], dtype=np.float16),
        "i": np.array([[1, -2], [2**40, -(2**62)]], dtype=np.int64),
        "j": np.array([7, -8, 2**31 - 1], dtype=np.int32),
        "s": np.array(1.25, dtype=np.float32),
        "e": np.zeros((0, 3), dtype=np.float32),
    }
    save_file(numpy_tensors, str(out_dir / "py_numpy.safetensors"), metadata={"format": "pt"})
    bits = bf16_bits([1.5, -2.0, 0.1, 3.0e38, 1e-40, -0.0])
    serialized = serialize(
        {"b": {"dtype": "BF16", "shape": [2, 3], "data": bits.astype("<u2").tobytes()}}, None
    )
    (out_dir / "py_bf16.safetensors").write_bytes(serialized)
    return {
        name: read(str(out_dir / name))["tensors"]
        for name in ("py_numpy.safetensors", "py_bf16.safetensors")
    }


def main(argv):
    if len(argv) >= 2 and argv[0] == "write":
        result = write(argv[1])
    elif len(argv) >= 2 and argv[0] == "read":
        result = {Path(p).name: read(p) for p in argv[1:]}
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
