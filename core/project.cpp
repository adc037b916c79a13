// SPDX-License-Identifier: GPL-2.0-or-later
// The project file (`*.devassign.json`, docs/project-format.md) and the edit functions.
#include "project.h"

#include "atomicfile.h"
#include "format.h"
#include "inputfile.h"
#include "inputlimits.h"
#include "rules.h"
#include "xenrelease.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace devassign {

namespace {

const QString kFormatName = QStringLiteral("devassign-project");
// JSON numbers are doubles: integers above 2^53 would lose bits, so larger values are written
// as "0x…" strings (and both forms are read back).
constexpr quint64 kMaxExactJsonInteger = quint64(1) << 53;

const QStringList &enhancedModes()
{
    // Xen's `xen,enhanced` values for dom0less domains (docs/misc/arm/device-tree/booting.txt);
    // "" = leave the property out.
    static const QStringList modes = {QString(), QStringLiteral("enabled"), QStringLiteral("no-xenstore"),
                                      QStringLiteral("legacy"), QStringLiteral("disabled")};
    return modes;
}

const QStringList &gicVersions()
{
    static const QStringList versions = {QString(), QStringLiteral("v2"), QStringLiteral("v3")};
    return versions;
}

QJsonValue u64ToJson(quint64 v)
{
    if (v <= kMaxExactJsonInteger)
        return QJsonValue(qint64(v));
    return QJsonValue(QStringLiteral("0x") + QString::number(v, 16));
}

// ---- writing ---------------------------------------------------------------------------------

QJsonArray banksToJson(const QVector<MemoryRange> &banks)
{
    QJsonArray out;
    for (const MemoryRange &r : banks)
        out.append(QJsonObject{{QStringLiteral("address"), u64ToJson(r.address)},
                               {QStringLiteral("size"), u64ToJson(r.size)}});
    return out;
}

QJsonObject domainToJson(const DomainConfig &d)
{
    QJsonObject o = d.extra;
    o[QStringLiteral("name")] = d.name;
    o[QStringLiteral("memory_kib")] = u64ToJson(d.memoryKiB);
    o[QStringLiteral("vcpus")] = d.vcpus;
    o[QStringLiteral("kernel")] = d.kernel;
    o[QStringLiteral("ramdisk")] = d.ramdisk;
    o[QStringLiteral("bootargs")] = d.bootargs;
    o[QStringLiteral("direct_map")] = d.directMap;
    o[QStringLiteral("static_memory")] = banksToJson(d.staticMemory);
    o[QStringLiteral("vpl011")] = d.vpl011;
    o[QStringLiteral("enhanced")] = d.enhanced;
    o[QStringLiteral("gic_version")] = d.gicVersion;
    QJsonArray targets;
    if (d.dom0less)
        targets.append(QStringLiteral("dom0less"));
    if (d.xl)
        targets.append(QStringLiteral("xl"));
    o[QStringLiteral("targets")] = targets;
    o[QStringLiteral("xl_dir")] = d.xlDir;
    o[QStringLiteral("uuid")] = d.uuid;
    o[QStringLiteral("devices")] = QJsonArray::fromStringList(d.devices);
    QJsonObject decisions;
    for (auto it = d.dependencyDecisions.cbegin(); it != d.dependencyDecisions.cend(); ++it)
        decisions[it.key()] = dependencyActionName(it.value());
    o[QStringLiteral("dependency_decisions")] = decisions;
    return o;
}

QJsonObject acknowledgementToJson(const Acknowledgement &a)
{
    QJsonObject o = a.extra;
    o[QStringLiteral("rule")] = a.rule;
    o[QStringLiteral("node")] = a.node;
    o[QStringLiteral("domain")] = a.domain;
    o[QStringLiteral("note")] = a.note;
    return o;
}

// ---- reading ---------------------------------------------------------------------------------
// A small reader over one JSON object that records the first error as "FILE: key 'a.b': problem".

class Reader {
public:
    Reader(const QString &source, QString *error) : m_source(source), m_error(error) {}

    bool failed() const { return m_failed; }

    bool fail(const QString &key, const QString &problem)
    {
        if (!m_failed && m_error)
            *m_error = key.isEmpty() ? QStringLiteral("%1: %2").arg(m_source, problem)
                                     : QStringLiteral("%1: key '%2' %3").arg(m_source, format::oneLine(key), problem);
        m_failed = true;
        return false;
    }

    // Reads o[name] (full key path `key`) when present; `required` makes absence an error.
    bool string(const QJsonObject &o, const QString &name, const QString &key, QString *out, bool required = false)
    {
        const QJsonValue v = o.value(name);
        if (v.isUndefined())
            return required ? fail(key, QStringLiteral("is missing")) : true;
        if (!v.isString())
            return fail(key, QStringLiteral("must be a string"));
        *out = v.toString();
        return true;
    }

    bool boolean(const QJsonObject &o, const QString &name, const QString &key, bool *out)
    {
        const QJsonValue v = o.value(name);
        if (v.isUndefined())
            return true;
        if (!v.isBool())
            return fail(key, QStringLiteral("must be true or false"));
        *out = v.toBool();
        return true;
    }

    // Addresses and sizes may also be "0x…" strings; counts (`allowString` false) may not.
    bool u64(const QJsonObject &o, const QString &name, const QString &key, quint64 *out, bool required = false,
             bool allowString = true)
    {
        const QJsonValue v = o.value(name);
        if (v.isUndefined())
            return required ? fail(key, QStringLiteral("is missing")) : true;
        if (!allowString && !v.isDouble())
            return fail(key, QStringLiteral("must be a non-negative integer"));
        if (v.isString()) {
            const std::optional<quint64> n = format::parseNumber(v.toString());
            if (!n)
                return fail(key, QStringLiteral("must be a non-negative integer or a \"0x…\" string"));
            *out = *n;
            return true;
        }
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > double(kMaxExactJsonInteger) || d != double(quint64(d)))
            return fail(key, QStringLiteral("must be a non-negative integer or a \"0x…\" string"));
        *out = quint64(d);
        return true;
    }

    bool object(const QJsonObject &o, const QString &name, const QString &key, QJsonObject *out, bool required)
    {
        const QJsonValue v = o.value(name);
        if (v.isUndefined())
            return required ? fail(key, QStringLiteral("is missing")) : true;
        if (!v.isObject())
            return fail(key, QStringLiteral("must be an object"));
        *out = v.toObject();
        return true;
    }

    bool array(const QJsonObject &o, const QString &name, const QString &key, QJsonArray *out, bool required)
    {
        const QJsonValue v = o.value(name);
        if (v.isUndefined())
            return required ? fail(key, QStringLiteral("is missing")) : true;
        if (!v.isArray())
            return fail(key, QStringLiteral("must be an array"));
        *out = v.toArray();
        return true;
    }

    bool stringList(const QJsonObject &o, const QString &name, const QString &key, QStringList *out)
    {
        QJsonArray a;
        if (!array(o, name, key, &a, false))
            return false;
        QStringList list;
        for (int i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                return fail(QStringLiteral("%1[%2]").arg(key).arg(i), QStringLiteral("must be a string"));
            list.append(a.at(i).toString());
        }
        if (o.contains(name))
            *out = list;
        return true;
    }

    // A string that becomes one field of an exported file: no control characters.
    bool line(const QJsonObject &o, const QString &name, const QString &key, QString *out, bool required = false)
    {
        if (!string(o, name, key, out, required))
            return false;
        const int at = format::firstControlCharacter(*out);
        if (at >= 0)
            return fail(key, QStringLiteral("contains %1 at position %2; it must be one line of text")
                                 .arg(format::characterName(out->at(at)), QString::number(at + 1)));
        return true;
    }

    // The keys of `o` that are not in `known`: kept in `extra`, one warning each.
    QJsonObject unknownKeys(const QJsonObject &o, const QString &prefix, const QStringList &known)
    {
        QJsonObject extra;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (known.contains(it.key()))
                continue;
            extra.insert(it.key(), it.value());
            if (m_warnings)
                m_warnings->append(QStringLiteral("unknown key '%1%2' is kept as it is, but this devassign "
                                                  "does not use it")
                                       .arg(prefix, format::oneLine(it.key())));
        }
        return extra;
    }

    void setWarnings(QStringList *warnings) { m_warnings = warnings; }

private:
    QString m_source;
    QString *m_error;
    QStringList *m_warnings = nullptr;
    bool m_failed = false;
};

// notAssignableReason (project.h) says which nodes are not devices.

// A node path as a key or list entry: absolute, one line (it is repeated in exported files).
bool nodePathProblem(Reader &r, const QString &key, const QString &path)
{
    if (!path.startsWith(QLatin1Char('/')))
        return r.fail(key, QStringLiteral("must be an absolute node path, not '%1'").arg(format::oneLine(path)));
    const int at = format::firstControlCharacter(path);
    if (at >= 0)
        return r.fail(key, QStringLiteral("contains %1; a node path is one line").arg(format::characterName(path[at])));
    return true;
}

bool readBanks(Reader &r, const QJsonObject &o, const QString &name, const QString &key, QVector<MemoryRange> *out)
{
    QJsonArray banks;
    if (!r.array(o, name, key, &banks, false))
        return false;
    for (int i = 0; i < banks.size(); ++i) {
        const QString bankKey = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!banks.at(i).isObject())
            return r.fail(bankKey, QStringLiteral("must be an object {\"address\", \"size\"}"));
        const QJsonObject b = banks.at(i).toObject();
        MemoryRange range;
        if (!r.u64(b, QStringLiteral("address"), bankKey + QStringLiteral(".address"), &range.address, true)
            || !r.u64(b, QStringLiteral("size"), bankKey + QStringLiteral(".size"), &range.size, true))
            return false;
        if (range.size == 0)
            return r.fail(bankKey + QStringLiteral(".size"), QStringLiteral("must not be 0"));
        if (range.size > std::numeric_limits<quint64>::max() - range.address)
            return r.fail(bankKey, QStringLiteral("ends beyond the 64-bit address space (address %1 + size %2)")
                                       .arg(format::hex(range.address), format::hex(range.size)));
        out->append(range);
    }
    return true;
}

bool readPlatform(Reader &r, const QJsonObject &root, Platform *out)
{
    QJsonObject o;
    if (!r.object(root, QStringLiteral("platform"), QStringLiteral("platform"), &o, false))
        return false;
    QString release = xen::releaseName(xen::kDefaultRelease);
    if (!r.string(o, QStringLiteral("xen"), QStringLiteral("platform.xen"), &release))
        return false;
    const std::optional<xen::Release> known = xen::releaseFromName(release);
    if (!known)
        return r.fail(QStringLiteral("platform.xen"), QStringLiteral("is '%1', not one of the Xen releases devassign knows (%2)")
                                                          .arg(format::oneLine(release), xen::releaseNames().join(QStringLiteral(", "))));
    out->xen = *known;
    if (!readBanks(r, o, QStringLiteral("ram"), QStringLiteral("platform.ram"), &out->ram)
        || !r.boolean(o, QStringLiteral("scmi_mediator"), QStringLiteral("platform.scmi_mediator"), &out->scmiMediator))
        return false;
    if (const QString problem = platformProblem(*out); !problem.isEmpty())
        return r.fail(QStringLiteral("platform.ram"), problem);
    out->extra = r.unknownKeys(o, QStringLiteral("platform."),
                               {QStringLiteral("xen"), QStringLiteral("ram"), QStringLiteral("scmi_mediator")});
    return true;
}

QString scmiSharedProblem(const ScmiSharedResource &s)
{
    if (s.protocol < 0x10 || s.protocol > 0xff)
        return QStringLiteral("protocol %1 is not an SCMI protocol id (0x10-0xff)").arg(format::hex(s.protocol));
    if (s.id > 0xffff)
        return QStringLiteral("resource id %1 is above 65535, the policy's limit").arg(s.id);
    return QString();
}

// "scmi_shared": [{"protocol": N, "id": N}, …] (docs/project-format.md).
bool readScmiShared(Reader &r, const QJsonObject &root, QVector<ScmiSharedResource> *out)
{
    QJsonArray list;
    if (!r.array(root, QStringLiteral("scmi_shared"), QStringLiteral("scmi_shared"), &list, false))
        return false;
    for (int i = 0; i < list.size(); ++i) {
        const QString key = QStringLiteral("scmi_shared[%1]").arg(i);
        if (!list.at(i).isObject())
            return r.fail(key, QStringLiteral("must be an object {\"protocol\", \"id\"}"));
        const QJsonObject o = list.at(i).toObject();
        quint64 protocol = 0;
        quint64 id = 0;
        if (!r.u64(o, QStringLiteral("protocol"), key + QStringLiteral(".protocol"), &protocol, true)
            || !r.u64(o, QStringLiteral("id"), key + QStringLiteral(".id"), &id, true))
            return false;
        const ScmiSharedResource s{quint32(qMin<quint64>(protocol, 0xffffffff)), quint32(qMin<quint64>(id, 0xffffffff))};
        if (const QString problem = scmiSharedProblem(s); !problem.isEmpty())
            return r.fail(key, problem);
        if (out->contains(s))
            return r.fail(key, QStringLiteral("repeats protocol %1 id %2").arg(format::hex(s.protocol)).arg(s.id));
        ScmiSharedResource kept = s;
        kept.extra = r.unknownKeys(o, key + QLatin1Char('.'), {QStringLiteral("protocol"), QStringLiteral("id")});
        out->append(kept);
    }
    return true;
}

bool readTargets(Reader &r, const QJsonObject &o, const QString &key, DomainConfig *d)
{
    QStringList targets = {QStringLiteral("dom0less")};
    if (!r.stringList(o, QStringLiteral("targets"), key, &targets))
        return false;
    d->dom0less = false;
    d->xl = false;
    for (const QString &t : targets) {
        if (t == QLatin1String("dom0less"))
            d->dom0less = true;
        else if (t == QLatin1String("xl"))
            d->xl = true;
        else
            return r.fail(key, QStringLiteral("has unknown target '%1' (expected \"dom0less\" or \"xl\")")
                                   .arg(format::oneLine(t)));
    }
    // A domain with no target would export nothing, silently (the CLI and the studio refuse it too).
    if (!d->dom0less && !d->xl)
        return r.fail(key, QStringLiteral("is empty (expected \"dom0less\", \"xl\" or both)"));
    return true;
}

bool readDevices(Reader &r, const QJsonObject &o, const QString &key, DomainConfig *d)
{
    if (!r.stringList(o, QStringLiteral("devices"), key, &d->devices))
        return false;
    QStringList seen;
    for (int i = 0; i < d->devices.size(); ++i) {
        const QString &path = d->devices.at(i);
        const QString itemKey = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!nodePathProblem(r, itemKey, path))
            return false;
        if (const QString problem = notAssignableReason(path); !problem.isEmpty())
            return r.fail(itemKey, QStringLiteral("is refused: %1").arg(problem));
        if (seen.contains(path))
            return r.fail(itemKey, QStringLiteral("lists %1 twice").arg(path));
        seen.append(path);
    }
    return true;
}

bool readDecisions(Reader &r, const QJsonObject &o, const QString &key, DomainConfig *d)
{
    QJsonObject decisions;
    if (!r.object(o, QStringLiteral("dependency_decisions"), key, &decisions, false))
        return false;
    for (auto it = decisions.constBegin(); it != decisions.constEnd(); ++it) {
        const QString itemKey = QStringLiteral("%1.%2").arg(key, it.key());
        if (!nodePathProblem(r, itemKey, it.key()))
            return false;
        const auto action = dependencyActionFromName(it.value().toString());
        if (!it.value().isString() || !action)
            return r.fail(itemKey, QStringLiteral("must be \"copy\", \"stub\", \"drop\" or \"assign\""));
        d->dependencyDecisions.insert(it.key(), *action);
    }
    return true;
}

bool readDomain(Reader &r, const QJsonValue &v, const QString &key, DomainConfig *d)
{
    if (!v.isObject())
        return r.fail(key, QStringLiteral("must be an object"));
    const QJsonObject o = v.toObject();
    auto k = [&key](const char *name) { return key + QLatin1Char('.') + QLatin1String(name); };
    quint64 vcpus = quint64(d->vcpus);
    if (!r.string(o, QStringLiteral("name"), k("name"), &d->name, true)
        || !r.u64(o, QStringLiteral("memory_kib"), k("memory_kib"), &d->memoryKiB)
        || !r.u64(o, QStringLiteral("vcpus"), k("vcpus"), &vcpus, false, false)
        || !r.line(o, QStringLiteral("kernel"), k("kernel"), &d->kernel)
        || !r.line(o, QStringLiteral("ramdisk"), k("ramdisk"), &d->ramdisk)
        || !r.line(o, QStringLiteral("bootargs"), k("bootargs"), &d->bootargs)
        || !r.boolean(o, QStringLiteral("direct_map"), k("direct_map"), &d->directMap)
        || !readBanks(r, o, QStringLiteral("static_memory"), k("static_memory"), &d->staticMemory)
        || !r.boolean(o, QStringLiteral("vpl011"), k("vpl011"), &d->vpl011)
        || !r.string(o, QStringLiteral("enhanced"), k("enhanced"), &d->enhanced)
        || !r.string(o, QStringLiteral("gic_version"), k("gic_version"), &d->gicVersion)
        || !readTargets(r, o, k("targets"), d)
        || !r.line(o, QStringLiteral("xl_dir"), k("xl_dir"), &d->xlDir)
        || !r.line(o, QStringLiteral("uuid"), k("uuid"), &d->uuid)
        || !readDevices(r, o, k("devices"), d)
        || !readDecisions(r, o, k("dependency_decisions"), d))
        return false;
    if (!isValidDomainName(d->name))
        return r.fail(k("name"), QStringLiteral("'%1' is not a valid domain name (1-32 of A-Z a-z 0-9 _ -)")
                                     .arg(format::oneLine(d->name)));
    if (d->memoryKiB == 0 || d->memoryKiB > xen::kMaxGuestRamKiB)
        return r.fail(k("memory_kib"), QStringLiteral("must be between 1 and %1 (%2, Xen's guest RAM banks)")
                                           .arg(QString::number(xen::kMaxGuestRamKiB),
                                                format::memoryText(xen::kMaxGuestRamKiB)));
    if (vcpus < 1 || vcpus > quint64(xen::kMaxGuestVcpus))
        return r.fail(k("vcpus"), QStringLiteral("must be between 1 and %1 (Xen's MAX_VIRT_CPUS on arm64)")
                                      .arg(xen::kMaxGuestVcpus));
    d->vcpus = int(vcpus);
    static const QStringList known = {
        QStringLiteral("name"), QStringLiteral("memory_kib"), QStringLiteral("vcpus"), QStringLiteral("kernel"),
        QStringLiteral("ramdisk"), QStringLiteral("bootargs"), QStringLiteral("direct_map"),
        QStringLiteral("static_memory"), QStringLiteral("vpl011"), QStringLiteral("enhanced"),
        QStringLiteral("gic_version"), QStringLiteral("targets"), QStringLiteral("xl_dir"), QStringLiteral("devices"),
        QStringLiteral("dependency_decisions"), QStringLiteral("uuid")};
    d->extra = r.unknownKeys(o, key + QLatin1Char('.'), known);
    if (!enhancedModes().contains(d->enhanced))
        return r.fail(k("enhanced"),
                      QStringLiteral("must be \"\", \"enabled\", \"no-xenstore\", \"legacy\" or \"disabled\""));
    if (!gicVersions().contains(d->gicVersion))
        return r.fail(k("gic_version"), QStringLiteral("must be \"\", \"v2\" or \"v3\""));
    if (!isValidUuidText(d->uuid))
        return r.fail(k("uuid"), QStringLiteral("must be \"\" or a UUID like \"6f1d7c1e-2b8a-4d5e-9c3a-0b7e4f2a9d61\""));
    return true;
}

bool readAcknowledgement(Reader &r, const QJsonValue &v, const QString &key, Acknowledgement *a)
{
    if (!v.isObject())
        return r.fail(key, QStringLiteral("must be an object"));
    const QJsonObject o = v.toObject();
    if (!r.string(o, QStringLiteral("rule"), key + QStringLiteral(".rule"), &a->rule, true)
        || !r.string(o, QStringLiteral("node"), key + QStringLiteral(".node"), &a->node)
        || !r.string(o, QStringLiteral("domain"), key + QStringLiteral(".domain"), &a->domain)
        || !r.string(o, QStringLiteral("note"), key + QStringLiteral(".note"), &a->note))
        return false;
    if (a->rule.isEmpty())
        return r.fail(key + QStringLiteral(".rule"), QStringLiteral("must not be empty"));
    // An acknowledgement of a rule that does not exist would silently accept nothing.
    const Rule *rule = findRule(a->rule);
    if (!rule)
        return r.fail(key + QStringLiteral(".rule"), QStringLiteral("names no rule: '%1' (docs/rules.md lists them)")
                                                         .arg(format::oneLine(a->rule)));
    if (!rule->acknowledgeable)
        return r.fail(key + QStringLiteral(".rule"), QStringLiteral("rule '%1' cannot be acknowledged").arg(a->rule));
    if (!a->node.isEmpty() && !nodePathProblem(r, key + QStringLiteral(".node"), a->node))
        return false;
    a->extra = r.unknownKeys(o, key + QLatin1Char('.'),
                             {QStringLiteral("rule"), QStringLiteral("node"), QStringLiteral("domain"),
                              QStringLiteral("note")});
    return true;
}

bool readHeader(Reader &r, const QJsonObject &root)
{
    QString format;
    if (!r.string(root, QStringLiteral("format"), QStringLiteral("format"), &format, true))
        return false;
    if (format != kFormatName)
        return r.fail(QStringLiteral("format"),
                      QStringLiteral("is '%1', expected '%2'").arg(format::oneLine(format), kFormatName));
    quint64 version = 0;
    if (!r.u64(root, QStringLiteral("version"), QStringLiteral("version"), &version, true, false))
        return false;
    if (version > quint64(Project::kFormatVersion))
        return r.fail(QString(), QStringLiteral("format version %1 is newer than this devassign understands (%2); "
                                                "upgrade devassign")
                                     .arg(version)
                                     .arg(Project::kFormatVersion));
    if (version < 1)
        return r.fail(QStringLiteral("version"), QStringLiteral("must be at least 1"));
    return true;
}

QString domainNameProblem(const Project &p, const QString &name, const QString &ignore = QString())
{
    if (!isValidDomainName(name))
        return QStringLiteral("'%1' is not a valid domain name: use 1 to 32 of A-Z a-z 0-9 _ - "
                              "(xl and the dom0less /chosen node need it)")
            .arg(name);
    if (const DomainConfig *other = domainNamedIgnoringCase(p, name, ignore))
        return other->name == name ? QStringLiteral("a domain named '%1' already exists").arg(name)
                                   : QStringLiteral("a domain named '%1' already exists; names that differ only in case "
                                                    "would share one export folder on a file system that ignores case")
                                         .arg(other->name);
    return QString();
}

QString settingsProblem(const DomainConfig &d)
{
    if (!d.dom0less && !d.xl)
        return QStringLiteral("domain '%1' has no target: choose dom0less, xl or both").arg(d.name);
    return domainSettingsProblem(d);
}

QString alreadyAssigned(const QString &nodePath, const QString &owner)
{
    return QStringLiteral("%1 is already assigned to domain '%2'; unassign it first or move it").arg(nodePath, owner);
}

QString noDomain(const QString &name)
{
    return QStringLiteral("no domain named '%1'").arg(name);
}

} // namespace

const DomainConfig *domainNamedIgnoringCase(const Project &p, const QString &name, const QString &ignore)
{
    for (const DomainConfig &d : p.domains)
        if (d.name != ignore && d.name.compare(name, Qt::CaseInsensitive) == 0)
            return &d;
    return nullptr;
}

// ---- names ---------------------------------------------------------------------------------------

QStringList DomainConfig::targetNames() const
{
    QStringList t;
    if (dom0less)
        t << QStringLiteral("dom0less");
    if (xl)
        t << QStringLiteral("xl");
    return t;
}

QString dependencyActionName(DependencyAction a)
{
    switch (a) {
    case DependencyAction::Copy:
        return QStringLiteral("copy");
    case DependencyAction::Stub:
        return QStringLiteral("stub");
    case DependencyAction::Drop:
        return QStringLiteral("drop");
    case DependencyAction::Assign:
        return QStringLiteral("assign");
    }
    return QString();
}

std::optional<DependencyAction> dependencyActionFromName(const QString &name)
{
    if (name == QLatin1String("copy"))
        return DependencyAction::Copy;
    if (name == QLatin1String("stub"))
        return DependencyAction::Stub;
    if (name == QLatin1String("drop"))
        return DependencyAction::Drop;
    if (name == QLatin1String("assign"))
        return DependencyAction::Assign;
    return std::nullopt;
}

QString oneLineProblem(const QString &what, const QString &value)
{
    const int at = format::firstControlCharacter(value);
    if (at < 0)
        return QString();
    return QStringLiteral("%1 contains %2 at position %3; it must be one line of text")
        .arg(what, format::characterName(value[at]), QString::number(at + 1));
}

// The root is the whole host tree (memory, CPUs, the GIC, Xen's own UART), not a device. Nor are
// the nodes that describe the machine rather than a device: Xen builds /chosen, /cpus and the
// memory nodes of every domain itself, and skips the host's (handle_node's skip_matches and
// handle_node's /chosen case in xen/arch/arm/domain_build.c); /aliases and the overlay symbol
// tables (/__symbols__, /__fixups__, /__local_fixups__) hold names, not hardware. Marking one
// xen,passthrough would hide it from dom0.
QString notAssignableReason(const QString &nodePath)
{
    if (nodePath == QLatin1String("/"))
        return QStringLiteral("/ is the root of the host tree, not a device: assign the device nodes under it");
    // Ignoring case, as Xen compares node names (dt_node_cmp is strcasecmp).
    const QString top = nodePath.section(QLatin1Char('/'), 1, 1).toLower();
    const QString base = top.section(QLatin1Char('@'), 0, 0);
    if (top == QLatin1String("chosen") || top == QLatin1String("cpus"))
        return QStringLiteral("%1 is not a device: Xen builds /%2 for every domain itself; assign the device nodes the domain needs")
            .arg(format::oneLine(nodePath), top);
    if (base == QLatin1String("memory") && !nodePath.mid(1).contains(QLatin1Char('/')))
        return QStringLiteral("%1 is host RAM, not a device: give a domain memory with --memory or --static-mem")
            .arg(format::oneLine(nodePath));
    if (top == QLatin1String("aliases") || top == QLatin1String("__symbols__") || top == QLatin1String("__fixups__")
        || top == QLatin1String("__local_fixups__"))
        return QStringLiteral("%1 is not a device: it holds names of other nodes; assign the device nodes themselves")
            .arg(format::oneLine(nodePath));
    return {};
}

// Xen builds every guest's /cpus and /chosen itself (make_cpus_node, make_chosen_node in
// xen/arch/arm/domain_build.c); /memory is host RAM; /aliases and __symbols__ only name nodes.
QString notAssignableWhy(const QString &nodePath)
{
    if (notAssignableReason(nodePath).isEmpty())
        return QString();
    const QString top = nodePath.section(QLatin1Char('/'), 1, 1).toLower();
    if (top == QLatin1String("cpus"))
        return QStringLiteral("Xen builds every guest's /cpus from its vCPUs, so no domain gets a host CPU node");
    if (top == QLatin1String("chosen"))
        return QStringLiteral("Xen builds every guest's /chosen itself");
    if (top.section(QLatin1Char('@'), 0, 0) == QLatin1String("memory"))
        return QStringLiteral("it is host RAM, and a domain gets memory of its own");
    if (top.isEmpty())
        return QStringLiteral("it is the root of the host tree");
    return QStringLiteral("it only names other nodes");
}

QString domainSettingsProblem(const DomainConfig &d)
{
    const QString name = format::oneLine(d.name);
    if (d.memoryKiB == 0 || d.memoryKiB > xen::kMaxGuestRamKiB)
        return QStringLiteral("domain '%1': memory must be between 1K and %2 (Xen's guest RAM banks), not %3K")
            .arg(name, format::memoryText(xen::kMaxGuestRamKiB), QString::number(d.memoryKiB));
    if (d.vcpus < 1 || d.vcpus > xen::kMaxGuestVcpus)
        return QStringLiteral("domain '%1': vcpus must be between 1 and %2 (Xen's MAX_VIRT_CPUS on arm64), not %3")
            .arg(name, QString::number(xen::kMaxGuestVcpus), QString::number(d.vcpus));
    if (!enhancedModes().contains(d.enhanced))
        return QStringLiteral("domain '%1': enhanced mode '%2' is not one of enabled, no-xenstore, legacy, disabled")
            .arg(name, format::oneLine(d.enhanced));
    if (!gicVersions().contains(d.gicVersion))
        return QStringLiteral("domain '%1': GIC version '%2' is not v2 or v3").arg(name, format::oneLine(d.gicVersion));
    for (const MemoryRange &r : d.staticMemory) {
        if (r.size == 0)
            return QStringLiteral("domain '%1': a static memory bank has size 0").arg(name);
        if (r.size > std::numeric_limits<quint64>::max() - r.address)
            return QStringLiteral("domain '%1': static memory bank %2 + %3 ends beyond the 64-bit address space")
                .arg(name, format::hex(r.address), format::hex(r.size));
    }
    if (!isValidUuidText(d.uuid))
        return QStringLiteral("domain '%1': uuid '%2' is not a UUID (8-4-4-4-12 hex digits)").arg(name, format::oneLine(d.uuid));
    const QPair<const char *, const QString *> texts[] = {
        {"kernel", &d.kernel}, {"ramdisk", &d.ramdisk}, {"bootargs", &d.bootargs}, {"xl_dir", &d.xlDir}};
    for (const auto &[field, value] : texts)
        if (const QString problem = oneLineProblem(QLatin1String(field), *value); !problem.isEmpty())
            return QStringLiteral("domain '%1': %2").arg(name, problem);
    return QString();
}

bool isValidUuidText(const QString &uuid)
{
    static const QRegularExpression re(QStringLiteral("\\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z"));
    return uuid.isEmpty() || re.match(uuid).hasMatch();
}

bool isValidDomainName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("\\A[A-Za-z0-9_-]{1,32}\\z"));
    return re.match(name).hasMatch();
}

// ---- Project / DomainConfig ----------------------------------------------------------------------

bool DomainConfig::operator==(const DomainConfig &o) const
{
    return name == o.name && memoryKiB == o.memoryKiB && vcpus == o.vcpus && kernel == o.kernel
        && ramdisk == o.ramdisk && bootargs == o.bootargs && directMap == o.directMap
        && staticMemory == o.staticMemory && vpl011 == o.vpl011 && enhanced == o.enhanced
        && gicVersion == o.gicVersion && dom0less == o.dom0less && xl == o.xl && xlDir == o.xlDir && uuid == o.uuid
        && devices == o.devices && dependencyDecisions == o.dependencyDecisions && extra == o.extra;
}

DomainConfig *Project::domain(const QString &name)
{
    for (DomainConfig &d : domains)
        if (d.name == name)
            return &d;
    return nullptr;
}

const DomainConfig *Project::domain(const QString &name) const
{
    for (const DomainConfig &d : domains)
        if (d.name == name)
            return &d;
    return nullptr;
}

QString Project::ownerOf(const QString &nodePath) const
{
    for (const DomainConfig &d : domains)
        if (d.devices.contains(nodePath))
            return d.name;
    return QString();
}

QStringList Project::owners(const QString &nodePath) const
{
    QStringList result;
    for (const DomainConfig &d : domains)
        if (d.devices.contains(nodePath))
            result.append(d.name);
    return result;
}

bool Project::isAcknowledged(const QString &rule, const QString &node, const QString &domain) const
{
    return acknowledgementFor(rule, node, domain) != nullptr;
}

const Acknowledgement *Project::acknowledgementFor(const QString &rule, const QString &node,
                                                   const QString &domain) const
{
    // An acknowledgement with an empty node covers the whole domain; an empty domain covers all
    // domains. One that names the node (then the domain) is preferred, for its note.
    const Acknowledgement *best = nullptr;
    int bestScore = -1;
    for (const Acknowledgement &a : acknowledgements) {
        if (a.rule != rule || (!a.node.isEmpty() && a.node != node) || (!a.domain.isEmpty() && a.domain != domain))
            continue;
        const int score = (a.node.isEmpty() ? 0 : 2) + (a.domain.isEmpty() ? 0 : 1);
        if (score > bestScore) {
            best = &a;
            bestScore = score;
        }
    }
    return best;
}

bool Project::operator==(const Project &o) const
{
    if (hostDtb != o.hostDtb || hostDtbSha256 != o.hostDtbSha256 || xenBootargs != o.xenBootargs
        || !(platform == o.platform) || scmiShared != o.scmiShared
        || domains != o.domains || acknowledgements.size() != o.acknowledgements.size() || extra != o.extra
        || hostExtra != o.hostExtra)
        return false;
    for (int i = 0; i < acknowledgements.size(); ++i)
        if (!(acknowledgements.at(i) == o.acknowledgements.at(i))
            || acknowledgements.at(i).note != o.acknowledgements.at(i).note
            || acknowledgements.at(i).extra != o.acknowledgements.at(i).extra)
            return false;
    return true;
}

// ---- file I/O ----------------------------------------------------------------------------------

QByteArray projectToJson(const Project &p)
{
    QJsonObject root = p.extra;
    root[QStringLiteral("format")] = kFormatName;
    root[QStringLiteral("version")] = Project::kFormatVersion;
    QJsonObject host = p.hostExtra;
    host[QStringLiteral("dtb")] = p.hostDtb;
    host[QStringLiteral("sha256")] = p.hostDtbSha256;
    root[QStringLiteral("host")] = host;
    root[QStringLiteral("xen_bootargs")] = p.xenBootargs;
    QJsonObject platform = p.platform.extra;
    platform[QStringLiteral("xen")] = xen::releaseName(p.platform.xen);
    platform[QStringLiteral("ram")] = banksToJson(p.platform.ram);
    if (p.platform.scmiMediator) // written only when on, so older projects stay byte for byte
        platform[QStringLiteral("scmi_mediator")] = true;
    root[QStringLiteral("platform")] = platform;
    if (!p.scmiShared.isEmpty()) {
        QJsonArray shared;
        for (const ScmiSharedResource &s : p.scmiShared) {
            QJsonObject o = s.extra;
            o[QStringLiteral("protocol")] = qint64(s.protocol);
            o[QStringLiteral("id")] = qint64(s.id);
            shared.append(o);
        }
        root[QStringLiteral("scmi_shared")] = shared;
    }
    QJsonArray domains;
    for (const DomainConfig &d : p.domains)
        domains.append(domainToJson(d));
    root[QStringLiteral("domains")] = domains;
    QJsonArray acks;
    for (const Acknowledgement &a : p.acknowledgements)
        acks.append(acknowledgementToJson(a));
    root[QStringLiteral("acknowledgements")] = acks;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<Project> projectFromJson(const QByteArray &json, const QString &sourceName, QStringList *warnings)
{
    QString error;
    Reader r(sourceName, &error);
    QStringList found;
    r.setWarnings(&found);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        r.fail(QString(), QStringLiteral("not valid JSON: %1 at offset %2")
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
        return fail(error);
    }
    if (!doc.isObject()) {
        r.fail(QString(), QStringLiteral("not a devassign project: the top level must be a JSON object"));
        return fail(error);
    }
    const QJsonObject root = doc.object();
    Project p;
    QJsonObject host;
    QJsonArray domains;
    QJsonArray acks;
    if (!readHeader(r, root)
        || !r.object(root, QStringLiteral("host"), QStringLiteral("host"), &host, true)
        || !r.string(host, QStringLiteral("dtb"), QStringLiteral("host.dtb"), &p.hostDtb, true)
        || !r.string(host, QStringLiteral("sha256"), QStringLiteral("host.sha256"), &p.hostDtbSha256)
        || !r.line(root, QStringLiteral("xen_bootargs"), QStringLiteral("xen_bootargs"), &p.xenBootargs)
        || !readPlatform(r, root, &p.platform)
        || !readScmiShared(r, root, &p.scmiShared)
        || !r.array(root, QStringLiteral("domains"), QStringLiteral("domains"), &domains, true)
        || !r.array(root, QStringLiteral("acknowledgements"), QStringLiteral("acknowledgements"), &acks, false))
        return fail(error);
    if (p.hostDtb.isEmpty()) {
        r.fail(QStringLiteral("host.dtb"), QStringLiteral("must not be empty"));
        return fail(error);
    }
    for (int i = 0; i < domains.size(); ++i) {
        const QString key = QStringLiteral("domains[%1]").arg(i);
        DomainConfig d;
        if (!readDomain(r, domains.at(i), key, &d))
            return fail(error);
        if (const DomainConfig *other = domainNamedIgnoringCase(p, d.name)) {
            r.fail(key + QStringLiteral(".name"),
                   other->name == d.name ? QStringLiteral("repeats domain name '%1'").arg(d.name)
                                         : QStringLiteral("'%1' differs from domain name '%2' only in case (one export "
                                                          "folder on a file system that ignores case)")
                                               .arg(d.name, other->name));
            return fail(error);
        }
        p.domains.append(d);
    }
    for (int i = 0; i < acks.size(); ++i) {
        Acknowledgement a;
        if (!readAcknowledgement(r, acks.at(i), QStringLiteral("acknowledgements[%1]").arg(i), &a))
            return fail(error);
        p.acknowledgements.append(a);
    }
    p.extra = r.unknownKeys(root, QString(),
                            {QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("host"),
                             QStringLiteral("xen_bootargs"), QStringLiteral("platform"), QStringLiteral("domains"),
                             QStringLiteral("acknowledgements"), QStringLiteral("scmi_shared")});
    p.hostExtra = r.unknownKeys(host, QStringLiteral("host."), {QStringLiteral("dtb"), QStringLiteral("sha256")});
    if (warnings)
        *warnings += found;
    return p;
}

Result<Project> readProject(const QString &file, QStringList *warnings)
{
    const Result<QByteArray> bytes = readInputFile(file, limits::kMaxProjectBytes, QStringLiteral("project file"));
    if (!bytes)
        return fail(bytes.error());
    return projectFromJson(*bytes, file, warnings);
}

Status writeProject(const Project &p, const QString &file)
{
    // Atomic: a failed or interrupted save leaves the old project intact (core/atomicfile.h).
    return writeFileAtomically(file, projectToJson(p));
}

QString resolveProjectPath(const QString &projectFile, const QString &stored)
{
    if (stored.isEmpty())
        return QString();
    if (QDir::isAbsolutePath(stored))
        return QDir::cleanPath(stored);
    return QDir::cleanPath(QFileInfo(projectFile).absoluteDir().absoluteFilePath(stored));
}

QString relativeProjectPath(const QString &projectFile, const QString &path)
{
    if (path.isEmpty())
        return QString();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    return QDir::cleanPath(QFileInfo(projectFile).absoluteDir().relativeFilePath(absolute));
}

// ---- edits ---------------------------------------------------------------------------------------

Status addDomain(Project &p, const DomainConfig &d)
{
    QString problem = domainNameProblem(p, d.name);
    if (problem.isEmpty())
        problem = settingsProblem(d);
    if (!problem.isEmpty())
        return fail(problem);
    for (int i = 0; i < d.devices.size(); ++i) {
        if (const QString problem = notAssignableReason(d.devices.at(i)); !problem.isEmpty())
            return fail(problem);
        const QString owner = p.ownerOf(d.devices.at(i));
        if (!owner.isEmpty())
            return fail(alreadyAssigned(d.devices.at(i), owner));
        if (d.devices.indexOf(d.devices.at(i)) != i)
            return fail(QStringLiteral("%1 is listed twice").arg(d.devices.at(i)));
    }
    p.domains.append(d);
    return {};
}

Status removeDomain(Project &p, const QString &name)
{
    for (int i = 0; i < p.domains.size(); ++i) {
        if (p.domains.at(i).name != name)
            continue;
        p.domains.removeAt(i);
        // Acknowledgements scoped to this domain would otherwise silently apply to a future
        // domain that reuses the name.
        p.acknowledgements.erase(std::remove_if(p.acknowledgements.begin(), p.acknowledgements.end(),
                                                [&name](const Acknowledgement &a) { return a.domain == name; }),
                                 p.acknowledgements.end());
        return {};
    }
    return fail(noDomain(name));
}

Status renameDomain(Project &p, const QString &from, const QString &to)
{
    DomainConfig *d = p.domain(from);
    if (!d)
        return fail(noDomain(from));
    if (from == to)
        return {};
    const QString problem = domainNameProblem(p, to, from);
    if (!problem.isEmpty())
        return fail(problem);
    d->name = to;
    for (Acknowledgement &a : p.acknowledgements)
        if (a.domain == from)
            a.domain = to;
    return {};
}

Status updateDomain(Project &p, const QString &name, const DomainConfig &settings)
{
    const DomainConfig *current = p.domain(name);
    if (!current)
        return fail(noDomain(name));
    DomainConfig updated = settings;
    if (updated.name.isEmpty())
        updated.name = name;
    updated.devices = current->devices;
    updated.dependencyDecisions = current->dependencyDecisions;
    QString problem = updated.name == name ? QString() : domainNameProblem(p, updated.name, name);
    if (problem.isEmpty())
        problem = settingsProblem(updated);
    if (!problem.isEmpty())
        return fail(problem);
    if (updated.name != name)
        renameDomain(p, name, updated.name).ok(); // validated above, cannot fail
    *p.domain(updated.name) = updated;
    return {};
}

Status assignDevice(Project &p, const QString &domain, const QString &nodePath, int position)
{
    DomainConfig *d = p.domain(domain);
    if (!d)
        return fail(noDomain(domain));
    if (!nodePath.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("'%1' is not a node path (it must start with /)").arg(format::oneLine(nodePath)));
    if (const QString problem = oneLineProblem(QStringLiteral("the node path"), nodePath); !problem.isEmpty())
        return fail(problem);
    if (const QString problem = notAssignableReason(nodePath); !problem.isEmpty())
        return fail(problem);
    const QString owner = p.ownerOf(nodePath);
    if (!owner.isEmpty())
        return fail(alreadyAssigned(nodePath, owner));
    if (position < -1 || position > d->devices.size())
        return fail(QStringLiteral("position %1 is outside domain '%2' (it has %3 devices)")
            .arg(position)
            .arg(domain)
            .arg(d->devices.size()));
    d->devices.insert(position < 0 ? d->devices.size() : position, nodePath);
    return {};
}

Status unassignDevice(Project &p, const QString &nodePath)
{
    bool found = false;
    for (DomainConfig &d : p.domains)
        found = d.devices.removeAll(nodePath) > 0 || found;
    if (!found)
        return fail(QStringLiteral("%1 is not assigned to any domain").arg(nodePath));
    return {};
}

Status moveDevice(Project &p, const QString &nodePath, const QString &toDomain)
{
    DomainConfig *target = p.domain(toDomain);
    if (!target)
        return fail(noDomain(toDomain));
    const QStringList owners = p.owners(nodePath);
    if (owners.isEmpty())
        return fail(QStringLiteral("%1 is not assigned to any domain").arg(nodePath));
    if (owners == QStringList{toDomain})
        return fail(QStringLiteral("%1 is already in domain '%2'").arg(nodePath, toDomain));
    for (DomainConfig &d : p.domains)
        if (d.name != toDomain)
            d.devices.removeAll(nodePath);
    if (!target->devices.contains(nodePath))
        target->devices.append(nodePath);
    return {};
}

// The multi-device edits apply the single edit to every path on a copy and keep the copy only when
// every one succeeded: a drag of three nodes, or `assign P d /a /b /nope`, changes nothing if one
// is refused.
namespace {
template <typename Edit>
Status allOrNothing(Project &p, const QStringList &nodePaths, Edit edit)
{
    // A node named twice in one edit would otherwise be refused by the edit itself, as "already
    // assigned" or "not assigned", about the command's own first mention of it.
    for (int i = 0; i < nodePaths.size(); ++i)
        if (nodePaths.indexOf(nodePaths[i]) != i)
            return fail(QStringLiteral("%1 is given twice").arg(format::oneLine(nodePaths[i])));
    Project copy = p;
    for (const QString &path : nodePaths)
        if (const Status s = edit(copy, path); !s)
            return s;
    p = std::move(copy);
    return {};
}
} // namespace

Status assignDevices(Project &p, const QString &domain, const QStringList &nodePaths)
{
    return allOrNothing(p, nodePaths, [&](Project &q, const QString &path) { return assignDevice(q, domain, path); });
}

Status unassignDevices(Project &p, const QStringList &nodePaths)
{
    return allOrNothing(p, nodePaths, [](Project &q, const QString &path) { return unassignDevice(q, path); });
}

Status moveDevices(Project &p, const QStringList &nodePaths, const QString &toDomain)
{
    return allOrNothing(p, nodePaths, [&](Project &q, const QString &path) { return moveDevice(q, path, toDomain); });
}

Status setDependencyDecision(Project &p, const QString &domain, const QString &provider,
                              std::optional<DependencyAction> action)
{
    DomainConfig *d = p.domain(domain);
    if (!d)
        return fail(noDomain(domain));
    if (!provider.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("'%1' is not a node path (it must start with /)").arg(provider));
    if (action)
        d->dependencyDecisions.insert(provider, *action);
    else
        d->dependencyDecisions.remove(provider);
    return {};
}

// "/pl031@9010000 in domain 'domU1'", "every node in every domain": an acknowledgement's scope.
static QString ackScope(const Acknowledgement &a)
{
    return QStringLiteral("%1 in %2").arg(a.node.isEmpty() ? QStringLiteral("every node (no --node)") : format::oneLine(a.node),
                                          a.domain.isEmpty() ? QStringLiteral("all domains (no --domain)")
                                                             : QStringLiteral("domain '%1'").arg(format::oneLine(a.domain)));
}

Status addAcknowledgement(Project &p, const Acknowledgement &a)
{
    if (a.rule.isEmpty())
        return fail(QStringLiteral("an acknowledgement needs a rule id"));
    const Rule *rule = findRule(a.rule);
    if (!rule)
        return fail(QStringLiteral("no rule '%1' (the rule ids are listed in docs/rules.md)").arg(format::oneLine(a.rule)));
    if (!rule->acknowledgeable)
        return fail(QStringLiteral("rule '%1' cannot be acknowledged (%2)").arg(a.rule, rule->title));
    if (const QString problem = oneLineProblem(QStringLiteral("the node path"), a.node); !problem.isEmpty())
        return fail(problem);
    if (!a.domain.isEmpty() && !p.domain(a.domain))
        return fail(noDomain(a.domain));
    if (!a.node.isEmpty() && !a.node.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("'%1' is not a node path (it must start with /)").arg(a.node));
    if (const int i = p.acknowledgements.indexOf(a); i >= 0) {
        // The same scope again with another note: the user rewords why they accept it.
        if (a.note.isEmpty() || a.note == p.acknowledgements[i].note)
            return fail(QStringLiteral("rule '%1' is already acknowledged for %2 (give a new --note to change its note)")
                            .arg(a.rule, ackScope(a)));
        p.acknowledgements[i].note = a.note;
        return {};
    }
    p.acknowledgements.append(a);
    return {};
}

Status removeAcknowledgement(Project &p, const Acknowledgement &a)
{
    const int i = p.acknowledgements.indexOf(a);
    if (i >= 0) {
        p.acknowledgements.removeAt(i);
        return {};
    }
    // Name the scopes this rule is acknowledged in, so the user can repeat them exactly.
    QStringList scopes;
    for (const Acknowledgement &other : p.acknowledgements)
        if (other.rule == a.rule)
            scopes.append(ackScope(other));
    if (scopes.isEmpty())
        return fail(QStringLiteral("rule '%1' is not acknowledged in this project").arg(format::oneLine(a.rule)));
    return fail(QStringLiteral("rule '%1' is not acknowledged for %2; it is acknowledged for %3 "
                               "(withdraw with the same --node and --domain)")
                    .arg(format::oneLine(a.rule), ackScope(a), scopes.join(QStringLiteral("; "))));
}

} // namespace devassign

namespace devassign {

QString platformProblem(const Platform &platform)
{
    for (int i = 0; i < platform.ram.size(); ++i) {
        const MemoryRange &a = platform.ram[i];
        if (a.size == 0)
            return QStringLiteral("RAM bank %1 has size 0").arg(format::hex(a.address));
        if (a.size > std::numeric_limits<quint64>::max() - a.address)
            return QStringLiteral("RAM bank %1 + %2 ends beyond the 64-bit address space")
                .arg(format::hex(a.address), format::hex(a.size));
        for (int j = 0; j < i; ++j) {
            const MemoryRange &b = platform.ram[j];
            if (a.address < b.address + b.size && b.address < a.address + a.size)
                return QStringLiteral("RAM banks %1 and %2 overlap")
                    .arg(format::span(b.address, b.size), format::span(a.address, a.size));
        }
    }
    return QString();
}

std::optional<MemoryRange> parseMemoryRange(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(':'));
    if (parts.size() != 2)
        return std::nullopt;
    const auto address = format::parseSize(parts.at(0), 1);
    const auto size = format::parseSize(parts.at(1), 1);
    if (!address || !size)
        return std::nullopt;
    return MemoryRange{*address, *size};
}

Status setPlatform(Project &p, const Platform &platform)
{
    if (const QString problem = platformProblem(platform); !problem.isEmpty())
        return fail(problem);
    p.platform = platform;
    return {};
}

Status setScmiShared(Project &p, const ScmiSharedResource &r, bool shared)
{
    if (const QString problem = scmiSharedProblem(r); !problem.isEmpty())
        return fail(problem);
    p.scmiShared.removeAll(r);
    if (shared)
        p.scmiShared.append(r);
    std::sort(p.scmiShared.begin(), p.scmiShared.end(), [](const ScmiSharedResource &a, const ScmiSharedResource &b) {
        return a.protocol != b.protocol ? a.protocol < b.protocol : a.id < b.id;
    });
    return {};
}

} // namespace devassign
