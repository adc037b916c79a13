// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// What one analyze() keeps for the next on the same host, so that re-analysis after an edit does
// the work of the domains the edit touched (docs/performance.md, "Re-analysis"): each domain's
// plan (core/planner.h PlanMemo), the partial DTB and guest tree size made from it, which the
// checks guest-dt-too-big and xen-reg-cells read, and the findings of every per-domain rule. The studio keeps one per open project; the CLI
// analyses once and needs none. A cached analysis is the same as a fresh one (tst_analysiscache).

#include "guestdt.h"
#include "planner.h"
#include "scmipolicy.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace devassign {

struct AnalysisCache {
    // The host the memos were made on; another host (or another tree at the same address) clears them.
    const HostModel *model = nullptr;
    QString modelSha256;
    PlanCache plans;

    // One domain's partial DTB (and guest tree size, once measured) as made from the plan of
    // generation `planGeneration` (made for one platform) and the mediated SCMI channel it names.
    struct PartialDtbMemo {
        quint64 planGeneration = 0;
        std::optional<ScmiChannel> channel;
        QByteArray dtb;
        std::optional<GuestDtSize> guestSize;
    };
    QHash<QString, PartialDtbMemo> partialDtbs; // by domain name

    // One domain's findings of the per-domain rules (core/checks/check.h DomainCheckFunction) by
    // rule id, made from the plan of generation `planGeneration` for the SCMI channel `channel`.
    struct FindingsMemo {
        quint64 planGeneration = 0;
        std::optional<ScmiChannel> channel;
        QHash<QString, QVector<Diagnostic>> byRule;
    };
    QHash<QString, FindingsMemo> findings; // by domain name

    void clear() { *this = AnalysisCache(); }
};

} // namespace devassign
