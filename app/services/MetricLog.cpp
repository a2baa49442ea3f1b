// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/MetricLog.h"

#include "app/services/ExternalRuns.h"
#include "core/MetricLine.h"
#include "db/MetricSeriesStore.h"

#include <QHash>
#include <QIODevice>

#include <string_view>
#include <vector>

namespace mb::services {
namespace {

struct Points {
    QList<QString> names; // in order of first appearance
    std::vector<int> series;
    std::vector<std::int64_t> steps;
    std::vector<double> values;
};

// Every line of `input`, parsed; the first bad line is refused with its number.
Result<Points> readPoints(QIODevice &input)
{
    Points points;
    QHash<QString, int> index;
    QByteArray pending; // a line cut by the end of a block
    std::int64_t lineNumber = 0;
    const auto takeLine = [&](std::string_view line) -> Status {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            return success();
        Result<MetricPoint> point = parseMetricLine(line);
        if (!point)
            return Error{QStringLiteral("line %1: %2").arg(lineNumber).arg(point.error())};
        auto found = index.constFind(point->name);
        if (found == index.constEnd()) {
            found = index.insert(point->name, int(points.names.size()));
            points.names.append(point->name);
        }
        points.series.push_back(*found);
        points.steps.push_back(point->step);
        points.values.push_back(point->value);
        return success();
    };
    constexpr qint64 kBlock = 1 << 20;
    for (;;) {
        // A blocking read: a pipe's data as it comes, empty only at its end.
        const QByteArray block = input.read(kBlock);
        if (block.isEmpty())
            break;
        pending += block;
        const std::string_view text(pending.constData(), std::size_t(pending.size()));
        std::size_t begin = 0;
        for (std::size_t end = text.find('\n'); end != std::string_view::npos; end = text.find('\n', begin)) {
            if (Status taken = takeLine(text.substr(begin, end - begin)); !taken)
                return Error{taken.error()};
            begin = end + 1;
        }
        pending.remove(0, qsizetype(begin));
    }
    if (!pending.isEmpty())
        if (Status taken = takeLine(std::string_view(pending.constData(), std::size_t(pending.size()))); !taken)
            return Error{taken.error()};
    return points;
}

} // namespace

Result<MetricLogOutcome> logMetricLines(db::Database &db, std::int64_t runId, QIODevice &input)
{
    if (Result<db::RunRecord> run = runTakingLogs(db, runId); !run)
        return Error{run.error()};
    Result<Points> points = readPoints(input);
    if (!points)
        return Error{points.error()};

    db::MetricSeriesWriter writer(db, runId);
    std::vector<int> handles;
    for (const QString &name : points->names) {
        Result<int> handle = writer.series(name);
        if (!handle)
            return Error{handle.error()};
        handles.push_back(*handle);
    }
    for (std::size_t i = 0; i < points->steps.size(); ++i)
        if (Status appended =
                writer.append(handles[std::size_t(points->series[i])], points->steps[i], points->values[i]);
            !appended)
            return Error{appended.error()};
    if (Status flushed = writer.flush(); !flushed)
        return Error{flushed.error()};
    MetricLogOutcome outcome;
    outcome.points = std::int64_t(points->steps.size());
    outcome.series = int(points->names.size());
    return outcome;
}

} // namespace mb::services
