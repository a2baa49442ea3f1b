// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/ErrorBanner.h"

#include "ui/shell/Theme.h"

#include <QLabel>

namespace mb::ui {

ErrorBanner::ErrorBanner(QWidget *parent) : NoticeBar(QStringLiteral("errorBanner"), errorTextColor(), parent)
{
    connect(this, &NoticeBar::closeClicked, this, &ErrorBanner::clear);
    hide();
}

void ErrorBanner::showError(const QString &message, const QObject *source)
{
    textLabel()->setText(tr("⚠ %1").arg(message));
    m_source = source;
    show();
}

void ErrorBanner::clear()
{
    textLabel()->clear();
    m_source = nullptr;
    hide();
}

void ErrorBanner::clearFrom(const QObject *source)
{
    if (!isHidden() && source && m_source == source)
        clear();
}

QString ErrorBanner::text() const
{
    return isHidden() ? QString() : textLabel()->text();
}

} // namespace mb::ui
