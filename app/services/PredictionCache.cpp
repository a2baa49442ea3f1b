// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/services/PredictionCache.h"

#include <QStringList>

namespace mb::services {

PredictionCache &PredictionCache::instance()
{
    static PredictionCache cache;
    return cache;
}

std::size_t PredictionCache::bytes() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_bytes;
}

void PredictionCache::clear()
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_names.clear();
    m_columns.clear();
    m_uses.clear();
    m_bytes = 0;
}

void PredictionCache::keep(const ColumnKey &key, const std::vector<double> &values)
{
    const std::size_t size = values.size() * sizeof(double);
    if (size > m_boundBytes || m_columns.count(key))
        return;
    while (m_bytes + size > m_boundBytes && !m_uses.empty()) {
        const auto oldest = m_columns.find(m_uses.back());
        m_bytes -= oldest->second.values.size() * sizeof(double);
        m_columns.erase(oldest);
        m_uses.pop_back();
    }
    m_uses.push_front(key);
    m_columns.emplace(key, Kept{values, m_uses.begin()});
    m_bytes += size;
}

Result<std::vector<db::PredictionColumn>> PredictionCache::columns(db::PredictionColumnReader &reader,
                                                                   const QString &workspacePath,
                                                                   const db::EvaluationRecord &evaluation,
                                                                   const db::PredictionColumnReader::Choice &choose)
{
    const EvaluationKey evaluationKey{workspacePath, evaluation.id, evaluation.createdAt};
    const auto columnKey = [&evaluationKey](const QString &name) {
        return ColumnKey{std::get<0>(evaluationKey), std::get<1>(evaluationKey), std::get<2>(evaluationKey), name};
    };
    std::vector<db::PredictionColumn> result;
    QStringList missing;
    QStringList knownNames; // in stored order, when this evaluation was read before
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        const auto names = m_names.find(evaluationKey);
        if (names != m_names.end()) {
            knownNames = names->second;
            const QStringList chosen = choose(names->second);
            for (const QString &name : names->second) {
                if (!chosen.contains(name))
                    continue;
                const auto kept = m_columns.find(columnKey(name));
                if (kept == m_columns.end()) {
                    missing << name;
                    continue;
                }
                m_uses.splice(m_uses.begin(), m_uses, kept->second.use); // now the most recently used
                result.emplace_back(name, kept->second.values);
            }
            if (missing.isEmpty())
                return result;
        }
    }
    // Read outside the lock: the store may take a while, and other threads may use the cache meanwhile.
    const bool namesKnown = !knownNames.isEmpty();
    Result<std::vector<db::PredictionColumn>> read = reader.columns(
        evaluation.id, [&](const QStringList &stored) {
            if (!namesKnown)
                knownNames = stored;
            return namesKnown ? missing : choose(stored);
        });
    if (!read)
        return read;
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_names[evaluationKey] = knownNames;
    for (const db::PredictionColumn &column : *read)
        keep(columnKey(column.first), column.second);
    if (!namesKnown)
        return read;
    // Kept and read ones together, in stored order.
    std::vector<db::PredictionColumn> merged;
    for (const QString &name : std::as_const(knownNames)) {
        for (db::PredictionColumn &c : result)
            if (c.first == name)
                merged.push_back(std::move(c));
        for (const db::PredictionColumn &c : *read)
            if (c.first == name)
                merged.push_back(c);
    }
    return merged;
}

} // namespace mb::services
