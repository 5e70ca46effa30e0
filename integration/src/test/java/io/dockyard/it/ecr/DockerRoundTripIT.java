package io.dockyard.it.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ECR user workflow with the real docker CLI: create-repository, get-login-password | docker login, build, push, pull, run. */
class DockerRoundTripIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    private Path dockerConfig;
    private Map<String, String> env;
    private final List<String> images = new ArrayList<>();
    private String registry;

    @BeforeEach
    void setUp() throws IOException {
        dockerConfig = Files.createTempDirectory("docker-config-");
        env = Map.of("DOCKER_CONFIG", dockerConfig.toString());
        registry = "localhost:" + dockyard.process().port();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (String i : images) Cmd.run(env, null, "docker", "rmi", "-f", i);
        try (var s = Files.walk(dockerConfig)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Cmd.Result docker(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Cmd.run(env, null, cmd);
    }

    private void login() {
        String password = dockyard.cli().run("ecr", "get-login-password").stdout().trim();
        assertThat(password).isNotEmpty();
        Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
    }

    /** docker build FROM the local busybox image, with a file that makes the image unique. */
    private String build(String tag, String stamp) throws IOException {
        Path ctx = Files.createTempDirectory("build-");
        Files.writeString(ctx.resolve("stamp.txt"), stamp);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + Docker.BUSYBOX + "\nCOPY stamp.txt /stamp.txt\nCMD [\"cat\", \"/stamp.txt\"]\n");
        images.add(tag);
        Cmd.run(Map.of("DOCKER_CONFIG", dockerConfig.toString(), "DOCKER_BUILDKIT", "0"), null, "docker", "build", "-q", "-t", tag, ctx.toString()).ok();
        return tag;
    }

    @Test
    void loginBuildPushPullAndRunAsOnEcr() throws IOException {
        String uri = dockyard.cli().run("ecr", "create-repository", "--repository-name", "my-sample-app").ok()
                .path("repository").path("repositoryUri").asText();
        assertThat(uri).isEqualTo(registry + "/my-sample-app");
        login();
        String stamp = "stamp-" + UUID.randomUUID();
        build(uri + ":latest", stamp);
        Cmd.Result push = docker("push", uri + ":latest").ok();
        assertThat(push.out()).contains("latest: digest: sha256:");

        docker("rmi", uri + ":latest").ok();
        assertThat(docker("image", "inspect", uri + ":latest").exit()).isNotZero();
        docker("pull", uri + ":latest").ok();
        assertThat(docker("run", "--rm", uri + ":latest").ok().out().trim()).isEqualTo(stamp);

        var described = dockyard.cli().run("ecr", "describe-images", "--repository-name", "my-sample-app").ok().path("imageDetails").get(0);
        assertThat(described.path("imageTags").get(0).asText()).isEqualTo("latest");
        assertThat(described.path("imageManifestMediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(described.path("imageSizeInBytes").asLong()).isGreaterThan(500_000);
        assertThat(push.out()).contains(described.path("imageDigest").asText());
        assertThat(described.path("lastRecordedPullTime").isNumber()).isTrue();

        // the busybox image tagged as is, as in the documented workflow
        images.add(uri + ":plain");
        docker("tag", Docker.BUSYBOX, uri + ":plain").ok();
        docker("push", uri + ":plain").ok();
        assertThat(dockyard.cli().run("ecr", "list-images", "--repository-name", "my-sample-app").ok().path("imageIds")).hasSize(2);
    }

    @Test
    void anonymousAndWrongPasswordsAreRefused() throws IOException {
        String uri = dockyard.cli().run("ecr", "create-repository", "--repository-name", "private-app").ok()
                .path("repository").path("repositoryUri").asText();
        Cmd.Result wrong = Cmd.run(env, "not-a-token", "docker", "login", "--username", "AWS", "--password-stdin", registry);
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).containsIgnoringCase("unauthorized");
        build(uri + ":v1", "x");
        Cmd.Result anonymous = docker("push", uri + ":v1");
        assertThat(anonymous.exit()).isNotZero();
        assertThat(anonymous.out() + anonymous.err()).contains("no basic auth credentials");
    }

    @Test
    void anImmutableTagCannotBePushedTwice() throws IOException {
        String uri = dockyard.cli().run("ecr", "create-repository", "--repository-name", "frozen", "--image-tag-mutability", "IMMUTABLE").ok()
                .path("repository").path("repositoryUri").asText();
        login();
        build(uri + ":v1", "first");
        docker("push", uri + ":v1").ok();
        build(uri + ":v1", "second");
        Cmd.Result again = docker("push", uri + ":v1");
        assertThat(again.exit()).isNotZero();
        assertThat(again.out() + again.err()).contains("tag invalid").contains("cannot be overwritten because the repository is immutable");
    }

    /** IMMUTABLE_WITH_EXCLUSION: release tags are frozen, tags matching the filters (dev-*, latest) move; then the reverse. */
    @Test
    void tagMutabilityExclusionFiltersDecideWhichTagsMove() throws IOException {
        var aws = dockyard.cli();
        JsonNode repo = aws.run("ecr", "create-repository", "--repository-name", "partly", "--image-tag-mutability", "IMMUTABLE_WITH_EXCLUSION",
                "--image-tag-mutability-exclusion-filters", "filterType=WILDCARD,filter=dev-*", "filterType=WILDCARD,filter=latest").ok().path("repository");
        assertThat(repo.path("imageTagMutabilityExclusionFilters").findValuesAsText("filter")).containsExactly("dev-*", "latest");
        String uri = repo.path("repositoryUri").asText();
        login();
        for (String tag : List.of("v1", "dev-1", "latest")) {
            build(uri + ":" + tag, "first " + tag);
            docker("push", uri + ":" + tag).ok();
            build(uri + ":" + tag, "second " + tag);
        }
        assertThat(docker("push", uri + ":dev-1").exit()).as("an excluded tag moves").isZero();
        assertThat(docker("push", uri + ":latest").exit()).isZero();
        Cmd.Result frozen = docker("push", uri + ":v1");
        assertThat(frozen.exit()).isNotZero();
        assertThat(frozen.out() + frozen.err()).contains("tag invalid").contains("cannot be overwritten because the tag is immutable");

        // the reverse: everything moves but the release tags
        JsonNode put = aws.run("ecr", "put-image-tag-mutability", "--repository-name", "partly", "--image-tag-mutability", "MUTABLE_WITH_EXCLUSION",
                "--image-tag-mutability-exclusion-filters", "filterType=WILDCARD,filter=v*").ok();
        assertThat(put.path("imageTagMutabilityExclusionFilters").findValuesAsText("filter")).containsExactly("v*");
        assertThat(docker("push", uri + ":v1").exit()).isNotZero();
        build(uri + ":dev-1", "third");
        assertThat(docker("push", uri + ":dev-1").exit()).isZero();
        assertThat(aws.run("ecr", "describe-repositories", "--repository-names", "partly").ok()
                .at("/repositories/0/imageTagMutability").asText()).isEqualTo("MUTABLE_WITH_EXCLUSION");
        // filters only with the *_WITH_EXCLUSION settings, and at least one with them
        assertThat(aws.run("ecr", "put-image-tag-mutability", "--repository-name", "partly", "--image-tag-mutability", "MUTABLE",
                "--image-tag-mutability-exclusion-filters", "filterType=WILDCARD,filter=v*").stderr()).contains("InvalidParameterException");
        assertThat(aws.run("ecr", "put-image-tag-mutability", "--repository-name", "partly", "--image-tag-mutability", "IMMUTABLE_WITH_EXCLUSION").stderr())
                .contains("InvalidParameterException");
        assertThat(aws.run("ecr", "put-image-tag-mutability", "--repository-name", "partly", "--image-tag-mutability", "IMMUTABLE_WITH_EXCLUSION",
                "--image-tag-mutability-exclusion-filters", "filterType=WILDCARD,filter=bad/tag").stderr()).contains("InvalidParameterException");
    }
}
