// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The demo workspace (`metricbridge demo`: the newsfeed project with its four runs trained and its
// policy saved), built once per ctest run by the test fixtures/demo-workspace
// (tests/support/BuildDemoFixture.cmake) instead of by every test that needs one. A test copies it
// into a folder of its own and works on the copy, so tests stay independent and the shared file
// is never written. METRICBRIDGE_DEMO_FIXTURE comes from tests/CMakeLists.txt, as does the
// FIXTURES_REQUIRED that makes ctest build the fixture first.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace mbtest {

inline QString demoFixturePath()
{
    return QStringLiteral(METRICBRIDGE_DEMO_FIXTURE);
}

// Copies the demo workspace into `folder` as `name` and returns the copy's path; on failure returns
// an empty path and says why in `problem`, for the test's failure message:
//     const QString path = mbtest::copyDemoFixture(m_dir->path(), &problem);
//     QVERIFY2(!path.isEmpty(), qPrintable(problem));
inline QString copyDemoFixture(const QString &folder, QString *problem,
                               const QString &name = QStringLiteral("demo.mbw"))
{
    const QString fixture = demoFixturePath();
    const auto fail = [problem](const QString &why) {
        if (problem)
            *problem = why;
        return QString();
    };
    if (!QFileInfo(fixture).isFile() || QFileInfo(fixture).size() == 0)
        return fail(QStringLiteral("the demo fixture %1 is missing. ctest builds it first (the test "
                                   "fixtures/demo-workspace); run this test through ctest, e.g. "
                                   "`ctest -R <test>`, or build it with `metricbridge demo --workspace %1`")
                        .arg(fixture));
    // Only the .mbw file is copied: pages still in a -wal file would be missing from the copy.
    // BuildDemoFixture.cmake checks that `demo` left none; this catches a fixture opened since.
    const QFileInfo wal(fixture + QStringLiteral("-wal"));
    if (wal.exists() && wal.size() > 0)
        return fail(QStringLiteral("the demo fixture %1 has a non-empty -wal file: something opened the shared "
                                   "fixture instead of a copy of it")
                        .arg(fixture));
    const QString copy = QDir(folder).filePath(name);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(copy + suffix);
    if (!QFile::copy(fixture, copy))
        return fail(QStringLiteral("cannot copy the demo fixture %1 to %2").arg(fixture, copy));
    // The copy is the test's own to write, whatever the fixture's permissions.
    QFile::setPermissions(copy, QFile::permissions(copy) | QFileDevice::WriteOwner | QFileDevice::ReadOwner);
    return copy;
}

} // namespace mbtest
