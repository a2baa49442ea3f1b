// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/SavedViewsBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>

#include <utility>

namespace mb::ui {

SavedViewsBar::SavedViewsBar(std::function<db::SavedView()> current, QWidget *parent)
    : QWidget(parent), m_current(std::move(current))
{
    setObjectName(QStringLiteral("savedViews"));
    m_combo = new QComboBox;
    m_combo->setObjectName(QStringLiteral("savedViewCombo"));
    m_combo->setToolTip(tr("Saved views of this project's runs: a query, the columns shown and the sort"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_combo->setMinimumContentsLength(16);
    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        m_delete->setEnabled(index > 0);
        if (index > 0)
            Q_EMIT viewChosen(m_views.at(index - 1));
    });
    m_save = new QPushButton(tr("Save view…"));
    m_save->setObjectName(QStringLiteral("saveViewButton"));
    m_save->setToolTip(tr("Save the filter, the columns shown and the sort as a named view of this project"));
    connect(m_save, &QPushButton::clicked, this, &SavedViewsBar::saveInteractively);
    m_delete = new QPushButton(tr("Delete view"));
    m_delete->setObjectName(QStringLiteral("deleteViewButton"));
    m_delete->setEnabled(false);
    connect(m_delete, &QPushButton::clicked, this, &SavedViewsBar::deleteCurrent);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("View:")));
    layout->addWidget(m_combo);
    layout->addWidget(m_save);
    layout->addWidget(m_delete);
    setProject(nullptr, 0);
}

void SavedViewsBar::setProject(db::Database *database, std::int64_t projectId)
{
    m_database = database;
    m_projectId = database ? projectId : 0;
    setEnabled(m_database != nullptr);
    reload({});
}

void SavedViewsBar::reload(const QString &select)
{
    m_views.clear();
    if (m_database) {
        Result<QList<db::SavedView>> views = db::SavedViewRepository(*m_database).views(m_projectId);
        if (views)
            m_views = *views;
        else
            Q_EMIT errorOccurred(views.error());
    }
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    m_combo->addItem(m_views.isEmpty() ? tr("(no saved views)") : tr("(every run)"));
    int selected = 0;
    for (const db::SavedView &view : std::as_const(m_views)) {
        m_combo->addItem(view.name);
        m_combo->setItemData(m_combo->count() - 1, view.query.isEmpty() ? tr("every run") : view.query,
                             Qt::ToolTipRole);
        if (view.name.compare(select, Qt::CaseInsensitive) == 0)
            selected = m_combo->count() - 1;
    }
    m_combo->setCurrentIndex(selected);
    m_delete->setEnabled(selected > 0);
}

bool SavedViewsBar::saveAs(const QString &name)
{
    if (!m_database)
        return false;
    db::SavedView view = m_current();
    view.projectId = m_projectId;
    view.name = name;
    Result<db::SavedView> saved = db::SavedViewRepository(*m_database).save(view);
    if (!saved) {
        Q_EMIT errorOccurred(saved.error());
        return false;
    }
    reload(saved->name);
    return true;
}

bool SavedViewsBar::choose(const QString &name)
{
    if (name.isEmpty()) {
        m_combo->setCurrentIndex(0);
        m_delete->setEnabled(false);
        return true;
    }
    for (int i = 0; i < m_views.size(); ++i)
        if (m_views.at(i).name.compare(name, Qt::CaseInsensitive) == 0) {
            m_combo->setCurrentIndex(i + 1);
            m_delete->setEnabled(true);
            Q_EMIT viewChosen(m_views.at(i));
            return true;
        }
    return false;
}

QString SavedViewsBar::currentName() const
{
    return m_combo->currentIndex() > 0 ? m_views.at(m_combo->currentIndex() - 1).name : QString();
}

void SavedViewsBar::saveInteractively()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save view"),
                                               tr("Name of the view (the filter, the columns shown and the sort):"),
                                               QLineEdit::Normal, currentName(), &ok);
    if (ok && !name.trimmed().isEmpty())
        saveAs(name.trimmed());
}

void SavedViewsBar::deleteCurrent()
{
    const QString name = currentName();
    if (!m_database || name.isEmpty())
        return;
    if (Status removed = db::SavedViewRepository(*m_database).remove(m_projectId, name); !removed)
        Q_EMIT errorOccurred(removed.error());
    reload({});
}

} // namespace mb::ui
