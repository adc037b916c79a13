// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for core's SCMI policy reader (parseScmiPolicy, what `devassign policy dump`
// runs), checked against the hypervisor module's loader (hypervisor/src/scmi_policy.c): both are
// written from docs/scmi-policy.md alone, so on every input they must agree. Input byte 0 bit 0
// set: the CRC of the rest is fixed first (offset 0x30 per §6), so the fuzzer reaches the record
// checks instead of stopping at bad_crc. Aborts when:
//  - one reader accepts what the other refuses, or they refuse with different §7 reasons;
//  - core's refusal is not one line "<reason>: <why>";
//  - an accepted blob, written again by scmiPolicyBlob, is not byte-identical (the format has one
//    encoding per policy: sorted sets, minimal bitmaps, zero reserved fields), or reads back as
//    another policy;
//  - the JSON view throws or the hypervisor's lookups disagree with core's domains.

#include "scmipolicy.h"

extern "C" {
#include "policy_builder.h"
#include "scmi_policy.h"
}

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace devassign;

namespace {

scmi_policy g_loaded; // large: static, as in Xen
uint8_t g_blob[0x100000];

[[noreturn]] void fail(const char *what, const QString &detail)
{
    fprintf(stderr, "fuzz_scmipolicy: %s: %s\n", what, qPrintable(detail));
    abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size - 1 > sizeof g_blob)
        return 0;
    const size_t len = size - 1;
    memcpy(g_blob, data + 1, len);
    if ((data[0] & 1) && len >= 0x34)
        pb_fix_crc(g_blob, len);
    const QByteArray blob(reinterpret_cast<const char *>(g_blob), int(len));

    const Result<ScmiPolicy> core = parseScmiPolicy(blob);
    const scmi_pol_reason hv = scmi_policy_load(&g_loaded, g_blob, len);
    const QString hvReason = QString::fromLatin1(scmi_pol_reason_name(hv));
    if (!core) {
        const QString &error = core.error();
        const int colon = error.indexOf(QLatin1String(": "));
        if (colon <= 0 || error.contains(QLatin1Char('\n')))
            fail("refusal is not one line \"<reason>: <why>\"", error);
        if (hv == SCMI_POL_OK)
            fail("core refuses what the hypervisor accepts", error);
        if (error.left(colon) != hvReason)
            fail("the readers refuse for different reasons", error + QStringLiteral(" / hypervisor: ") + hvReason);
        return 0;
    }
    if (hv != SCMI_POL_OK)
        fail("the hypervisor refuses what core accepts", hvReason);

    const ScmiPolicy &policy = core.value();
    const QByteArray again = scmiPolicyBlob(policy);
    // A 1.0 blob has one canonical form. A later minor may carry a longer header and an extension
    // area that a 1.0 reader ignores (docs/scmi-policy.md §2, §3 ver_minor): its bytes are not
    // written back, only its policy (checked below). Found by this target: a 1.231 blob with a
    // trailing byte.
    if (policy.versionMinor == 0 && again != blob)
        fail("an accepted blob is not written back byte for byte", QString::number(blob.size()));
    const Result<ScmiPolicy> reread = parseScmiPolicy(again);
    if (!reread || !(reread.value() == policy))
        fail("the written blob reads back as another policy", reread ? QString() : reread.error());
    (void)scmiPolicyJson(policy, true);

    if (g_loaded.n_domains != uint32_t(policy.domains.size()))
        fail("domain counts differ", QString::number(g_loaded.n_domains));
    for (const ScmiPolicyDomain &d : policy.domains) {
        const scmi_pol_domain *found = scmi_policy_domain_by_key(&g_loaded, d.key);
        if (!found)
            fail("the hypervisor lacks a domain core read", d.name);
        for (const ScmiPolicyProtocol &p : d.protocols) {
            const scmi_pol_protocol *proto = scmi_policy_protocol(&g_loaded, found, p.id);
            if (!proto)
                fail("the hypervisor lacks a protocol core read", d.name);
            if (proto->messages != p.messages)
                fail("the allowed messages differ", d.name);
            const QVector<quint32> *sets[SCMI_NS_COUNT] = {&p.resources, &p.shared, &p.groups, &p.functions};
            for (int ns = 0; ns < SCMI_NS_COUNT; ++ns)
                for (quint32 id : *sets[ns])
                    if (!scmi_pol_bitmap_test(&proto->ns[ns], id))
                        fail("an id core read is not set in the hypervisor's namespace", d.name);
        }
    }
    return 0;
}
