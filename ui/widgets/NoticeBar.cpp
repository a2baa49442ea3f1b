// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/NoticeBar.h"

#include <QAbstractButton>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace mb::ui {

NoticeBar::NoticeBar(const QString &name, const QColor &tint, QWidget *parent) : QWidget(parent)
{
    setObjectName(name);
    setAttribute(Qt::WA_StyledBackground);
    // A translucent tint with a solid border reads on light and dark palettes alike.
    setStyleSheet(QStringLiteral("#%1 { background: rgba(%2, %3, %4, 36); border: 1px solid %5; border-radius: 3px; }")
                      .arg(name)
                      .arg(tint.red())
                      .arg(tint.green())
                      .arg(tint.blue())
                      .arg(tint.name()));
    m_text = new QLabel;
    m_text->setObjectName(name + QStringLiteral("Text"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close = new QToolButton;
    m_close->setObjectName(name + QStringLiteral("Close"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close"));
    connect(m_close, &QToolButton::clicked, this, [this] {
        Q_EMIT closeClicked();
        hide();
    });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
}

void NoticeBar::addButton(QAbstractButton *button)
{
    auto *layout = static_cast<QHBoxLayout *>(this->layout());
    layout->insertWidget(layout->count() - 1, button, 0, Qt::AlignTop);
}

} // namespace mb::ui
