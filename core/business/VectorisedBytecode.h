// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace mu {
class ParserBase;
}

namespace mb::business {

// A compiled muparser expression run over arrays: muparser's own bytecode (its reverse Polish
// program, after its optimiser) executed one instruction at a time over a block of items, instead
// of one Parser::Eval() per item.
//
// Why: one Eval() costs ~25-30 ns an item, however short the expression, so a million items cost
// ~30 ms per expression — the whole budget of a profit curve. Running each instruction over 256
// items at once is a tight loop the compiler vectorises, ~1 ns an item for a short expression.
// muparser's own bulk mode is no way out: Debian builds it with OpenMP, and each bulk call opens
// a parallel region whose barrier waits for a second thread (~12 ms a call on a busy machine).
//
// Exactly muparser's results, to the bit, by construction: each instruction applies the same
// IEEE operation to the same operands in the same order as muparser's interpreter does for one
// item (ParserBase::ParseCmdCodeBulk in muparser 2.3), and functions are muparser's own callbacks,
// called per item. Nothing is reassociated or fused (this file is compiled with
// -ffp-contract=off, so `x * c + d` is never turned into a fused multiply-add that muparser
// does not do). A ternary `c ? x : y` evaluates both branches for every item of the block and
// keeps, per item, the branch muparser would have taken: the built-in functions are pure, and a
// NaN or infinity in the branch not taken is dropped, as muparser never computes it.
// tst_vectorisedbytecode checks every instruction and function against Parser::Eval().
//
// Bytecode it does not know — string functions, bulk callbacks, assignments, comma-separated
// results, a variable it was not told about, a function muparser may not fold because it is not
// a pure function — makes compile() return nothing, and the caller keeps one Eval() per item.
//
// Thread contract: evaluate() writes the object's scratch blocks, so one object per thread.
class VectorisedBytecode {
public:
    // The bytecode of `parser`, whose expression has been evaluated once (muparser builds the
    // bytecode on the first Eval()) and whose variables are `variables[0 .. count)`, in order:
    // variable s of the expression is input s of evaluate().
    static std::optional<VectorisedBytecode> compile(const mu::ParserBase &parser, const double *variables,
                                                     std::size_t count);

    VectorisedBytecode(VectorisedBytecode &&other) noexcept;
    VectorisedBytecode &operator=(VectorisedBytecode &&other) noexcept;
    ~VectorisedBytecode();

    // results[i] = the expression at item i, for i < count, where input s of item i is
    // inputs[s][i]. Results may be NaN or infinite, as Eval() would give them. A muparser
    // callback's exception propagates, as from Eval().
    void evaluate(const double *const *inputs, std::size_t count, double *results);

    // Items evaluated per instruction: callers that gather their inputs do it in blocks of this.
    static constexpr std::size_t kBlock = 256;

private:
    struct Program;
    explicit VectorisedBytecode(std::unique_ptr<Program> program);
    std::unique_ptr<Program> d;
};

} // namespace mb::business
