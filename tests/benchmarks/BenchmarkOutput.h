// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The benchmarks' shared output: one `name: value unit` line per figure, as ./scripts/bench
// promises, and the median they report.

#include <QString>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace mbbench {

inline void printFigure(const char *name, double value, const char *unit)
{
    QTextStream(stdout) << name << ": " << QString::number(value, 'f', 3) << ' ' << unit << '\n';
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

} // namespace mbbench
