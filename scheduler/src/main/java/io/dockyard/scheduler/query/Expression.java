package io.dockyard.scheduler.query;

/** A parsed cluster query expression: a comparison, or comparisons joined by and / or / not. */
public sealed interface Expression permits Expression.And, Expression.Or, Expression.Not, Comparison {

    /** Whether the instance seen through {@code subject} satisfies the expression. */
    boolean test(QuerySubject subject);

    /** Both sides hold. */
    record And(Expression left, Expression right) implements Expression {
        public boolean test(QuerySubject s) { return left.test(s) && right.test(s); }
        @Override public String toString() { return "(" + left + " and " + right + ")"; }
    }

    /** Either side holds. */
    record Or(Expression left, Expression right) implements Expression {
        public boolean test(QuerySubject s) { return left.test(s) || right.test(s); }
        @Override public String toString() { return "(" + left + " or " + right + ")"; }
    }

    /** The inner expression does not hold. */
    record Not(Expression inner) implements Expression {
        public boolean test(QuerySubject s) { return !inner.test(s); }
        @Override public String toString() { return "not " + inner; }
    }
}
