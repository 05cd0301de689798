#!/usr/bin/env python3
"""A Python client of `activeseg serve` (java/src/main/proto/activeseg_stream.proto), for users who
drive the streaming scorer from Python: it compiles the .proto with grpc_tools into a temporary
folder, streams a few synthetic frames of one scene (a textured wall seen from a camera sliding
sideways, random probabilities, 8x8-pixel superpixels) for ViewAL, prints each frame's result, asks
for the selection and checks the answer. Needs grpcio and grpcio-tools (numpy is not needed).

    python3 benchmarks/python/stream_client.py --to 127.0.0.1:PORT [--token-file F] [--frames 6] [--shared-dir DIR]

With --shared-dir (the directory `activeseg serve --shared-dir` was started with, on the same machine)
each frame's probabilities go through a file there (probabilities_file), one per frame, deleted at
the end, instead of in the message.

Exits non-zero when a frame is refused, a result is missing or the selection is empty.
"""
import argparse
import array
import json
import os
import random
import sys
import tempfile

# Old generated code (grpc_tools bundles an old protoc) with a newer protobuf runtime needs the pure-Python
# implementation; it is set before protobuf is imported.
os.environ.setdefault("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION", "python")

import grpc  # noqa: E402
from grpc_tools import protoc  # noqa: E402

PROTO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "java", "src", "main", "proto")


def load_stubs(out_dir):
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["protoc", "-I" + PROTO_DIR, "-I" + include, "--python_out=" + out_dir, "--grpc_python_out=" + out_dir,
            os.path.join(PROTO_DIR, "activeseg_stream.proto")]
    if protoc.main(args) != 0:
        sys.exit("protoc failed on activeseg_stream.proto")
    sys.path.insert(0, out_dir)
    import activeseg_stream_pb2 as pb  # noqa: E402
    import activeseg_stream_pb2_grpc as rpc  # noqa: E402
    return pb, rpc


def little_endian(kind, values):
    a = array.array(kind, values)
    if sys.byteorder != "little":
        a.byteswap()
    return a.tobytes()


def frames(pb, config, count, shared_dir=None, width=32, height=24, classes=5, seed=7):
    rnd = random.Random(seed)
    fx = fy = 30.0
    cx, cy = (width - 1) / 2, (height - 1) / 2
    for f in range(count):
        tx = 0.05 * f  # slide 5 cm per frame, looking at a wall 2 m away
        depth = [2.0 + 0.01 * ((x // 4 + y // 4) % 2) for y in range(height) for x in range(width)]
        probs = []
        rows = []
        for _ in range(width * height):
            w = [rnd.random() ** 3 + 1e-3 for _ in range(classes)]
            s = sum(w)
            rows.append([v / s for v in w])
        for k in range(classes):  # (C, H, W)
            probs.extend(r[k] for r in rows)
        spx = [(y // 8) * 100 + x // 8 for y in range(height) for x in range(width)]
        pose = [1, 0, 0, tx, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        request = pb.FrameRequest(config=config, scene="python_demo", id="python_demo_%06d" % f, width=width,
                                  height=height, depth=little_endian("f", depth), intrinsics=[fx, fy, cx, cy],
                                  camera_to_world=pose, samples=1, classes=classes,
                                  superpixels=little_endian("i", spx))
        if shared_dir is None:
            request.probabilities = little_endian("f", probs)
        else:
            # every frame its own file: the stream sends frames before earlier results have come back
            name = "python-%d-%06d.f32" % (os.getpid(), f)
            with open(os.path.join(shared_dir, name), "wb") as out:
                out.write(little_endian("f", probs))
            request.probabilities_file = name
        yield request


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", required=True, help="ADDR:PORT of activeseg serve")
    parser.add_argument("--token-file", help="file holding the server's token")
    parser.add_argument("--frames", type=int, default=6)
    parser.add_argument("--shared-dir", help="the server's --shared-dir: hand probabilities over through files there")
    a = parser.parse_args()
    if a.shared_dir is not None and not os.path.isdir(a.shared_dir):
        sys.exit("--shared-dir %s is not a directory" % a.shared_dir)
    try:
        run(a)
    finally:
        if a.shared_dir is not None:
            for f in range(a.frames):
                name = os.path.join(a.shared_dir, "python-%d-%06d.f32" % (os.getpid(), f))
                if os.path.exists(name):
                    os.remove(name)
    print("python client: ok" + (" (probabilities through %s)" % a.shared_dir if a.shared_dir else ""))


def run(a):
    with tempfile.TemporaryDirectory() as tmp:
        pb, rpc = load_stubs(tmp)
        metadata = []
        if a.token_file:
            with open(a.token_file) as f:
                metadata = [("authorization", "Bearer " + f.read().strip())]
        config = pb.ScoringConfig(method="viewal")
        with grpc.insecure_channel(a.to) as channel:
            stub = rpc.StreamScoringStub(channel)
            results = list(stub.StreamFrames(frames(pb, config, a.frames, a.shared_dir), metadata=metadata))
            for r in results:
                if r.HasField("error"):
                    sys.exit("frame %s refused: %s" % (r.frame, r.error))
                print("%s: score %.4f, %d superpixels, changed %s" % (r.frame, r.scored.frame.score,
                      len(r.scored.frame.superpixels), list(r.scored.changed)))
            if len(results) != a.frames:
                sys.exit("sent %d frames, got %d results" % (a.frames, len(results)))
            doc = json.loads(stub.Select(pb.SelectRequest(config=config, scenes=["python_demo"], pixels=500),
                                         metadata=metadata).json)
            print("selected %d superpixels, %d pixels" % (len(doc["selection"]), doc["selected_pixels"]))
            if not doc["selection"] or len(doc["frames"]) != a.frames:
                sys.exit("unexpected selection: %s" % json.dumps(doc)[:400])


if __name__ == "__main__":
    main()
