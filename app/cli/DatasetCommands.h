// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace mb::cli {

// The headless commands about dataset versions (docs/CLI.md). Each takes the words after its
// command name, prints its result on stdout and returns the exit status; a failure is thrown as
// CommandFailed (CommandSupport.h) for runHeadless to report as one line. Thread contract: the
// main thread.

// `dataset import --workspace W --project P --file F [options]`: a CSV or IDX import as a dataset
// version, with its split and data warnings.
int datasetImportCommand(const QStringList &arguments);
// `dataset list --workspace W --project P [--json]`: the versions, newest first.
int datasetListCommand(const QStringList &arguments);
// `dataset show --workspace W --version ID`: a version's schema, statistics and splits as JSON.
int datasetShowCommand(const QStringList &arguments);
// `dataset export --workspace W --version V [--split S] --part train|validation|test --out F.csv`:
// the exact rows of one part of a split, for a tool outside the app (services::exportDatasetPart).
int datasetExportCommand(const QStringList &arguments);

} // namespace mb::cli
