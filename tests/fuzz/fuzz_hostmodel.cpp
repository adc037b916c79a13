// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the host-DTB loader: HostModel::fromBlob on arbitrary bytes, then the
// `devassign inspect` renderings of whatever model it accepted. A crash, a sanitizer report, or a
// broken contract (no model and no error, or an error that does not name the source) fails the run.

#include "hostmodel.h"
#include "inspect.h"

#include <QJsonArray>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4 * 1024 * 1024)
        return 0;
    const QByteArray blob(reinterpret_cast<const char *>(data), int(size));
    const QString source = QStringLiteral("fuzz.dtb");
    QString error;
    const auto model = devassign::HostModel::fromBlob(blob, source, &error);
    if (!model) {
        // The contract: nullptr comes with one line "<source>: <problem>".
        if (!error.startsWith(source + QStringLiteral(": ")) || error.size() <= source.size() + 2
            || error.contains(QLatin1Char('\n')))
            abort();
        return 0;
    }
    const QJsonObject json = devassign::inspectToJson(*model, {});
    if (json.value(QStringLiteral("devices")).toArray().size() != model->devices().size())
        abort();
    (void)devassign::inspectToTable(*model, {});
    (void)model->memoryBanks();
    (void)model->gic();
    return 0;
}
