// SPDX-License-Identifier: GPL-2.0-or-later
#include "rules.h"

#include <algorithm>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

// Q_INIT_RESOURCE must be used outside any namespace; devassign_core is a static library, so the
// resource is not registered until someone calls this.
static void initRulesResource()
{
    Q_INIT_RESOURCE(rules);
}

namespace devassign {

namespace {

Severity severityFromName(const QString &name, bool *ok)
{
    *ok = true;
    if (name == QLatin1String("error"))
        return Severity::Error;
    if (name == QLatin1String("warning"))
        return Severity::Warning;
    if (name == QLatin1String("info"))
        return Severity::Info;
    *ok = false;
    return Severity::Error;
}

QVector<Rule> loadRules()
{
    initRulesResource();
    QFile f(QStringLiteral(":/devassign/rules.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("devassign: the compiled-in rules.json resource is missing");
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isArray())
        qFatal("devassign: rules.json: %s", qPrintable(err.errorString()));
    QVector<Rule> out;
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject o = v.toObject();
        Rule r;
        r.id = o.value(QStringLiteral("id")).toString();
        bool ok = false;
        r.severity = severityFromName(o.value(QStringLiteral("severity")).toString(), &ok);
        for (const QJsonValue &param : o.value(QStringLiteral("params")).toArray())
            r.params.append(param.toString());
        r.title = o.value(QStringLiteral("title")).toString();
        r.message = o.value(QStringLiteral("message")).toString();
        r.fix = o.value(QStringLiteral("fix")).toString();
        r.source = o.value(QStringLiteral("source")).toString();
        r.acknowledgeable = o.value(QStringLiteral("acknowledgeable")).toBool(true);
        if (r.id.isEmpty() || !ok || r.message.isEmpty() || r.fix.isEmpty())
            qFatal("devassign: rules.json: rule '%s' lacks an id, a valid severity, a message or a fix",
                   qPrintable(r.id));
        out.append(r);
    }
    return out;
}

} // namespace

const QVector<Rule> &rules()
{
    static const QVector<Rule> table = loadRules();
    return table;
}

const Rule *findRule(const QString &id)
{
    for (const Rule &r : rules())
        if (r.id == id)
            return &r;
    return nullptr;
}

QString expandRuleTemplate(QString text, const RuleValues &values)
{
    // One pass over the template: a value is never scanned again, so a node path or a name that
    // holds "{domain}" stays as it is; an unknown {name} is kept.
    const QStringView t(text);
    QString out;
    out.reserve(text.size() + 64);
    qsizetype from = 0;
    for (qsizetype open = t.indexOf(QLatin1Char('{')); open >= 0; open = t.indexOf(QLatin1Char('{'), from)) {
        const qsizetype close = t.indexOf(QLatin1Char('}'), open + 1);
        if (close < 0)
            break;
        const QStringView name = t.mid(open + 1, close - open - 1);
        const auto value = std::find_if(values.cbegin(), values.cend(), [&](const auto &v) { return v.first == name; });
        if (value == values.cend()) {
            out += t.mid(from, open + 1 - from);
            from = open + 1;
            continue;
        }
        out += t.mid(from, open - from);
        out += value->second;
        from = close + 1;
    }
    out += t.mid(from);
    return out;
}

QStringList templatePlaceholders(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z][a-z0-9_]*)\\}"));
    QStringList names;
    for (auto m = placeholder.globalMatch(text); m.hasNext();) {
        const QString name = m.next().captured(1);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace devassign
