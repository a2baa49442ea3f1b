// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/NewsfeedGenerator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

// The generative story, one post at a time (draws happen in exactly this order, so changing it
// changes the demo data and its SHA-256 fixture in tst_newsfeedgenerator):
//   topic              categorical, fixed shares (science smallest, about 11%)
//   author_reputation  Kumaraswamy(2, 2), a Beta-like bell on [0, 1] with mean about 0.53
//   sensationalism     logit-normal: topic mean (politics and entertainment high, science and
//                      technology low) minus a reputable-author effect, plus a slow upward drift
//                      over the 90 days (a click-bait arms race, so the newest posts differ a
//                      little from the oldest, as the seeds warn about stale data)
//   length_words       log-normal per topic, sensational posts shorter, resampled into 20..2000
//   recency_hours      exponential with an 18 h scale, truncated to [0, 72)
//   has_image          Bernoulli per topic, more likely for sensational posts (thumbnails)
//   quality            Bernoulli(sigmoid(reputation up, sensationalism down, depth (length) up,
//                      topic effect, unobserved craft noise))
//   engagement         Bernoulli(sigmoid(sensationalism up, freshness exp(-h/24) up, image up,
//                      small quality effect, topic effect, unobserved appeal noise))
//   ad_value           topic rate (technology and lifestyle advertisers pay most, politics
//                      least), discounted for sensational content (brand safety), log-normal noise
// So engagement and quality pull in opposite directions through sensationalism: a ranker that
// maximises clicks also promotes worse posts that earn less per click.
//
// posted_at: post ids are handed out in draft order over the 90 days and a post goes live up to
// 6 hours after its id is assigned, so posted_at mostly increases with post_id but not always
// (an ordered split by id and one by time differ slightly, as in real logs).
//
// Portability: only integer arithmetic and IEEE basic operations decide the random stream; the
// transcendental functions (exp, log, pow, cos) may differ by an ulp between C libraries, which
// is why every feature is rounded to its printed precision before the labels use it and why
// labels compare a uniform with a probability: an ulp changes a byte only with probability
// ~1e-12 per value (nudging every exp/log/cos result by one ulp either way, and building with
// clang or with FMA contraction, left the demo's SHA-256 unchanged). The test's fixture guards it.

namespace mb::data {

namespace {

// xoshiro256** (Blackman and Vigna), seeded by splitmix64: fast, small, and defined bit for bit,
// unlike the distributions of <random>, whose output differs between standard libraries.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
    {
        for (std::uint64_t &word : m_s) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // [0, 1) with 53 random bits: exact, no rounding.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    // (0, 1), safe for log().
    double uniformOpen() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }
    // Box-Muller; one value per call keeps the draw order easy to follow.
    double normal()
    {
        const double u1 = uniformOpen();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    // [0, n) by a 32x32-bit multiply (Lemire), integer only; the bias is below 2^-32 * n.
    std::uint32_t below(std::uint32_t n) { return std::uint32_t(((next() >> 32) * n) >> 32); }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> m_s{};
};

struct Topic {
    const char *name;
    double share;            // fraction of posts
    double sensationalLogit; // mean logit of sensationalism
    double qualityEffect;    // added to the quality logit
    double engagementEffect; // added to the engagement logit
    double imageProbability; // chance of an image at average sensationalism
    double medianWords;      // median length
    double adDollars;        // revenue per engagement for neutral content, in dollars
};

// Shares sum to 1. Sport and entertainment are short and picture-heavy; science and technology
// long, sober and valued by advertisers; politics sensational and cheap to advertise next to.
constexpr std::array<Topic, 6> kTopics{{
    {"politics", 0.19, 0.35, -0.20, 0.15, 0.45, 520, 0.09},
    {"sports", 0.18, -0.45, 0.10, 0.20, 0.70, 330, 0.14},
    {"technology", 0.17, -1.00, 0.20, -0.15, 0.50, 700, 0.34},
    {"science", 0.11, -1.35, 0.35, -0.35, 0.45, 820, 0.21},
    {"lifestyle", 0.17, -0.30, 0.00, 0.05, 0.80, 430, 0.29},
    {"entertainment", 0.18, 0.55, -0.25, 0.25, 0.75, 300, 0.12},
}};

constexpr std::int64_t kStart = 1767225600; // 2026-01-01T00:00:00Z
constexpr std::int64_t kSpanSeconds = 90LL * 24 * 3600;
constexpr std::int64_t kMaxPublishDelay = 6LL * 3600;

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

// Rounded to 4 (or 2) decimals, as printed: the labels see exactly the values in the file.
double round4(double x)
{
    return std::round(x * 1e4) / 1e4;
}
double round2(double x)
{
    return std::round(x * 1e2) / 1e2;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), integer only.
void appendTimestamp(QByteArray &out, std::int64_t seconds)
{
    const std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = z / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    const std::int64_t hour = rest / 3600;
    rest %= 3600;
    const auto two = [&out](std::int64_t v) { out.append(char('0' + v / 10)).append(char('0' + v % 10)); };
    out.append(QByteArray::number(year)).append('-');
    two(month);
    out.append('-');
    two(day);
    out.append('T');
    two(hour);
    out.append(':');
    two(rest / 60);
    out.append(':');
    two(rest % 60);
    out.append('Z');
}

} // namespace

QByteArray generateNewsfeedCsv(int rows, std::uint64_t seed)
{
    QByteArray out;
    out.reserve(128 + qsizetype(std::max(rows, 0)) * 96);
    out.append("post_id,posted_at,topic,length_words,author_reputation,sensationalism,"
               "recency_hours,has_image,quality,engagement,ad_value\n");
    Rng rng(seed);
    const std::int64_t slotSpan = kSpanSeconds - kMaxPublishDelay;
    for (int i = 0; i < rows; ++i) {
        const std::int64_t drafted = kStart + std::int64_t(i) * slotSpan / rows;
        const std::int64_t postedAt = drafted + rng.below(std::uint32_t(kMaxPublishDelay));
        const double timeFraction = double(postedAt - kStart) / double(kSpanSeconds);

        const double pick = rng.uniform();
        std::size_t t = 0;
        for (double cumulative = kTopics[0].share; t + 1 < kTopics.size() && pick >= cumulative;)
            cumulative += kTopics[++t].share;
        const Topic &topic = kTopics[t];

        // Kumaraswamy(a = 2, b = 2) by its inverse CDF.
        const double reputation = round4(std::sqrt(1.0 - std::sqrt(1.0 - rng.uniform())));

        const double sensationalism = round4(
            sigmoid(topic.sensationalLogit - 1.6 * (reputation - 0.5) + 0.3 * timeFraction + 0.9 * rng.normal()));

        int words = 0;
        do {
            words = int(std::lround(topic.medianWords * std::exp(-0.8 * (sensationalism - 0.4) + 0.6 * rng.normal())));
        } while (words < 20 || words > 2000);

        // Exponential (scale 18 h) truncated to [0, 72) by its inverse CDF.
        const double tau = 18.0;
        double recency = round2(-tau * std::log(1.0 - rng.uniform() * (1.0 - std::exp(-72.0 / tau))));
        if (recency >= 72.0)
            recency = 71.99;

        const bool hasImage = rng.uniform() < topic.imageProbability + 0.3 * (sensationalism - 0.4);

        const double depth = std::log(words / 400.0);
        const double qualityLogit = 0.75 + 3.0 * (reputation - 0.5) - 3.5 * (sensationalism - 0.4) +
                                    topic.qualityEffect + 0.35 * depth + 0.7 * rng.normal();
        const bool quality = rng.uniform() < sigmoid(qualityLogit);

        const double engagementLogit = -3.0 + 4.0 * (sensationalism - 0.4) + 1.5 * std::exp(-recency / 24.0) +
                                       0.45 * (hasImage ? 1.0 : 0.0) + 0.2 * (quality ? 1.0 : 0.0) +
                                       topic.engagementEffect - 0.2 * depth + 0.7 * rng.normal();
        const bool engagement = rng.uniform() < sigmoid(engagementLogit);

        // Never rounds to zero: the value column must stay positive.
        const double adValue =
            std::max(0.0001, round4(topic.adDollars * (1.0 - 0.45 * sensationalism) * std::exp(0.35 * rng.normal())));

        out.append(QByteArray::number(i + 1)).append(',');
        appendTimestamp(out, postedAt);
        out.append(',').append(topic.name).append(',');
        out.append(QByteArray::number(words)).append(',');
        out.append(QByteArray::number(reputation, 'f', 4)).append(',');
        out.append(QByteArray::number(sensationalism, 'f', 4)).append(',');
        out.append(QByteArray::number(recency, 'f', 2)).append(',');
        out.append(hasImage ? "true," : "false,");
        out.append(quality ? "1," : "0,");
        out.append(engagement ? "1," : "0,");
        out.append(QByteArray::number(adValue, 'f', 4)).append('\n');
    }
    return out;
}

} // namespace mb::data
