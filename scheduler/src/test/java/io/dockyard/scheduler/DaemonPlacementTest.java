package io.dockyard.scheduler;

import io.dockyard.core.model.Task;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dockyard.scheduler.Harness.failures;
import static io.dockyard.scheduler.Harness.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** DAEMON services: one task per fitting ACTIVE instance. */
class DaemonPlacementTest {

    @Test
    void placesOnEveryFittingActiveInstanceThatLacksTheTask() {
        Harness h = new Harness().instance("a").instance("b").instance("c", i -> i.memory(100)).instance("d", i -> i.status("DRAINING"))
                .instance("e", TestingInstance::disconnected).instance("f", i -> i.type("m5.large"))
                .task("b", "service:agent", new Demand(0, 256, List.of()));
        Requests r = Requests.task(0, 256).group("service:agent").memberOf("attribute:ecs.instance-type != m5.large").count(0);
        Plan plan = DaemonPlacement.place(h.snapshot(), r.build());
        assertThat(ids(plan)).containsExactly("a");
        assertThat(failures(plan)).containsExactly("c=RESOURCE:MEMORY", "e=AGENT", "f=ATTRIBUTE");
    }

    @Test
    void noActiveInstanceGivesTheClusterMessage() {
        Harness h = new Harness().instance("a", i -> i.status("DRAINING"));
        assertThat(DaemonPlacement.place(h.snapshot(), Requests.task(1, 1).build()).hasNoContainerInstances()).isTrue();
    }

    @Test
    void straysAreTasksOnInstancesThatNoLongerSatisfyTheConstraints() {
        Harness h = new Harness().instance("a", i -> i.type("t2.micro")).instance("b", i -> i.type("m5.large"))
                .task("a", "service:agent", new Demand(0, 0, List.of()))
                .task("b", "service:agent", new Demand(0, 0, List.of()))
                .task("b", "service:other", new Demand(0, 0, List.of()));
        Requests r = Requests.task(0, 0).group("service:agent").memberOf("attribute:ecs.instance-type =~ t2.*");
        List<Task> strays = DaemonPlacement.strays(h.snapshot(), r.build());
        assertThat(strays).extracting(Task::containerInstanceArn).containsExactly(TestingInstance.arn("b"));
        assertThat(strays).extracting(Task::group).containsExactly("service:agent");
    }
}
