// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/EditTagsAction.h"

#include "core/RunTags.h"
#include "db/RunAnnotationRepository.h"
#include "ui/runs/RunsTableModel.h"

#include <QAbstractItemView>
#include <QInputDialog>

namespace mb::ui {

EditTagsAction::EditTagsAction(QAbstractItemView *view) : QAction(tr("Edit tags…"), view), m_view(view)
{
    setObjectName(QStringLiteral("editRunTagsAction"));
    setToolTip(tr("The run's tags, separated by commas or spaces; `tag = baseline` in the filter finds them"));
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addAction(this);
    connect(this, &QAction::triggered, this, &EditTagsAction::editInteractively);
}

void EditTagsAction::setDatabase(db::Database *database)
{
    m_database = database;
}

std::int64_t EditTagsAction::currentRun() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.siblingAtColumn(0).data(int(RunsTableModel::Role::RunId)).toLongLong() : 0;
}

void EditTagsAction::editInteractively()
{
    const std::int64_t runId = currentRun();
    if (!m_database || runId == 0)
        return;
    const Result<db::RunAnnotations> stored = db::RunAnnotationRepository(*m_database).annotations(runId);
    if (!stored) {
        Q_EMIT errorOccurred(stored.error());
        return;
    }
    bool ok = false;
    const QString line = QInputDialog::getText(m_view, tr("Tags of run #%1").arg(runId),
                                               tr("Tags of run #%1, separated by commas or spaces:").arg(runId),
                                               QLineEdit::Normal, stored->tags.join(QStringLiteral(", ")), &ok);
    if (ok)
        storeTags(runId, line);
}

bool EditTagsAction::storeTags(std::int64_t runId, const QString &line)
{
    if (!m_database)
        return false;
    const Result<QStringList> saved = db::RunAnnotationRepository(*m_database).setTags(runId, splitTags(line));
    if (!saved) {
        Q_EMIT errorOccurred(saved.error());
        return false;
    }
    Q_EMIT tagsChanged(runId, *saved);
    return true;
}

} // namespace mb::ui
