#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a devassign SCMI policy blob (docs/scmi-policy.md, format 1.0) from its full JSON view.

    mkpolicy.py POLICY.json OUT.bin

The JSON is the *full* dump of docs §9 (each domain carries "shmem": {"address", "size"}).
This is the e2e test's stand-in for `devassign export`, which will write DIR/scmi-policy.bin.
Written from the document alone; standard library only.
"""
import json
import struct
import sys


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def bitmap(ids):
    """(n_bits, list of u32 words) of a set of ids (docs §5: minimal, LE words)."""
    n_bits = max(ids) + 1 if ids else 0
    words = [0] * ((n_bits + 31) // 32)
    for i in ids:
        words[i // 32] |= 1 << (i % 32)
    return n_bits, words


def build(policy):
    domains = sorted(policy["domains"], key=lambda d: d["key"])
    dom_recs, proto_recs, pool = b"", b"", []
    n_protos = 0
    for d in domains:
        protos = sorted(d["protocols"], key=lambda p: p["id"])
        name = d["name"].encode("ascii")
        assert 1 <= len(name) <= 32
        dom_recs += name.ljust(32, b"\0") + struct.pack(
            "<IIQIHHII", d["key"], d["smc_id"], d["shmem"]["address"], d["shmem"]["size"],
            len(protos), 0, n_protos, 0)
        for p in protos:
            msgs = sum(1 << m for m in set(p["messages"]))
            rec = struct.pack("<BBHIII", p["id"], 0, 0, msgs & 0xFFFFFFFF, msgs >> 32, 0)
            for key in ("resources", "shared", "groups", "functions"):
                n_bits, words = bitmap(sorted(set(p.get(key, []))))
                rec += struct.pack("<II", n_bits, len(pool))
                pool += words
            proto_recs += rec
            n_protos += 1
    dom_off = 64
    proto_off = dom_off + len(dom_recs)
    pool_off = proto_off + len(proto_recs)
    total = pool_off + 4 * len(pool)
    header = b"XSCMIPOL" + struct.pack("<HHIII7I", 1, 0, 64, total, 1, len(domains), dom_off,
                                       n_protos, proto_off, len(pool), pool_off, 0) + bytes(12)
    blob = bytearray(header + dom_recs + proto_recs + struct.pack("<%dI" % len(pool), *pool))
    struct.pack_into("<I", blob, 0x30, crc32c(bytes(blob)))
    return bytes(blob)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1]) as f:
        policy = json.load(f)
    with open(argv[2], "wb") as f:
        f.write(build(policy))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
