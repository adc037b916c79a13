#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The independent Python reader (tools/policy_reader.py) against the document and the C loader.

    test_policy_reader.py POLICY_TOOL EXAMPLE.bin WORKDIR

1. The worked example of docs/scmi-policy.md §10 dumps as the JSON the document states.
2. Differential: thousands of mutations of valid blobs (byte flips, truncations, field pokes,
   each with the CRC fixed or not) get the same verdict - "ok" or the same reason name - from
   the C loader (POLICY_TOOL) and the Python reader.
"""
import json
import os
import random
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "e2e", "scmi"))
import policy_reader  # noqa: E402
import mkpolicy  # noqa: E402

DOC_JSON = {"version": [1, 0], "domains": [{"name": "guest1", "key": 1, "smc_id": 2181038096,
            "shmem": {"address": 100597760, "size": 4096}, "protocols": [
                {"id": 16, "messages": [0, 1, 2, 3, 4, 5, 6], "resources": [], "shared": []},
                {"id": 20, "messages": [0, 1, 2, 3, 4, 5, 6, 7], "resources": [0, 2], "shared": [1]}]}]}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def verdict(blob):
    try:
        policy_reader.read_policy(blob)
        return "ok"
    except policy_reader.Reject as e:
        return e.args[0]


def fix_crc(b):
    b = bytearray(b)
    if len(b) >= 0x34:
        struct.pack_into("<I", b, 0x30, 0)
        struct.pack_into("<I", b, 0x30, policy_reader.crc32c(bytes(b)))
    return bytes(b)


def rich_policy(rng):
    doms = []
    for k in range(1, rng.randint(1, 4) + 1):
        protos = []
        for pid in sorted(rng.sample([0x10, 0x11, 0x13, 0x14, 0x16, 0x19, 0x80], rng.randint(0, 5))):
            res = sorted(rng.sample(range(40), rng.randint(0, 6)))
            shared = sorted(set(rng.sample(range(40), rng.randint(0, 3))) - set(res))
            p = {"id": pid, "messages": sorted(rng.sample(range(64), rng.randint(0, 10))),
                 "resources": res, "shared": shared}
            if pid == 0x19:
                p["groups"] = sorted(rng.sample(range(70), rng.randint(0, 3)))
                p["functions"] = sorted(rng.sample(range(10), rng.randint(0, 3)))
            protos.append(p)
        doms.append({"name": "d%d" % k, "key": k, "smc_id": 0x82000010 + k,
                     "shmem": {"address": 0x05ff0000, "size": 0x1000}, "protocols": protos})
    return {"version": [1, 0], "domains": doms}


def mutate(rng, blob):
    b = bytearray(blob)
    kind = rng.randrange(5)
    if kind == 0:
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif kind == 1:
        b = b[:rng.randrange(len(b))]
    elif kind == 2:   # poke a u32 field somewhere with a small or boundary value
        off = rng.randrange(0, max(1, len(b) - 3)) & ~3
        struct.pack_into("<I", b, off, rng.choice([0, 1, 2, 3, 0x40, 0x80, 0xFFFFFFFF, 65536, 65537]))
    elif kind == 3:
        b += bytes(rng.randrange(1, 16))
        struct.pack_into("<I", b, 0x10, len(b))
    else:
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b) if rng.random() < 0.3 else fix_crc(b)


def main(argv):
    tool, example, work = argv[1], argv[2], argv[3]
    os.makedirs(work, exist_ok=True)
    with open(example, "rb") as f:
        ex = f.read()
    full = policy_reader.view(policy_reader.read_policy(ex), full=True)
    if full != DOC_JSON:
        fail("example dumps as %s" % json.dumps(full))
    short = policy_reader.view(policy_reader.read_policy(ex))
    if "shmem" in short["domains"][0] or set(short["domains"][0]) != {"name", "key", "smc_id", "protocols"}:
        fail("default dump carries other keys than docs §9: %s" % json.dumps(short))
    if mkpolicy.build(DOC_JSON) != ex:
        fail("mkpolicy.py does not reproduce the example")
    rng = random.Random(20240611)
    files, expected = [], []
    for i in range(3000):
        pol = rich_policy(rng)
        blob = mkpolicy.build(pol)
        if i % 10 == 0:   # the valid blob itself round-trips through the reader
            if policy_reader.view(policy_reader.read_policy(blob), full=True) != \
                    policy_reader.view({"version": pol["version"], "domains": [dict(d, protocols=[
                        dict({"groups": [], "functions": []}, **p) for p in d["protocols"]])
                        for d in pol["domains"]]}, full=True):
                fail("round trip of policy %d" % i)
        blob = mutate(rng, blob)
        path = os.path.join(work, "m%04d.bin" % i)
        with open(path, "wb") as f:
            f.write(blob)
        files.append(path)
        expected.append(verdict(blob))
    out = subprocess.run([tool] + files, check=True, capture_output=True, text=True).stdout.split()
    bad = [(f, e, o) for f, e, o in zip(files, expected, out) if e != o]
    if len(out) != len(files) or bad:
        fail("C and Python disagree on %d blobs, e.g. %s" % (len(bad), bad[:3]))
    counts = {}
    for v in expected:
        counts[v] = counts.get(v, 0) + 1
    if len(counts) < 12:
        fail("mutations reached only %s" % counts)
    print("policy_reader: example ok; %d mutated blobs, same verdicts (%d distinct: %s)"
          % (len(files), len(counts), ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
