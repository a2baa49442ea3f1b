// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compare/MetricDefinitionDialog.h"

#include "core/FramingValidator.h"
#include "db/FramingRepository.h"
#include "ui/framing/BusinessMetricEditor.h"
#include "ui/shell/Theme.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {

MetricDefinitionDialog::MetricDefinitionDialog(db::Database &database, std::int64_t framingId, const Framing &framing,
                                               QWidget *parent)
    : QDialog(parent), m_database(database), m_framingId(framingId), m_framing(framing)
{
    setWindowTitle(tr("Business metrics"));
    setObjectName(QStringLiteral("metricDefinitionDialog"));
    auto *intro = new QLabel(tr("Business metrics are part of the framing. Saving stores a new framing version and "
                                "recomputes every run from its stored predictions: nothing is retrained."));
    intro->setWordWrap(true);
    m_editor = new BusinessMetricEditor;
    m_editor->setItemSymbols(itemSymbolsFor(framing));
    m_editor->setMetrics(framing.businessMetrics);
    m_problems = new QLabel;
    m_problems->setObjectName(QStringLiteral("metricProblems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: %1").arg(errorTextCss()));
    m_problems->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Save)->setText(tr("Save and recompute"));
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveMetricsButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &MetricDefinitionDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    resize(900, 560);
}

QString MetricDefinitionDialog::problems() const
{
    return m_problems->isVisible() ? m_problems->text() : QString();
}

bool MetricDefinitionDialog::save()
{
    Framing edited = m_framing;
    edited.businessMetrics = m_editor->metrics();
    const QList<FramingProblem> problems = validateFraming(edited);
    if (!problems.isEmpty()) {
        m_problems->setText(tr("Not saved: %1").arg(describeProblems(problems)));
        m_problems->show();
        return false;
    }
    const Result<db::SaveOutcome> stored =
        db::FramingRepository(m_database).save(m_framingId, edited, tr("Business metrics edited on the Compare page"));
    if (!stored) {
        m_problems->setText(tr("Not saved: %1").arg(stored.error()));
        m_problems->show();
        return false;
    }
    m_problems->hide();
    Q_EMIT saved(stored->version.version);
    accept();
    return true;
}

} // namespace mb::ui
