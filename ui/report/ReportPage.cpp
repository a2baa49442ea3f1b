// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/report/ReportPage.h"

#include "app/services/ReportBuilder.h"
#include "db/RunRepository.h"
#include "db/Workspace.h"
#include "ui/report/ReportDocument.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace mb::ui {
namespace {

constexpr int kPreviewPages = 3;   // the title page, the contents and the first section
constexpr int kPreviewWidth = 420; // pixels per page image
const QString kNoPolicy = QStringLiteral("\x01none");

} // namespace

ReportPage::ReportPage(QWidget *parent) : QWidget(parent)
{
    m_runs = new QListWidget;
    m_runs->setObjectName(QStringLiteral("reportRuns"));
    m_runs->setToolTip(tr("The runs the report shows: the verdict, the tables and the plots compare these"));
    connect(m_runs, &QListWidget::itemChanged, this, [this] {
        if (!m_filling)
            rebuild();
    });
    m_policy = new QComboBox;
    m_policy->setObjectName(QStringLiteral("reportPolicy"));
    m_policy->setToolTip(tr("The trade-off policy the report presents, with its sweep"));
    m_paper = new QComboBox;
    m_paper->setObjectName(QStringLiteral("reportPaper"));
    m_paper->setToolTip(tr("The paper the PDF is laid out on; the HTML file flows to any width"));
    m_paper->addItem(tr("A4"), QStringLiteral("a4"));
    m_paper->addItem(tr("Letter"), QStringLiteral("letter"));
    for (QComboBox *box : {m_policy, m_paper})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                rebuild();
        });
    m_exportPdf = new QPushButton(tr("Export PDF…"));
    m_exportPdf->setObjectName(QStringLiteral("exportReportPdf"));
    m_exportPdf->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    m_exportPdf->setToolTip(tr("Save the report as a PDF document (Ctrl+Shift+E)"));
    connect(m_exportPdf, &QPushButton::clicked, this, [this] { exportInteractively(QStringLiteral("pdf")); });
    m_exportHtml = new QPushButton(tr("Export HTML…"));
    m_exportHtml->setObjectName(QStringLiteral("exportReportHtml"));
    m_exportHtml->setToolTip(tr("Save the report as one HTML file, plots inside it"));
    connect(m_exportHtml, &QPushButton::clicked, this, [this] { exportInteractively(QStringLiteral("html")); });
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("reportStatus"));
    m_status->setWordWrap(true);

    auto *choices = new QVBoxLayout;
    choices->addWidget(new QLabel(tr("Runs in the report")));
    choices->addWidget(m_runs, 1);
    choices->addWidget(new QLabel(tr("Trade-off policy")));
    choices->addWidget(m_policy);
    choices->addWidget(new QLabel(tr("Page size")));
    choices->addWidget(m_paper);
    choices->addSpacing(8);
    choices->addWidget(m_exportPdf);
    choices->addWidget(m_exportHtml);
    choices->addWidget(m_status);
    auto *side = new QWidget;
    side->setLayout(choices);
    side->setMaximumWidth(300);

    auto *pages = new QWidget;
    pages->setObjectName(QStringLiteral("reportPreview"));
    m_pages = new QVBoxLayout(pages);
    m_pages->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    auto *scroll = new QScrollArea;
    scroll->setWidget(pages);
    scroll->setWidgetResizable(true);
    scroll->setBackgroundRole(QPalette::Mid);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(side);
    layout->addWidget(scroll, 1);
    showMessage(tr("Open a project with runs to build its report."));
}

ReportPage::~ReportPage()
{
    for (QThread *thread : m_threads)
        thread->wait(); // each holds its own connection; the page's is not touched
}

void ReportPage::setProject(db::Database *database, const QString &workspacePath, std::int64_t projectId)
{
    m_database = database;
    m_workspacePath = workspacePath;
    m_projectId = projectId;
    m_runs->clear();
    if (isVisible() || !m_database)
        reload();
}

void ReportPage::showEvent(QShowEvent *event)
{
    reload();
    QWidget::showEvent(event);
}

void ReportPage::waitForPreview()
{
    if (m_threads.isEmpty())
        return;
    for (QThread *thread : m_threads)
        thread->wait();
    // The thread's finished signal is queued to this page: deliver it now.
    QCoreApplication::processEvents();
}

void ReportPage::reload()
{
    m_filling = true;
    const QList<std::int64_t> chosen = chosenRuns();
    const bool firstFill = m_runs->count() == 0;
    // "No policy" is kept only when the user chose it among policies, not when there were none.
    const QString policy = m_policy->count() > 1 ? m_policy->currentData().toString() : QString();
    m_runs->clear();
    m_policy->clear();
    if (m_database && m_projectId > 0) {
        if (const Result<QList<db::RunRecord>> runs = db::RunRepository(*m_database).runs(m_projectId); runs) {
            QList<db::RunRecord> ordered = *runs;
            std::sort(ordered.begin(), ordered.end(),
                      [](const db::RunRecord &a, const db::RunRecord &b) { return a.id < b.id; });
            for (const db::RunRecord &run : ordered) {
                auto *item = new QListWidgetItem(QStringLiteral("#%1 %2").arg(run.id).arg(run.name), m_runs);
                item->setData(Qt::UserRole, qint64(run.id));
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                // Every run at first; afterwards the user's choice, and runs added since join it.
                item->setCheckState(firstFill || chosen.contains(run.id) || chosen.isEmpty() ? Qt::Checked
                                                                                             : Qt::Unchecked);
            }
        } else {
            Q_EMIT errorOccurred(runs.error());
        }
        if (const Result<QStringList> names = services::reportPolicyNames(*m_database, m_projectId); names) {
            for (const QString &name : *names)
                m_policy->addItem(name, name);
        } else {
            Q_EMIT errorOccurred(names.error());
        }
    }
    m_policy->addItem(tr("No policy"), kNoPolicy);
    const int keep = m_policy->findData(policy);
    m_policy->setCurrentIndex(keep >= 0 ? keep : 0);
    m_filling = false;
    rebuild();
}

void ReportPage::setChosenRuns(const QList<std::int64_t> &runIds)
{
    m_filling = true;
    for (int i = 0; i < m_runs->count(); ++i) {
        QListWidgetItem *item = m_runs->item(i);
        item->setCheckState(runIds.contains(item->data(Qt::UserRole).toLongLong()) ? Qt::Checked : Qt::Unchecked);
    }
    m_filling = false;
    rebuild();
}

QList<std::int64_t> ReportPage::chosenRuns() const
{
    QList<std::int64_t> ids;
    for (int i = 0; i < m_runs->count(); ++i)
        if (m_runs->item(i)->checkState() == Qt::Checked)
            ids << m_runs->item(i)->data(Qt::UserRole).toLongLong();
    return ids;
}

void ReportPage::setPolicy(const QString &name)
{
    const int i = name.isEmpty() ? m_policy->findData(kNoPolicy) : m_policy->findText(name, Qt::MatchFixedString);
    if (i >= 0)
        m_policy->setCurrentIndex(i);
}

QString ReportPage::policy() const
{
    const QString data = m_policy->currentData().toString();
    return data == kNoPolicy ? QString() : data;
}

int ReportPage::previewedPages() const
{
    return m_pages->count();
}

int ReportPage::pageCount() const
{
    return m_document ? m_document->pageCount() : 0;
}

void ReportPage::showMessage(const QString &text)
{
    while (QLayoutItem *item = m_pages->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_status->setText(text);
}

void ReportPage::rebuild()
{
    const std::uint64_t generation = ++m_generation;
    m_document.reset();
    m_exportPdf->setEnabled(false);
    m_exportHtml->setEnabled(false);
    if (!m_database || m_projectId <= 0)
        return showMessage(tr("Open a project with runs to build its report."));
    const QList<std::int64_t> runs = chosenRuns();
    if (runs.isEmpty() && m_runs->count() > 0)
        return showMessage(tr("Tick at least one run to report on."));
    if (m_runs->count() == 0)
        return showMessage(tr("This project has no runs yet: train one on the Runs page, then report on it here."));
    services::ReportRequest request;
    request.projectId = m_projectId;
    request.runIds = runs;
    request.policyName = policy();
    request.withoutPolicy = m_policy->currentData().toString() == kNoPolicy;
    request.workspacePath = m_workspacePath;
    m_status->setText(tr("Building the report…"));
    // Reading every run's stored predictions is the slow part: on a thread with its own connection.
    auto result = std::make_shared<Result<services::ReportContent>>(Error{QString()});
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    const QString path = m_workspacePath;
    QThread *thread = QThread::create([path, request, result] {
        Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(path);
        *result = workspace ? services::buildReportContent((*workspace)->database(), request)
                            : Result<services::ReportContent>(Error{workspace.error()});
    });
    connect(thread, &QThread::finished, this, [this, thread, result, generation, timer] {
        thread->deleteLater();
        m_threads.removeOne(thread);
        const qint64 gathered = timer->elapsed();
        onBuilt(generation, *result);
        if (generation == m_generation && m_document)
            m_status->setText(tr("%n page(s). Gathered in %1 ms, laid out in %2 ms.", nullptr, m_document->pageCount())
                                  .arg(gathered)
                                  .arg(timer->elapsed() - gathered));
        if (generation == m_generation)
            Q_EMIT previewReady();
    });
    // A build already running finishes on its own and is dropped by its generation.
    m_threads << thread;
    thread->start();
}

void ReportPage::onBuilt(std::uint64_t generation, const Result<services::ReportContent> &content)
{
    if (generation != m_generation)
        return; // a newer choice is being built
    if (!content) {
        showMessage(tr("No report: %1").arg(content.error()));
        Q_EMIT errorOccurred(content.error());
        return;
    }
    const QString paper = m_paper->currentData().toString();
    m_document = std::make_unique<ReportDocument>(*content, reportPaperFromKey(paper).value_or(QPageSize::A4));
    showMessage(QString());
    for (int page = 0; page < std::min(kPreviewPages, m_document->pageCount()); ++page) {
        auto *image = new QLabel;
        image->setObjectName(QStringLiteral("reportPage%1").arg(page + 1));
        const QPixmap pixmap = QPixmap::fromImage(m_document->pageImage(page, kPreviewWidth));
        image->setPixmap(pixmap);
        image->setFixedSize(pixmap.size()); // a page is never squeezed: the preview scrolls instead
        image->setFrameShape(QFrame::Box);
        m_pages->addWidget(image);
    }
    m_exportPdf->setEnabled(true);
    m_exportHtml->setEnabled(true);
}

Status ReportPage::exportTo(const QString &path) const
{
    if (!m_document)
        return Error{tr("There is no report to export yet: tick the runs to report on first.")};
    return m_document->writeTo(path);
}

void ReportPage::exportInteractively(const QString &suffix)
{
    const bool pdf = suffix == QLatin1String("pdf");
    QString path = QFileDialog::getSaveFileName(this, pdf ? tr("Export report as PDF") : tr("Export report as HTML"),
                                                QStringLiteral("report.%1").arg(suffix),
                                                pdf ? tr("PDF document (*.pdf)") : tr("HTML file (*.html)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    if (const Status written = exportTo(path); !written)
        Q_EMIT errorOccurred(written.error());
    else
        Q_EMIT statusMessage(tr("Exported the report to %1").arg(path));
}

} // namespace mb::ui
