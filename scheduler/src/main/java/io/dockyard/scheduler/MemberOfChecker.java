package io.dockyard.scheduler;

import io.dockyard.scheduler.query.Expression;

/** The instance must satisfy a memberOf cluster query expression (reason ATTRIBUTE). */
record MemberOfChecker(Expression expression) implements FeasibilityChecker {
    @Override
    public String refusal(ClusterState state, int i) {
        return expression.test(state.subject(i)) ? null : Reasons.ATTRIBUTE;
    }
}
