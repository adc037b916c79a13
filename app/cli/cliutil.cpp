// SPDX-License-Identifier: GPL-2.0-or-later
#include "cliutil.h"

#include "format.h"

namespace devassign::cli {

QString helpTextFor(const QCommandLineParser &parser, const QString &command)
{
    // QCommandLineParser names the program as it was started (often a full path) on the first
    // line; the reader wants the command they typed: "Usage: devassign domain add [options] ...".
    QString text = parser.helpText();
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    const QString first = text.left(lineEnd);
    const qsizetype options = first.indexOf(QLatin1String(" [options]"));
    const QString rest = options >= 0 ? first.mid(options) : QString();
    return QStringLiteral("Usage: devassign ") + command + rest + text.mid(lineEnd);
}

bool parseArgs(QCommandLineParser &parser, const QStringList &args, int minPositional, int maxPositional,
               QTextStream &out, QTextStream &err)
{
    const QString command = args.value(0);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList argv = args;
    argv[0] = QStringLiteral("devassign ") + command;
    if (!parser.parse(argv)) {
        printError(err, command, QStringLiteral("%1 (see devassign %2 --help)").arg(parser.errorText(), command));
        return false;
    }
    if (parser.isSet(help)) {
        out << helpTextFor(parser, command);
        return false;
    }
    const int n = parser.positionalArguments().size();
    if (n < minPositional || (maxPositional >= 0 && n > maxPositional)) {
        QString expected = QString::number(minPositional);
        if (maxPositional < 0)
            expected = QStringLiteral("at least %1").arg(minPositional);
        else if (maxPositional != minPositional)
            expected = QStringLiteral("%1 to %2").arg(minPositional).arg(maxPositional);
        printError(err, command, QStringLiteral("expected %1 argument(s), got %2 (see devassign %3 --help)")
                                     .arg(expected, QString::number(n), command));
        return false;
    }
    return true;
}

void printError(QTextStream &err, const QString &command, const QString &text)
{
    err << "devassign " << format::oneLine(command) << ": " << format::oneLine(text) << "\n";
}

void printError(QTextStream &err, const QString &command, const QString &file, const QString &text)
{
    printError(err, command, file + QStringLiteral(": ") + text);
}

} // namespace devassign::cli
