// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The project: the only mutable state in devassign. Domains, the devices assigned to them,
// per-dependency decisions and the user's explicit acknowledgements. Stored as
// `*.devassign.json` (format in docs/project-format.md). Changed only through the edit
// functions below (the GUI wraps each in a QUndoCommand; the CLI calls them directly).

#include "result.h"
#include "xenrelease.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace devassign {

// What to do with a node a device depends on (a clock, reset, pinctrl group, regulator…)
// when the device goes to a guest.
enum class DependencyAction {
    Copy, // copy the provider node (with the parent context its binding needs) into the partial DTB
    Stub, // replace it by a stub the guest can use (e.g. a fixed-clock of the same rate)
    Drop, // leave it out and remove the reference
    // Give the provider to the domain too: it is planned as one of the domain's devices, so its
    // registers are mapped (xen,reg / iomem) and dom0 loses it. For a provider whose registers
    // the guest driver touches (an i.MX pinctrl or GPC): Xen maps only the xen,reg windows of a
    // partial DTB (handle_passthrough_prop, xen/arch/arm/domain_build.c), so a mere copy aborts.
    Assign,
};
QString dependencyActionName(DependencyAction a); // "copy", "stub", "drop", "assign"
std::optional<DependencyAction> dependencyActionFromName(const QString &name);

// An explicit "I accept this risk" from the user, e.g. rule "dma-without-iommu" on a node.
struct Acknowledgement {
    QString rule;   // rule id (docs/rules.md)
    QString node;   // host node path the acknowledgement is about ("" = the whole domain)
    QString domain; // domain name ("" = any domain)
    QString note;   // free text: why the user accepts it
    QJsonObject extra = {}; // keys this devassign does not know, kept as they were
    bool operator==(const Acknowledgement &o) const { return rule == o.rule && node == o.node && domain == o.domain; }
};

struct MemoryRange {
    quint64 address = 0;
    quint64 size = 0;
    bool operator==(const MemoryRange &o) const { return address == o.address && size == o.size; }
};

struct DomainConfig {
    QString name;
    quint64 memoryKiB = 256 * 1024;
    int vcpus = 1;
    QString kernel;   // path as stored (relative to the project file when possible)
    QString ramdisk;
    QString bootargs;
    bool directMap = false;             // dom0less `direct-map` (1:1), needs static memory
    QVector<MemoryRange> staticMemory;  // dom0less `xen,static-mem` banks (host physical)
    bool vpl011 = true;                 // virtual PL011 UART on SPI 32 (GUEST_VPL011_SPI)
    QString enhanced;                   // "", "enabled", "no-xenstore", "legacy", "disabled"
    QString gicVersion;                 // "", "v2", "v3"
    bool dom0less = true;               // export a /chosen/domU node
    bool xl = false;                    // export an xl dom.cfg
    QString xlDir;                      // directory of this domain's files on the target ("" = /etc/xen/<name>)
    QString uuid;                       // xl `uuid` ("" = one derived from the project and domain names)
    QStringList devices;                // host node paths, in assignment order
    QMap<QString, DependencyAction> dependencyDecisions; // provider node path -> decision
    QJsonObject extra;                  // keys this devassign does not know, kept as they were

    QString effectiveXlDir() const { return xlDir.isEmpty() ? QStringLiteral("/etc/xen/") + name : xlDir; }
    QStringList targetNames() const; // "dom0less", "xl": what the domain is exported for
    bool operator==(const DomainConfig &o) const;
};

// The target platform: the Xen release the exports are for, and the host's RAM where the DTB's
// /memory does not say it (U-Boot fills it in on many boards). Stored as "platform".
struct Platform {
    xen::Release xen = xen::kDefaultRelease;
    QVector<MemoryRange> ram; // empty = the host DTB's /memory banks
    // The hypervisor has devassign's bundled SCMI mediator (hypervisor/, docs/hypervisor.md): each
    // SCMI guest gets its own channel, checked against scmi-policy.bin. Stored as "scmi_mediator".
    bool scmiMediator = false;
    QJsonObject extra = {};   // keys this devassign does not know, kept as they were
    bool operator==(const Platform &o) const
    {
        return xen == o.xen && ram == o.ram && scmiMediator == o.scmiMediator && extra == o.extra;
    }
};

// An SCMI resource the project lets several domains use: in each one's policy it is in the
// `shared` namespace, where the mediator allows only query messages (docs/scmi-policy.md §1).
// Stored in "scmi_shared" as {"protocol": N, "id": N}.
struct ScmiSharedResource {
    quint32 protocol = 0; // 0x10-0xff
    quint32 id = 0;       // < 65536
    QJsonObject extra = {}; // keys this devassign does not know, kept as they were
    bool operator==(const ScmiSharedResource &o) const { return protocol == o.protocol && id == o.id; }
};

struct Project {
    static constexpr int kFormatVersion = 1;

    QString hostDtb;        // as stored: relative to the project file's directory when possible
    QString hostDtbSha256;  // of the DTB bytes when the project was created or last reloaded
    QString xenBootargs;    // Xen command line for dom0less boots ("" = devassign's default)
    Platform platform;
    QVector<DomainConfig> domains;
    QVector<Acknowledgement> acknowledgements;
    QVector<ScmiSharedResource> scmiShared; // resources several domains may use (query only)
    QJsonObject extra;      // top-level keys this devassign does not know, kept as they were
    QJsonObject hostExtra;  // the same inside "host"

    DomainConfig *domain(const QString &name);
    const DomainConfig *domain(const QString &name) const;
    // The domain that owns a host node ("" when unassigned). A node assigned twice (possible in
    // a hand-edited file) reports the first owner; `owners` lists all.
    QString ownerOf(const QString &nodePath) const;
    QStringList owners(const QString &nodePath) const;
    bool isAcknowledged(const QString &rule, const QString &node, const QString &domain) const;
    // The acknowledgement that covers (rule, node, domain), or nullptr: the most specific one.
    const Acknowledgement *acknowledgementFor(const QString &rule, const QString &node, const QString &domain) const;
    bool operator==(const Project &o) const;
};

// ---- file I/O ----------------------------------------------------------------------------------
// Errors are one line naming the file and the problem, e.g.
// "p.devassign.json: format version 3 is newer than this devassign understands (1)".
// Keys this devassign does not know are kept (and written back on save); `warnings`, when given,
// gets one line per such key ("unknown key 'domains[0].x' is kept …", without the file name). A file that is not a regular file, or is larger than
// limits::kMaxProjectBytes, is refused before it is read.
QByteArray projectToJson(const Project &p);
Result<Project> projectFromJson(const QByteArray &json, const QString &sourceName, QStringList *warnings = nullptr);
Result<Project> readProject(const QString &file, QStringList *warnings = nullptr);
Status writeProject(const Project &p, const QString &file); // atomic (core/atomicfile.h)
// Absolute path of a path stored relative to the project file.
QString resolveProjectPath(const QString &projectFile, const QString &stored);
// Path to store for `path`: relative to the project file's directory.
QString relativeProjectPath(const QString &projectFile, const QString &path);

// ---- edits (the only way the project changes) ----------------------------------------------------
// Each returns done or a one-line reason for refusing (result.h), and leaves `p` unchanged on refusal.
Status addDomain(Project &p, const DomainConfig &d);
Status removeDomain(Project &p, const QString &name);
Status renameDomain(Project &p, const QString &from, const QString &to); // updates every reference
Status updateDomain(Project &p, const QString &name, const DomainConfig &settings); // keeps devices
// Assigning a node that another domain owns is refused with the owner's name in the reason.
Status assignDevice(Project &p, const QString &domain, const QString &nodePath, int position = -1);
Status unassignDevice(Project &p, const QString &nodePath);
Status moveDevice(Project &p, const QString &nodePath, const QString &toDomain);
// Several nodes at once, all or nothing: refused as a whole when one of them is.
Status assignDevices(Project &p, const QString &domain, const QStringList &nodePaths);
Status unassignDevices(Project &p, const QStringList &nodePaths);
Status moveDevices(Project &p, const QStringList &nodePaths, const QString &toDomain);
Status setDependencyDecision(Project &p, const QString &domain, const QString &provider,
                             std::optional<DependencyAction> action);
// Adds a; the same rule, node and domain again with a different, non-empty note changes that note.
Status addAcknowledgement(Project &p, const Acknowledgement &a);
// Refuses RAM banks of size 0, banks that end beyond 2^64, and banks that overlap.
Status setPlatform(Project &p, const Platform &platform);
// Marks (shared = true) or unmarks an SCMI resource as shared between domains. Refuses a protocol
// outside 0x10-0xff or an id ≥ 65536 (the policy blob's limits, docs/scmi-policy.md §1).
Status setScmiShared(Project &p, const ScmiSharedResource &r, bool shared);
QString platformProblem(const Platform &platform);
// "ADDR:SIZE" (e.g. "0x40000000:4G"), each side as format::parseSize with bytes for a bare number:
// the syntax of the CLI's --ram and --static-mem and of the studio's RAM and static memory fields.
// nullopt when it is not two such numbers. A size of 0 parses (the caller's check refuses it).
std::optional<MemoryRange> parseMemoryRange(const QString &text);
// Withdraws the acknowledgement of a's rule, node and domain; when there is none, the problem
// names the scopes the rule is acknowledged in.
Status removeAcknowledgement(Project &p, const Acknowledgement &a);
bool isValidDomainName(const QString &name); // [A-Za-z0-9_-], 1..32 chars, as xl and /chosen need
// The domain other than `ignore` whose name equals `name` ignoring case, or nullptr. Each domain's
// exports go to a folder of its name, and on a file system that ignores case (a Windows share, a
// macOS disk) "Linux/" and "linux/" are one folder: one domain's dom.cfg would replace the other's.
// Adding, renaming and loading refuse such names; the importers and the studio ask this too.
const DomainConfig *domainNamedIgnoringCase(const Project &p, const QString &name, const QString &ignore = QString());
bool isValidUuidText(const QString &uuid);   // "" or lowercase 8-4-4-4-12 hex, as domains[].uuid is stored
// "" or why a domain's settings cannot be used: ranges of memory, vCPUs and static memory, and text
// values (kernel, ramdisk, bootargs, xl_dir) that must be one line (they go into dom.cfg, the
// dom0less host DTB and imagebuilder.cfg as one field each).
QString domainSettingsProblem(const DomainConfig &d);
// Why the node at `nodePath` cannot be a domain's device (the root, /chosen, /cpus, host RAM,
// /aliases, the overlay symbol tables), or "". Assigning it, listing it in a project file and
// an assign dependency decision are all refused with this line.
QString notAssignableReason(const QString &nodePath);
// The same refusal as a short reason for a finding ("Xen builds every guest's /chosen itself"),
// or "" when notAssignableReason has none.
QString notAssignableWhy(const QString &nodePath);
// "" or why `value` cannot be one text field of an exported file: it holds a control character.
QString oneLineProblem(const QString &what, const QString &value);

} // namespace devassign
