// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/business/VectorisedBytecode.h"

#include <muParserBase.h>
#include <muParserBytecode.h>
#include <muParserTemplateMagic.h>

#include <algorithm>
#include <set>
#include <utility>

namespace mb::business {
namespace {

constexpr std::size_t kBlock = VectorisedBytecode::kBlock;

// muparser's multi-argument functions (sum, min, max, avg) are stored with a negative count.
// Their arguments are gathered per item into one array of at most this many; a longer list is
// left to Eval().
constexpr int kMaxListArguments = 64;
constexpr int kMaxFixedArguments = 10; // muparser's own limit for fixed-argument callbacks

// One bytecode instruction, with what it reads decoded: a variable's address becomes an input.
struct Instruction {
    mu::ECmdCode code = mu::cmUNKNOWN;
    std::size_t input = 0;                // cmVAR, cmVARMUL, cmVARPOW2..4
    double data = 0.0;                    // cmVARMUL's factor
    double data2 = 0.0;                   // cmVAL's value, cmVARMUL's offset
    mu::generic_callable_type function{}; // cmFUNC
    int argc = 0;                         // cmFUNC: >= 0 fixed, < 0 a list of -argc
};

template<typename Op>
void combine(double *left, const double *right, std::size_t m, Op op)
{
    for (std::size_t i = 0; i < m; ++i)
        left[i] = op(left[i], right[i]);
}

// out[i] = f(args[0][i], ..., args[N-1][i]); out may be args[0] (each item reads before it writes).
template<std::size_t N, std::size_t... I>
void callFixed(const mu::generic_callable_type &f, double *const *args, double *out, std::size_t m,
               std::index_sequence<I...>)
{
    for (std::size_t i = 0; i < m; ++i)
        out[i] = f.call_fun<N>(args[I][i]...);
}

template<std::size_t... N>
void callFixed(int argc, const mu::generic_callable_type &f, double *const *args, double *out, std::size_t m,
               std::index_sequence<N...>)
{
    // Picks the N equal to argc: the callback's type depends on its argument count.
    (void)((argc == int(N) ? (callFixed<N>(f, args, out, m, std::make_index_sequence<N>()), true) : false) || ...);
}

} // namespace

struct VectorisedBytecode::Program {
    std::vector<Instruction> instructions;
    std::size_t depth = 0;          // stack slots needed
    std::size_t branchDepth = 0;    // ternaries nested
    std::vector<double> stack;      // slot s of item i at [s * kBlock + i]
    std::vector<double> conditions; // per open ternary, its condition
    std::vector<double> taken;      // per open ternary, its if-branch's value

    double *slot(std::size_t s) { return stack.data() + s * kBlock; }
    void run(const double *const *inputs, std::size_t begin, std::size_t m, double *out);
};

void VectorisedBytecode::Program::run(const double *const *inputs, std::size_t begin, std::size_t m, double *out)
{
    std::size_t top = 0;  // slots in use
    std::size_t open = 0; // ternaries open
    for (const Instruction &ins : instructions) {
        switch (ins.code) {
        // Binary operators: the operand pushed first is on the left, as in muparser.
        case mu::cmLE:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a <= b); });
            break;
        case mu::cmGE:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a >= b); });
            break;
        case mu::cmNEQ:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a != b); });
            break;
        case mu::cmEQ:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a == b); });
            break;
        case mu::cmLT:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a < b); });
            break;
        case mu::cmGT:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a > b); });
            break;
        case mu::cmADD:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return a + b; });
            break;
        case mu::cmSUB:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return a - b; });
            break;
        case mu::cmMUL:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return a * b; });
            break;
        case mu::cmDIV:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return a / b; });
            break;
        case mu::cmPOW:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return mu::MathImpl<double>::Pow(a, b); });
            break;
        case mu::cmLAND:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a && b); });
            break;
        case mu::cmLOR:
            --top;
            combine(slot(top - 1), slot(top), m, [](double a, double b) { return double(a || b); });
            break;

        case mu::cmVAL:
            std::fill_n(slot(top++), m, ins.data2);
            break;
        case mu::cmVAR:
            std::copy_n(inputs[ins.input] + begin, m, slot(top++));
            break;
        case mu::cmVARMUL: {
            const double *x = inputs[ins.input] + begin;
            double *to = slot(top++);
            for (std::size_t i = 0; i < m; ++i)
                to[i] = x[i] * ins.data + ins.data2;
            break;
        }
        case mu::cmVARPOW2: {
            const double *x = inputs[ins.input] + begin;
            double *to = slot(top++);
            for (std::size_t i = 0; i < m; ++i)
                to[i] = x[i] * x[i];
            break;
        }
        case mu::cmVARPOW3: {
            const double *x = inputs[ins.input] + begin;
            double *to = slot(top++);
            for (std::size_t i = 0; i < m; ++i)
                to[i] = x[i] * x[i] * x[i];
            break;
        }
        case mu::cmVARPOW4: {
            const double *x = inputs[ins.input] + begin;
            double *to = slot(top++);
            for (std::size_t i = 0; i < m; ++i)
                to[i] = x[i] * x[i] * x[i] * x[i];
            break;
        }

        case mu::cmFUNC: {
            if (ins.argc >= 0) {
                const std::size_t argc = std::size_t(ins.argc);
                double *args[kMaxFixedArguments + 1];
                const std::size_t first = top - argc;
                for (std::size_t a = 0; a < argc; ++a)
                    args[a] = slot(first + a);
                callFixed(ins.argc, ins.function, args, slot(first), m,
                          std::make_index_sequence<kMaxFixedArguments + 1>());
                top = first + 1;
            } else {
                const std::size_t argc = std::size_t(-ins.argc);
                const std::size_t first = top - argc;
                double list[kMaxListArguments];
                double *to = slot(first);
                for (std::size_t i = 0; i < m; ++i) {
                    for (std::size_t a = 0; a < argc; ++a)
                        list[a] = slot(first + a)[i];
                    to[i] = ins.function.call_multfun(list, int(argc));
                }
                top = first + 1;
            }
            break;
        }

        // A ternary: both branches run over the block; ENDIF keeps, item by item, the one muparser
        // takes (the if-branch unless the condition is exactly 0).
        case mu::cmIF:
            --top;
            std::copy_n(slot(top), m, conditions.data() + open * kBlock);
            ++open;
            break;
        case mu::cmELSE:
            --top;
            std::copy_n(slot(top), m, taken.data() + (open - 1) * kBlock);
            break;
        case mu::cmENDIF: {
            --open;
            const double *condition = conditions.data() + open * kBlock;
            const double *ifValue = taken.data() + open * kBlock;
            double *value = slot(top - 1);
            for (std::size_t i = 0; i < m; ++i)
                value[i] = condition[i] == 0 ? value[i] : ifValue[i];
            break;
        }
        default: // compile() admits nothing else
            break;
        }
    }
    std::copy_n(slot(0), m, out);
}

VectorisedBytecode::VectorisedBytecode(std::unique_ptr<Program> program) : d(std::move(program)) {}
VectorisedBytecode::VectorisedBytecode(VectorisedBytecode &&other) noexcept = default;
VectorisedBytecode &VectorisedBytecode::operator=(VectorisedBytecode &&other) noexcept = default;
VectorisedBytecode::~VectorisedBytecode() = default;

std::optional<VectorisedBytecode> VectorisedBytecode::compile(const mu::ParserBase &parser, const double *variables,
                                                              std::size_t count)
{
    // Functions muparser must call at every evaluation (not pure): calling them for both branches
    // of a ternary would call them more often than Eval() does.
    std::set<mu::erased_fun_type> impure;
    for (const auto &entry : parser.GetFunDef())
        if (!entry.second.IsOptimizable())
            impure.insert(reinterpret_cast<mu::erased_fun_type>(entry.second.GetAddr()));

    auto program = std::make_unique<Program>();
    try {
        if (parser.GetNumResults() != 1)
            return std::nullopt; // "a, b": several results
        const mu::ParserByteCode &bytecode = parser.GetByteCode();
        const mu::SToken *token = bytecode.GetBase();
        const std::size_t size = bytecode.GetSize();
        // The depth of the stack after each instruction, tracked to size ours and to refuse any
        // program whose shape is not the one run() assumes.
        std::size_t depth = 0;
        std::size_t branches = 0;
        const auto inputOf = [&](const double *pointer) -> std::optional<std::size_t> {
            for (std::size_t s = 0; s < count; ++s)
                if (pointer == variables + s)
                    return s;
            return std::nullopt;
        };
        bool ended = false;
        for (std::size_t t = 0; t < size && !ended; ++t) {
            const mu::SToken &tok = token[t];
            Instruction instruction;
            instruction.code = tok.Cmd;
            switch (tok.Cmd) {
            case mu::cmEND:
                ended = true;
                continue;
            case mu::cmLE:
            case mu::cmGE:
            case mu::cmNEQ:
            case mu::cmEQ:
            case mu::cmLT:
            case mu::cmGT:
            case mu::cmADD:
            case mu::cmSUB:
            case mu::cmMUL:
            case mu::cmDIV:
            case mu::cmPOW:
            case mu::cmLAND:
            case mu::cmLOR:
                if (depth < 2)
                    return std::nullopt;
                --depth;
                break;
            case mu::cmVAL:
                instruction.data2 = tok.Val.data2;
                ++depth;
                break;
            case mu::cmVAR:
            case mu::cmVARPOW2:
            case mu::cmVARPOW3:
            case mu::cmVARPOW4:
            case mu::cmVARMUL: {
                const std::optional<std::size_t> input = inputOf(tok.Val.ptr);
                if (!input)
                    return std::nullopt;
                instruction.input = *input;
                instruction.data = tok.Val.data;
                instruction.data2 = tok.Val.data2;
                ++depth;
                break;
            }
            case mu::cmFUNC: {
                const int argc = tok.Fun.argc;
                if (argc > kMaxFixedArguments || argc < -kMaxListArguments || !tok.Fun.cb ||
                    impure.count(tok.Fun.cb._pRawFun))
                    return std::nullopt;
                const std::size_t consumed = std::size_t(argc >= 0 ? argc : -argc);
                if (depth < consumed)
                    return std::nullopt;
                depth = depth - consumed + 1;
                instruction.function = tok.Fun.cb;
                instruction.argc = argc;
                break;
            }
            case mu::cmIF: // pops the condition
                if (depth < 1)
                    return std::nullopt;
                --depth;
                ++branches;
                program->branchDepth = std::max(program->branchDepth, branches);
                break;
            case mu::cmELSE: // here: sets the if-branch's value aside
                if (depth < 1 || branches < 1)
                    return std::nullopt;
                --depth;
                break;
            case mu::cmENDIF: // the else-branch's value becomes the chosen one
                if (depth < 1 || branches < 1)
                    return std::nullopt;
                --branches;
                break;
            default: // strings, bulk callbacks, assignments, anything newer than this code
                return std::nullopt;
            }
            program->depth = std::max(program->depth, depth);
            program->instructions.push_back(instruction);
        }
        if (!ended || depth != 1 || branches != 0)
            return std::nullopt;
    } catch (const mu::ParserError &) {
        return std::nullopt; // no bytecode yet: the caller's Eval() reports the problem
    }
    program->stack.resize(program->depth * kBlock);
    program->conditions.resize(program->branchDepth * kBlock);
    program->taken.resize(program->branchDepth * kBlock);
    return VectorisedBytecode(std::move(program));
}

void VectorisedBytecode::evaluate(const double *const *inputs, std::size_t count, double *results)
{
    for (std::size_t begin = 0; begin < count; begin += kBlock)
        d->run(inputs, begin, std::min(kBlock, count - begin), results + begin);
}

} // namespace mb::business
