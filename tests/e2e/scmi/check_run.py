#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Judges one e2e-scmi.sh boot from its console log (tests/e2e/e2e-scmi.sh).

    check_run.py CASE SPEC.json POLICY.bin CONSOLE.log

The policy is read back from the blob Xen loaded, with the independent reader
(hypervisor/tools/policy_reader.py). Exit 0 only when every check holds; the last line says
what failed. Checks:
  all     every "SCMI-SIM" line (a message that reached the simulated platform) is inside the
          policy of the domain it came from: protocol listed, message allowed, its resource
          owned (CONTROL) or owned/shared (QUERY)
  guests  each guest's clk_summary holds exactly its policy's clocks (owned + shared); its
          consumer bound; the platform saw the consumer's clock enables, its rate set, its
          power-on and its resets; the guest was denied something (the foreign clocks Linux
          enumerates)
  rogue   every crafted message answered DENIED (-3) with its header echoed, length 8, channel
          FREE; the control message answered SUCCESS; the race's calls were all answered 0 or
          -3, and the platform saw exactly one message per SUCCESS, all CLOCK_ATTRIBUTES(7)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "hypervisor", "tools"))
import policy_reader  # noqa: E402

# CONTROL-class messages per protocol (shared/reference/scmi.md §3.3); all other listed
# messages of the simulated protocols are queries.
CONTROL = {0x10: {0x8, 0x10}, 0x11: {0x4, 0x6, 0x7, 0x10}, 0x14: {0x5, 0x7, 0x9, 0xA, 0xD, 0x10},
           0x16: {0x4, 0x5, 0x10}}
NO_RES = 0xFFFFFFFF
ROGUE_DENIED = ["base-set-device-permissions", "base-set-protocol-permissions",
                "base-reset-agent-configuration", "system-power-state-set",
                "pinctrl-set-permissions", "clock-attributes-foreign-id",
                "clock-rate-set-not-allowed", "power-state-set-unlisted-protocol",
                "clock-attributes-wrong-length", "type-notification", "type-delayed-response",
                "reserved-bit-28", "reserved-bit-31", "length-huge", "length-short",
                "length-unaligned", "channel-left-free", "vendor-unlisted"]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def guest_lines(log):
    """{domid: [text]} from '(XEN) DOM<n>: text' (vpl011) and '(d<n>) text' (console_io)."""
    out = {}
    for line in log:
        m = re.search(r"\(XEN\)\s*DOM(\d+):\s?(.*)$", line) or re.search(r"\(d(\d+)\)\s?(.*)$", line)
        if m:
            out.setdefault(int(m.group(1)), []).append(m.group(2))
    return out


def sim_lines(log):
    rx = re.compile(r"SCMI-SIM agent=(\d+) proto=0x([0-9a-f]+) msg=0x([0-9a-f]+) token=0x([0-9a-f]+)"
                    r" res=0x([0-9a-f]+) len=(\d+) status=(-?\d+)")
    out = []
    for line in log:
        m = rx.search(line)
        if m:
            a, p, msg, tok, res, ln, st = m.groups()
            out.append(dict(agent=int(a), proto=int(p, 16), msg=int(msg, 16), token=int(tok, 16),
                            res=int(res, 16), len=int(ln), status=int(st)))
    return out


def check_all(policy, sims):
    before = len(failures)
    doms = {d["key"]: d for d in policy["domains"]}
    for s in sims:
        d = doms.get(s["agent"])
        where = "platform saw agent %d proto %#x msg %#x res %#x" % (s["agent"], s["proto"], s["msg"], s["res"])
        if d is None:
            fail(where + ": no such domain in the policy")
            continue
        p = next((p for p in d["protocols"] if p["id"] == s["proto"]), None)
        if p is None or s["msg"] not in p["messages"]:
            fail(where + ": protocol/message outside %s's policy" % d["name"])
            continue
        if s["res"] != NO_RES:
            allowed = set(p["resources"])
            if s["msg"] not in CONTROL.get(s["proto"], set()):
                allowed |= set(p["shared"])
            if s["res"] not in allowed:
                fail(where + ": resource outside %s's policy" % d["name"])
    if len(failures) == before:
        print("all: %d messages reached the platform, all inside their domain's policy" % len(sims))


def check_guests(spec, policy, log, sims):
    lines = guest_lines(log)
    for d in policy["domains"]:
        key, name = d["key"], d["name"]
        cons = spec["consumers"][name]
        out = lines.get(key, [])
        clk = next(p for p in d["protocols"] if p["id"] == 0x14)
        want = {"clk%d" % c for c in clk["resources"] + clk["shared"]}
        got = {}
        for t in out:
            m = re.match(r"DEVASSIGN-E2E clk name=(\S+) enable=(\d+) prepare=(\d+) rate=(\d+)", t)
            if m:
                got[m.group(1)] = (int(m.group(2)), int(m.group(4)))
        if set(got) != want:
            fail("%s (d%d): clk_summary holds %s, its policy's clocks are %s"
                 % (name, key, sorted(got), sorted(want)))
        first = "clk%d" % cons["clocks"][0]
        if first in got and got[first][1] != cons["rate"]:
            fail("%s: %s runs at %d Hz, assigned-clock-rates asked %d" % (name, first, got[first][1], cons["rate"]))
        for c in cons["clocks"]:
            if "clk%d" % c in got and got["clk%d" % c][0] < 1:
                fail("%s: clk%d is not enabled in the guest" % (name, c))
        if "DEVASSIGN-E2E consumer bound" not in out:
            fail("%s: the SCMI consumer device did not bind" % name)
        mine = [s for s in sims if s["agent"] == key]

        def saw(proto, msg, res, what):
            if not any(s["proto"] == proto and s["msg"] == msg and s["res"] == res and s["status"] == 0 for s in mine):
                fail("%s: the platform never saw %s" % (name, what))
        for c in cons["clocks"]:
            saw(0x14, 0x7, c, "CLOCK_CONFIG_SET of clock %d (enable)" % c)
        saw(0x14, 0x5, cons["clocks"][0], "CLOCK_RATE_SET of clock %d" % cons["clocks"][0])
        for pd in cons["power"]:
            saw(0x11, 0x4, pd, "POWER_STATE_SET of power domain %d" % pd)
        for r in cons["resets"]:
            saw(0x16, 0x4, r, "RESET of reset domain %d" % r)
        denies = [line for line in log if re.search(r"DEVASSIGN-SCMI d%d %s: deny" % (key, re.escape(name)), line)]
        if not denies:
            fail("%s: nothing was denied although Linux enumerates every clock" % name)
        print("guests: %s (d%d): clocks %s, %d messages reached the platform, %d denied"
              % (name, key, sorted(got), len(mine), len(denies)))


def check_rogue(policy, log, sims):
    key = policy["domains"][0]["key"]
    cases = {}
    race = None
    for line in log:
        m = re.search(r"ROGUE case=(\S+) status=(-?\d+) hdr=(0x[0-9a-f]+) sent=(0x[0-9a-f]+) len=(\d+) free=(\d)", line)
        if m:
            cases[m.group(1)] = (int(m.group(2)), int(m.group(3), 16), int(m.group(4), 16),
                                 int(m.group(5)), int(m.group(6)))
        m = re.search(r"ROGUE race rounds=(\d+) allowed=(\d+) denied=(\d+) other=(\d+) rewrites=(\d+) secondary=(\d+)", line)
        if m:
            race = [int(x) for x in m.groups()]
    for name in ROGUE_DENIED:
        if name not in cases:
            fail("rogue: no answer to %s" % name)
            continue
        st, h, sent, ln, free = cases[name]
        if (st, ln, free) != (-3, 8, 1) or h != sent:
            fail("rogue: %s answered status %d len %d free %d hdr %#x (sent %#x), expected DENIED/8/FREE/echo"
                 % (name, st, ln, free, h, sent))
    ctl = cases.get("allowed-clock-attributes")
    if not ctl or ctl[0] != 0 or ctl[1] != ctl[2] or ctl[3] < 8:
        fail("rogue: the allowed CLOCK_ATTRIBUTES(7) did not succeed: %s" % (ctl,))
    mine = [s for s in sims if s["agent"] == key]
    bad = [s for s in mine if (s["proto"], s["msg"], s["res"]) != (0x14, 0x3, 7)]
    if bad:
        fail("rogue: the platform saw %d messages other than CLOCK_ATTRIBUTES(7): %s" % (len(bad), bad[:3]))
    if race is None:
        fail("rogue: no race result")
    else:
        rounds, allowed, denied, other, rewrites, secondary = race
        if secondary != 1 or rewrites < 10:
            fail("rogue: the second vCPU rewrote the channel during only %d calls (secondary=%d)"
                 % (rewrites, secondary))
        if other != 0 or allowed + denied != rounds:
            fail("rogue: race answers: %d allowed + %d denied + %d other != %d" % (allowed, denied, other, rounds))
        if len(mine) != allowed + 1:
            fail("rogue: the platform saw %d messages, the guest got %d successes (+1 control)"
                 % (len(mine), allowed))
        print("rogue: %d crafted messages denied; race: %d rounds, %d allowed, %d denied, %d rewrites;"
              " the platform saw %d messages, all CLOCK_ATTRIBUTES(7)"
              % (len(ROGUE_DENIED), rounds, allowed, denied, rewrites, len(mine)))


def main(argv):
    case, spec_path, blob_path, log_path = argv[1:5]
    with open(spec_path) as f:
        spec = json.load(f)
    with open(blob_path, "rb") as f:
        policy = policy_reader.read_policy(f.read())
    with open(log_path, errors="replace") as f:
        log = [line.rstrip("\r\n").replace("\r", "") for line in f]
    sims = sim_lines(log)
    check_all(policy, sims)
    if case == "guests":
        check_guests(spec, policy, log, sims)
    else:
        check_rogue(policy, log, sims)
    if failures:
        print("e2e-scmi %s: %d check(s) failed, first: %s" % (case, len(failures), failures[0]))
        return 1
    print("e2e-scmi %s: all checks passed" % case)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
