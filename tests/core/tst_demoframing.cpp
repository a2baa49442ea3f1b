// SPDX-License-Identifier: GPL-3.0-or-later
// The demo's framings, read from the framing files bundled from resources/demo/: the history the
// seeds tell, stored under the same SHA-256 as when they were C++ (so demo workspaces built before
// keep their framing versions), valid, and written in the canonical form `framing set` stores.

#include "core/DemoFraming.h"
#include "core/FramingJson.h"
#include "core/FramingValidator.h"
#include "resources/BundledResources.h"

#include <QCryptographicHash>
#include <QTest>

using namespace mb;

namespace {

QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestDemoFraming : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theHistoryGoesFromEngagementAloneToEngagementAndQuality()
    {
        const QList<DemoFramingStep> history = demoNewsfeedHistory();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(0).framing.taskType, TaskType::Binary);
        QCOMPARE(history.at(0).framing.targetColumns, QStringList{QStringLiteral("engagement")});
        QCOMPARE(history.at(0).note, QStringLiteral("Maximise engagement"));
        QCOMPARE(history.at(1).framing.taskType, TaskType::TwoObjectiveRanking);
        QCOMPARE(history.at(1).framing.targetColumns,
                 (QStringList{QStringLiteral("quality"), QStringLiteral("engagement")}));
        QVERIFY(history.at(1).note.startsWith(QStringLiteral("Extreme posts won the clicks")));
        QVERIFY(sameFraming(history.constLast().framing, demoNewsfeedFraming()));
        QCOMPARE(demoProjectName(), QStringLiteral("Newsfeed ranking"));
    }

    // The hashes the demo's framing versions were stored under when the framings were C++ code.
    void storedVersionsKeepTheirHashes()
    {
        const QList<DemoFramingStep> history = demoNewsfeedHistory();
        QCOMPARE(sha256Hex(framingToBytes(history.at(0).framing)),
                 QByteArray("c87b75f24ad70b5319dd7e17e6604be233726249af126969f477222d54e679ab"));
        QCOMPARE(sha256Hex(framingToBytes(history.at(1).framing)),
                 QByteArray("8083f47d2fd7def90ff932cee8490da0b09f7fdde1e0a8e4e9e7eafcd7118fd7"));
    }

    void everyDemoFramingIsValid()
    {
        for (const DemoFramingStep &step : demoNewsfeedHistory())
            QVERIFY2(validateFraming(step.framing).isEmpty(),
                     qPrintable(describeProblems(validateFraming(step.framing))));
    }

    // A user who copies a bundled file and runs `framing set --file` on it stores exactly it.
    void theBundledFilesAreInCanonicalForm()
    {
        for (const QString &file : {QStringLiteral("demo/newsfeed-engagement-only.framing.json"),
                                   QStringLiteral("demo/newsfeed.framing.json")}) {
            const std::optional<QByteArray> bytes = resources::readBundledFile(file);
            QVERIFY2(bytes.has_value(), qPrintable(file));
            const Result<Framing> framing = framingFromBytes(*bytes);
            QVERIFY2(framing, qPrintable(framing ? QString() : framing.error()));
            QCOMPARE(framingToBytes(*framing), *bytes);
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoFraming)
#include "tst_demoframing.moc"
