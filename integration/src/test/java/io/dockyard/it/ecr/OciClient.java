package io.dockyard.it.ecr;

import io.dockyard.it.support.Sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** A small OCI distribution client over java.net.http, logged in as ECR users are (Basic AWS:<password>). */
final class OciClient {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private final HttpClient http = HttpClient.newHttpClient();
    final String endpoint;
    final String auth;

    OciClient(String endpoint, String password) {
        this.endpoint = endpoint;
        this.auth = password == null ? null : "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Logged in with a password from GetAuthorizationToken (through the SDK). */
    static OciClient login(String endpoint) {
        try (var ecr = Sdk.ecr(endpoint)) {
            String token = ecr.getAuthorizationToken(b -> {}).authorizationData().get(0).authorizationToken();
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            return new OciClient(endpoint, decoded.substring("AWS:".length()));
        }
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : endpoint + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) b.header("Authorization", auth);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    static String digest(String algorithm, byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
            return algorithm + ":" + HexFormat.of().formatHex(md.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) { return digest("sha256", data); }

    /** Single-request blob push (POST ?digest=). */
    String pushBlob(String repo, byte[] data) {
        String d = sha256(data);
        HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, data, "Content-Type", "application/octet-stream");
        if (r.statusCode() != 201) throw new AssertionError("blob push answered " + r.statusCode() + " " + text(r));
        return d;
    }

    /** PUT of a manifest; returns the response. */
    HttpResponse<byte[]> putManifest(String repo, String reference, String mediaType, String json) {
        return send("PUT", "/v2/" + repo + "/manifests/" + reference, json.getBytes(StandardCharsets.UTF_8), "Content-Type", mediaType);
    }

    /** A pushed image: its manifest text and digest. */
    record Pushed(String manifest, String digest, String configDigest, List<String> layers) {}

    /** Pushes config + layers and an OCI image manifest (optionally with a subject and artifactType). */
    Pushed pushImage(String repo, String reference, String config, String subject, String artifactType, String... layers) {
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        String cfgDigest = pushBlob(repo, cfg);
        List<String> descriptors = new ArrayList<>();
        List<String> layerDigests = new ArrayList<>();
        for (String l : layers) {
            byte[] data = l.getBytes(StandardCharsets.UTF_8);
            String d = pushBlob(repo, data);
            layerDigests.add(d);
            descriptors.add("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + d + "\",\"size\":" + data.length + "}");
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\""
                + (artifactType == null ? "" : ",\"artifactType\":\"" + artifactType + "\"")
                + ",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + cfgDigest + "\",\"size\":" + cfg.length + "}"
                + ",\"layers\":[" + String.join(",", descriptors) + "]"
                + (subject == null ? "" : ",\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":100}")
                + "}";
        HttpResponse<byte[]> r = putManifest(repo, reference, OCI_MANIFEST, manifest);
        if (r.statusCode() != 201) throw new AssertionError("manifest push answered " + r.statusCode() + " " + text(r));
        return new Pushed(manifest, sha256(manifest.getBytes(StandardCharsets.UTF_8)), cfgDigest, layerDigests);
    }
}
