// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Dataset.h"
#include "core/data/Split.h"
#include "db/DatasetRepository.h"

#include <QAbstractTableModel>
#include <QHash>

#include <cstdint>
#include <list>
#include <vector>

namespace mb::ui {

// A virtualised view of a stored dataset version: values are read chunk by chunk from the
// workspace as the view asks for them, and a few recent chunks are cached, so a million rows by
// a hundred columns scroll without ever being loaded whole.
// Thread contract: GUI thread; reads through the window's connection.
class DatasetPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DatasetPreviewModel(QObject *parent = nullptr);

    // Shows a version (null database: empty). `split` labels each row's part, when given.
    void setVersion(db::Database *database, std::int64_t versionId, std::vector<data::ColumnSchema> schema,
                    std::int64_t rows, std::vector<data::SplitPart> split = {});

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    std::int64_t chunkReads() const { return m_chunkReads; }

private:
    const db::ColumnChunk *chunk(int column, std::int64_t chunkIndex) const;

    db::Database *m_database = nullptr; // not owned
    std::int64_t m_versionId = 0;
    std::vector<data::ColumnSchema> m_schema;
    std::int64_t m_rows = 0;
    std::vector<data::SplitPart> m_split;

    // A small LRU cache of chunks, keyed by (column, chunk).
    static constexpr std::size_t kCachedChunks = 256;
    mutable std::list<std::pair<quint64, db::ColumnChunk>> m_cache;
    mutable QHash<quint64, std::list<std::pair<quint64, db::ColumnChunk>>::iterator> m_cacheIndex;
    mutable std::int64_t m_chunkReads = 0;
};

} // namespace mb::ui
