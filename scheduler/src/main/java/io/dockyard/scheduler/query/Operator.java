package io.dockyard.scheduler.query;

/** A comparison operator of the cluster query language, by symbol and by word. */
public enum Operator {
    EQUALS("==", "equals"),
    NOT_EQUALS("!=", "not_equals"),
    GREATER_THAN(">", "greater_than"),
    GREATER_THAN_EQUAL(">=", "greater_than_equal"),
    LESS_THAN("<", "less_than"),
    LESS_THAN_EQUAL("<=", "less_than_equal"),
    EXISTS("exists", "exists"),
    NOT_EXISTS("!exists", "not_exists"),
    IN("in", "in"),
    NOT_IN("!in", "not_in"),
    MATCHES("=~", "matches"),
    NOT_MATCHES("!~", "not_matches");

    private final String symbol;
    private final String word;

    Operator(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    /** How the operator is written with symbols ({@code ==}, {@code !in}). */
    public String symbol() { return symbol; }

    /** The operator that this one negates, or itself when it is not a negation. */
    public Operator positive() {
        return switch (this) {
            case NOT_EQUALS -> EQUALS;
            case NOT_EXISTS -> EXISTS;
            case NOT_IN -> IN;
            case NOT_MATCHES -> MATCHES;
            default -> this;
        };
    }

    /** Whether this operator is the negation of {@link #positive()}. */
    public boolean negated() { return positive() != this; }

    /** Whether this operator orders values ({@code > >= < <=}). */
    public boolean ordering() {
        return this == GREATER_THAN || this == GREATER_THAN_EQUAL || this == LESS_THAN || this == LESS_THAN_EQUAL;
    }

    /** The operator written as a symbol ({@code ==}), or null. */
    static Operator bySymbol(String s) {
        for (Operator o : values()) if (o.symbol.equals(s)) return o;
        return null;
    }

    /** The operator written as a word ({@code not_equals}), case-insensitive, or null. */
    static Operator byWord(String w) {
        for (Operator o : values()) if (o.word.equalsIgnoreCase(w)) return o;
        return null;
    }
}
