package io.dockyard.scheduler.query;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code subject operator [argument]} test. A missing subject value satisfies no positive
 * operator; each negated operator ({@code != !in !~ !exists}) is exactly the negation of its
 * positive one. {@code task:group} is many-valued: its positive operators hold when any task group
 * on the instance satisfies them.
 */
record Comparison(SubjectKind kind, String attribute, Operator operator, List<String> arguments,
                         Pattern pattern, Values.Moment moment) implements Expression {

    @Override
    public boolean test(QuerySubject s) {
        Operator op = operator.positive();
        boolean result = kind == SubjectKind.TASK_GROUP ? testGroups(s, op) : testValue(s, op);
        return operator.negated() != result;
    }

    private boolean testGroups(QuerySubject s, Operator op) {
        return switch (op) {
            case EXISTS -> !s.taskGroups().isEmpty();
            case EQUALS -> s.hasTaskGroup(arguments.getFirst());
            case IN -> arguments.stream().anyMatch(s::hasTaskGroup);
            case MATCHES -> s.taskGroups().stream().anyMatch(g -> pattern.matcher(g).matches());
            default -> throw new IllegalStateException(op + " on task:group");
        };
    }

    private boolean testValue(QuerySubject s, Operator op) {
        if (op == Operator.EXISTS) return s.hasAttribute(attribute);
        if (kind == SubjectKind.REGISTERED_AT) return testMoment(s.registeredAt(), op);
        String value = value(s);
        if (value == null) return false;
        return switch (op) {
            case EQUALS -> same(value, arguments.getFirst());
            case IN -> arguments.stream().anyMatch(a -> same(value, a));
            case MATCHES -> pattern.matcher(value).matches();
            default -> ordered(compare(value, arguments.getFirst()), op);
        };
    }

    private boolean testMoment(Instant at, Operator op) {
        if (at == null) return false;
        return ordered(moment.compareFrom(at), op);
    }

    private String value(QuerySubject s) {
        return switch (kind) {
            case ATTRIBUTE -> s.attribute(attribute);
            case EC2_INSTANCE_ID -> s.ec2InstanceId();
            case AGENT_CONNECTED -> String.valueOf(s.agentConnected());
            case AGENT_VERSION -> s.agentVersion();
            case RUNNING_TASKS_COUNT -> String.valueOf(s.runningTasksCount());
            default -> throw new IllegalStateException(kind.name());
        };
    }

    private boolean same(String value, String argument) {
        return switch (kind) {
            case AGENT_VERSION, RUNNING_TASKS_COUNT -> compare(value, argument) == 0;
            case AGENT_CONNECTED -> value.equalsIgnoreCase(argument);
            default -> value.equals(argument);
        };
    }

    private int compare(String value, String argument) {
        return kind == SubjectKind.AGENT_VERSION ? Values.compareVersions(value, argument) : Values.compareLoosely(value, argument);
    }

    private static boolean ordered(int c, Operator op) {
        return switch (op) {
            case EQUALS -> c == 0;
            case GREATER_THAN -> c > 0;
            case GREATER_THAN_EQUAL -> c >= 0;
            case LESS_THAN -> c < 0;
            case LESS_THAN_EQUAL -> c <= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    @Override
    public String toString() {
        String subject = kind == SubjectKind.ATTRIBUTE ? "attribute:" + attribute : kind.display();
        String args = switch (operator.positive()) {
            case EXISTS -> "";
            case IN -> " " + arguments;
            default -> " " + arguments.getFirst();
        };
        return subject + " " + operator.symbol() + args;
    }
}
