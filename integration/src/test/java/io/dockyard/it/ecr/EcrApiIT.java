package io.dockyard.it.ecr;

import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The ECR API through the AWS SDK v2 and the AWS CLI: repositories, images, layers, policies, tags. */
class EcrApiIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();
    private EcrClient ecr;

    @BeforeEach
    void setUp() { ecr = Sdk.ecr(dockyard.endpoint()); }

    @AfterEach
    void tearDown() { ecr.close(); }

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";

    @Test
    void repositoriesTagsPoliciesAndTokens() {
        Repository repo = ecr.createRepository(b -> b.repositoryName("team/api").imageTagMutability(ImageTagMutability.IMMUTABLE)
                .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey("alias/mine"))
                .imageScanningConfiguration(s -> s.scanOnPush(true))
                .tags(Tag.builder().key("team").value("core").build())).repository();
        String port = String.valueOf(dockyard.process().port());
        assertThat(repo.repositoryArn()).isEqualTo("arn:aws:ecr:us-east-1:000000000000:repository/team/api");
        assertThat(repo.repositoryUri()).isEqualTo("localhost:" + port + "/team/api");
        assertThat(repo.registryId()).isEqualTo("000000000000");
        assertThat(repo.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(repo.encryptionConfiguration().kmsKey()).isEqualTo("alias/mine");
        assertThat(repo.imageScanningConfiguration().scanOnPush()).isTrue();
        assertThat(repo.createdAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        ecr.createRepository(b -> b.repositoryName("team/web"));

        assertThatThrownBy(() -> ecr.createRepository(b -> b.repositoryName("team/api"))).isInstanceOf(RepositoryAlreadyExistsException.class);
        assertThatThrownBy(() -> ecr.createRepository(b -> b.repositoryName("Team/API"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecr.createRepository(b -> b.repositoryName("ok").tags(Tag.builder().key("aws:x").value("y").build())))
                .isInstanceOf(InvalidTagParameterException.class);
        assertThatThrownBy(() -> ecr.describeRepositories(b -> b.repositoryNames("nope"))).isInstanceOf(RepositoryNotFoundException.class);

        DescribeRepositoriesResponse page = ecr.describeRepositories(b -> b.maxResults(1));
        assertThat(page.repositories()).extracting(Repository::repositoryName).containsExactly("team/api");
        assertThat(ecr.describeRepositories(b -> b.nextToken(page.nextToken())).repositories()).extracting(Repository::repositoryName).containsExactly("team/web");
        assertThat(ecr.describeRepositoriesPaginator(b -> b.maxResults(1)).repositories()).hasSize(2);

        assertThat(ecr.putImageTagMutability(b -> b.repositoryName("team/api").imageTagMutability(ImageTagMutability.MUTABLE)).imageTagMutability())
                .isEqualTo(ImageTagMutability.MUTABLE);

        ecr.tagResource(b -> b.resourceArn(repo.repositoryArn()).tags(Tag.builder().key("env").value("prod").build()));
        ecr.untagResource(b -> b.resourceArn(repo.repositoryArn()).tagKeys("team"));
        assertThat(ecr.listTagsForResource(b -> b.resourceArn(repo.repositoryArn())).tags()).containsExactly(Tag.builder().key("env").value("prod").build());
        assertThatThrownBy(() -> ecr.listTagsForResource(b -> b.resourceArn("arn:aws:ecr:us-east-1:000000000000:repository/missing")))
                .isInstanceOf(RepositoryNotFoundException.class);
        assertThatThrownBy(() -> ecr.listTagsForResource(b -> b.resourceArn("not-an-arn"))).isInstanceOf(InvalidParameterException.class);

        assertThatThrownBy(() -> ecr.getRepositoryPolicy(b -> b.repositoryName("team/api"))).isInstanceOf(RepositoryPolicyNotFoundException.class);
        assertThatThrownBy(() -> ecr.setRepositoryPolicy(b -> b.repositoryName("team/api").policyText("{\"Statement\":[{\"Effect\":\"Maybe\"}]}")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecr.setRepositoryPolicy(b -> b.repositoryName("team/api").policyText("not json"))).isInstanceOf(InvalidParameterException.class);
        ecr.setRepositoryPolicy(b -> b.repositoryName("team/api").policyText(POLICY));
        assertThat(ecr.getRepositoryPolicy(b -> b.repositoryName("team/api")).policyText()).isEqualTo(POLICY);
        assertThat(ecr.deleteRepositoryPolicy(b -> b.repositoryName("team/api")).policyText()).isEqualTo(POLICY);
        assertThatThrownBy(() -> ecr.deleteRepositoryPolicy(b -> b.repositoryName("team/api"))).isInstanceOf(RepositoryPolicyNotFoundException.class);

        assertThat(ecr.describeRegistry(b -> {}).registryId()).isEqualTo("000000000000");

        AuthorizationData auth = ecr.getAuthorizationToken(b -> {}).authorizationData().get(0);
        assertThat(auth.proxyEndpoint()).isEqualTo("http://localhost:" + port);
        assertThat(auth.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(12)), within(Duration.ofMinutes(1)));
        assertThat(new String(Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8)).startsWith("AWS:");

        OciClient oci = OciClient.login(dockyard.endpoint());
        oci.pushImage("team/web", "v1", "{}", null, null, "layer");
        assertThatThrownBy(() -> ecr.deleteRepository(b -> b.repositoryName("team/web"))).isInstanceOf(RepositoryNotEmptyException.class);
        assertThat(ecr.describeImages(b -> b.repositoryName("team/web")).imageDetails()).hasSize(1);
        assertThat(ecr.deleteRepository(b -> b.repositoryName("team/web").force(true)).repository().repositoryName()).isEqualTo("team/web");
        assertThat(oci.send("GET", "/v2/team/web/manifests/v1", null).statusCode()).isEqualTo(404);
        ecr.deleteRepository(b -> b.repositoryName("team/api"));
        assertThat(ecr.describeRepositories(b -> {}).repositories()).isEmpty();
    }

    private String uploadLayer(String repo, byte[] data) {
        String id = ecr.initiateLayerUpload(b -> b.repositoryName(repo)).uploadId();
        ecr.uploadLayerPart(b -> b.repositoryName(repo).uploadId(id).partFirstByte(0L).partLastByte((long) data.length - 1).layerPartBlob(SdkBytes.fromByteArray(data)));
        return ecr.completeLayerUpload(b -> b.repositoryName(repo).uploadId(id).layerDigests(OciClient.sha256(data))).layerDigest();
    }

    private static String manifest(String config, int configSize, String layer, int layerSize) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + configSize + ",\"digest\":\"" + config + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layerSize + ",\"digest\":\"" + layer + "\"}]}";
    }

    @Test
    void layersAndImagesThroughTheApi() throws Exception {
        ecr.createRepository(b -> b.repositoryName("api-push"));
        byte[] part1 = "first part|".getBytes(StandardCharsets.UTF_8);
        byte[] part2 = "second part".getBytes(StandardCharsets.UTF_8);
        String id = ecr.initiateLayerUpload(b -> b.repositoryName("api-push")).uploadId();
        assertThatThrownBy(() -> ecr.completeLayerUpload(b -> b.repositoryName("api-push").uploadId(id).layerDigests(OciClient.sha256(part1))))
                .isInstanceOf(EmptyUploadException.class);
        assertThat(ecr.uploadLayerPart(b -> b.repositoryName("api-push").uploadId(id).partFirstByte(0L).partLastByte(10L)
                .layerPartBlob(SdkBytes.fromByteArray(part1))).lastByteReceived()).isEqualTo(10L);
        assertThatThrownBy(() -> ecr.uploadLayerPart(b -> b.repositoryName("api-push").uploadId(id).partFirstByte(20L).partLastByte(30L)
                .layerPartBlob(SdkBytes.fromByteArray(part2)))).isInstanceOf(InvalidLayerPartException.class);
        ecr.uploadLayerPart(b -> b.repositoryName("api-push").uploadId(id).partFirstByte(11L).partLastByte(21L).layerPartBlob(SdkBytes.fromByteArray(part2)));
        assertThatThrownBy(() -> ecr.completeLayerUpload(b -> b.repositoryName("api-push").uploadId(id).layerDigests(OciClient.sha256(part1))))
                .isInstanceOf(InvalidLayerException.class);
        byte[] whole = "first part|second part".getBytes(StandardCharsets.UTF_8);
        String layer = ecr.completeLayerUpload(b -> b.repositoryName("api-push").uploadId(id).layerDigests(OciClient.sha256(whole))).layerDigest();
        assertThat(layer).isEqualTo(OciClient.sha256(whole));
        assertThatThrownBy(() -> ecr.uploadLayerPart(b -> b.repositoryName("api-push").uploadId(id).partFirstByte(22L).partLastByte(22L)
                .layerPartBlob(SdkBytes.fromByteArray(new byte[1])))).isInstanceOf(UploadNotFoundException.class);
        assertThatThrownBy(() -> uploadLayer("api-push", whole)).isInstanceOf(LayerAlreadyExistsException.class);
        byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String configDigest = uploadLayer("api-push", config);

        BatchCheckLayerAvailabilityResponse check = ecr.batchCheckLayerAvailability(b -> b.repositoryName("api-push")
                .layerDigests(layer, OciClient.sha256("missing".getBytes()), "sha256:zz"));
        assertThat(check.layers()).singleElement().satisfies(l -> {
            assertThat(l.layerAvailability()).isEqualTo(LayerAvailability.AVAILABLE);
            assertThat(l.layerSize()).isEqualTo((long) whole.length);
        });
        assertThat(check.failures()).extracting(LayerFailure::failureCode).containsExactly(LayerFailureCode.MISSING_LAYER_DIGEST, LayerFailureCode.INVALID_LAYER_DIGEST);

        String url = ecr.getDownloadUrlForLayer(b -> b.repositoryName("api-push").layerDigest(layer)).downloadUrl();
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(whole);
        assertThatThrownBy(() -> ecr.getDownloadUrlForLayer(b -> b.repositoryName("api-push").layerDigest(OciClient.sha256("x".getBytes()))))
                .isInstanceOf(LayersNotFoundException.class);

        String m = manifest(configDigest, config.length, layer, whole.length);
        String digest = OciClient.sha256(m.getBytes(StandardCharsets.UTF_8));
        Image image = ecr.putImage(b -> b.repositoryName("api-push").imageManifest(m).imageTag("v1")).image();
        assertThat(image.imageId().imageDigest()).isEqualTo(digest);
        assertThat(image.imageManifestMediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("api-push").imageManifest(m).imageTag("v1"))).isInstanceOf(ImageAlreadyExistsException.class);
        assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("api-push").imageManifest(m).imageTag("v9").imageDigest(OciClient.sha256("x".getBytes()))))
                .isInstanceOf(ImageDigestDoesNotMatchException.class);
        String missing = manifest(configDigest, config.length, OciClient.sha256("absent".getBytes()), 6);
        assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("api-push").imageManifest(missing).imageTag("v2"))).isInstanceOf(LayersNotFoundException.class);
        assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("api-push").imageManifest("{oops").imageTag("v2"))).isInstanceOf(InvalidParameterException.class);
        ecr.putImage(b -> b.repositoryName("api-push").imageManifest(m).imageTag("stable").imageDigest(digest));

        ecr.putImageTagMutability(b -> b.repositoryName("api-push").imageTagMutability(ImageTagMutability.IMMUTABLE));
        String other = manifest(configDigest, config.length, layer, whole.length).replace("\"schemaVersion\":2,", "\"schemaVersion\":2 ,");
        assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("api-push").imageManifest(other).imageTag("v1"))).isInstanceOf(ImageTagAlreadyExistsException.class);
        ecr.putImage(b -> b.repositoryName("api-push").imageManifest(other).imageTag("v2"));

        BatchGetImageResponse got = ecr.batchGetImage(b -> b.repositoryName("api-push").imageIds(
                ImageIdentifier.builder().imageTag("v1").build(), ImageIdentifier.builder().imageTag("nope").build()));
        assertThat(got.images()).singleElement().satisfies(i -> assertThat(i.imageManifest()).isEqualTo(m));
        assertThat(got.failures()).singleElement().satisfies(f -> assertThat(f.failureCode()).isEqualTo(ImageFailureCode.IMAGE_NOT_FOUND));
    }

    @Test
    void describeListAndDeleteImages() {
        ecr.createRepository(b -> b.repositoryName("gallery"));
        OciClient oci = OciClient.login(dockyard.endpoint());
        OciClient.Pushed a = oci.pushImage("gallery", "a1", "{\"n\":1}", null, null, "one");
        oci.putManifest("gallery", "a2", OciClient.OCI_MANIFEST, a.manifest());
        OciClient.Pushed b = oci.pushImage("gallery", "tmp", "{\"n\":2}", null, null, "two");
        oci.send("DELETE", "/v2/gallery/manifests/tmp", null);

        assertThat(ecr.listImages(r -> r.repositoryName("gallery")).imageIds()).hasSize(3);
        assertThat(ecr.listImages(r -> r.repositoryName("gallery").filter(f -> f.tagStatus(TagStatus.UNTAGGED))).imageIds())
                .containsExactly(ImageIdentifier.builder().imageDigest(b.digest()).build());
        var cli = dockyard.cli().run("ecr", "list-images", "--repository-name", "gallery", "--filter", "tagStatus=TAGGED").ok();
        assertThat(cli.path("imageIds")).hasSize(2);

        ImageDetail detail = ecr.describeImages(r -> r.repositoryName("gallery").imageIds(ImageIdentifier.builder().imageTag("a2").build())).imageDetails().get(0);
        assertThat(detail.imageDigest()).isEqualTo(a.digest());
        assertThat(detail.imageTags()).containsExactly("a1", "a2");
        assertThat(detail.imageSizeInBytes()).isEqualTo(a.manifest().length() + "{\"n\":1}".length() + "one".length());
        assertThat(detail.imageManifestMediaType()).isEqualTo(OciClient.OCI_MANIFEST);
        assertThat(detail.artifactMediaType()).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(detail.imagePushedAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThat(detail.lastRecordedPullTime()).isNull();
        oci.send("GET", "/v2/gallery/manifests/a1", null);
        assertThat(ecr.describeImages(r -> r.repositoryName("gallery").imageIds(ImageIdentifier.builder().imageDigest(a.digest()).build()))
                .imageDetails().get(0).lastRecordedPullTime()).isNotNull();
        assertThat(ecr.describeImages(r -> r.repositoryName("gallery").filter(f -> f.tagStatus(TagStatus.UNTAGGED))).imageDetails())
                .extracting(ImageDetail::imageDigest).containsExactly(b.digest());
        assertThatThrownBy(() -> ecr.describeImages(r -> r.repositoryName("gallery").imageIds(ImageIdentifier.builder().imageTag("zzz").build())))
                .isInstanceOf(ImageNotFoundException.class);
        var missingRepo = dockyard.cli().run("ecr", "describe-images", "--repository-name", "missing-repo");
        assertThat(missingRepo.exitCode()).isNotZero();
        assertThat(missingRepo.stderr()).contains("RepositoryNotFoundException");

        BatchDeleteImageResponse untag = ecr.batchDeleteImage(r -> r.repositoryName("gallery").imageIds(
                ImageIdentifier.builder().imageTag("a2").build(), ImageIdentifier.builder().imageTag("ghost").build(),
                ImageIdentifier.builder().imageTag("a1").imageDigest(b.digest()).build()));
        assertThat(untag.imageIds()).containsExactly(ImageIdentifier.builder().imageDigest(a.digest()).imageTag("a2").build());
        assertThat(untag.failures()).extracting(ImageFailure::failureCode).containsExactly(ImageFailureCode.IMAGE_NOT_FOUND, ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST);
        assertThat(oci.send("GET", "/v2/gallery/manifests/a1", null).statusCode()).isEqualTo(200);
        BatchDeleteImageResponse lastTag = ecr.batchDeleteImage(r -> r.repositoryName("gallery").imageIds(ImageIdentifier.builder().imageTag("a1").build()));
        assertThat(lastTag.imageIds()).hasSize(1);
        assertThat(oci.send("GET", "/v2/gallery/manifests/" + a.digest(), null).statusCode()).as("removing the last tag deletes the image").isEqualTo(404);
        ecr.batchDeleteImage(r -> r.repositoryName("gallery").imageIds(ImageIdentifier.builder().imageDigest(b.digest()).build()));
        assertThat(ecr.listImages(r -> r.repositoryName("gallery")).imageIds()).isEmpty();
        assertThat(List.of(ecr.describeRegistry(r -> {}).registryId())).containsExactly("000000000000");
    }

    @Test
    void registryPolicyAndAccountSettings() {
        assertThatThrownBy(() -> ecr.getRegistryPolicy(b -> { })).isInstanceOf(RegistryPolicyNotFoundException.class);
        PutRegistryPolicyResponse put = ecr.putRegistryPolicy(b -> b.policyText(POLICY));
        assertThat(put.registryId()).isEqualTo("000000000000");
        assertThat(ecr.getRegistryPolicy(b -> { }).policyText()).isEqualTo(POLICY);
        assertThatThrownBy(() -> ecr.putRegistryPolicy(b -> b.policyText("{not a policy"))).isInstanceOf(InvalidParameterException.class);
        assertThat(ecr.deleteRegistryPolicy(b -> { }).policyText()).isEqualTo(POLICY);
        assertThatThrownBy(() -> ecr.deleteRegistryPolicy(b -> { })).isInstanceOf(RegistryPolicyNotFoundException.class);

        assertThat(ecr.getAccountSetting(b -> b.name("BASIC_SCAN_TYPE_VERSION")).value()).isEqualTo("AWS_NATIVE");
        assertThat(ecr.putAccountSetting(b -> b.name("REGISTRY_POLICY_SCOPE").value("V1")).value()).isEqualTo("V1");
        assertThat(ecr.getAccountSetting(b -> b.name("REGISTRY_POLICY_SCOPE")).value()).isEqualTo("V1");
        assertThatThrownBy(() -> ecr.putAccountSetting(b -> b.name("REGISTRY_POLICY_SCOPE").value("V9"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecr.getAccountSetting(b -> b.name("NOPE"))).isInstanceOf(ValidationException.class);
        ecr.putAccountSetting(b -> b.name("REGISTRY_POLICY_SCOPE").value("V2"));
    }
}
