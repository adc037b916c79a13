// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the project-file loader (docs/project-format.md): projectFromJson on
// arbitrary bytes. A crash, a sanitizer report, or a broken contract fails the run:
//  - a refusal is one line naming the file;
//  - every warning is one line;
//  - an accepted project survives a round trip: projectToJson, loaded again, is the same project
//    and serialises to the same bytes (unknown keys included).

#include "project.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace devassign;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024 * 1024)
        return 0;
    const QByteArray json(reinterpret_cast<const char *>(data), int(size));
    const QString source = QStringLiteral("fuzz.devassign.json");
    QStringList warnings;
    const Result<Project> loaded = projectFromJson(json, source, &warnings);
    for (const QString &w : warnings)
        if (w.isEmpty() || w.contains(QLatin1Char('\n')))
            abort();
    if (!loaded) {
        const QString &error = loaded.error();
        if (!error.startsWith(source + QStringLiteral(": ")) || error.size() <= source.size() + 2
            || error.contains(QLatin1Char('\n'))) {
            fprintf(stderr, "fuzz_project: refusal is not one line naming the file: %s\n", qPrintable(error));
            abort();
        }
        return 0;
    }
    const QByteArray saved = projectToJson(loaded.value());
    const Result<Project> again = projectFromJson(saved, source, nullptr);
    if (!again)
        abort(); // what devassign writes it must read back
    if (!(again.value() == loaded.value()))
        abort();
    if (projectToJson(again.value()) != saved)
        abort();
    return 0;
}
