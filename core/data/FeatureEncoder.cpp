// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/FeatureEncoder.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>

namespace mb::data {
namespace {

bool inTraining(const std::vector<SplitPart> &split, std::size_t row)
{
    return split.empty() || split[row] == SplitPart::Train;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    const std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(middle), values.end());
    const double upper = values[middle];
    if (values.size() % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(middle));
    return (lower + upper) / 2;
}

double mode(const std::vector<double> &values)
{
    std::map<double, std::int64_t> counts;
    for (double v : values)
        ++counts[v];
    double best = 0;
    std::int64_t bestCount = -1;
    for (const auto &[value, count] : counts) // ties: the smallest value, deterministically
        if (count > bestCount) {
            best = value;
            bestCount = count;
        }
    return best;
}

} // namespace

QStringList FeatureEncoding::featureNames() const
{
    QStringList names;
    for (const Column &c : columns) {
        if (c.type == ColumnType::Categorical) {
            for (const QString &category : c.categories)
                names << QStringLiteral("%1=%2").arg(c.source, category);
            if (c.other)
                names << c.source + QStringLiteral("=other");
        } else {
            names << c.source;
        }
        if (c.indicator)
            names << c.source + QStringLiteral("_missing");
    }
    return names;
}

int FeatureEncoding::featureCount() const
{
    return int(featureNames().size());
}

Result<FeatureEncoding> fitFeatureEncoding(const Dataset &dataset, const std::vector<SplitPart> &split,
                                           int maxCategories)
{
    if (!split.empty() && std::int64_t(split.size()) != dataset.rowCount())
        return Error{QStringLiteral("the split has %1 rows, the dataset %2").arg(split.size()).arg(dataset.rowCount())};
    FeatureEncoding encoding;
    encoding.maxCategories = maxCategories;
    for (const DatasetColumn &column : dataset.columns) {
        if (column.role != ColumnRole::Feature)
            continue;
        FeatureEncoding::Column c;
        c.source = column.name;
        c.type = column.type;
        c.indicator = column.missingPolicy == MissingPolicy::Indicator;
        std::vector<double> present;
        for (std::size_t r = 0; r < column.values.size(); ++r)
            if (inTraining(split, r) && !isMissing(column.values[r]))
                present.push_back(column.values[r]);

        if (column.type == ColumnType::Categorical) {
            std::vector<std::int64_t> counts(std::size_t(column.categories.size()), 0);
            for (double v : present)
                ++counts[std::size_t(v)];
            std::vector<int> order(counts.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = int(i);
            std::stable_sort(order.begin(), order.end(),
                             [&](int a, int b) { return counts[std::size_t(a)] > counts[std::size_t(b)]; });
            for (int index : order) {
                if (counts[std::size_t(index)] == 0)
                    break; // unseen in training: it falls into "other"
                if (c.categories.size() < maxCategories)
                    c.categories << column.categories.at(index);
                else
                    c.other = true;
            }
            // Categories never seen in training still need somewhere to go.
            if (c.categories.size() < column.categories.size())
                c.other = true;
            encoding.columns.push_back(c);
            continue;
        }

        switch (column.missingPolicy) {
        case MissingPolicy::ImputeMedian:
            c.fill = median(present);
            break;
        case MissingPolicy::ImputeMode:
            c.fill = mode(present);
            break;
        default:
            c.fill = column.type == ColumnType::Boolean ? mode(present) : 0;
            if (column.type != ColumnType::Boolean && !present.empty()) {
                double sum = 0;
                for (double v : present)
                    sum += v;
                c.fill = sum / double(present.size());
            }
            break;
        }
        if (column.type != ColumnType::Boolean && !present.empty()) {
            double sum = 0, squares = 0;
            for (double v : present)
                sum += v;
            c.mean = sum / double(present.size());
            for (double v : present)
                squares += (v - c.mean) * (v - c.mean);
            const double deviation = std::sqrt(squares / double(present.size()));
            c.scale = deviation > 1e-12 ? deviation : 1.0;
        }
        encoding.columns.push_back(c);
    }
    if (encoding.columns.empty())
        return Error{
            QStringLiteral("the dataset has no feature columns; every column is a target, a value or ignored")};
    return encoding;
}

std::vector<float> encodeFeatures(const Dataset &dataset, const FeatureEncoding &encoding,
                                  const std::vector<std::int64_t> &rows)
{
    const std::int64_t rowCount = rows.empty() ? dataset.rowCount() : std::int64_t(rows.size());
    const int width = encoding.featureCount();
    std::vector<float> out(std::size_t(rowCount) * std::size_t(width), 0.0f);
    int offset = 0;
    for (const FeatureEncoding::Column &c : encoding.columns) {
        const DatasetColumn *column = dataset.column(c.source);
        const int span = c.type == ColumnType::Categorical ? int(c.categories.size()) + (c.other ? 1 : 0) : 1;
        if (!column) {
            offset += span + (c.indicator ? 1 : 0);
            continue;
        }
        // Category index -> output slot, built once per column.
        std::vector<int> slot;
        if (c.type == ColumnType::Categorical) {
            slot.assign(std::size_t(column->categories.size()), c.other ? int(c.categories.size()) : -1);
            for (qsizetype k = 0; k < c.categories.size(); ++k) {
                const qsizetype index = column->categories.indexOf(c.categories.at(k));
                if (index >= 0)
                    slot[std::size_t(index)] = int(k);
            }
        }
        for (std::int64_t i = 0; i < rowCount; ++i) {
            const std::size_t row = std::size_t(rows.empty() ? i : rows[std::size_t(i)]);
            float *features = out.data() + std::size_t(i) * std::size_t(width) + std::size_t(offset);
            const double v = column->values[row];
            const bool missing = isMissing(v);
            if (c.type == ColumnType::Categorical) {
                if (!missing && std::size_t(v) < slot.size() && slot[std::size_t(v)] >= 0)
                    features[slot[std::size_t(v)]] = 1.0f;
            } else {
                const double x = missing ? c.fill : v;
                features[0] = float(c.type == ColumnType::Boolean ? x : (x - c.mean) / c.scale);
            }
            if (c.indicator)
                features[span] = missing ? 1.0f : 0.0f;
        }
        offset += span + (c.indicator ? 1 : 0);
    }
    return out;
}

QJsonObject FeatureEncoding::toJson() const
{
    QJsonArray array;
    for (const Column &c : columns) {
        const QJsonArray categories = QJsonArray::fromStringList(c.categories);
        array.append(QJsonObject{{QStringLiteral("source"), c.source},
                                 {QStringLiteral("type"), toKey(c.type)},
                                 {QStringLiteral("fill"), c.fill},
                                 {QStringLiteral("mean"), c.mean},
                                 {QStringLiteral("scale"), c.scale},
                                 {QStringLiteral("indicator"), c.indicator},
                                 {QStringLiteral("categories"), categories},
                                 {QStringLiteral("other"), c.other}});
    }
    return {{QStringLiteral("max_categories"), maxCategories}, {QStringLiteral("columns"), array}};
}

Result<FeatureEncoding> FeatureEncoding::fromJson(const QJsonObject &json)
{
    FeatureEncoding encoding;
    encoding.maxCategories = json.value(QStringLiteral("max_categories")).toInt(20);
    for (const QJsonValue &value : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = value.toObject();
        Column c;
        c.source = o.value(QStringLiteral("source")).toString();
        const std::optional<ColumnType> type = columnTypeFromKey(o.value(QStringLiteral("type")).toString());
        if (c.source.isEmpty() || !type)
            return Error{
                QStringLiteral("the stored feature encoding is damaged (column %1)").arg(encoding.columns.size())};
        c.type = *type;
        c.fill = o.value(QStringLiteral("fill")).toDouble();
        c.mean = o.value(QStringLiteral("mean")).toDouble();
        c.scale = o.value(QStringLiteral("scale")).toDouble(1.0);
        c.indicator = o.value(QStringLiteral("indicator")).toBool();
        for (const QJsonValue &k : o.value(QStringLiteral("categories")).toArray())
            c.categories << k.toString();
        c.other = o.value(QStringLiteral("other")).toBool();
        encoding.columns.push_back(c);
    }
    return encoding;
}

} // namespace mb::data
