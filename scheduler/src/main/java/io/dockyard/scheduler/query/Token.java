package io.dockyard.scheduler.query;

/** One token of an expression, with the position (0-based) where it starts. */
record Token(Type type, String text, int position) {

    /** Token types. */
    enum Type { LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, AND, OR, BANG, OPERATOR, WORD, STRING, END }

    /** Whether this token is a word equal (ignoring case) to {@code w}. */
    boolean isWord(String w) { return type == Type.WORD && text.equalsIgnoreCase(w); }

    /** How the token reads in an error message. */
    String describe() { return type == Type.END ? "the end of the expression" : "'" + text + "'"; }
}
