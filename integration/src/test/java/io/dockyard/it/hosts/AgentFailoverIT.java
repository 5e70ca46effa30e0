package io.dockyard.it.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AgentProcess;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Agents given several control-plane endpoints ({@code --endpoint a,b}): one whose first endpoint
 * refuses connections works through the second; one whose endpoint dies mid-run (the control plane
 * stops; another starts on another port, listed second, on the same state) goes on with the same task
 * containers — not restarted — and keeps polling and reporting through the new endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentFailoverIT {
    private static final List<String> CLUSTERS = List.of("failover-dead-first", "failover-mid-run");
    private static DockyardProcess first;
    private static DockyardProcess second;
    private static final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void up() {
        Docker.ensureTestImage();
        first = DockyardProcess.controlPlaneOnly().start();
        second = first.onAnotherPort();
        AwsCli aws = new AwsCli(first.endpoint());
        CLUSTERS.forEach(c -> aws.run("ecs", "create-cluster", "--cluster-name", c).ok());
        aws.run("ecs", "register-task-definition", "--family", "failover-web", "--container-definitions",
                "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                        + "\"command\":[\"httpd\",\"-f\",\"-p\",\"80\",\"-h\",\"/\"],\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]").ok();
    }

    @AfterAll
    static void down() {
        agents.forEach(AgentProcess::close);
        for (DockyardProcess p : new DockyardProcess[] {first, second}) if (p != null) p.close();
        // remote agents' containers are not removed by a reset of the control plane: remove ours by cluster label
        for (String c : CLUSTERS) {
            String ids = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + c);
            if (ids != null && !ids.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                Docker.docker(rm.toArray(String[]::new));
            }
        }
    }

    private static AgentProcess agent(String endpoints, String cluster) {
        AgentProcess a = AgentProcess.start(endpoints, cluster, cluster + "-host", 1024, 512, "us-east-1a");
        agents.add(a);
        return a;
    }

    private static JsonNode task(EcsWire ecs, String cluster, String arn) {
        return ecs.call("DescribeTasks", Map.of("cluster", cluster, "tasks", List.of(arn))).at("/tasks/0");
    }

    private static String runTask(AwsCli aws, String cluster) {
        return aws.run("ecs", "run-task", "--cluster", cluster, "--task-definition", "failover-web").ok().at("/tasks/0/taskArn").asText();
    }

    private static JsonNode awaitStatus(EcsWire ecs, String cluster, String arn, String status) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(task(ecs, cluster, arn).at("/lastStatus").asText()));
        return task(ecs, cluster, arn);
    }

    @Test
    @Order(1)
    void aFirstEndpointThatRefusesConnectionsIsPassedOver() throws Exception {
        String cluster = CLUSTERS.get(0);
        String dead = "http://127.0.0.1:" + DockyardProcess.freePort();
        AgentProcess a = agent(dead + "," + first.endpoint(), cluster);
        AwsCli aws = new AwsCli(first.endpoint());
        EcsWire ecs = new EcsWire(first.endpoint());
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                .until(() -> ecs.call("ListContainerInstances", Map.of("cluster", cluster)).at("/containerInstanceArns").size() == 1);
        String arn = runTask(aws, cluster);
        JsonNode running = awaitStatus(ecs, cluster, arn, "RUNNING");
        String id = running.at("/containers/0/runtimeId").asText();
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", id)).isEqualTo("true");
        assertThat(a.log()).contains("now in use");
        aws.run("ecs", "stop-task", "--cluster", cluster, "--task", arn).ok();
        awaitStatus(ecs, cluster, arn, "STOPPED");
    }

    @Test
    @Order(2)
    void anAgentWhoseEndpointDiesFailsOverWithoutRestartingItsTasks() throws Exception {
        String cluster = CLUSTERS.get(1);
        AgentProcess a = agent(first.endpoint() + "," + second.endpoint(), cluster);
        AwsCli before = new AwsCli(first.endpoint());
        EcsWire ecsBefore = new EcsWire(first.endpoint());
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                .until(() -> ecsBefore.call("ListContainerInstances", Map.of("cluster", cluster)).at("/containerInstanceArns").size() == 1);
        String kept = runTask(before, cluster);
        String stopped = runTask(before, cluster);
        String keptId = awaitStatus(ecsBefore, cluster, kept, "RUNNING").at("/containers/0/runtimeId").asText();
        String stoppedId = awaitStatus(ecsBefore, cluster, stopped, "RUNNING").at("/containers/0/runtimeId").asText();
        String startedAt = Docker.docker("inspect", "-f", "{{.State.StartedAt}}", keptId);

        // The agent's control plane goes away; another one comes up on the same state, on the second endpoint.
        first.terminate();
        second.start();
        AwsCli after = new AwsCli(second.endpoint());
        EcsWire ecsAfter = new EcsWire(second.endpoint());

        // New work reaches the agent through the second endpoint, and its reports come back there.
        String fresh = runTask(after, cluster);
        String freshId = awaitStatus(ecsAfter, cluster, fresh, "RUNNING").at("/containers/0/runtimeId").asText();
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", freshId)).isEqualTo("true");
        after.run("ecs", "stop-task", "--cluster", cluster, "--task", stopped).ok();
        JsonNode stop = awaitStatus(ecsAfter, cluster, stopped, "STOPPED");
        assertThat(stop.at("/containers/0/exitCode").isNumber()).as("the agent reported the container's exit").isTrue();
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", stoppedId)).isEqualTo("false");

        // The task that ran before the failover was not restarted: same container, same start, still running.
        JsonNode keptNow = task(ecsAfter, cluster, kept);
        assertThat(keptNow.at("/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(keptNow.at("/containers/0/runtimeId").asText()).isEqualTo(keptId);
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}} {{.State.StartedAt}} {{.RestartCount}}", keptId))
                .isEqualTo("true " + startedAt + " 0");
        assertThat(Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster).split("\\s+"))
                .as("no container made twice").hasSize(3);
        assertThat(a.log()).contains("control plane endpoint " + second.endpoint() + " now in use");
        JsonNode instance = ecsAfter.call("DescribeContainerInstances", Map.of("cluster", cluster,
                "containerInstances", List.of(keptNow.at("/containerInstanceArn").asText()))).at("/containerInstances/0");
        assertThat(instance.at("/agentConnected").asBoolean()).isTrue();
        assertThat(instance.at("/runningTasksCount").asInt()).isEqualTo(2);
    }
}
