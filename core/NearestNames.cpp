// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/NearestNames.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace mb {
namespace {

// Insertions, deletions and substitutions from `a` to `b`; two rows of the usual table.
qsizetype editDistance(const QString &a, const QString &b)
{
    std::vector<qsizetype> previous(std::size_t(b.size()) + 1);
    std::vector<qsizetype> current(previous.size());
    std::iota(previous.begin(), previous.end(), qsizetype(0));
    for (qsizetype i = 0; i < a.size(); ++i) {
        current[0] = i + 1;
        for (qsizetype j = 0; j < b.size(); ++j) {
            const qsizetype substitution = previous[std::size_t(j)] + (a.at(i) == b.at(j) ? 0 : 1);
            current[std::size_t(j) + 1] =
                std::min({previous[std::size_t(j) + 1] + 1, current[std::size_t(j)] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous.back();
}

} // namespace

QStringList nearestFirst(const QString &name, const QStringList &choices)
{
    const QString wanted = name.toCaseFolded();
    std::vector<std::pair<qsizetype, qsizetype>> ranked; // (distance, position)
    ranked.reserve(std::size_t(choices.size()));
    for (qsizetype i = 0; i < choices.size(); ++i)
        ranked.emplace_back(editDistance(wanted, choices.at(i).toCaseFolded()), i);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    QStringList ordered;
    ordered.reserve(choices.size());
    for (const auto &[distance, position] : ranked)
        ordered << choices.at(position);
    return ordered;
}

QString nearestFirstText(const QString &name, const QStringList &choices)
{
    return nearestFirst(name, choices).join(QStringLiteral(", "));
}

} // namespace mb
