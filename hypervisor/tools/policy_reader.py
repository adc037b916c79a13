#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Independent reader of devassign SCMI policy blobs, written from docs/scmi-policy.md alone.

    policy_reader.py [--full] BLOB      prints the JSON view (docs/scmi-policy.md §9)
    policy_reader.py --check BLOB       prints "ok" or the reason name, exit 0/1

Exit status 1 and the reason name (docs §7, lower case) on stderr when a rule is broken.
Standard library only.
"""
import json
import struct
import sys

HDR, DOM, PROTO = 64, 64, 48
MAX_TOTAL, MAX_DOMAINS, MAX_PROTOS, MAX_DOM_PROTOS, MAX_WORDS, MAX_BITS = \
    0x100000, 64, 512, 64, 65536, 65536
NAME_CHARS = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class Reject(Exception):
    """A broken rule; args[0] is the reason name of docs §7."""


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def u16(b, o):
    return struct.unpack_from("<H", b, o)[0]


def u32(b, o):
    return struct.unpack_from("<I", b, o)[0]


def u64(b, o):
    return struct.unpack_from("<Q", b, o)[0]


def fits(total, off, count, size):
    return off <= total and count <= (total - off) // size


def read_header(b):
    if len(b) < HDR:
        raise Reject("too_short")
    if b[0:8] != b"XSCMIPOL":
        raise Reject("bad_magic")
    major, minor, hdr_size, total, flags = struct.unpack_from("<HHIII", b, 8)
    if major != 1:
        raise Reject("bad_version")
    if (minor == 0 and hdr_size != HDR) or (minor != 0 and (hdr_size < HDR or hdr_size % 8)):
        raise Reject("bad_hdr_size")
    if hdr_size > len(b):
        raise Reject("too_short")
    if len(b) > MAX_TOTAL or total != len(b):
        raise Reject("bad_total_size")
    if flags != 1:
        raise Reject("bad_flags")
    if any(b[0x34:0x40]):
        raise Reject("hdr_reserved")
    n_dom, dom_off, n_protos, proto_off, n_words, pool_off, crc = struct.unpack_from("<7I", b, 0x18)
    if n_dom > MAX_DOMAINS or n_protos > MAX_PROTOS or n_words > MAX_WORDS:
        raise Reject("limit")
    if not (fits(total, dom_off, n_dom, DOM) and fits(total, proto_off, n_protos, PROTO)
            and fits(total, pool_off, n_words, 4)):
        raise Reject("section_bounds")
    if (dom_off != hdr_size or proto_off != dom_off + DOM * n_dom
            or pool_off != proto_off + PROTO * n_protos
            or (minor == 0 and pool_off + 4 * n_words != total)):
        raise Reject("section_layout")
    if crc32c(b[:0x30] + b"\0\0\0\0" + b[0x34:total]) != crc:
        raise Reject("bad_crc")
    return dict(version=[major, minor], n_dom=n_dom, dom_off=dom_off, n_protos=n_protos,
                proto_off=proto_off, n_words=n_words, pool_off=pool_off)


def read_name(field):
    name = field.split(b"\0", 1)[0]
    if not name or any(c not in NAME_CHARS for c in name) or any(field[len(name):]):
        raise Reject("dom_name")
    return name.decode("ascii")


def read_ns(b, h, desc_off, state):
    n_bits, word = struct.unpack_from("<II", b, desc_off)
    if n_bits > MAX_BITS:
        raise Reject("ns_bits")
    n_words = (n_bits + 31) // 32
    if word != state["word"] or n_words > h["n_words"] - state["word"]:
        raise Reject("ns_layout")
    state["word"] += n_words
    ids = []
    for w in range(n_words):
        value = u32(b, h["pool_off"] + 4 * (word + w))
        for bit in range(32):
            if value >> bit & 1:
                ident = 32 * w + bit
                if ident >= n_bits:
                    raise Reject("ns_padding")
                ids.append(ident)
    if n_bits and (not ids or ids[-1] != n_bits - 1):
        raise Reject("ns_not_minimal")
    return ids


def read_protocol(b, h, index, state):
    r = h["proto_off"] + PROTO * index
    pid = b[r]
    if pid < 0x10:
        raise Reject("proto_id")
    if state["prev_proto"] is not None and pid <= state["prev_proto"]:
        raise Reject("proto_order")
    state["prev_proto"] = pid
    if b[r + 1] or u16(b, r + 2) or u32(b, r + 0xC):
        raise Reject("proto_reserved")
    msgs = u32(b, r + 4) | u32(b, r + 8) << 32
    ns = [read_ns(b, h, r + 0x10 + 8 * i, state) for i in range(4)]
    if set(ns[0]) & set(ns[1]):
        raise Reject("ns_shared_overlap")
    if pid != 0x19 and (ns[2] or ns[3]):
        raise Reject("ns_not_pinctrl")
    return dict(id=pid, messages=[m for m in range(64) if msgs >> m & 1],
                resources=ns[0], shared=ns[1], groups=ns[2], functions=ns[3])


def read_domain(b, h, i, state, seen):
    r = h["dom_off"] + DOM * i
    name = read_name(b[r:r + 32])
    key, smc_id, gpa, size, n_protos, res0, first, res1 = struct.unpack_from("<IIQIHHII", b, r + 0x20)
    if name in seen["names"]:
        raise Reject("dom_name_dup")
    if seen["key"] is not None and key <= seen["key"]:
        raise Reject("dom_key_order")
    if not (smc_id >> 31 & 1 and (smc_id >> 24) & 0x3F == 2 and (smc_id >> 16) & 0xFF == 0):
        raise Reject("dom_smc_id")
    if smc_id in seen["smc"]:
        raise Reject("dom_smc_dup")
    if gpa == 0 or gpa % 4096 or gpa > (1 << 48) - 4096 or not 0x80 <= size <= 0x1000 or size % 4:
        raise Reject("dom_shmem")
    if res0 or res1:
        raise Reject("dom_reserved")
    if n_protos > MAX_DOM_PROTOS:
        raise Reject("limit")
    if first != state["proto"] or n_protos > h["n_protos"] - state["proto"]:
        raise Reject("dom_proto_range")
    state["proto"] += n_protos
    seen["names"].add(name)
    seen["key"] = key
    seen["smc"].add(smc_id)
    state["prev_proto"] = None
    protocols = [read_protocol(b, h, first + j, state) for j in range(n_protos)]
    return dict(name=name, key=key, smc_id=smc_id, shmem=dict(address=gpa, size=size),
                protocols=protocols)


def read_policy(b):
    """Returns the full JSON view (a dict) or raises Reject."""
    h = read_header(b)
    state = dict(proto=0, word=0, prev_proto=None)
    seen = dict(names=set(), key=None, smc=set())
    domains = [read_domain(b, h, i, state, seen) for i in range(h["n_dom"])]
    if state["proto"] != h["n_protos"]:
        raise Reject("dom_proto_range")
    if state["word"] != h["n_words"]:
        raise Reject("ns_layout")
    return dict(version=h["version"], domains=domains)


def view(policy, full=False):
    """The JSON of docs §9: the default dump, or the full one."""
    out = dict(version=policy["version"], domains=[])
    for d in policy["domains"]:
        dom = dict(name=d["name"], key=d["key"], smc_id=d["smc_id"])
        if full:
            dom["shmem"] = d["shmem"]
        dom["protocols"] = []
        for p in d["protocols"]:
            proto = dict(id=p["id"], messages=p["messages"], resources=p["resources"],
                         shared=p["shared"])
            if full and p["id"] == 0x19:
                proto["groups"] = p["groups"]
                proto["functions"] = p["functions"]
            dom["protocols"].append(proto)
        out["domains"].append(dom)
    return out


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    opts = {a for a in argv[1:] if a.startswith("--")}
    if len(args) != 1 or opts - {"--full", "--check"}:
        sys.stderr.write(__doc__)
        return 2
    with open(args[0], "rb") as f:
        blob = f.read()
    try:
        policy = read_policy(blob)
    except Reject as e:
        if "--check" in opts:
            print(e.args[0])
        sys.stderr.write("policy_reader: rejected: %s\n" % e.args[0])
        return 1
    if "--check" in opts:
        print("ok")
    else:
        print(json.dumps(view(policy, "--full" in opts)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
