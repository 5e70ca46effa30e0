package io.dockyard.it.ecr;

import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyPreviewResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Lifecycle policies really expire images on their schedule (here every second), and garbage
 * collection then frees the bytes only the expired images used. Runs its own Dockyard with short intervals.
 */
class LifecycleIT {
    private static DockyardProcess dockyard;
    private static EcrClient ecr;

    @BeforeAll
    static void start() {
        dockyard = new DockyardProcess()
                .env("DOCKYARD_ECR_LIFECYCLE_INTERVAL", "1s")
                .env("DOCKYARD_REGISTRY_GC_INTERVAL", "1s")
                .env("DOCKYARD_REGISTRY_GC_GRACE", "1s")
                .start();
        ecr = Sdk.ecr(dockyard.endpoint());
    }

    @AfterAll
    static void stop() {
        if (ecr != null) ecr.close();
        if (dockyard != null) dockyard.close();
    }

    static final String POLICY = """
            {"rules":[
              {"rulePriority":1,"description":"keep the last release","selection":{"tagStatus":"tagged","tagPrefixList":["release"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},
              {"rulePriority":2,"description":"one untagged image","selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}
            ]}""";

    private List<String> remaining() {
        return ecr.listImages(b -> b.repositoryName("life")).imageIds().stream()
                .map(i -> i.imageTag() == null ? i.imageDigest() : i.imageTag()).sorted().toList();
    }

    private Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return dockyard.dataDir().resolve("registry/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    @Test
    void aPolicyExpiresImagesOnScheduleAndGcFreesTheirBytes() {
        ecr.createRepository(b -> b.repositoryName("life"));
        OciClient oci = OciClient.login(dockyard.endpoint());
        OciClient.Pushed release1 = oci.pushImage("life", "release-1", "{\"n\":1}", null, null, "only in release-1");
        oci.pushImage("life", "release-2", "{\"n\":2}", null, null, "shared layer");
        oci.pushImage("life", "dev", "{\"n\":3}", null, null, "shared layer");
        OciClient.Pushed u1 = oci.pushImage("life", "tmp", "{\"n\":4}", null, null, "u1");
        oci.send("DELETE", "/v2/life/manifests/tmp", null);
        OciClient.Pushed u2 = oci.pushImage("life", "tmp", "{\"n\":5}", null, null, "u2");
        oci.send("DELETE", "/v2/life/manifests/tmp", null);

        assertThatThrownBy(() -> ecr.getLifecyclePolicy(b -> b.repositoryName("life"))).isInstanceOf(LifecyclePolicyNotFoundException.class);
        assertThatThrownBy(() -> ecr.putLifecyclePolicy(b -> b.repositoryName("life").lifecyclePolicyText(POLICY.replace("imageCountMoreThan", "sometimes"))))
                .isInstanceOf(InvalidParameterException.class);

        // preview first: nothing is deleted by it
        assertThat(ecr.startLifecyclePolicyPreview(b -> b.repositoryName("life").lifecyclePolicyText(POLICY)).status()).isEqualTo(LifecyclePolicyPreviewStatus.IN_PROGRESS);
        GetLifecyclePolicyPreviewResponse preview = ecr.waiter().waitUntilLifecyclePolicyPreviewComplete(b -> b.repositoryName("life"))
                .matched().response().orElseThrow();
        assertThat(preview.summary().expiringImageTotalCount()).isEqualTo(2);
        assertThat(preview.previewResults()).extracting(r -> r.imageDigest() + "@" + r.appliedRulePriority())
                .containsExactlyInAnyOrder(release1.digest() + "@1", u1.digest() + "@2");
        assertThat(remaining()).hasSize(5);

        ecr.putLifecyclePolicy(b -> b.repositoryName("life").lifecyclePolicyText(POLICY));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(remaining()).containsExactlyInAnyOrder("dev", "release-2", u2.digest()));
        assertThat(ecr.getLifecyclePolicy(b -> b.repositoryName("life")).lastEvaluatedAt()).isNotNull();
        assertThat(ecr.describeImages(b -> b.repositoryName("life").imageIds(ImageIdentifier.builder().imageTag("release-2").build())).imageDetails()).hasSize(1);
        assertThat(oci.send("GET", "/v2/life/manifests/release-1", null).statusCode()).isEqualTo(404);

        // the layer only release-1 used is collected; the shared one stays
        String onlyRelease1 = release1.layers().get(0);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> !Files.exists(blobFile(onlyRelease1)));
        assertThat(oci.send("HEAD", "/v2/life/blobs/" + onlyRelease1, null).statusCode()).isEqualTo(404);
        assertThat(oci.send("GET", "/v2/life/manifests/release-2", null).statusCode()).isEqualTo(200);
        String shared = OciClient.sha256("shared layer".getBytes());
        assertThat(blobFile(shared)).exists();

        assertThat(ecr.deleteLifecyclePolicy(b -> b.repositoryName("life")).lifecyclePolicyText()).isEqualTo(POLICY);
        assertThatThrownBy(() -> ecr.deleteLifecyclePolicy(b -> b.repositoryName("life"))).isInstanceOf(LifecyclePolicyNotFoundException.class);
    }
}
