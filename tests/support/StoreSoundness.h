// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/Database.h"
#include "db/Deletion.h"
#include "db/WorkspaceCheck.h"

#include <QTest>

#include <cstdint>

namespace mbtest {

// What a deletion (or its undo) must leave behind: a workspace `workspace check` finds sound, and
// no stored bytes that no run names any more. Fails the calling test on the first problem.
inline void verifyStoreSound(mb::db::Database &db)
{
    const mb::Result<mb::db::WorkspaceCheckReport> report = mb::db::checkWorkspace(db);
    QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error()));
    QVERIFY2(report->sound(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    QCOMPARE(*mb::db::Deletion(db).unnamedArtifactCount(), std::int64_t(0));
}

} // namespace mbtest
