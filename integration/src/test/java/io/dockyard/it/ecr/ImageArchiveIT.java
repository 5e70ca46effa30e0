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
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * UpdateImageStorageClass with the AWS CLI v1 and docker: an archived image (and its signature, a referrer) is ARCHIVED in
 * DescribeImages and ListImageReferrers, left out of listings without {@code imageStatus}, refused by {@code docker pull}
 * and BatchGetImage; restoring goes through ACTIVATING (the restore delay, 3 s here) to ACTIVE, and docker pulls it again.
 */
class ImageArchiveIT {
    private static final String SIGNATURE = "application/vnd.cncf.notary.signature";

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").env("DOCKYARD_ECR_RESTORE_DELAY", "3s").withTestImage();

    private static AwsCli cli;
    private static String host, image;
    private static Map<String, String> env;

    @BeforeAll
    static void push() throws Exception {
        cli = dockyard.cli();
        host = "localhost:" + dockyard.process().port();
        image = host + "/archive/app:v1";
        env = Map.of("DOCKER_CONFIG", Files.createTempDirectory("docker-config-").toString());
        Cmd.run(env, cli.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin", host).ok();
        cli.run("ecr", "create-repository", "--repository-name", "archive/app").ok();
        Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
        Cmd.run(env, null, "docker", "push", image).ok();
    }

    @AfterAll
    static void removeImages() {
        Cmd.run(env, null, "docker", "rmi", "-f", image);
    }

    private static JsonNode describe(String status) {
        return status == null ? cli.run("ecr", "describe-images", "--repository-name", "archive/app").ok().at("/imageDetails")
                : cli.run("ecr", "describe-images", "--repository-name", "archive/app", "--filter", "imageStatus=" + status).ok().at("/imageDetails");
    }

    private static String status(String digest) {
        return cli.run("ecr", "describe-images", "--repository-name", "archive/app", "--image-ids", "imageDigest=" + digest).ok().at("/imageDetails/0/imageStatus").asText();
    }

    @Test
    void anArchivedImageCannotBePulledUntilRestored() {
        String digest = cli.run("ecr", "describe-images", "--repository-name", "archive/app", "--image-ids", "imageTag=v1").ok().at("/imageDetails/0/imageDigest").asText();
        OciClient oci = OciClient.login("http://" + host);
        String signature = oci.pushImage("archive/app", "sig", "{}", digest, SIGNATURE).digest();
        assertThat(status(digest)).isEqualTo("ACTIVE");
        assertThat(cli.run("ecr", "update-image-storage-class", "--repository-name", "archive/app", "--image-id", "imageTag=v1",
                "--target-storage-class", "STANDARD").stderr()).contains("ImageStorageClassUpdateNotSupportedException");
        assertThat(cli.run("ecr", "update-image-storage-class", "--repository-name", "archive/app", "--image-id", "imageTag=none",
                "--target-storage-class", "ARCHIVE").stderr()).contains("ImageNotFoundException");
        assertThat(cli.run("ecr", "update-image-storage-class", "--repository-name", "archive/app", "--image-id", "imageTag=v1",
                "--target-storage-class", "GLACIER").stderr()).contains("ValidationException");

        JsonNode archived = cli.run("ecr", "update-image-storage-class", "--repository-name", "archive/app", "--image-id", "imageTag=v1",
                "--target-storage-class", "ARCHIVE").ok();
        assertThat(archived.at("/imageStatus").asText()).isEqualTo("ARCHIVED");
        assertThat(archived.at("/imageId/imageDigest").asText()).isEqualTo(digest);
        JsonNode detail = cli.run("ecr", "describe-images", "--repository-name", "archive/app", "--image-ids", "imageTag=v1").ok().at("/imageDetails/0");
        assertThat(detail.at("/imageStatus").asText()).isEqualTo("ARCHIVED");
        assertThat(detail.at("/lastArchivedAt").isNumber()).as(detail.toString()).isTrue();
        assertThat(describe(null)).as("only ACTIVE images without a filter").isEmpty();
        assertThat(describe("ARCHIVED")).hasSize(2);
        assertThat(cli.run("ecr", "list-images", "--repository-name", "archive/app", "--filter", "imageStatus=ANY").ok().at("/imageIds")).hasSize(2);
        JsonNode referrers = cli.run("ecr", "list-image-referrers", "--repository-name", "archive/app", "--subject-id", "imageDigest=" + digest,
                "--filter", "artifactStatus=ARCHIVED").ok().at("/referrers");
        assertThat(referrers).hasSize(1);
        assertThat(referrers.get(0).at("/digest").asText()).isEqualTo(signature);
        assertThat(referrers.get(0).at("/artifactStatus").asText()).isEqualTo("ARCHIVED");
        assertThat(cli.run("ecr", "list-image-referrers", "--repository-name", "archive/app", "--subject-id", "imageDigest=" + digest).ok().at("/referrers")).isEmpty();
        assertThat(cli.run("ecr", "batch-get-image", "--repository-name", "archive/app", "--image-ids", "imageTag=v1").ok()
                .at("/failures/0/failureCode").asText()).isEqualTo("ImageInaccessible");

        Cmd.run(env, null, "docker", "rmi", "-f", image).ok();
        Cmd.Result refused = Cmd.run(env, null, "docker", "pull", image);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err() + refused.out()).contains("not found");

        JsonNode restoring = cli.run("ecr", "update-image-storage-class", "--repository-name", "archive/app", "--image-id", "imageTag=v1",
                "--target-storage-class", "STANDARD").ok();
        assertThat(restoring.at("/imageStatus").asText()).isEqualTo("ACTIVATING");
        assertThat(describe("ACTIVATING")).hasSize(2);
        assertThat(Cmd.run(env, null, "docker", "pull", image).exit()).as("still activating").isNotZero();
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> status(digest).equals("ACTIVE"));
        System.out.printf("[archive] ACTIVATING -> ACTIVE after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(cli.run("ecr", "describe-images", "--repository-name", "archive/app", "--image-ids", "imageTag=v1").ok()
                .at("/imageDetails/0/lastActivatedAt").isNumber()).isTrue();
        Cmd.run(env, null, "docker", "pull", image).ok();
        assertThat(Cmd.run(env, null, "docker", "run", "--rm", image, "echo", "restored").ok().out().strip()).isEqualTo("restored");
        assertThat(cli.run("ecr", "list-image-referrers", "--repository-name", "archive/app", "--subject-id", "imageDigest=" + digest).ok()
                .at("/referrers/0/artifactStatus").asText()).isEqualTo("ACTIVE");
    }
}
