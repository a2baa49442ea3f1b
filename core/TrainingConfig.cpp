// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/TrainingConfig.h"

#include "core/EnumKeys.h"
#include "core/ExternalRun.h"
#include "core/FramingValidator.h"
#include "core/JsonReader.h"
#include "core/NumberText.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace mb {
namespace {

const QString kFormat = QStringLiteral("metricbridge.run");

constexpr KeyTable<ModelKind, 3> kModels{
    {{ModelKind::Linear, "linear"}, {ModelKind::Mlp, "mlp"}, {ModelKind::Cnn, "cnn"}}};
constexpr KeyTable<Activation, 4> kActivations{{{Activation::Relu, "relu"},
                                                {Activation::Tanh, "tanh"},
                                                {Activation::Gelu, "gelu"},
                                                {Activation::Sigmoid, "sigmoid"}}};
constexpr KeyTable<OptimizerKind, 3> kOptimizers{
    {{OptimizerKind::Sgd, "sgd"}, {OptimizerKind::Adam, "adam"}, {OptimizerKind::AdamW, "adamw"}}};
constexpr KeyTable<ScheduleKind, 3> kSchedules{
    {{ScheduleKind::Constant, "constant"}, {ScheduleKind::Step, "step"}, {ScheduleKind::Cosine, "cosine"}}};
constexpr KeyTable<StopMode, 2> kStopModes{{{StopMode::Min, "min"}, {StopMode::Max, "max"}}};

// As the user typed it: 1000000, not 1e+06.
QString numberText(double v)
{
    return QString::number(v, 'g', 15);
}

// Range checks that name the field, on top of the reader's type checks.
class Checked {
public:
    explicit Checked(JsonObjectReader &reader) : m_r(reader) {}

    double number(const QString &key, double fallback, double min, double max, bool minOpen = false)
    {
        const double v = m_r.number(key, fallback);
        if ((minOpen ? v <= min : v < min) || v > max)
            m_r.fail(key, QStringLiteral("%1 is out of range: expected %2%3 and at most %4")
                              .arg(numberText(v), minOpen ? QStringLiteral("more than ") : QStringLiteral("at least "),
                                   numberText(min), numberText(max)));
        return v;
    }
    int integer(const QString &key, int fallback, int min, int max)
    {
        const double v = m_r.number(key, fallback);
        if (v != std::floor(v)) {
            m_r.fail(key, QStringLiteral("expected a whole number, got %1").arg(numberText(v)));
            return fallback;
        }
        // Refused values are not converted: int(v) of a number beyond int's range is undefined
        // behaviour (found by fuzz_trainingconfig: "dataset_version": 5.6e27).
        if (v < min || v > max) {
            m_r.fail(key, QStringLiteral("%1 is out of range: expected %2 to %3").arg(numberText(v)).arg(min).arg(max));
            return fallback;
        }
        return int(v);
    }
    QList<int> integers(const QString &key, const QList<int> &fallback, int min, int max)
    {
        if (!m_r.has(key))
            return fallback;
        QList<int> values;
        const QList<double> numbers = m_r.numberList(key);
        for (qsizetype i = 0; i < numbers.size(); ++i) {
            const double v = numbers.at(i);
            if (v != std::floor(v) || v < min || v > max) {
                m_r.fail(QStringLiteral("%1[%2]").arg(key).arg(i),
                         QStringLiteral("expected a whole number from %1 to %2, got %3")
                             .arg(min)
                             .arg(max)
                             .arg(numberText(v)));
                continue; // never int(v): see integer()
            }
            values << int(v);
        }
        return values;
    }
    template<typename E, std::size_t N>
    E choice(const KeyTable<E, N> &table, const QString &key, E fallback)
    {
        return *valueOf(table, m_r.choice(key, keysOf(table), keyOf(table, fallback)));
    }

private:
    JsonObjectReader &m_r;
};

LossConfig readLoss(JsonObjectReader &r, const LossConfig &fallback)
{
    Checked c(r);
    LossConfig loss;
    loss.kind = *lossFromKey(r.choice(QStringLiteral("kind"), lossKeys(), toKey(fallback.kind)));
    loss.positiveWeight = c.number(QStringLiteral("pos_weight"), fallback.positiveWeight, 0, 1e6, true);
    loss.classWeights = r.numberList(QStringLiteral("class_weights"));
    for (qsizetype i = 0; i < loss.classWeights.size(); ++i)
        if (!(loss.classWeights.at(i) > 0))
            r.fail(QStringLiteral("class_weights[%1]").arg(i), QStringLiteral("a class weight must be more than 0"));
    loss.huberDelta = c.number(QStringLiteral("huber_delta"), fallback.huberDelta, 0, 1e6, true);
    r.rejectUnknownKeys();
    return loss;
}

QJsonObject lossToJson(const LossConfig &loss)
{
    QJsonArray weights;
    for (double w : loss.classWeights)
        weights.append(w);
    return {{QStringLiteral("kind"), toKey(loss.kind)},
            {QStringLiteral("pos_weight"), loss.positiveWeight},
            {QStringLiteral("class_weights"), weights},
            {QStringLiteral("huber_delta"), loss.huberDelta}};
}

// The `features` object. The ordinal orders are an object keyed by column names, which the reader
// cannot list, so their keys come from `raw`.
data::FeatureOptions readFeatures(JsonObjectReader &r, const QJsonObject &raw)
{
    Checked c(r);
    data::FeatureOptions features;
    features.maxCategories = c.integer(QStringLiteral("max_categories"), features.maxCategories, 1, 10000);
    features.standardize = r.boolean(QStringLiteral("standardize"), features.standardize);
    features.log1p = r.stringList(QStringLiteral("log1p"));
    for (qsizetype i = 0; i < features.log1p.size(); ++i)
        if (features.log1p.indexOf(features.log1p.at(i)) != i)
            r.fail(QStringLiteral("log1p[%1]").arg(i),
                   QStringLiteral("'%1' is listed twice").arg(features.log1p.at(i)));
    JsonObjectReader ordinal = r.object(QStringLiteral("ordinal"));
    const QJsonObject orders = raw.value(QStringLiteral("ordinal")).toObject();
    for (auto it = orders.constBegin(); it != orders.constEnd(); ++it) {
        const QStringList order = ordinal.stringList(it.key());
        if (order.isEmpty() && !ordinal.failed())
            ordinal.fail(it.key(), QStringLiteral("list the column's categories, lowest first"));
        for (qsizetype i = 0; i < order.size(); ++i)
            if (order.indexOf(order.at(i)) != i)
                ordinal.fail(it.key(), QStringLiteral("'%1' is listed twice").arg(order.at(i)));
        features.ordinal.insert(it.key(), order);
    }
    r.rejectUnknownKeys();
    // A set of columns: sorted, so the same set gives the same canonical bytes.
    features.log1p.sort();
    return features;
}

QJsonObject featuresToJson(const data::FeatureOptions &features)
{
    QJsonObject ordinal;
    for (auto it = features.ordinal.cbegin(); it != features.ordinal.cend(); ++it)
        ordinal.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QStringList log1p = features.log1p;
    log1p.sort(); // a set of columns (readFeatures sorts it too)
    return {{QStringLiteral("max_categories"), features.maxCategories},
            {QStringLiteral("standardize"), features.standardize},
            {QStringLiteral("log1p"), QJsonArray::fromStringList(log1p)},
            {QStringLiteral("ordinal"), ordinal}};
}

QJsonArray intArray(const QList<int> &values)
{
    QJsonArray array;
    for (int v : values)
        array.append(v);
    return array;
}

} // namespace

QString toKey(ModelKind value)
{
    return keyOf(kModels, value);
}
QString toKey(Activation value)
{
    return keyOf(kActivations, value);
}
QString toKey(OptimizerKind value)
{
    return keyOf(kOptimizers, value);
}
QString toKey(ScheduleKind value)
{
    return keyOf(kSchedules, value);
}
QString toKey(StopMode value)
{
    return keyOf(kStopModes, value);
}

TrainingConfig defaultTrainingConfig(TaskType task)
{
    TrainingConfig config;
    config.task = task;
    const Loss loss = lossesFor(task).constFirst();
    config.losses = {LossConfig{loss, 1.0, {}, 1.0}};
    if (hasTwoObjectives(task))
        config.losses = {LossConfig{Loss::Bce, 1.0, {}, 1.0}, LossConfig{Loss::Bce, 1.0, {}, 1.0}};
    config.earlyStopping = EarlyStopping{};
    return config;
}

QJsonObject trainingConfigToJson(const TrainingConfig &config)
{
    QJsonArray losses;
    for (const LossConfig &loss : config.losses)
        losses.append(lossToJson(loss));
    QJsonObject json{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("format_version"), kRunConfigFormatVersion},
        {QStringLiteral("name"), config.name},
        {QStringLiteral("dataset_version"), qint64(config.datasetVersion)},
        {QStringLiteral("split"), qint64(config.split)},
        {QStringLiteral("task"), toKey(config.task)},
        {QStringLiteral("targets"), QJsonArray::fromStringList(config.targets)},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("kind"), toKey(config.model.kind)},
                                              {QStringLiteral("hidden"), intArray(config.model.hidden)},
                                              {QStringLiteral("activation"), toKey(config.model.activation)},
                                              {QStringLiteral("dropout"), config.model.dropout},
                                              {QStringLiteral("batch_norm"), config.model.batchNorm},
                                              {QStringLiteral("channels"), intArray(config.model.channels)},
                                              {QStringLiteral("kernel"), config.model.kernel}}},
        {QStringLiteral("losses"), losses},
        {QStringLiteral("alpha"), config.alpha},
        {QStringLiteral("beta"), config.beta},
        {QStringLiteral("optimizer"), QJsonObject{{QStringLiteral("kind"), toKey(config.optimizer.kind)},
                                                  {QStringLiteral("lr"), config.optimizer.learningRate},
                                                  {QStringLiteral("momentum"), config.optimizer.momentum},
                                                  {QStringLiteral("weight_decay"), config.optimizer.weightDecay}}},
        {QStringLiteral("schedule"), QJsonObject{{QStringLiteral("kind"), toKey(config.schedule.kind)},
                                                 {QStringLiteral("step_size"), config.schedule.stepSize},
                                                 {QStringLiteral("gamma"), config.schedule.gamma}}},
        {QStringLiteral("batch_size"), config.batchSize},
        {QStringLiteral("epochs"), config.epochs},
        // A string: JSON numbers are doubles and would round a 64-bit seed.
        {QStringLiteral("seed"), QString::number(config.seed)},
        {QStringLiteral("threads"), config.threads},
    };
    json.insert(QStringLiteral("early_stopping"),
                config.earlyStopping
                    ? QJsonValue(QJsonObject{{QStringLiteral("metric"), config.earlyStopping->metric},
                                             {QStringLiteral("mode"), toKey(config.earlyStopping->mode)},
                                             {QStringLiteral("patience"), config.earlyStopping->patience}})
                    : QJsonValue());
    // Left out at its defaults: see trainingConfigToBytes.
    if (!config.features.isDefault())
        json.insert(QStringLiteral("features"), featuresToJson(config.features));
    return json;
}

Result<TrainingConfig> trainingConfigFromJson(const QJsonObject &json)
{
    JsonObjectReader r(json);
    const QString format = r.string(QStringLiteral("format"), kFormat);
    if (format != kFormat)
        r.fail(QStringLiteral("format"), QStringLiteral("expected \"%1\", got \"%2\"").arg(kFormat, format));
    // Compared as read: a version beyond an int (1e125) must be refused, not converted first.
    const double version = r.number(QStringLiteral("format_version"), kRunConfigFormatVersion);
    if (version != kRunConfigFormatVersion)
        r.fail(QStringLiteral("format_version"),
               QStringLiteral("this build reads run config format version %1, the file has version %2")
                   .arg(kRunConfigFormatVersion)
                   .arg(version));
    if (r.failed())
        return Error{r.error()};

    Checked c(r);
    const TaskType task = *taskTypeFromKey(r.choice(QStringLiteral("task"), taskTypeKeys(), toKey(TaskType::Binary)));
    TrainingConfig config = defaultTrainingConfig(task);
    config.name = r.string(QStringLiteral("name"));
    config.datasetVersion = c.integer(QStringLiteral("dataset_version"), 0, 1, std::numeric_limits<int>::max());
    config.split = c.integer(QStringLiteral("split"), 0, 1, std::numeric_limits<int>::max());
    config.targets = r.stringList(QStringLiteral("targets"));
    const int expectedTargets = hasTwoObjectives(task) ? 2 : task == TaskType::Multilabel ? -1 : 1;
    if (config.targets.isEmpty())
        r.fail(QStringLiteral("targets"), QStringLiteral("name the target column(s) of the dataset version"));
    else if (expectedTargets > 0 && config.targets.size() != expectedTargets)
        r.fail(QStringLiteral("targets"), QStringLiteral("a %1 task has %2 target(s), found %3")
                                              .arg(toKey(task))
                                              .arg(expectedTargets)
                                              .arg(config.targets.size()));

    JsonObjectReader model = r.object(QStringLiteral("model"));
    Checked m(model);
    config.model.kind = m.choice(kModels, QStringLiteral("kind"), config.model.kind);
    config.model.hidden = m.integers(QStringLiteral("hidden"), config.model.hidden, 1, 65536);
    config.model.activation = m.choice(kActivations, QStringLiteral("activation"), config.model.activation);
    config.model.dropout = m.number(QStringLiteral("dropout"), 0.0, 0.0, 0.95);
    config.model.batchNorm = model.boolean(QStringLiteral("batch_norm"), false);
    config.model.channels = m.integers(QStringLiteral("channels"), config.model.channels, 1, 4096);
    config.model.kernel = m.integer(QStringLiteral("kernel"), config.model.kernel, 1, 15);
    // A stack of 100 000 layers of width 1 fits in memory and trains for ever.
    for (const auto &[key, layers] : {std::pair{QStringLiteral("hidden"), config.model.hidden.size()},
                                      std::pair{QStringLiteral("channels"), config.model.channels.size()}})
        if (layers > kMaxLayers)
            model.fail(key, QStringLiteral("%1 layers; at most %2").arg(layers).arg(kMaxLayers));
    if (config.model.kernel % 2 == 0)
        model.fail(QStringLiteral("kernel"),
                   QStringLiteral("the kernel size must be odd, got %1").arg(config.model.kernel));
    model.rejectUnknownKeys();

    if (r.has(QStringLiteral("losses"))) {
        QList<LossConfig> losses;
        for (JsonObjectReader &loss : r.objectList(QStringLiteral("losses")))
            losses << readLoss(loss, LossConfig{lossesFor(task).constFirst(), 1.0, {}, 1.0});
        config.losses = losses;
    }
    const qsizetype expectedLosses = hasTwoObjectives(task) ? 2 : 1;
    if (!r.failed() && config.losses.size() != expectedLosses)
        r.fail(QStringLiteral("losses"), QStringLiteral("a %1 task has %2 loss(es), found %3")
                                             .arg(toKey(task))
                                             .arg(expectedLosses)
                                             .arg(config.losses.size()));
    const QList<Loss> fitting = lossesFor(task);
    for (qsizetype i = 0; i < config.losses.size() && !r.failed(); ++i) {
        if (!fitting.contains(config.losses.at(i).kind)) {
            QStringList keys;
            for (Loss loss : fitting)
                keys << toKey(loss);
            r.fail(QStringLiteral("losses[%1].kind").arg(i),
                   QStringLiteral("%1 does not fit a %2 task; use %3")
                       .arg(toKey(config.losses.at(i).kind), toKey(task), keys.join(QStringLiteral(" or "))));
        }
    }
    config.alpha = c.number(QStringLiteral("alpha"), config.alpha, 0, 1e6);
    config.beta = c.number(QStringLiteral("beta"), config.beta, 0, 1e6);
    if (hasTwoObjectives(task) && config.alpha + config.beta <= 0 && !r.failed())
        r.fail(QStringLiteral("alpha"), QStringLiteral("alpha and beta cannot both be zero"));

    JsonObjectReader optimizer = r.object(QStringLiteral("optimizer"));
    Checked o(optimizer);
    config.optimizer.kind = o.choice(kOptimizers, QStringLiteral("kind"), config.optimizer.kind);
    config.optimizer.learningRate = o.number(QStringLiteral("lr"), config.optimizer.learningRate, 0, 10, true);
    config.optimizer.momentum = o.number(QStringLiteral("momentum"), config.optimizer.momentum, 0, 0.999);
    config.optimizer.weightDecay = o.number(QStringLiteral("weight_decay"), config.optimizer.weightDecay, 0, 1);
    optimizer.rejectUnknownKeys();

    JsonObjectReader schedule = r.object(QStringLiteral("schedule"));
    Checked s(schedule);
    config.schedule.kind = s.choice(kSchedules, QStringLiteral("kind"), config.schedule.kind);
    config.schedule.stepSize = s.integer(QStringLiteral("step_size"), config.schedule.stepSize, 1, 100000);
    config.schedule.gamma = s.number(QStringLiteral("gamma"), config.schedule.gamma, 0, 1, true);
    schedule.rejectUnknownKeys();

    config.batchSize = c.integer(QStringLiteral("batch_size"), config.batchSize, 1, 65536);
    if (config.model.batchNorm && config.batchSize < 2 && !r.failed())
        r.fail(QStringLiteral("batch_size"), QStringLiteral("batch norm needs at least 2 rows per batch"));
    config.epochs = c.integer(QStringLiteral("epochs"), config.epochs, 1, 100000);
    config.threads = c.integer(QStringLiteral("threads"), config.threads, 0, 256);

    if (r.has(QStringLiteral("early_stopping")) && json.value(QStringLiteral("early_stopping")).isNull()) {
        r.object(QStringLiteral("early_stopping")); // null turns early stopping off
        config.earlyStopping.reset();
    } else {
        JsonObjectReader early = r.object(QStringLiteral("early_stopping"));
        Checked e(early);
        EarlyStopping stopping;
        stopping.metric = early.string(QStringLiteral("metric"), stopping.metric);
        stopping.mode = e.choice(kStopModes, QStringLiteral("mode"), stopping.mode);
        stopping.patience = e.integer(QStringLiteral("patience"), stopping.patience, 1, 10000);
        early.rejectUnknownKeys();
        config.earlyStopping = stopping;
    }

    if (r.has(QStringLiteral("features"))) {
        JsonObjectReader features = r.object(QStringLiteral("features"));
        config.features = readFeatures(features, json.value(QStringLiteral("features")).toObject());
    }

    const QString seed = r.string(QStringLiteral("seed"), QString::number(config.seed));
    bool seedOk = false;
    config.seed = seed.toULongLong(&seedOk);
    if (!seedOk)
        r.fail(QStringLiteral("seed"), QStringLiteral("expected a whole number written as a string, such as \"42\""));
    r.rejectUnknownKeys();

    if (r.failed())
        return Error{r.error()};
    return config;
}

Result<TrainingConfig> trainingConfigFromBytes(const QByteArray &bytes)
{
    Result<QJsonObject> object = parseJsonObject(bytes);
    if (!object)
        return Error{object.error()};
    return trainingConfigFromJson(*object);
}

QByteArray trainingConfigToBytes(const TrainingConfig &config)
{
    return QJsonDocument(trainingConfigToJson(config)).toJson(QJsonDocument::Indented);
}

QString trainingConfigSummary(const QJsonObject &config)
{
    if (isExternalRun(config))
        return externalRunSummary(config);
    const QJsonObject model = config.value(QStringLiteral("model")).toObject();
    QString kind = model.value(QStringLiteral("kind")).toString(QStringLiteral("mlp"));
    QStringList widths;
    const QJsonArray sizes =
        model.value(kind == QLatin1String("cnn") ? QStringLiteral("channels") : QStringLiteral("hidden")).toArray();
    for (const QJsonValue &v : sizes)
        widths << QString::number(v.toInt());
    if (kind != QLatin1String("linear") && !widths.isEmpty())
        kind += QLatin1Char(' ') + widths.join(QLatin1Char('-'));
    const QJsonObject optimizer = config.value(QStringLiteral("optimizer")).toObject();
    QStringList parts{kind};
    if (optimizer.contains(QStringLiteral("kind")))
        parts << QStringLiteral("%1 lr %2")
                     .arg(optimizer.value(QStringLiteral("kind")).toString(),
                          formatNumber(optimizer.value(QStringLiteral("lr")).toDouble()));
    if (config.contains(QStringLiteral("batch_size")))
        parts << QStringLiteral("batch %1").arg(config.value(QStringLiteral("batch_size")).toInt());
    if (config.contains(QStringLiteral("epochs")))
        parts << QStringLiteral("%1 epochs").arg(config.value(QStringLiteral("epochs")).toInt());
    return parts.join(QStringLiteral(", "));
}

} // namespace mb
