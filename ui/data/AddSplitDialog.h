// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/data/Split.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;

namespace mb::ui {

class SplitSpecEditor;

// Asks for a split to add to a stored dataset version, so a version imported without one (or
// with the wrong one) needs no new import. Add does not close it: it says splitRequested and
// stays open until splitFinished; a refused split is shown in it with the fields kept.
// Thread contract: GUI thread.
class AddSplitDialog : public QDialog {
    Q_OBJECT
public:
    // `columns`: the version's columns, for the column a split needs.
    AddSplitDialog(const QString &versionName, const QStringList &columns, QWidget *parent = nullptr);

    void splitFinished(bool stored, const QString &message);

Q_SIGNALS:
    void splitRequested(const data::SplitSpec &spec);

private:
    void validate();
    void onAdd();

    // Owned by the widget tree.
    SplitSpecEditor *m_editor = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace mb::ui
