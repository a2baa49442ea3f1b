// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDoubleSpinBox>

namespace mb::ui {

// A number box that neither rounds what it is given (0.33335 stays 0.33335) nor pads it with
// zeros (0.5 reads "0.5"): a stored framing shown in the form must read back unchanged, or
// merely opening it would look like an edit.
class PreciseSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit PreciseSpinBox(QWidget *parent = nullptr) : QDoubleSpinBox(parent) { setDecimals(10); }

    QString textFromValue(double value) const override { return locale().toString(value, 'g', 12); }
};

} // namespace mb::ui
