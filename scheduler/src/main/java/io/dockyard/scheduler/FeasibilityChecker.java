package io.dockyard.scheduler;

/**
 * One yes/no placement rule for one more task of a request: why instance i cannot take it (an ECS
 * failure reason from {@link Reasons}), or null when it can. A checker reads only instance i's own
 * state, so placing a task on one instance never changes another instance's answer.
 */
interface FeasibilityChecker {
    String refusal(ClusterState state, int i);
}
