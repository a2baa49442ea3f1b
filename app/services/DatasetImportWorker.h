// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/DatasetImport.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>

namespace mb::services {

// Runs one dataset import off the GUI thread. It opens its own connection to the workspace (one
// connection per thread; WAL lets the window keep reading), reports progress, and can be
// cancelled; a cancelled or failed import stores nothing.
// Thread contract: construct on the GUI thread, moveToThread() a worker thread, then invoke
// run() there. cancel() may be called from any thread. Signals are delivered queued.
class DatasetImportWorker : public QObject {
    Q_OBJECT
public:
    DatasetImportWorker(QString workspacePath, std::int64_t projectId, services::DatasetImportRequest request);

    void cancel() { m_cancel.store(true); }

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void progressed(int permille);
    // versionId is 0 on failure; message says what happened either way.
    void finished(qint64 versionId, bool existed, const QString &message);

private:
    QString m_workspacePath;
    std::int64_t m_projectId;
    services::DatasetImportRequest m_request;
    std::atomic<bool> m_cancel{false};
};

} // namespace mb::services
