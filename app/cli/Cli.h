// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/ReportCommands.h"

#include <QString>
#include <QStringList>

namespace mb::cli {

// The headless interface (docs/CLI.md). Subcommands create no widget; each exits 0 on success
// and otherwise prints a one-line reason on stderr and exits non-zero.
// Thread contract: call from the main thread, after a QCoreApplication exists.

// True when `arguments` (program name first) ask for a headless subcommand or for --help/--version.
bool isHeadless(const QStringList &arguments);
int runHeadless(const QStringList &arguments);

// `report` is not headless: it lays the document out with the window's code, which main.cpp
// passes in as `write` after creating a QApplication (see ReportCommands.h).
bool isReport(const QStringList &arguments);
int runReport(const QStringList &arguments, const ReportWriter &write);

QString usageText();

} // namespace mb::cli
