package io.dockyard.it.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing configuration with the AWS CLI v1: Put/Get/Delete validated as ECR; DescribeImageSigningStatus of an image
 * pushed with docker is FAILED for each covering rule's profile until a Notation signature (an OCI referrer whose subject is
 * the image, pushed as {@code notation sign} pushes it) exists, then COMPLETE; images no rule covers report nothing.
 */
class SigningStatusIT {
    private static final String PROFILE = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/prod_signer";
    private static final String CONFIG = "{\"rules\":[{\"signingProfileArn\":\"" + PROFILE + "\",\"repositoryFilters\":[{\"filter\":\"signed/*\",\"filterType\":\"WILDCARD_MATCH\"}]}]}";

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage();

    private static AwsCli cli;
    private static String host;
    private static Map<String, String> env;

    @BeforeAll
    static void push() throws Exception {
        cli = dockyard.cli();
        host = "localhost:" + dockyard.process().port();
        env = Map.of("DOCKER_CONFIG", Files.createTempDirectory("docker-config-").toString());
        Cmd.run(env, cli.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", host).ok();
        for (String repo : new String[] {"signed/app", "plain/app"}) {
            cli.run("ecr", "create-repository", "--repository-name", repo).ok();
            Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, host + "/" + repo + ":v1").ok();
            Cmd.run(env, null, "docker", "push", host + "/" + repo + ":v1").ok();
        }
    }

    @AfterAll
    static void removeImages() {
        Cmd.run(env, null, "docker", "rmi", "-f", host + "/signed/app:v1", host + "/plain/app:v1");
    }

    @Test
    void statusFollowsTheSignatureReferrer() {
        assertThat(cli.run("ecr", "get-signing-configuration").stderr()).contains("SigningConfigurationNotFoundException");
        assertThat(cli.run("ecr", "delete-signing-configuration").stderr()).contains("SigningConfigurationNotFoundException");
        assertThat(cli.run("ecr", "put-signing-configuration", "--signing-configuration",
                "{\"rules\":[{\"signingProfileArn\":\"arn:aws:signer:us-east-1:000000000000:prod\"}]}").stderr()).contains("ValidationException");
        assertThat(cli.run("ecr", "put-signing-configuration", "--signing-configuration", CONFIG.replace("WILDCARD_MATCH", "PREFIX_MATCH")).stderr())
                .contains("ValidationException");

        assertThat(cli.run("ecr", "put-signing-configuration", "--signing-configuration", CONFIG).ok().at("/signingConfiguration/rules/0/signingProfileArn").asText())
                .isEqualTo(PROFILE);
        JsonNode got = cli.run("ecr", "get-signing-configuration").ok();
        assertThat(got.at("/registryId").asText()).isEqualTo("000000000000");
        assertThat(got.at("/signingConfiguration/rules/0/repositoryFilters/0/filter").asText()).isEqualTo("signed/*");

        JsonNode unsigned = cli.run("ecr", "describe-image-signing-status", "--repository-name", "signed/app", "--image-id", "imageTag=v1").ok();
        assertThat(unsigned.at("/signingStatuses")).hasSize(1);
        assertThat(unsigned.at("/signingStatuses/0/signingProfileArn").asText()).isEqualTo(PROFILE);
        assertThat(unsigned.at("/signingStatuses/0/status").asText()).isEqualTo("FAILED");
        assertThat(unsigned.at("/signingStatuses/0/failureCode").asText()).isNotEmpty();
        assertThat(cli.run("ecr", "describe-image-signing-status", "--repository-name", "plain/app", "--image-id", "imageTag=v1").ok()
                .at("/signingStatuses")).as("no rule covers plain/").isEmpty();
        assertThat(cli.run("ecr", "describe-image-signing-status", "--repository-name", "signed/app", "--image-id", "imageTag=none").stderr())
                .contains("ImageNotFoundException");

        String digest = unsigned.at("/imageId/imageDigest").asText();
        OciClient.login("http://" + host).pushImage("signed/app", "sha256-" + digest.substring(7), "{}", digest, "application/vnd.cncf.notary.signature");
        assertThat(cli.run("ecr", "list-image-referrers", "--repository-name", "signed/app", "--subject-id", "imageDigest=" + digest).ok().at("/referrers")).hasSize(1);
        JsonNode signed = cli.run("ecr", "describe-image-signing-status", "--repository-name", "signed/app", "--image-id", "imageDigest=" + digest).ok();
        assertThat(signed.at("/signingStatuses/0/status").asText()).as(signed.toString()).isEqualTo("COMPLETE");
        assertThat(signed.at("/signingStatuses/0/failureCode").isMissingNode()).isTrue();

        assertThat(cli.run("ecr", "delete-signing-configuration").ok().at("/signingConfiguration/rules/0/signingProfileArn").asText()).isEqualTo(PROFILE);
        assertThat(cli.run("ecr", "get-signing-configuration").stderr()).contains("SigningConfigurationNotFoundException");
    }
}
