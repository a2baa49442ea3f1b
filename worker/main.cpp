// SPDX-License-Identifier: GPL-3.0-or-later
// The training worker: the one executable that loads LibTorch. `metricbridge train` replaces
// itself with this program, so the window and every other command stay light, and a crash or an
// out-of-memory kill here never takes the window down.
#include "TrainCommand.h"

#include <BuildInfo.h>

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationVersion(mb::applicationVersion());
    return mb::worker::runTrainCommand(QCoreApplication::arguments());
}
