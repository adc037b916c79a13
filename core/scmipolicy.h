// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The SCMI policy of the bundled hypervisor mediator (docs/scmi-policy.md, the single source of
// the blob format; docs/exports.md "scmi-policy.bin" for how devassign derives it):
//  - scmiPolicyFor: per domain that uses SCMI, the (protocol, resource id) pairs its devices and
//    taken-along children need and the messages each protocol needs;
//  - scmiPolicyBlob: the blob bytes (little-endian, CRC32C, reserved fields zero);
//  - parseScmiPolicy: the reader/validator the CLI uses (`devassign policy dump`); a malformed blob
//    is refused with the reason name of docs/scmi-policy.md §7 and one line saying why;
//  - scmiPolicyJson: the JSON view of §9.

#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

namespace devassign {

struct Analysis;
struct HostModel;
struct Project;

namespace scmi {
// Protocol ids (shared/reference/scmi.md §3.1, DEN0056 §4.x).
constexpr quint8 kBase = 0x10, kPower = 0x11, kSystemPower = 0x12, kPerf = 0x13, kClock = 0x14, kSensor = 0x15,
                 kReset = 0x16, kVoltage = 0x17, kPowercap = 0x18, kPinctrl = 0x19;
} // namespace scmi

struct ScmiPolicyProtocol {
    quint8 id = 0;
    quint64 messages = 0;          // bit m set = message m allowed (m < 64)
    QVector<quint32> resources;    // namespace 0: ids the domain owns, ascending
    QVector<quint32> shared;       // namespace 1: ids it shares (QUERY messages only), ascending
    QVector<quint32> groups;       // namespace 2 (pin control only)
    QVector<quint32> functions;    // namespace 3 (pin control only)
    bool operator==(const ScmiPolicyProtocol &o) const;
};

struct ScmiPolicyDomain {
    QString name;                  // the project's domain name (= the dom0less /chosen node name)
    quint32 key = 0;               // Xen domain id: dom0less domUs get 1, 2, … in /chosen order
    quint32 smcId = 0;             // the guest's arm,smc-id (SiP fast call)
    quint64 shmemGpa = 0;          // guest address of its shared-memory page
    quint32 shmemSize = 0;
    QVector<ScmiPolicyProtocol> protocols; // ascending id
    bool operator==(const ScmiPolicyDomain &o) const;
};

struct ScmiPolicy {
    quint16 versionMajor = 1;
    quint16 versionMinor = 0;
    QVector<ScmiPolicyDomain> domains; // ascending key
    bool operator==(const ScmiPolicy &o) const;
};

// The guest side of each domain's channel, fixed by devassign (docs/hypervisor.md §4): the first
// SCMI domain gets SiP fast call 0x82000010 and its page at 0x05ff0000, the next 0x82000011 and
// 0x05fe0000, … (a hole in xen/include/public/arch-arm.h's guest map between the GICv3
// redistributors and the vPCI ECAM).
constexpr quint32 kScmiFirstSmcId = 0x82000010;
constexpr quint64 kScmiFirstShmemGpa = 0x05ff0000;
constexpr quint64 kScmiShmemStride = 0x10000;
constexpr quint32 kScmiShmemSize = 0x1000;
inline const QString kScmiPolicyFile = QStringLiteral("scmi-policy.bin"); // in the export directory
constexpr int kScmiMaxDomains = 64; // docs/scmi-policy.md §3 n_domains limit

// The guest side of a domain's mediated channel: its doorbell and its shared-memory page.
struct ScmiChannel {
    quint32 smcId = 0;
    quint64 shmemGpa = 0;
    quint32 shmemSize = 0;
    bool operator==(const ScmiChannel &o) const
    {
        return smcId == o.smcId && shmemGpa == o.shmemGpa && shmemSize == o.shmemSize;
    }
    bool operator!=(const ScmiChannel &o) const { return !(*this == o); }
};
// The channel of dom0less domain `domain` (the n-th dom0less domain that uses SCMI gets the n-th
// channel above), or nullopt when it uses no SCMI or is not a dom0less domain.
std::optional<ScmiChannel> scmiChannelOf(const Analysis &analysis, const QString &domain);

// The messages devassign allows on protocol `id` (docs/exports.md, "scmi-policy.bin"): the common
// discovery messages and the protocol's query and control commands a Linux consumer driver sends;
// never the privileged ones, notifications (no platform-to-agent channel) nor fastchannels.
quint64 scmiMessagesFor(quint8 protocol);

// The policy for every dom0less domain whose devices (and taken-along children) use SCMI, in
// /chosen order. A resource two domains use goes into each domain's `shared` namespace when the
// project marks it shared (Project::scmiShared), else into each one's `resources` (the analysis
// reports that as scmi-resource-shared). Fails (one line) when a domain cannot be in a blob: a
// name outside [A-Za-z0-9_-]{1,32}, more than 64 SCMI domains, or a resource id ≥ 65536.
Result<ScmiPolicy> scmiPolicyFor(const HostModel &model, const Project &project, const Analysis &analysis);

// The blob, exactly per docs/scmi-policy.md (format 1.0). `policy` must satisfy the rules of the
// document (scmiPolicyFor's result does); sets are sorted and deduplicated here.
QByteArray scmiPolicyBlob(const ScmiPolicy &policy);

// CRC-32C (Castagnoli, reflected 0x82F63B78, init and final XOR 0xFFFFFFFF; docs §6).
quint32 crc32c(const QByteArray &bytes);

// Reads and validates a blob against every rule of docs/scmi-policy.md, in the order of §3. On
// failure the error is "<reason>: <why>", <reason> the lower-case name of §7 (e.g.
// "bad_crc: stored 0x12345678, computed 0x9abcdef0").
Result<ScmiPolicy> parseScmiPolicy(const QByteArray &blob);

// The JSON view of docs/scmi-policy.md §9; `full` adds "shmem" per domain and, on pin control,
// "groups" and "functions".
QJsonObject scmiPolicyJson(const ScmiPolicy &policy, bool full = false);

} // namespace devassign
