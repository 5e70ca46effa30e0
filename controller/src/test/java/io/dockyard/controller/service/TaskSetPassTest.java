package io.dockyard.controller.service;

import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A task set as the reconciler sees it: its own desired count (scale % of the service's, rounded up), its endpoints, its tasks only. */
class TaskSetPassTest {
    private static final Map<String, Object> LB = Map.of("targetGroupArn", "arn:tg-green", "containerName", "web", "containerPort", 80);

    private static Service service(int desired) {
        ServiceWorld w = new ServiceWorld(desired, 100, 200, false, false);
        return w.service.toBuilder().deployments(List.of()).build();
    }

    private static TaskSet set(double scale, String status) {
        return new TaskSet("ecs-svc/1", "arn:task-set/c/web/ecs-svc/1", "arn:svc", "arn:cluster", null, "ext", status, "td:2", "EC2", List.of(), null,
                null, List.of(LB), List.of(), scale, "STABILIZING", Instant.EPOCH, List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void theComputedDesiredCountIsTheScaleOfTheServicesRoundedUp() {
        assertThat(set(50, "ACTIVE").computedDesiredCount(3)).isEqualTo(2);
        assertThat(set(33.4, "ACTIVE").computedDesiredCount(3)).isEqualTo(2);
        assertThat(set(100, "ACTIVE").computedDesiredCount(3)).isEqualTo(3);
        assertThat(set(0, "ACTIVE").computedDesiredCount(10)).isZero();
        assertThat(set(10, "ACTIVE").computedDesiredCount(10)).isEqualTo(1);
        assertThat(set(100, "DRAINING").computedDesiredCount(10)).as("a deleted set runs nothing").isZero();
    }

    @Test
    void eachTaskSetIsReconciledAsAServiceOfItsOwn() {
        Service s = service(4);
        Service view = TaskSetPass.view(s, set(50, "ACTIVE"));
        assertThat(view.desiredCount()).isEqualTo(2);
        assertThat(view.taskDefinitionArn()).isEqualTo("td:2");
        assertThat(view.loadBalancers()).containsExactly(LB);
        assertThat(view.deployments()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("ecs-svc/1");
            assertThat(d.isPrimary()).isTrue();
        });
        ServiceReconciler r = new ServiceReconciler();
        assertThat(r.reconcile(view, List.of(), view.desiredCount(), false)).containsExactly(new Action.Start("ecs-svc/1", 2));

        List<TaskView> running = new ArrayList<>();
        for (int i = 1; i <= 2; i++) running.add(new TaskView("t" + i, "ecs-svc/1", "RUNNING", "RUNNING", true, false, null, i));
        assertThat(r.reconcile(view, running, 2, false)).as("steady").isEmpty();

        Service scaledIn = TaskSetPass.view(s, set(25, "ACTIVE"));
        assertThat(r.reconcile(scaledIn, running, scaledIn.desiredCount(), false)).singleElement()
                .isInstanceOfSatisfying(Action.Stop.class, stop -> assertThat(stop.taskArns()).containsExactly("t2"));

        Service drained = TaskSetPass.view(s, set(100, "DRAINING"));
        assertThat(r.reconcile(drained, running, drained.desiredCount(), false)).singleElement()
                .isInstanceOfSatisfying(Action.Stop.class, stop -> assertThat(stop.taskArns()).containsExactlyInAnyOrder("t1", "t2"));
    }
}
