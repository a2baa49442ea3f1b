// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>

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
//
// The parameters (topics, time span, size and seed) are data, in the bundled
// resources/demo/newsfeed-generator.json; the generative story itself is code.

struct NewsfeedTopic {
    QByteArray name;
    double share = 0;            // fraction of posts; the topics' shares sum to 1
    double sensationalLogit = 0; // mean logit of sensationalism
    double qualityEffect = 0;    // added to the quality logit
    double engagementEffect = 0; // added to the engagement logit
    double imageProbability = 0; // chance of an image at average sensationalism
    double medianWords = 0;      // median length, in words
    double adDollars = 0;        // revenue per engagement for neutral content, in dollars
};

struct NewsfeedParameters {
    int rows = 0;
    std::uint64_t seed = 0;
    std::int64_t startSeconds = 0; // first post, seconds since 1970-01-01 UTC
    int spanDays = 0;              // posts are spread over this many days
    int maxPublishDelayHours = 0;  // a post goes live up to this long after its id is assigned
    double recencyScaleHours = 0;  // scale of the exponential recency
    double recencyMaxHours = 0;    // recency is truncated below this
    QList<NewsfeedTopic> topics;
};

// Reads the generator's parameter file ("format": "metricbridge.newsfeed-generator"); every
// problem names the field.
Result<NewsfeedParameters> newsfeedParametersFromJson(const QByteArray &json);

// The demo's parameters, read once from the bundled resources/demo/newsfeed-generator.json.
const NewsfeedParameters &demoNewsfeedParameters();

QByteArray generateNewsfeedCsv(const NewsfeedParameters &parameters);
// The demo's parameters with another size and seed.
QByteArray generateNewsfeedCsv(int rows, std::uint64_t seed);

} // namespace mb::data
