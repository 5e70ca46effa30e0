package io.dockyard.it.ecr;

import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's loose corners of issue 15: a failed upload close discards what it appended (a
 * retried close behaves as a first one), a manifest PUT must carry a manifest media type, and tags
 * are 128 characters on {@code /v2} (the OCI spec) and 300 through the ECR API.
 */
class RegistryCornersIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    private OciClient login(String repo) {
        try (var ecr = Sdk.ecr(dockyard.endpoint())) {
            ecr.createRepository(b -> b.repositoryName(repo));
        }
        return OciClient.login(dockyard.endpoint());
    }

    @Test
    void aRetriedCloseAfterAFailedOneBehavesAsTheFirst() {
        OciClient oci = login("corners/retry");
        byte[] head = "first half,".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "second half".getBytes(StandardCharsets.UTF_8);
        byte[] whole = (new String(head, StandardCharsets.UTF_8) + new String(tail, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        String location = oci.send("POST", "/v2/corners/retry/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> patch = oci.send("PATCH", location, head, "Content-Type", "application/octet-stream");
        assertThat(patch.statusCode()).isEqualTo(202);
        String sep = location.contains("?") ? "&" : "?";

        String wrong = OciClient.sha256("something else".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> failed = oci.send("PUT", location + sep + "digest=" + wrong, tail, "Content-Type", "application/octet-stream");
        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(OciClient.text(failed)).contains("\"code\":\"DIGEST_INVALID\"");
        HttpResponse<byte[]> status = oci.send("GET", location, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range").orElseThrow()).isEqualTo("0-" + (head.length - 1));

        HttpResponse<byte[]> again = oci.send("PUT", location + sep + "digest=" + wrong, tail, "Content-Type", "application/octet-stream");
        assertThat(again.statusCode()).isEqualTo(400); // the same failure, not a different one from doubled bytes
        assertThat(OciClient.text(again)).contains(OciClient.sha256(whole));

        String digest = OciClient.sha256(whole);
        HttpResponse<byte[]> closed = oci.send("PUT", location + sep + "digest=" + digest, tail, "Content-Type", "application/octet-stream");
        assertThat(closed.statusCode()).as(OciClient.text(closed)).isEqualTo(201);
        HttpResponse<byte[]> blob = oci.send("GET", "/v2/corners/retry/blobs/" + digest, null);
        assertThat(new String(blob.body(), StandardCharsets.UTF_8)).isEqualTo("first half,second half");
    }

    @Test
    void aManifestPutMustCarryAManifestMediaType() {
        OciClient oci = login("corners/types");
        OciClient.Pushed image = oci.pushImage("corners/types", "ok", "{}", null, null, "layer");
        HttpResponse<byte[]> foo = oci.putManifest("corners/types", "foo", "application/x-foo", image.manifest());
        assertThat(foo.statusCode()).isEqualTo(400);
        assertThat(OciClient.text(foo)).contains("\"code\":\"MANIFEST_INVALID\"").contains("application/x-foo");
        HttpResponse<byte[]> mismatch = oci.putManifest("corners/types", "docker", OciClient.DOCKER_MANIFEST, image.manifest());
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(OciClient.text(mismatch)).contains("MANIFEST_INVALID");
        assertThat(oci.putManifest("corners/types", "again", OciClient.OCI_MANIFEST + "; charset=utf-8", image.manifest()).statusCode()).isEqualTo(201);
    }

    @Test
    void tagsAre128OnTheDistributionApiAnd300OnTheEcrApi() {
        OciClient oci = login("corners/tags");
        OciClient.Pushed image = oci.pushImage("corners/tags", "base", "{}", null, null, "layer");
        String t128 = "t".repeat(128);
        String t200 = "t".repeat(200);
        assertThat(oci.putManifest("corners/tags", t128, OciClient.OCI_MANIFEST, image.manifest()).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> longTag = oci.putManifest("corners/tags", t200, OciClient.OCI_MANIFEST, image.manifest());
        assertThat(longTag.statusCode()).isEqualTo(400);
        assertThat(OciClient.text(longTag)).contains("\"code\":\"TAG_INVALID\"").contains("128");
        // ECR's PutImage allows 300, and such a tag is then served on /v2 too
        dockyard.cli().run("ecr", "put-image", "--repository-name", "corners/tags", "--image-tag", t200,
                "--image-manifest", image.manifest(), "--image-manifest-media-type", OciClient.OCI_MANIFEST).ok();
        assertThat(oci.send("GET", "/v2/corners/tags/manifests/" + t200, null, "Accept", OciClient.OCI_MANIFEST).statusCode()).isEqualTo(200);
        assertThat(dockyard.cli().run("ecr", "put-image", "--repository-name", "corners/tags", "--image-tag", "t".repeat(301),
                "--image-manifest", image.manifest()).exitCode()).isNotZero();
    }
}
