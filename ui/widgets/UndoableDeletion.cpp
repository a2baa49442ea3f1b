// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/UndoableDeletion.h"

#include "core/NumberText.h"
#include "db/Workspace.h"
#include "ui/widgets/NoticeBar.h"

#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStringList>
#include <QThread>

namespace mb::ui {

UndoableDeletion::UndoableDeletion(QWidget *page, const QString &name) : QObject(page), m_page(page)
{
    m_undoBar = new NoticeBar(name + QStringLiteral("UndoBar"), QColor(66, 133, 244));
    auto *undoButton = new QPushButton(tr("Undo"));
    undoButton->setObjectName(name + QStringLiteral("UndoButton"));
    undoButton->setToolTip(tr("Bring back what was just deleted, exactly as it was"));
    connect(undoButton, &QPushButton::clicked, this, &UndoableDeletion::undo);
    connect(this, &UndoableDeletion::busyChanged, undoButton,
            [undoButton](bool busy) { undoButton->setEnabled(!busy); });
    m_undoBar->addButton(undoButton);
    // Closing the bar is the user's "keep it deleted": the undo data is let go at once.
    connect(m_undoBar, &NoticeBar::closeClicked, this, &UndoableDeletion::dismiss);
    m_undoBar->hide();
}

void UndoableDeletion::setWorkspace(const QString &path)
{
    if (path == m_workspacePath)
        return;
    m_workspacePath = path;
    ++m_generation;
    dismiss();
}

void UndoableDeletion::dismiss()
{
    m_undo.clear();
    m_undoWhat.clear();
    m_undoBar->hide();
}

void UndoableDeletion::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

QString UndoableDeletion::describe(const db::DeletionOutcome &outcome)
{
    QStringList parts;
    if (!outcome.runs.isEmpty())
        parts << tr("%n run(s)", nullptr, int(outcome.runs.size()));
    if (outcome.evaluations > 0)
        parts << tr("%n evaluation(s)", nullptr, int(outcome.evaluations));
    if (outcome.droppedArtifacts > 0)
        parts << tr("%n checkpoint(s) no other run uses", nullptr, int(outcome.droppedArtifacts));
    parts << tr("%1 of stored data").arg(formatBytes(outcome.bytes));
    return parts.join(QStringLiteral(", "));
}

void UndoableDeletion::runOnThread(db::DeletionMode mode, Work work,
                                   std::function<void(const Result<db::DeletionOutcome> &)> done)
{
    setBusy(true);
    QPointer<UndoableDeletion> self(this);
    const QString path = m_workspacePath;
    const int generation = m_generation;
    QThread *thread = QThread::create([self, path, mode, work = std::move(work), done = std::move(done), generation] {
        Result<db::DeletionOutcome> result = Error{QStringLiteral("nothing was deleted")};
        Result<std::unique_ptr<db::Workspace>> workspace = db::Workspace::open(path);
        if (!workspace) {
            result = Error{workspace.error()};
        } else {
            db::Deletion deletion((*workspace)->database(), mode);
            result = work(deletion);
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, result, done, generation] {
                if (!self)
                    return;
                self->setBusy(false);
                if (generation == self->m_generation)
                    done(result);
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

bool UndoableDeletion::start(const DeletionRequest &request)
{
    if (m_busy || m_workspacePath.isEmpty() || !request.remove)
        return false;
    Q_EMIT statusMessage(tr("Looking at what deleting %1 would take…").arg(request.what));
    runOnThread(db::DeletionMode::Preview, request.remove,
                [this, request](const Result<db::DeletionOutcome> &preview) { onPreviewed(request, preview); });
    return true;
}

void UndoableDeletion::onPreviewed(const DeletionRequest &request, const Result<db::DeletionOutcome> &preview)
{
    if (!preview) {
        // Refused before anything was asked: the store names what is in the way.
        Q_EMIT errorOccurred(tr("Cannot delete %1: %2").arg(request.what, preview.error()));
        return;
    }
    QString question = tr("Delete %1?\n\nThis removes %2.").arg(request.what, describe(*preview));
    question += tr("\n\nUndo on the bar that follows brings it all back until you close the bar.");
    if (!request.aside.isEmpty())
        question += QStringLiteral("\n\n") + request.aside;
    const QMessageBox::StandardButton answer =
        QMessageBox::question(m_page, tr("Delete"), question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    Q_EMIT statusMessage(tr("Deleting %1…").arg(request.what));
    runOnThread(db::DeletionMode::Undoable, request.remove,
                [this, request](const Result<db::DeletionOutcome> &outcome) {
                    if (!outcome) {
                        Q_EMIT errorOccurred(tr("Cannot delete %1: %2").arg(request.what, outcome.error()));
                        return;
                    }
                    // A newer deletion replaces the Undo offer: each undo is only valid on the store it was taken from.
                    m_undo = outcome->undo;
                    m_undoWhat = request.what;
                    m_undoBar->textLabel()->setText(tr("Deleted %1: %2.").arg(request.what, describe(*outcome)));
                    m_undoBar->show();
                    Q_EMIT statusMessage(tr("Deleted %1").arg(request.what));
                    Q_EMIT deleted(*outcome);
                });
}

void UndoableDeletion::undo()
{
    if (m_busy || m_undo.isEmpty())
        return;
    const QByteArray changes = m_undo;
    const QString what = m_undoWhat;
    runOnThread(
        db::DeletionMode::Delete,
        [changes](db::Deletion &deletion) -> Result<db::DeletionOutcome> {
            if (const Status back = deletion.undo(changes); !back)
                return Error{back.error()};
            return db::DeletionOutcome{};
        },
        [this, what](const Result<db::DeletionOutcome> &back) {
            if (!back) {
                Q_EMIT errorOccurred(tr("Cannot bring back %1: %2").arg(what, back.error()));
                return;
            }
            dismiss();
            Q_EMIT statusMessage(tr("Brought back %1").arg(what));
            Q_EMIT restored();
        });
}

} // namespace mb::ui
