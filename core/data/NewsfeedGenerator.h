// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <cstdint>

namespace mb::data {

// The demo's newsfeed data set as CSV bytes (UTF-8, header row, LF line ends), generated from a
// seed with a portable generator, so it is byte-identical on every machine and build.
//
// One row per post. Columns, in order:
//   post_id            integer, 1..rows
//   posted_at          ISO-8601 date-time (UTC, "2026-01-05T14:03:00Z"), spread over 90 days
//   topic              one of politics, sports, technology, science, lifestyle, entertainment
//   length_words       integer 20..2000
//   author_reputation  0..1
//   sensationalism     0..1
//   recency_hours      hours between posting and being ranked, 0..72
//   has_image          true/false
//   quality            0/1, the true quality label
//   engagement         0/1, the true engagement label (clicked)
//   ad_value           ad revenue in dollars earned when the post is engaged with, > 0
// The labels carry the conflict the seeds describe: sensational posts engage more and are of
// lower quality; reputable authors write better posts; recent posts engage more. Neither label
// is a deterministic function of the features (noise), so models reach a useful but imperfect
// AUC (around 0.75-0.85), and the two labels are negatively correlated.
QByteArray generateNewsfeedCsv(int rows, std::uint64_t seed);

constexpr int kDemoNewsfeedRows = 50000;
constexpr std::uint64_t kDemoNewsfeedSeed = 20261121;

} // namespace mb::data
