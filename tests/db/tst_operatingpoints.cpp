// SPDX-License-Identifier: GPL-3.0-or-later
// A run's operating point: the threshold chosen on its profit curve is stored with the metric and
// value, choosing again keeps the history and makes the newest current, stored rows are never
// changed, and bad input (no such run, a threshold that is not a number) is refused with nothing
// written.
#include "db/Database.h"
#include "db/OperatingPointRepository.h"
#include "db/ProjectRepository.h"
#include "db/Workspace.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace mb;
using namespace mb::db;

class tst_OperatingPoints : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto created = Workspace::create(m_dir->filePath(QStringLiteral("w.mbw")));
        QVERIFY(created);
        m_workspace = std::move(created).value();
        const std::int64_t project = ProjectRepository(db()).create(QStringLiteral("p"))->id;
        db().exec(QByteArray("INSERT INTO runs(id, project_id, name, status, config, config_sha256, seed, threads, "
                             "app_version, build_commit, libtorch_version, host, queued_at) VALUES (7, " +
                             QByteArray::number(project) +
                             ", 'engagement model', 'finished', '{}', 'x', 1, 1, '0', 'c', '2', 'h', "
                             "'2026-01-01T00:00:00.000Z')")
                      .constData());
    }

    void theNewestChoiceIsCurrentAndTheHistoryIsKept()
    {
        OperatingPointRepository points(db());
        QVERIFY(!points.current(7)->has_value());
        const Result<OperatingPoint> first = points.choose(7, QStringLiteral("feed_value"), 0.42, 5874.0);
        QVERIFY(first);
        QVERIFY(points.choose(7, QStringLiteral("feed_value"), 0.147, std::nullopt));
        const std::optional<OperatingPoint> current = *points.current(7);
        QVERIFY(current.has_value());
        QCOMPARE(current->threshold, 0.147);
        QVERIFY(!current->value.has_value());
        const QList<OperatingPoint> history = *points.history(7);
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(1).threshold, 0.42);
        QCOMPARE(history.at(1).value, std::optional<double>(5874.0));
        QCOMPARE(history.at(1).metric, QStringLiteral("feed_value"));
    }

    void storedPointsAreNeverChanged()
    {
        QVERIFY(OperatingPointRepository(db()).choose(7, QStringLiteral("m"), 0.5, 1.0));
        QVERIFY_THROWS_EXCEPTION(SqlError, db().exec("UPDATE operating_points SET threshold = 0.9"));
        QCOMPARE(OperatingPointRepository(db()).current(7)->value().threshold, 0.5);
    }

    void badChoicesAreRefusedAndNothingIsStored()
    {
        OperatingPointRepository points(db());
        const Result<OperatingPoint> noRun = points.choose(99, QStringLiteral("m"), 0.5, 1.0);
        QVERIFY(!noRun);
        QVERIFY2(noRun.error().contains(QLatin1String("no run 99")), qPrintable(noRun.error()));
        QVERIFY(!points.choose(7, QStringLiteral("m"), std::nan(""), 1.0));
        QVERIFY(!points.choose(7, QStringLiteral("  "), 0.5, 1.0));
        QCOMPARE(db().queryInt("SELECT count(*) FROM operating_points"), std::int64_t(0));
    }

private:
    Database &db() { return m_workspace->database(); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
};

QTEST_APPLESS_MAIN(tst_OperatingPoints)
#include "tst_operatingpoints.moc"
