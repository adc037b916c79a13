// SPDX-License-Identifier: GPL-2.0-or-later
#include "cliutil.h"

namespace devassign::cli {

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
        err << "devassign " << command << ": " << parser.errorText() << "\n";
        return false;
    }
    if (parser.isSet(help)) {
        out << parser.helpText();
        return false;
    }
    const int n = parser.positionalArguments().size();
    if (n < minPositional || (maxPositional >= 0 && n > maxPositional)) {
        err << "devassign " << command << ": expected ";
        if (maxPositional == minPositional)
            err << minPositional;
        else if (maxPositional < 0)
            err << "at least " << minPositional;
        else
            err << minPositional << " to " << maxPositional;
        err << " argument(s), got " << n << " (see devassign " << command << " --help)\n";
        return false;
    }
    return true;
}

} // namespace devassign::cli
