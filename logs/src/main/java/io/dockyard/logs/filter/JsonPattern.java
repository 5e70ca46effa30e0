package io.dockyard.logs.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JSON filter pattern: {@code { SELECTOR OP VALUE }} where the selector is {@code $.a.b[0]}, OP one
 * of {@code = != < > <= >=}, VALUE a quoted or bare string ({@code *} wildcards with = and !=) or a
 * number; also {@code IS TRUE|FALSE|NULL} and {@code NOT EXISTS}; combined with {@code &&},
 * {@code ||} and parentheses. A message that is not a JSON object matches no JSON pattern.
 */
final class JsonPattern implements FilterPattern {

    private sealed interface Expr permits And, Or, Cmp {
        boolean test(JsonNode root);
    }

    private record And(Expr l, Expr r) implements Expr {
        public boolean test(JsonNode root) { return l.test(root) && r.test(root); }
    }

    private record Or(Expr l, Expr r) implements Expr {
        public boolean test(JsonNode root) { return l.test(root) || r.test(root); }
    }

    /** A comparison of the node at {@code path} (names and array indexes). */
    private record Cmp(List<Object> path, String op, String text, Double number, Pattern glob) implements Expr {
        public boolean test(JsonNode root) {
            JsonNode n = root;
            for (Object step : path) {
                if (n == null) break;
                n = step instanceof Integer i ? (n.isArray() ? n.get(i) : null) : n.get((String) step);
            }
            switch (op) {
                case "NOT EXISTS": return n == null;
                case "EXISTS": return n != null;
                case "IS NULL": return n != null && n.isNull();
                case "IS TRUE": return n != null && n.isBoolean() && n.booleanValue();
                case "IS FALSE": return n != null && n.isBoolean() && !n.booleanValue();
                default: break;
            }
            if (n == null || n.isNull() || n.isContainerNode()) return false;
            if (number != null && (n.isNumber() || op.length() == 1 && !op.equals("=") || op.length() == 2 && !op.equals("!="))) {
                double v;
                if (n.isNumber()) v = n.doubleValue();
                else {
                    try {
                        v = Double.parseDouble(n.asText());
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
                int c = Double.compare(v, number);
                return switch (op) {
                    case "=" -> c == 0;
                    case "!=" -> c != 0;
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    default -> c >= 0;
                };
            }
            boolean eq = glob.matcher(n.asText()).matches();
            return op.equals("=") == eq;
        }
    }

    private final Expr expr;

    private JsonPattern(Expr expr) { this.expr = expr; }

    @Override
    public boolean matches(byte[] m, int n) {
        int i = 0;
        while (i < n && (m[i] == ' ' || m[i] == '\t' || m[i] == '\r' || m[i] == '\n')) i++;
        if (i >= n || m[i] != '{') return false;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(m, 0, n);
        } catch (IOException e) {
            return false;
        }
        return root != null && root.isObject() && expr.test(root);
    }

    static JsonPattern parse(String text) {
        Parser p = new Parser(text);
        p.expect("{");
        Expr e = p.or();
        p.expect("}");
        p.skip();
        if (p.pos < text.length()) throw p.error("unexpected text after '}'");
        return new JsonPattern(e);
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) { this.s = s; }

        FilterPattern.PatternException error(String what) {
            return new FilterPattern.PatternException("Invalid filter pattern: " + what + " at position " + pos + ".");
        }

        void skip() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        boolean peek(String t) {
            skip();
            return s.startsWith(t, pos);
        }

        void expect(String t) {
            if (!peek(t)) throw error("expected '" + t + "'");
            pos += t.length();
        }

        Expr or() {
            Expr e = and();
            while (peek("||")) {
                pos += 2;
                e = new Or(e, and());
            }
            return e;
        }

        Expr and() {
            Expr e = unary();
            while (peek("&&")) {
                pos += 2;
                e = new And(e, unary());
            }
            return e;
        }

        Expr unary() {
            if (peek("(")) {
                pos++;
                Expr e = or();
                expect(")");
                return e;
            }
            return comparison();
        }

        Expr comparison() {
            List<Object> path = selector();
            skip();
            for (String word : List.of("NOT EXISTS", "EXISTS", "IS NULL", "IS TRUE", "IS FALSE")) {
                if (matchWords(word)) return new Cmp(path, word, null, null, null);
            }
            String op;
            if (peek("!=") || peek("<=") || peek(">=")) op = s.substring(pos, pos + 2);
            else if (peek("=") || peek("<") || peek(">")) op = s.substring(pos, pos + 1);
            else throw error("expected a comparison operator");
            pos += op.length();
            skip();
            String text;
            boolean quoted = false;
            if (peek("\"")) {
                quoted = true;
                pos++;
                StringBuilder b = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) throw error("unterminated string");
                    char c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length()) b.append(s.charAt(pos++));
                    else if (c == '"') break;
                    else b.append(c);
                }
                text = b.toString();
            } else {
                int start = pos;
                while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && "(){}&|=<>!\"".indexOf(s.charAt(pos)) < 0) pos++;
                if (pos == start) throw error("expected a value");
                text = s.substring(start, pos);
            }
            Double number = null;
            if (!quoted) {
                try {
                    number = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    number = null;
                }
            }
            if (!op.equals("=") && !op.equals("!=") && number == null) throw error("'" + op + "' needs a number");
            return new Cmp(path, op, text, number, glob(text));
        }

        private boolean matchWords(String words) {
            int save = pos;
            for (String w : words.split(" ")) {
                skip();
                if (!s.regionMatches(true, pos, w, 0, w.length())) {
                    pos = save;
                    return false;
                }
                pos += w.length();
            }
            return true;
        }

        List<Object> selector() {
            skip();
            if (!peek("$")) throw error("expected a selector starting with '$'");
            pos++;
            List<Object> path = new ArrayList<>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '.') {
                    int start = ++pos;
                    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '-' || s.charAt(pos) == '@')) pos++;
                    if (pos == start) throw error("expected a field name after '.'");
                    path.add(s.substring(start, pos));
                } else if (c == '[') {
                    int close = s.indexOf(']', pos);
                    if (close < 0) throw error("unterminated '['");
                    try {
                        path.add(Integer.parseInt(s.substring(pos + 1, close).trim()));
                    } catch (NumberFormatException e) {
                        throw error("expected an array index");
                    }
                    pos = close + 1;
                } else break;
            }
            if (path.isEmpty()) throw error("expected a field after '$'");
            return path;
        }

        private static Pattern glob(String text) {
            StringBuilder re = new StringBuilder();
            for (String part : text.split("\\*", -1)) {
                if (!re.isEmpty()) re.append(".*");
                re.append(Pattern.quote(part));
            }
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        }
    }
}
