package io.dockyard.logs.insights;

import io.dockyard.logs.insights.InsightsQuery.Agg;
import io.dockyard.logs.insights.InsightsQuery.Cond;
import io.dockyard.logs.insights.InsightsQuery.MalformedQuery;
import io.dockyard.logs.insights.InsightsQuery.Operand;
import io.dockyard.logs.insights.InsightsQuery.Sort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Tokenizes and parses a Logs Insights query into an {@link InsightsQuery}. */
final class InsightsParser {
    private enum Kind { WORD, NUMBER, STRING, REGEX, SYMBOL, PIPE, END }

    private record Token(Kind kind, String text) {}

    private static final Set<String> FUNCTIONS = Set.of("count", "sum", "avg", "min", "max");

    private final List<Token> tokens = new ArrayList<>();
    private int at;

    InsightsParser(String text) { tokenize(text); }

    private static MalformedQuery error(String what) { return new MalformedQuery(what); }

    private void tokenize(String s) {
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|') {
                tokens.add(new Token(Kind.PIPE, "|"));
                i++;
            } else if (c == '"' || c == '\'' || c == '/' || c == '`') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = s.charAt(j++);
                    if (d == '\\' && j < n && c != '/') b.append(s.charAt(j++));
                    else if (d == '\\' && j < n) b.append(d).append(s.charAt(j++));
                    else if (d == c) {
                        closed = true;
                        break;
                    } else b.append(d);
                }
                if (!closed) throw error("unterminated " + (c == '/' ? "regular expression" : "string") + " at " + i);
                tokens.add(new Token(c == '/' ? Kind.REGEX : c == '`' ? Kind.WORD : Kind.STRING, b.toString()));
                i = j;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) j++;
                tokens.add(new Token(Kind.NUMBER, s.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '@' || c == '_' || c == '$') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || "_.@$-".indexOf(s.charAt(j)) >= 0)) j++;
                tokens.add(new Token(Kind.WORD, s.substring(i, j)));
                i = j;
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("=~")) {
                    tokens.add(new Token(Kind.SYMBOL, two));
                    i += 2;
                } else if ("=<>(),*".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                    i++;
                } else {
                    throw error("unexpected character '" + c + "' at " + i);
                }
            }
        }
        tokens.add(new Token(Kind.END, ""));
    }

    private Token peek() { return tokens.get(at); }

    private Token next() { return tokens.get(at++); }

    private boolean word(String w) {
        Token t = peek();
        if (t.kind == Kind.WORD && t.text.equalsIgnoreCase(w)) {
            at++;
            return true;
        }
        return false;
    }

    private boolean symbol(String s) {
        Token t = peek();
        if (t.kind == Kind.SYMBOL && t.text.equals(s)) {
            at++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String s) {
        if (!symbol(s)) throw error("expected '" + s + "' but found '" + peek().text + "'");
    }

    private String fieldName() {
        Token t = next();
        if (t.kind != Kind.WORD) throw error("expected a field name but found '" + t.text + "'");
        return t.text;
    }

    InsightsQuery query() {
        List<String> fields = new ArrayList<>();
        Cond filter = null;
        List<Agg> aggs = new ArrayList<>();
        List<String> by = new ArrayList<>();
        List<Sort> sort = new ArrayList<>();
        Integer limit = null;
        if (peek().kind == Kind.END) throw error("the query is empty");
        while (true) {
            Token cmd = next();
            if (cmd.kind != Kind.WORD) throw error("expected a command but found '" + cmd.text + "'");
            switch (cmd.text.toLowerCase(Locale.ROOT)) {
                case "fields", "display" -> {
                    do {
                        fields.add(fieldName());
                    } while (symbol(","));
                }
                case "filter" -> {
                    if (!aggs.isEmpty()) throw error("filter after stats is not supported");
                    Cond c = or();
                    filter = filter == null ? c : new InsightsQuery.And(filter, c);
                }
                case "stats" -> {
                    if (!aggs.isEmpty()) throw error("only one stats command is supported");
                    do {
                        aggs.add(aggregate());
                    } while (symbol(","));
                    if (word("by")) {
                        do {
                            by.add(fieldName());
                        } while (symbol(","));
                    }
                }
                case "sort" -> {
                    do {
                        String f = fieldName();
                        boolean desc = word("desc");
                        if (!desc) word("asc");
                        sort.add(new Sort(f, desc));
                    } while (symbol(","));
                }
                case "limit" -> {
                    Token t = next();
                    try {
                        limit = Integer.parseInt(t.text);
                    } catch (NumberFormatException e) {
                        throw error("limit needs a whole number");
                    }
                    if (limit < 1 || limit > 10_000) throw error("limit must be between 1 and 10000");
                }
                default -> throw error("unknown or unsupported command '" + cmd.text + "'");
            }
            Token t = next();
            if (t.kind == Kind.END) break;
            if (t.kind != Kind.PIPE) throw error("expected '|' but found '" + t.text + "'");
        }
        return new InsightsQuery(List.copyOf(fields), filter, List.copyOf(aggs), List.copyOf(by), List.copyOf(sort), limit);
    }

    private Agg aggregate() {
        Token f = next();
        String fn = f.text.toLowerCase(Locale.ROOT);
        if (f.kind != Kind.WORD || !FUNCTIONS.contains(fn)) throw error("unsupported stats function '" + f.text + "'");
        expectSymbol("(");
        String field = null;
        if (!symbol("*")) field = fieldName();
        expectSymbol(")");
        if (field == null && !fn.equals("count")) throw error(fn + "(*) is not valid");
        String name = fn + "(" + (field == null ? "*" : field) + ")";
        if (word("as")) name = fieldName();
        return new Agg(fn, field, name);
    }

    private Cond or() {
        Cond c = and();
        while (word("or")) c = new InsightsQuery.Or(c, and());
        return c;
    }

    private Cond and() {
        Cond c = unary();
        while (word("and")) c = new InsightsQuery.And(c, unary());
        return c;
    }

    private Cond unary() {
        if (word("not")) return new InsightsQuery.Not(unary());
        if (symbol("(")) {
            Cond c = or();
            expectSymbol(")");
            return c;
        }
        Operand left = operand();
        boolean negate = word("not");
        if (word("like") || (!negate && symbol("=~"))) {
            Token t = next();
            Pattern p;
            try {
                p = switch (t.kind) {
                    case REGEX -> Pattern.compile(t.text);
                    case STRING -> Pattern.compile(Pattern.quote(t.text));
                    default -> throw error("like needs a /regex/ or a string");
                };
            } catch (PatternSyntaxException e) {
                throw error("bad regular expression: " + e.getDescription());
            }
            Cond like = new InsightsQuery.Like(left, p);
            return negate ? new InsightsQuery.Not(like) : like;
        }
        if (negate) throw error("expected 'like' after 'not'");
        Token op = next();
        if (op.kind != Kind.SYMBOL || !Set.of("=", "!=", "<", ">", "<=", ">=").contains(op.text)) {
            throw error("expected a comparison but found '" + op.text + "'");
        }
        return new InsightsQuery.Compare(left, op.text, operand());
    }

    private Operand operand() {
        Token t = next();
        return switch (t.kind) {
            case WORD -> new InsightsQuery.Field(t.text);
            case STRING -> new InsightsQuery.Literal(t.text);
            case NUMBER -> {
                try {
                    yield new InsightsQuery.Literal(Double.parseDouble(t.text));
                } catch (NumberFormatException e) {
                    throw error("bad number '" + t.text + "'");
                }
            }
            default -> throw error("expected a field or a value but found '" + t.text + "'");
        };
    }
}
