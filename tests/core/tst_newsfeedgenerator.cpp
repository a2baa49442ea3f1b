// SPDX-License-Identifier: GPL-3.0-or-later
// The demo newsfeed data set: byte-identical from a seed on every machine, with the columns the
// header documents, sensible base rates, and the conflict the seeds describe (sensational posts
// engage more and are of lower quality, so the two labels are negatively correlated).

#include "core/data/NewsfeedGenerator.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace mb::data;

namespace {

const QByteArray kHeader = "post_id,posted_at,topic,length_words,author_reputation,sensationalism,"
                           "recency_hours,has_image,quality,engagement,ad_value";

const QStringList kTopics = {QStringLiteral("politics"), QStringLiteral("sports"),    QStringLiteral("technology"),
                             QStringLiteral("science"),  QStringLiteral("lifestyle"), QStringLiteral("entertainment")};

// The CSV has no quotes, so plain splitting is a faithful parser; fields are checked strictly in
// `valuesAreInRange`, the statistics below only need the numbers.
struct Feed {
    std::vector<QList<QByteArray>> rows;
    std::vector<qint64> postedAt; // seconds since the epoch
    std::vector<QString> topic;
    std::vector<double> words, reputation, sensationalism, recency, image, quality, engagement, adValue;
};

Feed parse(const QByteArray &csv)
{
    Feed feed;
    QList<QByteArray> lines = csv.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).split(',');
        feed.rows.push_back(fields);
        if (fields.size() != 11)
            continue;
        feed.postedAt.push_back(QDateTime::fromString(QString::fromLatin1(fields[1]), Qt::ISODate).toSecsSinceEpoch());
        feed.topic.push_back(QString::fromLatin1(fields[2]));
        feed.words.push_back(fields[3].toDouble());
        feed.reputation.push_back(fields[4].toDouble());
        feed.sensationalism.push_back(fields[5].toDouble());
        feed.recency.push_back(fields[6].toDouble());
        feed.image.push_back(fields[7] == "true" ? 1.0 : 0.0);
        feed.quality.push_back(fields[8].toDouble());
        feed.engagement.push_back(fields[9].toDouble());
        feed.adValue.push_back(fields[10].toDouble());
    }
    return feed;
}

double mean(const std::vector<double> &x)
{
    double sum = 0;
    for (const double v : x)
        sum += v;
    return x.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / double(x.size());
}

// Mean of `x` over the rows where `flag` is 1 (or 0).
double meanWhere(const std::vector<double> &x, const std::vector<double> &flag, bool value)
{
    std::vector<double> picked;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if ((flag[i] != 0.0) == value)
            picked.push_back(x[i]);
    }
    return mean(picked);
}

double meanForTopic(const Feed &feed, const std::vector<double> &x, const QString &topic)
{
    std::vector<double> picked;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (feed.topic[i] == topic)
            picked.push_back(x[i]);
    }
    return mean(picked);
}

double pearson(const std::vector<double> &x, const std::vector<double> &y)
{
    const double mx = mean(x);
    const double my = mean(y);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

} // namespace

class TestNewsfeedGenerator : public QObject {
    Q_OBJECT

private:
    QByteArray m_demo;
    Feed m_feed;

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        m_demo = generateNewsfeedCsv(demoNewsfeedParameters().rows, demoNewsfeedParameters().seed);
        // Logged, not asserted: timings belong to tests/benchmarks, but the number shows here.
        qInfo("generated %d rows (%lld bytes) in %lld ms", demoNewsfeedParameters().rows, qint64(m_demo.size()),
              qint64(timer.elapsed()));
        m_feed = parse(m_demo);
    }

    void headerIsTheDocumentedColumns() { QVERIFY(m_demo.startsWith(QByteArray(kHeader + '\n'))); }

    void hasOneRowPerPostInOrder()
    {
        QVERIFY(m_demo.endsWith('\n'));
        QVERIFY(!m_demo.contains('\r'));
        QVERIFY(!m_demo.contains('"'));
        QCOMPARE(int(m_demo.count('\n')), demoNewsfeedParameters().rows + 1);
        QCOMPARE(int(m_feed.rows.size()), demoNewsfeedParameters().rows);
        for (std::size_t i = 0; i < m_feed.rows.size(); ++i) {
            QCOMPARE(int(m_feed.rows[i].size()), 11);
            QCOMPARE(m_feed.rows[i][0], QByteArray::number(qulonglong(i + 1)));
        }
    }

    void sameSeedGivesTheSameBytes()
    {
        QCOMPARE(generateNewsfeedCsv(demoNewsfeedParameters().rows, demoNewsfeedParameters().seed), m_demo);
        const QByteArray small = generateNewsfeedCsv(500, 7);
        QCOMPARE(generateNewsfeedCsv(500, 7), small);
    }

    void differentSeedGivesDifferentBytes()
    {
        const QByteArray other = generateNewsfeedCsv(demoNewsfeedParameters().rows, demoNewsfeedParameters().seed + 1);
        QCOMPARE(other.left(kHeader.size()), kHeader);
        QVERIFY(other != m_demo);
        // Not just a different tail: the first row already differs.
        QVERIFY(other.split('\n').at(1) != m_demo.split('\n').at(1));
    }

    // The demo workspace must be identical on every machine and build. This hash changes only on
    // purpose, when the generator's story is changed; then update it here and say so in the commit.
    void demoBytesMatchTheFixture()
    {
        const QByteArray hash = QCryptographicHash::hash(m_demo, QCryptographicHash::Sha256).toHex();
        QCOMPARE(hash, QByteArray("3af6225005b39d21239a948b4856292d28130a94092d74afe52ffb8346d00f7d"));
    }

    void valuesAreInRange()
    {
        static const QRegularExpression timestamp(QStringLiteral("^2026-0[1-4]-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
        static const QRegularExpression fourDecimals(QStringLiteral("^\\d+\\.\\d{4}$"));
        static const QRegularExpression twoDecimals(QStringLiteral("^\\d+\\.\\d{2}$"));
        static const QRegularExpression integer(QStringLiteral("^[1-9]\\d*$"));
        const qint64 start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
        const qint64 end = start + 90LL * 24 * 3600;
        for (const QList<QByteArray> &row : m_feed.rows) {
            const QString line = QString::fromLatin1(row.join(','));
            QVERIFY2(timestamp.match(QString::fromLatin1(row[1])).hasMatch(), qPrintable(line));
            const QDateTime posted = QDateTime::fromString(QString::fromLatin1(row[1]), Qt::ISODate);
            QVERIFY2(posted.isValid() && posted.timeSpec() == Qt::UTC, qPrintable(line));
            QVERIFY2(posted.toSecsSinceEpoch() >= start && posted.toSecsSinceEpoch() < end, qPrintable(line));
            QVERIFY2(kTopics.contains(QString::fromLatin1(row[2])), qPrintable(line));
            QVERIFY2(integer.match(QString::fromLatin1(row[3])).hasMatch(), qPrintable(line));
            QVERIFY2(row[3].toInt() >= 20 && row[3].toInt() <= 2000, qPrintable(line));
            for (const int column : {4, 5}) {
                QVERIFY2(fourDecimals.match(QString::fromLatin1(row[column])).hasMatch(), qPrintable(line));
                QVERIFY2(row[column].toDouble() >= 0.0 && row[column].toDouble() <= 1.0, qPrintable(line));
            }
            QVERIFY2(twoDecimals.match(QString::fromLatin1(row[6])).hasMatch(), qPrintable(line));
            QVERIFY2(row[6].toDouble() >= 0.0 && row[6].toDouble() <= 72.0, qPrintable(line));
            QVERIFY2(row[7] == "true" || row[7] == "false", qPrintable(line));
            QVERIFY2(row[8] == "0" || row[8] == "1", qPrintable(line));
            QVERIFY2(row[9] == "0" || row[9] == "1", qPrintable(line));
            QVERIFY2(fourDecimals.match(QString::fromLatin1(row[10])).hasMatch(), qPrintable(line));
            QVERIFY2(row[10].toDouble() > 0.0, qPrintable(line));
        }
    }

    // Ids are handed out in draft order and a post goes live up to 6 hours later: time mostly
    // increases with the id, but not always, and covers the whole 90 days.
    void postedAtFollowsThePostIdLoosely()
    {
        int inversions = 0;
        qint64 latest = m_feed.postedAt.front();
        for (std::size_t i = 1; i < m_feed.postedAt.size(); ++i) {
            if (m_feed.postedAt[i] < m_feed.postedAt[i - 1])
                ++inversions;
            QVERIFY2(latest - m_feed.postedAt[i] <= 6 * 3600, qPrintable(QString::number(i + 1)));
            latest = std::max(latest, m_feed.postedAt[i]);
        }
        QVERIFY(inversions > 0);
        QVERIFY(inversions < demoNewsfeedParameters().rows / 2);
        const auto [first, last] = std::minmax_element(m_feed.postedAt.begin(), m_feed.postedAt.end());
        QVERIFY(*last - *first > 89LL * 24 * 3600);
    }

    void everyTopicHasEnoughRows()
    {
        QHash<QString, int> counts;
        for (const QString &topic : m_feed.topic)
            ++counts[topic];
        QCOMPARE(counts.size(), kTopics.size());
        for (const QString &topic : kTopics)
            QVERIFY2(counts.value(topic) > 100, qPrintable(topic));
    }

    // The same designed properties for several seeds, so they come from the story, not from a
    // lucky seed.
    void labelsCarryTheConflict_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("demo seed") << quint64(demoNewsfeedParameters().seed);
        QTest::newRow("seed 1") << quint64(1);
        QTest::newRow("seed 2^64-1") << std::numeric_limits<quint64>::max();
    }
    void labelsCarryTheConflict()
    {
        QFETCH(quint64, seed);
        const Feed feed = seed == demoNewsfeedParameters().seed
                              ? m_feed
                              : parse(generateNewsfeedCsv(demoNewsfeedParameters().rows, seed));
        QCOMPARE(int(feed.quality.size()), demoNewsfeedParameters().rows);

        const double qualityRate = mean(feed.quality);
        const double engagementRate = mean(feed.engagement);
        QVERIFY2(qualityRate >= 0.55 && qualityRate <= 0.70, qPrintable(QString::number(qualityRate)));
        QVERIFY2(engagementRate >= 0.15 && engagementRate <= 0.35, qPrintable(QString::number(engagementRate)));

        const double engaged = meanWhere(feed.sensationalism, feed.engagement, true);
        const double notEngaged = meanWhere(feed.sensationalism, feed.engagement, false);
        const double good = meanWhere(feed.sensationalism, feed.quality, true);
        const double poor = meanWhere(feed.sensationalism, feed.quality, false);
        QVERIFY2(engaged > notEngaged + 0.1, qPrintable(QStringLiteral("%1 vs %2").arg(engaged).arg(notEngaged)));
        QVERIFY2(good < poor - 0.1, qPrintable(QStringLiteral("%1 vs %2").arg(good).arg(poor)));

        const double r = pearson(feed.quality, feed.engagement);
        qInfo("seed %llu: quality %.4f, engagement %.4f, corr(quality, engagement) %.4f", seed, qualityRate,
              engagementRate, r);
        QVERIFY2(r < -0.05, qPrintable(QString::number(r)));
    }

    void otherFeaturesMatter()
    {
        // Reputable authors write better posts.
        QVERIFY(meanWhere(m_feed.reputation, m_feed.quality, true) >
                meanWhere(m_feed.reputation, m_feed.quality, false) + 0.05);
        // Fresh posts and posts with an image engage more.
        QVERIFY(meanWhere(m_feed.recency, m_feed.engagement, true) <
                meanWhere(m_feed.recency, m_feed.engagement, false) - 2.0);
        QVERIFY(meanWhere(m_feed.engagement, m_feed.image, true) > meanWhere(m_feed.engagement, m_feed.image, false));
        // Longer posts are of better quality.
        QVERIFY(meanWhere(m_feed.words, m_feed.quality, true) > meanWhere(m_feed.words, m_feed.quality, false));
    }

    void topicsDiffer()
    {
        const auto s = [this](const char *topic) {
            return meanForTopic(m_feed, m_feed.sensationalism, QString::fromLatin1(topic));
        };
        const auto ad = [this](const char *topic) {
            return meanForTopic(m_feed, m_feed.adValue, QString::fromLatin1(topic));
        };
        for (const char *loud : {"politics", "entertainment"}) {
            for (const char *sober : {"technology", "science", "sports", "lifestyle"})
                QVERIFY2(s(loud) > s(sober),
                         qPrintable(QStringLiteral("%1 vs %2").arg(QLatin1String(loud), QLatin1String(sober))));
        }
        for (const char *rich : {"technology", "lifestyle"}) {
            for (const char *poor : {"politics", "sports", "entertainment", "science"})
                QVERIFY2(ad(rich) > ad(poor),
                         qPrintable(QStringLiteral("%1 vs %2").arg(QLatin1String(rich), QLatin1String(poor))));
        }
    }

    void theDemoParametersAreTheBundledFile()
    {
        const NewsfeedParameters &demo = demoNewsfeedParameters();
        QCOMPARE(demo.rows, 50000);
        QCOMPARE(demo.seed, std::uint64_t(20261121));
        QCOMPARE(demo.startSeconds, QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch());
        QCOMPARE(demo.spanDays, 90);
        QCOMPARE(int(demo.topics.size()), int(kTopics.size()));
        for (qsizetype i = 0; i < demo.topics.size(); ++i)
            QCOMPARE(QString::fromUtf8(demo.topics.at(i).name), kTopics.at(i));
    }

    // Another parameter file gives another data set, from the same story.
    void otherParametersShapeTheData()
    {
        NewsfeedParameters onlyScience = demoNewsfeedParameters();
        onlyScience.rows = 300;
        onlyScience.topics = {onlyScience.topics.at(3)};
        onlyScience.topics[0].share = 1.0;
        const Feed feed = parse(generateNewsfeedCsv(onlyScience));
        QCOMPARE(int(feed.rows.size()), 300);
        for (const QList<QByteArray> &row : feed.rows)
            QCOMPARE(row.at(2), QByteArray("science"));
    }

    void aBadParameterFileIsRefusedNamingTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray topics = R"("topics": [{"name": "a", "share": 1, "sensational_logit": 0, "quality_effect": 0,
            "engagement_effect": 0, "image_probability": 0.5, "median_words": 400, "ad_dollars": 0.1}])";
        const auto file = [&topics](const QByteArray &fields) -> QByteArray {
            return QByteArray(R"({"format": "metricbridge.newsfeed-generator", "format_version": 1, "rows": 10,
                "seed": 1, "start": "2026-01-01T00:00:00Z", "span_days": 90, "max_publish_delay_hours": 6,
                "recency_scale_hours": 18, "recency_max_hours": 72, )") +
                   fields + '}';
        };
        QTest::newRow("not JSON") << QByteArray("{\n  \"rows\": ,\n}") << QStringLiteral("line 2");
        QTest::newRow("wrong format") << QByteArray(R"({"format": "metricbridge.framing"})")
                                      << QStringLiteral("format");
        QTest::newRow("no topics") << file(R"("topics": [])") << QStringLiteral("topics");
        QTest::newRow("shares do not sum to 1")
            << file(QByteArray(topics).replace("\"share\": 1", "\"share\": 0.5")) << QStringLiteral("sum to 0.5");
        QTest::newRow("unknown key") << file(topics + R"(, "colour": "red")") << QStringLiteral("colour");
        QTest::newRow("unknown topic key") << file(QByteArray(topics).replace("\"name\"", "\"mood\": 1, \"name\""))
                                           << QStringLiteral("topics[0].mood");
        QTest::newRow("fractional seed") << file(topics).replace("\"seed\": 1,", "\"seed\": 1.5,")
                                         << QStringLiteral("seed");
        QTest::newRow("bad start") << file(topics).replace("2026-01-01T00:00:00Z", "yesterday")
                                   << QStringLiteral("start");
    }
    void aBadParameterFileIsRefusedNamingTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const mb::Result<NewsfeedParameters> parsed = newsfeedParametersFromJson(json);
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().contains(expected), qPrintable(parsed.error()));
    }

    void smallAndEmptyRequests_data()
    {
        QTest::addColumn<int>("rows");
        QTest::newRow("none") << 0;
        QTest::newRow("negative") << -5;
        QTest::newRow("one") << 1;
        QTest::newRow("three") << 3;
    }
    void smallAndEmptyRequests()
    {
        QFETCH(int, rows);
        const QByteArray csv = generateNewsfeedCsv(rows, demoNewsfeedParameters().seed);
        QVERIFY(csv.startsWith(QByteArray(kHeader + '\n')));
        QCOMPARE(int(csv.count('\n')), std::max(rows, 0) + 1);
        const Feed feed = parse(csv);
        for (const QList<QByteArray> &row : feed.rows)
            QCOMPARE(int(row.size()), 11);
    }
};

QTEST_GUILESS_MAIN(TestNewsfeedGenerator)
#include "tst_newsfeedgenerator.moc"
