package io.dockyard.logs.insights;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed Logs Insights query, the subset Dockyard runs: {@code fields}/{@code display},
 * {@code filter} (comparisons, {@code like}/{@code =~} with a /regex/ or a string, {@code and},
 * {@code or}, {@code not}, parentheses), one {@code stats} (count, sum, avg, min, max ... {@code by}
 * fields), {@code sort} and {@code limit}. Filters apply before stats; sort and limit to the result.
 */
public record InsightsQuery(List<String> fields, Cond filter, List<Agg> aggregates, List<String> by, List<Sort> sort, Integer limit) {

    /** A value in a condition: a field, or a literal (string or number). */
    public sealed interface Operand permits Field, Literal {}

    public record Field(String name) implements Operand {}

    public record Literal(Object value) implements Operand {}

    /** A condition of {@code filter}. */
    public sealed interface Cond permits And, Or, Not, Compare, Like {}

    public record And(Cond left, Cond right) implements Cond {}

    public record Or(Cond left, Cond right) implements Cond {}

    public record Not(Cond inner) implements Cond {}

    public record Compare(Operand left, String op, Operand right) implements Cond {}

    public record Like(Operand left, Pattern pattern) implements Cond {}

    /** An aggregate of {@code stats}: function, field (null for {@code *}) and the output column name. */
    public record Agg(String function, String field, String name) {}

    public record Sort(String field, boolean descending) {}

    /** A query that does not compile: the API answers MalformedQueryException. */
    public static final class MalformedQuery extends IllegalArgumentException {
        public MalformedQuery(String message) { super(message); }
    }

    public boolean hasStats() { return !aggregates.isEmpty(); }

    public static InsightsQuery parse(String text) { return new InsightsParser(text).query(); }
}
