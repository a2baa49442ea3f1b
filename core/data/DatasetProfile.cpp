// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/DatasetProfile.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mb::data {
namespace {

ColumnSchema schemaFor(const DatasetColumn &c)
{
    return ColumnSchema{c.name, c.type, c.role, c.missingPolicy, c.categories, 0};
}

// Class labels of a target: categories, booleans, or a numeric target with few integer values.
bool classesOf(const DatasetColumn &column, QStringList &classes, std::vector<std::int64_t> &counts)
{
    if (column.type == ColumnType::Categorical) {
        classes = column.categories;
        counts.assign(std::size_t(classes.size()), 0);
        for (double v : column.values)
            if (!isMissing(v))
                ++counts[std::size_t(v)];
        return true;
    }
    if (column.type == ColumnType::Boolean) {
        classes = {QStringLiteral("false"), QStringLiteral("true")};
        counts.assign(2, 0);
        for (double v : column.values)
            if (!isMissing(v))
                ++counts[v != 0 ? 1 : 0];
        return true;
    }
    if (column.type == ColumnType::Numeric) {
        std::vector<double> values;
        for (double v : column.values) {
            if (isMissing(v))
                continue;
            if (v != std::floor(v) || v < 0 || v > 1000)
                return false;
            if (std::find(values.begin(), values.end(), v) == values.end()) {
                values.push_back(v);
                if (values.size() > 50)
                    return false;
            }
        }
        std::sort(values.begin(), values.end());
        classes.clear();
        counts.assign(values.size(), 0);
        for (double v : values)
            classes << QString::number(v);
        for (double v : column.values)
            if (!isMissing(v))
                ++counts[std::size_t(std::lower_bound(values.begin(), values.end(), v) - values.begin())];
        return !values.empty();
    }
    return false;
}

// Class index per row (-1 when missing), for the leak check.
std::vector<int> classIndexes(const DatasetColumn &column, const QStringList &classes)
{
    std::vector<int> out(column.values.size(), -1);
    for (std::size_t r = 0; r < column.values.size(); ++r) {
        const double v = column.values[r];
        if (isMissing(v))
            continue;
        if (column.type == ColumnType::Numeric)
            out[r] = int(classes.indexOf(QString::number(v)));
        else
            out[r] = column.type == ColumnType::Boolean ? (v != 0 ? 1 : 0) : int(v);
    }
    return out;
}

// Exact distinct counting up to kDistinctCap values: open addressing over the values' bit
// patterns in a fixed table, so a million lookups stay in cache (std::unordered_set cost half a
// second per million rows on low-cardinality columns).
class DistinctCounter {
public:
    DistinctCounter() : m_slots(kSlots, kEmpty) {}
    // False once more than kDistinctCap distinct values were seen.
    bool add(double value)
    {
        if (value == 0)
            value = 0; // -0.0 and 0.0 are one value
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        std::size_t slot = std::size_t((bits * 0x9E3779B97F4A7C15ULL) >> (64 - kBits));
        while (m_slots[slot] != kEmpty) {
            if (m_slots[slot] == bits)
                return true;
            slot = (slot + 1) & (kSlots - 1);
        }
        m_slots[slot] = bits;
        return ++m_count <= kDistinctCap;
    }
    std::int64_t count() const { return m_count; }

private:
    static constexpr int kBits = 15; // 32768 slots: at most a third full before the cap
    static constexpr std::size_t kSlots = std::size_t(1) << kBits;
    static constexpr std::uint64_t kEmpty = 0x7FF8DEADBEEF0001ULL; // a NaN, never a stored value
    std::vector<std::uint64_t> m_slots;
    std::int64_t m_count = 0;
};

ColumnProfile profileColumn(const DatasetColumn &column)
{
    ColumnProfile p;
    p.name = column.name;
    p.type = column.type;
    p.role = column.role;
    const std::int64_t n = std::int64_t(column.values.size());
    double sum = 0;
    bool first = true;
    DistinctCounter distinct;
    for (double v : column.values) {
        if (isMissing(v)) {
            ++p.missing;
            continue;
        }
        if (first) {
            p.min = p.max = v;
            first = false;
        }
        p.min = std::min(p.min, v);
        p.max = std::max(p.max, v);
        sum += v;
        if (!p.distinctCapped && !distinct.add(v))
            p.distinctCapped = true;
    }
    const std::int64_t present = n - p.missing;
    p.missingPercent = n > 0 ? 100.0 * double(p.missing) / double(n) : 0;
    p.mean = present > 0 ? sum / double(present) : 0;
    p.distinct = p.distinctCapped ? kDistinctCap : distinct.count();
    if (present == 0)
        return p;

    const ColumnSchema schema = schemaFor(column);
    if (column.type == ColumnType::Categorical || column.type == ColumnType::Boolean) {
        const qsizetype categories = column.type == ColumnType::Boolean ? 2 : column.categories.size();
        std::vector<std::int64_t> counts(std::size_t(categories), 0);
        for (double v : column.values)
            if (!isMissing(v))
                ++counts[std::size_t(column.type == ColumnType::Boolean ? (v != 0) : v)];
        std::vector<std::size_t> order(counts.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
        constexpr std::size_t kShown = 12;
        std::int64_t other = 0;
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i < kShown) {
                p.histogram.push_back(counts[order[i]]);
                p.histogramLabels << displayValue(schema, double(order[i]));
            } else {
                other += counts[order[i]];
            }
        }
        if (other > 0) {
            p.histogram.push_back(other);
            p.histogramLabels << QStringLiteral("other");
        }
        return p;
    }
    p.histogram.assign(kHistogramBins, 0);
    const double width = (p.max - p.min) / kHistogramBins;
    for (double v : column.values) {
        if (isMissing(v))
            continue;
        int bin = width > 0 ? int((v - p.min) / width) : 0;
        p.histogram[std::size_t(std::clamp(bin, 0, kHistogramBins - 1))] += 1;
    }
    for (int b = 0; b < kHistogramBins; ++b)
        p.histogramLabels << displayValue(schema, p.min + width * b);
    return p;
}

// How well one feature alone separates the target's classes: the share of rows that the
// majority class of their feature bin (or category) predicts correctly.
double separability(const DatasetColumn &feature, const std::vector<int> &classes, int classCount)
{
    const std::size_t n = feature.values.size();
    double lo = 0, hi = 0;
    bool first = true;
    for (double v : feature.values) {
        if (isMissing(v))
            continue;
        if (first) {
            lo = hi = v;
            first = false;
        }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    const bool categorical = feature.type == ColumnType::Categorical || feature.type == ColumnType::Boolean;
    // About 20 rows per bin at least: with fewer, every row has a bin of its own and anything
    // looks separable.
    const std::size_t bins = categorical ? std::size_t(std::max<qsizetype>(feature.categories.size(), 2))
                                         : std::clamp<std::size_t>(n / 20, 2, 256);
    // An identifier-like column separates anything and means nothing; it is not a leak.
    if (categorical && bins * 20 > n)
        return 0;
    std::vector<std::int64_t> table(bins * std::size_t(classCount), 0);
    std::int64_t used = 0;
    for (std::size_t r = 0; r < n; ++r) {
        const double v = feature.values[r];
        if (isMissing(v) || classes[r] < 0)
            continue;
        std::size_t bin = 0;
        if (categorical)
            bin = std::size_t(feature.type == ColumnType::Boolean ? (v != 0) : v);
        else if (hi > lo)
            bin = std::min(bins - 1, std::size_t((v - lo) / (hi - lo) * double(bins)));
        ++table[bin * std::size_t(classCount) + std::size_t(classes[r])];
        ++used;
    }
    if (used == 0)
        return 0;
    std::int64_t correct = 0;
    for (std::size_t b = 0; b < bins; ++b)
        correct += *std::max_element(table.begin() + std::ptrdiff_t(b * std::size_t(classCount)),
                                     table.begin() + std::ptrdiff_t((b + 1) * std::size_t(classCount)));
    return double(correct) / double(used);
}

double pearson(const std::vector<double> &x, const std::vector<double> &y)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    std::int64_t n = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (isMissing(x[i]) || isMissing(y[i]))
            continue;
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        syy += y[i] * y[i];
        sxy += x[i] * y[i];
        ++n;
    }
    if (n < 3)
        return 0;
    const double cov = sxy - sx * sy / double(n);
    const double vx = sxx - sx * sx / double(n);
    const double vy = syy - sy * sy / double(n);
    return vx > 0 && vy > 0 ? cov / std::sqrt(vx * vy) : 0;
}

QString percent(double share)
{
    return QString::number(share * 100, 'f', 1) + QLatin1Char('%');
}

} // namespace

QString toKey(DataWarning::Kind kind)
{
    switch (kind) {
    case DataWarning::Kind::SmallClass:
        return QStringLiteral("small_class");
    case DataWarning::Kind::DominantLabel:
        return QStringLiteral("dominant_label");
    case DataWarning::Kind::TestOlderThanTrain:
        return QStringLiteral("test_older_than_train");
    case DataWarning::Kind::ConstantColumn:
        return QStringLiteral("constant_column");
    case DataWarning::Kind::EmptyColumn:
        return QStringLiteral("empty_column");
    case DataWarning::Kind::Leak:
        return QStringLiteral("leak");
    }
    return {};
}

DatasetProfile profileDataset(const Dataset &dataset)
{
    DatasetProfile profile;
    profile.rows = dataset.rowCount();
    for (const DatasetColumn &column : dataset.columns) {
        ColumnProfile p = profileColumn(column);
        if (p.missing == profile.rows && profile.rows > 0)
            profile.warnings.push_back({DataWarning::Kind::EmptyColumn, column.name,
                                        QStringLiteral("'%1' has no values at all").arg(column.name)});
        else if (p.distinct == 1 && column.role != ColumnRole::Ignored)
            profile.warnings.push_back({DataWarning::Kind::ConstantColumn, column.name,
                                        QStringLiteral("'%1' has the same value in every row: it cannot help a "
                                                       "model, and as a target there is nothing to learn")
                                            .arg(column.name)});
        profile.columns.push_back(std::move(p));
    }

    for (const DatasetColumn &target : dataset.columns) {
        if (target.role != ColumnRole::Target)
            continue;
        ClassBalance balance;
        balance.target = target.name;
        if (!classesOf(target, balance.classes, balance.counts)) {
            // A numeric target: a feature that tracks it almost exactly is a leak.
            for (const DatasetColumn &feature : dataset.columns) {
                if (feature.role != ColumnRole::Feature || feature.type == ColumnType::Categorical)
                    continue;
                const double r = pearson(feature.values, target.values);
                if (std::abs(r) >= 0.99)
                    profile.warnings.push_back(
                        {DataWarning::Kind::Leak, feature.name,
                         QStringLiteral("'%1' predicts the target '%2' almost perfectly (correlation %3): is it "
                                        "known before the target is? If not, it is a leak.")
                             .arg(feature.name, target.name)
                             .arg(r, 0, 'f', 3)});
            }
            continue;
        }
        std::int64_t total = 0;
        for (std::int64_t c : balance.counts)
            total += c;
        for (qsizetype k = 0; k < balance.classes.size(); ++k) {
            const std::int64_t count = balance.counts[std::size_t(k)];
            if (count < kSmallClass)
                profile.warnings.push_back(
                    {DataWarning::Kind::SmallClass, target.name,
                     QStringLiteral("class '%1' of '%2' has %3 example(s); aim for at least %4 per class")
                         .arg(balance.classes.at(k), target.name)
                         .arg(count)
                         .arg(kSmallClass)});
            if (total > 0 && double(count) / double(total) >= kDominantShare)
                profile.warnings.push_back(
                    {DataWarning::Kind::DominantLabel, target.name,
                     QStringLiteral("class '%1' covers %2 of '%3': a model that always answers '%1' scores "
                                    "%2 accuracy and is useless; collect more of the other classes")
                         .arg(balance.classes.at(k), percent(double(count) / double(total)), target.name)});
        }
        const std::vector<int> classes = classIndexes(target, balance.classes);
        const int classCount = int(balance.classes.size());
        std::int64_t majority = 0;
        for (std::int64_t c : balance.counts)
            majority = std::max(majority, c);
        const double baseline = total > 0 ? double(majority) / double(total) : 1.0;
        for (const DatasetColumn &feature : dataset.columns) {
            if (feature.role != ColumnRole::Feature || baseline >= kDominantShare)
                continue;
            const double share = separability(feature, classes, classCount);
            if (share >= 0.99)
                profile.warnings.push_back(
                    {DataWarning::Kind::Leak, feature.name,
                     QStringLiteral("'%1' alone predicts '%2' for %3 of the rows: is it known before the "
                                    "label is? If not, it is a leak.")
                         .arg(feature.name, target.name, percent(share))});
        }
        profile.classBalance.push_back(std::move(balance));
    }
    return profile;
}

std::vector<DataWarning> splitWarnings(const Dataset &dataset, const SplitSpec &spec,
                                       const std::vector<SplitPart> &assignment)
{
    std::vector<DataWarning> warnings;
    const DatasetColumn *time = nullptr;
    if (spec.kind == SplitSpec::Kind::Ordered && !spec.column.isEmpty())
        time = dataset.column(spec.column);
    for (std::size_t i = 0; !time && i < dataset.columns.size(); ++i)
        if (dataset.columns[i].type == ColumnType::DateTime)
            time = &dataset.columns[i];
    if (!time)
        return warnings;
    double newestTrain = -std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < assignment.size(); ++r)
        if (assignment[r] == SplitPart::Train && !isMissing(time->values[r]))
            newestTrain = std::max(newestTrain, time->values[r]);
    std::int64_t older = 0, test = 0;
    for (std::size_t r = 0; r < assignment.size(); ++r) {
        if (assignment[r] != SplitPart::Test)
            continue;
        ++test;
        if (!isMissing(time->values[r]) && time->values[r] < newestTrain)
            ++older;
    }
    if (older > 0)
        warnings.push_back({DataWarning::Kind::TestOlderThanTrain, time->name,
                            QStringLiteral("%1 of %2 test rows are older than the newest training row (by '%3'): "
                                           "the test set does not look like tomorrow's data. Split by '%3' to "
                                           "train on the past and test on the most recent.")
                                .arg(older)
                                .arg(test)
                                .arg(time->name)});
    return warnings;
}

QJsonArray warningsToJson(const std::vector<DataWarning> &warnings)
{
    QJsonArray array;
    for (const DataWarning &w : warnings)
        array.append(QJsonObject{{QStringLiteral("kind"), toKey(w.kind)},
                                 {QStringLiteral("column"), w.column},
                                 {QStringLiteral("message"), w.message}});
    return array;
}

std::vector<DataWarning> warningsFromJson(const QJsonArray &json)
{
    std::vector<DataWarning> warnings;
    const QList<DataWarning::Kind> kinds{DataWarning::Kind::SmallClass,         DataWarning::Kind::DominantLabel,
                                         DataWarning::Kind::TestOlderThanTrain, DataWarning::Kind::ConstantColumn,
                                         DataWarning::Kind::EmptyColumn,        DataWarning::Kind::Leak};
    for (const QJsonValue &value : json) {
        const QJsonObject o = value.toObject();
        DataWarning w{DataWarning::Kind::Leak, o.value(QStringLiteral("column")).toString(),
                      o.value(QStringLiteral("message")).toString()};
        for (DataWarning::Kind kind : kinds)
            if (toKey(kind) == o.value(QStringLiteral("kind")).toString())
                w.kind = kind;
        warnings.push_back(w);
    }
    return warnings;
}

QJsonObject profileToJson(const DatasetProfile &profile)
{
    QJsonArray columns;
    for (const ColumnProfile &c : profile.columns) {
        QJsonArray histogram;
        for (std::int64_t h : c.histogram)
            histogram.append(qint64(h));
        columns.append(
            QJsonObject{{QStringLiteral("name"), c.name},
                        {QStringLiteral("type"), toKey(c.type)},
                        {QStringLiteral("role"), toKey(c.role)},
                        {QStringLiteral("missing"), qint64(c.missing)},
                        {QStringLiteral("missing_percent"), c.missingPercent},
                        {QStringLiteral("min"), c.min},
                        {QStringLiteral("max"), c.max},
                        {QStringLiteral("mean"), c.mean},
                        {QStringLiteral("distinct"), qint64(c.distinct)},
                        {QStringLiteral("distinct_capped"), c.distinctCapped},
                        {QStringLiteral("histogram"), histogram},
                        {QStringLiteral("histogram_labels"), QJsonArray::fromStringList(c.histogramLabels)}});
    }
    QJsonArray balances;
    for (const ClassBalance &b : profile.classBalance) {
        QJsonArray counts;
        for (std::int64_t c : b.counts)
            counts.append(qint64(c));
        balances.append(QJsonObject{{QStringLiteral("target"), b.target},
                                    {QStringLiteral("classes"), QJsonArray::fromStringList(b.classes)},
                                    {QStringLiteral("counts"), counts}});
    }
    return {{QStringLiteral("rows"), qint64(profile.rows)},
            {QStringLiteral("columns"), columns},
            {QStringLiteral("class_balance"), balances},
            {QStringLiteral("warnings"), warningsToJson(profile.warnings)}};
}

DatasetProfile profileFromJson(const QJsonObject &json)
{
    DatasetProfile profile;
    profile.rows = json.value(QStringLiteral("rows")).toInteger();
    for (const QJsonValue &value : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = value.toObject();
        ColumnProfile c;
        c.name = o.value(QStringLiteral("name")).toString();
        c.type = columnTypeFromKey(o.value(QStringLiteral("type")).toString()).value_or(ColumnType::Numeric);
        c.role = columnRoleFromKey(o.value(QStringLiteral("role")).toString()).value_or(ColumnRole::Feature);
        c.missing = o.value(QStringLiteral("missing")).toInteger();
        c.missingPercent = o.value(QStringLiteral("missing_percent")).toDouble();
        c.min = o.value(QStringLiteral("min")).toDouble();
        c.max = o.value(QStringLiteral("max")).toDouble();
        c.mean = o.value(QStringLiteral("mean")).toDouble();
        c.distinct = o.value(QStringLiteral("distinct")).toInteger();
        c.distinctCapped = o.value(QStringLiteral("distinct_capped")).toBool();
        for (const QJsonValue &h : o.value(QStringLiteral("histogram")).toArray())
            c.histogram.push_back(h.toInteger());
        for (const QJsonValue &l : o.value(QStringLiteral("histogram_labels")).toArray())
            c.histogramLabels << l.toString();
        profile.columns.push_back(c);
    }
    for (const QJsonValue &value : json.value(QStringLiteral("class_balance")).toArray()) {
        const QJsonObject o = value.toObject();
        ClassBalance b;
        b.target = o.value(QStringLiteral("target")).toString();
        for (const QJsonValue &c : o.value(QStringLiteral("classes")).toArray())
            b.classes << c.toString();
        for (const QJsonValue &c : o.value(QStringLiteral("counts")).toArray())
            b.counts.push_back(c.toInteger());
        profile.classBalance.push_back(b);
    }
    profile.warnings = warningsFromJson(json.value(QStringLiteral("warnings")).toArray());
    return profile;
}

} // namespace mb::data
