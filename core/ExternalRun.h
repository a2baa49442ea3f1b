// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Framing.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace mb {

// A run trained by another tool (scikit-learn, XGBoost, a PyTorch script) and logged back with
// `metricbridge log` (docs/EXTERNAL-RUNS.md). Its stored config has the keys a built-in run's has
// where they mean the same (name, dataset_version, split, task, targets), so the runs table, the
// pair rule of the Trade-offs page and a requirement's metric names read it alike, and model.kind
// "external" with the tool's name and version; the tool's own parameters are kept as given under
// "params". trainingConfigFromJson refuses it: nothing can retrain it here.
struct ExternalRunConfig {
    QString name;
    std::int64_t datasetVersion = 0;
    std::int64_t split = 0;
    TaskType task = TaskType::Binary;
    QStringList targets;
    QString tool;        // such as "scikit-learn"; may be empty
    QString toolVersion; // such as "1.2.1"; may be empty
    QJsonObject params;  // the tool's parameters, as given
    QStringList tags;
};

QJsonObject externalRunConfigToJson(const ExternalRunConfig &config);

// "external": the model.kind of an external run's stored config (the store matches it in SQL).
QString externalModelKind();
// True for the stored config of an external run (model.kind "external").
bool isExternalRun(const QJsonObject &storedConfig);
// "scikit-learn 1.2.1", "scikit-learn", or "" when the tool was not named.
QString externalToolText(const QJsonObject &storedConfig);
// A stored external config in one line for tables: "external: scikit-learn 1.2.1".
QString externalRunSummary(const QJsonObject &storedConfig);

} // namespace mb
