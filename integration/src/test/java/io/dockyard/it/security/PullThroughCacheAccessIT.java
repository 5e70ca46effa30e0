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
 * Secure mode and the pull-through cache, as ECR documents it: the first pull of a cached image needs, besides the pull's
 * own actions, ecr:CreateRepository (the repository does not exist yet) and ecr:BatchImportUpstreamImage (the image comes
 * from the upstream); once cached, the pull's own actions suffice; the rules' API is ecr:CreatePullThroughCacheRule & co.
 * The upstream is a second Dockyard (local mode, plain HTTP, its registry login as the rule's secret).
 */
class PullThroughCacheAccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--secure", "--dns-address", "off").withTestImage().withoutReset();
    @RegisterExtension
    static final OwnDockyard upstream = new OwnDockyard("--dns-address", "off");

    private static AwsCli root, puller;
    private static Map<String, String> env;
    private static String registry;

    @BeforeAll
    static void upstreamImagesAndTheRule() throws Exception {
        String upstreamHost = "localhost:" + upstream.process().port();
        env = Map.of("DOCKER_CONFIG", Files.createTempDirectory("docker-config-").toString());
        AwsCli up = upstream.cli();
        String password = up.run("ecr", "get-login-password").stdout().strip();
        Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", upstreamHost).ok();
        up.run("ecr", "create-repository", "--repository-name", "lib/app").ok();
        for (String tag : List.of("v1", "v2")) {
            String image = upstreamHost + "/lib/app:" + tag;
            Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
            Cmd.run(env, null, "docker", "push", image).ok();
            Cmd.run(env, null, "docker", "rmi", image).ok();
        }

        root = dockyard.process().rootCli();
        registry = "localhost:" + dockyard.process().port();
        String secret = root.run("secretsmanager", "create-secret", "--name", "ecr-pullthroughcache/up",
                "--secret-string", JSON.writeValueAsString(Map.of("username", "AWS", "accessToken", password))).ok().at("/ARN").asText();
        root.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "up", "--upstream-registry-url", upstreamHost,
                "--credential-arn", secret).ok();
        root.run("iam", "create-user", "--user-name", "puller").ok();
        JsonNode key = root.run("iam", "create-access-key", "--user-name", "puller").ok().at("/AccessKey");
        puller = dockyard.cli().as(key.at("/AccessKeyId").asText(), key.at("/SecretAccessKey").asText(), null);
        allow("pull", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
        Cmd.run(env, puller.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
    }

    @AfterAll
    static void removeImages() {
        for (String tag : List.of("v1", "v2")) Cmd.run(env, null, "docker", "rmi", "-f", registry + "/up/lib/app:" + tag);
    }

    private static void allow(String name, String... actions) throws Exception {
        String policy = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Action", List.of(actions), "Resource", "*"))));
        root.run("iam", "put-user-policy", "--user-name", "puller", "--policy-name", name, "--policy-document", policy).ok();
    }

    private static Cmd.Result pull(String tag) {
        return Cmd.run(env, null, "docker", "pull", registry + "/up/lib/app:" + tag);
    }

    @Test
    void theFirstPullNeedsCreateRepositoryAndBatchImportUpstreamImage() throws Exception {
        assertThat(puller.run("ecr", "create-pull-through-cache-rule", "--ecr-repository-prefix", "mine", "--upstream-registry-url", "localhost:1").stderr())
                .contains("AccessDenied").contains("ecr:CreatePullThroughCacheRule");

        Cmd.Result refused = pull("v1");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("denied").contains("ecr:CreateRepository");
        assertThat(root.run("ecr", "describe-repositories", "--repository-names", "up/lib/app").stderr()).contains("RepositoryNotFoundException");

        allow("create", "ecr:CreateRepository");
        refused = pull("v1");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("denied").contains("ecr:BatchImportUpstreamImage");

        allow("import", "ecr:BatchImportUpstreamImage");
        pull("v1").ok();
        assertThat(root.run("ecr", "describe-images", "--repository-name", "up/lib/app").ok().at("/imageDetails/0/imageTags/0").asText()).isEqualTo("v1");

        root.run("iam", "delete-user-policy", "--user-name", "puller", "--policy-name", "create").ok();
        root.run("iam", "delete-user-policy", "--user-name", "puller", "--policy-name", "import").ok();
        Cmd.run(env, null, "docker", "rmi", registry + "/up/lib/app:v1").ok();
        pull("v1").ok(); // cached: the pull's own actions suffice
        Cmd.Result v2 = pull("v2");
        assertThat(v2.exit()).isNotZero();
        assertThat(v2.out() + v2.err()).contains("denied").contains("ecr:BatchImportUpstreamImage").doesNotContain("ecr:CreateRepository");
    }
}
