// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace mb {

// What a run's tag may be: 1 to 64 characters, no spaces or commas (a tag is one word in a query,
// `tag = baseline`, and lists of tags are written comma separated). "" when `tag` is fine, else
// the reason ("tag 'a b' has a space: tags are single words").
QString tagProblem(const QString &tag);

// Tags typed as one line ("baseline, sweep-3  lr") split at commas and spaces, duplicates
// (ignoring case) dropped, in the order typed.
QStringList splitTags(const QString &text);

} // namespace mb
