package io.dockyard.agent;

import io.dockyard.core.model.Container;
import io.dockyard.core.model.NetworkBinding;
import io.dockyard.core.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.dockyard.agent.AgentTestSupport.BUSYBOX;
import static io.dockyard.agent.AgentTestSupport.awaitStatus;
import static io.dockyard.agent.AgentTestSupport.container;
import static io.dockyard.agent.AgentTestSupport.docker;
import static io.dockyard.agent.AgentTestSupport.httpGet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent against the real Docker Engine, driven by an in-test control plane. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentDockerTest {
    private static final Duration START = Duration.ofSeconds(30);
    private FakeControlPlane cp;
    private Agent agent;
    private String instance;

    @BeforeAll
    void start() throws Exception {
        AgentTestSupport.ensureTestImage();
        cp = new FakeControlPlane();
        agent = new Agent(AgentTestSupport.config(cp, AgentTestSupport.tempDir(), "test"), new io.dockyard.core.loop.Supervisor());
        agent.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> cp.instance("test") != null);
        instance = cp.instance("test");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.purge();
            agent.close();
        }
        if (cp != null) cp.close();
    }

    @Test
    void registersTheHostWithEcsAttributes() {
        var r = cp.registrations.get(0);
        assertThat(r.cluster()).isEqualTo("test");
        assertThat(r.cpu()).isEqualTo(1024L * Runtime.getRuntime().availableProcessors());
        assertThat(r.memory()).isPositive();
        assertThat(r.attributes()).extracting(a -> a.name())
                .contains("ecs.os-type", "ecs.cpu-architecture", "ecs.availability-zone", "ecs.capability.task-eni",
                        "com.amazonaws.ecs.capability.privileged-container", "com.amazonaws.ecs.capability.docker-remote-api.1.41",
                        "com.amazonaws.ecs.capability.logging-driver.json-file");
        assertThat(r.attributes()).filteredOn(a -> a.name().equals("ecs.availability-zone")).extracting(a -> a.value()).containsExactly("us-east-1a");
    }

    @Test
    void runsTwoContainersInDependencyOrderWithADynamicHostPort() throws Exception {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"web","containerDefinitions":[
              {"name":"web","image":"%s","essential":true,"memory":64,"linuxParameters":{"initProcessEnabled":true},
               "command":["sh","-c","mkdir -p /var/www; cat /shared/greeting > /var/www/greeting.txt; exec httpd -f -p 80 -h /var/www"],
               "portMappings":[{"containerPort":80,"hostPort":0}],
               "mountPoints":[{"sourceVolume":"shared","containerPath":"/shared"}],
               "dependsOn":[{"containerName":"init","condition":"SUCCESS"}],
               "environment":[{"name":"GREETING","value":"from-def"}]},
              {"name":"init","image":"%s","essential":false,
               "command":["sh","-c","sleep 0.3; echo $GREETING > /shared/greeting"],
               "environment":[{"name":"GREETING","value":"from-def"}],
               "mountPoints":[{"sourceVolume":"shared","containerPath":"/shared"}]}],
             "volumes":[{"name":"shared"}]}
            """.formatted(BUSYBOX, BUSYBOX));
        Map<String, Object> overrides = FakeControlPlane.json("""
            {"containerOverrides":[{"name":"init","environment":[{"name":"GREETING","value":"hello-override"}]}]}
            """);
        Task t = cp.run(instance, def, overrides, "EC2");
        Task running = awaitStatus(cp, t.taskArn(), "RUNNING", START);

        Container web = container(running, "web");
        Container init = container(running, "init");
        assertThat(init.lastStatus()).isEqualTo("STOPPED");
        assertThat(init.exitCode()).isZero();
        assertThat(web.lastStatus()).isEqualTo("RUNNING");
        assertThat(web.runtimeId()).isNotBlank();
        assertThat(web.imageDigest()).startsWith("sha256:");
        assertThat(web.networkBindings()).hasSize(1);
        NetworkBinding b = web.networkBindings().get(0);
        assertThat(b.bindIP()).isEqualTo("0.0.0.0");
        assertThat(b.containerPort()).isEqualTo(80);
        assertThat(b.hostPort()).isBetween(1024, 65535);
        assertThat(running.pullStartedAt()).isNotNull();
        assertThat(running.startedAt()).isNotNull();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(httpGet("http://127.0.0.1:" + b.hostPort() + "/greeting.txt")).contains("hello-override"));

        String initFinished = docker("inspect", "-f", "{{.State.FinishedAt}}", init.runtimeId());
        String webStarted = docker("inspect", "-f", "{{.State.StartedAt}}", web.runtimeId());
        assertThat(Instant.parse(webStarted)).isAfterOrEqualTo(Instant.parse(initFinished));

        String labels = docker("inspect", "-f", "{{json .Config.Labels}}", web.runtimeId());
        assertThat(labels).contains("\"com.amazonaws.ecs.task-arn\":\"" + t.taskArn() + "\"", "\"com.amazonaws.ecs.container-name\":\"web\"",
                "\"com.amazonaws.ecs.cluster\":\"test\"", "\"com.amazonaws.ecs.task-definition-family\":\"web\"",
                "\"com.amazonaws.ecs.task-definition-version\":\"1\"", "\"io.dockyard.agent\":\"" + agent.id() + "\"");
        assertThat(docker("inspect", "-f", "{{.Name}}", web.runtimeId())).matches("/ecs-web-1-web-[0-9a-f]{20}");
        assertThat(docker("inspect", "-f", "{{.HostConfig.Memory}}", web.runtimeId())).isEqualTo(String.valueOf(64L * 1024 * 1024));

        cp.stop(t.taskArn());
        Task stopped = awaitStatus(cp, t.taskArn(), "STOPPED", START);
        assertThat(container(stopped, "web").exitCode()).isEqualTo(143); // SIGTERM through the init process
        assertThat(stopped.executionStoppedAt()).isNotNull();
        List<String> sent = cp.reports.stream().filter(r -> r.taskArn().equals(t.taskArn())).map(r -> r.lastStatus()).toList();
        assertThat(sent).containsSubsequence("PENDING", "RUNNING", "STOPPED")
                .as("in lifecycle order (a report superseded before it was sent may be skipped)")
                .isSortedAccordingTo(java.util.Comparator.comparing(io.dockyard.core.model.TaskStatus::valueOf));
    }

    @Test
    void anEssentialContainerThatExitsStopsTheTask() {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"exit","containerDefinitions":[
              {"name":"main","image":"%s","essential":true,"command":["sh","-c","sleep 1; exit 3"]},
              {"name":"side","image":"%s","essential":false,"command":["sleep","600"],"stopTimeout":2}]}
            """.formatted(BUSYBOX, BUSYBOX));
        Task t = cp.run(instance, def, null, "EC2");
        awaitStatus(cp, t.taskArn(), "RUNNING", START);
        Task stopped = awaitStatus(cp, t.taskArn(), "STOPPED", START);
        assertThat(stopped.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(container(stopped, "main").exitCode()).isEqualTo(3);
        assertThat(container(stopped, "side").lastStatus()).isEqualTo("STOPPED");
        assertThat(container(stopped, "side").exitCode()).isEqualTo(137);
    }

    @Test
    void aNonEssentialContainerThatExitsLeavesTheTaskRunning() throws Exception {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"sidecar","containerDefinitions":[
              {"name":"main","image":"%s","essential":true,"command":["sh","-c","trap 'exit 0' TERM; while true; do sleep 0.1; done"]},
              {"name":"once","image":"%s","essential":false,"command":["sh","-c","exit 4"]}]}
            """.formatted(BUSYBOX, BUSYBOX));
        Task t = cp.run(instance, def, null, "EC2");
        awaitStatus(cp, t.taskArn(), "RUNNING", START);
        await().atMost(START).until(() -> Integer.valueOf(4).equals(container(cp.task(t.taskArn()), "once").exitCode()));
        Thread.sleep(300);
        assertThat(cp.task(t.taskArn()).lastStatus()).isEqualTo("RUNNING");
        cp.stop(t.taskArn());
        Task stopped = awaitStatus(cp, t.taskArn(), "STOPPED", START);
        assertThat(container(stopped, "main").exitCode()).isZero();
        assertThat(stopped.stopCode()).isEqualTo("UserInitiated");
    }

    @Test
    void stopSendsSigtermThenSigkillAfterStopTimeout() {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"stoptimeout","containerDefinitions":[
              {"name":"stubborn","image":"%s","essential":true,"command":["sleep","600"],"stopTimeout":2},
              {"name":"polite","image":"%s","essential":true,"command":["sh","-c","trap 'exit 7' TERM; mkdir -p /ready; while true; do sleep 0.1; done"],"stopTimeout":20}]}
            """.formatted(BUSYBOX, BUSYBOX));
        Task t = cp.run(instance, def, null, "EC2");
        Task running = awaitStatus(cp, t.taskArn(), "RUNNING", START);
        // SIGTERM before the shell has set its trap would be ignored by PID 1: wait until it has.
        String polite = container(running, "polite").runtimeId();
        org.awaitility.Awaitility.await().atMost(START).pollInterval(java.time.Duration.ofMillis(50)).until(() ->
                new ProcessBuilder("docker", "exec", polite, "test", "-d", "/ready").start().waitFor() == 0);
        long begin = System.nanoTime();
        cp.stop(t.taskArn());
        Task stopped = awaitStatus(cp, t.taskArn(), "STOPPED", START);
        long ms = (System.nanoTime() - begin) / 1_000_000;
        assertThat(container(stopped, "stubborn").exitCode()).isEqualTo(137);
        assertThat(container(stopped, "polite").exitCode()).isEqualTo(7);
        assertThat(ms).isBetween(1800L, 15000L);
    }

    @Test
    void awsvpcTasksGetTheirOwnAddressesAndCanBothListenOnPort80() throws Exception {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"vpc","networkMode":"awsvpc","containerDefinitions":[
              {"name":"web","image":"%s","essential":true,"command":["sh","-c","mkdir -p /www; hostname -i > /www/index.html; exec httpd -f -p 80 -h /www"],"stopTimeout":2,
               "portMappings":[{"containerPort":80}]}]}
            """.formatted(BUSYBOX));
        Task a = cp.run(instance, def, null, "EC2");
        Task b = cp.run(instance, def, null, "EC2");
        Task ra = awaitStatus(cp, a.taskArn(), "RUNNING", START);
        Task rb = awaitStatus(cp, b.taskArn(), "RUNNING", START);
        String ipA = eniDetail(ra, "privateIPv4Address");
        String ipB = eniDetail(rb, "privateIPv4Address");
        assertThat(ipA).isNotNull().isNotEqualTo(ipB);
        assertThat(eniDetail(ra, "macAddress")).matches("[0-9a-f:]{17}");
        assertThat(eniDetail(ra, "subnetId")).isEqualTo("subnet-12345678");
        assertThat(eniDetail(ra, "networkInterfaceId")).startsWith("eni-");
        assertThat(ra.attachments().get(0).get("status")).isEqualTo("ATTACHED");
        assertThat(container(ra, "web").networkInterfaces()).containsExactly(
                Map.of("attachmentId", ra.attachments().get(0).get("id"), "privateIpv4Address", ipA));
        for (String ip : List.of(ipA, ipB)) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(httpGet("http://" + ip + ":80/")).contains(ip));
        }
        cp.stop(a.taskArn());
        cp.stop(b.taskArn());
        Task sa = awaitStatus(cp, a.taskArn(), "STOPPED", START);
        assertThat(sa.attachments().get(0).get("status")).isEqualTo("DELETED");
    }

    @Test
    void fargateLimitsAreTheTaskLevelCpuAndMemory() throws Exception {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"fg","networkMode":"awsvpc","cpu":"512","memory":"1024","requiresCompatibilities":["FARGATE"],
             "containerDefinitions":[{"name":"app","image":"%s","essential":true,"command":["sleep","600"],"stopTimeout":1}]}
            """.formatted(BUSYBOX));
        Task t = cp.run(instance, def, null, "FARGATE");
        Task running = awaitStatus(cp, t.taskArn(), "RUNNING", START);
        String id = container(running, "app").runtimeId();
        assertThat(docker("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", id))
                .isEqualTo("500000000 " + 1024L * 1024 * 1024);
        assertThat(docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", id)).startsWith("container:");
        assertThat(eniDetail(running, "privateIPv4Address")).isNotBlank();
        cp.stop(t.taskArn());
        awaitStatus(cp, t.taskArn(), "STOPPED", START);
    }

    @Test
    void aMissingImageFailsTheTaskLikeEcs() {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"nopull","containerDefinitions":[{"name":"x","image":"127.0.0.1:1/dockyard-missing:nope","essential":true}]}
            """);
        Task t = cp.run(instance, def, null, "EC2");
        Task stopped = awaitStatus(cp, t.taskArn(), "STOPPED", START);
        assertThat(stopped.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).startsWith("CannotPullContainerError: ");
        assertThat(container(stopped, "x").reason()).startsWith("CannotPullContainerError: ");
    }

    @Test
    void healthChecksAreReportedAndHealthyDependenciesWait() {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"health","containerDefinitions":[
              {"name":"db","image":"%s","essential":true,"command":["sh","-c","sleep 1; touch /ready; exec sleep 600"],"stopTimeout":1,
               "healthCheck":{"command":["CMD-SHELL","test -f /ready"],"interval":1,"timeout":1,"retries":1}},
              {"name":"app","image":"%s","essential":true,"command":["sleep","600"],"stopTimeout":1,
               "dependsOn":[{"containerName":"db","condition":"HEALTHY"}]}]}
            """.formatted(BUSYBOX, BUSYBOX));
        Task t = cp.run(instance, def, null, "EC2");
        Task running = awaitStatus(cp, t.taskArn(), "RUNNING", START);
        assertThat(container(running, "db").healthStatus()).isEqualTo("HEALTHY");
        assertThat(running.healthStatus()).isEqualTo("HEALTHY");
        cp.stop(t.taskArn());
        awaitStatus(cp, t.taskArn(), "STOPPED", START);
    }

    private static String eniDetail(Task t, String name) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> details = (List<Map<String, Object>>) t.attachments().get(0).get("details");
        return details.stream().filter(d -> name.equals(d.get("name"))).map(d -> (String) d.get("value")).findFirst().orElse(null);
    }
}
