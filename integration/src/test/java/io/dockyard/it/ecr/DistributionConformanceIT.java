package io.dockyard.it.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.dockyard.it.ecr.OciClient.OCI_INDEX;
import static io.dockyard.it.ecr.OciClient.OCI_MANIFEST;
import static io.dockyard.it.ecr.OciClient.sha256;
import static io.dockyard.it.ecr.OciClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Walks every OCI Distribution v1.1 endpoint, good input and bad, with a plain HTTP client. */
class DistributionConformanceIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciClient oci;

    @BeforeEach
    void setUp() {
        oci = OciClient.login(dockyard.endpoint());
        try (var ecr = Sdk.ecr(dockyard.endpoint())) {
            for (String r : new String[] {"conf/app", "conf/other"}) ecr.createRepository(b -> b.repositoryName(r));
        }
    }

    private static String code(HttpResponse<byte[]> r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n.path("errors").get(0).path("code").asText();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("no OCI error body: " + text(r));
        }
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void baseEndpointRequiresEcrBasicCredentials() {
        HttpResponse<byte[]> anonymous = new OciClient(dockyard.endpoint(), null).send("GET", "/v2/", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic realm=");
        assertThat(anonymous.headers().firstValue("Docker-Distribution-API-Version")).contains("registry/2.0");
        assertThat(code(anonymous)).isEqualTo("UNAUTHORIZED");
        assertThat(new OciClient(dockyard.endpoint(), null).send("GET", "/v2", null).statusCode()).isEqualTo(401);
        assertThat(new OciClient(dockyard.endpoint(), "v1.000000000000.9999999999.forged").send("GET", "/v2/", null).statusCode()).isEqualTo(401);
        assertThat(new OciClient(dockyard.endpoint(), null).send("GET", "/v2/conf/app/tags/list", null).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> ok = oci.send("GET", "/v2/", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(text(ok)).isEqualTo("{}");
    }

    @Test
    void blobsPushPullHeadRangeAndDelete() {
        byte[] data = bytes("0123456789abcdef");
        String d = sha256(data);
        // POST then PUT with the body
        HttpResponse<byte[]> post = oci.send("POST", "/v2/conf/app/blobs/uploads/", null);
        assertThat(post.statusCode()).isEqualTo(202);
        String location = post.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> wrong = oci.send("PUT", location + "?digest=" + sha256(bytes("other")), data, "Content-Type", "application/octet-stream");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(code(wrong)).isEqualTo("DIGEST_INVALID");
        assertThat(oci.send("HEAD", "/v2/conf/app/blobs/" + sha256(bytes("other")), null).statusCode()).isEqualTo(404);
        // the failed close dropped the bytes it carried: the retry sends them again, as a first close would
        HttpResponse<byte[]> put = oci.send("PUT", location + "?digest=" + d, data, "Content-Type", "application/octet-stream");
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(d);
        assertThat(put.headers().firstValue("Location")).contains("/v2/conf/app/blobs/" + d);

        HttpResponse<byte[]> head = oci.send("HEAD", "/v2/conf/app/blobs/" + d, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains("16");
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(d);
        assertThat(oci.send("GET", "/v2/conf/app/blobs/" + d, null).body()).isEqualTo(data);

        HttpResponse<byte[]> range = oci.send("GET", "/v2/conf/app/blobs/" + d, null, "Range", "bytes=2-5");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(text(range)).isEqualTo("2345");
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 2-5/16");
        assertThat(text(oci.send("GET", "/v2/conf/app/blobs/" + d, null, "Range", "bytes=-3"))).isEqualTo("def");
        assertThat(text(oci.send("GET", "/v2/conf/app/blobs/" + d, null, "Range", "bytes=14-"))).isEqualTo("ef");
        for (String bad : new String[] {"bytes=16-20", "bytes=5-2", "bytes=abc", "items=0-1"}) {
            HttpResponse<byte[]> r = oci.send("GET", "/v2/conf/app/blobs/" + d, null, "Range", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(416);
            assertThat(r.headers().firstValue("Content-Range")).contains("bytes */16");
        }

        // single POST with the digest, sha512 too
        byte[] other = bytes("sha512 content");
        String d512 = OciClient.digest("sha512", other);
        HttpResponse<byte[]> single = oci.send("POST", "/v2/conf/app/blobs/uploads/?digest=" + d512, other);
        assertThat(single.statusCode()).isEqualTo(201);
        assertThat(oci.send("GET", "/v2/conf/app/blobs/" + d512, null).body()).isEqualTo(other);
        HttpResponse<byte[]> badSingle = oci.send("POST", "/v2/conf/app/blobs/uploads/?digest=" + OciClient.digest("sha512", data), other);
        assertThat(code(badSingle)).isEqualTo("DIGEST_INVALID");

        assertThat(code(oci.send("GET", "/v2/conf/app/blobs/" + sha256(bytes("never")), null))).isEqualTo("BLOB_UNKNOWN");
        assertThat(code(oci.send("GET", "/v2/conf/other/blobs/" + d, null))).as("blobs are per repository").isEqualTo("BLOB_UNKNOWN");
        assertThat(code(oci.send("GET", "/v2/conf/app/blobs/sha256:xyz", null))).isEqualTo("DIGEST_INVALID");
        assertThat(code(oci.send("POST", "/v2/conf/app/blobs/uploads/?digest=md5:abc", data))).isEqualTo("DIGEST_INVALID");

        assertThat(oci.send("DELETE", "/v2/conf/app/blobs/" + d, null).statusCode()).isEqualTo(202);
        assertThat(oci.send("HEAD", "/v2/conf/app/blobs/" + d, null).statusCode()).isEqualTo(404);
        assertThat(code(oci.send("DELETE", "/v2/conf/app/blobs/" + d, null))).isEqualTo("BLOB_UNKNOWN");
    }

    @Test
    void largeBlobsAndTheirRangesArriveByteForByte() {
        // larger than one read buffer and than one mapped window of the server (32 MiB), not a multiple of a page
        byte[] data = new byte[(40 << 20) + 12_345];
        new java.util.Random(11).nextBytes(data);
        String d = sha256(data);
        HttpResponse<byte[]> post = oci.send("POST", "/v2/conf/app/blobs/uploads/?digest=" + d, data);
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(oci.send("GET", "/v2/conf/app/blobs/" + d, null).body()).isEqualTo(data);
        long first = (33 << 20) + 4_097, last = data.length - 3;
        HttpResponse<byte[]> range = oci.send("GET", "/v2/conf/app/blobs/" + d, null, "Range", "bytes=" + first + "-" + last);
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(data, (int) first, (int) last + 1));
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes " + first + "-" + last + "/" + data.length);
    }

    @Test
    void chunkedUploadStatusOutOfOrderChunkAndCancel() {
        HttpResponse<byte[]> post = oci.send("POST", "/v2/conf/app/blobs/uploads/", null);
        String location = post.headers().firstValue("Location").orElseThrow();
        assertThat(post.headers().firstValue("Docker-Upload-UUID")).isPresent();
        HttpResponse<byte[]> c1 = oci.send("PATCH", location, bytes("hello"), "Content-Range", "0-4", "Content-Type", "application/octet-stream");
        assertThat(c1.statusCode()).isEqualTo(202);
        assertThat(c1.headers().firstValue("Range")).contains("0-4");
        HttpResponse<byte[]> gap = oci.send("PATCH", location, bytes("world"), "Content-Range", "10-14", "Content-Type", "application/octet-stream");
        assertThat(gap.statusCode()).isEqualTo(416);
        assertThat(gap.headers().firstValue("Range")).contains("0-4");
        HttpResponse<byte[]> status = oci.send("GET", location, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).contains("0-4");
        assertThat(oci.send("PATCH", location, bytes(" world"), "Content-Range", "5-10", "Content-Type", "application/octet-stream").statusCode()).isEqualTo(202);
        // a chunk without Content-Range is appended (streamed upload, as docker does)
        assertThat(oci.send("PATCH", location, bytes("!"), "Content-Type", "application/octet-stream").headers().firstValue("Range")).contains("0-11");
        String d = sha256(bytes("hello world!"));
        HttpResponse<byte[]> done = oci.send("PUT", location + "?digest=" + d, null);
        assertThat(done.statusCode()).isEqualTo(201);
        assertThat(text(oci.send("GET", "/v2/conf/app/blobs/" + d, null))).isEqualTo("hello world!");
        assertThat(code(oci.send("GET", location, null))).isEqualTo("BLOB_UPLOAD_UNKNOWN");

        String cancelled = oci.send("POST", "/v2/conf/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        oci.send("PATCH", cancelled, bytes("abc"), "Content-Type", "application/octet-stream");
        assertThat(oci.send("DELETE", cancelled, null).statusCode()).isEqualTo(204);
        assertThat(code(oci.send("GET", cancelled, null))).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(code(oci.send("PUT", cancelled + "?digest=" + sha256(bytes("abc")), null))).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(code(oci.send("PUT", "/v2/conf/app/blobs/uploads/00000000-0000-0000-0000-000000000000?digest=" + d, null))).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        String noDigest = oci.send("POST", "/v2/conf/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        assertThat(code(oci.send("PUT", noDigest, bytes("x")))).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void crossRepositoryMount() {
        String d = oci.pushBlob("conf/app", bytes("shared layer"));
        HttpResponse<byte[]> mount = oci.send("POST", "/v2/conf/other/blobs/uploads/?mount=" + d + "&from=conf/app", null);
        assertThat(mount.statusCode()).isEqualTo(201);
        assertThat(mount.headers().firstValue("Location")).contains("/v2/conf/other/blobs/" + d);
        assertThat(text(oci.send("GET", "/v2/conf/other/blobs/" + d, null))).isEqualTo("shared layer");
        HttpResponse<byte[]> miss = oci.send("POST", "/v2/conf/other/blobs/uploads/?mount=" + sha256(bytes("nope")) + "&from=conf/app", null);
        assertThat(miss.statusCode()).as("an unknown blob opens an upload session instead").isEqualTo(202);
        assertThat(miss.headers().firstValue("Location")).get().asString().contains("/blobs/uploads/");
    }

    @Test
    void manifestsByTagAndDigestInEveryFormat() {
        OciClient.Pushed img = oci.pushImage("conf/app", "v1", "{\"architecture\":\"amd64\",\"os\":\"linux\"}", null, null, "layer-a");
        HttpResponse<byte[]> get = oci.send("GET", "/v2/conf/app/manifests/v1", null, "Accept", OCI_MANIFEST);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(text(get)).isEqualTo(img.manifest());
        assertThat(get.headers().firstValue("Content-Type")).contains(OCI_MANIFEST);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(img.digest());
        HttpResponse<byte[]> head = oci.send("HEAD", "/v2/conf/app/manifests/" + img.digest(), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(img.manifest().length()));
        assertThat(code(oci.send("GET", "/v2/conf/app/manifests/nope", null))).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(code(oci.send("GET", "/v2/conf/app/manifests/" + sha256(bytes("x")), null))).isEqualTo("MANIFEST_UNKNOWN");

        // Docker schema 2 manifest and a manifest list over it, pushed by digest
        String cfg = oci.pushBlob("conf/app", bytes("{\"os\":\"linux\"}"));
        String layer = oci.pushBlob("conf/app", bytes("docker layer"));
        String docker = "{\"schemaVersion\":2,\"mediaType\":\"" + OciClient.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":14,\"digest\":\"" + cfg
                + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":12,\"digest\":\"" + layer + "\"}]}";
        String dockerDigest = sha256(bytes(docker));
        assertThat(oci.putManifest("conf/app", dockerDigest, OciClient.DOCKER_MANIFEST, docker).statusCode()).isEqualTo(201);
        String list = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[{\"mediaType\":\""
                + OciClient.DOCKER_MANIFEST + "\",\"size\":" + docker.length() + ",\"digest\":\"" + dockerDigest + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        assertThat(oci.putManifest("conf/app", "multi", "application/vnd.docker.distribution.manifest.list.v2+json", list).statusCode()).isEqualTo(201);
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + OCI_MANIFEST + "\",\"size\":"
                + img.manifest().length() + ",\"digest\":\"" + img.digest() + "\"}]}";
        assertThat(oci.putManifest("conf/app", "oci-index", OCI_INDEX, index).statusCode()).isEqualTo(201);
        assertThat(oci.send("GET", "/v2/conf/app/manifests/oci-index", null).headers().firstValue("Content-Type")).contains(OCI_INDEX);

        // refusals
        String missingBlob = docker.replace(layer, sha256(bytes("absent")));
        assertThat(code(oci.putManifest("conf/app", "broken", OciClient.DOCKER_MANIFEST, missingBlob))).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        String missingChild = index.replace(img.digest(), sha256(bytes("absent")));
        assertThat(code(oci.putManifest("conf/app", "broken", OCI_INDEX, missingChild))).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(code(oci.putManifest("conf/app", "broken", OCI_MANIFEST, "{not json"))).isEqualTo("MANIFEST_INVALID");
        assertThat(code(oci.putManifest("conf/app", "broken", OCI_MANIFEST, "{\"schemaVersion\":1}"))).isEqualTo("MANIFEST_INVALID");
        assertThat(code(oci.putManifest("conf/app", "broken", OCI_INDEX, img.manifest()))).isEqualTo("MANIFEST_INVALID");
        assertThat(code(oci.putManifest("conf/app", sha256(bytes("other")), OCI_MANIFEST, img.manifest()))).isEqualTo("DIGEST_INVALID");
        assertThat(code(oci.putManifest("conf/app", "bad!tag", OCI_MANIFEST, img.manifest()))).isEqualTo("TAG_INVALID");
        assertThat(code(oci.putManifest("conf/other", "v1", OCI_MANIFEST, img.manifest()))).as("blobs of another repository").isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(oci.send("GET", "/v2/conf/app/manifests/broken", null).statusCode()).isEqualTo(404);
        // GET and HEAD of a reference that cannot be a tag: 404 MANIFEST_UNKNOWN, as the OCI conformance suite expects
        var badTag = oci.send("GET", "/v2/conf/app/manifests/bad!tag", null);
        assertThat(badTag.statusCode()).isEqualTo(404);
        assertThat(new String(badTag.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("MANIFEST_UNKNOWN");
        assertThat(oci.send("HEAD", "/v2/conf/app/manifests/bad!tag", null).statusCode()).isEqualTo(404);

        // deletes: a tag, then the manifest by digest
        assertThat(oci.send("DELETE", "/v2/conf/app/manifests/v1", null).statusCode()).isEqualTo(202);
        assertThat(oci.send("GET", "/v2/conf/app/manifests/v1", null).statusCode()).isEqualTo(404);
        assertThat(oci.send("GET", "/v2/conf/app/manifests/" + img.digest(), null).statusCode()).isEqualTo(200);
        assertThat(oci.send("DELETE", "/v2/conf/app/manifests/" + dockerDigest, null).statusCode()).isEqualTo(202);
        assertThat(code(oci.send("GET", "/v2/conf/app/manifests/" + dockerDigest, null))).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(code(oci.send("DELETE", "/v2/conf/app/manifests/" + dockerDigest, null))).isEqualTo("MANIFEST_UNKNOWN");
    }

    @Test
    void tagListAndCatalogPaginateWithLinkHeaders() throws IOException {
        OciClient.Pushed img = oci.pushImage("conf/app", "t1", "{}", null, null);
        for (String t : new String[] {"t2", "t3", "t4", "t5"}) oci.putManifest("conf/app", t, OCI_MANIFEST, img.manifest());
        HttpResponse<byte[]> first = oci.send("GET", "/v2/conf/app/tags/list?n=2", null);
        assertThat(JSON.readTree(first.body()).path("tags").toString()).isEqualTo("[\"t1\",\"t2\"]");
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).isEqualTo("</v2/conf/app/tags/list?n=2&last=t2>; rel=\"next\"");
        HttpResponse<byte[]> second = oci.send("GET", link.substring(1, link.indexOf('>')), null);
        assertThat(JSON.readTree(second.body()).path("tags").toString()).isEqualTo("[\"t3\",\"t4\"]");
        HttpResponse<byte[]> last = oci.send("GET", "/v2/conf/app/tags/list?n=2&last=t4", null);
        assertThat(JSON.readTree(last.body()).path("tags").toString()).isEqualTo("[\"t5\"]");
        assertThat(last.headers().firstValue("Link")).isEmpty();
        assertThat(JSON.readTree(oci.send("GET", "/v2/conf/app/tags/list", null).body()).path("tags")).hasSize(5);
        assertThat(oci.send("GET", "/v2/conf/app/tags/list?n=x", null).statusCode()).isEqualTo(400);

        HttpResponse<byte[]> catalog = oci.send("GET", "/v2/_catalog?n=1", null);
        assertThat(JSON.readTree(catalog.body()).path("repositories").toString()).isEqualTo("[\"conf/app\"]");
        assertThat(catalog.headers().firstValue("Link")).contains("</v2/_catalog?n=1&last=conf%2Fapp>; rel=\"next\"");
        assertThat(JSON.readTree(oci.send("GET", "/v2/_catalog?n=1&last=conf/app", null).body()).path("repositories").toString()).isEqualTo("[\"conf/other\"]");
    }

    @Test
    void referrersListManifestsWithASubjectFilteredByArtifactType() throws IOException {
        OciClient.Pushed subject = oci.pushImage("conf/app", "v1", "{\"os\":\"linux\"}", null, null, "base");
        HttpResponse<byte[]> sbom = oci.putManifest("conf/app", "sbom", OCI_MANIFEST,
                oci.pushImage("conf/app", "tmp", "{}", subject.digest(), "application/vnd.example.sbom", "sbom").manifest());
        assertThat(sbom.headers().firstValue("OCI-Subject")).contains(subject.digest());
        oci.pushImage("conf/app", "sig", "{\"k\":1}", subject.digest(), "application/vnd.example.signature", "signature");

        HttpResponse<byte[]> all = oci.send("GET", "/v2/conf/app/referrers/" + subject.digest(), null);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).contains(OCI_INDEX);
        JsonNode index = JSON.readTree(all.body());
        assertThat(index.path("manifests")).hasSize(2);
        HttpResponse<byte[]> filtered = oci.send("GET", "/v2/conf/app/referrers/" + subject.digest() + "?artifactType=application/vnd.example.signature", null);
        assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).contains("artifactType");
        JsonNode only = JSON.readTree(filtered.body()).path("manifests");
        assertThat(only).hasSize(1);
        assertThat(only.get(0).path("artifactType").asText()).isEqualTo("application/vnd.example.signature");
        assertThat(JSON.readTree(oci.send("GET", "/v2/conf/app/referrers/" + sha256(bytes("none")), null).body()).path("manifests")).isEmpty();
        assertThat(code(oci.send("GET", "/v2/conf/app/referrers/latest", null))).isEqualTo("DIGEST_INVALID");

        // the same through ECR's ListImageReferrers, with the AWS CLI
        var cli = new io.dockyard.it.support.AwsCli(dockyard.endpoint());
        JsonNode listed = cli.run("ecr", "list-image-referrers", "--repository-name", "conf/app", "--subject-id", "imageDigest=" + subject.digest()).ok().at("/referrers");
        assertThat(listed).hasSize(2);
        assertThat(listed.findValuesAsText("artifactType")).containsExactlyInAnyOrder("application/vnd.example.sbom", "application/vnd.example.signature");
        assertThat(listed.get(0).path("artifactStatus").asText()).isEqualTo("ACTIVE");
        JsonNode page = cli.run("ecr", "list-image-referrers", "--repository-name", "conf/app", "--subject-id", "imageDigest=" + subject.digest(),
                "--filter", "artifactTypes=application/vnd.example.signature", "--max-results", "1", "--no-paginate").ok();
        assertThat(page.at("/referrers")).hasSize(1);
        assertThat(page.at("/referrers/0/size").asLong()).isPositive();
        assertThat(cli.run("ecr", "list-image-referrers", "--repository-name", "conf/none", "--subject-id", "imageDigest=" + subject.digest()).stderr())
                .contains("RepositoryNotFoundException");
        assertThat(cli.run("ecr", "list-image-referrers", "--repository-name", "conf/app", "--subject-id", "imageDigest=latest").stderr())
                .contains("InvalidParameterException");
    }

    @Test
    void badRepositoryNamesAndUnknownPaths() {
        assertThat(code(oci.send("GET", "/v2/Conf/App/tags/list", null))).isEqualTo("NAME_INVALID");
        assertThat(code(oci.send("GET", "/v2/conf..app/manifests/latest", null))).isEqualTo("NAME_INVALID");
        assertThat(code(oci.send("GET", "/v2/" + "a".repeat(257) + "/tags/list", null))).isEqualTo("NAME_INVALID");
        assertThat(code(oci.send("POST", "/v2/conf/-bad/blobs/uploads/", null))).isEqualTo("NAME_INVALID");
        HttpResponse<byte[]> unknown = oci.send("GET", "/v2/conf/missing/tags/list", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(code(unknown)).isEqualTo("NAME_UNKNOWN");
        assertThat(code(oci.send("POST", "/v2/conf/missing/blobs/uploads/", null))).isEqualTo("NAME_UNKNOWN");
        assertThat(oci.send("GET", "/v2/conf/app/nothing-here", null).statusCode()).isEqualTo(404);
        assertThat(code(oci.send("PUT", "/v2/conf/app/tags/list", null))).isEqualTo("UNSUPPORTED");
    }
}
