package io.dockyard.api.agent;

import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.NetworkBinding;
import io.dockyard.core.model.Task;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskReportsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CI = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/i1";

    private static Task task(String lastStatus) {
        return new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/t1").clusterArn("arn:aws:ecs:us-east-1:000000000000:cluster/c")
                .containerInstanceArn(CI).lastStatus(lastStatus).desiredStatus("RUNNING").createdAt(T0).version(1)
                .containers(List.of(new Container.Builder().name("web").containerArn("arn:c/web").lastStatus("PENDING").build(),
                        new Container.Builder().name("side").containerArn("arn:c/side").lastStatus("PENDING").build()))
                .build();
    }

    private static TaskReport report(String status, List<Container> containers) {
        return new TaskReport("arn:aws:ecs:us-east-1:000000000000:task/c/t1", CI, status, containers, null, null, null, null,
                null, null, null, null, null);
    }

    private static Container running(String name, int hostPort) {
        return new Container.Builder().name(name).lastStatus("RUNNING").runtimeId("docker-" + name)
                .networkBindings(List.of(new NetworkBinding("0.0.0.0", 80, hostPort, "tcp"))).build();
    }

    @Test
    void runningReportMergesContainersAndSetsStartedAt() {
        Task t = TaskReports.apply(task("PROVISIONING"), report("RUNNING", List.of(running("web", 32768))), T0.plusSeconds(5));
        assertThat(t.lastStatus()).isEqualTo("RUNNING");
        assertThat(t.version()).isEqualTo(2);
        assertThat(t.startedAt()).isEqualTo(T0.plusSeconds(5));
        Container web = t.containers().get(0);
        assertThat(web.lastStatus()).isEqualTo("RUNNING");
        assertThat(web.runtimeId()).isEqualTo("docker-web");
        assertThat(web.networkBindings()).extracting(NetworkBinding::hostPort).containsExactly(32768);
        assertThat(web.containerArn()).isEqualTo("arn:c/web");
        assertThat(t.containers().get(1).lastStatus()).isEqualTo("PENDING");
    }

    @Test
    void staleReportNeverMovesBack() {
        Task running = TaskReports.apply(task("PROVISIONING"), report("RUNNING", List.of(running("web", 1), running("side", 2))), T0);
        Task stale = TaskReports.apply(running, report("PENDING",
                List.of(new Container.Builder().name("web").lastStatus("PENDING").build())), T0.plusSeconds(1));
        assertThat(stale).isSameAs(running);
        assertThat(stale.lastStatus()).isEqualTo("RUNNING");
        assertThat(stale.containers().get(0).lastStatus()).isEqualTo("RUNNING");
    }

    @Test
    void sameReportTwiceChangesNothing() {
        Task once = TaskReports.apply(task("PROVISIONING"), report("RUNNING", List.of(running("web", 1))), T0);
        assertThat(TaskReports.apply(once, report("RUNNING", List.of(running("web", 1))), T0.plusSeconds(9))).isSameAs(once);
    }

    private static TaskReport sequenced(String health, long sequence) {
        Container web = running("web", 1).toBuilder().healthStatus(health).build();
        return new TaskReport("arn:aws:ecs:us-east-1:000000000000:task/c/t1", CI, "RUNNING", List.of(web), null, health, null, null,
                null, null, null, null, null, sequence);
    }

    @Test
    void aRetriedReportIsAppliedOnce() {
        Task once = TaskReports.apply(task("PROVISIONING"), sequenced("HEALTHY", 7), T0);
        assertThat(once.reportSequence()).isEqualTo(7);
        assertThat(once.version()).isEqualTo(2);
        assertThat(TaskReports.apply(once, sequenced("HEALTHY", 7), T0.plusSeconds(3))).isSameAs(once);
    }

    @Test
    void anOlderReportRetriedAfterANewerOneChangesNothing() {
        Task healthy = TaskReports.apply(task("PROVISIONING"), sequenced("HEALTHY", 7), T0);
        Task unhealthy = TaskReports.apply(healthy, sequenced("UNHEALTHY", 8), T0.plusSeconds(1));
        assertThat(unhealthy.healthStatus()).isEqualTo("UNHEALTHY");
        assertThat(unhealthy.reportSequence()).isEqualTo(8);
        // the first report again, e.g. handled late by the control plane the agent failed over from
        Task after = TaskReports.apply(unhealthy, sequenced("HEALTHY", 7), T0.plusSeconds(2));
        assertThat(after).isSameAs(unhealthy);
        assertThat(after.healthStatus()).isEqualTo("UNHEALTHY");
        assertThat(after.containers().get(0).healthStatus()).isEqualTo("UNHEALTHY");
        // unsequenced, the same copy would have moved health back: the sequence is what stops it
        TaskReport copy = sequenced("HEALTHY", 7);
        TaskReport unsequenced = new TaskReport(copy.taskArn(), CI, "RUNNING", copy.containers(), null, "HEALTHY", null, null,
                null, null, null, null, null);
        assertThat(TaskReports.apply(unhealthy, unsequenced, T0.plusSeconds(2)).healthStatus()).isEqualTo("HEALTHY");
    }

    @Test
    void aReportThatChangesNothingKeepsTheVersion() {
        Task once = TaskReports.apply(task("PROVISIONING"), sequenced("HEALTHY", 7), T0);
        assertThat(TaskReports.apply(once, sequenced("HEALTHY", 9), T0.plusSeconds(1))).isSameAs(once);
    }

    @Test
    void stoppedReportStopsTaskAndKeepsUsersReason() {
        Task userStopped = task("RUNNING").toBuilder().desiredStatus("STOPPED").stopCode("UserInitiated").stoppedReason("bye").build();
        Container exited = new Container.Builder().name("web").lastStatus("STOPPED").exitCode(137).reason("killed").build();
        TaskReport r = new TaskReport(userStopped.taskArn(), CI, "STOPPED", List.of(exited), null, null,
                "EssentialContainerExited", "Essential container in task exited", null, null, null, T0.plusSeconds(3), null);
        Task t = TaskReports.apply(userStopped, r, T0.plusSeconds(4));
        assertThat(t.lastStatus()).isEqualTo("STOPPED");
        assertThat(t.desiredStatus()).isEqualTo("STOPPED");
        assertThat(t.stopCode()).isEqualTo("UserInitiated");
        assertThat(t.stoppedReason()).isEqualTo("bye");
        assertThat(t.stoppedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(t.stoppingAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(t.executionStoppedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(t.containers()).allMatch(c -> c.lastStatus().equals("STOPPED"));
        assertThat(t.containers().get(0).exitCode()).isEqualTo(137);
        assertThat(t.containers().get(0).reason()).isEqualTo("killed");
    }

    @Test
    void agentStopCodeUsedWhenNoUserStop() {
        TaskReport r = new TaskReport(task("RUNNING").taskArn(), CI, "STOPPED", List.of(), null, null,
                "EssentialContainerExited", "Essential container in task exited", null, null, null, null, null);
        Task t = TaskReports.apply(task("RUNNING"), r, T0);
        assertThat(t.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(t.executionStoppedAt()).isEqualTo(T0);
        assertThat(t.startedAt()).isNull();
    }

    @Test
    void nothingMovesAStoppedTask() {
        Task stopped = TaskReports.apply(task("RUNNING"), report("STOPPED", List.of()), T0);
        Task after = TaskReports.apply(stopped, report("RUNNING", List.of(running("web", 5))), T0.plusSeconds(1));
        assertThat(after.lastStatus()).isEqualTo("STOPPED");
        assertThat(after.containers().get(0).lastStatus()).isEqualTo("STOPPED");
    }

    @Test
    void attachmentsMergeById() {
        Task t = task("PROVISIONING").toBuilder().attachments(List.of(Map.of("id", "a1", "status", "PRECREATED"))).build();
        TaskReport r = new TaskReport(t.taskArn(), CI, "PENDING", List.of(), List.of(Map.of("id", "a1", "status", "ATTACHED")),
                null, null, null, T0, null, null, null, T0);
        Task after = TaskReports.apply(t, r, T0);
        assertThat(after.attachments()).containsExactly(Map.of("id", "a1", "status", "ATTACHED"));
        assertThat(after.pullStartedAt()).isEqualTo(T0);
    }

    @Test
    void unknownOrDeletedStatusIsRefused() {
        assertThatThrownBy(() -> TaskReports.apply(task("RUNNING"), report("DELETED", List.of()), T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskReports.apply(task("RUNNING"), report("BOGUS", List.of()), T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
