// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunLifecycleActions.h"

#include "db/RunArchive.h"
#include "ui/runs/ArchivedRunsToggle.h"
#include "ui/widgets/NoticeBar.h"
#include "ui/widgets/UndoableDeletion.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QStringList>

namespace mb::ui {
namespace {

QString runList(const QList<std::int64_t> &runIds)
{
    QStringList text;
    for (const std::int64_t id : runIds)
        text << QStringLiteral("#%1").arg(id);
    return text.join(QStringLiteral(", "));
}

} // namespace

RunLifecycleActions::RunLifecycleActions(QWidget *page) : QObject(page), m_page(page)
{
    m_archiveButton = new QPushButton(tr("Archive"));
    m_archiveButton->setObjectName(QStringLiteral("archiveRunsButton"));
    m_archiveButton->setToolTip(tr("Hide the selected runs from the tables, keeping them whole; Undo brings them "
                                   "back, and so does Unarchive with the Archived box ticked"));
    connect(m_archiveButton, &QPushButton::clicked, this, [this] {
        if (allArchived(m_selection))
            unarchive(m_selection);
        else
            archive(m_selection);
    });
    // An action, so the context menu, the Delete key and the button share one enabled state.
    m_deleteAction = new QAction(tr("Delete…"), page);
    m_deleteAction->setObjectName(QStringLiteral("deleteRunsAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteAction->setToolTip(tr("Delete the selected runs for good, with their metrics, evaluations and the "
                                  "checkpoints no other run uses (asks first)"));
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteInteractively(m_selection); });
    m_deleteButton = new QPushButton(m_deleteAction->text());
    m_deleteButton->setObjectName(QStringLiteral("deleteRunsButton"));
    m_deleteButton->setToolTip(m_deleteAction->toolTip());
    connect(m_deleteButton, &QPushButton::clicked, m_deleteAction, &QAction::trigger);
    connect(m_deleteAction, &QAction::changed, m_deleteButton,
            [this] { m_deleteButton->setEnabled(m_deleteAction->isEnabled()); });
    m_showArchived = makeShowArchivedBox(QStringLiteral("runsShowArchived"));
    connect(m_showArchived, &QCheckBox::toggled, this, &RunLifecycleActions::changed);

    m_undoBar = new NoticeBar(QStringLiteral("runsUndoBar"), QColor(66, 133, 244));
    auto *undoButton = new QPushButton(tr("Undo"));
    undoButton->setObjectName(QStringLiteral("runsUndoButton"));
    connect(undoButton, &QPushButton::clicked, this, &RunLifecycleActions::undo);
    m_undoBar->addButton(undoButton);
    m_undoBar->hide();

    m_deletion = new UndoableDeletion(page, QStringLiteral("runsDelete"));
    connect(m_deletion, &UndoableDeletion::deleted, this, [this](const db::DeletionOutcome &outcome) {
        // An archive Undo for runs that are gone would fail: drop them from its offer.
        m_undoable.removeIf([&](std::int64_t id) { return outcome.runs.contains(id); });
        if (m_undoable.isEmpty())
            m_undoBar->hide();
        Q_EMIT changed();
    });
    connect(m_deletion, &UndoableDeletion::restored, this, &RunLifecycleActions::changed);
    connect(m_deletion, &UndoableDeletion::errorOccurred, this, &RunLifecycleActions::errorOccurred);
    connect(m_deletion, &UndoableDeletion::statusMessage, this, &RunLifecycleActions::statusMessage);
    connect(m_deletion, &UndoableDeletion::busyChanged, this, [this] { setSelection(m_selection); });
    setSelection({});
}

void RunLifecycleActions::setDatabase(db::Database *database, const QString &workspacePath, std::int64_t projectId)
{
    m_database = database;
    m_deletion->setWorkspace(database ? workspacePath : QString());
    m_projectId = projectId;
    m_undoable.clear();
    m_undoBar->hide();
    setSelection({});
}

bool RunLifecycleActions::showArchived() const
{
    return m_showArchived->isChecked();
}

bool RunLifecycleActions::allArchived(const QList<std::int64_t> &runIds) const
{
    if (!m_database || runIds.isEmpty())
        return false;
    const Result<QSet<std::int64_t>> archived = db::RunArchive(*m_database).archivedRunIds(m_projectId);
    if (!archived)
        return false;
    for (const std::int64_t id : runIds)
        if (!archived->contains(id))
            return false;
    return true;
}

void RunLifecycleActions::setSelection(const QList<std::int64_t> &runIds)
{
    m_selection = runIds;
    const bool any = m_database && !runIds.isEmpty();
    m_archiveButton->setEnabled(any);
    m_deleteAction->setEnabled(any && !m_deletion->busy());
    m_archiveButton->setText(allArchived(runIds) ? tr("Unarchive") : tr("Archive"));
}

bool RunLifecycleActions::archive(const QList<std::int64_t> &runIds)
{
    if (!m_database || runIds.isEmpty())
        return false;
    if (const Status archived = db::RunArchive(*m_database).archive(runIds); !archived) {
        Q_EMIT errorOccurred(archived.error());
        return false;
    }
    offerUndo(tr("Archived %1: hidden from the tables, kept whole.").arg(runList(runIds)), runIds);
    Q_EMIT statusMessage(tr("Archived %n run(s)", nullptr, int(runIds.size())));
    Q_EMIT changed();
    return true;
}

bool RunLifecycleActions::unarchive(const QList<std::int64_t> &runIds)
{
    if (!m_database || runIds.isEmpty())
        return false;
    if (const Status back = db::RunArchive(*m_database).unarchive(runIds); !back) {
        Q_EMIT errorOccurred(back.error());
        return false;
    }
    m_undoable.clear();
    m_undoBar->hide();
    Q_EMIT statusMessage(tr("Brought back %n run(s)", nullptr, int(runIds.size())));
    Q_EMIT changed();
    return true;
}

void RunLifecycleActions::undo()
{
    const QList<std::int64_t> runs = m_undoable;
    unarchive(runs);
}

void RunLifecycleActions::offerUndo(const QString &text, const QList<std::int64_t> &archived)
{
    m_undoable = archived;
    m_undoBar->textLabel()->setText(text);
    m_undoBar->show();
}

bool RunLifecycleActions::deleteInteractively(const QList<std::int64_t> &runIds)
{
    if (!m_database || runIds.isEmpty())
        return false;
    DeletionRequest request;
    request.what = runList(runIds);
    request.aside = tr("Archive hides runs instead, keeping them whole.");
    request.remove = [runIds](db::Deletion &deletion) { return deletion.deleteRuns(runIds); };
    return m_deletion->start(request);
}

} // namespace mb::ui
