/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rogue.c - a hostile SCMI agent for tests/e2e/e2e-scmi.sh. It owns one SCMI channel like a
 * real guest (the page Xen maps at CHAN, doorbell SMC id DOORBELL) and sends what a
 * well-behaved Linux never would: privileged BASE messages, ids outside its policy, wrong
 * lengths and types, reserved header bits, a doorbell on a FREE channel; then, while its second
 * vCPU (PSCI CPU_ON) keeps rewriting the channel into SET_DEVICE_PERMISSIONS, it sends its one
 * allowed message (CLOCK_ATTRIBUTES of clock 7) 400-4000 times (until vCPU1 has hit 50 calls;
 * Xen may run both vCPUs on one pCPU for a while). Every response goes to Xen's
 * console (HYPERVISOR_console_io) as a "ROGUE ..." line. Its policy (e2e-scmi.sh): BASE
 * messages 0-2, CLOCK messages 0-3 on clock 7, nothing else.
 *
 * Header and SMT layout: shared/reference/scmi.md §3.1/§3.2. Freestanding, MMU off.
 */
#include <stdint.h>

#define CHAN        0x05ff0000ul
#define DOORBELL    0x82000012ul
#define PSCI_CPU_ON 0xC4000003ul
#define RACE_MIN_ROUNDS 400     /* at least this many calls, */
#define RACE_MIN_REWRITES 50    /* until vCPU1 has hit this many of them, */
#define RACE_MAX_ROUNDS 4000    /* or this many calls */

long smccc_hvc(unsigned long a0, unsigned long a1, unsigned long a2, unsigned long a3);
long xen_console_io(unsigned long cmd, unsigned long count, const char *buf);
void secondary_entry(void);

static volatile uint32_t *const smt = (volatile uint32_t *)CHAN;
static volatile int race_go, race_stop, secondary_up, in_call;
static volatile unsigned long rewrites;

/* ---- console -------------------------------------------------------------------------- */
static char line[160];
static unsigned pos;

static void put_s(const char *s)
{
    while ( *s && pos < sizeof(line) - 2 )
        line[pos++] = *s++;
}
static void put_x(unsigned long v)
{
    char t[17];
    int n = 0;
    put_s("0x");
    do { t[n++] = "0123456789abcdef"[v & 15]; v >>= 4; } while ( v );
    while ( n )
        line[pos++] = t[--n];
}
static void put_d(long v)
{
    char t[21];
    int n = 0;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    if ( v < 0 )
        line[pos++] = '-';
    do { t[n++] = (char)('0' + u % 10); u /= 10; } while ( u );
    while ( n )
        line[pos++] = t[--n];
}
static void flush(void)
{
    line[pos++] = '\n';
    xen_console_io(0 /* CONSOLEIO_write */, pos, line);
    pos = 0;
}

/* ---- SCMI agent side (as Linux shmem.c writes a request) -------------------------------- */
static uint32_t hdr(uint32_t proto, uint32_t msg, uint32_t token)
{
    return (token << 18) | (proto << 10) | msg;
}

/* Writes the request with an explicit SMT length and channel status, rings, returns status. */
static int32_t ring(uint32_t header, const uint32_t *w, unsigned n, uint32_t length,
                    uint32_t status)
{
    unsigned i;
    smt[1] = status;                /* 0x04 channel_status: 0 = busy (agent owns the request) */
    smt[4] = 0;                     /* 0x10 flags: polling */
    smt[5] = length;                /* 0x14 length */
    smt[6] = header;                /* 0x18 header */
    for ( i = 0; i < n; i++ )
        smt[7 + i] = w[i];          /* 0x1C payload */
    in_call = 1;                    /* vCPU1 (race only) rewrites the page from here on */
    smccc_hvc(DOORBELL, 0, 0, 0);
    in_call = 0;
    return (int32_t)smt[7];
}

static unsigned token = 1;

static void report(const char *name, uint32_t h, int32_t st)
{
    put_s("ROGUE case=");
    put_s(name);
    put_s(" status=");
    put_d(st);
    put_s(" hdr=");
    put_x(smt[6]);
    put_s(" sent=");
    put_x(h);
    put_s(" len=");
    put_d((long)smt[5]);
    put_s(" free=");
    put_d((long)(smt[1] & 1));
    flush();
}

static void send(const char *name, uint32_t proto, uint32_t msg, const uint32_t *w, unsigned n)
{
    uint32_t h = hdr(proto, msg, token++ & 0x3FF);
    report(name, h, ring(h, w, n, 4 + 4 * n, 0));
}

static void send_raw(const char *name, uint32_t h, const uint32_t *w, unsigned n,
                     uint32_t length, uint32_t status)
{
    report(name, h, ring(h, w, n, length, status));
}

/* ---- vCPU1: rewrite the channel while vCPU0's calls are in flight ----------------------- */
void rogue_secondary(void)
{
    secondary_up = 1;
    while ( !race_go )
        ;
    while ( !race_stop )
    {
        if ( !in_call )
            continue;
        /* vCPU0 has rung: rewrite the channel into BASE SET_DEVICE_PERMISSIONS {agent,
         * device 1, allow} while Xen handles the call. Payload word 0 (0x1C) is left alone:
         * it carries vCPU0's clock id and then Xen's status for vCPU0 to read. */
        smt[6] = hdr(0x10, 0x9, 0x3FF);
        smt[5] = 16;
        smt[8] = 1;
        smt[9] = 1;
        rewrites++;
        while ( in_call && !race_stop )
            ;
    }
}

void rogue_main(void)
{
    static const uint32_t perm[3] = { 3, 0, 1 }, pperm[4] = { 3, 0, 0x14, 1 }, rst[2] = { 3, 1 };
    static const uint32_t sys[2] = { 0, 0 }, clk1[1] = { 1 }, clk7[1] = { 7 }, two[2] = { 7, 0 };
    static const uint32_t rate[4] = { 0, 7, 50000000, 0 }, pd[3] = { 0, 1, 0 };
    static const uint32_t pinperm[3] = { 3, 1, 0 };
    long rc;
    unsigned i, allowed = 0, denied = 0, other = 0;

    put_s("ROGUE start channel=");
    put_x(CHAN);
    put_s(" doorbell=");
    put_x(DOORBELL);
    flush();
    send("base-set-device-permissions", 0x10, 0x9, perm, 3);
    send("base-set-protocol-permissions", 0x10, 0xA, pperm, 4);
    send("base-reset-agent-configuration", 0x10, 0xB, rst, 2);
    send("system-power-state-set", 0x12, 0x3, sys, 2);
    send("pinctrl-set-permissions", 0x19, 0xA, pinperm, 3);
    send("clock-attributes-foreign-id", 0x14, 0x3, clk1, 1);
    send("clock-rate-set-not-allowed", 0x14, 0x5, rate, 4);
    send("power-state-set-unlisted-protocol", 0x11, 0x4, pd, 3);
    send("clock-attributes-wrong-length", 0x14, 0x3, two, 2);
    send_raw("type-notification", hdr(0x14, 0x3, 5) | (3u << 8), clk7, 1, 8, 0);
    send_raw("type-delayed-response", hdr(0x14, 0x3, 6) | (2u << 8), clk7, 1, 8, 0);
    send_raw("reserved-bit-28", hdr(0x14, 0x3, 7) | (1u << 28), clk7, 1, 8, 0);
    send_raw("reserved-bit-31", hdr(0x14, 0x3, 8) | (1u << 31), clk7, 1, 8, 0);
    send_raw("length-huge", hdr(0x14, 0x3, 9), clk7, 1, 0xFFF0, 0);
    send_raw("length-short", hdr(0x14, 0x3, 10), clk7, 1, 2, 0);
    send_raw("length-unaligned", hdr(0x14, 0x3, 11), clk7, 1, 7, 0);
    send_raw("channel-left-free", hdr(0x14, 0x3, 12), clk7, 1, 8, 1);
    send("vendor-unlisted", 0x80, 0x0, 0, 0);
    send("allowed-clock-attributes", 0x14, 0x3, clk7, 1);   /* the control: must succeed */

    /* The race (scmi.md §2.5): vCPU1 rewrites the page while vCPU0 rings. */
    rc = smccc_hvc(PSCI_CPU_ON, 1, (unsigned long)secondary_entry, 0);
    put_s("ROGUE cpu_on rc=");
    put_d(rc);
    flush();
    for ( i = 0; i < 100000000 && !secondary_up; i++ )
        ;
    race_go = 1;
    for ( i = 0; i < RACE_MAX_ROUNDS && (i < RACE_MIN_ROUNDS || rewrites < RACE_MIN_REWRITES); i++ )
    {
        int32_t st = ring(hdr(0x14, 0x3, (i & 0x1FF) + 0x100), clk7, 1, 8, 0);
        if ( st == 0 )
            allowed++;
        else if ( st == -3 )
            denied++;
        else
            other++;
    }
    race_stop = 1;
    put_s("ROGUE race rounds=");
    put_d(i);
    put_s(" allowed=");
    put_d(allowed);
    put_s(" denied=");
    put_d(denied);
    put_s(" other=");
    put_d(other);
    put_s(" rewrites=");
    put_d((long)rewrites);
    put_s(" secondary=");
    put_d(secondary_up);
    flush();
    put_s("ROGUE-END");
    flush();
}
