package io.dockyard.it.ecr;

import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that dies half-way through a blob upload leaves no blob under the digest, neither visible nor on disk. */
class InterruptedUploadIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    /** Sends the request head and half the body, then drops the connection. */
    private void sendHalf(OciClient oci, String method, String path, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", dockyard.process().port())) {
            OutputStream out = s.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + oci.auth
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            s.setSoLinger(true, 0);
        }
    }

    private Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return dockyard.process().dataDir().resolve("registry/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    @Test
    void halfAnUploadIsNeverABlob() throws IOException {
        try (var ecr = Sdk.ecr(dockyard.endpoint())) {
            ecr.createRepository(b -> b.repositoryName("flaky"));
        }
        OciClient oci = OciClient.login(dockyard.endpoint());
        // the shared Dockyard may hold other classes' abandoned sessions: only this test's count
        Path uploads = dockyard.process().dataDir().resolve("registry/uploads");
        java.util.Set<Path> before = Files.isDirectory(uploads) ? new java.util.HashSet<>(Files.list(uploads).toList()) : java.util.Set.of();
        byte[] body = new byte[8 << 20];
        new Random(42).nextBytes(body);
        String digest = OciClient.sha256(body);

        // single-request push cut off
        sendHalf(oci, "POST", "/v2/flaky/blobs/uploads/?digest=" + digest, body);
        // chunked session whose PATCH is cut off, then completed with what arrived
        String location = oci.send("POST", "/v2/flaky/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        sendHalf(oci, "PATCH", location, body);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<byte[]> st = oci.send("GET", location, null);
            return st.statusCode() == 204;
        });
        HttpResponse<byte[]> complete = oci.send("PUT", location + "?digest=" + digest, null);
        assertThat(complete.statusCode()).isEqualTo(400);
        assertThat(OciClient.text(complete)).contains("DIGEST_INVALID");

        assertThat(oci.send("HEAD", "/v2/flaky/blobs/" + digest, null).statusCode()).isEqualTo(404);
        assertThat(blobFile(digest)).doesNotExist();

        // the whole blob, sent properly, lands
        assertThat(oci.pushBlob("flaky", body)).isEqualTo(digest);
        assertThat(blobFile(digest)).exists().hasSize(body.length);
        assertThat(oci.send("GET", "/v2/flaky/blobs/" + digest, null).body()).isEqualTo(body);
        assertThat(Files.list(uploads).filter(p -> !before.contains(p)).toList())
                .as("only the abandoned session's staging remains").hasSizeLessThanOrEqualTo(1);
    }
}
