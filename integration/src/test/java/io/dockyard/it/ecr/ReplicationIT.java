package io.dockyard.it.ecr;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECR replication with the AWS CLI v1 and docker: the configuration is validated as ECR validates it, DescribeRegistry
 * shows it, an image pushed with docker to a repository a rule covers reports COMPLETE for each destination region and is
 * there through that region's endpoint (DescribeImages, BatchGetImage with {@code --region}); a repository no rule covers
 * reports nothing; the configuration and the statuses survive a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {
    private static final String RULES = "{\"rules\":[{\"destinations\":[{\"region\":\"eu-west-1\",\"registryId\":\"000000000000\"},"
            + "{\"region\":\"us-west-2\",\"registryId\":\"000000000000\"}],\"repositoryFilters\":[{\"filter\":\"prod\",\"filterType\":\"PREFIX_MATCH\"}]}]}";

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage();

    private static AwsCli cli;
    private static String host;
    private static Map<String, String> env;

    @BeforeAll
    static void login() throws Exception {
        cli = dockyard.cli();
        host = "localhost:" + dockyard.process().port();
        env = Map.of("DOCKER_CONFIG", Files.createTempDirectory("docker-config-").toString());
        Cmd.run(env, cli.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", host).ok();
        for (String repo : new String[] {"prod/web", "dev/web"}) cli.run("ecr", "create-repository", "--repository-name", repo).ok();
    }

    @AfterAll
    static void removeImages() {
        Cmd.run(env, null, "docker", "rmi", "-f", host + "/prod/web:v1", host + "/dev/web:v1");
    }

    private static Cmd.Result docker(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Cmd.run(env, null, cmd);
    }

    private static String config(String region, String account, String filterType) {
        return "{\"rules\":[{\"destinations\":[{\"region\":\"" + region + "\",\"registryId\":\"" + account + "\"}],"
                + "\"repositoryFilters\":[{\"filter\":\"prod\",\"filterType\":\"" + filterType + "\"}]}]}";
    }

    @Test
    @Order(1)
    void badConfigurationsGetEcrErrorsAndNoneIsEmpty() {
        assertThat(cli.run("ecr", "describe-registry").ok().at("/replicationConfiguration/rules")).isEmpty();
        assertThat(cli.run("ecr", "put-replication-configuration", "--replication-configuration", config("eu-west-1", "111122223333", "PREFIX_MATCH")).stderr())
                .contains("InvalidParameterException").contains("another account");
        assertThat(cli.run("ecr", "put-replication-configuration", "--replication-configuration", config("us-east-1", "000000000000", "PREFIX_MATCH")).stderr())
                .contains("InvalidParameterException");
        assertThat(cli.run("ecr", "put-replication-configuration", "--replication-configuration", config("eu-west-1", "000000000000", "SUFFIX_MATCH")).stderr())
                .contains("ValidationException");
        assertThat(cli.run("ecr", "put-replication-configuration", "--replication-configuration", config("EU_WEST_1", "000000000000", "PREFIX_MATCH")).stderr())
                .contains("ValidationException");
        assertThat(cli.run("ecr", "describe-image-replication-status", "--repository-name", "prod/web", "--image-id", "imageTag=none").stderr())
                .contains("ImageNotFoundException");
        assertThat(cli.run("ecr", "describe-image-replication-status", "--repository-name", "prod/none", "--image-id", "imageTag=v1").stderr())
                .contains("RepositoryNotFoundException");
    }

    @Test
    @Order(2)
    void aPushToACoveredRepositoryIsInEachDestinationRegion() {
        JsonNode put = cli.run("ecr", "put-replication-configuration", "--replication-configuration", RULES).ok();
        assertThat(put.at("/replicationConfiguration/rules/0/destinations")).hasSize(2);
        JsonNode rules = cli.run("ecr", "describe-registry").ok().at("/replicationConfiguration/rules");
        assertThat(rules.get(0).at("/repositoryFilters/0/filter").asText()).isEqualTo("prod");
        assertThat(rules.get(0).at("/destinations/1/region").asText()).isEqualTo("us-west-2");

        for (String repo : new String[] {"prod/web", "dev/web"}) {
            docker("tag", Docker.BUSYBOX, host + "/" + repo + ":v1").ok();
            docker("push", host + "/" + repo + ":v1").ok();
        }
        JsonNode status = cli.run("ecr", "describe-image-replication-status", "--repository-name", "prod/web", "--image-id", "imageTag=v1").ok();
        String digest = status.at("/imageId/imageDigest").asText();
        assertThat(digest).startsWith("sha256:");
        assertThat(status.at("/replicationStatuses")).as(status.toString()).hasSize(2);
        assertThat(status.at("/replicationStatuses/0/region").asText()).isEqualTo("eu-west-1");
        assertThat(status.at("/replicationStatuses/0/registryId").asText()).isEqualTo("000000000000");
        assertThat(status.at("/replicationStatuses/0/status").asText()).isEqualTo("COMPLETE");
        assertThat(status.at("/replicationStatuses/1/status").asText()).isEqualTo("COMPLETE");
        assertThat(cli.run("ecr", "describe-image-replication-status", "--repository-name", "dev/web", "--image-id", "imageTag=v1").ok()
                .at("/replicationStatuses")).as("no rule covers dev/").isEmpty();

        JsonNode there = cli.run("--region", "eu-west-1", "ecr", "describe-images", "--repository-name", "prod/web", "--image-ids", "imageTag=v1").ok();
        assertThat(there.at("/imageDetails/0/imageDigest").asText()).isEqualTo(digest);
        JsonNode got = cli.run("--region", "us-west-2", "ecr", "batch-get-image", "--repository-name", "prod/web", "--image-ids", "imageTag=v1").ok();
        assertThat(got.at("/images/0/imageManifest").asText()).contains("layers");
        assertThat(cli.run("--region", "eu-west-1", "ecr", "describe-repositories", "--repository-names", "prod/web").ok()
                .at("/repositories/0/repositoryArn").asText()).isEqualTo("arn:aws:ecr:eu-west-1:000000000000:repository/prod/web");

        docker("rmi", host + "/prod/web:v1").ok();
        docker("pull", host + "/prod/web:v1").ok();
        assertThat(docker("run", "--rm", host + "/prod/web:v1", "echo", "replicated").ok().out().strip()).isEqualTo("replicated");
    }

    @Test
    @Order(3)
    void theConfigurationAndTheStatusesSurviveARestart() {
        dockyard.process().terminate();
        dockyard.process().start();
        JsonNode rules = cli.run("ecr", "describe-registry").ok().at("/replicationConfiguration/rules");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).at("/destinations/0/region").asText()).isEqualTo("eu-west-1");
        JsonNode status = cli.run("ecr", "describe-image-replication-status", "--repository-name", "prod/web", "--image-id", "imageTag=v1").ok();
        assertThat(status.at("/replicationStatuses")).hasSize(2);

        JsonNode cleared = cli.run("ecr", "put-replication-configuration", "--replication-configuration", "{\"rules\":[]}").ok();
        assertThat(cleared.at("/replicationConfiguration/rules")).isEmpty();
        assertThat(cli.run("ecr", "describe-registry").ok().at("/replicationConfiguration/rules")).isEmpty();
    }
}
