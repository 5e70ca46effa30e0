package io.dockyard.agent;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How container definition members become Docker create parameters (no engine needed). */
class ContainerFactoryTest {

    private static CreateContainerCmd create(String taskDef, Map<String, Object> overrides, String launchType) {
        return create(taskDef, overrides, launchType, AgentConfig.ALL_INTERFACES);
    }

    private static CreateContainerCmd create(String taskDef, Map<String, Object> overrides, String launchType, String bindAddress) {
        return create(taskDef, overrides, launchType, bindAddress, null);
    }

    private static CreateContainerCmd create(String taskDef, Map<String, Object> overrides, String launchType, String bindAddress, Path caBundle) {
        Map<String, Object> def = FakeControlPlane.json(taskDef);
        TaskDefinitionSpec spec = TaskDefinitionSpec.parse(def);
        Task task = new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c1/abc").clusterArn("arn:aws:ecs:us-east-1:000000000000:cluster/c1")
                .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/" + spec.family() + ":7").launchType(launchType)
                .overrides(FakeControlPlane.overrides(overrides)).build();
        TaskLayout layout = new TaskLayout("agent-1", "arn:ci", task, spec, def);
        layout.volumeSource("data", "/srv/data");
        if (layout.awsvpc()) layout.pauseId("pause123");
        var c = spec.containers().get(0);
        ContainerPlan plan = ContainerPlan.of(c, task.overrides());
        return ContainerFactory.configure(new CreateContainerCmdImpl(x -> null, null, c.image()), plan, layout, bindAddress, java.util.Map.of(), caBundle);
    }

    @Test
    void theAgentsCaBundleIsMountedAndNamedWhereTheTaskPointsAnSdkAtHttps() {
        Path ca = Path.of("/var/lib/dockyard/tls/ca.pem");
        String https = """
            {"family":"app","containerDefinitions":[{"name":"web","image":"busybox","memory":64,
              "environment":[{"name":"AWS_ENDPOINT_URL","value":"https://172.17.0.1:4566"}]}]}
            """;
        CreateContainerCmd cmd = create(https, null, "EC2", AgentConfig.LOOPBACK, ca);
        assertThat(cmd.getEnv()).contains("AWS_CA_BUNDLE=/etc/dockyard/ca.pem");
        assertThat(cmd.getHostConfig().getBinds()).anySatisfy(b -> {
            assertThat(b.getPath()).isEqualTo(ca.toString());
            assertThat(b.getVolume().getPath()).isEqualTo("/etc/dockyard/ca.pem");
            assertThat(b.getAccessMode().toString()).isEqualTo("ro");
        });
        // mounted but not named: no https AWS endpoint, or the task's own bundle
        String plain = https.replace("https://", "http://");
        assertThat(create(plain, null, "EC2", AgentConfig.LOOPBACK, ca).getEnv()).noneMatch(e -> e.startsWith("AWS_CA_BUNDLE="));
        String own = https.replace("\"}]}]}", "\"},{\"name\":\"AWS_CA_BUNDLE\",\"value\":\"/mine.pem\"}]}]}");
        assertThat(create(own, null, "EC2", AgentConfig.LOOPBACK, ca).getEnv()).contains("AWS_CA_BUNDLE=/mine.pem").doesNotContain("AWS_CA_BUNDLE=/etc/dockyard/ca.pem");
        // no TLS: nothing
        assertThat(create(https, null, "EC2", AgentConfig.LOOPBACK, null).getEnv()).noneMatch(e -> e.startsWith("AWS_CA_BUNDLE="));
    }

    @Test
    void publishedPortsBindTheAgentsTaskBindAddress() {
        String def = """
            {"family":"app","containerDefinitions":[{"name":"web","image":"busybox","memory":64,
              "portMappings":[{"containerPort":80},{"containerPort":53,"hostPort":5353,"protocol":"udp"}]}]}
            """;
        for (String address : List.of(AgentConfig.LOOPBACK, AgentConfig.ALL_INTERFACES)) {
            var bindings = create(def, null, "EC2", address).getHostConfig().getPortBindings().getBindings();
            assertThat(bindings.values()).flatExtracting(Arrays::asList).extracting(b -> b.getHostIp()).containsOnly(address);
            assertThat(bindings.values()).flatExtracting(Arrays::asList).extracting(b -> b.getHostPortSpec()).containsExactlyInAnyOrder(null, "5353");
        }
    }

    @Test
    void mapsResourcesSecurityAndLinuxParameters() {
        CreateContainerCmd cmd = create("""
            {"family":"app","pidMode":"host","ipcMode":"none","containerDefinitions":[{"name":"web","image":"busybox","cpu":256,"memory":128,"memoryReservation":64,
              "user":"nobody","workingDirectory":"/w","privileged":true,"readonlyRootFilesystem":true,"hostname":"h1",
              "ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}],"dockerLabels":{"team":"a"},
              "dnsServers":["10.0.0.2"],"extraHosts":[{"hostname":"db","ipAddress":"10.0.0.9"}],"stopTimeout":5,
              "linuxParameters":{"initProcessEnabled":true,"capabilities":{"add":["NET_ADMIN"],"drop":["MKNOD"]},
                "sharedMemorySize":32,"tmpfs":[{"containerPath":"/scratch","size":16,"mountOptions":["noexec"]}]},
              "healthCheck":{"command":["CMD-SHELL","true"],"interval":5},
              "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"g"}},
              "mountPoints":[{"sourceVolume":"data","containerPath":"/data","readOnly":true}],
              "portMappings":[{"containerPort":80},{"containerPort":53,"hostPort":5353,"protocol":"udp"}]}]}
            """, null, "EC2");
        HostConfig h = cmd.getHostConfig();
        assertThat(h.getCpuShares()).isEqualTo(256);
        assertThat(h.getPidMode()).isEqualTo("host");
        assertThat(h.getIpcMode()).isEqualTo("none");
        assertThat(h.getMemory()).isEqualTo(128L << 20);
        assertThat(h.getMemoryReservation()).isEqualTo(64L << 20);
        assertThat(h.getPrivileged()).isTrue();
        assertThat(h.getReadonlyRootfs()).isTrue();
        assertThat(h.getInit()).isTrue();
        assertThat(h.getShmSize()).isEqualTo(32L << 20);
        assertThat(h.getTmpFs()).containsEntry("/scratch", "noexec,size=16m");
        assertThat(Arrays.stream(h.getCapAdd()).map(Enum::name)).containsExactly("NET_ADMIN");
        assertThat(Arrays.stream(h.getCapDrop()).map(Enum::name)).containsExactly("MKNOD");
        assertThat(h.getUlimits()[0].getName()).isEqualTo("nofile");
        assertThat(h.getUlimits()[0].getHardLong()).isEqualTo(2048L);
        assertThat(h.getDns()).containsExactly("10.0.0.2");
        assertThat(h.getExtraHosts()).containsExactly("db:10.0.0.9");
        assertThat(h.getNetworkMode()).isEqualTo("bridge");
        assertThat(h.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(h.getBinds()[0].toString()).isEqualTo("/srv/data:/data:ro");
        assertThat(h.getPortBindings().getBindings()).hasSize(2);
        assertThat(cmd.getUser()).isEqualTo("nobody");
        assertThat(cmd.getWorkingDir()).isEqualTo("/w");
        assertThat(cmd.getHostName()).isEqualTo("h1");
        assertThat(cmd.getStopTimeout()).isEqualTo(5);
        assertThat(cmd.getHealthcheck().getInterval()).isEqualTo(5_000_000_000L);
        assertThat(cmd.getHealthcheck().getRetries()).isEqualTo(3);
        assertThat(cmd.getLabels()).containsEntry("team", "a").containsEntry(Labels.TASK_ARN, "arn:aws:ecs:us-east-1:000000000000:task/c1/abc")
                .containsEntry(Labels.CLUSTER, "c1").containsEntry(Labels.FAMILY, "app").containsEntry(Labels.REVISION, "7")
                .containsEntry(Labels.AGENT, "agent-1").containsEntry(Labels.CONTAINER_NAME, "web");
        assertThat(cmd.getName()).matches("ecs-app-7-web-[0-9a-f]{20}");
    }

    @Test
    void overridesAndEnvironmentFilesMakeTheEnvironment(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("app.env");
        Files.writeString(env, "# comment\nFROM_FILE=1\nSHARED=file\n");
        CreateContainerCmd cmd = create("""
            {"family":"app","containerDefinitions":[{"name":"web","image":"busybox","command":["a"],
              "environmentFiles":[{"value":"file://%s","type":"s3"}],
              "environment":[{"name":"SHARED","value":"def"},{"name":"KEEP","value":"k"}]}]}
            """.formatted(env), FakeControlPlane.json("""
            {"containerOverrides":[{"name":"web","command":["b","c"],"environment":[{"name":"SHARED","value":"override"}]}]}
            """), "EC2");
        assertThat(cmd.getEnv()).containsExactlyInAnyOrder("FROM_FILE=1", "SHARED=override", "KEEP=k");
        assertThat(cmd.getCmd()).containsExactly("b", "c");
    }

    @Test
    void s3EnvironmentFilesAreRefusedWithAnEcsStyleReason() {
        assertThatThrownBy(() -> create("""
            {"family":"app","containerDefinitions":[{"name":"web","image":"busybox",
              "environmentFiles":[{"value":"arn:aws:s3:::bucket/app.env","type":"s3"}]}]}
            """, null, "EC2")).isInstanceOf(ContainerPlan.SetupError.class).hasMessageStartingWith("ResourceInitializationError:");
    }

    @Test
    void fargateJoinsTheTaskNamespaceWithTaskLevelLimits() {
        CreateContainerCmd cmd = create("""
            {"family":"fg","networkMode":"awsvpc","cpu":"1 vCPU","memory":"2GB","containerDefinitions":[{"name":"app","image":"busybox",
              "portMappings":[{"containerPort":8080}]}]}
            """, null, "FARGATE");
        HostConfig h = cmd.getHostConfig();
        assertThat(h.getNetworkMode()).isEqualTo("container:pause123");
        assertThat(h.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(h.getMemory()).isEqualTo(2048L << 20);
        assertThat(h.getPortBindings()).isNull();
    }

    @Test
    void dependencyOrderAndStopWaves() {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"d","containerDefinitions":[
              {"name":"app","image":"x","dependsOn":[{"containerName":"db","condition":"HEALTHY"}],"links":["cache:c"]},
              {"name":"db","image":"x"},{"name":"cache","image":"x"}]}
            """);
        Map<String, ContainerState> all = new java.util.LinkedHashMap<>();
        for (var c : TaskDefinitionSpec.parse(def).containers()) {
            all.put(c.name(), new ContainerState(ContainerPlan.of(c, null), new io.dockyard.core.model.Container.Builder().name(c.name()).build()));
        }
        assertThat(Dependencies.creationOrder(all)).extracting(ContainerState::name).containsExactly("db", "cache", "app");
        List<List<ContainerState>> waves = Dependencies.stopWaves(all.values());
        assertThat(waves.get(0)).extracting(ContainerState::name).containsExactly("app");
        assertThat(waves.get(1)).extracting(ContainerState::name).containsExactlyInAnyOrder("db", "cache");
        assertThat(Dependencies.check(all.get("app"), all, java.time.Instant.now()).state()).isEqualTo(Dependencies.Readiness.State.FAILED)
                .as("HEALTHY on a container without a health check can never be met");
    }
}
