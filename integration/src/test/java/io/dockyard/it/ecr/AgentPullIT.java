package io.dockyard.it.ecr;

import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A task whose image is a repositoryUri of Dockyard's registry runs: the agent pulls it with ECR credentials. */
class AgentPullIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void aTaskRunsAnImagePushedToDockyard() throws IOException {
        Path dockerConfig = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", dockerConfig.toString(), "DOCKER_BUILDKIT", "0");
        String registry = "localhost:" + dockyard.process().port();
        String uri = dockyard.cli().run("ecr", "create-repository", "--repository-name", "agent/app").ok().path("repository").path("repositoryUri").asText();
        String image = uri + ":v1";
        try {
            String password = dockyard.cli().run("ecr", "get-login-password").stdout().trim();
            Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
            Path ctx = Files.createTempDirectory("build-");
            String stamp = "pulled-" + UUID.randomUUID();
            Files.writeString(ctx.resolve("stamp.txt"), stamp);
            Files.writeString(ctx.resolve("Dockerfile"), "FROM " + Docker.BUSYBOX + "\nCOPY stamp.txt /stamp.txt\nCMD [\"cat\", \"/stamp.txt\"]\n");
            Cmd.run(env, null, "docker", "build", "-q", "-t", image, ctx.toString()).ok();
            Cmd.run(env, null, "docker", "push", image).ok();
            Cmd.run(env, null, "docker", "rmi", image).ok();
            assertThat(Cmd.run(env, null, "docker", "image", "inspect", image).exit()).as("the agent must pull it").isNotZero();

            try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
                ecs.createCluster(b -> b.clusterName("pull"));
                ecs.registerTaskDefinition(b -> b.family("from-ecr").containerDefinitions(c -> c.name("app").image(image).memory(64).essential(true)));
                String arn = ecs.runTask(b -> b.cluster("pull").taskDefinition("from-ecr")).tasks().get(0).taskArn();
                Task done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                        () -> ecs.describeTasks(b -> b.cluster("pull").tasks(arn)).tasks().get(0), t -> "STOPPED".equals(t.lastStatus()));
                assertThat(done.containers().get(0).reason()).isNull();
                assertThat(done.containers().get(0).exitCode()).isZero();
                String digest = dockyard.cli().run("ecr", "describe-images", "--repository-name", "agent/app").ok().path("imageDetails").get(0).path("imageDigest").asText();
                assertThat(done.containers().get(0).imageDigest()).isEqualTo(digest);
            }
            assertThat(Cmd.run(env, null, "docker", "image", "inspect", image).exit()).isZero();
        } finally {
            Cmd.run(env, null, "docker", "rmi", "-f", image);
        }
    }
}
