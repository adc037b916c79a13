// SPDX-License-Identifier: GPL-2.0-or-later
// bench_check.cpp - what a checked SCMI message costs (docs/performance.md, "SCMI mediator").
//
//   BM_BareBitmap   the floor: parse the header, read a resource id at a fixed offset, test
//                   one bit of a flat per-domain bitmap (what a naive allow-list would do)
//   BM_BareLookup   the same policy's lookups with no validation: protocol slot, message bit,
//                   resource bit of the id at byte 0
//   BM_Check        scmi_med_check() on a copied message: header, channel status, the
//                   precomputed (protocol, message) rule, exact length, async bit, id with
//                   nospec clamps; the reason, as scmi_med_handle() gets it (inline)
//   BM_LeanBound    a lower bound: the same validation steps on tables laid out only for them
//                   (ids below 64, no pin control or second ids), hand-built for this policy
//   BM_CheckRecord  the same, plus the log record scmi_med_record() builds for a log hook
//   BM_Handle       scmi_med_handle(): copy-in from the "guest page", check, build the response,
//                   write back (forward is a stub), i.e. the whole doorbell minus the trap
// The same mix of 8 Linux-shaped messages (allowed and denied) feeds all of them. Every run
// counts heap allocations made inside the timed loop (counter allocs, must be 0).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "fake_channel.h"
#include "policy_builder.h"
#include "scmi_check.h"
}

static std::atomic<long> g_allocs{0};
static bool g_counting = false;
// operator new ends in malloc() too: counting malloc counts every heap allocation.
extern "C" void *__libc_malloc(size_t);
extern "C" void *malloc(size_t n)
{
    if (g_counting) g_allocs++;
    return __libc_malloc(n);
}

namespace {

struct Fixture {
    scmi_policy pol;
    uint8_t blob[4096];
    const scmi_pol_domain *dom;
    scmi_med_msg msgs[8];
    uint32_t flat[4];   // the bare baseline's bitmap: clocks 0, 3
};

// A lower bound for any check that validates what scmi_med_check() validates: the same steps
// (channel status, header type/reserved bits, rule, exact SMT length, async bit, resource id,
// owned/shared) on tables laid out for nothing else: one 24-byte rule per (protocol, message)
// with both accepted lengths as 64-bit keys (a rule that is not fast accepts none), and each
// protocol's ids 0..63 as two 64-bit masks, so no load depends on the id at all. Hand-built for
// this fixture's policy, like BM_BareBitmap's bitmap; make() checks that it decides the 8
// messages as scmi_med_check() does. Not the module: it drops ids from 64 up, pin control,
// second ids and the reasons (docs/performance.md, "SCMI mediator").
namespace lean {
struct Rule {
    uint64_t len, len_alt; // accepted SMT lengths; 1 << 32 matches no 32-bit length
    uint8_t id_at, async_at, has_id, pad;
    uint32_t async_mask;
};
struct Proto {
    uint64_t owned, shared; // ids 0..63
    Rule rule[32];
};
Proto protos[4];
uint16_t slot[256]; // protocol id -> protos[] (0: not listed)

__attribute__((noinline)) int rest(const scmi_med_msg &) { return 1; }

inline int check(const scmi_med_msg &m)
{
    const uint32_t h = m.header;
    if (((h & SCMI_MED_INLINE_HDR_MASK) | (m.channel_status & SCMI_SMT_STATUS_FREE)) != 0)
        return rest(m);
    const Proto &p = protos[slot[SCMI_HDR_PROTO(h)]];
    const Rule &r = p.rule[SCMI_HDR_MSG_ID(h) & 31u];
    const uint64_t length = m.length;
    if (length != r.len && length != r.len_alt)
        return rest(m); // every rule that is not fast, and wrong lengths
    if (pb_get32(m.payload + r.async_at) & r.async_mask)
        return 1;
    if (!r.has_id)
        return 0;
    const uint32_t id = pb_get32(m.payload + r.id_at);
    if (id >= 64u)
        return rest(m);
    if ((p.owned >> id) & 1u)
        return 0;
    return 1; // shared (a query would pass) or denied; this policy shares nothing
}

void build()
{
    const uint64_t none = uint64_t(1) << 32;
    for (Proto &p : protos)
        for (Rule &r : p.rule)
            r = {none, none, 0, 0, 0, 0, 0};
    // clock (0x14) in slot 1, power domain (0x11) in slot 2; both own ids 0 and 3.
    slot[0x14] = 1;
    slot[0x11] = 2;
    protos[1].owned = protos[2].owned = (1u << 0) | (1u << 3);
    protos[1].rule[0x3] = {8, 8, 0, 0, 1, 0, 0};    // CLOCK_ATTRIBUTES: id
    protos[1].rule[0x5] = {20, 20, 4, 0, 1, 0, 1};  // CLOCK_RATE_SET: flags (async b0), id, rate
    protos[1].rule[0x6] = {8, 8, 0, 0, 1, 0, 0};    // CLOCK_RATE_GET: id
    protos[1].rule[0x7] = {12, 16, 0, 0, 1, 0, 0};  // CLOCK_CONFIG_SET: id, attributes[, oem]
    protos[2].rule[0x4] = {16, 16, 4, 0, 1, 0, 1};  // POWER_STATE_SET: flags (async b0), id, state
}
}  // namespace lean

Fixture *make()
{
    static Fixture f;
    static pb_policy p;
    static const unsigned clk_msgs[] = {0, 1, 2, 3, 4, 5, 6, 7};
    static const uint32_t clocks[] = {0, 3};
    pb_domain *d = pb_add_domain(&p, "bench", 1, 0x82000010u, 0x05ff0000u, 0x1000);
    pb_msgs(pb_add_proto(d, 0x10), clk_msgs, 8);
    pb_proto *pd = pb_add_proto(d, 0x11);   // ascending protocol ids (docs/scmi-policy.md §5)
    pb_msgs(pd, clk_msgs, 6);
    pb_ids(&pd->ns[0], clocks, 2);
    pb_proto *c = pb_add_proto(d, 0x14);
    pb_msgs(c, clk_msgs, 8);
    pb_ids(&c->ns[0], clocks, 2);
    size_t n = pb_write(&p, f.blob, sizeof(f.blob));
    if (scmi_policy_load(&f.pol, f.blob, n) != SCMI_POL_OK) std::abort();
    f.dom = scmi_policy_domain_by_key(&f.pol, 1);
    struct { uint32_t proto, msg; uint32_t w[4]; unsigned n; } mix[8] = {
        {0x14, 0x3, {3}, 1},                 // CLOCK_ATTRIBUTES owned
        {0x14, 0x3, {1}, 1},                 // ... foreign: denied
        {0x14, 0x6, {0}, 1},                 // RATE_GET
        {0x14, 0x5, {0, 3, 50000000, 0}, 4}, // RATE_SET (id at byte 4)
        {0x14, 0x7, {3, 1}, 2},              // CONFIG_SET
        {0x11, 0x4, {0, 0, 0}, 3},           // POWER_STATE_SET
        {0x10, 0x9, {1, 0, 1}, 3},           // SET_DEVICE_PERMISSIONS: privileged
        {0x12, 0x3, {0, 0}, 2},              // system power: not listed
    };
    for (int i = 0; i < 8; i++) {
        scmi_med_msg &m = f.msgs[i];
        std::memset(&m, 0, sizeof(m));
        m.header = hdr(mix[i].proto, mix[i].msg, static_cast<uint32_t>(i));
        m.length = 4 + 4 * mix[i].n;
        for (unsigned k = 0; k < mix[i].n; k++) pb_put32(m.payload + 4 * k, mix[i].w[k]);
    }
    f.flat[0] = (1u << 0) | (1u << 3);
    // The lean bound decides every message of the mix as the module does, or it measures nothing.
    lean::build();
    for (int i = 0; i < 8; i++)
        if ((lean::check(f.msgs[i]) == 0) != (scmi_med_check(&f.pol, f.dom, &f.msgs[i]) == SCMI_MED_ALLOW))
            std::abort();
    return &f;
}

Fixture *fx()
{
    static Fixture *f = make();
    return f;
}

void BM_BareBitmap(benchmark::State &state)
{
    Fixture *f = fx();
    unsigned i = 0, allowed = 0;
    g_allocs = 0;
    g_counting = true;
    for (auto _ : state) {
        const scmi_med_msg &m = f->msgs[i++ & 7];
        benchmark::DoNotOptimize(&m);
        uint32_t proto = (m.header >> 10) & 0xFF;
        uint32_t id = pb_get32(m.payload) & 127;
        bool ok = proto == 0x14 && ((f->flat[id >> 5] >> (id & 31)) & 1);
        allowed += ok;
        benchmark::DoNotOptimize(allowed);
    }
    g_counting = false;
    state.counters["allocs"] = static_cast<double>(g_allocs.load());
}
BENCHMARK(BM_BareBitmap);

// The same policy structures, looked up without any validation: protocol slot, message bit,
// resource bit of the id at byte 0 (what the checker does minus lengths, header rules, layout).
void BM_BareLookup(benchmark::State &state)
{
    Fixture *f = fx();
    unsigned i = 0, allowed = 0;
    g_allocs = 0;
    g_counting = true;
    for (auto _ : state) {
        const scmi_med_msg &m = f->msgs[i++ & 7];
        benchmark::DoNotOptimize(&m);
        const scmi_pol_protocol *p = scmi_policy_protocol(&f->pol, f->dom, (m.header >> 10) & 0xFF);
        bool ok = p && scmi_pol_message_allowed(p, m.header & 0xFF) &&
                  scmi_pol_bitmap_test(&p->ns[SCMI_NS_RESOURCES], pb_get32(m.payload));
        allowed += ok;
        benchmark::DoNotOptimize(allowed);
    }
    g_counting = false;
    state.counters["allocs"] = static_cast<double>(g_allocs.load());
}
BENCHMARK(BM_BareLookup);

// The timed loop of a benchmark that decides each message of the mix: allocation count and the
// share allowed as counters. `allow` is inlined (a template parameter, not a call through a pointer).
template <typename Allow> void decideMix(benchmark::State &state, Allow allow)
{
    Fixture *f = fx();
    unsigned i = 0, allowed = 0;
    g_allocs = 0;
    g_counting = true;
    for (auto _ : state) {
        const scmi_med_msg &m = f->msgs[i++ & 7];
        benchmark::DoNotOptimize(&m);
        allowed += allow(*f, m);
        benchmark::DoNotOptimize(allowed);
    }
    g_counting = false;
    state.counters["allocs"] = static_cast<double>(g_allocs.load());
    state.counters["allowed_pct"] = 100.0 * allowed / static_cast<double>(state.iterations());
}

void BM_Check(benchmark::State &state)
{
    decideMix(state, [](const Fixture &f, const scmi_med_msg &m) {
        return scmi_med_check(&f.pol, f.dom, &m) == SCMI_MED_ALLOW;
    });
}
BENCHMARK(BM_Check);


void BM_LeanBound(benchmark::State &state)
{
    decideMix(state, [](const Fixture &, const scmi_med_msg &m) { return lean::check(m) == 0; });
}
BENCHMARK(BM_LeanBound);

void BM_CheckRecord(benchmark::State &state)
{
    Fixture *f = fx();
    unsigned i = 0;
    scmi_med_decision d;
    g_allocs = 0;
    g_counting = true;
    for (auto _ : state) {
        const scmi_med_msg &m = f->msgs[i++ & 7];
        benchmark::DoNotOptimize(&m);
        scmi_med_record(f->dom, &m, scmi_med_check(&f->pol, f->dom, &m), &d);
        benchmark::DoNotOptimize(d);
    }
    g_counting = false;
    state.counters["allocs"] = static_cast<double>(g_allocs.load());
}
BENCHMARK(BM_CheckRecord);

void BM_Handle(benchmark::State &state)
{
    Fixture *f = fx();
    static fake_chan fc;
    static scmi_med_channel ch;
    static const scmi_med_ops ops = {fc_read, fc_write, fc_forward, nullptr};
    ch.pol = &f->pol;
    ch.dom = f->dom;
    ch.ops = &ops;
    ch.ctx = &fc;
    unsigned i = 0;
    g_allocs = 0;
    g_counting = true;
    for (auto _ : state) {
        const scmi_med_msg &m = f->msgs[i++ & 7];
        pb_put32(fc.page + 0x04, 0);
        pb_put32(fc.page + 0x14, m.length);
        pb_put32(fc.page + 0x18, m.header);
        std::memcpy(fc.page + 0x1C, m.payload, 16);
        benchmark::DoNotOptimize(scmi_med_handle(&ch));
    }
    g_counting = false;
    state.counters["allocs"] = static_cast<double>(g_allocs.load());
}
BENCHMARK(BM_Handle);

// The instrument itself: one malloc per iteration must read as allocs = iterations.
void BM_AllocCounterSelfTest(benchmark::State &state)
{
    g_allocs = 0;
    g_counting = true;
    for (auto _ : state) {
        void *p = std::malloc(16);
        benchmark::DoNotOptimize(p);
        std::free(p);
    }
    g_counting = false;
    state.counters["allocs_per_iter"] = g_allocs.load() / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AllocCounterSelfTest);

}  // namespace

BENCHMARK_MAIN();
