// SPDX-License-Identifier: GPL-3.0-or-later
// The run query language at scale, in memory (core/query, docs/QUERY.md):
//   query_10k_runs_ms   compile the issue's example query and match it against 10 000 runs with
//                       metrics, config, tags and dates: the median of several (target <= 20 ms)
// Prints `name: value unit`.
#include "core/query/Query.h"
#include "tests/benchmarks/BenchmarkOutput.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <random>
#include <vector>

using namespace mb;

namespace {

constexpr int kRuns = 10000;
constexpr int kRepeats = 21;

// Runs as the tables hold them: a full config, a dozen metrics, a business metric, some tags.
std::vector<query::RunFields> syntheticRuns()
{
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> uniform(0, 1);
    static const QStringList statuses{QStringLiteral("finished"), QStringLiteral("failed"), QStringLiteral("running")};
    std::vector<query::RunFields> runs;
    runs.reserve(kRuns);
    for (int i = 0; i < kRuns; ++i) {
        query::RunFields run;
        run.id = i + 1;
        run.name = i % 10 == 0 ? QStringLiteral("tmp sweep %1").arg(i) : QStringLiteral("sweep %1").arg(i);
        run.status = statuses.at(i % 7 == 0 ? 1 : i % 11 == 0 ? 2 : 0);
        run.model = QStringLiteral("mlp");
        if (i % 5 == 0)
            run.tags << QStringLiteral("baseline");
        if (i % 3 == 0)
            run.tags << QStringLiteral("sweep-%1").arg(i % 9);
        run.starred = i % 50 == 0;
        run.createdSeconds = 1796083200.0 + i * 60.0;
        run.config = {{QStringLiteral("name"), run.name},
                      {QStringLiteral("epochs"), 10},
                      {QStringLiteral("batch_size"), 64 << (i % 4)},
                      {QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("mlp")},
                                                            {QStringLiteral("hidden"), QJsonArray{64, 32}},
                                                            {QStringLiteral("activation"), QStringLiteral("relu")},
                                                            {QStringLiteral("dropout"), 0.1}}},
                      {QStringLiteral("optimizer"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("adam")},
                                                                {QStringLiteral("lr"), std::pow(10.0, -1 - i % 4)},
                                                                {QStringLiteral("weight_decay"), 0.0}}},
                      {QStringLiteral("seed"), i}};
        for (const char *metric : {"test/roc_auc", "test/accuracy", "test/log_loss", "validation/roc_auc",
                                   "validation/accuracy", "validation/loss", "epoch/train_loss", "latency_p99_ms"})
            run.numbers.insert(QLatin1String(metric), uniform(random));
        run.numbers.insert(QStringLiteral("revenue"), 100 * uniform(random));
        run.texts.insert(QStringLiteral("optimizer"), QStringLiteral("adam"));
        run.searchText = QStringLiteral("#%1 %2 %3 mlp adam %4")
                             .arg(i + 1)
                             .arg(run.status, run.name.toLower(), run.tags.join(QLatin1Char(' ')));
        runs.push_back(std::move(run));
    }
    return runs;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const std::vector<query::RunFields> runs = syntheticRuns();
    const query::FieldCatalog catalog =
        query::catalogOf(runs, {QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("finished"),
                                QStringLiteral("failed"), QStringLiteral("cancelled"), QStringLiteral("diverged"),
                                QStringLiteral("interrupted")});
    const QString text = QStringLiteral(R"(status = finished and test/roc_auc > 0.5 and (config.lr < 0.01 or )"
                                        R"(tag = baseline) and not name ~ "tmp")");
    std::vector<double> times;
    int matched = 0;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
        QElapsedTimer timer;
        timer.start();
        const Result<query::Query> query = query::Query::compile(text, catalog);
        if (!query) {
            QTextStream(stderr) << query.error() << '\n';
            return 1;
        }
        matched = 0;
        for (const query::RunFields &run : runs)
            matched += query->matches(run) ? 1 : 0;
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    // A query that matches nothing would measure nothing: the example keeps a share of the runs.
    if (matched == 0 || matched == kRuns) {
        QTextStream(stderr) << "bench_query: the query kept " << matched << " of " << kRuns << " runs\n";
        return 1;
    }
    mbbench::printFigure("query_10k_runs_ms", mbbench::median(times), "ms");
    return 0;
}
