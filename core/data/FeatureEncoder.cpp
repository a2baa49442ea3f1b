// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/FeatureEncoder.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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

// The imputation value and the standardisation of a column read as numbers (`present`: its
// training values that are not missing, already log1p'd or turned into ordinal levels).
void fitNumber(FeatureEncoding::Column &c, const std::vector<double> &present, MissingPolicy policy, bool standardize)
{
    const bool boolean = c.type == ColumnType::Boolean;
    switch (policy) {
    case MissingPolicy::ImputeMedian:
        c.fill = median(present);
        break;
    case MissingPolicy::ImputeMode:
        c.fill = mode(present);
        break;
    default:
        c.fill = boolean ? mode(present) : 0;
        if (!boolean && !present.empty()) {
            double sum = 0;
            for (double v : present)
                sum += v;
            c.fill = sum / double(present.size());
        }
        break;
    }
    if (boolean || !standardize || present.empty())
        return;
    double sum = 0, squares = 0;
    for (double v : present)
        sum += v;
    c.mean = sum / double(present.size());
    for (double v : present)
        squares += (v - c.mean) * (v - c.mean);
    const double deviation = std::sqrt(squares / double(present.size()));
    c.scale = deviation > 1e-12 ? deviation : 1.0;
}

// The feature columns of `type`, as the choices a message offers.
QString columnsOfType(const std::vector<ColumnSchema> &schema, ColumnType type)
{
    QStringList names;
    for (const ColumnSchema &c : schema)
        if (c.role == ColumnRole::Feature && c.type == type)
            names << c.name;
    return names.isEmpty() ? QStringLiteral("(none)") : names.join(QStringLiteral(", "));
}

// One option's column: it must exist, be a feature and have `type`.
Status checkOptionColumn(const std::vector<ColumnSchema> &schema, const QString &field, const QString &name,
                         ColumnType type, const QString &use)
{
    const auto column =
        std::find_if(schema.cbegin(), schema.cend(), [&](const ColumnSchema &c) { return c.name == name; });
    const QString choices =
        QStringLiteral("%1 applies to %2 feature columns: %3").arg(use, toKey(type), columnsOfType(schema, type));
    if (column == schema.cend())
        return Error{QStringLiteral("%1: there is no column '%2'; %3").arg(field, name, choices)};
    if (column->role != ColumnRole::Feature)
        return Error{QStringLiteral("%1: column '%2' is not a feature (its role is %3); %4")
                         .arg(field, name, toKey(column->role), choices)};
    if (column->type != type)
        return Error{QStringLiteral("%1: column '%2' is %3; %4").arg(field, name, toKey(column->type), choices)};
    return success();
}

} // namespace

int FeatureEncoding::Column::width() const
{
    const int values = isOneHot() ? int(categories.size()) + (other ? 1 : 0) : 1;
    return values + (indicator ? 1 : 0);
}

QStringList FeatureEncoding::featureNames() const
{
    QStringList names;
    for (const Column &c : columns) {
        if (c.isOneHot()) {
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
    int count = 0;
    for (const Column &c : columns)
        count += c.width();
    return count;
}

Status checkFeatureOptions(const FeatureOptions &options, const std::vector<ColumnSchema> &schema)
{
    for (const QString &name : options.log1p)
        if (Status checked = checkOptionColumn(schema, QStringLiteral("features.log1p"), name, ColumnType::Numeric,
                                               QStringLiteral("log1p"));
            !checked)
            return checked;
    for (auto it = options.ordinal.cbegin(); it != options.ordinal.cend(); ++it)
        if (Status checked = checkOptionColumn(schema, QStringLiteral("features.ordinal.") + it.key(), it.key(),
                                               ColumnType::Categorical, QStringLiteral("an order"));
            !checked)
            return checked;
    return success();
}

Result<FeatureEncoding> fitFeatureEncoding(const Dataset &dataset, const std::vector<SplitPart> &split,
                                           const FeatureOptions &options)
{
    if (!split.empty() && std::int64_t(split.size()) != dataset.rowCount())
        return Error{QStringLiteral("the split has %1 rows, the dataset %2").arg(split.size()).arg(dataset.rowCount())};
    if (Status checked = checkFeatureOptions(options, schemaOf(dataset)); !checked)
        return Error{checked.error()};
    FeatureEncoding encoding;
    encoding.maxCategories = options.maxCategories;
    encoding.standardize = options.standardize;
    // One buffer for every column's training values: growing a fresh one per column cost a million-
    // row import more than the sums themselves (reallocations and page faults on new memory).
    std::vector<double> present;
    present.reserve(std::size_t(dataset.rowCount()));
    for (const DatasetColumn &column : dataset.columns) {
        if (column.role != ColumnRole::Feature)
            continue;
        FeatureEncoding::Column c;
        c.source = column.name;
        c.type = column.type;
        c.indicator = column.missingPolicy == MissingPolicy::Indicator;
        present.clear();
        for (std::size_t r = 0; r < column.values.size(); ++r)
            if (inTraining(split, r) && !isMissing(column.values[r]))
                present.push_back(column.values[r]);

        if (column.type == ColumnType::Categorical && options.ordinal.contains(column.name)) {
            c.ordinal = true;
            c.categories = options.ordinal.value(column.name);
            // Every category the model trains on needs its place in the order.
            std::set<int> unplaced;
            std::set<int> seen;
            for (double &v : present) {
                const int code = int(v);
                seen.insert(code);
                const qsizetype level = c.categories.indexOf(column.categories.value(code));
                if (level < 0)
                    unplaced.insert(code);
                v = double(level);
            }
            if (!unplaced.empty()) {
                QStringList missing, onTrain;
                for (int code : unplaced)
                    missing << column.categories.value(code);
                for (int code : seen)
                    onTrain << column.categories.value(code);
                return Error{
                    QStringLiteral("features.ordinal.%1: the order has no place for '%2', found in the "
                                   "training rows; list every category of the column, lowest first "
                                   "(its categories in the training rows: %3)")
                        .arg(column.name, missing.join(QStringLiteral("', '")), onTrain.join(QStringLiteral(", ")))};
            }
            fitNumber(c, present, column.missingPolicy, options.standardize);
            encoding.columns.push_back(c);
            continue;
        }

        if (column.type == ColumnType::Categorical) {
            std::vector<std::int64_t> counts(std::size_t(column.categories.size()), 0);
            for (double v : present)
                ++counts[std::size_t(v)];
            std::vector<int> order(counts.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = int(i);
            std::stable_sort(order.begin(), order.end(),
                             [&](int a, int b) { return counts[std::size_t(a)] > counts[std::size_t(b)]; });
            c.trainCategories =
                int(std::count_if(counts.cbegin(), counts.cend(), [](std::int64_t n) { return n > 0; }));
            for (int index : order) {
                if (counts[std::size_t(index)] == 0)
                    break; // unseen in training: it falls into "other"
                if (c.categories.size() < options.maxCategories)
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

        if (options.log1p.contains(column.name)) {
            c.log1p = true;
            const auto lowest = std::min_element(present.cbegin(), present.cend());
            if (lowest != present.cend() && *lowest < 0)
                return Error{QStringLiteral("features.log1p: column '%1' has negative values in the training rows "
                                            "(the lowest is %2); log1p is for counts and amounts of 0 or more")
                                 .arg(column.name)
                                 .arg(*lowest)};
            for (double &v : present)
                v = std::log1p(v);
        }
        fitNumber(c, present, column.missingPolicy, options.standardize);
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
        const int span = c.width() - (c.indicator ? 1 : 0);
        if (!column) {
            offset += c.width();
            continue;
        }
        // Category index -> output slot (one-hot) or level (ordinal), built once per column, by
        // name: another dataset version may number its categories differently.
        std::vector<int> slot;
        if (c.type == ColumnType::Categorical) {
            const int unplaced = c.other ? int(c.categories.size()) : -1;
            slot.assign(std::size_t(column->categories.size()), c.ordinal ? -1 : unplaced);
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
            bool missing = isMissing(v);
            if (c.isOneHot()) {
                if (!missing && std::size_t(v) < slot.size() && slot[std::size_t(v)] >= 0)
                    features[slot[std::size_t(v)]] = 1.0f;
            } else {
                double x = v;
                if (c.ordinal) {
                    // A category outside the order (never seen in training) is read as missing.
                    const int level = !missing && std::size_t(v) < slot.size() ? slot[std::size_t(v)] : -1;
                    missing = level < 0;
                    x = level;
                } else if (c.log1p) {
                    missing = missing || v < 0; // only training rows were checked; log1p needs x >= 0 here too
                    x = missing ? v : std::log1p(v);
                }
                if (missing)
                    x = c.fill;
                features[0] = float(c.type == ColumnType::Boolean ? x : (x - c.mean) / c.scale);
            }
            if (c.indicator)
                features[span] = missing ? 1.0f : 0.0f;
        }
        offset += c.width();
    }
    return out;
}

QJsonObject FeatureEncoding::toJson() const
{
    QJsonArray array;
    for (const Column &c : columns) {
        const QJsonArray categories = QJsonArray::fromStringList(c.categories);
        QJsonObject o{{QStringLiteral("source"), c.source},       {QStringLiteral("type"), toKey(c.type)},
                      {QStringLiteral("fill"), c.fill},           {QStringLiteral("mean"), c.mean},
                      {QStringLiteral("scale"), c.scale},         {QStringLiteral("indicator"), c.indicator},
                      {QStringLiteral("categories"), categories}, {QStringLiteral("other"), c.other}};
        // Written only when they say something, so a default encoding keeps the bytes it always had.
        if (c.log1p)
            o.insert(QStringLiteral("log1p"), true);
        if (c.ordinal)
            o.insert(QStringLiteral("ordinal"), true);
        if (c.trainCategories >= 0)
            o.insert(QStringLiteral("train_categories"), c.trainCategories);
        array.append(o);
    }
    QJsonObject json{{QStringLiteral("max_categories"), maxCategories}, {QStringLiteral("columns"), array}};
    if (!standardize)
        json.insert(QStringLiteral("standardize"), false);
    return json;
}

Result<FeatureEncoding> FeatureEncoding::fromJson(const QJsonObject &json)
{
    FeatureEncoding encoding;
    encoding.maxCategories = json.value(QStringLiteral("max_categories")).toInt(FeatureOptions::kDefaultMaxCategories);
    encoding.standardize = json.value(QStringLiteral("standardize")).toBool(true);
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
        c.log1p = o.value(QStringLiteral("log1p")).toBool();
        c.ordinal = o.value(QStringLiteral("ordinal")).toBool();
        c.trainCategories = o.value(QStringLiteral("train_categories")).toInt(-1);
        encoding.columns.push_back(c);
    }
    return encoding;
}

} // namespace mb::data
