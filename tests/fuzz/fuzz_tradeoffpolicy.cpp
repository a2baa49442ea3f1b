// SPDX-License-Identifier: GPL-3.0-or-later
// A trade-off policy file from arbitrary bytes, its checks, and the trip through its own JSON:
// a policy it reads must read back with the same settings and no differences.

#include "core/tradeoff/TradeoffPolicy.h"
#include "tests/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = (mbfuzz::quietQt(), true);
    Q_UNUSED(quiet);
    const auto policy = mb::policyFromBytes(mbfuzz::bytesOf(data, size));
    if (!policy)
        return policy.error().isEmpty() ? (std::abort(), 0) : 0; // a refusal must say why
    Q_UNUSED(mb::checkPolicy(policy->name, policy->settings, policy->metrics));
    const auto reread = mb::policyFromBytes(mb::policyToBytes(*policy));
    if (!reread || reread->settings != policy->settings || !mb::diffPolicies(*policy, *reread).isEmpty()) {
        fprintf(stderr, "a policy read does not read back: %s\n",
                reread ? "different settings" : qPrintable(reread.error()));
        std::abort();
    }
    return 0;
}
