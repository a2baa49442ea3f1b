// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/framing/FramingHistoryView.h"

#include "core/FramingDiff.h"
#include "db/FramingRepository.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mb::ui {
namespace {

QString localTime(const QString &isoUtc)
{
    return QDateTime::fromString(isoUtc, Qt::ISODateWithMs)
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QColor changeColor(FramingChange::Kind kind)
{
    switch (kind) {
    case FramingChange::Kind::Added:
        return QColor(46, 125, 50, 60);
    case FramingChange::Kind::Removed:
        return QColor(198, 40, 40, 60);
    case FramingChange::Kind::Changed:
        return QColor(249, 168, 37, 60);
    }
    return {};
}

} // namespace

FramingHistoryView::FramingHistoryView(QWidget *parent) : QWidget(parent)
{
    m_versions = new QTreeWidget;
    m_versions->setObjectName(QStringLiteral("versionList"));
    m_versions->setHeaderLabels({tr("Version"), tr("Saved"), tr("Note"), tr("Saved by")});
    m_versions->setRootIsDecorated(false);
    m_versions->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_versions->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_versions->header()->setStretchLastSection(false);
    m_versions->setWordWrap(true);
    // Selecting one version diffs it against the one before it, the question asked most often.
    connect(m_versions, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const int version = item->data(0, Qt::UserRole).toInt();
        compare(version > 1 ? version - 1 : version, version);
    });

    auto *restore = new QPushButton(tr("Edit from this version"));
    restore->setObjectName(QStringLiteral("restoreVersionButton"));
    restore->setToolTip(tr("Load the selected version into the editor. Saving it adds a new version; "
                           "nothing is overwritten."));
    connect(restore, &QPushButton::clicked, this, [this] {
        QTreeWidgetItem *item = m_versions->currentItem();
        if (!item || !m_database)
            return;
        const int version = item->data(0, Qt::UserRole).toInt();
        Result<std::optional<db::FramingVersion>> loaded =
            db::FramingRepository(*m_database).load(m_framingId, version);
        if (!loaded)
            Q_EMIT errorOccurred(loaded.error());
        else if (loaded->has_value())
            Q_EMIT restoreRequested(loaded->value().framing, version);
    });

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Every save is kept. Select a version to see what it changed.")));
    leftLayout->addWidget(m_versions, 1);
    leftLayout->addWidget(restore);

    m_from = new QComboBox;
    m_from->setObjectName(QStringLiteral("diffFrom"));
    m_to = new QComboBox;
    m_to->setObjectName(QStringLiteral("diffTo"));
    connect(m_from, &QComboBox::currentIndexChanged, this, &FramingHistoryView::updateDiff);
    connect(m_to, &QComboBox::currentIndexChanged, this, &FramingHistoryView::updateDiff);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_diff = new QTableWidget(0, 3);
    m_diff->setObjectName(QStringLiteral("diffTable"));
    m_diff->setHorizontalHeaderLabels({tr("Field"), tr("Before"), tr("After")});
    m_diff->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_diff->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_diff->setColumnWidth(0, 300);
    m_diff->verticalHeader()->hide();
    m_diff->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diff->setWordWrap(true);

    auto *pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Compare version")));
    pick->addWidget(m_from);
    pick->addWidget(new QLabel(tr("with version")));
    pick->addWidget(m_to);
    pick->addStretch();
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(pick);
    rightLayout->addWidget(m_summary);
    rightLayout->addWidget(m_diff, 1);

    auto *splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
}

void FramingHistoryView::setSource(db::Database *database, std::int64_t framingId)
{
    m_database = database;
    m_framingId = framingId;
    refresh();
}

void FramingHistoryView::refresh()
{
    const QSignalBlocker blockVersions(m_versions);
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_versions->clear();
    m_from->clear();
    m_to->clear();
    m_diff->setRowCount(0);
    m_summary->clear();
    if (!m_database)
        return;
    Result<QList<db::FramingVersionInfo>> versions = db::FramingRepository(*m_database).versions(m_framingId);
    if (!versions) {
        Q_EMIT errorOccurred(versions.error());
        return;
    }
    for (const db::FramingVersionInfo &v : *versions) {
        auto *item = new QTreeWidgetItem(m_versions, {QString::number(v.version), localTime(v.createdAt), v.note,
                                                      QStringLiteral("MetricBridge %1").arg(v.appVersion)});
        item->setData(0, Qt::UserRole, v.version);
        item->setToolTip(2, v.note);
        m_from->addItem(tr("%1").arg(v.version), v.version);
        m_to->addItem(tr("%1").arg(v.version), v.version);
    }
    if (versions->isEmpty()) {
        m_summary->setText(tr("No saved version yet. Save the framing to start its history."));
        return;
    }
    const int latest = versions->constFirst().version;
    compare(latest > 1 ? latest - 1 : latest, latest);
}

void FramingHistoryView::compare(int fromVersion, int toVersion)
{
    {
        const QSignalBlocker blockFrom(m_from);
        const QSignalBlocker blockTo(m_to);
        m_from->setCurrentIndex(m_from->findData(fromVersion));
        m_to->setCurrentIndex(m_to->findData(toVersion));
    }
    updateDiff();
}

void FramingHistoryView::updateDiff()
{
    m_diff->setRowCount(0);
    if (!m_database || m_from->currentIndex() < 0 || m_to->currentIndex() < 0)
        return;
    const int from = m_from->currentData().toInt();
    const int to = m_to->currentData().toInt();
    db::FramingRepository repository(*m_database);
    Result<std::optional<db::FramingVersion>> before = repository.load(m_framingId, from);
    Result<std::optional<db::FramingVersion>> after = repository.load(m_framingId, to);
    if (!before || !after) {
        Q_EMIT errorOccurred(!before ? before.error() : after.error());
        return;
    }
    if (!before->has_value() || !after->has_value())
        return;
    const QList<FramingChange> changes = diffFramings(before->value().framing, after->value().framing);
    m_summary->setText(from == to ? tr("Only one version so far: change the framing and save it to compare.")
                       : changes.isEmpty()
                           ? tr("Versions %1 and %2 are identical.").arg(from).arg(to)
                           : tr("%n field(s) differ between version %1 and version %2.", nullptr, int(changes.size()))
                                 .arg(from)
                                 .arg(to));
    m_diff->setRowCount(int(changes.size()));
    for (int row = 0; row < changes.size(); ++row) {
        const FramingChange &c = changes.at(row);
        const QStringList cells{c.field, c.before, c.after};
        for (int column = 0; column < 3; ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setBackground(changeColor(c.kind));
            item->setToolTip(cells.at(column));
            m_diff->setItem(row, column, item);
        }
    }
    m_diff->resizeRowsToContents();
}

} // namespace mb::ui
