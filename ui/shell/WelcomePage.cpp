// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/WelcomePage.h"

#include "ui/shell/RecentWorkspaces.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

// The iterative cycle the app is organised around, one card per step.
QWidget *workflowOverview()
{
    struct Step {
        const char *title;
        const char *text;
    };
    static const Step steps[] = {
        {QT_TRANSLATE_NOOP("WelcomePage", "1. Frame"),
         QT_TRANSLATE_NOOP("WelcomePage", "Write the business goal, the business metrics and the stakeholders' "
                                          "requirements before any model. Every edit is a new version.")},
        {QT_TRANSLATE_NOOP("WelcomePage", "2. Data"),
         QT_TRANSLATE_NOOP("WelcomePage", "Import versioned datasets and split them so the test set looks like "
                                          "tomorrow, not like the training set.")},
        {QT_TRANSLATE_NOOP("WelcomePage", "3. Train"),
         QT_TRANSLATE_NOOP("WelcomePage", "Train LibTorch models in worker processes, with every step of every "
                                          "curve kept.")},
        {QT_TRANSLATE_NOOP("WelcomePage", "4. Compare"),
         QT_TRANSLATE_NOOP("WelcomePage", "See ML and business metrics side by side: the most accurate model is "
                                          "often not the most profitable one.")},
        {QT_TRANSLATE_NOOP("WelcomePage", "5. Trade off"),
         QT_TRANSLATE_NOOP("WelcomePage", "With decoupled objectives, move alpha and beta and watch the business "
                                          "metrics change, without retraining.")},
        {QT_TRANSLATE_NOOP("WelcomePage", "6. Report"),
         QT_TRANSLATE_NOOP("WelcomePage", "Export the comparison and the chosen policy for the stakeholders.")},
    };
    auto *grid = new QGridLayout;
    grid->setSpacing(10);
    int index = 0;
    for (const Step &step : steps) {
        auto *card = new QFrame;
        card->setFrameShape(QFrame::StyledPanel);
        auto *label = new QLabel(QStringLiteral("<b>%1</b><br>%2")
                                     .arg(QCoreApplication::translate("WelcomePage", step.title),
                                          QCoreApplication::translate("WelcomePage", step.text)));
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        auto *layout = new QVBoxLayout(card);
        layout->addWidget(label);
        grid->addWidget(card, index / 3, index % 3);
        ++index;
    }
    auto *widget = new QWidget;
    widget->setLayout(grid);
    return widget;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto *title = new QLabel(tr("MetricBridge"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *tagline =
        new QLabel(tr("Frame an ML problem, train models, and see side by side what each model does to the ML "
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
    m_recent->setMaximumHeight(180);
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT recentWorkspaceRequested(item->data(Qt::UserRole).toString()); });

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(tagline);
    column->addSpacing(12);
    column->addLayout(buttons);
    column->addSpacing(18);
    column->addWidget(new QLabel(tr("Recent workspaces (double-click to open):")));
    column->addWidget(m_recent);
    column->addSpacing(18);
    column->addWidget(new QLabel(tr("<b>How MetricBridge works</b>")));
    column->addWidget(workflowOverview());
    column->addStretch(1);

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
            QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), QFileInfo(path).absolutePath()), m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    if (paths.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No recent workspaces yet: start with the demo."), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

} // namespace mb::ui
