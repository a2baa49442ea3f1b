// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/query/QueryBinding.h"

#include <QDate>
#include <QTime>

namespace mb::query {
namespace {

struct BindError {
    QString message;
};

[[noreturn]] void fail(int column, const QString &message)
{
    throw BindError{QStringLiteral("col %1: %2").arg(column).arg(message)};
}

enum class ValueType { Number, Text, Date, Boolean, Tags, Any };

struct FieldInfo {
    FieldKind kind;
    ValueType type;
};

// Seconds since the Unix epoch of a UTC date and time, without a time zone database.
double epochSeconds(const QDate &date, const QTime &time)
{
    constexpr qint64 kUnixEpochJulianDay = 2440588;
    return double(date.toJulianDay() - kUnixEpochJulianDay) * 86400.0 + time.msecsSinceStartOfDay() / 1000.0;
}

// "2026-12-01" names the whole day; "2026-12-01 10:30" (or with T) the minute, ":15" the second. UTC.
bool readDate(const QString &text, double *from, double *to)
{
    const QDate date = QDate::fromString(text.left(10), Qt::ISODate);
    if (!date.isValid() || text.size() < 10)
        return false;
    if (text.size() == 10) {
        *from = epochSeconds(date, QTime(0, 0));
        *to = *from + 86400.0;
        return true;
    }
    const QChar separator = text.at(10);
    if (separator != QLatin1Char(' ') && separator != QLatin1Char('T'))
        return false;
    const QString clock = text.mid(11);
    const bool withSeconds = clock.size() == 8;
    const QTime time = QTime::fromString(clock, withSeconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    if (!time.isValid())
        return false;
    *from = epochSeconds(date, time);
    *to = *from + (withSeconds ? 1.0 : 60.0);
    return true;
}

bool readBoolean(const QString &lowered, bool *value)
{
    static const QStringList yes{QStringLiteral("yes"), QStringLiteral("true"), QStringLiteral("on"),
                                 QStringLiteral("1")};
    static const QStringList no{QStringLiteral("no"), QStringLiteral("false"), QStringLiteral("off"),
                                QStringLiteral("0")};
    if (yes.contains(lowered))
        *value = true;
    else if (no.contains(lowered))
        *value = false;
    else
        return false;
    return true;
}

class Binder {
public:
    explicit Binder(const FieldCatalog &catalog) : m_catalog(catalog) {}

    Condition bind(const SyntaxNode &node) const
    {
        Condition condition;
        switch (node.kind) {
        case SyntaxNode::Kind::And:
        case SyntaxNode::Kind::Or:
        case SyntaxNode::Kind::Not:
            condition.kind = node.kind == SyntaxNode::Kind::And  ? Condition::Kind::And
                             : node.kind == SyntaxNode::Kind::Or ? Condition::Kind::Or
                                                                 : Condition::Kind::Not;
            for (const SyntaxNode &child : node.children)
                condition.children.push_back(bind(child));
            return condition;
        case SyntaxNode::Kind::Text:
            condition.kind = Condition::Kind::Search;
            condition.text = node.value;
            condition.lowered = node.value.toLower();
            return condition;
        case SyntaxNode::Kind::Comparison:
            return bindComparison(node);
        }
        return condition;
    }

private:
    Condition bindComparison(const SyntaxNode &node) const
    {
        Condition c;
        c.kind = Condition::Kind::Compare;
        c.text = node.value;
        c.lowered = node.value.toLower();
        const FieldInfo info = fieldOf(node, &c);
        const QString field = node.field;
        const Comparator op = node.comparator;
        const auto refuse = [&](const QString &allowed, const QString &what) {
            fail(node.operatorColumn, QStringLiteral("'%1' is %2: compare it with %3").arg(field, what, allowed));
        };
        const bool ordering = op == Comparator::Less || op == Comparator::LessOrEqual || op == Comparator::Greater ||
                              op == Comparator::GreaterOrEqual;
        switch (info.type) {
        case ValueType::Text:
        case ValueType::Tags:
            if (ordering)
                refuse(QStringLiteral("=, != or ~"),
                       info.type == ValueType::Tags ? QStringLiteral("a tag") : QStringLiteral("text"));
            // The old "status:fail" and "name:base" looked for the text inside; a tag is a whole word.
            c.comparator = op == Comparator::KeyText
                               ? (info.type == ValueType::Tags ? Comparator::Equal : Comparator::Contains)
                               : op;
            if (c.field == FieldKind::Status && c.comparator != Comparator::Contains && !m_catalog.statuses.isEmpty() &&
                !m_catalog.statuses.contains(c.lowered))
                fail(node.valueColumn, QStringLiteral("unknown status '%1' — statuses: %2")
                                           .arg(node.value, m_catalog.statuses.join(QStringLiteral(", "))));
            break;
        case ValueType::Boolean:
            if (op != Comparator::Equal && op != Comparator::NotEqual && op != Comparator::KeyText)
                refuse(QStringLiteral("= or !="), QStringLiteral("yes or no"));
            c.comparator = op == Comparator::KeyText ? Comparator::Equal : op;
            if (!readBoolean(c.lowered, &c.boolean))
                fail(node.valueColumn,
                     QStringLiteral("'%1' is yes or no: expected yes, no, true or false after '%2', got '%3'")
                         .arg(field, node.operatorText, node.value));
            c.isBoolean = true;
            break;
        case ValueType::Number: {
            if (op == Comparator::Contains)
                refuse(QStringLiteral("=, !=, <, <=, > or >="), QStringLiteral("a number"));
            c.comparator = op == Comparator::KeyText ? Comparator::Equal : op;
            QString digits = node.value;
            if (c.field == FieldKind::Id && digits.startsWith(QLatin1Char('#')))
                digits.remove(0, 1);
            c.number = digits.toDouble(&c.isNumber);
            if (!c.isNumber || node.valueQuoted)
                fail(node.valueColumn, QStringLiteral("'%1' is a number: expected a number after '%2', got '%3'")
                                           .arg(field, node.operatorText, node.value));
            break;
        }
        case ValueType::Date:
            if (op == Comparator::Contains)
                refuse(QStringLiteral("=, !=, <, <=, > or >="), QStringLiteral("a date"));
            c.comparator = op == Comparator::KeyText ? Comparator::Equal : op;
            if (!readDate(node.value, &c.from, &c.to))
                fail(node.valueColumn, QStringLiteral("'%1' is a date: expected YYYY-MM-DD after '%2', got '%3'")
                                           .arg(field, node.operatorText, node.value));
            break;
        case ValueType::Any:
            c.comparator = op == Comparator::KeyText ? Comparator::Contains : op;
            if (!node.valueQuoted)
                c.number = node.value.toDouble(&c.isNumber);
            c.isBoolean = !c.isNumber && readBoolean(c.lowered, &c.boolean);
            break;
        }
        return c;
    }

    // The field `node` names, filling the condition's field, key and config path.
    FieldInfo fieldOf(const SyntaxNode &node, Condition *c) const
    {
        const QString lowered = node.field.toLower();
        static const QList<std::pair<QString, FieldInfo>> fixed{
            {QStringLiteral("id"), {FieldKind::Id, ValueType::Number}},
            {QStringLiteral("name"), {FieldKind::Name, ValueType::Text}},
            {QStringLiteral("status"), {FieldKind::Status, ValueType::Text}},
            {QStringLiteral("model"), {FieldKind::Model, ValueType::Text}},
            {QStringLiteral("tag"), {FieldKind::Tag, ValueType::Tags}},
            {QStringLiteral("tags"), {FieldKind::Tag, ValueType::Tags}},
            {QStringLiteral("star"), {FieldKind::Star, ValueType::Boolean}},
            {QStringLiteral("starred"), {FieldKind::Star, ValueType::Boolean}},
            {QStringLiteral("note"), {FieldKind::Note, ValueType::Text}},
            {QStringLiteral("created"), {FieldKind::Created, ValueType::Date}},
            {QStringLiteral("started"), {FieldKind::Started, ValueType::Date}},
            {QStringLiteral("finished"), {FieldKind::Finished, ValueType::Date}},
        };
        for (const auto &[name, info] : fixed)
            if (name == lowered) {
                c->field = info.kind;
                return info;
            }
        if (lowered.startsWith(QLatin1String("config."))) {
            c->field = FieldKind::Config;
            c->configPath = node.field.mid(7).split(QLatin1Char('.'));
            if (c->configPath.contains(QString()))
                fail(node.fieldColumn,
                     QStringLiteral("'%1' is not a config path: name it like config.optimizer.lr").arg(node.field));
            return {FieldKind::Config, ValueType::Any};
        }
        for (const QString &name : m_catalog.numbers)
            if (name.compare(node.field, Qt::CaseInsensitive) == 0) {
                c->field = FieldKind::Number;
                c->key = name;
                return {FieldKind::Number, ValueType::Number};
            }
        for (const QString &name : m_catalog.texts)
            if (name.compare(node.field, Qt::CaseInsensitive) == 0) {
                c->field = FieldKind::Text;
                c->key = name;
                return {FieldKind::Text, ValueType::Text};
            }
        QStringList fields = fixedFieldNames();
        fields << QStringLiteral("config.<path>") << m_catalog.numbers << m_catalog.texts;
        fail(node.fieldColumn,
             QStringLiteral("unknown field '%1' — fields: %2").arg(node.field, fields.join(QStringLiteral(", "))));
    }

    const FieldCatalog &m_catalog;
};

} // namespace

Result<Condition> bindQuery(const SyntaxNode &syntax, const FieldCatalog &catalog)
{
    try {
        return Binder(catalog).bind(syntax);
    } catch (const BindError &error) {
        return Error{error.message};
    }
}

} // namespace mb::query
