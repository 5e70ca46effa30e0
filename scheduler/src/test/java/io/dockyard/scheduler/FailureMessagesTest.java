package io.dockyard.scheduler;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service event text for a task that could not be placed. */
class FailureMessagesTest {

    @Test
    void namesTheClosestMatchingInstance() {
        Harness h = new Harness().instance("a", TestingInstance::disconnected).instance("b", i -> i.memory(10)).instance("c", i -> i.cpu(10));
        Plan plan = h.run(Requests.task(100, 100));
        assertThat(FailureMessages.serviceEvent("web", plan)).isEqualTo("(service web) was unable to place a task because no container "
                + "instance met all of its requirements. The closest matching (container-instance b) has insufficient memory available. "
                + "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
    }

    @Test
    void constraintsAndPortsHaveTheirOwnWords() {
        Plan ports = new Plan(List.of(), List.of(new Plan.Failure(TestingInstance.arn("x"), Reasons.PORTS, null)));
        assertThat(FailureMessages.serviceEvent("web", ports)).contains("(container-instance x) is already using a port required by your task.");
        Plan distinct = new Plan(List.of(), List.of(new Plan.Failure(TestingInstance.arn("x"), Reasons.CPU, null),
                new Plan.Failure(TestingInstance.arn("y"), Reasons.DISTINCT_INSTANCE, null)));
        assertThat(FailureMessages.serviceEvent("web", distinct)).contains("(container-instance y) encountered error \"DistinctInstance placement constraint unsatisfied.\"");
    }

    @Test
    void anEmptyClusterSaysSo() {
        assertThat(FailureMessages.serviceEvent("web", Plan.noContainerInstances()))
                .contains("Reason: No Container Instances were found in your cluster.");
    }

    @Test
    void aFailureWithoutAnInstanceGivesItsDetail() {
        Plan.Failure missing = new Plan.Failure(null, Reasons.MISSING, "TaskDefinition is inactive");
        assertThat(FailureMessages.serviceEvent("web", List.of(missing))).contains("Reason: TaskDefinition is inactive. For more information");
    }
}
