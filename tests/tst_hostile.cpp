// SPDX-License-Identifier: GPL-2.0-or-later
// Hostile strings through every field that reaches an exported file, each file read back by its
// real consumer: bash sources imagebuilder.cfg (as ImageBuilder does), Xen's libxlutil parses
// dom.cfg, dtc compiles the DTS files, cmark-gfm renders audit.md (raw HTML allowed, like a
// permissive renderer) and Python's html.parser reads the result. Only the intended keys,
// variables, nodes and elements may appear, each holding exactly the value that was put in.
//
// The strings: newline, CR, NUL, both quotes, backslash, $(), backticks, -->, */, %1 (QString::arg)
// and U+2028. Fields checked at entry (bootargs, kernel, ramdisk, xl_dir) refuse the control
// characters with the field named; the exporters are also fed them directly (defense in depth).

#include "analysis.h"
#include "exporters.h"
#include "hostmodel.h"
#include "project.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <cstdio>

extern "C" {
#include <libfdt.h>
#include <libxlutil.h>
}

using namespace devassign;

namespace {

// Everything a value could use to break out, except control characters.
const QString kPrintableAttack = QStringLiteral("q\"q'q \\ $(touch PWNED1) `touch PWNED2` */ --> --!> <!-- %1 <b>x</b> | * _ [l](u)");
// The same for a file name, which cannot hold '/'.
const QString kNameAttack = QString(kPrintableAttack).remove(QLatin1Char('/'));
// The same with the control characters the entry checks refuse.
QString controlAttack()
{
    return QStringLiteral("a\nb\rc") + QChar(0) + QStringLiteral("d") + QChar(0x2028) + QStringLiteral("e\t")
        + kPrintableAttack;
}

QByteArray readBytes(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args, const QString &workDir, const QByteArray &input = {})
{
    QProcess p;
    p.setWorkingDirectory(workDir);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(2000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// ---- the consumers --------------------------------------------------------------------------------

// Sources `file` with bash in an empty directory and returns every variable the file set, as
// "NAME" or "NAME[i]" -> value. A command that ran would leave a file there or print something.
QMap<QString, QString> sourcedByBash(const QByteArray &cfg, QString *problem)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("imagebuilder.cfg"));
    writeBytes(file, cfg);
    const QString workDir = dir.filePath(QStringLiteral("cwd"));
    QDir().mkpath(workDir);
    const QString script = QStringLiteral(
        "__before=\" $(compgen -v | tr '\\n' ' ') \"\n"
        "source \"$1\" >\"$2\" 2>&1\n"
        "for __n in $(compgen -v); do\n"
        "  case \"$__before\" in *\" $__n \"*) continue;; esac\n"
        "  case \"$__n\" in __*|PIPESTATUS) continue;; esac\n"
        "  declare -n __r=\"$__n\"\n"
        "  if [[ \"$(declare -p \"$__n\")\" == \"declare -a\"* ]]; then\n"
        "    for __i in \"${!__r[@]}\"; do printf '%s[%s]\\0%s\\0' \"$__n\" \"$__i\" \"${__r[$__i]}\"; done\n"
        "  else printf '%s\\0%s\\0' \"$__n\" \"$__r\"; fi\n"
        "  unset -n __r\n"
        "done\n");
    const Run r = run(QStringLiteral("bash"),
                      {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), script,
                       QStringLiteral("bash"), file, dir.filePath(QStringLiteral("sourced.log"))},
                      workDir);
    QMap<QString, QString> vars;
    if (r.exitCode != 0 || !r.err.isEmpty()) {
        *problem = QStringLiteral("bash: exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err));
        return vars;
    }
    if (!QDir(workDir).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
        || !readBytes(dir.filePath(QStringLiteral("sourced.log"))).isEmpty()) {
        *problem = QStringLiteral("sourcing imagebuilder.cfg ran a command: ") +
            QString::fromUtf8(readBytes(dir.filePath(QStringLiteral("sourced.log"))));
        return vars;
    }
    const QList<QByteArray> parts = r.out.split('\0');
    for (int i = 0; i + 1 < parts.size(); i += 2)
        vars.insert(QString::fromUtf8(parts[i]), QString::fromUtf8(parts[i + 1]));
    return vars;
}

// dom.cfg as libxlutil reads it. `expected` maps every key the file may set to its value (a
// string, a list joined by '\n', or a number as text); every other identifier that appears in the
// text before an '=' must not resolve to a setting.
QString xlProblem(const QByteArray &cfg, const QMap<QString, QString> &expected)
{
    XLU_Config *config = xlu_cfg_init(stderr, "hostile.cfg");
    if (xlu_cfg_readdata(config, cfg.constData(), cfg.size()) != 0) {
        xlu_cfg_destroy(config);
        return QStringLiteral("libxlutil refused the file:\n") + QString::fromUtf8(cfg);
    }
    auto valueOf = [&](const QByteArray &key, bool *found) {
        const char *s = nullptr;
        XLU_ConfigList *list = nullptr;
        int n = 0;
        long number = 0;
        *found = true;
        if (xlu_cfg_get_string(config, key.constData(), &s, 1) == 0)
            return QString::fromUtf8(s);
        if (xlu_cfg_get_list(config, key.constData(), &list, &n, 1) == 0) {
            QStringList items;
            for (int i = 0; i < n; ++i)
                items << QString::fromUtf8(xlu_cfg_get_listitem(list, i));
            return items.join(QLatin1Char('\n'));
        }
        if (xlu_cfg_get_long(config, key.constData(), &number, 1) == 0)
            return QString::number(number);
        *found = false;
        return QString();
    };
    QString problem;
    for (auto it = expected.cbegin(); it != expected.cend() && problem.isEmpty(); ++it) {
        bool found = false;
        const QString value = valueOf(it.key().toUtf8(), &found);
        if (!found)
            problem = QStringLiteral("key %1 missing").arg(it.key());
        else if (value != it.value())
            problem = QStringLiteral("key %1 is '%2', expected '%3'").arg(it.key(), value, it.value());
    }
    static const QRegularExpression identifier(QStringLiteral("([A-Za-z_][A-Za-z0-9_]*)\\s*\\+?="));
    for (auto m = identifier.globalMatch(QString::fromUtf8(cfg)); m.hasNext() && problem.isEmpty();) {
        const QString key = m.next().captured(1);
        bool found = false;
        valueOf(key.toUtf8(), &found);
        if (found && !expected.contains(key))
            problem = QStringLiteral("libxlutil reads an injected key '%1'").arg(key);
    }
    xlu_cfg_destroy(config);
    return problem;
}

// The DTS compiles with dtc back to the tree of the DTB it was made from.
QString dtsProblem(const QByteArray &dts, const QByteArray &dtb)
{
    QTemporaryDir dir;
    writeBytes(dir.filePath(QStringLiteral("a.dts")), dts);
    const Run compiled = run(QStringLiteral(DTC_EXECUTABLE),
                             {QStringLiteral("-q"), QStringLiteral("-I"), QStringLiteral("dts"), QStringLiteral("-O"),
                              QStringLiteral("dtb"), QStringLiteral("a.dts")},
                             dir.path());
    if (compiled.exitCode != 0)
        return QStringLiteral("dtc cannot compile the DTS: ") + QString::fromUtf8(compiled.err);
    auto dtsOf = [&](const QByteArray &blob) {
        return run(QStringLiteral(DTC_EXECUTABLE),
                   {QStringLiteral("-q"), QStringLiteral("-I"), QStringLiteral("dtb"), QStringLiteral("-O"),
                    QStringLiteral("dts"), QStringLiteral("-")},
                   dir.path(), blob)
            .out;
    };
    return dtsOf(compiled.out) == dtsOf(dtb) ? QString() : QStringLiteral("the DTS is not the DTB's tree");
}

// Every node path of a DTB.
QStringList nodePaths(const QByteArray &dtb)
{
    QStringList out;
    const void *fdt = dtb.constData();
    char path[1024];
    for (int node = 0; node >= 0; node = fdt_next_node(fdt, node, nullptr))
        if (fdt_get_path(fdt, node, path, sizeof path) == 0)
            out << QString::fromUtf8(path);
    return out;
}

// audit.md rendered by cmark-gfm (GFM tables, raw HTML passed through) and read by html.parser:
// {"tags": [...distinct start tags...], "comments": [...], "h1": "..."}.
QJsonObject renderedAudit(const QByteArray &markdown, QString *problem)
{
    QTemporaryDir dir;
    const Run html = run(QStringLiteral("cmark-gfm"),
                         {QStringLiteral("--unsafe"), QStringLiteral("-e"), QStringLiteral("table")}, dir.path(),
                         markdown);
    if (html.exitCode != 0) {
        *problem = QStringLiteral("cmark-gfm failed: ") + QString::fromUtf8(html.err);
        return {};
    }
    const QString reader = QStringLiteral(
        "import sys, json, html.parser\n"
        "class R(html.parser.HTMLParser):\n"
        "    def __init__(s):\n"
        "        super().__init__(convert_charrefs=True); s.tags=set(); s.comments=[]; s.h1=None; s.inh1=False\n"
        "    def handle_starttag(s, t, a):\n"
        "        s.tags.add(t)\n"
        "        if t == 'h1': s.inh1=True; s.h1=''\n"
        "    def handle_endtag(s, t):\n"
        "        if t == 'h1': s.inh1=False\n"
        "    def handle_data(s, d):\n"
        "        if s.inh1: s.h1 += d\n"
        "    def handle_comment(s, d): s.comments.append(d)\n"
        "r=R(); r.feed(sys.stdin.read()); r.close()\n"
        "print(json.dumps({'tags': sorted(r.tags), 'comments': r.comments, 'h1': r.h1}))\n");
    const Run parsed = run(QStringLiteral("python3"), {QStringLiteral("-c"), reader}, dir.path(), html.out);
    if (parsed.exitCode != 0) {
        *problem = QStringLiteral("html.parser failed: ") + QString::fromUtf8(parsed.err);
        return {};
    }
    return QJsonDocument::fromJson(parsed.out).object();
}

const QSet<QString> kAuditTags = {QStringLiteral("h1"),    QStringLiteral("h2"),    QStringLiteral("h3"),
                                  QStringLiteral("h4"),    QStringLiteral("p"),     QStringLiteral("ul"),
                                  QStringLiteral("li"),    QStringLiteral("code"),  QStringLiteral("strong"),
                                  QStringLiteral("table"), QStringLiteral("thead"), QStringLiteral("tbody"),
                                  QStringLiteral("tr"),    QStringLiteral("th"),    QStringLiteral("td")};

// ---- the hostile host DTB ----------------------------------------------------------------------------

// QEMU virt with hostile strings where a DTB can hold them: Xen's command line in /chosen (copied
// into imagebuilder.cfg's XEN_CMD), /chosen's bootargs (dom0's once xen,xen-bootargs is there:
// imagebuilder.cfg's DOM0_CMD) and the RTC's compatible (repeated in audit.md).
QByteArray hostileHostDtb(const QString &xenBootargs, const QStringList &rtcCompatible, const QString &bootargs = {})
{
    const QByteArray base = readBytes(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")));
    QByteArray buf(base.size() + 65536, '\0');
    fdt_open_into(base.constData(), buf.data(), buf.size());
    const int chosen = fdt_path_offset(buf.constData(), "/chosen");
    fdt_setprop_string(buf.data(), chosen, "xen,xen-bootargs", xenBootargs.toUtf8().constData());
    if (!bootargs.isEmpty())
        fdt_setprop_string(buf.data(), chosen, "bootargs", bootargs.toUtf8().constData());
    QByteArray compatible;
    for (const QString &c : rtcCompatible)
        compatible += c.toUtf8() + '\0';
    fdt_setprop(buf.data(), fdt_path_offset(buf.constData(), "/pl031@9010000"), "compatible", compatible.constData(),
                compatible.size());
    fdt_pack(buf.data());
    buf.truncate(int(fdt_totalsize(buf.constData())));
    return buf;
}


// ---- U-Boot, reading the line uboot-script-gen writes ---------------------------------------------

// The commands U-Boot runs for one script line, each as its words, read the way U-Boot's two
// parsers do (written here from common/cli_hush.c and common/cli_simple.c, not from devassign):
//   hush:   words split at blanks; ';', '&' and '|' end a command outside quotes; a '#' that
//           starts a word starts a comment; "..." quotes, but '\', '$' and '\'' keep their
//           meaning inside it ("never flow through" in U-Boot's map); '...' quotes everything;
//   simple: ';' ends a command unless inside '...' or escaped, '\' escapes, '$' expands, and
//           double quotes are ordinary characters (words split at blanks);
//   modern: hush as above, and a backquote outside '...' substitutes a command, as busybox
//           hush (which U-Boot's HUSH_MODERN_PARSER ports, without it today) does when built
//           with ENABLE_HUSH_TICK: the stricter reading, so that an upgrade cannot open a hole.
// An expansion is reported as the word "<$>", a substitution as "<`>"; no intended value holds either.
enum class UbootParser { Simple, Hush, ModernHush };
QVector<QStringList> ubootCommands(const QString &line, UbootParser parser)
{
    const bool hush = parser != UbootParser::Simple;
    QVector<QStringList> commands(1);
    QString word;
    bool inWord = false, dq = false, sq = false;
    const auto endWord = [&] {
        if (inWord)
            commands.last() << word;
        word.clear();
        inWord = false;
    };
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (sq) {
            if (c == QLatin1Char('\''))
                sq = false;
            else
                word += c;
            continue;
        }
        if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            word += line.at(++i);
            inWord = true;
        } else if (c == QLatin1Char('$')) {
            word += QStringLiteral("<$>");
            inWord = true;
        } else if (parser == UbootParser::ModernHush && c == QLatin1Char('`')) {
            word += QStringLiteral("<`>");
            inWord = true;
        } else if (c == QLatin1Char('\'')) {
            sq = true;
            inWord = true;
        } else if (hush && c == QLatin1Char('"')) {
            dq = !dq;
            inWord = true;
        } else if (dq) {
            word += c;
        } else if (c == QLatin1Char(';') || (hush && (c == QLatin1Char('&') || c == QLatin1Char('|')))) {
            endWord();
            commands.append(QStringList());
        } else if (hush && c == QLatin1Char('#') && !inWord) {
            break;
        } else if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
            endWord();
        } else {
            word += c;
            inWord = true;
        }
    }
    endWord();
    return commands;
}

} // namespace

class TestHostile : public QObject {
    Q_OBJECT

private slots:
    void cliExportOfAHostileProject();
    void cliReportOfAHostileProject();
    void exportersGivenControlCharacters();
    void imageBuilderKeepsUbootSyntaxOut();
    void entryRefusesControlCharacters_data();
    void entryRefusesControlCharacters();
    void projectFileRefusesControlCharacters();
};

// The whole CLI path: a project file whose name holds a newline and shell syntax, files whose
// names hold quotes and $(), bootargs with every printable attack, a hostile host DTB.
void TestHostile::cliExportOfAHostileProject()
{
    QTemporaryDir dir;
    const QString xenArgs = QStringLiteral("console=dtuart dtuart=/pl011@9000000 ") + controlAttack().remove(QChar(0));
    const QStringList rtcCompatible = {QStringLiteral("arm,pl031"), QStringLiteral("arm,primecell"),
                                       QStringLiteral("evil*/-->`x`$(y)<script>alert(1)</script>")};
    const QString host = QStringLiteral("host ") + kNameAttack + QStringLiteral(".dtb");
    const QString dom0Args = QStringLiteral("root=/dev/vda ") + kPrintableAttack;
    QVERIFY(writeBytes(dir.filePath(host), hostileHostDtb(xenArgs, rtcCompatible, dom0Args)));
    const QString kernel = QStringLiteral("Image ") + kNameAttack;
    const QString ramdisk = QStringLiteral("initrd \"'$(id)`id`.cpio");
    QVERIFY(writeBytes(dir.filePath(kernel), QByteArray(4096, 'k')));
    QVERIFY(writeBytes(dir.filePath(ramdisk), QByteArray(2048, 'r')));
    const QString project = QStringLiteral("p\n\r") + kNameAttack + QStringLiteral(".devassign.json");
    const QString bootargs = QStringLiteral("console=ttyAMA0 ") + kPrintableAttack;
    const QString xlDir = QStringLiteral("/srv/'\"$(touch PWNED6)` */x");
    const QString note = QStringLiteral("note\nwith --> and `code` and | pipes | and <i>html</i>");

    auto cli = [&](const QStringList &args) { return testsupport::runCli(args, dir.path()); };
    auto ok = [](const testsupport::CliResult &r) {
        return QStringLiteral("exit %1\n%2%3").arg(r.exitCode).arg(r.out, r.err);
    };
    testsupport::CliResult r = cli({QStringLiteral("new"), host, QStringLiteral("-o"), project});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("domain"), QStringLiteral("add"), project, QStringLiteral("domU1"),
             QStringLiteral("--kernel"), kernel, QStringLiteral("--ramdisk"), ramdisk, QStringLiteral("--bootargs"),
             bootargs, QStringLiteral("--target"), QStringLiteral("both"), QStringLiteral("--xl-dir"), xlDir});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("assign"), project, QStringLiteral("domU1"), QStringLiteral("/pl031@9010000")});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("ack"), project, QStringLiteral("irq-virtio-clash"), QStringLiteral("--note"), note});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("export"), project, QStringLiteral("-o"), QStringLiteral("out")});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    // Nothing the values hold ran while devassign worked.
    for (const QString &entry : QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot))
        QVERIFY2(!entry.startsWith(QLatin1String("PWNED")), qPrintable(entry));
    const QString out = dir.filePath(QStringLiteral("out"));

    // imagebuilder.cfg: exactly the intended variables, each the exact value.
    QString problem;
    const QMap<QString, QString> vars =
        sourcedByBash(readBytes(QDir(out).filePath(QStringLiteral("imagebuilder.cfg"))), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The host DTB's name, Xen's and dom0's command lines, the kernel's and ramdisk's names and
    // the bootargs hold quotes, '$' or '\\', which U-Boot reads as syntax in the boot script
    // uboot-script-gen writes (dt_set: fdt set PATH VAR "DATA"): each is left out, with a comment.
    const QMap<QString, QString> expectedVars = {
        {QStringLiteral("MEMORY_START"), QStringLiteral("0x40000000")},
        {QStringLiteral("MEMORY_END"), QStringLiteral("0xc0000000")},
        {QStringLiteral("XEN"), QStringLiteral("xen")},
        {QStringLiteral("NUM_DOMUS"), QStringLiteral("1")},
        {QStringLiteral("DOMU_PASSTHROUGH_DTB[0]"), QStringLiteral("domU1/passthrough.dtb")},
        {QStringLiteral("DOMU_PASSTHROUGH_PATHS[0]"), QStringLiteral("/pl031@9010000")},
        {QStringLiteral("DOMU_MEM[0]"), QStringLiteral("256")},
        {QStringLiteral("DOMU_VCPUS[0]"), QStringLiteral("1")},
        {QStringLiteral("DOMU_ENHANCED[0]"), QStringLiteral("0")}, // not enhanced, as in dom0less/host.dtb
    };
    const QString ib = QString::fromUtf8(readBytes(QDir(out).filePath(QStringLiteral("imagebuilder.cfg"))));
    for (const char *leftOut : {"DEVICE_TREE", "XEN_CMD", "DOM0_CMD", "DOMU_KERNEL[0]", "DOMU_RAMDISK[0]", "DOMU_CMD[0]"})
        QVERIFY2(ib.contains(QStringLiteral("\n# %1 left out: ").arg(QLatin1String(leftOut))), leftOut);
    QCOMPARE(vars, expectedVars);

    // dom.cfg: only the intended keys, as libxlutil reads them.
    const QByteArray cfg = readBytes(QDir(out).filePath(QStringLiteral("domU1/dom.cfg")));
    XLU_Config *uuidReader = xlu_cfg_init(stderr, "uuid");
    xlu_cfg_readdata(uuidReader, cfg.constData(), cfg.size());
    const char *uuid = nullptr;
    xlu_cfg_get_string(uuidReader, "uuid", &uuid, 1);
    const QString uuidText = QString::fromUtf8(uuid ? uuid : "");
    xlu_cfg_destroy(uuidReader);
    const QMap<QString, QString> expectedKeys = {
        {QStringLiteral("name"), QStringLiteral("domU1")},
        {QStringLiteral("type"), QStringLiteral("pvh")},
        {QStringLiteral("uuid"), uuidText},
        {QStringLiteral("memory"), QStringLiteral("256")},
        {QStringLiteral("vcpus"), QStringLiteral("1")},
        {QStringLiteral("kernel"), xlDir + QLatin1Char('/') + kernel},
        {QStringLiteral("ramdisk"), xlDir + QLatin1Char('/') + ramdisk},
        {QStringLiteral("extra"), bootargs},
        {QStringLiteral("device_tree"), xlDir + QStringLiteral("/passthrough.dtb")},
        {QStringLiteral("iomem"), QStringLiteral("9010,1@9010")},
        {QStringLiteral("irqs"), QStringLiteral("34")},
        {QStringLiteral("vuart"), QStringLiteral("sbsa_uart")},
    };
    QVERIFY(!QUuid(uuidText).isNull());
    problem = xlProblem(cfg, expectedKeys);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Every DTS compiles back to its DTB; the trees hold only the intended nodes.
    for (const QString &name : {QStringLiteral("domU1/passthrough"), QStringLiteral("dom0less/host"),
                                QStringLiteral("xl/host")}) {
        const QByteArray dtb = readBytes(QDir(out).filePath(name + QStringLiteral(".dtb")));
        problem = dtsProblem(readBytes(QDir(out).filePath(name + QStringLiteral(".dts"))), dtb);
        QVERIFY2(problem.isEmpty(), qPrintable(name + QStringLiteral(": ") + problem));
    }
    const QByteArray partial = readBytes(QDir(out).filePath(QStringLiteral("domU1/passthrough.dtb")));
    QCOMPARE(nodePaths(partial), (QStringList{QStringLiteral("/"), QStringLiteral("/passthrough"),
                                              QStringLiteral("/passthrough/pl031@9010000"),
                                              QStringLiteral("/passthrough/apb-pclk")}));
    const QByteArray hostDtb = readBytes(QDir(out).filePath(QStringLiteral("dom0less/host.dtb")));
    const QStringList hostNodes = nodePaths(hostDtb);
    const QStringList virtNodes = nodePaths(readBytes(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb"))));
    QStringList added;
    for (const QString &n : hostNodes)
        if (!virtNodes.contains(n))
            added << n;
    QCOMPARE(added.size(), 4); // /chosen/domU1 and its kernel, ramdisk and device-tree modules
    for (const QString &n : added)
        QVERIFY2(n.startsWith(QLatin1String("/chosen/domU1")), qPrintable(n));
    const int domU = fdt_path_offset(hostDtb.constData(), "/chosen/domU1");
    int kernelNode = -1;
    for (int child = fdt_first_subnode(hostDtb.constData(), domU); child >= 0;
         child = fdt_next_subnode(hostDtb.constData(), child))
        if (fdt_getprop(hostDtb.constData(), child, "bootargs", nullptr))
            kernelNode = child;
    QVERIFY(kernelNode >= 0);
    QCOMPARE(QString::fromUtf8(static_cast<const char *>(fdt_getprop(hostDtb.constData(), kernelNode, "bootargs", nullptr))),
             bootargs);

    // audit.md: one comment (the header), only Markdown's own elements, the name shown literally.
    const QJsonObject audit = renderedAudit(readBytes(QDir(out).filePath(QStringLiteral("audit.md"))), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QJsonArray comments = audit.value(QStringLiteral("comments")).toArray();
    QCOMPARE(comments.size(), 1);
    QVERIFY(comments.at(0).toString().contains(QStringLiteral("generated by devassign")));
    for (const QJsonValue &tag : audit.value(QStringLiteral("tags")).toArray())
        QVERIFY2(kAuditTags.contains(tag.toString()), qPrintable(tag.toString()));
    const QString shownName = QStringLiteral("p\\n\\r") + kNameAttack + QStringLiteral(".devassign.json");
    QCOMPARE(audit.value(QStringLiteral("h1")).toString(), QStringLiteral("devassign audit: ") + shownName);
    const QString markdown = QString::fromUtf8(readBytes(QDir(out).filePath(QStringLiteral("audit.md"))));
    QVERIFY2(markdown.contains(QStringLiteral("yes: note\\\\nwith --\\> and \\`code\\` and \\| pipes \\| and \\<i\\>html\\</i\\>")), qPrintable(markdown));
}

// The HTML audit report (`devassign report`) of a hostile project, read by Python's html.parser
// (tests/support/readreport.py): the project's name, the host DTB's name, the RTC's compatible and
// the acknowledgement notes each show literally, as text, and add no element, attribute or comment.
void TestHostile::cliReportOfAHostileProject()
{
    QTemporaryDir dir;
    const QString evilCompatible = QStringLiteral("evil*/-->`x`$(y)<script>alert(1)</script>\"onload=\"alert(2)");
    const QStringList rtcCompatible = {QStringLiteral("arm,pl031"), QStringLiteral("arm,primecell"), evilCompatible};
    const QString host = QStringLiteral("host ") + kNameAttack + QStringLiteral(".dtb");
    QVERIFY(writeBytes(dir.filePath(host), hostileHostDtb(QStringLiteral("console=dtuart"), rtcCompatible)));
    const QString project = QStringLiteral("p\n\r") + kNameAttack + QStringLiteral(".devassign.json");
    const QString note = QStringLiteral("note\nwith --> and <!-- and <script>alert(3)</script> <i>html</i> ' \" %1");
    auto cli = [&](const QStringList &args) { return testsupport::runCli(args, dir.path()); };
    auto ok = [](const testsupport::CliResult &r) { return QStringLiteral("exit %1\n%2%3").arg(r.exitCode).arg(r.out, r.err); };
    testsupport::CliResult r = cli({QStringLiteral("new"), host, QStringLiteral("-o"), project});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("domain"), QStringLiteral("add"), project, QStringLiteral("domU1"), QStringLiteral("--target"),
             QStringLiteral("xl")}); // xl: irq-virtio-clash, acknowledged below with the note
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("assign"), project, QStringLiteral("domU1"), QStringLiteral("/pl031@9010000")});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("ack"), project, QStringLiteral("irq-virtio-clash"), QStringLiteral("--note"), note});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("ack"), project, QStringLiteral("dma-without-iommu"), QStringLiteral("--node"),
             QStringLiteral("/pl031@9010000"), QStringLiteral("--note"), note});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    r = cli({QStringLiteral("report"), project, QStringLiteral("-o"), QStringLiteral("audit.html")});
    QVERIFY2(r.exitCode == 0, qPrintable(ok(r)));
    const QByteArray page = readBytes(dir.filePath(QStringLiteral("audit.html")));

    const Run parsed = run(QStringLiteral("/usr/bin/python3"),
                           {QStringLiteral(DEVASSIGN_SOURCE_DIR "/tests/support/readreport.py")}, dir.path(), page);
    QVERIFY2(parsed.exitCode == 0, parsed.err.constData());
    const QJsonObject report = QJsonDocument::fromJson(parsed.out).object();
    // No element, attribute or comment of the values' own; nothing that loads or runs.
    QVERIFY(report.value(QStringLiteral("comments")).toArray().isEmpty());
    for (const QJsonValue &tag : report.value(QStringLiteral("tags")).toArray())
        QVERIFY2(!QSet<QString>({QStringLiteral("script"), QStringLiteral("i"), QStringLiteral("img")}).contains(tag.toString()),
                 qPrintable(tag.toString()));
    for (const QJsonValue &attribute : report.value(QStringLiteral("attributes")).toArray())
        QVERIFY2(!attribute.toString().startsWith(QLatin1String("on")), qPrintable(attribute.toString()));
    for (const QJsonValue &v : report.value(QStringLiteral("resources")).toArray())
        QVERIFY2(v.toArray().at(2).toString().startsWith(QLatin1Char('#')), qPrintable(v.toArray().at(2).toString()));
    // Each value shown literally where it belongs (control characters written as \n, \r).
    const QString shownName = QStringLiteral("p\\n\\r") + kNameAttack + QStringLiteral(".devassign.json");
    QCOMPARE(report.value(QStringLiteral("h1")).toString(), QStringLiteral("devassign audit: ") + shownName);
    QCOMPARE(report.value(QStringLiteral("title")).toString(), QStringLiteral("devassign audit: ") + shownName);
    const QJsonObject facts = report.value(QStringLiteral("facts")).toObject();
    QCOMPARE(facts.value(QStringLiteral("project")).toString(), shownName);
    QCOMPARE(facts.value(QStringLiteral("host-dtb")).toString(), host.simplified());
    const QString shownNote = QString(note).replace(QLatin1Char('\n'), QLatin1String("\\n"));
    bool noteInDiagnostics = false;
    for (const QJsonValue &v : report.value(QStringLiteral("diagnostics")).toArray())
        noteInDiagnostics |= v.toObject().value(QStringLiteral("cells")).toArray().at(6).toString()
            == QStringLiteral("yes: ") + shownNote.simplified();
    QVERIFY(noteInDiagnostics);
    const QJsonArray devices = report.value(QStringLiteral("devices")).toArray();
    QCOMPARE(devices.size(), 1);
    const QJsonArray cells = devices.at(0).toObject().value(QStringLiteral("cells")).toArray();
    QCOMPARE(cells.at(0).toString(), QStringLiteral("/pl031@9010000 arm,pl031, arm,primecell, ") + evilCompatible);
    QVERIFY2(cells.at(2).toString().contains(QStringLiteral("dma-without-iommu: ") + shownNote.simplified()),
             qPrintable(cells.at(2).toString()));
}

// Values that the entry checks would refuse, put straight into the exporters (a project built in
// memory, not read from a file): the whole export refuses them with the field named, and each
// exporter on its own still keeps every value inside its field.
void TestHostile::exportersGivenControlCharacters()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    Project project;
    project.hostDtb = controlAttack() + QStringLiteral(".dtb");
    DomainConfig d;
    d.name = QStringLiteral("domU1");
    d.kernel = QStringLiteral("k") + controlAttack();
    d.ramdisk = QStringLiteral("r") + controlAttack();
    d.bootargs = controlAttack();
    d.xlDir = QStringLiteral("/x") + controlAttack();
    d.xl = true;
    d.devices = {QStringLiteral("/pl031@9010000")};
    project.domains.append(d);
    const Analysis analysis = analyze(*model, project);
    const QString projectFile = QStringLiteral("/tmp/") + controlAttack().remove(QLatin1Char('/')) + QStringLiteral(".devassign.json");
    ExportContext ctx(model.get(), &project, &analysis, projectFile);
    ctx.fileSizes.insert(d.kernel, 4096);
    ctx.fileSizes.insert(d.ramdisk, 4096);
    QString error;
    QVERIFY(exportProject(ctx, &error).isEmpty());
    QCOMPARE(error, QStringLiteral("domain 'domU1': kernel contains U+000A (line feed) at position 3; it must be one "
                                   "line of text"));

    // Headers: the name stays in one comment line.
    const QByteArray cfg = domCfg(ctx, analysis.domains[0]);
    const QByteArray ib = imageBuilderConfig(ctx);
    const QByteArray audit = auditReport(ctx);
    for (const QByteArray &file : {cfg, ib, audit})
        QVERIFY2(QString::fromUtf8(file).section(QLatin1Char('\n'), 0, 0).contains(QStringLiteral("a\\nb\\rc\\0d\\u2028e\\t")),
                 file.constData());
    // bash: the intended variables only, with the values as given (bash cannot hold NUL).
    QString problem;
    const QMap<QString, QString> vars = sourcedByBash(ib, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The host DTB's name, kernel, ramdisk and bootargs hold U-Boot syntax: left out (rule
    // imagebuilder-unsafe-text); the host's own command lines are safe here.
    QCOMPARE(vars.keys(),
             (QStringList{QStringLiteral("DOM0_CMD"), QStringLiteral("DOMU_ENHANCED[0]"),
                          QStringLiteral("DOMU_MEM[0]"), QStringLiteral("DOMU_PASSTHROUGH_DTB[0]"),
                          QStringLiteral("DOMU_PASSTHROUGH_PATHS[0]"),
                          QStringLiteral("DOMU_VCPUS[0]"), QStringLiteral("MEMORY_END"), QStringLiteral("MEMORY_START"),
                          QStringLiteral("NUM_DOMUS"), QStringLiteral("XEN"), QStringLiteral("XEN_CMD")}));
    for (const char *leftOut : {"DEVICE_TREE", "DOMU_KERNEL[0]", "DOMU_RAMDISK[0]", "DOMU_CMD[0]"})
        QVERIFY2(ib.contains(QByteArray("\n# ") + leftOut + " left out: "), leftOut);
    // Each such comment stays one line.
    for (const QByteArray &line : ib.split('\n'))
        QVERIFY2(line.isEmpty() || line.startsWith('#') || line.contains('='), line.constData());

    // libxlutil: \n \r \t come back exactly. It has no working numeric escape (xlu__cfgl_dequote
    // rejects every \xHH), so a value with another control character makes the file one libxlutil
    // refuses as a whole: it fails closed, and no key can be injected.
    DomainPlan plan = analysis.domains[0];
    plan.config.kernel = QStringLiteral("Image");
    plan.config.ramdisk = QString();
    plan.config.xlDir = QStringLiteral("/srv");
    plan.config.bootargs = QStringLiteral("a\nbootloader=\"x\"\rb\tc ") + kPrintableAttack;
    const QByteArray lettered = domCfg(ctx, plan);
    QMap<QString, QString> expected = {
        {QStringLiteral("name"), QStringLiteral("domU1")},  {QStringLiteral("type"), QStringLiteral("pvh")},
        {QStringLiteral("memory"), QStringLiteral("256")},  {QStringLiteral("vcpus"), QStringLiteral("1")},
        {QStringLiteral("kernel"), QStringLiteral("/srv/Image")}, {QStringLiteral("extra"), plan.config.bootargs},
        {QStringLiteral("device_tree"), QStringLiteral("/srv/passthrough.dtb")},
        {QStringLiteral("iomem"), QStringLiteral("9010,1@9010")}, {QStringLiteral("irqs"), QStringLiteral("34")},
        {QStringLiteral("vuart"), QStringLiteral("sbsa_uart")}};
    XLU_Config *uuidReader = xlu_cfg_init(stderr, "uuid");
    QCOMPARE(xlu_cfg_readdata(uuidReader, lettered.constData(), lettered.size()), 0);
    const char *uuid = nullptr;
    xlu_cfg_get_string(uuidReader, "uuid", &uuid, 1);
    expected.insert(QStringLiteral("uuid"), QString::fromUtf8(uuid ? uuid : ""));
    xlu_cfg_destroy(uuidReader);
    problem = xlProblem(lettered, expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    plan.config.bootargs = QStringLiteral("a\x01b");
    const QByteArray numeric = domCfg(ctx, plan);
    XLU_Config *config = xlu_cfg_init(fopen("/dev/null", "w"), "numeric.cfg");
    QVERIFY(xlu_cfg_readdata(config, numeric.constData(), numeric.size()) != 0);
    xlu_cfg_destroy(config);

    // DTS: the header comment cannot end early.
    const QByteArray partial = partialDtb(ctx, analysis.domains[0], &error);
    QVERIFY2(!partial.isEmpty(), qPrintable(error));
    problem = dtsProblem(dtsWithHeader(ctx, partial, &error), partial);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // audit.md: one comment, Markdown's own elements only.
    const QJsonObject rendered = renderedAudit(audit, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(rendered.value(QStringLiteral("comments")).toArray().size(), 1);
    for (const QJsonValue &tag : rendered.value(QStringLiteral("tags")).toArray())
        QVERIFY2(kAuditTags.contains(tag.toString()), qPrintable(tag.toString()));
}

// uboot-script-gen copies DOMU_CMD into `fdt set /chosen/domU0 bootargs "DATA"` and a file name
// into a load command. imagebuilder.cfg keeps a value exactly when U-Boot's parsers (simple, hush,
// and the modern hush's backquotes) read that line as the one intended command, with the value
// as given; otherwise it leaves it out.
void TestHostile::imageBuilderKeepsUbootSyntaxOut()
{
    const HostModelPtr model = testsupport::loadData(QStringLiteral("virt-gicv3.dtb"));
    const QStringList bootargs = {
        QStringLiteral("console=hvc0 root=/dev/vda rw"),
        QStringLiteral("`touch PWNED2` */ --> | * (x) && <b>x</b> %1 ~ [l](u) #c"), // a backquote (modern hush)
        QStringLiteral("*/ --> | * (x) && <b>x</b> %1 ~ [l](u) #c"),                // bash syntax only
        QStringLiteral("console=hvc0 \"; reset; echo \""),
        QStringLiteral("console=hvc0; reset"),
        QStringLiteral("root=${rootdev}"),
        QStringLiteral("a \\\" b"),
        QStringLiteral("it's"),
        QStringLiteral("<0x1 0x2>"), // fdt set would write cells
        QStringLiteral("[00 01]"),   // ... or bytes
    };
    const QStringList kernels = {QStringLiteral("Image-6.1.0+deb12_arm64"), QStringLiteral("Image;reset"),
                                 QStringLiteral("my Image"), QStringLiteral("Image$x"), QStringLiteral("Im'age"),
                                 QStringLiteral("Image&&reset"), QStringLiteral("Image||reset"), QStringLiteral("#Image"),
                                 QStringLiteral("Image(1){b}")};
    // What U-Boot should run for a value: the intended words, the value one of them.
    const auto intended = [](const QString &variable, const QString &value) {
        return variable == QLatin1String("DOMU_CMD[0]")
            ? QStringList{QStringLiteral("fdt"), QStringLiteral("set"), QStringLiteral("/chosen/domU0"), QStringLiteral("bootargs"), value}
            : QStringList{QStringLiteral("load"), QStringLiteral("mmc"), QStringLiteral("0:1"), QStringLiteral("0x40400000"), value};
    };
    const auto scriptLine = [](const QString &variable, const QString &value) {
        return variable == QLatin1String("DOMU_CMD[0]") ? QStringLiteral("fdt set /chosen/domU0 bootargs \"%1\"").arg(value)
                                                       : QStringLiteral("load mmc 0:1 0x40400000 %1").arg(value);
    };
    // hush (old and modern) gives the intended words; the simple parser, which keeps double quotes, takes every
    // character of the line literally (one command, nothing expanded or unquoted); and fdt set
    // reads the bootargs as a string, not as <cells> or [bytes] (fdt_parse_prop, cmd/fdt.c).
    // (Under the simple parser the kept double quotes break a value with blanks anyway: what
    // is checked there is that nothing else runs.)
    const auto readAsIntended = [&](const QString &variable, const QString &value) {
        const QString line = scriptLine(variable, value);
        const QVector<QStringList> simple = ubootCommands(line, UbootParser::Simple);
        const QVector<QStringList> words{intended(variable, value)};
        const bool string = variable != QLatin1String("DOMU_CMD[0]")
            || !(value.startsWith(QLatin1Char('<')) || value.startsWith(QLatin1Char('[')));
        return string && ubootCommands(line, UbootParser::Hush) == words
            && ubootCommands(line, UbootParser::ModernHush) == words && simple.size() == 1
            && simple[0].join(QLatin1Char(' ')) == QString(line).simplified();
    };
    int kept = 0;
    for (const QString &args : bootargs)
        for (const QString &kernel : kernels) {
            Project project;
            project.hostDtb = QStringLiteral("virt.dtb");
            DomainConfig d;
            d.name = QStringLiteral("domU0");
            d.kernel = QStringLiteral("/srv/") + kernel;
            d.bootargs = args;
            project.domains.append(d);
            const Analysis analysis = analyze(*model, project);
            ExportContext ctx(model.get(), &project, &analysis);
            const QByteArray ib = imageBuilderConfig(ctx);
            QString problem;
            const QMap<QString, QString> vars = sourcedByBash(ib, &problem);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            for (const auto &[variable, given] : {qMakePair(QStringLiteral("DOMU_CMD[0]"), args),
                                                  qMakePair(QStringLiteral("DOMU_KERNEL[0]"), kernel)}) {
                const bool safe = readAsIntended(variable, given);
                QVERIFY2(vars.contains(variable) == safe, qPrintable(variable + QStringLiteral(": ") + given));
                if (safe) {
                    QCOMPARE(vars.value(variable), given);
                    ++kept;
                } else {
                    QVERIFY2(ib.contains(QStringLiteral("\n# %1 left out: ").arg(variable).toUtf8()), ib.constData());
                }
            }
        }
    // Both outcomes were seen: 2 safe bootargs with every kernel, 2 safe kernels with every bootargs.
    QCOMPARE(kept, 2 * kernels.size() + 2 * bootargs.size());
}

void TestHostile::entryRefusesControlCharacters_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("field");
    QTest::newRow("bootargs newline") << "--bootargs" << "console=ttyAMA0\nbootloader=\"/bin/sh\"" << "bootargs";
    QTest::newRow("bootargs CR") << "--bootargs" << "a\rb" << "bootargs";
    QTest::newRow("kernel newline") << "--kernel" << "Image\non_crash=\"destroy\"" << "kernel";
    QTest::newRow("ramdisk escape") << "--ramdisk" << "initrd\x1b[2J" << "ramdisk";
    QTest::newRow("xl-dir tab") << "--xl-dir" << "/etc/xen\tx" << "xl_dir";
    QTest::newRow("line separator") << "--bootargs" << QStringLiteral("a") + QChar(0x2028) + QStringLiteral("b") << "bootargs";
}

// `domain add` and `domain set` refuse such values, name the field, print one line, save nothing.
void TestHostile::entryRefusesControlCharacters()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    QFETCH(QString, field);
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("p.devassign.json"));
    QCOMPARE(testsupport::runCli({QStringLiteral("new"), testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")),
                                  QStringLiteral("-o"), project})
                 .exitCode,
             0);
    const QByteArray before = readBytes(project);
    for (const QString &verb : {QStringLiteral("add"), QStringLiteral("set")}) {
        if (verb == QLatin1String("set"))
            QCOMPARE(testsupport::runCli({QStringLiteral("domain"), QStringLiteral("add"), project,
                                          QStringLiteral("domU1")})
                         .exitCode,
                     0);
        const QByteArray saved = readBytes(project);
        const testsupport::CliResult r =
            testsupport::runCli({QStringLiteral("domain"), verb, project, QStringLiteral("domU1"), option, value});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.contains(QStringLiteral("%1 contains U+").arg(field)), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("one line")), qPrintable(r.err));
        QCOMPARE(readBytes(project), saved);
    }
    Q_UNUSED(before);
}

// A project file that holds them (written by hand, or by another tool) is refused with the key.
void TestHostile::projectFileRefusesControlCharacters()
{
    QJsonObject domain{{QStringLiteral("name"), QStringLiteral("domU1")},
                       {QStringLiteral("bootargs"), QStringLiteral("console=hvc0\nbootloader=\"pygrub\"")}};
    QJsonObject root{{QStringLiteral("format"), QStringLiteral("devassign-project")},
                     {QStringLiteral("version"), 1},
                     {QStringLiteral("host"), QJsonObject{{QStringLiteral("dtb"), QStringLiteral("virt.dtb")}}},
                     {QStringLiteral("domains"), QJsonArray{domain}}};
    QString error;
    QVERIFY(!(error = projectFromJson(QJsonDocument(root).toJson(), QStringLiteral("p.devassign.json")).error()).isEmpty());
    QCOMPARE(error, QStringLiteral("p.devassign.json: key 'domains[0].bootargs' contains U+000A (line feed) at "
                                   "position 13; it must be one line of text"));
    domain[QStringLiteral("bootargs")] = QStringLiteral("ok");
    domain[QStringLiteral("devices")] = QJsonArray{QStringLiteral("/pl031@9010000\n/evil")};
    root[QStringLiteral("domains")] = QJsonArray{domain};
    QVERIFY(!(error = projectFromJson(QJsonDocument(root).toJson(), QStringLiteral("p.devassign.json")).error()).isEmpty());
    QVERIFY2(error.startsWith(QStringLiteral("p.devassign.json: key 'domains[0].devices[0]' contains U+000A")),
             qPrintable(error));
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
