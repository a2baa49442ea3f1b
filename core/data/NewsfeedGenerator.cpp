// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/NewsfeedGenerator.h"

#include "core/JsonReader.h"
#include "resources/BundledResources.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

// The generative story, one post at a time (the topics' shares and effects, the time span and the
// recency scale come from the parameter file; the coefficients below are the story itself) (draws happen in exactly
// this order, so changing it changes the demo data and its SHA-256 fixture in tst_newsfeedgenerator):
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

QByteArray generateNewsfeedCsv(const NewsfeedParameters &parameters)
{
    const int rows = parameters.rows;
    const std::int64_t start = parameters.startSeconds;
    const std::int64_t spanSeconds = std::int64_t(parameters.spanDays) * 24 * 3600;
    const std::int64_t maxPublishDelay = std::int64_t(parameters.maxPublishDelayHours) * 3600;
    const double recencyMax = parameters.recencyMaxHours;
    const QList<NewsfeedTopic> &topics = parameters.topics;
    QByteArray out;
    out.reserve(128 + qsizetype(std::max(rows, 0)) * 96);
    out.append("post_id,posted_at,topic,length_words,author_reputation,sensationalism,"
               "recency_hours,has_image,quality,engagement,ad_value\n");
    if (topics.isEmpty())
        return out; // nothing to draw a post from (newsfeedParametersFromJson refuses this)
    Rng rng(parameters.seed);
    const std::int64_t slotSpan = spanSeconds - maxPublishDelay;
    for (int i = 0; i < rows; ++i) {
        const std::int64_t drafted = start + std::int64_t(i) * slotSpan / rows;
        const std::int64_t postedAt = drafted + rng.below(std::uint32_t(maxPublishDelay));
        const double timeFraction = double(postedAt - start) / double(spanSeconds);

        const double pick = rng.uniform();
        qsizetype t = 0;
        for (double cumulative = topics[0].share; t + 1 < topics.size() && pick >= cumulative;)
            cumulative += topics[++t].share;
        const NewsfeedTopic &topic = topics[t];

        // Kumaraswamy(a = 2, b = 2) by its inverse CDF.
        const double reputation = round4(std::sqrt(1.0 - std::sqrt(1.0 - rng.uniform())));

        const double sensationalism = round4(
            sigmoid(topic.sensationalLogit - 1.6 * (reputation - 0.5) + 0.3 * timeFraction + 0.9 * rng.normal()));

        int words = 0;
        do {
            words = int(std::lround(topic.medianWords * std::exp(-0.8 * (sensationalism - 0.4) + 0.6 * rng.normal())));
        } while (words < 20 || words > 2000);

        // Exponential truncated to [0, max) by its inverse CDF.
        const double tau = parameters.recencyScaleHours;
        double recency = round2(-tau * std::log(1.0 - rng.uniform() * (1.0 - std::exp(-recencyMax / tau))));
        if (recency >= recencyMax)
            recency = round2(recencyMax - 0.01);

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

QByteArray generateNewsfeedCsv(int rows, std::uint64_t seed)
{
    NewsfeedParameters parameters = demoNewsfeedParameters();
    parameters.rows = rows;
    parameters.seed = seed;
    return generateNewsfeedCsv(parameters);
}

Result<NewsfeedParameters> newsfeedParametersFromJson(const QByteArray &json)
{
    const Result<QJsonObject> object = parseJsonObject(json);
    if (!object)
        return Error{object.error()};
    JsonObjectReader reader(*object);
    if (reader.string(QStringLiteral("format")) != QLatin1String("metricbridge.newsfeed-generator"))
        reader.fail(QStringLiteral("format"), QStringLiteral("must be \"metricbridge.newsfeed-generator\""));
    if (reader.number(QStringLiteral("format_version"), 0) != 1)
        reader.fail(QStringLiteral("format_version"), QStringLiteral("must be 1"));

    // A whole number in [minimum, 2^53], where a double is still exact. Once anything has failed
    // it returns `minimum`, so the conversions to int and uint64 below never see a value they
    // cannot hold (converting one is undefined behaviour, even on a refused file).
    const auto whole = [&reader](const QString &key, double minimum) -> double {
        const double value = reader.number(key, -1);
        if (!reader.failed() && !(value == std::floor(value) && value >= minimum && value <= 0x1.0p53))
            reader.fail(key, QStringLiteral("must be a whole number of at least %1").arg(minimum));
        return reader.failed() ? minimum : value;
    };
    NewsfeedParameters parameters;
    parameters.rows = int(std::min(whole(QStringLiteral("rows"), 0), 1e9));
    parameters.seed = std::uint64_t(whole(QStringLiteral("seed"), 0));
    const QString startText = reader.string(QStringLiteral("start"));
    const QDateTime start = QDateTime::fromString(startText, Qt::ISODate);
    if (!reader.failed() && !start.isValid())
        reader.fail(QStringLiteral("start"),
                    QStringLiteral("must be an ISO-8601 date-time such as 2026-01-01T00:00:00Z"));
    parameters.startSeconds = start.toSecsSinceEpoch();
    parameters.spanDays = int(std::min(whole(QStringLiteral("span_days"), 1), 36500.0));
    parameters.maxPublishDelayHours = int(std::min(whole(QStringLiteral("max_publish_delay_hours"), 0), 1e6));
    if (!reader.failed() && parameters.maxPublishDelayHours >= parameters.spanDays * 24)
        reader.fail(QStringLiteral("max_publish_delay_hours"), QStringLiteral("must be shorter than the span"));
    parameters.recencyScaleHours = reader.number(QStringLiteral("recency_scale_hours"), 0);
    parameters.recencyMaxHours = reader.number(QStringLiteral("recency_max_hours"), 0);
    if (!reader.failed() && !(parameters.recencyScaleHours > 0))
        reader.fail(QStringLiteral("recency_scale_hours"), QStringLiteral("must be positive"));
    if (!reader.failed() && !(parameters.recencyMaxHours > 0.01))
        reader.fail(QStringLiteral("recency_max_hours"), QStringLiteral("must be above 0.01"));

    double shares = 0;
    for (JsonObjectReader topicReader : reader.objectList(QStringLiteral("topics"))) {
        NewsfeedTopic topic;
        topic.name = topicReader.string(QStringLiteral("name")).toUtf8();
        topic.share = topicReader.number(QStringLiteral("share"), 0);
        topic.sensationalLogit = topicReader.number(QStringLiteral("sensational_logit"), 0);
        topic.qualityEffect = topicReader.number(QStringLiteral("quality_effect"), 0);
        topic.engagementEffect = topicReader.number(QStringLiteral("engagement_effect"), 0);
        topic.imageProbability = topicReader.number(QStringLiteral("image_probability"), 0);
        topic.medianWords = topicReader.number(QStringLiteral("median_words"), 0);
        topic.adDollars = topicReader.number(QStringLiteral("ad_dollars"), 0);
        if (!topicReader.failed() && (topic.name.isEmpty() || topic.name.contains(',') || topic.name.contains('\n')))
            topicReader.fail(QStringLiteral("name"), QStringLiteral("must be a non-empty word with no comma"));
        if (!topicReader.failed() && !(topic.share > 0))
            topicReader.fail(QStringLiteral("share"), QStringLiteral("must be positive"));
        if (!topicReader.failed() && !(topic.medianWords >= 20 && topic.medianWords <= 2000))
            topicReader.fail(QStringLiteral("median_words"), QStringLiteral("must be between 20 and 2000"));
        if (!topicReader.failed() && !(topic.adDollars > 0))
            topicReader.fail(QStringLiteral("ad_dollars"), QStringLiteral("must be positive"));
        topicReader.rejectUnknownKeys();
        shares += topic.share;
        parameters.topics.append(topic);
    }
    if (!reader.failed() && parameters.topics.isEmpty())
        reader.fail(QStringLiteral("topics"), QStringLiteral("must name at least one topic"));
    if (!reader.failed() && std::abs(shares - 1.0) > 1e-9)
        reader.fail(QStringLiteral("topics"), QStringLiteral("shares must sum to 1 (they sum to %1)").arg(shares));
    reader.rejectUnknownKeys();
    if (reader.failed())
        return Error{reader.error()};
    return parameters;
}

const NewsfeedParameters &demoNewsfeedParameters()
{
    // Bundled with the binary and pinned by tst_newsfeedgenerator: a failure here is a broken build.
    static const NewsfeedParameters parameters = [] {
        const QString path = QStringLiteral("demo/newsfeed-generator.json");
        const std::optional<QByteArray> bytes = resources::readBundledFile(path);
        if (!bytes)
            qFatal("the build bundles no %s", qPrintable(path));
        Result<NewsfeedParameters> parsed = newsfeedParametersFromJson(*bytes);
        if (!parsed)
            qFatal("the bundled %s is invalid: %s", qPrintable(path), qPrintable(parsed.error()));
        return *parsed;
    }();
    return parameters;
}

} // namespace mb::data
