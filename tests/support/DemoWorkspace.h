// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A test's own copy of the demo workspace, opened: the set-up most page and store tests share.

#include "db/Workspace.h"
#include "tests/support/DemoFixture.h"

#include <memory>

namespace mbtest {

// Copies the demo fixture into `folder` (copyDemoFixture) and opens the copy. On failure returns
// null and says why in `problem`, for the test's failure message:
//     m_workspace = mbtest::openDemoCopy(m_dir->path(), &problem, &m_path);
//     QVERIFY2(m_workspace, qPrintable(problem));
// `path`, when given, receives the copy's path.
inline std::unique_ptr<mb::db::Workspace> openDemoCopy(const QString &folder, QString *problem,
                                                       QString *path = nullptr)
{
    const QString copy = copyDemoFixture(folder, problem);
    if (path)
        *path = copy;
    if (copy.isEmpty())
        return nullptr;
    auto opened = mb::db::Workspace::open(copy);
    if (!opened) {
        if (problem)
            *problem = QStringLiteral("cannot open the copy of the demo fixture %1: %2").arg(copy, opened.error());
        return nullptr;
    }
    return std::move(opened).value();
}

} // namespace mbtest
