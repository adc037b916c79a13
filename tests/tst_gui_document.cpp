// SPDX-License-Identifier: GPL-2.0-or-later
// ProjectDocument: every edit kind through the undo stack (exact before/after), refusals push
// nothing, the clean state drives "modified", save/reopen equals the CLI's view of the same file,
// autosave + crash + recovery, and the host DTB file watcher + reload.

#include "planner.h"
#include "projectdocument.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace devassign;

namespace {

DomainConfig domain(const QString &name)
{
    DomainConfig d;
    d.name = name;
    return d;
}

// A diagnostic as the CLI's JSON and the document both can say it.
QString key(const QString &rule, const QString &severity, const QString &domain, const QString &node, bool ack)
{
    return QStringList { rule, severity, domain, node, ack ? QStringLiteral("acknowledged") : QString() }.join(
        QLatin1Char('|'));
}

QStringList documentDiagnostics(const ProjectDocument &doc)
{
    QStringList keys;
    for (const Diagnostic &d : doc.analysis().diagnostics)
        keys.append(key(d.rule, severityName(d.severity), d.domain, d.node, d.acknowledged));
    keys.sort();
    return keys;
}

bool copyFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

// Replaces a file the way editors and build tools do: write a temporary file and rename it over.
bool replaceFile(const QString &file, const QByteArray &bytes)
{
    QSaveFile f(file);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit();
}

QByteArray readAll(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestGuiDocument : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Untitled autosaves go to AppDataLocation: keep them out of the user's real one.
        QStandardPaths::setTestModeEnabled(true);
    }

    // The studio refuses what the CLI refuses: an assign decision for a provider another domain
    // has (Xen assigns a node to one domain), with the same line, and no undo step.
    void assignDecisionForAnotherDomainsProviderIsRefused()
    {
        ProjectDocument doc;
        QString error;
        QVERIFY2(doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error), qPrintable(error));
        QCOMPARE(doc.addDomain(domain(QStringLiteral("a"))).error(), QString());
        QCOMPARE(doc.addDomain(domain(QStringLiteral("b"))).error(), QString());
        QCOMPARE(doc.assign(QStringLiteral("a"), {QStringLiteral("/pl031@9010000")}).error(), QString());
        QCOMPARE(doc.assign(QStringLiteral("b"), {QStringLiteral("/pl061@9030000")}).error(), QString());
        QCOMPARE(doc.setDependencyDecision(QStringLiteral("a"), QStringLiteral("/apb-pclk"), DependencyAction::Assign).error(),
                 QString());
        const int steps = doc.undoStack()->count();
        const Project before = doc.project();
        QCOMPARE(doc.setDependencyDecision(QStringLiteral("b"), QStringLiteral("/apb-pclk"), DependencyAction::Assign).error(),
                 assignDecisionProblem(*doc.host(), doc.project(), QStringLiteral("b"), QStringLiteral("/apb-pclk")));
        QVERIFY(doc.setDependencyDecision(QStringLiteral("b"), QStringLiteral("/apb-pclk"), DependencyAction::Assign)
                    .error()
                    .startsWith(QLatin1String("/apb-pclk already belongs to domain 'a'")));
        QCOMPARE(doc.undoStack()->count(), steps);
        QVERIFY(doc.project() == before);
        QCOMPARE(doc.setDependencyDecision(QStringLiteral("b"), QStringLiteral("/apb-pclk"), DependencyAction::Copy).error(),
                 QString());
    }

    void everyEditIsOneUndoStep()
    {
        ProjectDocument doc;
        QString error;
        QVERIFY2(doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error), qPrintable(error));
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.fileName(), QString());
        QCOMPARE(doc.hostFile(), testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")));
        QCOMPARE(doc.project().hostDtbSha256, doc.host()->sha256());
        QSignalSpy projectChanged(&doc, &ProjectDocument::projectChanged);
        QSignalSpy analysisChanged(&doc, &ProjectDocument::analysisChanged);

        DomainConfig settings = domain(QStringLiteral("domU1"));
        settings.memoryKiB = 512 * 1024;
        settings.kernel = QStringLiteral("Image");
        Acknowledgement ack;
        ack.rule = QStringLiteral("dma-without-iommu");
        ack.node = QStringLiteral("/virtio_mmio@a000000");
        ack.domain = QStringLiteral("domU1");
        const std::vector<std::function<QString()>> edits {
            [&] { return doc.addDomain(domain(QStringLiteral("domU1"))).error(); },
            [&] { return doc.addDomain(domain(QStringLiteral("domU2"))).error(); },
            [&] {
                return doc.assign(QStringLiteral("domU1"),
                                  { QStringLiteral("/pl011@9000000"), QStringLiteral("/pl031@9010000"),
                                    QStringLiteral("/virtio_mmio@a000000") }).error();
            },
            [&] { return doc.move({ QStringLiteral("/pl031@9010000") }, QStringLiteral("domU2")).error(); },
            [&] { return doc.unassign({ QStringLiteral("/pl011@9000000") }).error(); },
            [&] { return doc.updateDomain(QStringLiteral("domU1"), settings).error(); },
            [&] {
                return doc.setDependencyDecision(QStringLiteral("domU2"), QStringLiteral("/apb-pclk"),
                                                 DependencyAction::Stub).error();
            },
            [&] { return doc.acknowledge(ack).error(); },
            [&] { return doc.renameDomain(QStringLiteral("domU1"), QStringLiteral("net")).error(); },
            [&] { return doc.removeDomain(QStringLiteral("domU2")).error(); },
        };
        QVector<Project> states { doc.project() };
        for (const auto &edit : edits) {
            QCOMPARE(edit(), QString());
            QVERIFY(!(doc.project() == states.back()));
            states.append(doc.project());
            QCOMPARE(doc.undoStack()->count(), states.size() - 1);
        }
        QCOMPARE(projectChanged.count(), int(edits.size()));
        QCOMPARE(analysisChanged.count(), int(edits.size()));

        // Spot checks of the final state.
        const Project &last = states.back();
        QCOMPARE(last.domains.size(), 1);
        QCOMPARE(last.domains.at(0).name, QStringLiteral("net"));
        QCOMPARE(last.domains.at(0).memoryKiB, quint64(512 * 1024));
        QCOMPARE(last.domains.at(0).devices, QStringList { QStringLiteral("/virtio_mmio@a000000") });
        QCOMPARE(last.acknowledgements.size(), 1);
        QCOMPARE(last.acknowledgements.at(0).domain, QStringLiteral("net"));

        // Undo walks back through every state exactly, redo forward again; the analysis follows.
        for (int i = states.size() - 2; i >= 0; --i) {
            doc.undoStack()->undo();
            QVERIFY2(doc.project() == states.at(i), qPrintable(QStringLiteral("state %1").arg(i)));
            QCOMPARE(documentDiagnostics(doc).size(), analyze(*doc.host(), states.at(i)).diagnostics.size());
        }
        QVERIFY(!doc.isModified());
        for (int i = 1; i < states.size(); ++i) {
            doc.undoStack()->redo();
            QVERIFY2(doc.project() == states.at(i), qPrintable(QStringLiteral("state %1").arg(i)));
        }
        QVERIFY(doc.isModified());
    }

    void refusalsPushNothing()
    {
        ProjectDocument doc;
        QString error;
        QVERIFY2(doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error), qPrintable(error));
        QCOMPARE(doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(doc.addDomain(domain(QStringLiteral("domU2"))).error(), QString());
        QCOMPARE(doc.assign(QStringLiteral("domU1"), { QStringLiteral("/pl011@9000000") }).error(), QString());
        const Project before = doc.project();
        const int steps = doc.undoStack()->count();
        QSignalSpy projectChanged(&doc, &ProjectDocument::projectChanged);

        const QString doubleAssign = doc.assign(QStringLiteral("domU2"), { QStringLiteral("/pl011@9000000") }).error();
        QVERIFY2(doubleAssign.contains(QLatin1String("domU1")), qPrintable(doubleAssign));
        // All-or-nothing: the first path could be assigned, the second cannot, so neither is.
        QVERIFY(
            !doc.assign(QStringLiteral("domU2"), { QStringLiteral("/pl031@9010000"), QStringLiteral("/pl011@9000000") }).error()
                 .isEmpty());
        QVERIFY(!doc.addDomain(domain(QStringLiteral("domU1"))).error().isEmpty());
        QVERIFY(!doc.addDomain(domain(QStringLiteral("bad name"))).error().isEmpty());
        QVERIFY(!doc.renameDomain(QStringLiteral("domU1"), QStringLiteral("domU2")).error().isEmpty());
        QVERIFY(!doc.removeDomain(QStringLiteral("nosuch")).error().isEmpty());
        QVERIFY(!doc.unassign({ QStringLiteral("/pl031@9010000") }).error().isEmpty());
        QVERIFY(!doc.move({ QStringLiteral("/pl011@9000000") }, QStringLiteral("domU1")).error().isEmpty());
        QVERIFY(doc.project() == before);
        QCOMPARE(doc.undoStack()->count(), steps);
        QCOMPARE(projectChanged.count(), 0);

        // An edit that changes nothing is not an undo step either.
        QCOMPARE(doc.renameDomain(QStringLiteral("domU1"), QStringLiteral("domU1")).error(), QString());
        QCOMPARE(doc.undoStack()->count(), steps);

        // Without a project nothing can be edited.
        ProjectDocument empty;
        QVERIFY(!empty.addDomain(domain(QStringLiteral("domU1"))).error().isEmpty());
        QCOMPARE(empty.undoStack()->count(), 0);
    }

    void cleanStateDrivesModified()
    {
        QTemporaryDir dir;
        ProjectDocument doc;
        QString error;
        QVERIFY2(doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error), qPrintable(error));
        QSignalSpy modified(&doc, &ProjectDocument::modifiedChanged);
        QSignalSpy fileNameChanged(&doc, &ProjectDocument::fileNameChanged);
        QCOMPARE(doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QVERIFY(doc.isModified());
        QCOMPARE(modified.count(), 1);
        QCOMPARE(modified.at(0).at(0).toBool(), true);

        QVERIFY(!doc.save(&error)); // untitled
        QVERIFY(!error.isEmpty());
        const QString file = dir.filePath(QStringLiteral("p.devassign.json"));
        QVERIFY2(doc.saveAs(file, &error), qPrintable(error));
        QCOMPARE(doc.fileName(), file);
        QCOMPARE(fileNameChanged.count(), 1);
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.count(), 2);
        QCOMPARE(modified.at(1).at(0).toBool(), false);
        // The host path is stored relative to the project file and resolves to the DTB.
        QVERIFY(!QDir::isAbsolutePath(doc.project().hostDtb));
        QCOMPARE(resolveProjectPath(file, doc.project().hostDtb), doc.hostFile());

        doc.undoStack()->undo();
        QVERIFY(doc.isModified());
        doc.undoStack()->redo();
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.count(), 4);
    }

    // A CLI command saved the project after the studio opened it: the studio's Save does not
    // overwrite that edit, says why, and Save As still keeps the studio's version (issue 11).
    void saveNeverOverwritesAnotherProgramsEdit()
    {
        QTemporaryDir dir;
        const QString host = dir.filePath(QStringLiteral("virt.dtb"));
        QVERIFY(QFile::copy(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), host));
        const QString file = dir.filePath(QStringLiteral("p.devassign.json"));
        QCOMPARE(testsupport::runCli({QStringLiteral("new"), host, QStringLiteral("-o"), file}).exitCode, 0);
        ProjectDocument doc;
        QString error;
        QVERIFY2(doc.open(file, &error), qPrintable(error));
        QCOMPARE(doc.addDomain(domain(QStringLiteral("studio"))).error(), QString());
        QCOMPARE(testsupport::runCli({QStringLiteral("domain"), QStringLiteral("add"), file, QStringLiteral("cli")})
                     .exitCode,
                 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray cliVersion = f.readAll();
        f.close();
        QVERIFY(!doc.save(&error));
        QVERIFY2(error.contains(QStringLiteral("was changed by another program after it was opened here; nothing was saved")),
                 qPrintable(error));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), cliVersion);
        f.close();
        const QString copy = dir.filePath(QStringLiteral("mine.devassign.json"));
        QVERIFY2(doc.saveAs(copy, &error), qPrintable(error));
        QVERIFY(readProject(copy)->domain(QStringLiteral("studio")));
        // After its own save the document may save again: the file is what it last wrote.
        QCOMPARE(doc.addDomain(domain(QStringLiteral("more"))).error(), QString());
        QVERIFY2(doc.save(&error), qPrintable(error));
    }

    void saveReopenMatchesCli()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("virt.devassign.json"));
        QString error;
        Project saved;
        QStringList diagnostics;
        {
            ProjectDocument doc;
            QVERIFY2(doc.newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error),
                     qPrintable(error));
            QVERIFY2(doc.saveAs(file, &error), qPrintable(error));
            DomainConfig net = domain(QStringLiteral("net"));
            net.xl = true;
            QCOMPARE(doc.addDomain(net).error(), QString());
            QCOMPARE(doc.addDomain(domain(QStringLiteral("rtc"))).error(), QString());
            QCOMPARE(doc.assign(QStringLiteral("net"),
                                { QStringLiteral("/virtio_mmio@a000000"), QStringLiteral("/virtio_mmio@a000200") }).error(),
                     QString());
            QCOMPARE(doc.assign(QStringLiteral("rtc"), { QStringLiteral("/pl031@9010000") }).error(), QString());
            Acknowledgement ack;
            ack.rule = QStringLiteral("dma-without-iommu");
            ack.node = QStringLiteral("/virtio_mmio@a000200");
            ack.domain = QStringLiteral("net");
            ack.note = QStringLiteral("virtio backend is trusted");
            QCOMPARE(doc.acknowledge(ack).error(), QString());
            QVERIFY(doc.isModified());
            QVERIFY2(doc.save(&error), qPrintable(error));
            QVERIFY(!doc.isModified());
            saved = doc.project();
            diagnostics = documentDiagnostics(doc);
        }
        QVERIFY(!diagnostics.isEmpty());
        QVERIFY(diagnostics.contains(key(QStringLiteral("dma-without-iommu"), QStringLiteral("error"),
                                         QStringLiteral("net"), QStringLiteral("/virtio_mmio@a000000"), false)));
        QVERIFY(diagnostics.contains(key(QStringLiteral("dma-without-iommu"), QStringLiteral("error"),
                                         QStringLiteral("net"), QStringLiteral("/virtio_mmio@a000200"), true)));

        // Reopen: the same project, not modified, the same diagnostics.
        ProjectDocument reopened;
        QVERIFY2(reopened.open(file, &error), qPrintable(error));
        QVERIFY(reopened.project() == saved);
        QVERIFY(!reopened.isModified());
        QCOMPARE(reopened.undoStack()->count(), 0);
        QCOMPARE(reopened.fileName(), file);
        QCOMPARE(reopened.hostFile(), testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")));
        QCOMPARE(documentDiagnostics(reopened), diagnostics);

        // The CLI reads the same file and reports the same findings at the same locations.
        const testsupport::CliResult cli
            = testsupport::runCli({ QStringLiteral("check"), file, QStringLiteral("--json") });
        QCOMPARE(cli.exitCode, 1); // errors remain (no kernel, DMA without IOMMU)
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(cli.out.toUtf8(), &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString() + cli.err));
        QStringList cliDiagnostics;
        for (const QJsonValue &v : json.object().value(QStringLiteral("diagnostics")).toArray()) {
            const QJsonObject o = v.toObject();
            cliDiagnostics.append(
                key(o.value(QStringLiteral("rule")).toString(), o.value(QStringLiteral("severity")).toString(),
                    o.value(QStringLiteral("domain")).toString(), o.value(QStringLiteral("node")).toString(),
                    o.value(QStringLiteral("acknowledged")).toBool()));
        }
        cliDiagnostics.sort();
        QCOMPARE(cliDiagnostics, diagnostics);
        QCOMPARE(json.object().value(QStringLiteral("errors")).toInt(), reopened.analysis().errorCount());
    }

    void openErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("broken.devassign.json"));
        QVERIFY(replaceFile(file, QByteArrayLiteral("{ not json")));
        ProjectDocument doc;
        QString error;
        QVERIFY(!doc.open(file, &error));
        QVERIFY2(error.contains(QLatin1String("broken.devassign.json")), qPrintable(error));
        QVERIFY(!doc.host());

        QVERIFY(!doc.newFromHost(dir.filePath(QStringLiteral("missing.dtb")), &error));
        QVERIFY2(error.contains(QLatin1String("missing.dtb")), qPrintable(error));
    }

    void autosaveCrashAndRecover()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("p.devassign.json"));
        QString error;
        Project savedProject;
        Project editedProject;
        QString autosaveFile;
        {
            auto doc = std::make_unique<ProjectDocument>();
            QVERIFY2(doc->newFromHost(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), &error),
                     qPrintable(error));
            QCOMPARE(doc->addDomain(domain(QStringLiteral("domU1"))).error(), QString());
            QVERIFY2(doc->saveAs(file, &error), qPrintable(error));
            savedProject = doc->project();
            QCOMPARE(ProjectDocument::recoveryFileFor(file), QString());

            QCOMPARE(doc->assign(QStringLiteral("domU1"), { QStringLiteral("/pl011@9000000") }).error(), QString());
            QCOMPARE(doc->addDomain(domain(QStringLiteral("domU2"))).error(), QString());
            editedProject = doc->project();
            QVERIFY2(doc->autosave(&error), qPrintable(error));
            autosaveFile = doc->autosavePath();
            QCOMPARE(QFileInfo(autosaveFile).absolutePath(), QFileInfo(file).absolutePath());
            QVERIFY(QFile::exists(autosaveFile));
            // "Crash": the document goes away without saving.
        }
        QCOMPARE(ProjectDocument::recoveryFileFor(file), autosaveFile);
        // The saved file itself still holds the saved state.
        QVERIFY(*readProject(file) == savedProject);

        ProjectDocument recovered;
        QVERIFY2(recovered.openRecovery(autosaveFile, file, &error), qPrintable(error));
        QVERIFY(recovered.project() == editedProject);
        QVERIFY(recovered.isModified());
        QCOMPARE(recovered.fileName(), file);
        QCOMPARE(recovered.project().ownerOf(QStringLiteral("/pl011@9000000")), QStringLiteral("domU1"));
        // The recovery is one undoable step on top of the saved file.
        recovered.undoStack()->undo();
        QVERIFY(recovered.project() == savedProject);
        QVERIFY(!recovered.isModified());
        recovered.undoStack()->redo();

        // A clean save removes the autosave: nothing left to recover.
        QVERIFY2(recovered.save(&error), qPrintable(error));
        QVERIFY(!QFile::exists(autosaveFile));
        QCOMPARE(ProjectDocument::recoveryFileFor(file), QString());
        QVERIFY(*readProject(file) == editedProject);
    }

    void autosaveUntitled()
    {
        QString error;
        Project edited;
        QString autosaveFile;
        {
            ProjectDocument doc;
            QVERIFY2(doc.newFromHost(testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")), &error),
                     qPrintable(error));
            QCOMPARE(doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
            edited = doc.project();
            QVERIFY2(doc.autosave(&error), qPrintable(error));
            autosaveFile = doc.autosavePath();
            QVERIFY(autosaveFile.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        }
        QCOMPARE(ProjectDocument::recoveryFileFor(QString()), autosaveFile);
        ProjectDocument recovered;
        QVERIFY2(recovered.openRecovery(autosaveFile, QString(), &error), qPrintable(error));
        QCOMPARE(recovered.fileName(), QString());
        QCOMPARE(recovered.hostFile(), testsupport::dataPath(QStringLiteral("juno-r2-scmi.dtb")));
        QCOMPARE(recovered.project().domains, edited.domains);
        QVERIFY(recovered.isModified());
        QFile::remove(autosaveFile);
    }

    void hostFileWatchAndReload()
    {
        QTemporaryDir dir;
        const QString host = dir.filePath(QStringLiteral("host.dtb"));
        QVERIFY(copyFile(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")), host));
        ProjectDocument doc;
        QString error;
        QVERIFY2(doc.newFromHost(host, &error), qPrintable(error));
        QCOMPARE(doc.addDomain(domain(QStringLiteral("domU1"))).error(), QString());
        QCOMPARE(doc.assign(QStringLiteral("domU1"), { QStringLiteral("/pl011@9000000") }).error(), QString());
        const QString file = dir.filePath(QStringLiteral("p.devassign.json"));
        QVERIFY2(doc.saveAs(file, &error), qPrintable(error));
        const Project before = doc.project();
        const QString oldSha = doc.host()->sha256();

        QSignalSpy onDisk(&doc, &ProjectDocument::hostFileChangedOnDisk);
        QVERIFY(replaceFile(host, readAll(testsupport::dataPath(QStringLiteral("virt-gicv2.dtb")))));
        QVERIFY(onDisk.wait(5000));
        QVERIFY(!doc.isModified()); // noticing is not reloading
        QCOMPARE(doc.host()->sha256(), oldSha);

        QSignalSpy hostChanged(&doc, &ProjectDocument::hostChanged);
        QVERIFY2(doc.reloadHost(&error), qPrintable(error));
        QCOMPARE(hostChanged.count(), 1);
        QVERIFY(doc.host()->sha256() != oldSha);
        QCOMPARE(doc.project().hostDtbSha256, doc.host()->sha256());
        QVERIFY(!doc.analysis().hostDtbChanged);
        QVERIFY(doc.isModified());
        QCOMPARE(doc.project().domains, before.domains); // assignments survive a reload

        // Undoing the reload restores the recorded hash, so the analysis sees the mismatch again.
        doc.undoStack()->undo();
        QVERIFY(doc.project() == before);
        QVERIFY(doc.analysis().hostDtbChanged);
        doc.undoStack()->redo();

        // The watch survives the file being replaced: a second change is seen too.
        onDisk.clear();
        QVERIFY(replaceFile(host, readAll(testsupport::dataPath(QStringLiteral("virt-gicv3.dtb")))));
        QVERIFY(onDisk.wait(5000));

        // A broken DTB on reload: a clear error, the old model stays.
        QVERIFY(replaceFile(host, QByteArrayLiteral("not a device tree")));
        const HostModelPtr current = doc.host();
        QVERIFY(!doc.reloadHost(&error));
        QVERIFY2(error.contains(QLatin1String("host.dtb")), qPrintable(error));
        QCOMPARE(doc.host(), current);
    }
};

QTEST_MAIN(TestGuiDocument)
#include "tst_gui_document.moc"
