// SPDX-License-Identifier: GPL-3.0-or-later
// Business-metric expressions from arbitrary text, checked as the framing editor checks them and
// evaluated as a run is judged (ItemExpression per item, OuterExpression over the aggregates), on a
// small table with a zero and a negative value. The input's first line is the item expression,
// the second the outer one; its length picks the selection and the aggregate.

#include "core/ExpressionChecker.h"
#include "core/business/BusinessMetricEngine.h"
#include "tests/fuzz/FuzzSupport.h"

namespace {

const mb::business::PredictionTable &table()
{
    static const mb::business::PredictionTable t = [] {
        mb::business::PredictionTable made;
        made.itemIds = {101, 102, 103, 104, 105, 106};
        made.label = {1, 0, 1, 0, 1, 0};
        made.score = {0.9, 0.8, 0.4, 0.3, 0.6, 0.1};
        made.predicted = {1, 1, 0, 0, 1, 0};
        made.setColumn(QStringLiteral("order_value"), {100, 0, 80, -20, 10, 40});
        made.setColumn(QStringLiteral("cost"), {1, 2, 0, 4, 5, 6});
        return made;
    }();
    return t;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const QString text = QString::fromUtf8(mbfuzz::bytesOf(data, size));
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    const QString item = newline < 0 ? text : text.left(newline);
    const QString outer = newline < 0 ? QString() : text.mid(newline + 1).section(QLatin1Char('\n'), 0, 0);

    QStringList itemSymbols = mb::itemSymbols();
    itemSymbols << QStringLiteral("order_value") << QStringLiteral("cost");
    const mb::ExpressionCheck check = mb::checkExpression(item, itemSymbols);
    if (!check.ok && check.message.isEmpty())
        std::abort(); // a refusal must say why

    mb::BusinessMetric metric;
    metric.name = QStringLiteral("value");
    metric.selection = mb::Selection(size % 4);
    metric.selectionParameter = metric.selection == mb::Selection::TopK ? 3 : 0.5;
    metric.aggregates = {{QStringLiteral("revenue"), item, mb::Aggregate((size / 4) % 4)}};
    metric.outerExpression = outer;
    const auto value = mb::business::evaluateBusinessMetric(metric, table(), {QStringLiteral("order_value")});
    if (!value && value.error().isEmpty())
        std::abort();
    return 0;
}
