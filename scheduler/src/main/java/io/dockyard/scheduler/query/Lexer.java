package io.dockyard.scheduler.query;

import io.dockyard.scheduler.query.Token.Type;

/**
 * Splits an expression into tokens on demand, with one token of look-ahead. Patterns after
 * {@code =~} are read raw by {@link #pattern()}, since regular expressions use the characters that
 * otherwise separate tokens.
 */
final class Lexer {
    private static final String BREAKS = "()[],'\"&|=!<>~";

    private final String text;
    private int at;
    private Token peeked;

    Lexer(String text) { this.text = text; }

    /** The next token without consuming it. */
    Token peek() {
        if (peeked == null) peeked = read();
        return peeked;
    }

    /** The next token, consumed. */
    Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    /** A raw pattern: quoted, or everything up to whitespace less closing parentheses it does not open. */
    Token pattern() {
        if (peeked != null) throw new IllegalStateException("pattern() after peek()");
        skipSpace();
        int start = at;
        if (at >= text.length()) return new Token(Type.END, "", at);
        char c = text.charAt(at);
        if (c == '\'' || c == '"') return quoted(c);
        while (at < text.length() && !Character.isWhitespace(text.charAt(at))) at++;
        while (at > start + 1 && text.charAt(at - 1) == ')' && unbalancedClose(text.substring(start, at))) at--;
        return new Token(Type.WORD, text.substring(start, at), start);
    }

    private static boolean unbalancedClose(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        return depth < 0;
    }

    private Token read() {
        skipSpace();
        int start = at;
        if (at >= text.length()) return new Token(Type.END, "", at);
        char c = text.charAt(at);
        String two = at + 1 < text.length() ? text.substring(at, at + 2) : "";
        switch (c) {
            case '(' -> { return single(Type.LPAREN); }
            case ')' -> { return single(Type.RPAREN); }
            case '[' -> { return single(Type.LBRACKET); }
            case ']' -> { return single(Type.RBRACKET); }
            case ',' -> { return single(Type.COMMA); }
            case '\'', '"' -> { return quoted(c); }
            default -> { }
        }
        if (two.equals("&&")) return pair(Type.AND, two);
        if (two.equals("||")) return pair(Type.OR, two);
        if (two.equals("==") || two.equals("!=") || two.equals(">=") || two.equals("<=") || two.equals("=~") || two.equals("!~")) {
            return pair(Type.OPERATOR, two);
        }
        if (c == '>' || c == '<') return single(Type.OPERATOR);
        if (c == '!') return single(Type.BANG);
        if (BREAKS.indexOf(c) >= 0) {
            throw ClusterQuery.error(text, "unexpected '" + c + "'" + (c == '=' ? " (use '==' to compare)" : ""), start);
        }
        while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && BREAKS.indexOf(text.charAt(at)) < 0) at++;
        return new Token(Type.WORD, text.substring(start, at), start);
    }

    private Token quoted(char quote) {
        int start = at;
        int end = text.indexOf(quote, at + 1);
        if (end < 0) throw ClusterQuery.error(text, "unterminated quoted value", start);
        at = end + 1;
        return new Token(Type.STRING, text.substring(start + 1, end), start);
    }

    private Token single(Type type) {
        return new Token(type, String.valueOf(text.charAt(at)), at++);
    }

    private Token pair(Type type, String s) {
        int start = at;
        at += 2;
        return new Token(type, s, start);
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }
}
