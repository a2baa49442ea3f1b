// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/TrainingConfig.h"
#include "db/DatasetRepository.h"
#include "db/RunRepository.h"

#include <QDialog>
#include <QHash>

#include <cstdint>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;

namespace mb::db {
class Database;
}

namespace mb::ui {

// Describes a training run and queues it: a form starting from the defaults of the project's task
// (its framing), the project's dataset versions and splits, the version's target columns, the
// feature encoding's two common options (max categories, standardise; log1p and ordinal orders
// are edited in the JSON), and an "Advanced (JSON)" tab holding the whole run config (docs/RUN-CONFIG.md). Form and
// JSON stay in step both ways; every edit is validated at once, as the worker and queueRun would, and the message names
// the field. Launch stays disabled while the config is invalid. Thread contract: GUI thread; reads and queues through
// the window's connection.
class LaunchRunDialog : public QDialog {
    Q_OBJECT
public:
    LaunchRunDialog(db::Database &database, std::int64_t projectId, QWidget *parent = nullptr);

    // Starts from a stored run's config (a fork); the launched run records `parentRunId`.
    void setStartingConfig(const TrainingConfig &config, std::optional<std::int64_t> parentRunId = std::nullopt);
    // The config as filled in, or the first problem, naming the field.
    Result<TrainingConfig> config() const;
    QString problem() const;
    bool canLaunch() const;
    // After accept(): the run, queued in the workspace.
    const db::RunRecord &launched() const { return m_launched; }
    void showJsonTab();

public Q_SLOTS:
    void accept() override; // queues the run; on failure stays open and says why

private:
    void buildForm(QWidget *page);
    void loadProject();
    void fillForm(const TrainingConfig &config);
    // The form's fields over the last valid config (fields the form does not show are kept).
    Result<TrainingConfig> configFromForm() const;
    void onFormEdited();
    void onJsonEdited();
    void onVersionChosen();
    void onTaskChosen();
    void fillSplits(std::int64_t versionId, std::int64_t select);
    void fillLosses(TaskType task);
    QStringList defaultTargets(std::int64_t versionId, TaskType task) const;
    QStringList targetColumns(std::int64_t versionId) const;
    // Why runs of this framing cannot train on the version ("" when they can): no split, or a
    // target the framing learns that is not a target column of it.
    QString unusableReason(const db::DatasetVersionInfo &version);
    std::int64_t startingVersion();
    // The split the project's newest run on `versionId` used, while the version still has it; else
    // 0 (the version's first split). Where the user left off beats a split no run chose.
    std::int64_t lastUsedSplit(std::int64_t versionId);
    // queueRun's checks, without queueing: the names exist in this project.
    Status checkAgainstProject(const TrainingConfig &config) const;
    void showResult(const Result<TrainingConfig> &config);
    void updateVisibleRows();

    db::Database &m_database;
    std::int64_t m_projectId;
    std::optional<std::int64_t> m_parentRunId;
    TaskType m_framingTask = TaskType::Binary;
    QStringList m_framingTargets;
    QList<db::DatasetVersionInfo> m_versions;
    QHash<std::int64_t, QList<db::DatasetSplitInfo>> m_splits;
    QList<db::RunRecord> m_runsNewestFirst; // the project's, read once when the dialog opens
    TrainingConfig m_config; // the last valid config
    Result<TrainingConfig> m_current{Error{}};
    bool m_updating = false;
    db::RunRecord m_launched;

    // Owned by the widget tree.
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_version = nullptr;
    QComboBox *m_split = nullptr;
    QComboBox *m_task = nullptr;
    QLineEdit *m_targets = nullptr;
    QLabel *m_targetHint = nullptr;
    QLabel *m_versionNote = nullptr; // which versions cannot be used, and why
    QSpinBox *m_maxCategories = nullptr;
    QCheckBox *m_standardize = nullptr;
    QFormLayout *m_modelForm = nullptr;
    QComboBox *m_modelKind = nullptr;
    QLineEdit *m_hidden = nullptr;
    QComboBox *m_activation = nullptr;
    QDoubleSpinBox *m_dropout = nullptr;
    QCheckBox *m_batchNorm = nullptr;
    QLineEdit *m_channels = nullptr;
    QSpinBox *m_kernel = nullptr;
    QFormLayout *m_lossForm = nullptr;
    QComboBox *m_loss = nullptr;
    QComboBox *m_loss2 = nullptr;
    QDoubleSpinBox *m_posWeight = nullptr;
    QDoubleSpinBox *m_alpha = nullptr;
    QDoubleSpinBox *m_beta = nullptr;
    QFormLayout *m_trainingForm = nullptr;
    QComboBox *m_optimizer = nullptr;
    QDoubleSpinBox *m_learningRate = nullptr;
    QDoubleSpinBox *m_momentum = nullptr;
    QDoubleSpinBox *m_weightDecay = nullptr;
    QComboBox *m_schedule = nullptr;
    QSpinBox *m_stepSize = nullptr;
    QDoubleSpinBox *m_gamma = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QSpinBox *m_epochs = nullptr;
    QCheckBox *m_earlyStopping = nullptr;
    QLineEdit *m_stopMetric = nullptr;
    QComboBox *m_stopMode = nullptr;
    QSpinBox *m_patience = nullptr;
    QLineEdit *m_seed = nullptr;
    QSpinBox *m_threads = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace mb::ui
