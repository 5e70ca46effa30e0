package io.dockyard.scheduler;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dockyard.scheduler.Harness.failures;
import static io.dockyard.scheduler.Harness.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Feasibility stages through the harness: every rule and every failure reason. */
class FeasibilityTest {

    @Test
    void cpuRefusesWithResourceCpu() {
        Harness h = new Harness().instance("a", i -> i.cpu(256)).instance("b", i -> i.cpu(1024));
        Plan p = h.run(Requests.task(512, 128).count(3).binpack("memory"));
        assertThat(ids(p)).containsExactly("b", "b");
        assertThat(failures(p)).containsExactly("a=RESOURCE:CPU", "b=RESOURCE:CPU");
    }

    @Test
    void memoryRefusesWithResourceMemory() {
        Harness h = new Harness().instance("a", i -> i.memory(512)).task("a", "family:other", new Demand(0, 256, List.of()));
        Plan p = h.run(Requests.task(0, 512));
        assertThat(p.placements()).isEmpty();
        assertThat(failures(p)).containsExactly("a=RESOURCE:MEMORY");
    }

    @Test
    void cpuIsReportedBeforeMemory() {
        Harness h = new Harness().instance("a", i -> i.cpu(10).memory(10));
        assertThat(failures(h.run(Requests.task(100, 100)))).containsExactly("a=RESOURCE:CPU");
    }

    @Test
    void staticHostPortsAreExclusivePerProtocol() {
        Harness h = new Harness().instance("a").instance("b").instance("c")
                .task("a", "family:other", new Demand(0, 0, List.of("80/tcp")));
        Plan p = h.run(Requests.task(0, 0).ports("80/tcp").count(3).spread("instanceId"));
        assertThat(ids(p)).containsExactly("b", "c");
        assertThat(failures(p)).containsExactly("a=RESOURCE:PORTS", "b=RESOURCE:PORTS", "c=RESOURCE:PORTS");
    }

    @Test
    void reservedPortsAndUdpAreHonoured() {
        Harness h = new Harness().instance("a", i -> i.reservedTcp("22", "2375")).instance("b", i -> i.reservedUdp("53"));
        assertThat(ids(h.run(Requests.task(0, 0).ports("22/tcp").count(1)))).containsExactly("b");
        assertThat(ids(h.run(Requests.task(0, 0).ports("53/udp").count(1)))).containsExactly("a");
        assertThat(ids(h.run(Requests.task(0, 0).ports("53/tcp").count(2).spread("instanceId")))).containsExactly("a", "b");
        assertThat(failures(h.run(Requests.task(0, 0).ports("22", "53/udp")))).containsExactly("a=RESOURCE:PORTS", "b=RESOURCE:PORTS");
    }

    @Test
    void disconnectedAgentRefusesWithAgentFirst() {
        Harness h = new Harness().instance("a", i -> i.disconnected().memory(1)).instance("b", i -> i.memory(1));
        assertThat(failures(h.run(Requests.task(0, 100)))).containsExactly("a=AGENT", "b=RESOURCE:MEMORY");
    }

    @Test
    void drainingInstancesTakeNoTaskAndAreNotListed() {
        Harness h = new Harness().instance("a", i -> i.status("DRAINING")).instance("b", i -> i.memory(100));
        Plan p = h.run(Requests.task(0, 200));
        assertThat(failures(p)).containsExactly("b=RESOURCE:MEMORY");
        assertThat(ids(h.run(Requests.task(0, 50).count(2)))).containsExactly("b", "b");
    }

    @Test
    void noActiveInstanceGivesTheClusterMessage() {
        Plan empty = new Harness().run(Requests.task(1, 1));
        Plan draining = new Harness().instance("a", i -> i.status("DRAINING")).run(Requests.task(1, 1));
        for (Plan p : List.of(empty, draining)) {
            assertThat(p.hasNoContainerInstances()).isTrue();
            assertThat(p.failures().getFirst().detail()).isEqualTo("No Container Instances were found in your cluster.");
            assertThat(p.failures().getFirst().arn()).isNull();
        }
    }

    @Test
    void distinctInstanceCountsExistingTasksOfTheGroup() {
        Harness h = new Harness().instance("a").instance("b").instance("c")
                .task("b", "service:web", new Demand(0, 0, List.of()))
                .task("c", "service:other", new Demand(0, 0, List.of()));
        Plan p = h.run(Requests.task(10, 10).group("service:web").distinctInstance().count(3).binpack("memory"));
        assertThat(ids(p)).containsExactlyInAnyOrder("a", "c");
        assertThat(failures(p)).containsExactly("a=DISTINCT_INSTANCE", "b=DISTINCT_INSTANCE", "c=DISTINCT_INSTANCE");
    }

    @Test
    void memberOfSelectsByAttribute() {
        Harness h = new Harness().instance("a", i -> i.type("t2.micro")).instance("b", i -> i.type("m5.large").az("us-east-1b"))
                .instance("c", i -> i.type("g2.2xlarge").az("us-east-1d"));
        assertThat(ids(h.run(Requests.task(1, 1).count(2).memberOf("attribute:ecs.instance-type == t2.micro")))).containsExactly("a", "a");
        assertThat(ids(h.run(Requests.task(1, 1).count(4).spread("instanceId")
                .memberOf("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")))).containsExactly("a", "b", "a", "b");
        Plan p = h.run(Requests.task(1, 1).memberOf("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d"));
        assertThat(failures(p)).containsExactly("a=ATTRIBUTE", "b=ATTRIBUTE", "c=ATTRIBUTE");
    }

    @Test
    void memberOfTaskGroupAffinityAndAntiAffinity() {
        Harness h = new Harness().instance("a").instance("b").instance("c")
                .task("b", "service:production", new Demand(0, 0, List.of()))
                .task("c", "database", new Demand(0, 0, List.of()));
        assertThat(ids(h.run(Requests.task(1, 1).count(2).memberOf("task:group == service:production")))).containsExactly("b", "b");
        assertThat(ids(h.run(Requests.task(1, 1).count(4).spread("instanceId").memberOf("not(task:group == database)"))))
                .containsExactly("a", "b", "a", "b");
    }

    @Test
    void antiAffinityWithItsOwnGroupActsLikeDistinctInstance() {
        Harness h = new Harness().instance("a").instance("b");
        Plan p = h.run(Requests.task(1, 1).group("service:web").count(3).memberOf("!(task:group == service:web)"));
        assertThat(ids(p)).containsExactlyInAnyOrder("a", "b");
        assertThat(failures(p)).containsExactly("a=ATTRIBUTE", "b=ATTRIBUTE");
    }

    @Test
    void memberOfByInstanceFields() {
        Harness h = new Harness().instance("a", i -> i.registeredAt("2018-01-10T10:00:00Z").agentVersion("1.14.4"))
                .instance("b", i -> i.registeredAt("2018-03-01T10:00:00Z").agentVersion("1.20.0"));
        assertThat(ids(h.run(Requests.task(1, 1).memberOf("registeredAt < 2018-02-13")))).containsExactly("a");
        assertThat(ids(h.run(Requests.task(1, 1).memberOf("agentVersion >= 1.15")))).containsExactly("b");
        assertThat(ids(h.run(Requests.task(1, 1).memberOf("ec2InstanceId in ['i-b', 'i-z']")))).containsExactly("b");
        assertThat(ids(h.run(Requests.task(1, 1).memberOf("agentConnected == true and ec2InstanceId =~ i-a")))).containsExactly("a");
    }

    @Test
    void runningTasksCountSeesRunningTasksOnly() {
        Harness h = new Harness().instance("a").instance("b")
                .task("a", "g", new Demand(0, 0, List.of()), true)
                .task("b", "g", new Demand(0, 0, List.of()), false);
        assertThat(ids(h.run(Requests.task(1, 1).memberOf("runningTasksCount == 0")))).containsExactly("b");
    }

    @Test
    void invalidRulesAreInvalidParameters() {
        Harness h = new Harness().instance("a");
        assertThatThrownBy(() -> h.run(Requests.task(1, 1).memberOf("attribute:x = y")))
                .isInstanceOf(AwsException.class).extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidParameterException");
        assertThatThrownBy(() -> h.run(Requests.task(1, 1).binpack("disk"))).hasMessageContaining("binpack");
    }
}
