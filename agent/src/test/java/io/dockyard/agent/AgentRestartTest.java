package io.dockyard.agent;

import io.dockyard.core.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dockyard.agent.AgentTestSupport.BUSYBOX;
import static io.dockyard.agent.AgentTestSupport.awaitStatus;
import static io.dockyard.agent.AgentTestSupport.container;
import static io.dockyard.agent.AgentTestSupport.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An agent process that goes away and comes back on the same data directory; purge and retention. */
class AgentRestartTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Map<String, Object> SLEEPER = FakeControlPlane.json("""
        {"family":"sleeper","containerDefinitions":[{"name":"app","image":"%s","essential":true,"command":["sleep","600"],"stopTimeout":1}]}
        """.formatted(BUSYBOX));

    private FakeControlPlane cp;
    private Agent agent;

    @BeforeAll
    static void image() throws Exception { AgentTestSupport.ensureTestImage(); }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.purge();
            agent.close();
        }
        if (cp != null) cp.close();
    }

    private Agent startAgent(AgentConfig config) {
        Agent a = new Agent(config, new io.dockyard.core.loop.Supervisor());
        a.start();
        return a;
    }

    @Test
    void aNewAgentOnTheSameDataDirReadoptsItsContainers() throws Exception {
        cp = new FakeControlPlane();
        Path data = AgentTestSupport.tempDir();
        agent = startAgent(AgentTestSupport.config(cp, data, "test"));
        await().atMost(START).until(() -> cp.instance("test") != null);
        String instance = cp.instance("test");
        Task keep = cp.run(instance, SLEEPER, null, "EC2");
        Task dies = cp.run(instance, SLEEPER, null, "EC2");
        String keepId = container(awaitStatus(cp, keep.taskArn(), "RUNNING", START), "app").runtimeId();
        String diesId = container(awaitStatus(cp, dies.taskArn(), "RUNNING", START), "app").runtimeId();
        String id = agent.id();
        agent.close();

        docker("kill", diesId);
        agent = startAgent(AgentTestSupport.config(cp, data, "test"));
        assertThat(agent.id()).isEqualTo(id).isEqualTo(Files.readString(data.resolve("agent-id")).trim());

        Task dead = awaitStatus(cp, dies.taskArn(), "STOPPED", START);
        assertThat(container(dead, "app").exitCode()).isEqualTo(137);
        assertThat(dead.stopCode()).isEqualTo("EssentialContainerExited");
        Task still = cp.task(keep.taskArn());
        assertThat(still.lastStatus()).isEqualTo("RUNNING");
        assertThat(docker("ps", "-aq", "--no-trunc", "--filter", "label=com.amazonaws.ecs.task-arn=" + keep.taskArn())).isEqualTo(keepId);

        cp.stop(keep.taskArn());
        Task stopped = awaitStatus(cp, keep.taskArn(), "STOPPED", START);
        assertThat(container(stopped, "app").runtimeId()).isEqualTo(keepId);
        assertThat(container(stopped, "app").exitCode()).isEqualTo(137);
    }

    @Test
    void purgeRemovesOnlyThisAgentsContainersAndRetentionRemovesStoppedOnes() throws Exception {
        cp = new FakeControlPlane();
        agent = startAgent(AgentTestSupport.config(cp, AgentTestSupport.tempDir(), "test").withRetention(Duration.ofSeconds(1)));
        await().atMost(START).until(() -> cp.instance("test") != null);
        String instance = cp.instance("test");
        String stranger = docker("run", "-d", "--label", "io.dockyard.agent=someone-else", BUSYBOX, "sleep", "600");
        try {
            Task short1 = cp.run(instance, SLEEPER, null, "EC2");
            String shortId = container(awaitStatus(cp, short1.taskArn(), "RUNNING", START), "app").runtimeId();
            cp.stop(short1.taskArn());
            awaitStatus(cp, short1.taskArn(), "STOPPED", START);
            await().atMost(Duration.ofSeconds(10)).until(() -> docker("ps", "-aq", "--filter", "id=" + shortId).isEmpty());

            Task running = cp.run(instance, SLEEPER, null, "EC2");
            String runningId = container(awaitStatus(cp, running.taskArn(), "RUNNING", START), "app").runtimeId();
            cp.reset(); // as /_dockyard/reset: the control plane forgets, then the agent purges (else its restarted loop may start the task again)
            agent.purge();
            assertThat(docker("ps", "-aq", "--filter", "label=io.dockyard.agent=" + agent.id())).isEmpty();
            assertThat(docker("ps", "-aq", "--no-trunc", "--filter", "id=" + runningId)).isEmpty();
            assertThat(docker("inspect", "-f", "{{.State.Running}}", stranger)).isEqualTo("true");
        } finally {
            docker("rm", "-f", stranger);
        }
    }

    @Test
    void localModeJoinsEveryClusterAndRunsFargateTasks() throws Exception {
        cp = new FakeControlPlane();
        cp.clusters.addAll(List.of("a", "b"));
        agent = startAgent(AgentTestSupport.config(cp, AgentTestSupport.tempDir(), null));
        await().atMost(START).until(() -> cp.instance("a") != null && cp.instance("b") != null && cp.fargateInstance() != null);
        assertThat(cp.registrations).filteredOn(r -> !r.fargate()).extracting(r -> r.instanceName()).containsOnly("local");
        assertThat(cp.registrations).filteredOn(r -> !r.fargate()).flatExtracting(r -> r.attributes())
                .extracting(a -> a.name()).contains("dockyard.local-capacity");
        Map<String, Object> fg = FakeControlPlane.json("""
            {"family":"fg","networkMode":"awsvpc","cpu":"256","memory":"512","requiresCompatibilities":["FARGATE"],
             "containerDefinitions":[{"name":"app","image":"%s","essential":true,"command":["sleep","600"],"stopTimeout":1}]}
            """.formatted(BUSYBOX));
        Task t = cp.run(cp.fargateInstance(), fg, null, "FARGATE");
        Task running = awaitStatus(cp, t.taskArn(), "RUNNING", START);
        assertThat(docker("inspect", "-f", "{{.HostConfig.NanoCpus}}", container(running, "app").runtimeId())).isEqualTo("250000000");
        cp.stop(t.taskArn());
        awaitStatus(cp, t.taskArn(), "STOPPED", START);
    }
}
