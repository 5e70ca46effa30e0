package io.dockyard.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The small pure pieces: the pause binary and its tar, subnet choice, image references, durations. */
class PureHelpersTest {

    @Test
    void theGatewayOfANetworkWhoseConfigLeavesItOutIsTheSubnetsFirstAddress() {
        org.assertj.core.api.Assertions.assertThat(MetadataEndpoint.firstAddress("172.17.0.0/16")).isEqualTo("172.17.0.1");
        org.assertj.core.api.Assertions.assertThat(MetadataEndpoint.firstAddress("10.200.3.128/25")).isEqualTo("10.200.3.129");
        org.assertj.core.api.Assertions.assertThat(MetadataEndpoint.firstAddress("fd00::/64")).isNull();
        org.assertj.core.api.Assertions.assertThat(MetadataEndpoint.firstAddress(null)).isNull();
    }

    @Test
    void thePauseBinaryIsAStaticElfThatBlocksForever(@TempDir Path dir) throws Exception {
        byte[] elf = PauseImage.elf("x86_64");
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x464c457f);
        assertThat(b.getShort(18)).isEqualTo((short) 0x3E);
        assertThat(ByteBuffer.wrap(PauseImage.elf("arm64")).order(ByteOrder.LITTLE_ENDIAN).getShort(18)).isEqualTo((short) 0xB7);
        Path tar = dir.resolve("pause.tar");
        Files.write(tar, PauseImage.tar("pause", elf));
        Process x = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", dir.toString()).start();
        assertThat(x.waitFor()).isZero();
        assertThat(Files.isExecutable(dir.resolve("pause"))).isTrue();
        if (System.getProperty("os.arch").equals("amd64")) {
            Process p = new ProcessBuilder(dir.resolve("pause").toString()).start();
            assertThat(p.waitFor(300, TimeUnit.MILLISECONDS)).as("still blocking").isFalse();
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void theAwsvpcSubnetAvoidsEveryRangeInUse() {
        assertThat(AwsvpcNetwork.chooseSubnet(List.of("172.17.0.0/16", "127.0.0.1/8"))).isEqualTo("172.31.0.0/16");
        assertThat(AwsvpcNetwork.chooseSubnet(List.of("172.31.5.1/24"))).isEqualTo("10.213.0.0/16");
        assertThat(AwsvpcNetwork.chooseSubnet(List.of("172.16.0.0/12", "10.0.0.0/8"))).isEqualTo("192.168.213.0/24");
        assertThat(AwsvpcNetwork.overlaps("10.0.0.0/8", "10.213.4.0/24")).isTrue();
        assertThat(AwsvpcNetwork.overlaps("10.212.0.0/16", "10.213.0.0/16")).isFalse();
    }

    @Test
    void imageReferencesSplitIntoRepositoryAndTag() {
        assertThat(Images.split("busybox")).containsExactly("busybox", "latest");
        assertThat(Images.split("localhost:4566/team/app:v2")).containsExactly("localhost:4566/team/app", "v2");
        assertThat(Images.split("localhost:4566/app")).containsExactly("localhost:4566/app", "latest");
        assertThat(Images.split("app@sha256:abc")).containsExactly("app", "sha256:abc");
    }

    @Test
    void theStartConcurrencyComesFromTheFlagElseTheDefault(@TempDir Path dir) {
        AgentConfig c = AgentConfig.standalone("http://127.0.0.1:1", "x", "n", null, null, dir);
        assertThat(c.startConcurrency()).isEqualTo(System.getenv(AgentConfig.START_CONCURRENCY_ENV) == null
                ? AgentConfig.DEFAULT_START_CONCURRENCY : Integer.parseInt(System.getenv(AgentConfig.START_CONCURRENCY_ENV)));
        assertThat(c.withStartConcurrency(3).startConcurrency()).isEqualTo(3);
        assertThat(c.withStartConcurrency(3).withPollWait(Duration.ofSeconds(1)).startConcurrency()).isEqualTo(3);
    }

    @Test
    void aContainerBeingRemovedOrGoneIsStoppedWithTheVanishedReason() throws Exception {
        var spec = io.dockyard.core.model.TaskDefinitionSpec.parse(FakeControlPlane.json(
                "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"busybox\",\"memory\":8}]}"));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        ContainerState exited = new ContainerState(ContainerPlan.of(spec.containers().get(0), null), new io.dockyard.core.model.Container.Builder().name("app").build());
        exited.observe(mapper.readValue("{\"State\":{\"Status\":\"exited\",\"Running\":false,\"ExitCode\":137,"
                + "\"StartedAt\":\"2026-01-01T00:00:00Z\"}}", com.github.dockerjava.api.command.InspectContainerResponse.class), "bridge");
        assertThat(exited.isStopped()).isTrue();
        assertThat(exited.vanished()).isFalse();
        assertThat(exited.exitCode).isEqualTo(137);

        ContainerState removing = new ContainerState(ContainerPlan.of(spec.containers().get(0), null), new io.dockyard.core.model.Container.Builder().name("app").build());
        removing.observe(mapper.readValue("{\"State\":{\"Status\":\"removing\",\"Running\":false,\"ExitCode\":137,"
                + "\"StartedAt\":\"2026-01-01T00:00:00Z\"}}", com.github.dockerjava.api.command.InspectContainerResponse.class), "bridge");
        assertThat(removing.vanished()).isTrue();
        assertThat(removing.toRecord(List.of()).reason()).isEqualTo("ContainerVanishedError: No container matching saved ID found");
        assertThat(removing.toRecord(List.of()).lastStatus()).isEqualTo("STOPPED");
    }

    @Test
    void durationsParseInShortAndIsoForms() {
        assertThat(AgentConfig.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AgentConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(AgentConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(AgentConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(AgentConfig.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theAgentIdIsStablePerDataDirectory(@TempDir Path dir) {
        String id = AgentId.load(dir);
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(AgentId.load(dir)).isEqualTo(id);
        assertThat(AgentId.load(dir.resolve("other"))).isNotEqualTo(id);
    }

    @Test
    void anUnreachableEngineDoesNotFailTheStart(@TempDir Path dir) {
        AgentConfig c = new AgentConfig("http://127.0.0.1:1", "x", "n", null, null, dir, false, null, null, null,
                "unix://" + dir.resolve("no-docker.sock"), null, 0, null);
        Agent agent = new Agent(c, new io.dockyard.core.loop.Supervisor());
        agent.start();
        agent.purge();
        agent.close();
        assertThat(agent.id()).isEqualTo(AgentId.load(dir));
    }
}
