// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// The `devassign` command line: every sub-command the GUI can do, for scripts and pipelines.
// app/cli/main.cpp only forwards its arguments here, so the tests can drive the same code.

#include "hostmodel.h"
#include "project.h"

#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>

namespace devassign {
struct Analysis;
struct Diagnostic;
} // namespace devassign

namespace devassign::cli {

enum ExitCode {
    ExitOk = 0,
    ExitFindings = 1, // e.g. `check` found errors
    ExitBadInput = 2, // bad arguments, unreadable or corrupt input files
};

// `args` is the whole argv, program name first.
int run(const QStringList &args, QTextStream &out, QTextStream &err);

// One command as `devassign --help`, devassign(1) and docs/cli.md describe it (commands.cpp).
struct CommandDoc {
    QString name;       // "domain"
    QString summary;    // one line, lower case
    QStringList synopses; // "devassign domain add P NAME [DOMAIN OPTIONS]", one per verb or form
    QStringList verbs;  // "add", "set", ...: each has its own --help; empty for a leaf command
};
const QVector<CommandDoc> &commandDocs();
const CommandDoc *commandDoc(const QString &name);
// "Usage: devassign domain add ...\n       devassign domain set ...\n" and the verbs, for a parent
// command's --help and its unknown-verb error.
QString commandUsage(const QString &name);

// Sub-commands: `args` start with the sub-command name.
int cmdInspect(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdNew(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdDomain(const QStringList &args, QTextStream &out, QTextStream &err); // add|set|remove|rename|list
int cmdAssign(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdUnassign(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdAck(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdCheck(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdExport(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdRehost(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdPlatform(const QStringList &args, QTextStream &out, QTextStream &err); // set|show
int cmdScmi(const QStringList &args, QTextStream &out, QTextStream &err);     // share|unshare
int cmdPolicy(const QStringList &args, QTextStream &out, QTextStream &err);   // dump
int cmdImport(const QStringList &args, QTextStream &out, QTextStream &err);   // xl|dom0less
int cmdDependency(const QStringList &args, QTextStream &out, QTextStream &err);
int cmdReport(const QStringList &args, QTextStream &out, QTextStream &err);   // the HTML audit report

// Whether `command` (argv[1]) draws with QtGui and so needs a QGuiApplication rather than a
// QCoreApplication (`report`: its pictures). main.cpp starts it on the "offscreen" platform unless
// QT_QPA_PLATFORM says otherwise, so it needs no display.
bool commandNeedsGuiApplication(const QString &command);

// ---- shared by the project commands ----------------------------------------------------------------

// A project file as a command sees it: the project, its host model and whether the DTB changed.
struct LoadedProject {
    QString file;             // the project file as given on the command line
    Project project;
    QString hostPath;         // the host DTB, resolved against the project file's directory
    HostModelPtr model;       // nullptr when the host DTB could not be loaded and the command does not need it
    bool hostChanged = false; // the DTB's SHA-256 differs from the one the project recorded
    bool unchanged = false;   // set by an edit that changed nothing: editProject does not save
};

// Whether a host DTB whose SHA-256 differs from the recorded one is refused (every command but
// rehost) or only warned about.
enum class HostCheck { MustMatch, MayDiffer };

// Reads `file` and its host DTB. Prints "devassign COMMAND: FILE: problem" on `err` and returns
// nullopt when either is unreadable, or the host DTB changed since the project recorded its hash
// (unless `check` is MayDiffer: then a warning).
std::optional<LoadedProject> loadProject(const QString &command, const QString &file, QTextStream &err,
                                         HostCheck check = HostCheck::MustMatch);
// Saves atomically; prints the error and returns false on failure.
bool saveProject(const QString &command, const LoadedProject &loaded, QTextStream &err);

// The shape of every editing command: lock, load, apply `edit`, save atomically, unlock
// (app/cli/cmd_project.cpp).
int editProject(const QString &command, const QString &file, QTextStream &err,
                const std::function<Status(LoadedProject &)> &edit, HostCheck check = HostCheck::MustMatch);

// "error[rule-id] domain/node: message  fix: ..." (as `check` prints it) and the summary line
// "N errors, N warnings (N acknowledged)".
QString diagnosticLine(const Diagnostic &d);
QString summaryLine(const Analysis &a);

} // namespace devassign::cli
