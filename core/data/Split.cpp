// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/Split.h"

#include "core/NearestNames.h"

#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mb::data {
namespace {

// splitmix64: a small, portable generator, so a seed gives the same split with every compiler
// and standard library (std::shuffle's use of its generator is implementation-defined).
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1), from the top 53 bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    // Uniform in [0, bound), without modulo bias.
    std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % bound);
        std::uint64_t x = 0;
        do
            x = next();
        while (x >= limit);
        return x % bound;
    }

private:
    std::uint64_t m_state;
};

void shuffle(std::vector<std::int64_t> &rows, Random &random)
{
    for (std::size_t i = rows.size(); i > 1; --i)
        std::swap(rows[i - 1], rows[std::size_t(random.below(i))]);
}

// The first part of `rows` goes to train, then validation, then test (most recent last).
void cut(const std::vector<std::int64_t> &rows, double validation, double test, std::vector<SplitPart> &out)
{
    const std::int64_t n = std::int64_t(rows.size());
    const auto testCount = std::int64_t(double(n) * test + 0.5);
    const auto validationCount = std::int64_t(double(n) * validation + 0.5);
    for (std::int64_t i = 0; i < n; ++i) {
        SplitPart part = SplitPart::Train;
        if (i >= n - testCount)
            part = SplitPart::Test;
        else if (i >= n - testCount - validationCount)
            part = SplitPart::Validation;
        out[std::size_t(rows[std::size_t(i)])] = part;
    }
}

// Shuffles `rows` and cuts them at the fractions (of these rows).
void randomCut(std::vector<std::int64_t> rows, Random &random, double validation, double test,
               std::vector<SplitPart> &out)
{
    shuffle(rows, random);
    cut(rows, validation, test, out);
}

// Cuts `rows` at the fractions (of these rows) within each class of `column`.
Status stratifiedCut(std::vector<std::int64_t> rows, const DatasetColumn &column, Random &random, double validation,
                     double test, std::vector<SplitPart> &out)
{
    // Missing labels form a group of their own: NaN cannot be a map key (it breaks ordering).
    QMap<double, std::vector<std::int64_t>> classes;
    std::vector<std::int64_t> missing;
    for (std::int64_t r : rows) {
        const double value = column.values[std::size_t(r)];
        if (isMissing(value))
            missing.push_back(r);
        else
            classes[value].push_back(r);
    }
    if (!missing.empty())
        classes.insert(std::numeric_limits<double>::infinity(), missing);
    if (classes.size() > 1000)
        return Error{QStringLiteral("'%1' has %2 distinct values; stratify by a label with classes")
                         .arg(column.name)
                         .arg(classes.size())};
    // Each row's place within its (shuffled) class, as a fraction jittered within its slot;
    // cutting all rows by that key at the global fractions keeps every class's share within
    // one row, and the parts' sizes exact even when classes are tiny (a class of two rows
    // cut on its own would round its test share to nothing).
    std::vector<double> key(column.values.size(), 0.0);
    for (std::vector<std::int64_t> &members : classes) {
        shuffle(members, random);
        const double size = double(members.size());
        for (std::size_t i = 0; i < members.size(); ++i)
            key[std::size_t(members[i])] = (double(i) + random.uniform()) / size;
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [&](std::int64_t a, std::int64_t b) { return key[std::size_t(a)] < key[std::size_t(b)]; });
    cut(rows, validation, test, out);
    return success();
}

QString testFileSplitForms()
{
    return QStringLiteral("random[:VALIDATION,0] or stratified:COLUMN[:VALIDATION,0], such as stratified:label:0.1,0");
}

// One message for every split that a test file rules out, naming the forms it allows.
Error notForATestFile(const QString &split)
{
    return Error{QStringLiteral("the split '%1' cannot be used with a test file: the test part is the test file's "
                                "rows, so the split says only how the validation part is taken from the other rows: "
                                "%2")
                     .arg(split, testFileSplitForms())};
}

Result<QList<double>> parseFractions(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 2)
        return Error{
            QStringLiteral("expected two fractions, validation and test, such as 0.1,0.2; got '%1'").arg(text)};
    QList<double> values;
    for (const QString &part : parts) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v) || v < 0 || v >= 1)
            return Error{QStringLiteral("'%1' is not a fraction between 0 and 1").arg(part)};
        values << v;
    }
    return values;
}

} // namespace

QString toKey(SplitPart part)
{
    switch (part) {
    case SplitPart::Train:
        return QStringLiteral("train");
    case SplitPart::Validation:
        return QStringLiteral("validation");
    case SplitPart::Test:
        break;
    }
    return QStringLiteral("test");
}

std::optional<SplitPart> splitPartFromKey(const QString &key)
{
    for (SplitPart part : {SplitPart::Train, SplitPart::Validation, SplitPart::Test})
        if (key == toKey(part))
            return part;
    return std::nullopt;
}

QString toKey(SplitSpec::Kind kind)
{
    switch (kind) {
    case SplitSpec::Kind::Random:
        return QStringLiteral("random");
    case SplitSpec::Kind::Stratified:
        return QStringLiteral("stratified");
    case SplitSpec::Kind::Ordered:
        return QStringLiteral("ordered");
    case SplitSpec::Kind::Column:
        return QStringLiteral("column");
    case SplitSpec::Kind::TestFile:
        return QStringLiteral("test_file");
    }
    return {};
}

QJsonObject SplitSpec::toJson() const
{
    QJsonObject json{{QStringLiteral("kind"), toKey(kind)},
                     {QStringLiteral("validation_fraction"), validationFraction},
                     {QStringLiteral("test_fraction"), testFraction},
                     {QStringLiteral("column"), column},
                     {QStringLiteral("last_rows"), qint64(lastRows)},
                     // A string: JSON numbers are doubles and would round a 64-bit seed.
                     {QStringLiteral("seed"), QString::number(seed)}};
    // Marks last:N splits that have a validation part: those stored before had none. Only on
    // them, so other specs keep the bytes (and hashes) they were stored under.
    if (lastRows > 0)
        json.insert(QStringLiteral("validation_before_test"), true);
    // Only on test_file splits, so other specs keep the bytes (and hashes) they were stored under.
    if (kind == Kind::TestFile)
        json.insert(QStringLiteral("test_rows"), qint64(testRows));
    return json;
}

Result<SplitSpec> SplitSpec::fromJson(const QJsonObject &json)
{
    SplitSpec spec;
    const QString kind = json.value(QStringLiteral("kind")).toString();
    const QList<Kind> kinds{Kind::Random, Kind::Stratified, Kind::Ordered, Kind::Column, Kind::TestFile};
    bool found = false;
    for (Kind k : kinds)
        if (toKey(k) == kind) {
            spec.kind = k;
            found = true;
        }
    if (!found)
        return Error{QStringLiteral("unknown split kind '%1'").arg(kind)};
    spec.validationFraction = json.value(QStringLiteral("validation_fraction")).toDouble();
    spec.testFraction = json.value(QStringLiteral("test_fraction")).toDouble();
    spec.column = json.value(QStringLiteral("column")).toString();
    spec.lastRows = json.value(QStringLiteral("last_rows")).toInteger();
    spec.testRows = json.value(QStringLiteral("test_rows")).toInteger();
    if (spec.lastRows > 0 && !json.value(QStringLiteral("validation_before_test")).toBool())
        spec.validationFraction = 0; // stored before last:N splits had a validation part
    spec.seed = json.value(QStringLiteral("seed")).toString().toULongLong();
    return spec;
}

Result<SplitSpec> SplitSpec::parse(const QString &text, std::uint64_t seed)
{
    SplitSpec spec;
    spec.seed = seed;
    const QString kind = text.section(QLatin1Char(':'), 0, 0);
    const QString rest = text.section(QLatin1Char(':'), 1);
    auto fractions = [&](const QString &fractionText) -> Status {
        if (fractionText.isEmpty())
            return success();
        Result<QList<double>> values = parseFractions(fractionText);
        if (!values)
            return Error{values.error()};
        spec.validationFraction = values->at(0);
        spec.testFraction = values->at(1);
        return success();
    };
    Status parsed = success();
    if (kind == QLatin1String("random")) {
        spec.kind = Kind::Random;
        parsed = fractions(rest);
    } else if (kind == QLatin1String("stratified") || kind == QLatin1String("ordered")) {
        spec.kind = kind == QLatin1String("stratified") ? Kind::Stratified : Kind::Ordered;
        spec.column = rest.section(QLatin1Char(':'), 0, 0);
        if (spec.column.isEmpty())
            return Error{QStringLiteral("%1 splits need a column: %1:COLUMN[:VALIDATION,TEST]").arg(kind)};
        parsed = fractions(rest.section(QLatin1Char(':'), 1));
    } else if (kind == QLatin1String("last")) {
        spec.kind = Kind::Ordered;
        spec.testFraction = 0;
        bool ok = false;
        const QString rows = rest.section(QLatin1Char(':'), 0, 0);
        spec.lastRows = rows.toLongLong(&ok);
        if (!ok || spec.lastRows < 1)
            return Error{QStringLiteral("last:N needs a number of rows, such as last:1000; got '%1'").arg(rows)};
        const QString validation = rest.section(QLatin1Char(':'), 1);
        if (!validation.isEmpty()) {
            const double v = validation.toDouble(&ok);
            if (!ok || !std::isfinite(v) || v < 0 || v >= 1)
                return Error{QStringLiteral("last:N:VALIDATION takes one fraction, the validation part taken just "
                                            "before the last N rows, such as last:%1:0.1; got '%2'")
                                 .arg(spec.lastRows)
                                 .arg(validation)};
            spec.validationFraction = v;
        }
    } else if (kind == QLatin1String("column")) {
        spec.kind = Kind::Column;
        spec.column = rest;
        if (spec.column.isEmpty())
            return Error{QStringLiteral("column splits need the column: column:NAME")};
    } else {
        return Error{QStringLiteral("unknown split '%1'; use random, stratified:COLUMN, ordered:COLUMN, "
                                    "last:N[:VALIDATION] or column:NAME")
                         .arg(text)};
    }
    if (!parsed)
        return Error{parsed.error()};
    if (spec.validationFraction + spec.testFraction >= 1.0)
        return Error{QStringLiteral("validation %1 + test %2 leave no training rows")
                         .arg(spec.validationFraction)
                         .arg(spec.testFraction)};
    return spec;
}

Result<SplitSpec> SplitSpec::parseForTestFile(const QString &text, std::uint64_t seed)
{
    const QString kind = text.section(QLatin1Char(':'), 0, 0);
    if (kind != QLatin1String("random") && kind != QLatin1String("stratified"))
        return notForATestFile(text);
    // Without fractions the validation part is the usual 10%, and one fraction is the validation
    // part alone: the test fraction is 0, the test part being the file.
    const int fractionsAt = kind == QLatin1String("stratified") ? 2 : 1;
    const bool hasColumn = kind == QLatin1String("random") || !text.section(QLatin1Char(':'), 1, 1).isEmpty();
    const QString fractions = text.section(QLatin1Char(':'), fractionsAt);
    QString full = text;
    if (hasColumn && fractions.isEmpty())
        full = text.section(QLatin1Char(':'), 0, fractionsAt - 1) + QStringLiteral(":0.1,0");
    else if (hasColumn && !fractions.contains(QLatin1Char(',')))
        full = text + QStringLiteral(",0");
    Result<SplitSpec> parsed = parse(full, seed);
    if (!parsed)
        return Error{QStringLiteral("%1; with a test file, the split says only how the validation part is taken "
                                    "from the other rows: %2")
                         .arg(parsed.error(), testFileSplitForms())};
    return testFileSplit(*parsed, Dataset{}, {}, seed, 0);
}

QString SplitSpec::describe() const
{
    switch (kind) {
    case Kind::Random:
        return QStringLiteral("random, %1% validation, %2% test, seed %3")
            .arg(validationFraction * 100)
            .arg(testFraction * 100)
            .arg(seed);
    case Kind::Stratified:
        return QStringLiteral("stratified by %1, %2% validation, %3% test, seed %4")
            .arg(column)
            .arg(validationFraction * 100)
            .arg(testFraction * 100)
            .arg(seed);
    case Kind::Ordered:
        if (lastRows > 0)
            return validationFraction > 0 ? QStringLiteral("the last %1 rows are the test set, the %2% of rows "
                                                           "before them validation")
                                                .arg(lastRows)
                                                .arg(validationFraction * 100)
                                          : QStringLiteral("the last %1 rows are the test set").arg(lastRows);
        return QStringLiteral("ordered by %1: the most recent %2% is the test set").arg(column).arg(testFraction * 100);
    case Kind::Column:
        return QStringLiteral("from column %1").arg(column);
    case Kind::TestFile:
        return QStringLiteral("the test file's %1 rows are the test set; %2% of the others, %3, validation, seed %4")
            .arg(testRows)
            .arg(validationFraction * 100)
            .arg(column.isEmpty() ? QStringLiteral("at random") : QStringLiteral("stratified by %1").arg(column))
            .arg(seed);
    }
    return {};
}

Result<std::vector<SplitPart>> assignSplit(const Dataset &dataset, const SplitSpec &spec)
{
    const std::int64_t n = dataset.rowCount();
    std::vector<SplitPart> out(std::size_t(n), SplitPart::Train);
    if (!std::isfinite(spec.validationFraction) || !std::isfinite(spec.testFraction) || spec.validationFraction < 0 ||
        spec.testFraction < 0 || spec.validationFraction + spec.testFraction >= 1.0)
        return Error{QStringLiteral("the validation and test fractions must leave training rows")};
    const DatasetColumn *column = nullptr;
    if (!spec.column.isEmpty()) {
        column = dataset.column(spec.column);
        if (!column)
            return Error{QStringLiteral("the split column '%1' is not in the dataset; its columns are: %2")
                             .arg(spec.column, nearestFirstText(spec.column, dataset.columnNames()))};
    }
    Random random(spec.seed);
    std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), 0);

    switch (spec.kind) {
    case SplitSpec::Kind::Random:
        randomCut(std::move(rows), random, spec.validationFraction, spec.testFraction, out);
        break;
    case SplitSpec::Kind::Stratified: {
        if (!column)
            return Error{QStringLiteral("a stratified split needs the label column")};
        if (Status cutDone =
                stratifiedCut(std::move(rows), *column, random, spec.validationFraction, spec.testFraction, out);
            !cutDone)
            return Error{cutDone.error()};
        break;
    }
    case SplitSpec::Kind::TestFile: {
        if (spec.testRows < 1)
            return Error{QStringLiteral("a test-file split needs the number of the test file's rows")};
        if (spec.testRows >= n)
            return Error{QStringLiteral("the test file's %1 rows leave no rows of the training file (the dataset has "
                                        "%2)")
                             .arg(spec.testRows)
                             .arg(n)};
        // The test file's rows are the last ones; validation comes from the others alone.
        const std::int64_t others = n - spec.testRows;
        for (std::int64_t r = others; r < n; ++r)
            out[std::size_t(r)] = SplitPart::Test;
        rows.resize(std::size_t(others));
        if (!column) {
            randomCut(std::move(rows), random, spec.validationFraction, 0.0, out);
        } else if (Status cutDone = stratifiedCut(std::move(rows), *column, random, spec.validationFraction, 0.0, out);
                   !cutDone) {
            return Error{cutDone.error()};
        }
        break;
    }
    case SplitSpec::Kind::Ordered:
        if (spec.lastRows > 0) {
            const auto validationCount = std::int64_t(double(n) * spec.validationFraction + 0.5);
            if (spec.lastRows + validationCount >= n)
                return Error{QStringLiteral("the last %1 rows for test and %2 for validation would leave no training "
                                            "rows (the dataset has %3)")
                                 .arg(spec.lastRows)
                                 .arg(validationCount)
                                 .arg(n)};
            for (std::int64_t r = n - spec.lastRows - validationCount; r < n; ++r)
                out[std::size_t(r)] = r >= n - spec.lastRows ? SplitPart::Test : SplitPart::Validation;
            break;
        }
        if (!column)
            return Error{QStringLiteral("an ordered split needs the ordering column, such as a date")};
        // Missing values sort first (oldest); ties keep file order, so the split is deterministic.
        std::stable_sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
            const double x = column->values[std::size_t(a)];
            const double y = column->values[std::size_t(b)];
            if (isMissing(x) || isMissing(y))
                return isMissing(x) && !isMissing(y);
            return x < y;
        });
        cut(rows, spec.validationFraction, spec.testFraction, out);
        break;
    case SplitSpec::Kind::Column: {
        if (!column)
            return Error{QStringLiteral("a column split needs the column that names each row's part")};
        for (std::int64_t r = 0; r < n; ++r) {
            const QString value = displayValue(ColumnSchema{column->name, column->type, column->role,
                                                            column->missingPolicy, column->categories, 0},
                                               column->values[std::size_t(r)])
                                      .toLower();
            if (value == QLatin1String("train"))
                out[std::size_t(r)] = SplitPart::Train;
            else if (value == QLatin1String("validation") || value == QLatin1String("valid") ||
                     value == QLatin1String("val"))
                out[std::size_t(r)] = SplitPart::Validation;
            else if (value == QLatin1String("test"))
                out[std::size_t(r)] = SplitPart::Test;
            else
                return Error{QStringLiteral("split column '%1' has '%2' in data row %3; expected train, validation "
                                            "or test")
                                 .arg(spec.column, value)
                                 .arg(r + 1)};
        }
        break;
    }
    }
    if (countSplit(out).train == 0)
        return Error{QStringLiteral("the split leaves no training rows")};
    return out;
}

SplitSpec defaultSplit(const Dataset &dataset, const QStringList &targets, std::uint64_t seed)
{
    SplitSpec spec;
    spec.seed = seed;
    const DatasetColumn *target = targets.size() == 1 ? dataset.column(targets.front()) : nullptr;
    bool hasClasses = target && (target->type == ColumnType::Boolean || target->type == ColumnType::Categorical);
    if (target && target->type == ColumnType::Numeric) {
        QSet<double> values;
        hasClasses = true;
        for (double v : target->values) {
            if (isMissing(v))
                continue;
            values.insert(v);
            if (v != std::floor(v) || values.size() > 20) {
                hasClasses = false;
                break;
            }
        }
    }
    if (hasClasses) {
        spec.kind = SplitSpec::Kind::Stratified;
        spec.column = target->name;
    }
    return spec;
}

Result<SplitSpec> testFileSplit(const std::optional<SplitSpec> &requested, const Dataset &dataset,
                                const QStringList &targets, std::uint64_t seed, std::int64_t testRows)
{
    SplitSpec spec = requested ? *requested : defaultSplit(dataset, targets, seed);
    if (!requested)
        spec.testFraction = 0;
    const bool fitsATestFile = spec.kind == SplitSpec::Kind::TestFile || spec.kind == SplitSpec::Kind::Random ||
                               spec.kind == SplitSpec::Kind::Stratified;
    if (!fitsATestFile)
        return notForATestFile(spec.describe());
    if (spec.kind != SplitSpec::Kind::TestFile && spec.testFraction != 0)
        return Error{QStringLiteral("the split's test fraction is %1, but with a test file the test part is the test "
                                    "file's rows; give a test fraction of 0: %2")
                         .arg(spec.testFraction)
                         .arg(testFileSplitForms())};
    spec.kind = SplitSpec::Kind::TestFile;
    spec.testFraction = 0;
    spec.lastRows = 0;
    spec.testRows = testRows;
    return spec;
}

SplitCounts countSplit(const std::vector<SplitPart> &assignment)
{
    SplitCounts counts;
    for (SplitPart part : assignment) {
        switch (part) {
        case SplitPart::Train:
            ++counts.train;
            break;
        case SplitPart::Validation:
            ++counts.validation;
            break;
        case SplitPart::Test:
            ++counts.test;
            break;
        }
    }
    return counts;
}

} // namespace mb::data
