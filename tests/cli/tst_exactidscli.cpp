// SPDX-License-Identifier: GPL-3.0-or-later
// Item ids above 2^53 end to end: the real `metricbridge` imports a CSV whose order ids start at
// 9007199254740993 (2^53 + 1, the first whole number a double cannot hold), and every digit comes
// back in `dataset export`, in the predictions a trained run stored, and in `dataset import`'s
// refusal of an id too large for 64 bits. A double rounded each such id to its even neighbour.
#include "db/Database.h"
#include "db/EvaluationRepository.h"
#include "tests/support/CommandRun.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <memory>

namespace {

using Run = mbtest::CommandRun;

const QString kProject = QStringLiteral("Orders");
constexpr int kRows = 300;
constexpr std::int64_t kFirstId = 9007199254740993; // 2^53 + 1

Run metricbridge(const QStringList &arguments)
{
    return mbtest::runMetricbridge(arguments);
}

// The order id of data row `row` (from 1): odd numbers past 2^53, none of which a double holds.
std::int64_t orderId(std::int64_t row)
{
    return kFirstId + 2 * (row - 1);
}

// Orders with two features and whether the customer bought again, which the features decide.
QByteArray ordersCsv()
{
    QByteArray csv = "order_id,items,discount,bought\n";
    for (int row = 1; row <= kRows; ++row) {
        const int items = (row * 7) % 10;
        const double discount = ((row * 13) % 17) / 4.0;
        csv += QByteArray::number(qint64(orderId(row))) + ',' + QByteArray::number(items) + ',' +
               QByteArray::number(discount) + ',' + (items + discount > 6 ? "1" : "0") + '\n';
    }
    return csv;
}

} // namespace

class tst_ExactIdsCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportWritesEveryDigitOfEachId();
    void aTrainedRunsPredictionsKeepEveryDigitOfEachId();
    void anIdBeyondSixtyFourBitsIsRefusedWithItsLineAndColumn();

private:
    QString workspace() const { return m_dir->filePath(QStringLiteral("orders.mbw")); }
    QString write(const QString &name, const QByteArray &bytes) { return mbtest::writeIn(m_dir->path(), name, bytes); }

    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_version = 0, m_split = 0;
};

void tst_ExactIdsCli::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const Run created = metricbridge({"project", "create", "--workspace", workspace(), "--name", kProject});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const Run imported = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject, "--file",
                                       write(QStringLiteral("orders.csv"), ordersCsv()), "--target", "bought",
                                       "--ignore", "order_id", "--split", "random:0.2,0.2", "--json"});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    const QJsonObject version = QJsonDocument::fromJson(imported.out).object();
    m_version = version.value(QStringLiteral("id")).toInteger();
    m_split = version.value(QStringLiteral("split"))[QStringLiteral("id")].toInteger();
    QVERIFY(m_version > 0 && m_split > 0);
}

void tst_ExactIdsCli::exportWritesEveryDigitOfEachId()
{
    const QString out = m_dir->filePath(QStringLiteral("test.csv"));
    const Run exported = metricbridge({"dataset", "export", "--workspace", workspace(), "--version",
                                       QString::number(m_version), "--part", "test", "--out", out});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QList<QByteArray> lines = mbtest::fileBytes(out).trimmed().split('\n');
    QCOMPARE(lines.takeFirst().trimmed(), QByteArray("row,id,order_id,items,discount,bought"));
    QVERIFY(lines.size() >= kRows / 10);
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.trimmed().split(',');
        const QByteArray expected = QByteArray::number(qint64(orderId(fields.at(0).toLongLong())));
        QCOMPARE(fields.at(1), expected); // the id column
        QCOMPARE(fields.at(2), expected); // order_id itself
    }
}

void tst_ExactIdsCli::aTrainedRunsPredictionsKeepEveryDigitOfEachId()
{
    const QString config = write(QStringLiteral("run.json"),
                                 QJsonDocument(mbtest::linearRunConfig(QStringLiteral("orders"), m_version, m_split,
                                                                       QStringLiteral("binary"),
                                                                       QStringLiteral("bought"), 2))
                                     .toJson());
    const Run trained = metricbridge({"train", "--workspace", workspace(), "--project", kProject, "--config", config});
    QVERIFY2(trained.exitCode == 0, trained.err.constData());
    const qint64 run = mbtest::startedRunId(trained.out);
    QVERIFY(run > 0);

    mb::db::Database database(workspace(), mb::db::Database::Mode::ReadOnly);
    mb::db::EvaluationRepository evaluations(database);
    const mb::Result<QList<mb::db::EvaluationRecord>> stored = evaluations.evaluationsOf(run);
    QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error()));
    QVERIFY(!stored->isEmpty()); // the test part, and the validation part it is chosen on
    for (const mb::db::EvaluationRecord &evaluation : *stored) {
        const mb::Result<std::vector<std::int64_t>> ids = evaluations.integerColumn(evaluation.id, QStringLiteral("id"));
        const mb::Result<std::vector<double>> rows = evaluations.column(evaluation.id, QStringLiteral("row"));
        QVERIFY2(ids.ok() && rows.ok(), qPrintable(!ids.ok() ? ids.error() : !rows.ok() ? rows.error() : QString()));
        QCOMPARE(std::int64_t(ids->size()), evaluation.items);
        QCOMPARE(ids->size(), rows->size());
        for (std::size_t i = 0; i < ids->size(); ++i)
            QCOMPARE((*ids)[i], orderId(std::int64_t((*rows)[i]) + 1)); // the store's rows count from 0
    }

    // `export predictions` writes them as stored: every digit, each row's own id.
    const QString out = m_dir->filePath(QStringLiteral("predictions.csv"));
    const Run exported = metricbridge({"export", "predictions", "--workspace", workspace(), "--run",
                                       QString::number(run), "--out", out});
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QList<QByteArray> lines = mbtest::fileBytes(out).trimmed().split('\n');
    const QList<QByteArray> header = lines.takeFirst().trimmed().split(',');
    const qsizetype rowField = header.indexOf("row"), idField = header.indexOf("id");
    QVERIFY(rowField >= 0 && idField >= 0);
    QVERIFY(!lines.isEmpty());
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.trimmed().split(',');
        QCOMPARE(fields.at(idField), QByteArray::number(qint64(orderId(fields.at(rowField).toLongLong()))));
    }
}

void tst_ExactIdsCli::anIdBeyondSixtyFourBitsIsRefusedWithItsLineAndColumn()
{
    const QString file = write(QStringLiteral("too_large.csv"),
                               "order_id,items,bought\n1,2,0\n99999999999999999999,3,1\n4,5,1\n");
    const Run refused = metricbridge({"dataset", "import", "--workspace", workspace(), "--project", kProject, "--file",
                                      file, "--target", "bought", "--ignore", "order_id"});
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(mbtest::reasonLine(refused),
             QByteArray("metricbridge: line 3, column 'order_id': '99999999999999999999' does not fit a 64-bit "
                        "integer id (from -9223372036854775807 to 9223372036854775807)"));
    const Run listed = metricbridge({"dataset", "list", "--workspace", workspace(), "--project", kProject, "--json"});
    QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 1); // only the orders imported first
}

QTEST_GUILESS_MAIN(tst_ExactIdsCli)
#include "tst_exactidscli.moc"
