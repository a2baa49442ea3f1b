// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/SampleNotice.h"

#include <QLabel>
#include <QPushButton>

namespace mb::ui {

SampleNotice::SampleNotice(QWidget *parent) : NoticeBar(QStringLiteral("sampleNotice"), QColor(66, 133, 244), parent)
{
    textLabel()->setText(tr("<b>This is the demo workspace</b>, a sample: a newsfeed project with generated posts "
                            "and four trained runs, to look around in. To start your own, create a workspace "
                            "(Ctrl+N), then a project, its framing and a CSV of your data."));
    auto *start = new QPushButton(tr("New workspace…"));
    start->setObjectName(QStringLiteral("sampleNoticeNewWorkspace"));
    connect(start, &QPushButton::clicked, this, &SampleNotice::newWorkspaceRequested);
    addButton(start);
}

} // namespace mb::ui
