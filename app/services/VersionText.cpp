// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/VersionText.h"

#include "core/BuildInfo.h"
#include "core/ExpressionChecker.h"
#include "core/TorchInfo.h"
#include "db/Database.h"

namespace mb::services {

QString versionText()
{
    return QStringLiteral("%1 %2 (commit %3)\nQt %4, LibTorch %5, SQLite %6, muparser %7\n")
        .arg(applicationName(), applicationVersion(), buildCommit(), QString::fromLatin1(qVersion()),
             training::libtorchVersion(), db::Database::sqliteVersion(), muparserVersion());
}

} // namespace mb::services
