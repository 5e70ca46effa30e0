package io.dockyard.scheduler.query;

import io.dockyard.scheduler.query.Token.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive descent over the cluster query grammar:
 * <pre>
 * or         := and (("or" | "||") and)*
 * and        := unary (("and" | "&&") unary)*
 * unary      := ("not" | "!") unary | "(" or ")" | comparison
 * comparison := subject operator [argument | "[" value ("," value)* "]"]
 * </pre>
 */
final class Parser {
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");

    private final String text;
    private final Lexer lexer;

    Parser(String text) {
        this.text = text;
        this.lexer = new Lexer(text);
    }

    Expression parse() {
        if (text.isBlank()) throw ClusterQuery.error(text, "the expression is empty", 0);
        Expression e = or();
        Token t = lexer.peek();
        if (t.type() != Type.END) throw error("expected 'and', 'or' or the end of the expression but found " + t.describe(), t);
        return e;
    }

    private Expression or() { return joined(this::and, Type.OR, "or", Expression.Or::new); }

    private Expression and() { return joined(this::unary, Type.AND, "and", Expression.And::new); }

    /** operand (joiner operand)*, left-associative; the joiner is a symbol or a word. */
    private Expression joined(Supplier<Expression> operand, Type symbol, String word, BinaryOperator<Expression> join) {
        Expression e = operand.get();
        while (lexer.peek().type() == symbol || lexer.peek().isWord(word)) {
            lexer.next();
            e = join.apply(e, operand.get());
        }
        return e;
    }

    private Expression unary() {
        Token t = lexer.peek();
        if (t.type() == Type.BANG || t.isWord("not")) {
            lexer.next();
            return new Expression.Not(unary());
        }
        if (t.type() == Type.LPAREN) {
            lexer.next();
            Expression e = or();
            Token close = lexer.next();
            if (close.type() != Type.RPAREN) throw error("expected ')' to close the '(' at position " + (t.position() + 1) + " but found " + close.describe(), close);
            return e;
        }
        return comparison();
    }

    private Expression comparison() {
        Token s = lexer.next();
        if (s.type() != Type.WORD) throw error("expected a subject (" + SubjectKind.all() + ") but found " + s.describe(), s);
        SubjectKind kind = SubjectKind.of(s.text());
        if (kind == null) throw error("unknown subject '" + s.text() + "'; expected one of " + SubjectKind.all(), s);
        String attribute = kind == SubjectKind.ATTRIBUTE ? s.text().substring("attribute:".length()) : null;
        if (attribute != null && !ATTRIBUTE_NAME.matcher(attribute).matches()) {
            throw error("invalid attribute name '" + attribute + "' (up to 128 letters, digits, '-', '_', '/', '\\' or '.')", s);
        }
        Token at = lexer.peek();
        Operator op = operator(s);
        if (!kind.allows(op)) throw error("operator '" + op.symbol() + "' cannot be used with " + kind.display(), at);
        return switch (op.positive()) {
            case EXISTS -> new Comparison(kind, attribute, op, List.of(), null, null);
            case IN -> new Comparison(kind, attribute, op, list(kind, op), null, null);
            case MATCHES -> matches(kind, attribute, op);
            default -> single(kind, attribute, op);
        };
    }

    private Operator operator(Token subject) {
        Token t = lexer.next();
        Operator op = switch (t.type()) {
            case OPERATOR -> Operator.bySymbol(t.text());
            case WORD -> Operator.byWord(t.text());
            case BANG -> {
                Token w = lexer.next();
                yield w.isWord("in") ? Operator.NOT_IN : w.isWord("exists") ? Operator.NOT_EXISTS : null;
            }
            default -> null;
        };
        if (op == null) throw error("expected an operator after '" + subject.text() + "' but found " + t.describe(), t);
        return op;
    }

    private Comparison single(SubjectKind kind, String attribute, Operator op) {
        Token v = value(op);
        Values.Moment moment = null;
        switch (kind) {
            case REGISTERED_AT -> {
                moment = Values.moment(v.text());
                if (moment == null) throw error("'" + v.text() + "' is not a date (use 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18)", v);
            }
            case RUNNING_TASKS_COUNT -> {
                if (!v.text().matches("\\d{1,18}")) throw error("'" + v.text() + "' is not a task count", v);
            }
            case AGENT_VERSION -> {
                if (!Values.isVersion(v.text())) throw error("'" + v.text() + "' is not an agent version (such as 1.14.5)", v);
            }
            case AGENT_CONNECTED -> {
                if (!v.text().equalsIgnoreCase("true") && !v.text().equalsIgnoreCase("false")) throw error("agentConnected compares with true or false, not '" + v.text() + "'", v);
            }
            default -> { }
        }
        return new Comparison(kind, attribute, op, List.of(v.text()), null, moment);
    }

    private List<String> list(SubjectKind kind, Operator op) {
        Token open = lexer.next();
        if (open.type() != Type.LBRACKET) throw error("expected '[' to start the list after '" + op.symbol() + "' but found " + open.describe(), open);
        List<String> values = new ArrayList<>();
        while (true) {
            Token v = value(op);
            if (kind == SubjectKind.AGENT_CONNECTED && !v.text().matches("(?i)true|false")) throw error("agentConnected compares with true or false, not '" + v.text() + "'", v);
            values.add(v.text());
            Token sep = lexer.next();
            if (sep.type() == Type.RBRACKET) return List.copyOf(values);
            if (sep.type() != Type.COMMA) throw error("expected ',' or ']' in the list but found " + sep.describe(), sep);
        }
    }

    private Comparison matches(SubjectKind kind, String attribute, Operator op) {
        Token p = lexer.pattern();
        if (p.type() == Type.END) throw error("expected a pattern after '" + op.symbol() + "'", p);
        return new Comparison(kind, attribute, op, List.of(p.text()), compile(p), null);
    }

    /** A Java regular expression matched against the whole value; a pattern that is no regular expression but uses '*' is read as a wildcard. */
    private Pattern compile(Token p) {
        try {
            return Pattern.compile(p.text());
        } catch (PatternSyntaxException e) {
            if (p.text().contains("*")) return Pattern.compile(wildcard(p.text()));
            throw error("invalid pattern '" + p.text() + "': " + e.getDescription(), p);
        }
    }

    private static String wildcard(String glob) {
        StringBuilder b = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int k = 0; k < parts.length; k++) b.append(k == 0 ? "" : ".*").append(parts[k].isEmpty() ? "" : Pattern.quote(parts[k]));
        return b.toString();
    }

    private Token value(Operator op) {
        Token v = lexer.next();
        if (v.type() != Type.WORD && v.type() != Type.STRING) throw error("expected a value after '" + op.symbol() + "' but found " + v.describe(), v);
        return v;
    }

    private RuntimeException error(String problem, Token at) {
        return ClusterQuery.error(text, problem, at.position());
    }
}
