// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/FilterProblemLabel.h"

#include "ui/runs/RunsFilterModel.h"
#include "ui/shell/Theme.h"

#include <QLabel>

namespace mb::ui {

QLabel *filterProblemLabel(RunsFilterModel *filter)
{
    auto *label = new QLabel;
    label->setObjectName(QStringLiteral("filterProblem"));
    label->setWordWrap(true);
    label->hide();
    QObject::connect(filter, &RunsFilterModel::problemChanged, label, [label](const QString &problem) {
        label->setText(
            QStringLiteral("<span style='color:%1'>⚠ %2</span>").arg(errorTextCss(), problem.toHtmlEscaped()));
        label->setVisible(!problem.isEmpty());
    });
    return label;
}

} // namespace mb::ui
