package io.dockyard.scheduler.query;

import io.dockyard.core.AwsException;

/**
 * The ECS cluster query language: {@code subject operator [argument]} comparisons joined by
 * and/or/not with parentheses. Used by memberOf placement constraints and by
 * ListContainerInstances filters.
 */
public final class ClusterQuery {
    /** The longest expression ECS accepts. */
    public static final int MAX_LENGTH = 2000;

    private ClusterQuery() {}

    /** Parses an expression; throws InvalidParameterException describing the first problem. */
    public static Expression parse(String expression) {
        if (expression == null) throw AwsException.invalidParameter("A cluster query expression is required.");
        if (expression.length() > MAX_LENGTH) {
            throw AwsException.invalidParameter("The cluster query expression is longer than " + MAX_LENGTH + " characters.");
        }
        return new Parser(expression).parse();
    }

    /** Checks an expression; throws InvalidParameterException when it does not parse. */
    public static void validate(String expression) {
        parse(expression);
    }

    static AwsException error(String expression, String problem, int position) {
        return AwsException.invalidParameter("Invalid cluster query expression \"" + expression + "\": " + problem
                + " at position " + (position + 1) + ".");
    }
}
