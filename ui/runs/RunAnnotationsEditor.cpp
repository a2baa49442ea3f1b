// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/runs/RunAnnotationsEditor.h"

#include "core/RunTags.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace mb::ui {

RunAnnotationsEditor::RunAnnotationsEditor(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runAnnotations"));
    m_star = new QToolButton;
    m_star->setObjectName(QStringLiteral("runStar"));
    m_star->setCheckable(true);
    m_star->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_star->setToolTip(tr("Star the run: `star = yes` in the filter finds the starred runs"));
    connect(m_star, &QToolButton::clicked, this, [this](bool checked) { setStarred(checked); });

    m_tags = new QLineEdit;
    m_tags->setObjectName(QStringLiteral("runTags"));
    m_tags->setPlaceholderText(tr("baseline, sweep-3 …"));
    m_tags->setToolTip(tr("The run's tags, separated by commas or spaces; Enter saves. `tag = baseline` in the "
                          "filter finds them"));
    connect(m_tags, &QLineEdit::editingFinished, this, [this] {
        if (m_runId != 0 && splitTags(m_tags->text()) != m_annotations.tags)
            setTagsText(m_tags->text());
    });

    m_note = new QPlainTextEdit;
    m_note->setObjectName(QStringLiteral("runNote"));
    m_note->setPlaceholderText(tr("A note: why this run, what it showed…"));
    m_note->setTabChangesFocus(true);
    m_note->setFixedHeight(m_note->fontMetrics().lineSpacing() * 2 + 14);
    m_saveNote = new QPushButton(tr("Save note"));
    m_saveNote->setObjectName(QStringLiteral("runSaveNote"));
    m_saveNote->setEnabled(false);
    connect(m_note, &QPlainTextEdit::textChanged, this,
            [this] { m_saveNote->setEnabled(m_runId != 0 && m_note->toPlainText().trimmed() != m_annotations.note); });
    connect(m_saveNote, &QPushButton::clicked, this, [this] { saveNote(m_note->toPlainText()); });

    // Narrow on purpose: the detail pane may be a third of a 1024-pixel window.
    m_tags->setMinimumWidth(60);
    // Wide enough for the longer of its two texts, so starring never squeezes it.
    m_star->setMinimumWidth(m_star->fontMetrics().horizontalAdvance(tr("★ Starred")) + 20);
    m_note->setMinimumWidth(60);
    auto *tagLine = new QHBoxLayout;
    tagLine->addWidget(m_star);
    tagLine->addWidget(new QLabel(tr("Tags:")));
    tagLine->addWidget(m_tags, 1);
    auto *noteButtons = new QHBoxLayout;
    noteButtons->addStretch(1);
    noteButtons->addWidget(m_saveNote);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tagLine);
    layout->addWidget(m_note);
    layout->addLayout(noteButtons);
    setRun(nullptr, 0);
}

void RunAnnotationsEditor::setRun(db::Database *database, std::int64_t runId)
{
    m_database = database;
    m_runId = database ? runId : 0;
    db::RunAnnotations annotations;
    if (m_runId != 0) {
        Result<db::RunAnnotations> read = db::RunAnnotationRepository(*m_database).annotations(m_runId);
        if (read)
            annotations = *read;
        else
            Q_EMIT errorOccurred(read.error());
    }
    setEnabled(m_runId != 0);
    show(annotations);
}

void RunAnnotationsEditor::show(const db::RunAnnotations &annotations)
{
    m_annotations = annotations;
    m_star->setChecked(annotations.starred);
    m_star->setText(annotations.starred ? tr("★ Starred") : tr("☆ Star"));
    m_tags->setText(annotations.tags.join(QStringLiteral(", ")));
    const QSignalBlocker blocker(m_note);
    m_note->setPlainText(annotations.note);
    m_saveNote->setEnabled(false);
}

void RunAnnotationsEditor::stored()
{
    Q_EMIT annotationsChanged(qint64(m_runId), m_annotations);
}

void RunAnnotationsEditor::setStarred(bool starred)
{
    if (m_runId == 0)
        return;
    if (Status saved = db::RunAnnotationRepository(*m_database).setStarred(m_runId, starred); !saved) {
        Q_EMIT errorOccurred(saved.error());
        show(m_annotations);
        return;
    }
    db::RunAnnotations now = m_annotations;
    now.starred = starred;
    show(now);
    stored();
}

void RunAnnotationsEditor::setTagsText(const QString &text)
{
    if (m_runId == 0)
        return;
    Result<QStringList> saved = db::RunAnnotationRepository(*m_database).setTags(m_runId, splitTags(text));
    if (!saved) {
        Q_EMIT errorOccurred(saved.error());
        show(m_annotations); // back to what is stored: nothing was written
        return;
    }
    db::RunAnnotations now = m_annotations;
    now.tags = *saved;
    show(now);
    stored();
}

void RunAnnotationsEditor::saveNote(const QString &note)
{
    if (m_runId == 0)
        return;
    if (Status saved = db::RunAnnotationRepository(*m_database).setNote(m_runId, note.trimmed()); !saved) {
        Q_EMIT errorOccurred(saved.error());
        return;
    }
    db::RunAnnotations now = m_annotations;
    now.note = note.trimmed();
    show(now);
    stored();
}

} // namespace mb::ui
