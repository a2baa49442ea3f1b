// SPDX-License-Identifier: GPL-3.0-or-later
// The training worker: the one executable that loads LibTorch. It trains runs (`train`) and
// evaluates trained models on other dataset versions (`evaluate --dataset-version`).
// `metricbridge train` and `metricbridge evaluate --dataset-version` replace themselves with this
// program, so the window and every other command stay light, and a crash or an out-of-memory kill
// here never takes the window down.
#include "app/worker/EvaluateCommand.h"
#include "app/worker/TrainCommand.h"
#include "core/BuildInfo.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationName(QStringLiteral("MetricBridge"));
    QCoreApplication::setApplicationVersion(mb::applicationVersion());
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.value(1) == QLatin1String("evaluate"))
        return mb::worker::runEvaluateCommand(arguments);
    return mb::worker::runTrainCommand(arguments);
}
