// SPDX-License-Identifier: GPL-2.0-or-later
// The SCMI policy blob: derivation from the analysis, writer and reader, all per
// docs/scmi-policy.md (format 1.0). Section numbers "§n" below are that document's.
#include "scmipolicy.h"

#include "analysis.h"
#include "exporters.h"
#include "format.h"
#include "project.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QtEndian>

#include <algorithm>

namespace devassign {

bool ScmiPolicyProtocol::operator==(const ScmiPolicyProtocol &o) const
{
    return id == o.id && messages == o.messages && resources == o.resources && shared == o.shared
        && groups == o.groups && functions == o.functions;
}

bool ScmiPolicyDomain::operator==(const ScmiPolicyDomain &o) const
{
    return name == o.name && key == o.key && smcId == o.smcId && shmemGpa == o.shmemGpa
        && shmemSize == o.shmemSize && protocols == o.protocols;
}

bool ScmiPolicy::operator==(const ScmiPolicy &o) const
{
    return versionMajor == o.versionMajor && versionMinor == o.versionMinor && domains == o.domains;
}

namespace {

// Blob geometry (§2-§5).
constexpr int kHeaderSize = 64, kDomainSize = 64, kProtocolSize = 48, kNameMax = 32;
constexpr quint32 kMaxTotal = 0x100000, kMaxDomains = 64, kMaxProtocols = 512, kMaxDomainProtocols = 64,
                  kMaxWords = 65536, kMaxBits = 65536;
constexpr quint32 kFlagDefaultDeny = 1;
constexpr char kMagic[] = "XSCMIPOL";

// Messages by number, ids per shared/reference/scmi.md §3.3 (DEN0056 v3.2 §4.2-§4.13).
constexpr quint64 bits(std::initializer_list<int> ids)
{
    quint64 m = 0;
    for (int i : ids)
        m |= quint64(1) << i;
    return m;
}
// Every protocol: 0x0 PROTOCOL_VERSION, 0x1 PROTOCOL_ATTRIBUTES, 0x2 PROTOCOL_MESSAGE_ATTRIBUTES
// (§3.1) and 0x10 NEGOTIATE_PROTOCOL_VERSION (§3.3 notes).
constexpr quint64 kCommon = bits({0x0, 0x1, 0x2, 0x10});

} // namespace

quint64 scmiMessagesFor(quint8 protocol)
{
    switch (protocol) {
    case scmi::kBase: // DISCOVER_VENDOR .. DISCOVER_AGENT; not NOTIFY_ERRORS, never 0x9-0xB (privileged)
        return kCommon | bits({0x3, 0x4, 0x5, 0x6, 0x7});
    case scmi::kPower: // DOMAIN_ATTRIBUTES, STATE_SET, STATE_GET, DOMAIN_NAME_GET; not the notifies
        return kCommon | bits({0x3, 0x4, 0x5, 0x8});
    case scmi::kSystemPower: // SYSTEM_POWER_STATE_GET only; STATE_SET is privileged
        return kCommon | bits({0x4});
    case scmi::kPerf: // ATTRIBUTES, DESCRIBE_LEVELS, LIMITS_SET/GET, LEVEL_SET/GET, NAME_GET; not 0xB fastchannels
        return kCommon | bits({0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0xC});
    case scmi::kClock: // 0x3-0x8 and 0xB-0xF; not the notifies 0x9/0xA
        return kCommon | bits({0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0xB, 0xC, 0xD, 0xE, 0xF});
    case scmi::kSensor: // DESCRIPTION_GET, READING_GET, AXIS_DESCRIPTION_GET, LIST_UPDATE_INTERVALS, CONFIG_GET
        return kCommon | bits({0x3, 0x6, 0x7, 0x8, 0x9});
    case scmi::kReset: // DOMAIN_ATTRIBUTES, RESET, DOMAIN_NAME_GET; not RESET_NOTIFY
        return kCommon | bits({0x3, 0x4, 0x6});
    case scmi::kVoltage: // 0x3-0x9: attributes, levels, config and level set/get, name
        return kCommon | bits({0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9});
    case scmi::kPowercap: // 0x3-0x9; not the notifies 0xA/0xB nor 0xC fastchannels
        return kCommon | bits({0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9});
    case scmi::kPinctrl: // 0x3-0x9; never 0xA SET_PERMISSIONS (privileged)
        return kCommon | bits({0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9});
    default: // vendor and unknown protocols: the common messages only (§8 rule 4)
        return kCommon;
    }
}

// ---- derivation ---------------------------------------------------------------------------------

std::optional<ScmiChannel> scmiChannelOf(const Analysis &analysis, const QString &domain)
{
    int index = 0;
    for (const DomainPlan &dp : analysis.domains) {
        if (!dp.config.dom0less || !dp.needsScmi)
            continue;
        if (dp.config.name == domain)
            return ScmiChannel{kScmiFirstSmcId + quint32(index), kScmiFirstShmemGpa - kScmiShmemStride * quint64(index),
                               kScmiShmemSize};
        ++index;
    }
    return std::nullopt;
}

namespace {

bool blobNameOk(const QString &name)
{
    if (name.isEmpty() || name.size() > kNameMax)
        return false;
    for (QChar c : name)
        if (!(c.unicode() < 0x80 && (c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-'))))
            return false;
    return true;
}

bool isShared(const Project &project, quint32 protocol, quint32 id)
{
    for (const ScmiSharedResource &s : project.scmiShared)
        if (s.protocol == protocol && s.id == id)
            return true;
    return false;
}

void insertSorted(QVector<quint32> &set, quint32 id)
{
    auto it = std::lower_bound(set.begin(), set.end(), id);
    if (it == set.end() || *it != id)
        set.insert(it, id);
}

ScmiPolicyProtocol &protocolOf(ScmiPolicyDomain &d, quint8 id)
{
    auto it = std::lower_bound(d.protocols.begin(), d.protocols.end(), id,
                               [](const ScmiPolicyProtocol &p, quint8 v) { return p.id < v; });
    if (it == d.protocols.end() || it->id != id) {
        ScmiPolicyProtocol p;
        p.id = id;
        p.messages = scmiMessagesFor(id);
        it = d.protocols.insert(it, p);
    }
    return *it;
}

} // namespace

Result<ScmiPolicy> scmiPolicyFor(const HostModel &model, const Project &project, const Analysis &analysis)
{
    const QMap<QString, QString> nodeNames = dom0lessNodeNames(model, analysis);
    ScmiPolicy policy;
    quint32 key = 0;
    for (const DomainPlan &dp : analysis.domains) {
        if (!dp.config.dom0less)
            continue;
        // dom0less domUs get domain ids 1, 2, … in the order Xen finds them under /chosen, which is
        // the project's order (create_domUs, xen/arch/arm/domain_build.c).
        ++key;
        if (!dp.needsScmi)
            continue;
        if (policy.domains.size() == kScmiMaxDomains)
            return fail(QStringLiteral("scmi-policy.bin: more than %1 domains use SCMI").arg(kScmiMaxDomains));
        // The mediator finds a domain's record by key and checks its name against the /chosen
        // node's (devassign_scmi_domain_init, hypervisor/xen/0003-*.patch): the node name, which
        // differs from the domain's when the host's /chosen already holds that name.
        const QString nodeName = nodeNames.value(dp.config.name, dp.config.name);
        if (!blobNameOk(nodeName))
            return fail(QStringLiteral("scmi-policy.bin: domain '%1' cannot be named in the policy: a name there is 1-32 "
                                       "characters from A-Z a-z 0-9 _ -")
                            .arg(format::oneLine(nodeName)));
        ScmiPolicyDomain d;
        d.name = nodeName;
        d.key = key;
        const ScmiChannel channel = *scmiChannelOf(analysis, dp.config.name);
        d.smcId = channel.smcId;
        d.shmemGpa = channel.shmemGpa;
        d.shmemSize = channel.shmemSize;
        // The page must be a hole in this guest's map: no device window of the domain there.
        for (const DevicePlan &dev : dp.devices)
            for (const MmioMapping &w : dev.mmio)
                if (w.guestAddress < d.shmemGpa + 0x1000 && d.shmemGpa < w.guestAddress + w.size)
                    return fail(QStringLiteral("scmi-policy.bin: domain '%1': %2 is mapped at guest %3, where the SCMI "
                                               "channel page %4 goes").arg(d.name, dev.hostPath, format::span(w.guestAddress, w.size),
                                                                            format::hex(d.shmemGpa)));
        // BASE is not implicit (§1): discovery, and DISCOVER_AGENT on the domain's own agent id,
        // which is its key as the mediator presents it to the platform.
        insertSorted(protocolOf(d, scmi::kBase).resources, d.key);
        for (const ScmiResource &r : dp.scmi) {
            // access-controllers name a device id for BASE_SET_DEVICE_PERMISSIONS, a privileged
            // message the mediator always denies (§8 rule 5): not a resource of the guest.
            if (r.property == QLatin1String("access-controllers"))
                continue;
            if (r.protocol < 0x10 || r.protocol > 0xff)
                return fail(QStringLiteral("scmi-policy.bin: domain '%1': %2 names SCMI protocol %3, not a protocol id")
                                .arg(d.name, r.property, format::hex(r.protocol)));
            if (r.id >= kMaxBits)
                return fail(QStringLiteral("scmi-policy.bin: domain '%1': %2 names SCMI resource %3 of protocol %4; "
                                           "the policy holds ids below 65536")
                                .arg(d.name, r.property, QString::number(r.id), format::hex(r.protocol)));
            ScmiPolicyProtocol &p = protocolOf(d, quint8(r.protocol));
            insertSorted(isShared(project, r.protocol, r.id) ? p.shared : p.resources, r.id);
        }
        policy.domains.append(d);
    }
    return policy;
}

// ---- writer -------------------------------------------------------------------------------------

namespace {

void putU16(QByteArray &b, int off, quint16 v) { qToLittleEndian(v, b.data() + off); }
void putU32(QByteArray &b, int off, quint32 v) { qToLittleEndian(v, b.data() + off); }
void putU64(QByteArray &b, int off, quint64 v) { qToLittleEndian(v, b.data() + off); }

// A set as a minimal bitmap (§5): n_bits = highest id + 1, words little-endian.
QVector<quint32> bitmapOf(QVector<quint32> ids, quint32 *nBits)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    *nBits = ids.isEmpty() ? 0 : ids.last() + 1;
    QVector<quint32> words(int((*nBits + 31) / 32), 0);
    for (quint32 id : ids)
        words[int(id / 32)] |= quint32(1) << (id % 32);
    return words;
}

} // namespace

quint32 crc32c(const QByteArray &bytes)
{
    quint32 crc = 0xFFFFFFFF;
    for (char c : bytes) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
    }
    return crc ^ 0xFFFFFFFF;
}

QByteArray scmiPolicyBlob(const ScmiPolicy &policy)
{
    int nProtocols = 0;
    for (const ScmiPolicyDomain &d : policy.domains)
        nProtocols += d.protocols.size();
    QByteArray domains(kDomainSize * policy.domains.size(), '\0');
    QByteArray protocols(kProtocolSize * nProtocols, '\0');
    QVector<quint32> pool;
    int next = 0;
    for (int i = 0; i < policy.domains.size(); ++i) {
        const ScmiPolicyDomain &d = policy.domains[i];
        const int r = kDomainSize * i;
        const QByteArray name = d.name.toLatin1().left(kNameMax);
        std::copy(name.cbegin(), name.cend(), domains.begin() + r); // NUL-padded by the fill (§4)
        putU32(domains, r + 0x20, d.key);
        putU32(domains, r + 0x24, d.smcId);
        putU64(domains, r + 0x28, d.shmemGpa);
        putU32(domains, r + 0x30, d.shmemSize);
        putU16(domains, r + 0x34, quint16(d.protocols.size()));
        putU32(domains, r + 0x38, quint32(next));
        for (const ScmiPolicyProtocol &p : d.protocols) {
            const int pr = kProtocolSize * next++;
            protocols[pr] = char(p.id);
            putU32(protocols, pr + 0x04, quint32(p.messages));
            putU32(protocols, pr + 0x08, quint32(p.messages >> 32));
            const QVector<quint32> *sets[] = {&p.resources, &p.shared, &p.groups, &p.functions};
            for (int ns = 0; ns < 4; ++ns) {
                quint32 nBits = 0;
                const QVector<quint32> words = bitmapOf(*sets[ns], &nBits);
                putU32(protocols, pr + 0x10 + 8 * ns, nBits);
                putU32(protocols, pr + 0x14 + 8 * ns, quint32(pool.size())); // canonical layout (§5)
                pool += words;
            }
        }
    }
    const quint32 domOff = kHeaderSize;
    const quint32 protoOff = domOff + quint32(domains.size());
    const quint32 poolOff = protoOff + quint32(protocols.size());
    const quint32 total = poolOff + 4 * quint32(pool.size());
    QByteArray blob(kHeaderSize, '\0');
    std::copy(kMagic, kMagic + 8, blob.begin());
    putU16(blob, 0x08, policy.versionMajor);
    putU16(blob, 0x0A, policy.versionMinor);
    putU32(blob, 0x0C, kHeaderSize);
    putU32(blob, 0x10, total);
    putU32(blob, 0x14, kFlagDefaultDeny);
    putU32(blob, 0x18, quint32(policy.domains.size()));
    putU32(blob, 0x1C, domOff);
    putU32(blob, 0x20, quint32(nProtocols));
    putU32(blob, 0x24, protoOff);
    putU32(blob, 0x28, quint32(pool.size()));
    putU32(blob, 0x2C, poolOff);
    blob += domains;
    blob += protocols;
    QByteArray words(4 * pool.size(), '\0');
    for (int i = 0; i < pool.size(); ++i)
        putU32(words, 4 * i, pool[i]);
    blob += words;
    putU32(blob, 0x30, crc32c(blob)); // computed with the field still zero (§6)
    return blob;
}

// ---- reader -------------------------------------------------------------------------------------

namespace {

// The blob as the reader sees it: every read bounds-checked against its length.
class BlobReader {
public:
    explicit BlobReader(const QByteArray &b) : m_b(b) {}
    quint32 size() const { return quint32(m_b.size()); }
    quint8 u8(quint32 off) const { return quint8(m_b.at(int(off))); }
    quint16 u16(quint32 off) const { return qFromLittleEndian<quint16>(m_b.constData() + off); }
    quint32 u32(quint32 off) const { return qFromLittleEndian<quint32>(m_b.constData() + off); }
    quint64 u64(quint32 off) const { return qFromLittleEndian<quint64>(m_b.constData() + off); }
    bool zero(quint32 off, quint32 n) const
    {
        for (quint32 i = 0; i < n; ++i)
            if (u8(off + i))
                return false;
        return true;
    }
    const QByteArray &bytes() const { return m_b; }

private:
    const QByteArray &m_b;
};

Failure reject(const char *reason, const QString &why)
{
    return fail(QLatin1String(reason) + QStringLiteral(": ") + why);
}

// A table of `count` records of `size` bytes at `off` inside `total`, overflow-safe (§3).
bool tableFits(quint32 total, quint32 off, quint32 count, quint32 size)
{
    return off <= total && count <= (total - off) / size;
}

struct Header {
    quint16 major = 0, minor = 0;
    quint32 hdrSize = 0, total = 0, nDomains = 0, domOff = 0, nProtocols = 0, protoOff = 0, nWords = 0, poolOff = 0;
};

Result<Header> readHeader(const BlobReader &b)
{
    if (b.size() < quint32(kHeaderSize))
        return reject("too_short", QStringLiteral("%1 bytes, the header alone is 64").arg(b.size()));
    if (b.bytes().left(8) != QByteArray(kMagic))
        return reject("bad_magic", QStringLiteral("does not start with \"XSCMIPOL\""));
    Header h;
    h.major = b.u16(0x08);
    h.minor = b.u16(0x0A);
    if (h.major != 1)
        return reject("bad_version", QStringLiteral("format version %1.%2; this devassign reads 1.x").arg(h.major).arg(h.minor));
    h.hdrSize = b.u32(0x0C);
    if (h.minor == 0 ? h.hdrSize != quint32(kHeaderSize) : (h.hdrSize < quint32(kHeaderSize) || h.hdrSize % 8))
        return reject("bad_hdr_size", QStringLiteral("hdr_size %1 in a %2.%3 blob").arg(h.hdrSize).arg(h.major).arg(h.minor));
    if (h.hdrSize > b.size())
        return reject("too_short", QStringLiteral("hdr_size %1 > %2 bytes").arg(h.hdrSize).arg(b.size()));
    h.total = b.u32(0x10);
    if (h.total != b.size() || h.total > kMaxTotal)
        return reject("bad_total_size", QStringLiteral("total_size %1, but the blob is %2 bytes (at most 1 MiB)").arg(h.total).arg(b.size()));
    if (const quint32 flags = b.u32(0x14); flags != kFlagDefaultDeny)
        return reject("bad_flags", QStringLiteral("flags %1; only DEFAULT_DENY (0x1) is defined").arg(format::hex(flags)));
    if (!b.zero(0x34, 12))
        return reject("hdr_reserved", QStringLiteral("header bytes 0x34-0x3f are not zero"));
    h.nDomains = b.u32(0x18);
    h.domOff = b.u32(0x1C);
    h.nProtocols = b.u32(0x20);
    h.protoOff = b.u32(0x24);
    h.nWords = b.u32(0x28);
    h.poolOff = b.u32(0x2C);
    if (h.nDomains > kMaxDomains || h.nProtocols > kMaxProtocols || h.nWords > kMaxWords)
        return reject("limit", QStringLiteral("%1 domains, %2 protocols, %3 pool words (limits 64, 512, 65536)")
                                   .arg(h.nDomains).arg(h.nProtocols).arg(h.nWords));
    if (!tableFits(h.total, h.domOff, h.nDomains, kDomainSize) || !tableFits(h.total, h.protoOff, h.nProtocols, kProtocolSize)
        || !tableFits(h.total, h.poolOff, h.nWords, 4))
        return reject("section_bounds", QStringLiteral("a section ends beyond total_size %1").arg(h.total));
    // The counts are bounded above, so these sums cannot overflow.
    if (h.domOff != h.hdrSize || h.protoOff != h.domOff + kDomainSize * h.nDomains
        || h.poolOff != h.protoOff + kProtocolSize * h.nProtocols || (h.minor == 0 && h.poolOff + 4 * h.nWords != h.total))
        return reject("section_layout", QStringLiteral("the sections are not contiguous in the order header, domains, "
                                                       "protocols, pool"));
    QByteArray zeroed = b.bytes();
    std::fill(zeroed.begin() + 0x30, zeroed.begin() + 0x34, '\0');
    const quint32 stored = b.u32(0x30);
    if (const quint32 computed = crc32c(zeroed); computed != stored)
        return reject("bad_crc", QStringLiteral("stored %1, computed %2").arg(format::hex(stored), format::hex(computed)));
    return h;
}

struct ReadState {
    Header h;
    quint32 nextProtocol = 0; // running total of the domains' n_protos
    quint32 nextWord = 0;     // running total of bitmap words (canonical layout, §5)
};

Result<QVector<quint32>> readNamespace(const BlobReader &b, ReadState &st, quint32 desc, const QString &where)
{
    const quint32 nBits = b.u32(desc);
    const quint32 word = b.u32(desc + 4);
    if (nBits > kMaxBits)
        return reject("ns_bits", QStringLiteral("%1: n_bits %2 > 65536").arg(where).arg(nBits));
    const quint32 nWords = (nBits + 31) / 32;
    if (word != st.nextWord || nWords > st.h.nWords - st.nextWord)
        return reject("ns_layout", QStringLiteral("%1: bitmap at word %2, expected %3 (of %4)").arg(where).arg(word).arg(st.nextWord).arg(st.h.nWords));
    st.nextWord += nWords;
    QVector<quint32> ids;
    for (quint32 w = 0; w < nWords; ++w) {
        const quint32 value = b.u32(st.h.poolOff + 4 * (word + w));
        for (quint32 bit = 0; bit < 32; ++bit) {
            if (!(value >> bit & 1))
                continue;
            const quint32 id = 32 * w + bit;
            if (id >= nBits)
                return reject("ns_padding", QStringLiteral("%1: bit %2 set at or above n_bits %3").arg(where).arg(id).arg(nBits));
            ids.append(id);
        }
    }
    if (nBits && (ids.isEmpty() || ids.last() != nBits - 1))
        return reject("ns_not_minimal", QStringLiteral("%1: bit n_bits-1 (%2) is clear").arg(where).arg(nBits - 1));
    return ids;
}

Result<ScmiPolicyProtocol> readProtocol(const BlobReader &b, ReadState &st, quint32 index, int previousId, const QString &domain)
{
    const quint32 r = st.h.protoOff + kProtocolSize * index;
    ScmiPolicyProtocol p;
    p.id = b.u8(r);
    const QString where = QStringLiteral("domain '%1' protocol %2").arg(domain, format::hex(p.id));
    if (p.id < 0x10)
        return reject("proto_id", QStringLiteral("%1: protocol ids start at 0x10").arg(where));
    if (int(p.id) <= previousId)
        return reject("proto_order", QStringLiteral("%1 after %2: ids must ascend").arg(where, format::hex(quint32(previousId))));
    if (b.u8(r + 1) || b.u16(r + 2) || b.u32(r + 0x0C))
        return reject("proto_reserved", QStringLiteral("%1: a reserved field is not zero").arg(where));
    p.messages = quint64(b.u32(r + 4)) | quint64(b.u32(r + 8)) << 32;
    static const char *const names[] = {"resources", "shared", "groups", "functions"};
    QVector<quint32> *sets[] = {&p.resources, &p.shared, &p.groups, &p.functions};
    for (int ns = 0; ns < 4; ++ns) {
        Result<QVector<quint32>> ids = readNamespace(b, st, r + 0x10 + 8 * ns, where + QLatin1Char(' ') + QLatin1String(names[ns]));
        if (!ids)
            return fail(ids.error());
        *sets[ns] = *ids;
    }
    for (quint32 id : p.shared)
        if (std::binary_search(p.resources.cbegin(), p.resources.cend(), id))
            return reject("ns_shared_overlap", QStringLiteral("%1: id %2 is in both resources and shared").arg(where).arg(id));
    if (p.id != scmi::kPinctrl && !(p.groups.isEmpty() && p.functions.isEmpty()))
        return reject("ns_not_pinctrl", QStringLiteral("%1: groups/functions are for pin control (0x19) only").arg(where));
    return p;
}

bool nameCharOk(quint8 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// SMCCC: fast call (bit 31), owner SiP = 2 (bits 29:24), bits 23:16 zero (§4).
bool smcIdOk(quint32 fid)
{
    return (fid & 0x80000000u) && ((fid >> 24) & 0x3F) == 2 && ((fid >> 16) & 0xFF) == 0;
}

Result<ScmiPolicyDomain> readDomain(const BlobReader &b, ReadState &st, quint32 i, const ScmiPolicy &earlier)
{
    const quint32 r = st.h.domOff + kDomainSize * i;
    int len = 0;
    while (len < kNameMax && b.u8(r + quint32(len)))
        ++len;
    bool nameOk = len > 0 && b.zero(r + quint32(len), quint32(kNameMax - len));
    for (int k = 0; nameOk && k < len; ++k)
        nameOk = nameCharOk(b.u8(r + quint32(k)));
    if (!nameOk)
        return reject("dom_name", QStringLiteral("domain record %1: the name is not 1-32 characters from A-Z a-z 0-9 _ - "
                                                 "padded with NULs").arg(i));
    ScmiPolicyDomain d;
    d.name = QString::fromLatin1(b.bytes().mid(int(r), len));
    d.key = b.u32(r + 0x20);
    d.smcId = b.u32(r + 0x24);
    d.shmemGpa = b.u64(r + 0x28);
    d.shmemSize = b.u32(r + 0x30);
    const quint32 nProtocols = b.u16(r + 0x34);
    const quint32 first = b.u32(r + 0x38);
    const QString where = QStringLiteral("domain '%1'").arg(d.name);
    for (const ScmiPolicyDomain &e : earlier.domains) {
        if (e.name == d.name)
            return reject("dom_name_dup", QStringLiteral("%1 appears twice").arg(where));
    }
    if (!earlier.domains.isEmpty() && d.key <= earlier.domains.last().key)
        return reject("dom_key_order", QStringLiteral("%1: key %2 after key %3; keys must ascend").arg(where).arg(d.key).arg(earlier.domains.last().key));
    if (!smcIdOk(d.smcId))
        return reject("dom_smc_id", QStringLiteral("%1: smc_id %2 is not a SiP fast call").arg(where, format::hex(d.smcId)));
    for (const ScmiPolicyDomain &e : earlier.domains)
        if (e.smcId == d.smcId)
            return reject("dom_smc_dup", QStringLiteral("%1: smc_id %2 is also domain '%3''s").arg(where, format::hex(d.smcId), e.name));
    const bool gpaOk = d.shmemGpa && !(d.shmemGpa & 0xFFF) && d.shmemGpa <= (quint64(1) << 48) - 0x1000;
    if (!gpaOk || d.shmemSize < 0x80 || d.shmemSize > 0x1000 || d.shmemSize % 4)
        return reject("dom_shmem", QStringLiteral("%1: channel at %2, %3 bytes (a page-aligned address below 2^48, "
                                                  "0x80-0x1000 bytes)").arg(where, format::hex(d.shmemGpa), format::hex(d.shmemSize)));
    if (b.u16(r + 0x36) || b.u32(r + 0x3C))
        return reject("dom_reserved", QStringLiteral("%1: a reserved field is not zero").arg(where));
    if (nProtocols > kMaxDomainProtocols)
        return reject("limit", QStringLiteral("%1: %2 protocols (at most 64)").arg(where).arg(nProtocols));
    if (first != st.nextProtocol || nProtocols > st.h.nProtocols - st.nextProtocol)
        return reject("dom_proto_range", QStringLiteral("%1: protocols [%2, %3) do not follow the earlier domains' (%4 of %5)")
                                             .arg(where).arg(first).arg(quint64(first) + nProtocols).arg(st.nextProtocol).arg(st.h.nProtocols));
    st.nextProtocol += nProtocols;
    int previousId = -1;
    for (quint32 j = 0; j < nProtocols; ++j) {
        Result<ScmiPolicyProtocol> p = readProtocol(b, st, first + j, previousId, d.name);
        if (!p)
            return fail(p.error());
        previousId = p->id;
        d.protocols.append(*p);
    }
    return d;
}

} // namespace

Result<ScmiPolicy> parseScmiPolicy(const QByteArray &blob)
{
    const BlobReader b(blob);
    Result<Header> h = readHeader(b);
    if (!h)
        return fail(h.error());
    ReadState st;
    st.h = *h;
    ScmiPolicy policy;
    policy.versionMajor = h->major;
    policy.versionMinor = h->minor;
    for (quint32 i = 0; i < h->nDomains; ++i) {
        Result<ScmiPolicyDomain> d = readDomain(b, st, i, policy);
        if (!d)
            return fail(d.error());
        policy.domains.append(*d);
    }
    if (st.nextProtocol != h->nProtocols)
        return reject("dom_proto_range", QStringLiteral("the domains hold %1 protocol records of %2").arg(st.nextProtocol).arg(h->nProtocols));
    if (st.nextWord != h->nWords)
        return reject("ns_layout", QStringLiteral("the bitmaps use %1 pool words of %2").arg(st.nextWord).arg(h->nWords));
    return policy;
}

// ---- JSON view (§9) -----------------------------------------------------------------------------

namespace {

QJsonArray idArray(const QVector<quint32> &ids)
{
    QJsonArray a;
    for (quint32 id : ids)
        a.append(qint64(id));
    return a;
}

} // namespace

QJsonObject scmiPolicyJson(const ScmiPolicy &policy, bool full)
{
    QJsonArray domains;
    for (const ScmiPolicyDomain &d : policy.domains) {
        QJsonObject dom{{QStringLiteral("name"), d.name}, {QStringLiteral("key"), qint64(d.key)},
                        {QStringLiteral("smc_id"), qint64(d.smcId)}};
        if (full)
            dom[QStringLiteral("shmem")] = QJsonObject{{QStringLiteral("address"), qint64(d.shmemGpa)},
                                                       {QStringLiteral("size"), qint64(d.shmemSize)}};
        QJsonArray protocols;
        for (const ScmiPolicyProtocol &p : d.protocols) {
            QJsonArray messages;
            for (int m = 0; m < 64; ++m)
                if (p.messages >> m & 1)
                    messages.append(m);
            QJsonObject proto{{QStringLiteral("id"), int(p.id)},
                              {QStringLiteral("messages"), messages},
                              {QStringLiteral("resources"), idArray(p.resources)},
                              {QStringLiteral("shared"), idArray(p.shared)}};
            if (full && p.id == scmi::kPinctrl) {
                proto[QStringLiteral("groups")] = idArray(p.groups);
                proto[QStringLiteral("functions")] = idArray(p.functions);
            }
            protocols.append(proto);
        }
        dom[QStringLiteral("protocols")] = protocols;
        domains.append(dom);
    }
    return {{QStringLiteral("version"), QJsonArray{policy.versionMajor, policy.versionMinor}},
            {QStringLiteral("domains"), domains}};
}

} // namespace devassign
