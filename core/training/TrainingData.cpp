// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/TrainingData.h"

#include "core/training/TorchInternals_p.h"

#include <QJsonArray>

#include <torch/torch.h>

#include <cmath>

namespace mb::training {
namespace {

const data::DatasetColumn *columnNamed(const data::Dataset &dataset, const QString &name)
{
    for (const data::DatasetColumn &column : dataset.columns)
        if (column.name == name)
            return &column;
    return nullptr;
}

// One output per class: a class number in the millions is a mistaken target, not a classifier.
constexpr int kMaxClasses = 10000;

// The number of classes of a cross-entropy target: its categories, or for a numeric column of
// whole numbers 0..k-1, k. The rows of every part are checked and counted: a validation or test
// label that is not a class number would otherwise be truncated into one silently, and a class
// seen only outside training would be out of the network's range.
Result<int> classCount(const data::DatasetColumn &column, const std::vector<std::int64_t> (&parts)[3])
{
    if (!column.categories.isEmpty())
        return int(column.categories.size());
    double highest = 0;
    for (const auto &rows : parts)
        for (std::int64_t row : rows) {
            const double v = column.values[std::size_t(row)];
            if (v < 0 || v != std::floor(v))
                return Error{
                    QStringLiteral("target '%1': row %2 has %3, but cross-entropy needs class numbers 0, 1, 2, ...")
                        .arg(column.name)
                        .arg(row + 1)
                        .arg(v)};
            if (v >= kMaxClasses)
                return Error{
                    QStringLiteral("target '%1': row %2 has class number %3, but cross-entropy takes at most %4 "
                                   "classes (is this a regression target?)")
                        .arg(column.name)
                        .arg(row + 1)
                        .arg(v)
                        .arg(kMaxClasses)};
            highest = std::max(highest, v);
        }
    return int(highest) + 1;
}

Status checkBinaryLabels(const data::DatasetColumn &column, const std::vector<std::int64_t> &rows)
{
    for (std::int64_t row : rows) {
        const double v = column.values[std::size_t(row)];
        if (v != 0 && v != 1)
            return Error{QStringLiteral("target '%1': row %2 has %3, but binary cross-entropy needs labels 0 or 1 "
                                        "(set a positive class when importing)")
                             .arg(column.name)
                             .arg(row + 1)
                             .arg(v)};
    }
    return success();
}

torch::Tensor floatTargets(const std::vector<const data::DatasetColumn *> &columns,
                           const std::vector<std::int64_t> &rows, double mean = 0, double scale = 1)
{
    const auto n = std::int64_t(rows.size());
    const auto width = std::int64_t(columns.size());
    torch::Tensor y = torch::empty({n, width}, torch::kFloat32);
    float *out = y.data_ptr<float>();
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t c = 0; c < width; ++c)
            out[i * width + c] =
                float((columns[std::size_t(c)]->values[std::size_t(rows[std::size_t(i)])] - mean) / scale);
    return y;
}

torch::Tensor classTargets(const data::DatasetColumn &column, const std::vector<std::int64_t> &rows)
{
    torch::Tensor y = torch::empty({std::int64_t(rows.size())}, torch::kInt64);
    std::int64_t *out = y.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < rows.size(); ++i)
        out[i] = std::int64_t(column.values[std::size_t(rows[i])]);
    return y;
}

torch::Tensor featureTensor(const data::Dataset &dataset, const data::FeatureEncoding &encoding,
                            const std::vector<std::int64_t> &rows)
{
    const int width = encoding.featureCount();
    if (rows.empty())
        return torch::empty({0, width}, torch::kFloat32);
    std::vector<float> values = encodeFeatures(dataset, encoding, rows);
    return torch::from_blob(values.data(), {std::int64_t(rows.size()), width}, torch::kFloat32).clone();
}

std::optional<std::array<int, 3>> imageShapeOf(const QJsonObject &options)
{
    const QJsonArray shape = options.value(QStringLiteral("image_shape")).toArray();
    if (shape.size() == 2)
        return std::array<int, 3>{1, shape.at(0).toInt(), shape.at(1).toInt()};
    if (shape.size() == 3)
        return std::array<int, 3>{shape.at(0).toInt(), shape.at(1).toInt(), shape.at(2).toInt()};
    return std::nullopt;
}

} // namespace

bool HeadSpec::isRegression() const
{
    return loss.kind == Loss::Mse || loss.kind == Loss::Mae || loss.kind == Loss::Huber;
}

QJsonObject HeadSpec::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("loss"), toKey(loss.kind)},
            {QStringLiteral("targets"), QJsonArray::fromStringList(targets)},
            {QStringLiteral("outputs"), outputs},
            {QStringLiteral("classes"), classes},
            {QStringLiteral("target_mean"), targetMean},
            {QStringLiteral("target_scale"), targetScale}};
}

Result<HeadSpec> HeadSpec::fromJson(const QJsonObject &json)
{
    HeadSpec head;
    head.name = json.value(QStringLiteral("name")).toString();
    const std::optional<Loss> loss = lossFromKey(json.value(QStringLiteral("loss")).toString());
    if (!loss)
        return Error{QStringLiteral("checkpoint head '%1' has an unknown loss").arg(head.name)};
    head.loss.kind = *loss;
    for (const QJsonValue &target : json.value(QStringLiteral("targets")).toArray())
        head.targets << target.toString();
    head.outputs = json.value(QStringLiteral("outputs")).toInt();
    head.classes = json.value(QStringLiteral("classes")).toInt();
    head.targetMean = json.value(QStringLiteral("target_mean")).toDouble();
    head.targetScale = json.value(QStringLiteral("target_scale")).toDouble(1);
    if (head.outputs < 1)
        return Error{QStringLiteral("checkpoint head '%1' has no outputs").arg(head.name)};
    return head;
}

Result<TrainingTensors> buildTrainingTensors(const data::Dataset &dataset, const std::vector<data::SplitPart> &split,
                                             const data::FeatureEncoding &encoding, const TrainingConfig &config,
                                             const QJsonObject &versionOptions)
{
    if (split.size() != std::size_t(dataset.rowCount()))
        return Error{QStringLiteral("the split has %1 rows but the dataset version has %2")
                         .arg(split.size())
                         .arg(dataset.rowCount())};

    // Each head and the columns it learns.
    auto tensors = std::make_shared<TrainingTensors::Impl>();
    std::vector<std::vector<const data::DatasetColumn *>> headColumns;
    auto addHead = [&](const QString &name, const LossConfig &loss, const QStringList &targets) -> Status {
        std::vector<const data::DatasetColumn *> columns;
        for (const QString &target : targets) {
            const data::DatasetColumn *column = columnNamed(dataset, target);
            if (!column)
                return Error{QStringLiteral("targets: the dataset version has no column '%1'").arg(target)};
            columns.push_back(column);
        }
        HeadSpec head;
        head.name = name;
        head.loss = loss;
        head.targets = targets;
        tensors->heads.push_back(head);
        headColumns.push_back(columns);
        return success();
    };
    Status added = success();
    if (config.task == TaskType::TwoObjectiveRanking) {
        for (int i = 0; i < 2 && added; ++i)
            added = addHead(config.targets.at(i), config.losses.at(i), {config.targets.at(i)});
    } else if (config.task == TaskType::Multilabel) {
        added = addHead(QStringLiteral("labels"), config.losses.constFirst(), config.targets);
    } else {
        added = addHead(config.targets.constFirst(), config.losses.constFirst(), {config.targets.constFirst()});
    }
    if (!added)
        return Error{added.error()};

    // Rows per part, leaving out rows with a missing target: there is nothing to learn from them.
    std::vector<std::int64_t> rows[3];
    for (std::int64_t row = 0; row < dataset.rowCount(); ++row) {
        bool complete = true;
        for (const auto &columns : headColumns)
            for (const data::DatasetColumn *column : columns)
                complete = complete && !std::isnan(column->values[std::size_t(row)]);
        if (!complete) {
            ++tensors->rowsWithoutTarget;
            continue;
        }
        rows[int(split[std::size_t(row)])].push_back(row);
    }
    const auto &trainRows = rows[int(data::SplitPart::Train)];
    if (trainRows.empty())
        return Error{QStringLiteral("split: no training rows have a target value")};

    for (std::size_t h = 0; h < tensors->heads.size(); ++h) {
        HeadSpec &head = tensors->heads[h];
        const auto &columns = headColumns[h];
        const QString at = QStringLiteral("losses[%1]").arg(config.losses.size() > 1 ? int(h) : 0);
        if (head.loss.kind == Loss::CrossEntropy) {
            Result<int> classes = classCount(*columns.front(), rows);
            if (!classes)
                return Error{classes.error()};
            head.classes = std::max(*classes, config.task == TaskType::Binary ? 2 : 1);
            head.outputs = head.classes;
            if (!head.loss.classWeights.isEmpty() && head.loss.classWeights.size() != head.classes)
                return Error{QStringLiteral("%1.class_weights: %2 weight(s) for %3 classes of '%4'")
                                 .arg(at)
                                 .arg(head.loss.classWeights.size())
                                 .arg(head.classes)
                                 .arg(head.name)};
        } else if (head.loss.kind == Loss::Bce) {
            for (const data::DatasetColumn *column : columns)
                for (const auto &part : rows)
                    if (Status binary = checkBinaryLabels(*column, part); !binary)
                        return Error{binary.error()};
            head.outputs = int(columns.size());
        } else {
            double sum = 0, squares = 0;
            for (std::int64_t row : trainRows) {
                const double v = columns.front()->values[std::size_t(row)];
                sum += v;
                squares += v * v;
            }
            const double n = double(trainRows.size());
            head.targetMean = sum / n;
            const double variance = std::max(0.0, squares / n - head.targetMean * head.targetMean);
            head.targetScale = variance > 1e-24 ? std::sqrt(variance) : 1.0;
        }
        for (int part = 0; part < 3; ++part)
            tensors->parts[std::size_t(part)].ys.push_back(
                head.loss.kind == Loss::CrossEntropy
                    ? classTargets(*columns.front(), rows[part])
                    : floatTargets(columns, rows[part], head.targetMean, head.targetScale));
    }

    tensors->featureCount = encoding.featureCount();
    if (tensors->featureCount == 0)
        return Error{QStringLiteral("the dataset version has no feature columns to learn from")};
    for (int part = 0; part < 3; ++part) {
        tensors->parts[std::size_t(part)].x = featureTensor(dataset, encoding, rows[part]);
        tensors->parts[std::size_t(part)].rows = rows[part];
    }

    if (config.model.kind == ModelKind::Cnn) {
        tensors->imageShape = imageShapeOf(versionOptions);
        if (!tensors->imageShape)
            return Error{QStringLiteral("model.kind: a cnn needs image data (an IDX import); this dataset version "
                                        "has no image shape, so use mlp or linear")};
        const auto &[channels, height, width] = *tensors->imageShape;
        if (channels * height * width != tensors->featureCount)
            return Error{
                QStringLiteral("model.kind: the images are %1x%2x%3 = %4 values but the features have %5 columns")
                    .arg(channels)
                    .arg(height)
                    .arg(width)
                    .arg(channels * height * width)
                    .arg(tensors->featureCount)};
    }
    return TrainingTensors(std::move(tensors));
}

Result<TrainingTensors> inModelScaling(const TrainingTensors &data, const std::vector<HeadSpec> &modelHeads)
{
    const TrainingTensors::Impl &source = data.impl();
    if (source.heads.size() != modelHeads.size())
        return Error{QStringLiteral("%1 outputs for %2").arg(source.heads.size()).arg(modelHeads.size())};
    auto scaled = std::make_shared<TrainingTensors::Impl>(source); // shares the feature tensors
    scaled->heads = modelHeads;
    for (std::size_t h = 0; h < modelHeads.size(); ++h) {
        const HeadSpec &here = source.heads[h];
        const HeadSpec &trained = modelHeads[h];
        if (trained.loss.kind == Loss::CrossEntropy && here.classes > trained.classes)
            return Error{QStringLiteral("'%1' has %2 classes, the model knows %3")
                             .arg(trained.name)
                             .arg(here.classes)
                             .arg(trained.classes)};
        if (!trained.isRegression())
            continue;
        for (TrainingTensors::Impl::Part &part : scaled->parts) {
            torch::Tensor &y = part.ys[h];
            y = (y * here.targetScale + here.targetMean - trained.targetMean) / trained.targetScale;
        }
    }
    return TrainingTensors(std::move(scaled));
}

TrainingTensors::TrainingTensors() : m_impl(std::make_shared<const Impl>()) {}

TrainingTensors::TrainingTensors(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

const std::vector<HeadSpec> &TrainingTensors::heads() const
{
    return m_impl->heads;
}

int TrainingTensors::featureCount() const
{
    return m_impl->featureCount;
}

std::optional<std::array<int, 3>> TrainingTensors::imageShape() const
{
    return m_impl->imageShape;
}

std::int64_t TrainingTensors::rowsWithoutTarget() const
{
    return m_impl->rowsWithoutTarget;
}

std::int64_t TrainingTensors::rowCount(data::SplitPart part) const
{
    return std::int64_t(datasetRows(part).size());
}

const std::vector<std::int64_t> &TrainingTensors::datasetRows(data::SplitPart part) const
{
    return m_impl->part(part).rows;
}

std::optional<data::SplitPart> TrainingTensors::heldOutPart() const
{
    for (data::SplitPart part : {data::SplitPart::Test, data::SplitPart::Validation})
        if (rowCount(part) > 0)
            return part;
    return std::nullopt;
}

} // namespace mb::training
