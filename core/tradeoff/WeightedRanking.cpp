// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tradeoff/WeightedRanking.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <queue>
#include <thread>

namespace mb::tradeoff {
namespace {

// The sample of step 1: up to kSampleChunks runs of kSampleChunk consecutive items, spread evenly
// over the rows (every item when there are fewer). Runs, not single items, so that the memory
// prefetcher streams them: single items spread over 10 million rows were a cache and TLB miss
// each, 4 ms of a 16 ms budget. 65 536 items estimate the threshold closely enough that the
// candidates are a few thousand for a top 100 (and a few per cent more than k for a large k).
constexpr std::size_t kSampleChunk = 256;
constexpr std::size_t kSampleChunks = 256;

// The approximate score t of one item, all in float32: four items per SSE instruction, so the
// pass over the copies runs at the speed memory delivers them.
inline float approximateScore(float alpha, float a, float beta, float b)
{
    return alpha * a + beta * b;
}

// How many of the sample's largest t to stay below, for k of n items: the sample's expected
// share of the top k, plus four standard deviations and a constant, so that at least k items lie
// above the threshold on all but the unluckiest samples (and those are caught, not wrong).
std::size_t sampleRank(std::size_t k, std::size_t n, std::size_t sampled)
{
    const double expected = double(k) * double(sampled) / double(n);
    return std::size_t(std::ceil(expected + 4.0 * std::sqrt(expected) + 16.0));
}

} // namespace

double weightedScore(double alpha, double a, double beta, double b)
{
    return alpha * a + beta * b;
}

void weightScores(double alpha, const std::vector<double> &a, double beta, const std::vector<double> &b,
                  std::vector<double> &out)
{
    const std::size_t n = a.size();
    out.resize(n);
    const double *pa = a.data();
    const double *pb = b.data();
    double *po = out.data();
    for (std::size_t i = 0; i < n; ++i)
        po[i] = weightedScore(alpha, pa[i], beta, pb[i]);
}

WeightedRanking::WeightedRanking(std::vector<double> a, std::vector<double> b) : m_a(std::move(a)), m_b(std::move(b))
{
    const auto approximate = [](const std::vector<double> &exact, std::vector<float> &copy, double &error,
                                double &largest) {
        copy.resize(exact.size());
        bool fits = true;
        for (std::size_t i = 0; i < exact.size(); ++i) {
            const float f = float(exact[i]);
            fits = fits && std::isfinite(f);
            copy[i] = f;
            // Exact: a double and its float rounding are within a factor of 2 of each other (or
            // the float is 0), so their difference is a double (Sterbenz).
            error = std::max(error, std::abs(exact[i] - double(f)));
            largest = std::max({largest, std::abs(exact[i]), std::abs(double(f))});
        }
        return fits;
    };
    const bool aFits = approximate(m_a, m_aApprox, m_aError, m_aLargest);
    const bool bFits = approximate(m_b, m_bApprox, m_bError, m_bLargest);
    m_approximable = aFits && bFits && std::isfinite(m_aError) && std::isfinite(m_bError);
}

double WeightedRanking::errorBound(double alpha, double beta) const
{
    if (!m_approximable)
        return -1.0;
    // M bounds |alpha * a| + |beta * b| for the exact and the float values alike.
    const double magnitude = std::abs(alpha) * m_aLargest + std::abs(beta) * m_bLargest;
    // Far inside float32's range (3.4e38), so that t cannot overflow, nor the weights as floats.
    constexpr double kLargest = 1e30;
    if (!(magnitude <= kLargest && std::abs(alpha) <= kLargest && std::abs(beta) <= kLargest))
        return -1.0;
    // With v = 2^-24 (float32's unit roundoff) and u = 2^-53 (double's), t = fl(fl(a' b) + fl(b' b))
    // in float32 with a' = float(alpha), b' = float(beta), and s in double:
    //   |s - t| <= |alpha| * aError + |beta| * bError   (the float copies of a and b)
    //            + v M                                  (the weights rounded to float)
    //            + 2 (1 + v) v M                        (t's two products and its sum)
    //            + 2 (1 + u) u M                        (s's)
    //            + 3 * 2^-150                           (float products that underflow)
    // The bound is widened past that: by 2^-20 of the first term, to 2^-21 M for the rest (3 v M
    // is 2^-22.4 M), which also covers the roundings of computing E, tau and tau + E, and to
    // 2^-140 for the underflows. A wider E costs a few more candidates, never a wrong answer.
    return (std::abs(alpha) * m_aError + std::abs(beta) * m_bError) * (1.0 + 0x1p-20) + 0x1p-21 * magnitude +
           0x1p-140;
}

std::vector<std::uint32_t> WeightedRanking::exactTopKRows(double alpha, double beta, std::size_t k,
                                                          business::TopKBoundary *boundary, bool *allFinite) const
{
    std::vector<double> scores;
    weightScores(alpha, m_a, beta, m_b, scores);
    return business::topKRows(scores, k, boundary, allFinite);
}

std::vector<std::uint32_t> WeightedRanking::topKRows(double alpha, double beta, std::size_t k,
                                                     business::TopKBoundary *boundary, bool *allFinite,
                                                     int threads) const
{
    const std::size_t n = size();
    k = std::min(k, n);
    const double error = errorBound(alpha, beta);
    if (k == 0 || error < 0.0)
        return exactTopKRows(alpha, beta, k, boundary, allFinite);
    const float *a = m_aApprox.data();
    const float *b = m_bApprox.data();
    const float alphaF = float(alpha);
    const float betaF = float(beta);

    // 1. The threshold: the rank-th largest t of the sample, less 2E (the items whose t is at
    //    least that rank-th t then all have s >= it - E = tau + E, which step 3 checks for).
    double tau = -std::numeric_limits<double>::infinity();
    const std::size_t chunks = n > kSampleChunk * kSampleChunks ? kSampleChunks : 1;
    const std::size_t chunkSize = chunks > 1 ? kSampleChunk : n;
    const std::size_t sampled = chunks * chunkSize;
    const std::size_t rank = sampleRank(k, n, sampled);
    if (rank <= sampled) {
        std::priority_queue<double, std::vector<double>, std::greater<double>> largest; // the rank largest
        for (std::size_t c = 0; c < chunks; ++c) {
            const std::size_t start = chunks > 1 ? (n - chunkSize) * c / (chunks - 1) : 0;
            for (std::size_t i = start; i < start + chunkSize; ++i) {
                const double t = approximateScore(alphaF, a[i], betaF, b[i]);
                if (largest.size() < rank)
                    largest.push(t);
                else if (t > largest.top()) {
                    largest.pop();
                    largest.push(t);
                }
            }
        }
        tau = largest.top() - 2.0 * error;
    }

    // 2. The candidates, rows ascending: each thread scans its own contiguous part.
    const std::size_t parts = std::clamp<std::size_t>(std::size_t(std::max(threads, 1)), 1, 1 + n / (1 << 20));
    std::vector<std::vector<std::uint32_t>> found(parts);
    // The threshold as a float no larger than tau: t >= tauF then holds for every t >= tau.
    float tauF = float(tau);
    if (double(tauF) > tau)
        tauF = std::nextafter(tauF, -std::numeric_limits<float>::infinity());
    const auto scan = [&found, a, b, alphaF, betaF, tauF, n, parts](std::size_t part) {
        const std::size_t begin = n * part / parts;
        const std::size_t end = n * (part + 1) / parts;
        std::vector<std::uint32_t> &rows = found[part];
        constexpr std::size_t kBlock = 64;
        std::size_t i = begin;
        for (; i + kBlock <= end; i += kBlock) {
            // Most blocks hold no candidate: a count the compiler vectorises, the rows only after.
            int hits = 0;
            for (std::size_t j = 0; j < kBlock; ++j)
                hits += approximateScore(alphaF, a[i + j], betaF, b[i + j]) >= tauF;
            if (hits == 0)
                continue;
            for (std::size_t j = 0; j < kBlock; ++j)
                if (approximateScore(alphaF, a[i + j], betaF, b[i + j]) >= tauF)
                    rows.push_back(std::uint32_t(i + j));
        }
        for (; i < end; ++i)
            if (approximateScore(alphaF, a[i], betaF, b[i]) >= tauF)
                rows.push_back(std::uint32_t(i));
    };
    std::vector<std::thread> helpers;
    std::vector<std::exception_ptr> failures(parts);
    for (std::size_t part = 1; part < parts; ++part)
        helpers.emplace_back([&, part] {
            try {
                scan(part);
            } catch (...) {
                failures[part] = std::current_exception();
            }
        });
    scan(0);
    for (std::thread &helper : helpers)
        helper.join();
    for (const std::exception_ptr &failure : failures)
        if (failure)
            std::rethrow_exception(failure);
    std::vector<std::uint32_t> candidates = std::move(found[0]);
    for (std::size_t part = 1; part < parts; ++part)
        candidates.insert(candidates.end(), found[part].begin(), found[part].end());
    if (candidates.size() < k)
        return exactTopKRows(alpha, beta, k, boundary, allFinite);

    // 3. The candidates' exact scores, ranked as every item's would be; then the check.
    std::vector<double> exact(candidates.size());
    for (std::size_t c = 0; c < candidates.size(); ++c)
        exact[c] = weightedScore(alpha, m_a[candidates[c]], beta, m_b[candidates[c]]);
    business::TopKBoundary local;
    bool finite = true;
    std::vector<std::uint32_t> picked = business::topKRows(exact, k, &local, &finite);
    // Every item left out has t < tauF <= tau, so s < tau + E: if the k-th best candidate
    // reaches tau + E, no item left out ranks in the top k or ties with its boundary.
    if (!finite || !(local.score >= tau + error))
        return exactTopKRows(alpha, beta, k, boundary, allFinite);
    for (std::uint32_t &row : picked)
        row = candidates[row]; // ascending indices of ascending rows: still ascending
    if (boundary)
        *boundary = local; // every item above or tied at the boundary is a candidate
    if (allFinite)
        *allFinite = true;
    return picked;
}

} // namespace mb::tradeoff
