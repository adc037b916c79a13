// SPDX-License-Identifier: GPL-2.0-or-later
#include "studiooptions.h"

#include <cstring>

namespace devassign::studio {

StudioOptions describeStudioOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Assign devices to Xen on Arm domains, check and export."));
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A project (*.devassign.json) or a host DTB/DTS to start from."),
                                 QStringLiteral("[PROJECT|DTB]"));
    StudioOptions o{parser.addHelpOption(),
                    parser.addVersionOption(),
                    QCommandLineOption(QStringLiteral("screenshot"),
                                       QStringLiteral("Render the window into a PNG and exit."), QStringLiteral("FILE")),
                    QCommandLineOption(QStringLiteral("size"), QStringLiteral("Window size for --screenshot (default 1400x900)."),
                                       QStringLiteral("WxH"), QStringLiteral("1400x900")),
                    QCommandLineOption(QStringLiteral("view"),
                                       QStringLiteral("What --screenshot renders: main (the window), audit, memory or irq."),
                                       QStringLiteral("VIEW"), QStringLiteral("main"))};
    parser.addOption(o.screenshot);
    parser.addOption(o.size);
    parser.addOption(o.view);
    return o;
}

bool asksForHelpOrVersion(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!std::strcmp(a, "--"))
            return false; // what follows is a file name, even "--help"
        if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help") || !std::strcmp(a, "-?") || !std::strcmp(a, "--help-all")
            || !std::strcmp(a, "-v") || !std::strcmp(a, "--version"))
            return true;
    }
    return false;
}

} // namespace devassign::studio
