// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/query/QueryParser.h"

#include "core/query/QueryLexer.h"

#include <utility>

namespace mb::query {
namespace {

// Errors unwind the descent as an exception private to this file; parseQuery returns them as values.
struct SyntaxError {
    QString message;
};

[[noreturn]] void fail(int column, const QString &message)
{
    throw SyntaxError{QStringLiteral("col %1: %2").arg(column).arg(message)};
}

Comparator comparatorOf(const QString &op)
{
    if (op == QLatin1String("="))
        return Comparator::Equal;
    if (op == QLatin1String("!="))
        return Comparator::NotEqual;
    if (op == QLatin1String("<"))
        return Comparator::Less;
    if (op == QLatin1String("<="))
        return Comparator::LessOrEqual;
    if (op == QLatin1String(">"))
        return Comparator::Greater;
    if (op == QLatin1String(">="))
        return Comparator::GreaterOrEqual;
    if (op == QLatin1String("~"))
        return Comparator::Contains;
    return Comparator::KeyText;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    std::optional<SyntaxNode> parse()
    {
        if (peek().kind == TokenKind::End)
            return std::nullopt;
        SyntaxNode root = parseOr();
        const Token &left = peek();
        if (left.kind == TokenKind::Close)
            fail(left.column, QStringLiteral("')' closes nothing"));
        if (left.kind != TokenKind::End)
            fail(left.column, QStringLiteral("unexpected %1").arg(describeToken(left)));
        return root;
    }

private:
    const Token &peek(std::size_t ahead = 0) const
    {
        return m_tokens[std::min(m_position + ahead, m_tokens.size() - 1)];
    }
    Token take() { return m_tokens[std::min(m_position++, m_tokens.size() - 1)]; }

    static bool startsCondition(const Token &token)
    {
        return token.kind == TokenKind::Word || token.kind == TokenKind::Quoted || token.kind == TokenKind::Open ||
               token.kind == TokenKind::Not;
    }

    void expectCondition(const Token &after)
    {
        if (!startsCondition(peek()))
            fail(peek().column, QStringLiteral("expected a condition after '%1'").arg(after.text));
    }

    static SyntaxNode combine(SyntaxNode::Kind kind, std::vector<SyntaxNode> parts)
    {
        if (parts.size() == 1)
            return std::move(parts.front());
        SyntaxNode node;
        node.kind = kind;
        node.children = std::move(parts);
        return node;
    }

    SyntaxNode parseOr()
    {
        std::vector<SyntaxNode> parts;
        parts.push_back(parseAnd());
        while (peek().kind == TokenKind::Or) {
            const Token op = take();
            expectCondition(op);
            parts.push_back(parseAnd());
        }
        return combine(SyntaxNode::Kind::Or, std::move(parts));
    }

    SyntaxNode parseAnd()
    {
        std::vector<SyntaxNode> parts;
        parts.push_back(parseUnary());
        for (;;) {
            if (peek().kind == TokenKind::And) {
                const Token op = take();
                expectCondition(op);
            } else if (!startsCondition(peek())) {
                break;
            }
            parts.push_back(parseUnary());
        }
        return combine(SyntaxNode::Kind::And, std::move(parts));
    }

    SyntaxNode parseUnary()
    {
        if (peek().kind == TokenKind::Not) {
            const Token op = take();
            expectCondition(op);
            SyntaxNode node;
            node.kind = SyntaxNode::Kind::Not;
            node.children.push_back(parseUnary());
            return node;
        }
        return parsePrimary();
    }

    SyntaxNode parsePrimary()
    {
        const Token token = peek();
        switch (token.kind) {
        case TokenKind::Open: {
            take();
            if (peek().kind == TokenKind::Close)
                fail(peek().column, QStringLiteral("expected a condition inside '( )'"));
            SyntaxNode inner = parseOr();
            if (peek().kind == TokenKind::End)
                fail(token.column, QStringLiteral("'(' is not closed"));
            if (peek().kind != TokenKind::Close)
                fail(peek().column, QStringLiteral("expected ')' or 'and'/'or', got %1").arg(describeToken(peek())));
            take();
            return inner;
        }
        case TokenKind::Word:
        case TokenKind::Quoted:
            take();
            if (peek().kind == TokenKind::Operator)
                return parseComparison(token);
            return textNode(token);
        case TokenKind::Operator:
            fail(token.column, QStringLiteral("'%1' needs a field before it").arg(token.text));
        case TokenKind::Close:
            fail(token.column, QStringLiteral("')' closes nothing"));
        default:
            fail(token.column, QStringLiteral("expected a condition, got %1").arg(describeToken(token)));
        }
    }

    SyntaxNode parseComparison(const Token &field)
    {
        const Token op = take();
        const Token value = peek();
        // and/or/not are values here ("tag = not"): after an operator nothing else can follow.
        const bool isValue = value.kind == TokenKind::Word || value.kind == TokenKind::Quoted ||
                             value.kind == TokenKind::And || value.kind == TokenKind::Or ||
                             value.kind == TokenKind::Not;
        if (!isValue)
            fail(value.column, QStringLiteral("expected a value after '%1'").arg(op.text));
        take();
        SyntaxNode node;
        node.kind = SyntaxNode::Kind::Comparison;
        node.field = field.text;
        node.fieldColumn = field.column;
        node.comparator = comparatorOf(op.text);
        node.operatorText = op.text;
        node.operatorColumn = op.column;
        node.value = value.text;
        node.valueQuoted = value.kind == TokenKind::Quoted;
        node.valueColumn = value.column;
        return node;
    }

    static SyntaxNode textNode(const Token &token)
    {
        SyntaxNode node;
        node.kind = SyntaxNode::Kind::Text;
        node.value = token.text;
        node.valueQuoted = token.kind == TokenKind::Quoted;
        node.valueColumn = token.column;
        return node;
    }

    std::vector<Token> m_tokens;
    std::size_t m_position = 0;
};

} // namespace

Result<std::optional<SyntaxNode>> parseQuery(const QString &text)
{
    Result<std::vector<Token>> tokens = lexQuery(text);
    if (!tokens)
        return Error{tokens.error()};
    try {
        return Parser(std::move(tokens).value()).parse();
    } catch (const SyntaxError &error) {
        return Error{error.message};
    }
}

} // namespace mb::query
