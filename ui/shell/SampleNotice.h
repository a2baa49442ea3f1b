// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/widgets/NoticeBar.h"

namespace mb::ui {

// The line above the pages while the demo workspace is open: it is a sample, and how to start
// one's own. The first start opens the demo without asking, so without it a new user could take
// the newsfeed project for theirs. Thread contract: GUI thread.
class SampleNotice : public NoticeBar {
    Q_OBJECT
public:
    explicit SampleNotice(QWidget *parent = nullptr);

Q_SIGNALS:
    void newWorkspaceRequested();
};

} // namespace mb::ui
