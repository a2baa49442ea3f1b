// SPDX-License-Identifier: GPL-3.0-or-later
// muparser's bytecode run over arrays (core/business/VectorisedBytecode) gives, to the bit, what
// muparser's own Parser::Eval() gives item by item: every operator, every built-in function
// muparser defines, ternaries (nested, with a division by zero in the branch not taken), and the
// folded forms its optimiser makes (x^2, 2*x + 1). Bytecode it cannot run is refused, never run
// wrong. Then the same through the business engine: item expressions on a top-k selection and
// every row, and an outer expression at every point of a profit curve, against Eval() per item.

#include "core/business/BusinessCurves.h"
#include "core/business/BusinessMetricEngine.h"
#include "core/business/ItemExpression.h"
#include "core/business/VectorisedBytecode.h"

#include <muParser.h>

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace mb;
using namespace mb::business;

namespace {

// The same double, bit for bit; any NaN matches any NaN (muparser's NaNs come from the same
// operations, but their payload is not what a user sees).
bool sameValue(double a, double b)
{
    if (std::isnan(a) && std::isnan(b))
        return true;
    return std::memcmp(&a, &b, sizeof a) == 0;
}

QString describe(double v)
{
    return QString::number(v, 'g', 17);
}

// Inputs that reach every corner: zeros (divisions by zero, 0^0, log(0)), negatives (domains of
// sqrt, log, asin), ones and halves (ties in comparisons), large and tiny magnitudes, and values
// that repeat so that == and != are true often. No NaN: a stored input is never NaN.
std::vector<double> inputColumn(quint32 seed, std::size_t n)
{
    QRandomGenerator random(seed);
    const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e300, -1e-300, 3.0, 1e-12};
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (random.bounded(4)) {
        case 0:
            values[i] = specials[random.bounded(int(std::size(specials)))];
            break;
        case 1:
            values[i] = double(random.bounded(7)) - 3.0;
            break;
        default:
            values[i] = (random.generateDouble() - 0.3) * std::pow(10.0, random.bounded(-4, 5));
        }
    }
    return values;
}

struct Parsed {
    mu::Parser parser;
    double variables[3] = {0, 0, 0}; // x, y, z
};

// A parser for `expression` over x, y and z, evaluated once (which builds the bytecode).
std::unique_ptr<Parsed> parse(const std::string &expression)
{
    auto parsed = std::make_unique<Parsed>();
    parsed->parser.DefineVar("x", &parsed->variables[0]);
    parsed->parser.DefineVar("y", &parsed->variables[1]);
    parsed->parser.DefineVar("z", &parsed->variables[2]);
    parsed->parser.SetExpr(expression);
    parsed->parser.Eval();
    return parsed;
}

// `expression` over the three columns, vectorised and by Eval() item by item: the first item where
// they differ, described, or an empty string when every item agrees. Fails the same way when the
// expression is not vectorised at all.
QString firstDifference(const std::string &expression, const std::vector<double> (&columns)[3])
{
    std::unique_ptr<Parsed> parsed = parse(expression);
    std::optional<VectorisedBytecode> vectorised = VectorisedBytecode::compile(parsed->parser, parsed->variables, 3);
    if (!vectorised)
        return QStringLiteral("'%1' did not run vectorised").arg(QString::fromStdString(expression));
    const std::size_t n = columns[0].size();
    const double *inputs[3] = {columns[0].data(), columns[1].data(), columns[2].data()};
    std::vector<double> results(n);
    vectorised->evaluate(inputs, n, results.data());
    for (std::size_t i = 0; i < n; ++i) {
        for (int s = 0; s < 3; ++s)
            parsed->variables[s] = columns[s][i];
        const double expected = parsed->parser.Eval();
        if (!sameValue(results[i], expected))
            return QStringLiteral("'%1' at item %2 (x = %3, y = %4, z = %5): %6, muparser %7")
                .arg(QString::fromStdString(expression))
                .arg(i)
                .arg(describe(columns[0][i]), describe(columns[1][i]), describe(columns[2][i]), describe(results[i]),
                     describe(expected));
    }
    return {};
}

} // namespace

class tst_VectorisedBytecode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void equalsEvalPerItem_data();
    void equalsEvalPerItem();
    void everyBuiltInFunctionEqualsEvalPerItem();
    void bytecodeItCannotRunIsRefused_data();
    void bytecodeItCannotRunIsRefused();
    void itemExpressionsEqualEvalPerItem();
    void profitCurveOuterExpressionEqualsEvalPerPoint();
};

void tst_VectorisedBytecode::equalsEvalPerItem_data()
{
    QTest::addColumn<QString>("expression");
    const char *expressions[] = {
        "x", "3.5", "_pi", "-x", "+x", "x + y", "x - y", "x * y", "x / y", "x ^ y", "x^2", "x^3", "x^4",
        "2*x + 1", "x*0.1 + y", "0.5 - 3*x", "x * y * 0.10", "(x + 1) * (y - 2) / (z + 3)", "x / 0",
        "0 / 0 * x", "1e308 * x * 10", "x < y", "x <= y", "x > y", "x >= y", "x == y", "x != y", "x && y",
        "x || y", "x > 0.5 ? y : z", "x ? y / x : -1", "x > 0 ? (y > 0 ? 1 : 2) : (z > 0 ? 3 : y / 0)",
        "(x > y ? x : y) * (z < 0 ? -z : z)", "10*x - 1*y - 5*z", "x / y - 0.01 * z", "100 * x / y",
        "sqrt(x) + ln(y)", "min(x, y, z) + max(x, 1)", "sum(x, y, z, 1, 2)", "avg(x, y)", "x^y^z",
        "(1 - x) * y", "-x^2", "x - -y", "abs(x - y) < 1e-9 ? 1 : 0", "sin(x)*cos(y) + exp(z > 10 ? 1 : z)",
    };
    for (const char *e : expressions)
        QTest::newRow(e) << QString::fromLatin1(e);
}

void tst_VectorisedBytecode::equalsEvalPerItem()
{
    QFETCH(QString, expression);
    constexpr std::size_t n = 3 * VectorisedBytecode::kBlock + 17; // several blocks and a partial one
    const std::vector<double> columns[3] = {inputColumn(1, n), inputColumn(2, n), inputColumn(3, n)};
    // Every expression here is one the engine writes: it must run vectorised, and agree.
    const QString difference = firstDifference(expression.toStdString(), columns);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void tst_VectorisedBytecode::everyBuiltInFunctionEqualsEvalPerItem()
{
    // Each function muparser defines, called with one, two or three arguments, whichever it takes.
    constexpr std::size_t n = 2 * VectorisedBytecode::kBlock + 5;
    const std::vector<double> columns[3] = {inputColumn(4, n), inputColumn(5, n), inputColumn(6, n)};
    mu::Parser names;
    int checked = 0;
    for (const auto &function : names.GetFunDef()) {
        for (const char *arguments : {"(x)", "(x, y)", "(x, y, z)"}) {
            try {
                parse(function.first + arguments);
            } catch (const mu::Parser::exception_type &) {
                continue; // not this many arguments
            }
            const QString difference = firstDifference(function.first + arguments, columns);
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
            ++checked;
        }
    }
    QVERIFY2(checked >= 20, qPrintable(QStringLiteral("only %1 functions were checked").arg(checked)));
}

void tst_VectorisedBytecode::bytecodeItCannotRunIsRefused_data()
{
    QTest::addColumn<QString>("expression");
    QTest::newRow("several results") << QStringLiteral("x, y");
    QTest::newRow("an assignment") << QStringLiteral("x = y + 1");
}

void tst_VectorisedBytecode::bytecodeItCannotRunIsRefused()
{
    QFETCH(QString, expression);
    std::unique_ptr<Parsed> parsed = parse(expression.toStdString());
    QVERIFY(!VectorisedBytecode::compile(parsed->parser, parsed->variables, 3));
    // A variable it was not told about (here: z, of three) is refused too.
    std::unique_ptr<Parsed> third = parse("x + z");
    QVERIFY(!VectorisedBytecode::compile(third->parser, third->variables, 2));
}

void tst_VectorisedBytecode::itemExpressionsEqualEvalPerItem()
{
    constexpr std::size_t n = 5000;
    PredictionTable table;
    table.label = inputColumn(7, n);
    table.score = inputColumn(8, n);
    table.predicted = inputColumn(9, n);
    table.setColumn(QStringLiteral("order_value"), inputColumn(10, n));
    const std::vector<double> &orderValue = *table.column(QStringLiteral("order_value"));
    const std::string expression = "label > 0 ? order_value * 0.10 - score : predicted / score";

    mu::Parser reference;
    double label = 0, score = 0, predicted = 0, value = 0;
    reference.DefineVar("label", &label);
    reference.DefineVar("score", &score);
    reference.DefineVar("predicted", &predicted);
    reference.DefineVar("order_value", &value);
    reference.SetExpr(expression);
    const auto expected = [&](std::size_t row) {
        label = table.label[row];
        score = table.score[row];
        predicted = table.predicted[row];
        value = orderValue[row];
        return reference.Eval();
    };

    Result<ItemExpression> compiled = ItemExpression::compile(QString::fromStdString(expression), table);
    QVERIFY2(compiled.ok(), qPrintable(compiled.ok() ? QString() : compiled.error()));
    ItemExpression &itemExpression = compiled.value();
    // Every row, in order.
    std::vector<double> all;
    const Status evaluated =
        itemExpression.evaluateAll([&](const double *values, std::size_t count) { all.insert(all.end(), values, values + count); });
    // Inputs like these divide by zero somewhere: then the first such row is named, as before.
    std::size_t firstNotFinite = n;
    for (std::size_t row = 0; row < n && firstNotFinite == n; ++row)
        if (!std::isfinite(expected(row)))
            firstNotFinite = row;
    QVERIFY(all.size() <= firstNotFinite); // nothing past the row that stopped it is handed on
    QCOMPARE(evaluated.ok(), firstNotFinite == n);
    if (!evaluated.ok())
        QVERIFY2(evaluated.error().contains(QStringLiteral("row %1").arg(firstNotFinite + 1)),
                 qPrintable(evaluated.error()));
    for (std::size_t row = 0; row < all.size(); ++row)
        QVERIFY2(sameValue(all[row], expected(row)), qPrintable(QStringLiteral("row %1").arg(row)));

    // Chosen rows in any order (a top-k selection), where every value is finite.
    std::vector<std::uint32_t> rows;
    for (std::uint32_t row = n; row-- > 0;)
        if (std::isfinite(expected(row)) && row % 3 != 1)
            rows.push_back(row);
    std::vector<double> chosen;
    QVERIFY(itemExpression.evaluate(rows.data(), rows.size(), [&](const double *values, std::size_t count) {
        chosen.insert(chosen.end(), values, values + count);
    }));
    QCOMPARE(chosen.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        QVERIFY2(sameValue(chosen[i], expected(rows[i])), qPrintable(QStringLiteral("row %1").arg(rows[i])));
}

void tst_VectorisedBytecode::profitCurveOuterExpressionEqualsEvalPerPoint()
{
    // A nonlinear outer expression over an aggregate and the confusion counts: the curve's value at
    // every threshold must be what muparser gives for that point's inputs.
    constexpr std::size_t n = 3000;
    QRandomGenerator random(11);
    PredictionTable table;
    for (std::size_t i = 0; i < n; ++i) {
        table.score.push_back(double(random.bounded(700)) / 700.0); // ties
        table.label.push_back(random.generateDouble() < table.score.back() ? 1.0 : 0.0);
        table.predicted.push_back(table.score.back() >= 0.5 ? 1.0 : 0.0);
    }
    table.setColumn(QStringLiteral("order_value"), inputColumn(12, n));
    BusinessMetric metric;
    metric.name = QStringLiteral("nonlinear");
    metric.selection = Selection::PredictedPositive;
    metric.selectionParameter = 0.5;
    metric.aggregates = {{QStringLiteral("revenue"), QStringLiteral("label * abs(order_value)"), Aggregate::Sum}};
    metric.outerExpression = QStringLiteral("tp > 0 ? revenue / (tp + fp) - 0.3 * fn^2 / n + sqrt(tn) : -1");
    const Result<ThresholdCurve> curve = thresholdCurve(metric, table, {}, 0);
    QVERIFY2(curve.ok(), qPrintable(curve.ok() ? QString() : curve.error()));
    QVERIFY(curve->points.size() > 100);

    mu::Parser reference;
    double revenue = 0, tp = 0, fp = 0, fn = 0, tn = 0, items = 0;
    reference.DefineVar("revenue", &revenue);
    reference.DefineVar("tp", &tp);
    reference.DefineVar("fp", &fp);
    reference.DefineVar("fn", &fn);
    reference.DefineVar("tn", &tn);
    reference.DefineVar("n", &items);
    reference.SetExpr(metric.outerExpression.toStdString());
    const std::vector<double> &orderValue = *table.column(QStringLiteral("order_value"));
    for (const ThresholdPoint &point : curve->points) {
        // The aggregate summed in rank order (score descending, then row), as the curve sums it.
        std::vector<std::uint32_t> selected;
        for (std::uint32_t row = 0; row < n; ++row)
            if (table.score[row] >= point.threshold)
                selected.push_back(row);
        sortByRank(selected, table.score);
        revenue = 0;
        for (std::uint32_t row : selected)
            revenue += table.label[row] * std::abs(orderValue[row]);
        tp = double(point.confusion.tp);
        fp = double(point.confusion.fp);
        fn = double(point.confusion.fn);
        tn = double(point.confusion.tn);
        items = double(point.confusion.n);
        const double expected = reference.Eval();
        QCOMPARE(point.defined, std::isfinite(expected));
        if (point.defined)
            QVERIFY2(sameValue(point.value, expected),
                     qPrintable(QStringLiteral("at %1: %2, muparser %3")
                                    .arg(describe(point.threshold), describe(point.value), describe(expected))));
    }
}

QTEST_GUILESS_MAIN(tst_VectorisedBytecode)
#include "tst_vectorisedbytecode.moc"
