// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/data/Split.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace mb::ui {

class ColumnListField;

// The fields of a seeded split: its kind, the column it needs, the validation and test fractions
// and the seed. One editor for the import dialog (which may leave it to the default split) and for adding a
// split to a stored version, so both offer the same kinds and word problems alike.
// Thread contract: GUI thread.
class SplitSpecEditor : public QWidget {
    Q_OBJECT
public:
    // `allowNone`: offer the default split first (the import dialog: the import then makes
    // data::defaultSplit).
    explicit SplitSpecEditor(bool allowNone, QWidget *parent = nullptr);

    // The columns the kind's column may be chosen from; none: typed freely, unchecked.
    void setColumns(const QStringList &columns);
    // std::nullopt for the default split; an Error names the field to fix.
    Result<std::optional<data::SplitSpec>> spec() const;

Q_SIGNALS:
    void changed();

private:
    void updateFields();

    QStringList m_columns;
    // Owned by the widget tree.
    QComboBox *m_kind = nullptr;
    ColumnListField *m_column = nullptr;
    QDoubleSpinBox *m_validation = nullptr;
    QDoubleSpinBox *m_test = nullptr;
    QSpinBox *m_seed = nullptr;
};

} // namespace mb::ui
