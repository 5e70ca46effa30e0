package io.dockyard.scheduler.query;

import java.util.EnumSet;
import java.util.Set;

import static io.dockyard.scheduler.query.Operator.*;

/** The subjects an expression can test, each with the operators ECS allows for it. */
public enum SubjectKind {
    ATTRIBUTE("attribute:<name>", EnumSet.allOf(Operator.class)),
    TASK_GROUP("task:group", EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES, EXISTS, NOT_EXISTS)),
    EC2_INSTANCE_ID("ec2InstanceId", EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES)),
    AGENT_CONNECTED("agentConnected", EnumSet.of(EQUALS, NOT_EQUALS, IN, NOT_IN, MATCHES, NOT_MATCHES)),
    AGENT_VERSION("agentVersion", EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL)),
    REGISTERED_AT("registeredAt", EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL)),
    RUNNING_TASKS_COUNT("runningTasksCount", EnumSet.of(EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL));

    private final String display;
    private final Set<Operator> operators;

    SubjectKind(String display, Set<Operator> operators) {
        this.display = display;
        this.operators = operators;
    }

    /** The subject as written in an expression ({@code attribute:<name>} for attributes). */
    public String display() { return display; }

    /** Whether ECS accepts this operator with this subject. */
    public boolean allows(Operator o) { return operators.contains(o); }

    /** The kind of a subject word, or null when the word is no subject. */
    static SubjectKind of(String word) {
        if (word.startsWith("attribute:")) return ATTRIBUTE;
        for (SubjectKind k : values()) if (k != ATTRIBUTE && k.display.equals(word)) return k;
        return null;
    }

    /** Every subject, for error messages. */
    static String all() {
        StringBuilder b = new StringBuilder();
        for (SubjectKind k : values()) b.append(b.isEmpty() ? "" : ", ").append(k.display);
        return b.toString();
    }
}
