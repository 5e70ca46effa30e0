package io.dockyard.registry.bytes;

import io.dockyard.registry.S3Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 driver against a real S3-compatible server (S3Proxy on a filesystem backend), each test under its own prefix. */
class S3ByteStoreTest extends ByteStoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static S3ProxyProcess proxy;
    private String prefix;

    @BeforeAll
    static void startS3() {
        proxy = S3ProxyProcess.start("registry");
        // the standard AWS chain reads these system properties first
        System.setProperty("aws.accessKeyId", S3ProxyProcess.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyProcess.CREDENTIAL);
    }

    @AfterAll
    static void stopS3() {
        if (proxy != null) proxy.close();
    }

    @Override
    protected ByteStore create() {
        prefix = "t" + PREFIXES.incrementAndGet();
        return open(prefix, false);
    }

    private S3ByteStore open(String prefix, boolean presigned) {
        Map<String, String> env = new HashMap<>(proxy.env());
        if (presigned) env.put("DOCKYARD_S3_PRESIGNED_PULLS", "true");
        return S3Settings.parse("s3://" + proxy.bucket() + "/" + prefix, env).open();
    }

    @Override
    protected Duration timeResolution() { return Duration.ofMillis(1100); }

    @AfterEach
    void closeStore() { ((S3ByteStore) store).close(); }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(ByteStore s, String id, byte[] bytes) throws IOException {
        try (OutputStream out = s.append(id)) {
            // in pieces, as a request body arrives
            for (int off = 0; off < bytes.length; off += 100_000) out.write(bytes, off, Math.min(100_000, bytes.length - off));
        }
    }

    private static String digest(byte[] bytes) throws IOException {
        return Digester.of(new ByteArrayInputStream(bytes), "sha256").toString();
    }

    @Test
    void chunksOfEveryShapeCommitIntoOneObjectWithTheirBytesInOrder() throws IOException {
        // big chunks become copied parts, small ones are read back and sent with their neighbours
        int[] sizes = {6 << 20, 1024, 7 << 20, 3 << 20, 100, 9 << 20};
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            byte[] chunk = random(sizes[i], i);
            write(store, "big", chunk);
            all.write(chunk);
            assertThat(store.stagedSize("big")).isEqualTo(all.size());
        }
        byte[] expected = all.toByteArray();
        try (InputStream in = store.openStaged("big")) {
            assertThat(Digester.of(in, "sha256").toString()).isEqualTo(digest(expected));
        }
        String k = digest(expected);
        store.commit("big", k);
        assertThat(store.size(k)).isEqualTo(expected.length);
        assertThat(store.listStaged()).isEmpty();
        try (InputStream in = store.open(k, 0)) {
            assertThat(Digester.of(in, "sha256").toString()).isEqualTo(k);
        }
        long at = (6 << 20) + 1000;
        try (InputStream in = store.open(k, at)) {
            assertThat(in.readNBytes(5000)).isEqualTo(java.util.Arrays.copyOfRange(expected, (int) at, (int) at + 5000));
        }
        try (InputStream in = store.open(k, expected.length)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        String hex = k.substring("sha256:".length());
        assertThat(proxy.objects()).contains(prefix + "/blobs/sha256/" + hex).noneMatch(o -> o.startsWith(prefix + "/uploads/"));
    }

    @Test
    void anUploadInProgressLivesInTheBucketAndAnotherInstanceContinuesIt() throws IOException {
        byte[] first = random(20 << 20, 1); // a multipart chunk: three parts
        byte[] second = random(300_000, 2);
        write(store, "resumed", first);
        S3ByteStore other = open(prefix, false); // another replica, or this one after a restart
        try {
            assertThat(other.stagedSize("resumed")).isEqualTo(first.length);
            write(other, "resumed", second);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(first);
            all.write(second);
            String k = digest(all.toByteArray());
            other.commit("resumed", k);
            assertThat(store.size(k)).isEqualTo(all.size());
            try (InputStream in = store.open(k, 0)) {
                assertThat(Digester.of(in, "sha256").toString()).isEqualTo(k);
            }
        } finally {
            other.close();
        }
    }

    @Test
    void presignedUrlsServeTheObjectAndItsRanges() throws Exception {
        byte[] bytes = random(1 << 20, 3);
        write(store, "p", bytes);
        String k = digest(bytes);
        store.commit("p", k);
        assertThat(store.downloadUrl(k)).isEmpty();
        try (S3ByteStore presigning = open(prefix, true)) {
            URI url = presigning.downloadUrl(k).orElseThrow();
            assertThat(url.toString()).startsWith(proxy.endpoint() + "/" + proxy.bucket() + "/" + prefix + "/blobs/sha256/").contains("X-Amz-Signature=");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(bytes);
            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=10-19").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 20));
            HttpResponse<byte[]> forged = http.send(HttpRequest.newBuilder(URI.create(url.toString().replace("X-Amz-Signature=", "X-Amz-Signature=0"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(forged.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aWrongBucketOrEndpointFailsAtStartWithAMessage() {
        assertThatThrownBy(() -> S3Settings.parse("s3://no-such-bucket/x", proxy.env()).open())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-bucket").hasMessageContaining(proxy.endpoint());
        assertThatThrownBy(() -> S3Settings.parse("s3://Bad_Bucket", proxy.env())).isInstanceOf(IllegalArgumentException.class);
    }
}
