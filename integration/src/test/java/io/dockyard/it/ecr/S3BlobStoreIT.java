package io.dockyard.it.ecr;

import io.dockyard.it.support.Cmd;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.registry.bytes.S3ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry with its blobs on S3 ({@code --blob-store s3://bucket/prefix}) against a real
 * S3-compatible server (S3Proxy, started by the test): docker login, push and pull through Dockyard,
 * the bytes are objects in the bucket and none are on local disk; with presigned pulls the blob GET
 * answers 307 to the S3 server and docker still pulls.
 */
class S3BlobStoreIT {
    private static final String BUCKET = "dockyard-blobs";
    private static S3ProxyProcess s3;
    private static DockyardProcess streamed;
    private static DockyardProcess presigned;

    private final List<String> images = new ArrayList<>();
    private Path dockerConfig;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        s3 = S3ProxyProcess.start(BUCKET);
        streamed = dockyard("streamed", false);
        presigned = dockyard("presigned", true);
    }

    private static DockyardProcess dockyard(String prefix, boolean presignedPulls) {
        DockyardProcess d = DockyardProcess.controlPlaneOnly("--blob-store", "s3://" + BUCKET + "/" + prefix, "--dns-address", "off");
        s3.env().forEach(d::env);
        d.env("DOCKYARD_S3_PRESIGNED_PULLS", Boolean.toString(presignedPulls));
        return d.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {streamed, presigned, s3}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @AfterEach
    void removeImages() throws IOException {
        for (String i : images) Cmd.run(env(), null, "docker", "rmi", "-f", i);
        if (dockerConfig != null) {
            try (var s = Files.walk(dockerConfig)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Map<String, String> env() { return Map.of("DOCKER_CONFIG", dockerConfig.toString()); }

    private Cmd.Result docker(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "docker";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Cmd.run(env(), null, cmd);
    }

    /** Creates a repository, logs docker in, builds a unique image on the busybox test image and pushes it; returns its URI. */
    private String push(DockyardProcess d, String repo, String stamp) throws IOException {
        dockerConfig = Files.createTempDirectory("docker-config-");
        AwsCli cli = new AwsCli(d.endpoint());
        String uri = cli.run("ecr", "create-repository", "--repository-name", repo).ok().path("repository").path("repositoryUri").asText();
        String password = cli.run("ecr", "get-login-password").stdout().trim();
        Cmd.run(env(), password, "docker", "login", "--username", "AWS", "--password-stdin", "localhost:" + d.port()).ok();
        Path ctx = Files.createTempDirectory("build-");
        Files.writeString(ctx.resolve("stamp.txt"), stamp);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + Docker.BUSYBOX + "\nCOPY stamp.txt /stamp.txt\nCMD [\"cat\", \"/stamp.txt\"]\n");
        String tag = uri + ":latest";
        images.add(tag);
        Cmd.run(Map.of("DOCKER_CONFIG", dockerConfig.toString(), "DOCKER_BUILDKIT", "0"), null, "docker", "build", "-q", "-t", tag, ctx.toString()).ok();
        assertThat(docker("push", tag).ok().out()).contains("latest: digest: sha256:");
        return uri;
    }

    /** Removes the image locally (its unique layer with it), pulls it back through Dockyard and runs it. */
    private void pullAndRun(String uri, String stamp) {
        docker("rmi", uri + ":latest").ok();
        assertThat(docker("image", "inspect", uri + ":latest").exit()).isNotZero();
        docker("pull", uri + ":latest").ok();
        assertThat(docker("run", "--rm", uri + ":latest").ok().out().trim()).isEqualTo(stamp);
    }

    /** The manifest's layer and config digests, read through the distribution API. */
    private static List<String> blobDigests(DockyardProcess d, String repo) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(d.endpoint() + "/v2/" + repo + "/manifests/latest"))
                .header("Authorization", basic(d)).header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = new ObjectMapper().readTree(r.body());
        List<String> digests = new ArrayList<>();
        digests.add(m.path("config").path("digest").asText());
        m.path("layers").forEach(l -> digests.add(l.path("digest").asText()));
        return digests;
    }

    private static String basic(DockyardProcess d) {
        String password = new AwsCli(d.endpoint()).run("ecr", "get-login-password").stdout().trim();
        return "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> blobObjects(String prefix) throws IOException {
        return s3.objects().stream().filter(o -> o.startsWith(prefix + "/blobs/sha256/")).map(o -> "sha256:" + o.substring(o.lastIndexOf('/') + 1)).toList();
    }

    @Test
    void dockerPushAndPullKeepTheBlobsInTheBucket() throws Exception {
        String stamp = "s3-" + UUID.randomUUID();
        String uri = push(streamed, "s3/streamed", stamp);
        List<String> digests = blobDigests(streamed, "s3/streamed");
        assertThat(blobObjects("streamed")).containsAll(digests);
        assertThat(s3.objects()).noneMatch(o -> o.startsWith("streamed/uploads/")); // every upload committed and cleaned up
        try (var local = Files.walk(streamed.dataDir().resolve("registry"))) {
            assertThat(local.filter(Files::isRegularFile).map(Path::toString)).noneMatch(p -> p.contains("/blobs/") || p.contains("/uploads/"));
        }
        pullAndRun(uri, stamp);

        // streamed pulls: the registry answers the bytes itself, ranges included
        String layer = digests.get(digests.size() - 1);
        HttpResponse<byte[]> range = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(streamed.endpoint() + "/v2/s3/streamed/blobs/" + layer))
                .header("Authorization", basic(streamed)).header("Range", "bytes=0-9").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(10);
        assertThat(range.headers().firstValue("Content-Range")).hasValueSatisfying(v -> assertThat(v).startsWith("bytes 0-9/"));
    }

    @Test
    void withPresignedPullsTheBlobGetRedirectsToS3AndDockerStillPulls() throws Exception {
        String stamp = "presigned-" + UUID.randomUUID();
        String uri = push(presigned, "s3/presigned", stamp);
        List<String> digests = blobDigests(presigned, "s3/presigned");
        assertThat(blobObjects("presigned")).containsAll(digests);

        String layer = digests.get(digests.size() - 1);
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        URI blob = URI.create(presigned.endpoint() + "/v2/s3/presigned/blobs/" + layer);
        HttpResponse<String> get = noRedirects.send(HttpRequest.newBuilder(blob).header("Authorization", basic(presigned)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(307);
        String location = get.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(s3.endpoint() + "/" + BUCKET + "/presigned/blobs/sha256/").contains("X-Amz-Signature=");
        HttpResponse<byte[]> direct = noRedirects.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body().length).isEqualTo(Long.parseLong(noRedirects.send(HttpRequest.newBuilder(blob).header("Authorization", basic(presigned))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Length").orElseThrow()));
        // without credentials the registry still refuses: the redirect is only for authorized pulls
        assertThat(noRedirects.send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);

        pullAndRun(uri, stamp);

        // ECR's GetDownloadUrlForLayer names the same presigned object
        String url = new AwsCli(presigned.endpoint()).run("ecr", "get-download-url-for-layer", "--repository-name", "s3/presigned", "--layer-digest", layer)
                .ok().path("downloadUrl").asText();
        assertThat(url).startsWith(s3.endpoint() + "/" + BUCKET + "/presigned/blobs/sha256/");
    }
}
