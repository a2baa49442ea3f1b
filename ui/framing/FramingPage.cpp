// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/FramingPage.h"

#include "app/services/RunMetrics.h"
#include "core/FramingJson.h"
#include "core/FramingValidator.h"
#include "db/FramingRepository.h"
#include "ui/framing/FramingEditor.h"
#include "ui/framing/FramingFieldLabels.h"
#include "ui/framing/FramingHistoryView.h"
#include "ui/shell/Theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

// How many problems the page lists at once; the rest are counted and in the tooltip.
constexpr int kProblemLinesShown = 2;

} // namespace

FramingPage::FramingPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("framingPage"));
    m_framingChoice = new QComboBox;
    m_framingChoice->setObjectName(QStringLiteral("framingChoice"));
    m_framingChoice->setToolTip(tr("A project can hold alternative framings of the same problem."));
    connect(m_framingChoice, &QComboBox::activated, this, [this] {
        const std::int64_t chosen = m_framingChoice->currentData().toLongLong();
        if (chosen == m_framingId)
            return;
        if (!confirmLeave()) {
            m_framingChoice->setCurrentIndex(m_framingChoice->findData(qint64(m_framingId)));
            return;
        }
        loadFraming(chosen);
    });
    auto *alternative = new QPushButton(tr("New alternative…"));
    alternative->setObjectName(QStringLiteral("newAlternativeButton"));
    connect(alternative, &QPushButton::clicked, this, &FramingPage::createAlternative);

    m_versionLabel = new QLabel;
    m_versionLabel->setObjectName(QStringLiteral("versionLabel"));
    m_note = new QLineEdit;
    m_note->setObjectName(QStringLiteral("versionNote"));
    m_note->setToolTip(tr("Why this version: shown in the history and with every run trained under it"));
    m_note->setPlaceholderText(tr("What changed and why (kept with the version)"));
    m_revert = new QPushButton(tr("Revert"));
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_revert->setToolTip(tr("Discard unsaved edits and show the latest saved version."));
    m_save = new QPushButton(tr("Save new version"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save as a new version (Ctrl+S). Earlier versions are never overwritten."));
    m_save->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, &FramingPage::save);
    // Revert throws edits away, which nothing can bring back: it asks first.
    connect(m_revert, &QPushButton::clicked, this, [this] {
        const auto choice = QMessageBox::question(
            this, tr("Revert the framing"),
            m_savedVersion > 0 ? tr("Discard your unsaved edits and show version %1 again?").arg(m_savedVersion)
                               : tr("Discard your unsaved edits and start from an empty framing again?"),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (choice == QMessageBox::Discard)
            revert();
    });

    auto *header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Framing:")));
    header->addWidget(m_framingChoice);
    header->addWidget(alternative);
    header->addSpacing(16);
    header->addWidget(m_versionLabel, 1);
    header->addWidget(m_note, 1);
    header->addWidget(m_revert);
    header->addWidget(m_save);

    m_problems = new QLabel;
    m_problems->setObjectName(QStringLiteral("problemList"));
    m_problems->setTextFormat(Qt::RichText);
    m_problems->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // The list lives in a box of fixed height under the form, there whether or not there are
    // problems: a list above the form that grew and shrank while the user typed moved every control
    // by 12-29 px, and clicks landed in the wrong field. Lines do not wrap (so the height holds);
    // the tooltip has them all. With nothing to fix, the box says the framing can be saved.
    m_ready = new QLabel;
    m_ready->setObjectName(QStringLiteral("framingReady"));
    auto *problemArea = new QWidget;
    problemArea->setObjectName(QStringLiteral("problemArea"));
    auto *problemLayout = new QVBoxLayout(problemArea);
    problemLayout->setContentsMargins(0, 0, 0, 0);
    problemLayout->addWidget(m_problems);
    problemLayout->addWidget(m_ready);
    problemLayout->addStretch();
    problemArea->setFixedHeight(fontMetrics().lineSpacing() * (kProblemLinesShown + 2) + 4);

    m_editor = new FramingEditor;
    connect(m_editor, &FramingEditor::changed, this, &FramingPage::onEdited);
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_editor);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The form wraps to the window's width; below its minimum it scrolls rather than being cut off.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);

    m_history = new FramingHistoryView;
    connect(m_history, &FramingHistoryView::errorOccurred, this, &FramingPage::errorOccurred);
    connect(m_history, &FramingHistoryView::restoreRequested, this, [this](const Framing &framing, int version) {
        m_editor->setFraming(framing);
        m_note->setText(tr("Back to version %1").arg(version));
        onEdited();
        showEditorTab();
    });

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("framingTabs"));
    m_tabs->addTab(scroll, tr("Edit"));
    m_tabs->addTab(m_history, tr("History and diff"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == 1)
            m_history->refresh();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(problemArea);
    setEnabled(false);
}

void FramingPage::setProject(db::Database *database, std::int64_t projectId)
{
    m_database = database;
    m_projectId = projectId;
    setEnabled(database != nullptr);
    // Whatever the previous workspace or project showed goes first: a project with no framing
    // (or no workspace) must not keep another's form on screen.
    clearFraming();
    if (database) {
        loadFramingList();
        refreshMeasuredMetricNames();
    }
}

void FramingPage::showEvent(QShowEvent *event)
{
    // Runs are evaluated while another page is shown: their metrics become names to offer.
    refreshMeasuredMetricNames();
    QWidget::showEvent(event);
}

void FramingPage::refreshMeasuredMetricNames()
{
    if (!m_database) {
        m_editor->setMeasuredMetricNames({});
        return;
    }
    // The runs are judged by the project's current framing: its targets name one-target runs' metrics.
    Framing current;
    if (const Result<std::optional<db::FramingVersion>> latest =
            db::FramingRepository(*m_database).current(m_projectId);
        latest && latest->has_value())
        current = latest->value().framing;
    const Result<QStringList> names = services::requirementMetricNames(*m_database, m_projectId, current);
    if (!names) {
        Q_EMIT errorOccurred(names.error());
        return;
    }
    m_editor->setMeasuredMetricNames(*names);
}

void FramingPage::clearFraming()
{
    m_framingChoice->clear();
    m_framingId = 0;
    m_editor->setFraming(Framing{});
    m_saved = m_editor->framing();
    m_savedVersion = 0;
    m_savedAt.clear();
    m_note->clear();
    m_history->setSource(nullptr, 0);
    onEdited();
}

void FramingPage::loadFramingList(const QString &select)
{
    Result<QList<db::FramingInfo>> framings = db::FramingRepository(*m_database).framings(m_projectId);
    if (!framings) {
        Q_EMIT errorOccurred(framings.error());
        return;
    }
    m_framingChoice->clear();
    for (const db::FramingInfo &f : *framings)
        m_framingChoice->addItem(f.name, qint64(f.id));
    const int index = select.isEmpty() ? 0 : m_framingChoice->findText(select);
    m_framingChoice->setCurrentIndex(std::max(index, 0));
    if (m_framingChoice->count() > 0)
        loadFraming(m_framingChoice->currentData().toLongLong());
}

void FramingPage::loadFraming(std::int64_t framingId)
{
    m_framingId = framingId;
    Result<std::optional<db::FramingVersion>> latest = db::FramingRepository(*m_database).load(framingId);
    if (!latest) {
        Q_EMIT errorOccurred(latest.error());
        return;
    }
    if (latest->has_value()) {
        m_saved = latest->value().framing;
        m_savedVersion = latest->value().info.version;
        m_savedAt = latest->value().info.createdAt;
    } else {
        // The baseline of a framing never saved is the form as it first appears (the form adds
        // the objective row a task needs), so an untouched page has no unsaved changes.
        m_editor->setFraming(Framing{});
        m_saved = m_editor->framing();
        m_savedVersion = 0;
        m_savedAt.clear();
    }
    m_editor->setFraming(m_saved);
    m_note->clear();
    m_history->setSource(m_database, framingId);
    onEdited();
}

void FramingPage::createAlternative()
{
    if (!m_database)
        return;
    // The alternative starts as a copy of what is shown; unsaved edits of this framing are
    // saved or discarded first, so they are not carried off silently.
    if (!confirmLeave())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New alternative framing"),
                                               tr("A name for the alternative framing (it starts as a copy "
                                                  "of the framing shown):"),
                                               QLineEdit::Normal, tr("alternative"), &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    const Framing copy = m_editor->framing();
    Result<db::FramingInfo> created = db::FramingRepository(*m_database).createFraming(m_projectId, name);
    if (!created) {
        Q_EMIT errorOccurred(created.error());
        return;
    }
    loadFramingList(created->name);
    m_editor->setFraming(copy);
    m_note->setText(tr("Alternative framing"));
    onEdited();
}

bool FramingPage::confirmLeave()
{
    if (!hasUnsavedChanges())
        return true;
    const auto choice = QMessageBox::question(
        this, tr("Unsaved framing"), tr("The framing has unsaved changes. Save them as a new version?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (choice == QMessageBox::Save)
        return save();
    if (choice == QMessageBox::Discard) {
        revert();
        return true;
    }
    return false;
}

bool FramingPage::hasUnsavedChanges() const
{
    return m_database && !sameFraming(m_editor->framing(), m_saved);
}

void FramingPage::onEdited()
{
    const Framing framing = m_editor->framing();
    QList<FramingProblem> problems = m_editor->inputProblems();
    problems += validateFraming(framing);
    if (!m_database || problems.isEmpty()) {
        m_problems->clear();
        m_problems->setToolTip(QString());
        m_problems->hide();
        m_ready->setText(m_database ? QStringLiteral("<span style='color:%1'>✓ %2</span>")
                                          .arg(okTextCss(), tr("Nothing to fix: the framing can be saved."))
                                    : QString());
        m_ready->setVisible(m_database != nullptr);
    } else {
        m_ready->hide();
        QStringList lines, all;
        for (const FramingProblem &p : problems) {
            const QString line = QStringLiteral("<b>%1</b>: %2")
                                     .arg(fieldLabel(p.field, framing).toHtmlEscaped(), p.message.toHtmlEscaped());
            all << line;
            if (lines.size() < kProblemLinesShown)
                lines << line;
        }
        if (problems.size() > kProblemLinesShown)
            lines << tr("… and %n more (point here to see them all)", nullptr,
                        int(problems.size()) - kProblemLinesShown);
        m_problems->setText(
            QStringLiteral("<span style='color:%1'>%2</span><br>%3")
                .arg(errorTextCss(),
                     tr("%n problem(s) to fix before this framing can be saved:", nullptr, int(problems.size())),
                     lines.join(QStringLiteral("<br>"))));
        m_problems->setToolTip(all.join(QStringLiteral("<br>")));
        m_problems->show();
    }
    updateHeader();
}

void FramingPage::updateHeader()
{
    if (!m_database) {
        m_versionLabel->clear();
        m_save->setEnabled(false);
        m_revert->setEnabled(false);
        return;
    }
    const bool dirty = hasUnsavedChanges();
    QString text;
    if (m_savedVersion == 0)
        text = tr("Not saved yet");
    else
        text = tr("Version %1, saved %2")
                   .arg(m_savedVersion)
                   .arg(QDateTime::fromString(m_savedAt, Qt::ISODateWithMs)
                            .toLocalTime()
                            .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (dirty)
        text += tr(" — unsaved changes");
    m_versionLabel->setText(text);
    m_save->setEnabled(dirty || m_savedVersion == 0);
    m_revert->setEnabled(dirty);
}

bool FramingPage::save()
{
    if (!m_database)
        return false;
    const Framing framing = m_editor->framing();
    QList<FramingProblem> problems = m_editor->inputProblems();
    problems += validateFraming(framing);
    if (!problems.isEmpty()) {
        onEdited();
        showEditorTab();
        Q_EMIT statusMessage(tr("Not saved: %n problem(s) to fix first.", nullptr, int(problems.size())));
        return false;
    }
    Result<db::SaveOutcome> saved = db::FramingRepository(*m_database).save(m_framingId, framing, m_note->text());
    if (!saved) {
        Q_EMIT errorOccurred(saved.error());
        return false;
    }
    m_saved = framing;
    m_savedVersion = saved->version.version;
    m_savedAt = saved->version.createdAt;
    m_note->clear();
    m_history->refresh();
    onEdited();
    Q_EMIT statusMessage(saved->unchanged ? tr("No changes since version %1.").arg(m_savedVersion)
                                          : tr("Saved framing version %1.").arg(m_savedVersion));
    return true;
}

void FramingPage::revert()
{
    m_editor->setFraming(m_saved);
    m_note->clear();
    onEdited();
}

void FramingPage::showEditorTab()
{
    m_tabs->setCurrentIndex(0);
}

void FramingPage::showHistoryTab()
{
    m_tabs->setCurrentIndex(1);
}

} // namespace mb::ui
