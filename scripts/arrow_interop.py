#!/usr/bin/env python3
"""Reads an Arbor tree batch (Arrow IPC file or stream) with pyarrow alone and prints, per tree,
what a consumer in another language derives from the documented schema (tree module, package
dev.arbor.tree.arrow): packed and flat token counts, trajectories, trainable tokens, and each
trajectory's token ids rebuilt from the node structure. The JVM test compares this with Java.

Usage: arrow_interop.py FILE  ->  JSON on stdout
"""
import json
import sys

import pyarrow as pa
import pyarrow.ipc as ipc

GENERATED_ROLES = {1, 2}  # MODEL, TOOL_CALL


def open_table(path):
    with open(path, "rb") as f:
        magic = f.read(6)
    if magic == b"ARROW1":
        return ipc.open_file(path).read_all()
    with pa.OSFile(path, "rb") as source:
        return ipc.open_stream(source).read_all()


def tree_view(row):
    parents = row["node_parent"]
    lengths = row["node_length"]
    roles = row["node_role"]
    tokens = row["token_id"]
    starts, at = [], 0
    for n in lengths:
        starts.append(at)
        at += n
    if at != len(tokens):
        raise ValueError("node lengths do not add up to the token count")

    def path(node):
        nodes = []
        while node >= 0:
            nodes.append(node)
            node = parents[node]
        return nodes[::-1]

    trajectories, trainable = [], []
    for terminal in row["traj_terminal_node"]:
        ids, count, position = [], 0, 0
        for node in path(terminal):
            for i in range(lengths[node]):
                ids.append(tokens[starts[node] + i])
                if roles[node] in GENERATED_ROLES and position > 0:
                    count += 1
                position += 1
        trajectories.append(ids)
        trainable.append(count)
    return {
        "tree_id": row["tree_id"],
        "packed_tokens": len(tokens),
        "flat_tokens": sum(len(t) for t in trajectories),
        "trajectories": row["traj_id"],
        "trainable_tokens": trainable,
        "trajectory_tokens": trajectories,
        "segments": sum(row["traj_segment_count"]),
        "rewards": row["traj_reward"],
    }


def main():
    table = open_table(sys.argv[1])
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    out = {
        "schema": meta.get("arbor.schema"),
        "version": meta.get("arbor.schema.version"),
        "pyarrow": pa.__version__,
        "trees": [tree_view(row) for row in table.to_pylist()],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
