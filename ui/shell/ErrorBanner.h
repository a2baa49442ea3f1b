// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/widgets/NoticeBar.h"

#include <QPointer>

namespace mb::ui {

// The window's error banner: non-modal, so work is never blocked, and owned by the action that
// raised it. It remembers which page raised it (`source`), so that page's next success clears it
// (clearFrom); the window clears it on a page change and a workspace or project switch, and the
// user closes it with its ✕. A banner left behind by a finished action read as a current failure
// ("the policy was not saved" after it was saved).
// Thread contract: GUI thread.
class ErrorBanner : public NoticeBar {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    // `source`: the page whose action failed; null for the window's own actions.
    void showError(const QString &message, const QObject *source = nullptr);
    void clear();
    // Clears the banner only when `source` raised it: another page's success says nothing about it.
    void clearFrom(const QObject *source);
    // The message shown, "" when the banner is closed.
    QString text() const;

private:
    QPointer<const QObject> m_source; // not owned
};

} // namespace mb::ui
