// SPDX-License-Identifier: GPL-3.0-or-later
#include "WelcomePage.h"

#include "RecentWorkspaces.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *title = new QLabel(tr("MetricBridge"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *tagline = new QLabel(
        tr("Frame an ML problem, train models, and see side by side what each model does to the ML "
           "metrics and to the business metrics. Every framing, run and dataset is versioned in one "
           "workspace file (.mbw)."));
    tagline->setWordWrap(true);

    auto *newButton = new QPushButton(tr("New workspace…"));
    newButton->setObjectName(QStringLiteral("newWorkspaceButton"));
    auto *openButton = new QPushButton(tr("Open workspace…"));
    openButton->setObjectName(QStringLiteral("openWorkspaceButton"));
    auto *demoButton = new QPushButton(tr("Open the demo workspace"));
    demoButton->setObjectName(QStringLiteral("openDemoButton"));
    demoButton->setToolTip(tr("The seeds' newsfeed example: maximise engagement while keeping quality."));
    connect(newButton, &QPushButton::clicked, this, &WelcomePage::newWorkspaceRequested);
    connect(openButton, &QPushButton::clicked, this, &WelcomePage::openWorkspaceRequested);
    connect(demoButton, &QPushButton::clicked, this, &WelcomePage::openDemoRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(openButton);
    buttons->addWidget(demoButton);
    buttons->addStretch();

    m_recent = new QListWidget;
    m_recent->setObjectName(QStringLiteral("recentWorkspaces"));
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT recentWorkspaceRequested(item->data(Qt::UserRole).toString());
    });

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(tagline);
    column->addSpacing(12);
    column->addLayout(buttons);
    column->addSpacing(18);
    column->addWidget(new QLabel(tr("Recent workspaces (double-click to open):")));
    column->addWidget(m_recent, 1);

    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);
    outer->setContentsMargins(24, 48, 24, 24);
    refreshRecent();
}

void WelcomePage::refreshRecent()
{
    m_recent->clear();
    const QStringList paths = RecentWorkspaces::list();
    for (const QString &path : paths) {
        auto *item = new QListWidgetItem(
            QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), QFileInfo(path).absolutePath()),
            m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    if (paths.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No recent workspaces yet: start with the demo."), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

} // namespace mb::ui
