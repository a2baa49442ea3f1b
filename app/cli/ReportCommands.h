// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/ReportContent.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace mb::cli {

// `report --workspace W --project P --out F.pdf|F.html [--runs 1,2] [--policy NAME]
// [--page-size a4|letter]`. The content comes from services::buildReportContent; laying it out
// takes the window's document and plot code, which this library does not link (no widgets here), so
// app/main.cpp passes the writer in (ui::writeReport) and creates the QApplication it needs.
// Everything that can be checked before writing is checked first (the suffix, the page size, the
// runs, the policy), so bad input writes nothing.
using ReportWriter = std::function<Status(const services::ReportContent &content, const QString &path,
                                          const QString &pageSize)>;

int reportCommand(const QStringList &arguments, const ReportWriter &write);

} // namespace mb::cli
