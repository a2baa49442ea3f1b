// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/data/DatasetPreviewModel.h"

#include "db/DatasetRepository.h"

#include <QBrush>
#include <QPalette>

namespace mb::ui {

DatasetPreviewModel::DatasetPreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

void DatasetPreviewModel::setVersion(db::Database *database, std::int64_t versionId,
                                     std::vector<data::ColumnSchema> schema, std::int64_t rows,
                                     std::vector<data::SplitPart> split)
{
    beginResetModel();
    m_database = database;
    m_versionId = versionId;
    m_schema = std::move(schema);
    m_rows = database ? rows : 0;
    m_split = std::move(split);
    m_cache.clear();
    m_cacheIndex.clear();
    endResetModel();
}

int DatasetPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int DatasetPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_database ? 0 : int(m_schema.size());
}

const db::ColumnChunk *DatasetPreviewModel::chunk(int column, std::int64_t chunkIndex) const
{
    const quint64 key = (quint64(column) << 40) | quint64(chunkIndex);
    if (auto found = m_cacheIndex.find(key); found != m_cacheIndex.end()) {
        m_cache.splice(m_cache.begin(), m_cache, found.value());
        return &m_cache.front().second;
    }
    Result<db::ColumnChunk> values = db::DatasetRepository(*m_database).readExactChunk(m_versionId, column, chunkIndex);
    ++m_chunkReads;
    if (!values)
        return nullptr;
    m_cache.emplace_front(key, std::move(values).value());
    m_cacheIndex.insert(key, m_cache.begin());
    if (m_cache.size() > kCachedChunks) {
        m_cacheIndex.remove(m_cache.back().first);
        m_cache.pop_back();
    }
    return &m_cache.front().second;
}

QVariant DatasetPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_database || (role != Qt::DisplayRole && role != Qt::TextAlignmentRole))
        return {};
    const data::ColumnSchema &schema = m_schema[std::size_t(index.column())];
    if (role == Qt::TextAlignmentRole)
        return schema.type == data::ColumnType::Numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    const std::int64_t row = index.row();
    const std::int64_t chunkRows = db::DatasetRepository::kChunkRows;
    const db::ColumnChunk *values = chunk(index.column(), row / chunkRows);
    const std::size_t offset = std::size_t(row % chunkRows);
    if (!values || offset >= values->values.size())
        return {};
    const double value = values->values[offset];
    if (data::isMissing(value))
        return QStringLiteral("—");
    if (!values->exactIntegers.empty()) // every digit of an id above 2^53
        return data::displayExactInteger(value, values->exactIntegers[offset]);
    return data::displayValue(schema, value);
}

QVariant DatasetPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && section < int(m_schema.size())) {
        const data::ColumnSchema &c = m_schema[std::size_t(section)];
        return tr("%1: %2, %3").arg(c.name, data::toKey(c.type), data::toKey(c.role));
    }
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section < int(m_schema.size()) ? m_schema[std::size_t(section)].name : QVariant();
    // Row numbers as in the file's data rows, with the row's split part when there is a split.
    if (std::size_t(section) < m_split.size()) {
        static const QString parts[] = {tr("train"), tr("valid"), tr("test")};
        return tr("%1 · %2").arg(data::rowNumberShown(section)).arg(parts[int(m_split[std::size_t(section)])]);
    }
    return qlonglong(data::rowNumberShown(section));
}

} // namespace mb::ui
