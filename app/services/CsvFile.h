// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/CsvWriter.h"

#include <QSaveFile>
#include <QString>

namespace mb::services {

// A CSV file the app writes (exported predictions, an exported part of a dataset): records go
// through data::CsvWriter and reach the disk in blocks of about 1 MiB, so a million rows never sit
// in memory as one string, and the file is replaced atomically (QSaveFile): a reader sees the old
// file or the whole new one, never a partial write. Errors name the path.
// Thread contract: one thread at a time.
class CsvFile {
public:
    explicit CsvFile(const QString &path) : m_path(path), m_file(path) {}

    Status open();
    data::CsvWriter &csv() { return m_csv; }
    // Ends the record written through csv(); writes a block when one is full.
    Status endRecord();
    // Writes what is left and puts the file in place.
    Status commit();

private:
    Status writeBlock();

    QString m_path;
    QSaveFile m_file;
    data::CsvWriter m_csv;
};

} // namespace mb::services
