package io.dockyard.registry.cache;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small upstream registry for tests: manifests and blobs in maps, guarded by the token flow (401 with a Bearer challenge,
 * a token service that wants Basic {@code user:secret}) or by Basic itself; counts the requests it answers.
 */
final class FakeRegistry implements AutoCloseable {
    enum Auth { NONE, BEARER, BASIC }

    final Map<String, byte[]> manifests = new ConcurrentHashMap<>(); // "repo:ref" -> bytes (by tag and by digest)
    final Map<String, String> types = new ConcurrentHashMap<>();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();     // digest -> bytes
    final AtomicInteger manifestGets = new AtomicInteger(), blobGets = new AtomicInteger(), tokenGets = new AtomicInteger();
    volatile String lastScope;
    /** Blobs answered with a 307 to a second server (a CDN with presigned URLs: it refuses requests that carry Authorization). */
    volatile boolean redirectBlobs;
    final AtomicInteger cdnGets = new AtomicInteger();
    private final HttpServer server, cdn;
    private final Auth auth;

    FakeRegistry(Auth auth) throws IOException {
        this.auth = auth;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/", x -> {
            try (x) {
                cdnGets.incrementAndGet();
                byte[] b = blobs.get(x.getRequestURI().getPath().substring(1));
                if (x.getRequestHeaders().containsKey("Authorization") || b == null) { send(x, 400, "text/plain", "no".getBytes(), null); return; }
                send(x, 200, "application/octet-stream", b, null);
            }
        });
        cdn.start();
    }

    String url() { return "127.0.0.1:" + server.getAddress().getPort(); }

    static String sha(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Adds a blob; returns its digest. */
    String blob(String content) throws Exception {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        String d = sha(b);
        blobs.put(d, b);
        return d;
    }

    /** Adds an image manifest (config and one layer) under repo:tag and by digest; returns the manifest digest. */
    String image(String repo, String tag, String config, String layer) throws Exception {
        String c = blob(config), l = blob(layer);
        String m = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":"
                + config.length() + ",\"digest\":\"" + c + "\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":" + layer.length()
                + ",\"digest\":\"" + l + "\"}]}";
        return manifest(repo, tag, m, "application/vnd.oci.image.manifest.v1+json");
    }

    String manifest(String repo, String tag, String body, String type) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String d = sha(b);
        manifests.put(repo + ":" + d, b);
        types.put(repo + ":" + d, type);
        if (tag != null) {
            manifests.put(repo + ":" + tag, b);
            types.put(repo + ":" + tag, type);
        }
        return d;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String authz = x.getRequestHeaders().getFirst("Authorization");
            String basic = "Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));
            if (path.equals("/token")) {
                tokenGets.incrementAndGet();
                lastScope = x.getRequestURI().getQuery();
                if (!basic.equals(authz)) { send(x, 401, "application/json", "{}".getBytes(), null); return; }
                send(x, 200, "application/json", "{\"token\":\"t0k3n\",\"expires_in\":300}".getBytes(), null);
                return;
            }
            boolean ok = switch (auth) {
                case NONE -> true;
                case BEARER -> "Bearer t0k3n".equals(authz);
                case BASIC -> basic.equals(authz);
            };
            if (!ok) {
                String challenge = auth == Auth.BASIC ? "Basic realm=\"fake\""
                        : "Bearer realm=\"http://" + url() + "/token\",service=\"fake\"" + (path.equals("/v2/") ? "" : ",scope=\"repository:" + repoOf(path) + ":pull\"");
                x.getResponseHeaders().add("WWW-Authenticate", challenge);
                send(x, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(), null);
                return;
            }
            if (path.equals("/v2/")) { send(x, 200, "application/json", "{}".getBytes(), null); return; }
            int mi = path.indexOf("/manifests/"), bi = path.indexOf("/blobs/");
            if (mi > 0) {
                manifestGets.incrementAndGet();
                String key = path.substring(4, mi) + ":" + path.substring(mi + 11);
                byte[] b = manifests.get(key);
                if (b == null) { send(x, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(), null); return; }
                send(x, 200, types.get(key), b, sha(b));
            } else if (bi > 0) {
                blobGets.incrementAndGet();
                if (redirectBlobs) {
                    x.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/" + path.substring(bi + 7));
                    send(x, 307, "text/plain", new byte[0], null);
                    return;
                }
                byte[] b = blobs.get(path.substring(bi + 7));
                if (b == null) { send(x, 404, "application/json", "{}".getBytes(), null); return; }
                send(x, 200, "application/octet-stream", b, null);
            } else {
                send(x, 404, "application/json", "{}".getBytes(), null);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static String repoOf(String path) { return path.substring(4).replaceFirst("/(manifests|blobs)/.*$", ""); }

    private static void send(HttpExchange x, int status, String type, byte[] body, String digest) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        if (digest != null) x.getResponseHeaders().add("Docker-Content-Digest", digest);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        cdn.stop(0);
    }
}
