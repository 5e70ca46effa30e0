package io.dockyard.it.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ECR's pull-through cache with a real upstream: a second Dockyard in secure mode on plain HTTP (its registry wants its
 * ECR-style password, given to the rule as a Secrets Manager secret {@code ecr-pullthroughcache/…}). {@code docker pull} through the
 * Dockyard under test — and the ECS agent's pull for a task — creates the repository from its creation template, caches
 * the image, and serves it again once the upstream is stopped. Bad input gets ECR's errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PullThroughCacheIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OwnDockyard runner = new OwnDockyard("--dns-address", "off").withTestImage();
    @RegisterExtension
    static final OwnDockyard upstream = new OwnDockyard("--secure", "--tls", "off", "--dns-address", "off").withoutReset();

    private static AwsCli cli, owner;
    private static String host, secretArn;
    private static Map<String, String> env;
    private static final List<String> images = new ArrayList<>();

    @BeforeAll
    static void pushToTheUpstreamAndMakeTheRule() throws Exception {
        owner = upstream.process().rootCli();
        String upstreamHost = "localhost:" + upstream.process().port();
        Path config = Files.createTempDirectory("docker-config-");
        env = Map.of("DOCKER_CONFIG", config.toString());
        String password = owner.run("ecr", "get-login-password").stdout().strip();
        Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", upstreamHost).ok();
        for (String repo : List.of("team/app", "team/task")) {
            owner.run("ecr", "create-repository", "--repository-name", repo).ok();
            String image = upstreamHost + "/" + repo + ":v1";
            Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
            Cmd.run(env, null, "docker", "push", image).ok();
            Cmd.run(env, null, "docker", "rmi", image).ok();
        }

        cli = runner.cli();
        host = "localhost:" + runner.process().port();
        Cmd.run(env, cli.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", host).ok();
        secretArn = cli.run("secretsmanager", "create-secret", "--name", "ecr-pullthroughcache/upstream",
                "--secret-string", JSON.writeValueAsString(Map.of("username", "AWS", "accessToken", password))).ok().at("/ARN").asText();
        cli.run("ecr", "create-repository-creation-template", "--prefix", "mirror", "--applied-for", "PULL_THROUGH_CACHE",
                "--image-tag-mutability", "IMMUTABLE", "--resource-tags", "Key=origin,Value=upstream", "--description", "cached images").ok();
        JsonNode rule = cli.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "mirror",
                "--upstream-registry-url", upstreamHost, "--credential-arn", secretArn).ok();
        assertThat(rule.at("/ecrRepositoryPrefix").asText()).isEqualTo("mirror");
        assertThat(rule.at("/credentialArn").asText()).isEqualTo(secretArn);
        assertThat(rule.at("/createdAt").isNumber()).isTrue();
    }

    @AfterAll
    static void removeImages() {
        for (String i : images) Cmd.run(env, null, "docker", "rmi", "-f", i);
    }

    private static Cmd.Result docker(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Cmd.run(env, null, cmd);
    }

    @Test
    @Order(1)
    void badInputGetsEcrErrors() {
        String upstreamHost = "localhost:" + upstream.process().port();
        assertThat(cli.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "mirror", "--upstream-registry-url", upstreamHost).stderr())
                .contains("PullThroughCacheRuleAlreadyExistsException");
        assertThat(cli.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "Bad_Prefix", "--upstream-registry-url", upstreamHost).stderr())
                .contains("ValidationException");
        assertThat(cli.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "other", "--upstream-registry-url", "ftp://nowhere").stderr())
                .contains("UnsupportedUpstreamRegistryException");
        assertThat(cli.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "other", "--upstream-registry-url", upstreamHost,
                "--credential-arn", "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/missing-AbCdEf").stderr())
                .contains("SecretNotFoundException");
        assertThat(cli.run("ecr", "describe-pull-through-cache-rules", "--ecr-repository-prefixes", "nothing").stderr())
                .contains("PullThroughCacheRuleNotFoundException");
        assertThat(cli.run("ecr", "delete-pull-through-cache-rule", "--ecr-repository-prefix", "nothing").stderr())
                .contains("PullThroughCacheRuleNotFoundException");
        assertThat(cli.run("ecr", "create-repository-creation-template", "--prefix", "mirror", "--applied-for", "PULL_THROUGH_CACHE").stderr())
                .contains("TemplateAlreadyExistsException");
        assertThat(cli.run("ecr", "delete-repository-creation-template", "--prefix", "nothing").stderr()).contains("TemplateNotFoundException");
        assertThat(cli.run("ecr", "create-repository-creation-template", "--prefix", "x", "--applied-for", "PULL_THROUGH_CACHE",
                "--lifecycle-policy", "not json").stderr()).contains("InvalidParameterException");

        JsonNode rules = cli.run("ecr", "describe-pull-through-cache-rules").ok().at("/pullThroughCacheRules");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).at("/upstreamRegistryUrl").asText()).isEqualTo(upstreamHost);
        JsonNode valid = cli.run("ecr", "validate-pull-through-cache-rule", "--ecr-repository-prefix", "mirror").ok();
        assertThat(valid.at("/isValid").asBoolean()).as(valid.toString()).isTrue();
        JsonNode updated = cli.run("ecr", "update-pull-through-cache-rule", "--ecr-repository-prefix", "mirror", "--credential-arn", secretArn).ok();
        assertThat(updated.at("/updatedAt").isNumber()).isTrue();
    }

    @Test
    @Order(2)
    void dockerPullFillsTheCacheFromTheUpstream() {
        assertThat(cli.run("ecr", "describe-repositories", "--repository-names", "mirror/team/app").stderr()).contains("RepositoryNotFoundException");
        String image = host + "/mirror/team/app:v1";
        images.add(image);
        long t0 = System.nanoTime();
        docker("pull", image).ok();
        System.out.printf("[ptc] first docker pull through the cache: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(docker("run", "--rm", image, "echo", "from the cache").ok().out().strip()).isEqualTo("from the cache");

        JsonNode repo = cli.run("ecr", "describe-repositories", "--repository-names", "mirror/team/app").ok().at("/repositories/0");
        assertThat(repo.at("/imageTagMutability").asText()).as("from the creation template").isEqualTo("IMMUTABLE");
        JsonNode tags = cli.run("ecr", "list-tags-for-resource", "--resource-arn", repo.at("/repositoryArn").asText()).ok().at("/tags");
        assertThat(tags.toString()).contains("origin").contains("upstream");
        JsonNode cached = cli.run("ecr", "describe-images", "--repository-name", "mirror/team/app").ok().at("/imageDetails/0");
        JsonNode original = owner.run("ecr", "describe-images", "--repository-name", "team/app").ok().at("/imageDetails/0");
        assertThat(cached.at("/imageDigest").asText()).isEqualTo(original.at("/imageDigest").asText());
        assertThat(cached.at("/imageTags/0").asText()).isEqualTo("v1");

        assertThat(docker("pull", host + "/mirror/team/app:no-such-tag").exit()).isNotZero();
    }

    @Test
    @Order(2)
    void aPushCreatesItsRepositoryFromACreateOnPushTemplate() {
        String image = host + "/auto/app:v1";
        images.add(image);
        docker("tag", Docker.BUSYBOX, image).ok();
        assertThat(docker("push", image).exit()).as("no template yet: no repository").isNotZero();
        cli.run("ecr", "create-repository-creation-template", "--prefix", "auto", "--applied-for", "CREATE_ON_PUSH",
                "--image-tag-mutability", "IMMUTABLE").ok();
        docker("push", image).ok();
        JsonNode repo = cli.run("ecr", "describe-repositories", "--repository-names", "auto/app").ok().at("/repositories/0");
        assertThat(repo.at("/imageTagMutability").asText()).isEqualTo("IMMUTABLE");
        JsonNode templates = cli.run("ecr", "describe-repository-creation-templates", "--prefixes", "auto").ok().at("/repositoryCreationTemplates");
        assertThat(templates.get(0).at("/appliedFor/0").asText()).isEqualTo("CREATE_ON_PUSH");
        assertThat(cli.run("ecr", "describe-repository-creation-templates", "--prefixes", "auto", "none").ok().at("/repositoryCreationTemplates"))
                .as("unknown prefixes are left out").hasSize(1);
    }

    @Test
    @Order(3)
    void theEcsAgentsPullForATaskGoesThroughTheCache() throws Exception {
        cli.run("ecs", "create-cluster", "--cluster-name", "ptc").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("ecs", "list-container-instances", "--cluster", "ptc").ok()
                .at("/containerInstanceArns").size() == 1);
        Map<String, Object> c = Docker.shellContainer("echo pulled");
        c.put("image", host + "/mirror/team/task:v1");
        images.add(host + "/mirror/team/task:v1");
        cli.run("ecs", "register-task-definition", "--family", "cached", "--container-definitions", JSON.writeValueAsString(List.of(c))).ok();
        String task = cli.run("ecs", "run-task", "--cluster", "ptc", "--task-definition", "cached").ok().at("/tasks/0/taskArn").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                "STOPPED".equals(cli.run("ecs", "describe-tasks", "--cluster", "ptc", "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
        JsonNode t = cli.run("ecs", "describe-tasks", "--cluster", "ptc", "--tasks", task).ok().at("/tasks/0");
        assertThat(t.at("/containers/0/exitCode").asInt()).as(t.toString()).isZero();
        assertThat(cli.run("ecr", "describe-images", "--repository-name", "mirror/team/task").ok().at("/imageDetails/0/imageTags/0").asText()).isEqualTo("v1");
    }

    @Test
    @Order(4)
    void aMultiPlatformIndexIsCachedWithThePulledPlatformsLayers() throws Exception {
        String up = "localhost:" + upstream.process().port() + "/team/multi";
        owner.run("ecr", "create-repository", "--repository-name", "team/multi").ok();
        Path ctx = Files.createTempDirectory("build-");
        String stamp = "multi-" + System.nanoTime();
        Files.writeString(ctx.resolve("stamp.txt"), stamp);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + Docker.BUSYBOX + "\nCOPY stamp.txt /stamp.txt\n");
        Cmd.run(Map.of("DOCKER_CONFIG", env.get("DOCKER_CONFIG"), "DOCKER_BUILDKIT", "0"), null, "docker", "build", "-q", "-t", up + ":amd", ctx.toString()).ok();
        docker("tag", Docker.BUSYBOX, up + ":arm").ok();
        docker("push", up + ":amd").ok();
        docker("push", up + ":arm").ok();
        docker("rmi", up + ":amd", up + ":arm").ok();
        docker("manifest", "create", "--insecure", up + ":v1", up + ":amd", up + ":arm").ok();
        docker("manifest", "annotate", "--arch", "arm64", up + ":v1", up + ":arm").ok();
        docker("manifest", "push", "--purge", "--insecure", up + ":v1").ok();

        String image = host + "/mirror/team/multi:v1";
        images.add(image);
        docker("pull", image).ok();
        assertThat(docker("run", "--rm", image, "cat", "/stamp.txt").ok().out().strip()).isEqualTo(stamp);
        JsonNode details = cli.run("ecr", "describe-images", "--repository-name", "mirror/team/multi").ok().at("/imageDetails");
        assertThat(details).as(details.toString()).hasSize(3);
        JsonNode index = null;
        for (JsonNode d : details) if (d.at("/imageTags/0").asText().equals("v1")) index = d;
        assertThat(index).as(details.toString()).isNotNull();
        assertThat(index.at("/imageManifestMediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
        assertThat(index.at("/imageDigest").asText())
                .isEqualTo(owner.run("ecr", "batch-get-image", "--repository-name", "team/multi", "--image-ids", "imageTag=v1").ok().at("/images/0/imageId/imageDigest").asText());
    }

    @Test
    @Order(5)
    void withTheUpstreamStoppedTheCachedImageIsStillServed() {
        upstream.process().terminate();
        String image = host + "/mirror/team/app:v1";
        docker("rmi", "-f", image).ok();
        long t0 = System.nanoTime();
        docker("pull", image).ok();
        System.out.printf("[ptc] docker pull from the cache, upstream stopped: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(docker("run", "--rm", image, "echo", "still here").ok().out().strip()).isEqualTo("still here");
        JsonNode valid = cli.run("ecr", "validate-pull-through-cache-rule", "--ecr-repository-prefix", "mirror").ok();
        assertThat(valid.at("/isValid").asBoolean()).isFalse();
        assertThat(valid.at("/failure").asText()).contains("cannot be reached");
        assertThat(docker("pull", host + "/mirror/team/never-cached:v1").exit()).isNotZero();
        assertThat(cli.run("ecr", "describe-repositories", "--repository-names", "mirror/team/never-cached").stderr()).contains("RepositoryNotFoundException");
    }
}
