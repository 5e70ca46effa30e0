package io.dockyard.it.ecs;

import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

import static io.dockyard.it.ecs.TaskRuns.await;
import static io.dockyard.it.ecs.TaskRuns.container;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a whole Dockyard (control plane and embedded agent) with tasks running: after a restart
 * on the same data directory the running tasks are still RUNNING on the same containers (none made
 * twice), stopped tasks keep their exit codes, and a container that exited while Dockyard was down
 * is reported STOPPED with its exit code.
 */
class AgentRecoveryIT {
    private static DockyardProcess dockyard;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess().start();
    }

    @AfterAll
    static void stop() { if (dockyard != null) dockyard.close(); }

    @Test
    void runningTasksSurviveAKill9OfDockyard() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String keep, exited, dies;
        String keepId, diesId;
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            aws.run("ecs", "create-cluster", "--cluster-name", "crash").ok();
            TaskRuns.awaitInstance(ecs, "crash");
            ecs.registerTaskDefinition(b -> b.family("long").containerDefinitions(
                    c -> c.name("app").image(Docker.BUSYBOX).memory(32).command("sleep", "600").stopTimeout(1)));
            ecs.registerTaskDefinition(b -> b.family("short").containerDefinitions(
                    c -> c.name("app").image(Docker.BUSYBOX).memory(32).command("sh", "-c", "exit 5")));
            keep = ecs.runTask(b -> b.cluster("crash").taskDefinition("long")).tasks().get(0).taskArn();
            dies = ecs.runTask(b -> b.cluster("crash").taskDefinition("long")).tasks().get(0).taskArn();
            exited = ecs.runTask(b -> b.cluster("crash").taskDefinition("short")).tasks().get(0).taskArn();
            keepId = container(await(ecs, "crash", keep, "RUNNING"), "app").runtimeId();
            diesId = container(await(ecs, "crash", dies, "RUNNING"), "app").runtimeId();
            assertThat(container(await(ecs, "crash", exited, "STOPPED"), "app").exitCode()).isEqualTo(5);
        }

        dockyard.kill9();
        assertThat(Docker.docker("kill", diesId)).as("a container dies while Dockyard is down").isNotNull();
        dockyard.start();

        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            Task dead = await(ecs, "crash", dies, "STOPPED");
            assertThat(container(dead, "app").exitCode()).isEqualTo(137);
            assertThat(dead.stopCodeAsString()).isEqualTo("EssentialContainerExited");
            Task still = ecs.describeTasks(b -> b.cluster("crash").tasks(keep)).tasks().get(0);
            assertThat(still.lastStatus()).isEqualTo("RUNNING");
            assertThat(container(still, "app").runtimeId()).isEqualTo(keepId);
            assertThat(TaskRuns.dockerIds(keep)).containsExactly(keepId);
            assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", keepId)).isEqualTo("true");
            Task old = ecs.describeTasks(b -> b.cluster("crash").tasks(exited)).tasks().get(0);
            assertThat(old.lastStatus()).isEqualTo("STOPPED");
            assertThat(container(old, "app").exitCode()).isEqualTo(5);

            ecs.stopTask(b -> b.cluster("crash").task(keep));
            Task stopped = await(ecs, "crash", keep, "STOPPED");
            assertThat(container(stopped, "app").exitCode()).isEqualTo(137);
            assertThat(TaskRuns.dockerIds(keep)).containsExactly(keepId);
        }
    }
}
