// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/UncleanCloseCheck.h"

#include "db/WorkspaceCheck.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

namespace mb::ui {

UncleanCloseCheck::UncleanCloseCheck(QObject *parent) : QObject(parent) {}

UncleanCloseCheck::~UncleanCloseCheck()
{
    stop();
}

void UncleanCloseCheck::stop()
{
    ++m_generation;
    if (!m_thread)
        return;
    // Interrupts SQLite's page check too, so the wait is short.
    m_check->cancel();
    m_thread->wait();
    m_thread = nullptr;
    m_check.reset();
}

void UncleanCloseCheck::cancel()
{
    stop();
}

void UncleanCloseCheck::start(const QString &workspacePath)
{
    stop();
    const quint64 generation = m_generation;
    auto check = std::make_shared<db::CancellableWorkspaceCheck>(workspacePath);
    m_check = check;
    QPointer<UncleanCloseCheck> self(this);
    m_thread = QThread::create([self, check, workspacePath, generation] {
        const Result<db::WorkspaceCheckReport> report = check->run();
        // Delivered through the application object, which lives on the GUI thread: `self` is read
        // there, never on this thread.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, report, workspacePath, generation] {
                if (!self || self->m_generation != generation)
                    return; // cancelled, or this window has gone
                self->m_thread = nullptr;
                self->m_check.reset();
                if (!report)
                    Q_EMIT self->failed(workspacePath, report.error());
                else if (report->sound())
                    Q_EMIT self->passed(workspacePath, report->checked);
                else
                    Q_EMIT self->damaged(workspacePath, report->problems);
            },
            Qt::QueuedConnection);
    });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start(QThread::LowPriority);
}

} // namespace mb::ui
