package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pull-time update exclusions in secure mode, with the AWS CLI v1 and docker: a {@code docker pull} by an IAM user on the
 * exclusion list leaves the image's {@code lastRecordedPullTime} unset; a pull of another image by another user records it,
 * and so does the first user's once deregistered; the list is managed with ECR's errors.
 */
class PullTimeExclusionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--secure", "--dns-address", "off").withTestImage().withoutReset();

    private static AwsCli root;
    private static String registry, scannerArn;
    private static final Map<String, Map<String, String>> envs = new java.util.HashMap<>();

    @BeforeAll
    static void usersAndAnImage() throws Exception {
        root = dockyard.process().rootCli();
        registry = "localhost:" + dockyard.process().port();
        login("root", root);
        root.run("ecr", "create-repository", "--repository-name", "watched/app").ok();
        // images of their own (not busybox itself), one per puller: the daemon keeps a manifest it pulled once and asks for
        // it again only with a HEAD, so each image's first pull is the GET that records (or, excluded, does not record) the time
        for (String tag : List.of("v1", "v2", "v3")) {
            java.nio.file.Path ctx = Files.createTempDirectory("build-");
            Files.writeString(ctx.resolve("stamp.txt"), "exclusion-" + tag + "-" + System.nanoTime());
            Files.writeString(ctx.resolve("Dockerfile"), "FROM " + Docker.BUSYBOX + "\nCOPY stamp.txt /stamp.txt\n");
            Cmd.run(Map.of("DOCKER_CONFIG", envs.get("root").get("DOCKER_CONFIG"), "DOCKER_BUILDKIT", "0"), null, "docker", "build", "-q", "-t", image(tag), ctx.toString()).ok();
            Cmd.run(envs.get("root"), null, "docker", "push", image(tag)).ok();
            Cmd.run(envs.get("root"), null, "docker", "rmi", image(tag)).ok();
        }
        String policy = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Action", List.of("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"), "Resource", "*"))));
        for (String user : List.of("scanner", "deployer")) {
            String arn = root.run("iam", "create-user", "--user-name", user).ok().at("/User/Arn").asText();
            if (user.equals("scanner")) scannerArn = arn;
            root.run("iam", "put-user-policy", "--user-name", user, "--policy-name", "pull", "--policy-document", policy).ok();
            JsonNode key = root.run("iam", "create-access-key", "--user-name", user).ok().at("/AccessKey");
            login(user, dockyard.cli().as(key.at("/AccessKeyId").asText(), key.at("/SecretAccessKey").asText(), null));
        }
    }

    private static void login(String who, AwsCli cli) throws Exception {
        Map<String, String> env = Map.of("DOCKER_CONFIG", Files.createTempDirectory("docker-config-").toString());
        envs.put(who, env);
        Cmd.run(env, cli.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
    }

    private static String image(String tag) { return registry + "/watched/app:" + tag; }

    @AfterAll
    static void removeImages() {
        Cmd.run(envs.get("root"), null, "docker", "rmi", "-f", image("v1"), image("v2"), image("v3"));
    }

    private static JsonNode detail(String tag) {
        return root.run("ecr", "describe-images", "--repository-name", "watched/app", "--image-ids", "imageTag=" + tag).ok().at("/imageDetails/0");
    }

    private static void pullAs(String who, String tag) {
        Cmd.run(envs.get(who), null, "docker", "pull", image(tag)).ok();
    }

    @Test
    void anExcludedPrincipalsPullLeavesTheLastPullTimeAlone() {
        assertThat(scannerArn).startsWith("arn:aws:iam::").endsWith(":user/scanner");
        JsonNode registered = root.run("ecr", "register-pull-time-update-exclusion", "--principal-arn", scannerArn).ok();
        assertThat(registered.at("/principalArn").asText()).isEqualTo(scannerArn);
        assertThat(registered.at("/createdAt").isNumber()).isTrue();
        assertThat(root.run("ecr", "register-pull-time-update-exclusion", "--principal-arn", scannerArn).stderr()).contains("ExclusionAlreadyExistsException");
        assertThat(root.run("ecr", "register-pull-time-update-exclusion", "--principal-arn", "arn:aws:iam::000000000000:group/ops").stderr()).contains("ValidationException");
        assertThat(root.run("ecr", "list-pull-time-update-exclusions").ok().at("/pullTimeUpdateExclusions/0").asText()).isEqualTo(scannerArn);

        pullAs("scanner", "v1");
        assertThat(detail("v1").at("/lastRecordedPullTime").isMissingNode()).as(detail("v1").toString()).isTrue();

        pullAs("deployer", "v2");
        assertThat(detail("v2").at("/lastRecordedPullTime").isNumber()).as(detail("v2").toString()).isTrue();

        assertThat(root.run("ecr", "deregister-pull-time-update-exclusion", "--principal-arn", scannerArn).ok().at("/principalArn").asText()).isEqualTo(scannerArn);
        assertThat(root.run("ecr", "deregister-pull-time-update-exclusion", "--principal-arn", scannerArn).stderr()).contains("ExclusionNotFoundException");
        assertThat(root.run("ecr", "list-pull-time-update-exclusions").ok().at("/pullTimeUpdateExclusions")).isEmpty();
        pullAs("scanner", "v3");
        assertThat(detail("v3").at("/lastRecordedPullTime").isNumber()).as("no longer excluded: " + detail("v3")).isTrue();
    }
}
