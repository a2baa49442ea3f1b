// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/DataPage.h"

#include "app/services/DatasetImportWorker.h"
#include "app/services/DatasetSplitting.h"
#include "core/NumberText.h"
#include "db/FramingRepository.h"
#include "db/Workspace.h"
#include "ui/data/AddSplitDialog.h"
#include "ui/data/ColumnStatsModel.h"
#include "ui/data/DatasetPreviewModel.h"
#include "ui/data/ImportDatasetDialog.h"
#include "ui/plots/QCustomPlotInclude.h"
#include "ui/shell/Theme.h"
#include "ui/widgets/NoticeBar.h"
#include "ui/widgets/UndoableDeletion.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace mb::ui {

DataPage::DataPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("dataPage"));
    m_versions = new QComboBox;
    m_versions->setObjectName(QStringLiteral("datasetVersions"));
    m_versions->setToolTip(tr("The project's dataset versions, newest first: every import is a new, unchangeable "
                              "version"));
    // Sized to a short entry, not the longest, so the page fits a 1024-pixel window; the list
    // opens as wide as its entries.
    m_versions->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_versions->setMinimumContentsLength(22);
    connect(m_versions, &QComboBox::activated, this, &DataPage::onVersionChosen);
    m_splitChoice = new QComboBox;
    m_splitChoice->setObjectName(QStringLiteral("splitChoice"));
    m_splitChoice->setToolTip(tr("A split of this version into train, validation and test rows: the preview marks "
                                 "each row's part"));
    m_splitChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_splitChoice->setMinimumContentsLength(22);
    connect(m_splitChoice, &QComboBox::activated, this, &DataPage::onSplitChosen);
    m_addSplit = new QPushButton(tr("Add split…"));
    m_addSplit->setObjectName(QStringLiteral("addSplitButton"));
    m_addSplit->setToolTip(tr("Add a seeded split to this version: random, stratified, ordered by a date, or "
                              "from a column. Runs need one."));
    m_addSplit->setEnabled(false);
    connect(m_addSplit, &QPushButton::clicked, this, [this] { addSplitInteractively(); });
    auto *importButton = new QPushButton(tr("Import…"));
    importButton->setObjectName(QStringLiteral("importDatasetButton"));
    importButton->setToolTip(tr("Import a CSV file or an MNIST-style IDX pair (Ctrl+I)"));
    connect(importButton, &QPushButton::clicked, this, [this] { importInteractively(); });

    m_deleteVersion = new QPushButton(tr("Delete version…"));
    m_deleteVersion->setObjectName(QStringLiteral("deleteDatasetVersionButton"));
    m_deleteVersion->setToolTip(tr("Delete the version shown, with the runs trained or evaluated on it (asks first, "
                                   "naming them; Undo follows)"));
    m_deleteVersion->setEnabled(false);
    connect(m_deleteVersion, &QPushButton::clicked, this, [this] { deleteVersionInteractively(); });
    m_deletion = new UndoableDeletion(this, QStringLiteral("datasetDelete"));
    connect(m_deletion, &UndoableDeletion::errorOccurred, this, &DataPage::errorOccurred);
    connect(m_deletion, &UndoableDeletion::statusMessage, this, &DataPage::statusMessage);
    connect(m_deletion, &UndoableDeletion::busyChanged, this,
            [this](bool busy) { m_deleteVersion->setEnabled(!busy && m_version.id != 0); });
    const auto reread = [this] {
        reloadVersions(m_version.id);
        Q_EMIT storedWorkChanged();
    };
    connect(m_deletion, &UndoableDeletion::deleted, this, reread);
    connect(m_deletion, &UndoableDeletion::restored, this, reread);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Dataset version:")));
    bar->addWidget(m_versions);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Split:")));
    bar->addWidget(m_splitChoice);
    bar->addWidget(m_addSplit);
    bar->addStretch();
    bar->addWidget(importButton);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("datasetSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings = new QLabel;
    m_warnings->setObjectName(QStringLiteral("datasetWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);

    m_preview = new DatasetPreviewModel(this);
    m_previewView = new QTableView;
    m_previewView->setObjectName(QStringLiteral("datasetPreview"));
    m_previewView->setModel(m_preview);
    // Fixed row heights and no per-content sizing: the view never asks for rows it does not show.
    m_previewView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_previewView->verticalHeader()->setDefaultSectionSize(22);
    m_previewView->horizontalHeader()->setDefaultSectionSize(110);
    m_previewView->setWordWrap(false);
    m_previewView->setAlternatingRowColors(true);

    m_columns = new ColumnStatsModel(this);
    m_columnsView = new QTableView;
    m_columnsView->setObjectName(QStringLiteral("columnStats"));
    m_columnsView->setModel(m_columns);
    m_columnsView->setItemDelegateForColumn(ColumnStatsModel::Histogram, new HistogramDelegate(m_columnsView));
    m_columnsView->verticalHeader()->hide();
    m_columnsView->verticalHeader()->setDefaultSectionSize(30);
    m_columnsView->horizontalHeader()->setStretchLastSection(true);
    m_columnsView->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_balancePlot = new QCustomPlot;
    m_balancePlot->setObjectName(QStringLiteral("classBalancePlot"));
    m_balanceEmpty = new QLabel(tr("No target with classes: mark a target column when importing."));
    m_balanceEmpty->setAlignment(Qt::AlignCenter);
    auto *balance = new QWidget;
    auto *balanceLayout = new QVBoxLayout(balance);
    balanceLayout->addWidget(m_balancePlot, 1);
    balanceLayout->addWidget(m_balanceEmpty);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("dataTabs"));
    m_tabs->addTab(m_previewView, tr("Preview"));
    m_tabs->addTab(m_columnsView, tr("Columns"));
    m_tabs->addTab(balance, tr("Class balance"));

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 1000);
    m_progressLabel = new QLabel;
    auto *cancel = new QPushButton(tr("Cancel import"));
    cancel->setObjectName(QStringLiteral("cancelImportButton"));
    connect(cancel, &QPushButton::clicked, this, &DataPage::cancelImport);
    m_progressRow = new QWidget;
    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progressLabel);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(cancel);
    m_progressRow->hide();

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    // Beside the version's summary rather than in the bar above: the bar is as wide as 1024 px allows.
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(m_deleteVersion, 0, Qt::AlignTop);
    contentLayout->addLayout(summaryRow);
    contentLayout->addWidget(m_warnings);
    contentLayout->addWidget(m_tabs, 1);

    auto *empty = new QLabel(tr("<h3>No dataset yet</h3><p>Import a CSV file or an MNIST-style IDX pair with "
                                "<b>Import…</b> (Ctrl+I). Each import becomes a dataset version, identified by "
                                "the SHA-256 of its bytes and options, and is kept inside the workspace.</p>"
                                "<p>The success of an ML system depends largely on its data: the page shows each "
                                "column's statistics and warns about small classes, a dominant label, leaks and "
                                "test data older than the training data.</p>"));
    empty->setObjectName(QStringLiteral("dataEmptyState"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setMargin(40);

    m_stack = new QStackedWidget;
    m_stack->addWidget(empty);
    m_stack->addWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_deletion->undoBar());
    layout->addWidget(m_progressRow);
    layout->addWidget(m_stack, 1);
    setEnabled(false);
}

DataPage::~DataPage()
{
    if (m_splitThread)
        m_splitThread->wait(); // it holds its own connection; the page's is not touched
    if (m_importThread) {
        cancelImport();
        m_importThread->quit();
        m_importThread->wait();
    }
}

void DataPage::setProject(db::Database *database, const QString &workspacePath, std::int64_t projectId)
{
    m_database = database;
    m_workspacePath = workspacePath;
    m_projectId = projectId;
    m_deletion->setWorkspace(database ? workspacePath : QString());
    setEnabled(database != nullptr);
    reloadVersions(database ? QSettings().value(lastVersionKey()).toLongLong() : 0);
}

QString DataPage::lastVersionKey() const
{
    // Per workspace file and project: version ids are the workspace's own.
    return QStringLiteral("data/lastVersion/%1/%2")
        .arg(QString::fromLatin1(
            QCryptographicHash::hash(m_workspacePath.toUtf8(), QCryptographicHash::Sha1).toHex().left(16)))
        .arg(m_projectId);
}

void DataPage::clearVersion()
{
    m_versions->clear();
    m_splitChoice->clear();
    m_version = {};
    m_profile = {};
    m_splits.clear();
    m_preview->setVersion(nullptr, 0, {}, 0);
    m_summary->clear();
    m_warnings->clear();
    m_columns->setProfile({});
    plotClassBalance({});
    m_addSplit->setEnabled(false);
    m_deleteVersion->setEnabled(false);
    m_stack->setCurrentIndex(0);
}

void DataPage::reloadVersions(std::int64_t select)
{
    // Nothing of the previous workspace, project or version stays behind, even where it is hidden.
    clearVersion();
    if (!m_database)
        return;
    Result<QList<db::DatasetVersionInfo>> versions = db::DatasetRepository(*m_database).versions(m_projectId);
    if (!versions) {
        Q_EMIT errorOccurred(versions.error());
        return;
    }
    for (const db::DatasetVersionInfo &v : *versions)
        m_versions->addItem(
            tr("#%1  %2  (%3 rows)").arg(v.id).arg(v.name).arg(QLocale().toString(qlonglong(v.rowCount))),
            qint64(v.id));
    m_stack->setCurrentIndex(versions->isEmpty() ? 0 : 1);
    if (versions->isEmpty())
        return;
    // The version asked for (or the one last looked at), when it still exists; else the newest.
    const int index = select ? m_versions->findData(qint64(select)) : 0;
    m_versions->setCurrentIndex(std::max(index, 0));
    onVersionChosen(m_versions->currentIndex());
}

bool DataPage::deleteVersionInteractively()
{
    if (!m_database || m_version.id == 0)
        return false;
    DeletionRequest request;
    request.what = tr("dataset version #%1 '%2'").arg(m_version.id).arg(m_version.name);
    request.aside = tr("The runs trained on this version, and other runs' evaluations on it, go with it.");
    const std::int64_t id = m_version.id;
    request.remove = [id](db::Deletion &deletion) { return deletion.deleteDatasetVersion(id, true); };
    return m_deletion->start(request);
}

bool DataPage::showVersion(std::int64_t versionId)
{
    const int index = m_versions->findData(qint64(versionId));
    if (index < 0)
        return false;
    m_versions->setCurrentIndex(index);
    onVersionChosen(index);
    return true;
}

void DataPage::showTab(const QString &key)
{
    static const QStringList keys{QStringLiteral("preview"), QStringLiteral("columns"), QStringLiteral("balance")};
    m_tabs->setCurrentIndex(std::max<int>(0, int(keys.indexOf(key))));
}

void DataPage::onVersionChosen(int index)
{
    const std::int64_t id = m_versions->itemData(index).toLongLong();
    db::DatasetRepository repository(*m_database);
    Result<db::DatasetVersionInfo> version = repository.version(id);
    Result<data::DatasetProfile> profile = repository.profile(id);
    Result<QList<db::DatasetSplitInfo>> splits = repository.splits(id);
    // The preview sizes itself by the version's row count: a damaged count must not reach it.
    const Status intact = version ? repository.checkStoredValues(*version) : Status(Error{version.error()});
    if (!version || !profile || !splits || !intact) {
        Q_EMIT errorOccurred(!version ? version.error() : !intact ? intact.error() : !profile ? profile.error()
                                                                                               : splits.error());
        return;
    }
    m_version = *version;
    m_profile = *profile;
    m_splits = *splits;
    m_deleteVersion->setEnabled(!m_deletion->busy());
    QSettings().setValue(lastVersionKey(), qint64(id)); // the next visit opens on it

    const QString created = QDateTime::fromString(m_version.createdAt, Qt::ISODateWithMs)
                                .toLocalTime()
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    QStringList targets, values;
    for (const data::ColumnSchema &c : m_version.schema) {
        if (c.role == data::ColumnRole::Target)
            targets << c.name;
        if (c.role == data::ColumnRole::Value)
            values << c.name;
    }
    m_summary->setText(
        tr("<b>%1</b> — %2 rows × %3 columns from %4 (%5), imported %6. Targets: %7. Value columns: %8. "
           "SHA-256 %9…")
            .arg(m_version.name.toHtmlEscaped())
            .arg(QLocale().toString(qlonglong(m_version.rowCount)))
            .arg(m_version.schema.size())
            .arg(m_version.sourceName.toHtmlEscaped(), formatBytes(m_version.sourceSize), created,
                 targets.isEmpty() ? tr("none") : targets.join(QStringLiteral(", ")),
                 values.isEmpty() ? tr("none") : values.join(QStringLiteral(", ")), m_version.sha256.left(12)) +
        (m_version.droppedRows > 0 ? tr(" %1 rows were dropped for missing values.").arg(m_version.droppedRows)
                                   : QString()));

    m_splitChoice->clear();
    m_splitChoice->addItem(tr("(none)"), qint64(0));
    for (const db::DatasetSplitInfo &s : m_splits) {
        const QString by = s.spec.column.isEmpty() ? QString() : tr(" by %1").arg(s.spec.column);
        m_splitChoice->addItem(tr("%1%2 · %3 / %4 / %5 rows · %6 features")
                                   .arg(data::toKey(s.spec.kind), by)
                                   .arg(QLocale().toString(qlonglong(s.counts.train)))
                                   .arg(QLocale().toString(qlonglong(s.counts.validation)))
                                   .arg(QLocale().toString(qlonglong(s.counts.test)))
                                   .arg(s.encoding.featureCount()),
                               qint64(s.id));
        m_splitChoice->setItemData(m_splitChoice->count() - 1,
                                   tr("%1. Train / validation / test rows; the features after encoding "
                                      "(fitted on the training rows).")
                                       .arg(s.spec.describe()),
                                   Qt::ToolTipRole);
    }
    m_splitChoice->setCurrentIndex(m_splits.isEmpty() ? 0 : 1);
    onSplitChosen(m_splitChoice->currentIndex());
    m_addSplit->setEnabled(m_splitThread == nullptr);

    m_columns->setProfile(m_profile);
    m_columnsView->resizeColumnsToContents();
    m_columnsView->setColumnWidth(ColumnStatsModel::Histogram, 220);
    plotClassBalance(m_profile);
}

void DataPage::onSplitChosen(int index)
{
    const std::int64_t splitId = m_splitChoice->itemData(index).toLongLong();
    std::vector<data::SplitPart> assignment;
    if (splitId > 0) {
        Result<std::vector<data::SplitPart>> parts = db::DatasetRepository(*m_database).splitAssignment(splitId);
        if (parts)
            assignment = std::move(parts).value();
        else
            Q_EMIT errorOccurred(parts.error());
    }
    m_preview->setVersion(m_database, m_version.id, m_version.schema, m_version.rowCount, std::move(assignment));
    // Widths by type, not by content: sizing to content would read every row. Dates, and ids (an
    // ignored number, such as a 19-digit order id), get the room of their longest form.
    for (std::size_t c = 0; c < m_version.schema.size(); ++c) {
        const data::ColumnSchema &column = m_version.schema[c];
        const bool id = column.role == data::ColumnRole::Ignored && column.type == data::ColumnType::Numeric;
        m_previewView->setColumnWidth(int(c), column.type == data::ColumnType::DateTime || id ? 170 : 110);
    }
    showWarnings();
}

void DataPage::showWarnings()
{
    std::vector<data::DataWarning> warnings = m_profile.warnings;
    const std::int64_t splitId = m_splitChoice->currentData().toLongLong();
    for (const db::DatasetSplitInfo &s : m_splits)
        if (s.id == splitId)
            warnings.insert(warnings.end(), s.warnings.begin(), s.warnings.end());
    if (warnings.empty()) {
        m_warnings->setText(QStringLiteral("<span style='color:%1'>✓ %2</span>")
                                .arg(okTextCss(), tr("No warnings: classes are large enough, no label dominates, no "
                                                     "constant column, no leak found.")));
        return;
    }
    QStringList lines;
    for (const data::DataWarning &w : warnings)
        lines << QStringLiteral("⚠ %1").arg(w.message.toHtmlEscaped());
    m_warnings->setText(
        QStringLiteral("<span style='color:%1'>%2</span>").arg(errorTextCss(), lines.join(QStringLiteral("<br>"))));
}

void DataPage::plotClassBalance(const data::DatasetProfile &profile)
{
    m_balancePlot->clearPlottables();
    const bool any = !profile.classBalance.empty();
    m_balancePlot->setVisible(any);
    m_balanceEmpty->setVisible(!any);
    if (!any) {
        m_balancePlot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        m_balancePlot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    static const QColor colours[] = {QColor(66, 133, 244), QColor(234, 67, 53), QColor(52, 168, 83),
                                     QColor(251, 188, 5)};
    double x = 1;
    double highest = 1;
    int target = 0;
    for (const data::ClassBalance &balance : profile.classBalance) {
        auto *bars = new QCPBars(m_balancePlot->xAxis, m_balancePlot->yAxis);
        bars->setName(balance.target);
        const QColor colour = colours[target++ % 4];
        bars->setPen(colour.darker(120));
        bars->setBrush(colour);
        bars->setWidth(0.7);
        for (qsizetype k = 0; k < balance.classes.size() && k < 40; ++k) {
            const double count = double(balance.counts[std::size_t(k)]);
            bars->addData(x, count);
            ticker->addTick(x, QStringLiteral("%1\n%2").arg(balance.target, balance.classes.at(k)));
            highest = std::max(highest, count);
            x += 1;
        }
        x += 0.8; // a gap between targets
    }
    m_balancePlot->xAxis->setTicker(ticker);
    m_balancePlot->xAxis->setRange(0.2, x - 0.6);
    m_balancePlot->yAxis->setRange(0, highest * 1.1);
    m_balancePlot->yAxis->setLabel(tr("rows"));
    m_balancePlot->legend->setVisible(profile.classBalance.size() > 1);
    const QPalette palette = this->palette();
    m_balancePlot->setBackground(palette.color(QPalette::Base));
    for (QCPAxis *axis : {m_balancePlot->xAxis, m_balancePlot->yAxis}) {
        axis->setBasePen(QPen(palette.color(QPalette::Text)));
        axis->setTickPen(QPen(palette.color(QPalette::Text)));
        axis->setTickLabelColor(palette.color(QPalette::Text));
        axis->setLabelColor(palette.color(QPalette::Text));
    }
    m_balancePlot->replot(QCustomPlot::rpQueuedReplot);
}

AddSplitDialog *DataPage::addSplitInteractively()
{
    if (!m_database || m_version.id == 0 || m_splitThread)
        return nullptr;
    QStringList columns;
    for (const data::ColumnSchema &c : m_version.schema)
        columns << c.name;
    auto *dialog = new AddSplitDialog(m_version.name, columns, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const std::int64_t versionId = m_version.id;
    connect(dialog, &AddSplitDialog::splitRequested, this,
            [this, dialog, versionId](const data::SplitSpec &spec) { startAddSplit(versionId, spec, dialog); });
    dialog->open();
    return dialog;
}

void DataPage::startAddSplit(std::int64_t versionId, const data::SplitSpec &spec, AddSplitDialog *dialog)
{
    // The whole version is read and its rows assigned: on a thread with its own connection, so the
    // window stays responsive on a million rows.
    auto result = std::make_shared<Result<db::DatasetSplitInfo>>(Error{QString()});
    const QString path = m_workspacePath;
    m_splitThread = QThread::create([path, versionId, spec, result] {
        Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(path);
        *result = workspace ? services::addSplit((*workspace)->database(), versionId, spec)
                            : Result<db::DatasetSplitInfo>(Error{workspace.error()});
    });
    m_addSplit->setEnabled(false);
    QPointer<AddSplitDialog> shown(dialog);
    connect(m_splitThread, &QThread::finished, this, [this, result, shown, versionId, path] {
        m_splitThread->deleteLater();
        m_splitThread = nullptr;
        const bool stored = result->ok();
        if (shown)
            shown->splitFinished(stored, stored ? QString() : result->error());
        else if (!stored)
            Q_EMIT errorOccurred(tr("The split was not added: %1").arg(result->error()));
        if (stored && path == m_workspacePath && m_database) {
            Q_EMIT statusMessage(tr("Added split #%1: %2.").arg((*result)->id).arg((*result)->spec.describe()));
            reloadVersions(versionId);
            m_splitChoice->setCurrentIndex(std::max(0, m_splitChoice->findData(qint64((*result)->id))));
            onSplitChosen(m_splitChoice->currentIndex());
        } else {
            m_addSplit->setEnabled(m_version.id != 0);
        }
    });
    m_splitThread->start();
}

ImportDatasetDialog *DataPage::importInteractively(const QString &file)
{
    if (!m_database || isImporting())
        return nullptr;
    if (m_importDialog) {
        m_importDialog->raise();
        return m_importDialog;
    }
    auto *dialog = new ImportDatasetDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_importDialog = dialog;
    if (!file.isEmpty())
        dialog->setFile(file);
    if (const Result<std::optional<db::FramingVersion>> framing =
            db::FramingRepository(*m_database).current(m_projectId);
        framing && framing->has_value())
        dialog->prefillFromFraming(framing->value().framing.targetColumns, framing->value().framing.valueColumns);
    connect(dialog, &ImportDatasetDialog::importRequested, this, &DataPage::startImport);
    // Closing the dialog while its import runs cancels the import: it was the dialog's to finish.
    connect(dialog, &QDialog::rejected, this, [this] {
        if (isImporting())
            cancelImport();
    });
    dialog->open();
    return dialog;
}

void DataPage::startImport(const services::DatasetImportRequest &request)
{
    if (!m_database || isImporting())
        return;
    m_importPath = m_workspacePath;
    m_importProjectId = m_projectId;
    m_importCancelled = false;
    m_importThread = new QThread(this);
    auto *worker = new services::DatasetImportWorker(m_workspacePath, m_projectId, request);
    worker->moveToThread(m_importThread);
    m_importWorker = worker;
    connect(m_importThread, &QThread::started, worker, &services::DatasetImportWorker::run);
    connect(worker, &services::DatasetImportWorker::progressed, m_progress, &QProgressBar::setValue);
    connect(worker, &services::DatasetImportWorker::finished, this, &DataPage::onImportFinished);
    connect(worker, &services::DatasetImportWorker::finished, m_importThread, &QThread::quit);
    connect(m_importThread, &QThread::finished, worker, &QObject::deleteLater);
    m_progress->setValue(0);
    m_progressLabel->setText(tr("Importing %1…").arg(request.name.isEmpty() ? request.file : request.name));
    m_progressRow->show();
    m_importThread->start();
}

bool DataPage::isImporting() const
{
    return m_importThread != nullptr;
}

void DataPage::cancelImport()
{
    if (m_importWorker) {
        m_importCancelled = true;
        m_importWorker->cancel();
    }
}

void DataPage::onImportFinished(qint64 versionId, bool /*existed*/, const QString &message)
{
    m_progressRow->hide();
    if (m_importThread) {
        m_importThread->quit(); // the worker's run() has returned; stop its event loop now
        m_importThread->wait();
        m_importThread->deleteLater();
        m_importThread = nullptr;
    }
    // The user may have switched project or workspace meanwhile: the version belongs where the
    // import started, and is shown only if that is still the page's project.
    const bool samePlace = m_database && m_importPath == m_workspacePath && m_importProjectId == m_projectId;
    // The dialog that asked for the import closes on success and shows a failure itself, every
    // entry kept; a dialog the user closed has cancelled.
    const bool dialogShows = m_importDialog && m_importDialog->isImporting();
    if (dialogShows)
        m_importDialog->importFinished(versionId != 0, message);
    // A cancel is what the user asked for, not a failure: it is said in the status bar.
    if (versionId == 0 && m_importCancelled)
        Q_EMIT statusMessage(tr("Import cancelled; nothing was stored."));
    else if (versionId == 0 && dialogShows)
        Q_EMIT statusMessage(tr("Import failed: the dialog says why."));
    else if (versionId == 0)
        Q_EMIT errorOccurred(tr("Import failed: %1").arg(message));
    else if (samePlace) {
        Q_EMIT statusMessage(message);
        reloadVersions(versionId);
    } else {
        Q_EMIT statusMessage(tr("%1 (into %2, which is no longer shown)").arg(message, m_importPath));
    }
    Q_EMIT importFinished(versionId, message);
}

} // namespace mb::ui
