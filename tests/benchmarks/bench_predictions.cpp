// SPDX-License-Identifier: GPL-3.0-or-later
// Stored predictions for ./scripts/bench:
//   prediction_bytes_per_item   bytes of prediction_columns data per evaluated item of a binary
//                               task (goal <= 20): the columns every binary run stores (row, id,
//                               label, score, predicted), with the score a float32 network's
//                               probability, stored by services::storePredictionEvaluation into a
//                               real workspace built in a temporary folder
//   prediction_column_read_ms   reading those columns back (checksums verified), 1 000 000 items
#include "app/services/DatasetImport.h"
#include "app/services/PredictionEvaluation.h"
#include "core/data/ItemColumns.h"
#include "db/Database.h"
#include "db/DatasetRepository.h"
#include "db/EvaluationRepository.h"
#include "db/ProjectRepository.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cmath>
#include <cstdint>

using namespace mb;

namespace {

constexpr int kRows = 1000000;

// A binary table with an id column (the version's first ignored column), two features and a 0/1
// label that depends on them.
QByteArray binaryCsv()
{
    QByteArray csv("post_id,x1,x2,clicked\n");
    csv.reserve(qsizetype(kRows) * 28);
    std::uint64_t state = 2024;
    for (int r = 0; r < kRows; ++r) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double a = double(state >> 11) / double(1ULL << 53);
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double b = double(state >> 11) / double(1ULL << 53);
        csv += QByteArray::number(100000000 + r) + ',' + QByteArray::number(a, 'f', 4) + ',' +
               QByteArray::number(b, 'f', 4) + ',' + (a + 0.3 * b > 0.65 ? "1" : "0") + '\n';
    }
    return csv;
}

void fail(const QString &message)
{
    qFatal("%s", qPrintable(message));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString csvPath = dir.filePath(QStringLiteral("clicks.csv"));
    QFile csv(csvPath);
    if (!csv.open(QIODevice::WriteOnly) || csv.write(binaryCsv()) < 0)
        fail(QStringLiteral("cannot write the CSV"));
    csv.close();

    Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::create(dir.filePath(QStringLiteral("w.mbw")));
    if (!workspace)
        fail(workspace.error());
    db::Database &database = (*workspace)->database();
    const std::int64_t project = db::ProjectRepository(database).create(QStringLiteral("clicks"))->id;
    services::DatasetImportRequest request;
    request.file = csvPath;
    request.options.targets = {QStringLiteral("clicked")};
    request.options.overrides[QStringLiteral("post_id")].ignore = true; // the id column
    const Result<services::DatasetImportOutcome> imported = services::importDataset(database, project, request);
    if (!imported)
        fail(imported.error());
    const Result<data::Dataset> dataset = db::DatasetRepository(database).load(imported->version.id);
    if (!dataset)
        fail(dataset.error());

    // Every row evaluated, as a held-out part would be: a logistic model's probability computed in
    // float32, the precision the worker's networks compute it in (core/training/Predictor).
    std::vector<std::int64_t> rows(static_cast<std::size_t>(kRows));
    std::vector<double> label(rows.size()), score(rows.size()), predicted(rows.size());
    const std::vector<double> &x1 = dataset->column(QStringLiteral("x1"))->values;
    const std::vector<double> &x2 = dataset->column(QStringLiteral("x2"))->values;
    const std::vector<double> &y = dataset->column(QStringLiteral("clicked"))->values;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] = std::int64_t(i);
        const float logit = 9.0f * float(x1[i]) + 2.7f * float(x2[i]) - 5.85f;
        const float probability = 1.0f / (1.0f + std::exp(-logit));
        label[i] = y[i];
        score[i] = double(probability);
        predicted[i] = probability >= 0.5f ? 1.0 : 0.0;
    }
    std::vector<db::PredictionColumn> columns =
        data::rowAndItemColumns(data::itemColumns(*dataset, {QStringLiteral("clicked")}), rows);
    columns.emplace_back(QStringLiteral("label:clicked"), label);
    columns.emplace_back(QStringLiteral("score:clicked"), score);
    columns.emplace_back(QStringLiteral("predicted:clicked"), predicted);

    db::RunRecord run;
    run.projectId = project;
    run.config = QJsonObject{{QStringLiteral("bench"), true}};
    const std::int64_t runId = db::RunRepository(database).create(run)->id;
    db::EvaluationRecord record;
    record.runId = runId;
    record.datasetVersionId = imported->version.id;
    record.part = QStringLiteral("all");
    record.items = kRows;
    evaluation::PredictedTarget target;
    target.name = QStringLiteral("clicked");
    const Result<db::EvaluationRecord> stored =
        services::storePredictionEvaluation(database, record, columns, {target}, false);
    if (!stored)
        fail(stored.error());

    const std::int64_t bytes =
        database.queryInt(QByteArray("SELECT sum(length(data)) FROM prediction_columns WHERE evaluation_id = " +
                                     QByteArray::number(qint64(stored->id)))
                              .constData());
    mbbench::printFigure("prediction_bytes_per_item", double(bytes) / double(kRows), "bytes");

    db::PredictionColumnReader reader(database);
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        const Result<std::vector<db::PredictionColumn>> read =
            reader.columns(stored->id, [](const QStringList &names) { return names; });
        if (!read || read->size() != columns.size())
            fail(read ? QStringLiteral("columns missing") : read.error());
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    mbbench::printFigure("prediction_column_read_ms", mbbench::median(times), "ms");
    return 0;
}
