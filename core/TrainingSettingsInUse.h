// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

namespace mb {

// A stored run config without the settings its own choices leave unused, so that a default no
// model reads is never reported as a difference between two runs (`runs diff`, Compare's diff):
//  - model: a linear model has no layers (hidden, activation, dropout, batch_norm, channels,
//    kernel); an MLP has no convolutions (channels, kernel); a CNN uses them all;
//  - losses: pos_weight is BCE's, class_weights cross-entropy's, huber_delta Huber's;
//  - alpha and beta weigh two objectives' losses, so only a two_objective_ranking run has them;
//  - optimizer.momentum is SGD's; schedule.step_size and gamma are the step schedule's.
// An external run's config (the tool's own parameters) is returned as it is.
QJsonObject trainingSettingsInUse(const QJsonObject &storedConfig);

} // namespace mb
