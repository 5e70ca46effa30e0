package io.dockyard.registry.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.registry.domain.MediaTypes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of one upstream OCI/Docker registry (the distribution protocol over {@link HttpClient}): manifests and blobs
 * by repository, authenticated the way registries ask — anonymous first; on 401 with {@code WWW-Authenticate: Bearer
 * realm=…,service=…,scope=…} a token from the realm (with the credentials as Basic, when there are any), on
 * {@code Basic} the credentials themselves. Tokens are kept per scope until they expire.
 */
public final class Upstream {
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.DOCKER_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final int MAX_REDIRECTS = 5;

    /** A failure talking to the upstream: {@code status} is its HTTP status (0 when it could not be reached). */
    public static final class Failure extends IOException {
        public final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The user and token (password) from the rule's secret; null for anonymous access. */
    public record Credentials(String username, String accessToken) {}

    /** A manifest as the upstream served it. */
    public record Manifest(byte[] bytes, String mediaType, String digest) {}

    private final URI base;
    private final Credentials credentials;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private record Token(String value, long expiresAtMillis) {}

    public Upstream(String registryUrl, Credentials credentials) {
        this.base = base(registryUrl);
        this.credentials = credentials;
    }

    /**
     * The registry's base URI from a rule's URL: {@code https://} unless the URL names its scheme, or names a loopback
     * host (plain HTTP there, as Docker treats localhost registries).
     */
    static URI base(String url) {
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (!u.contains("://")) {
            String host = u.replaceFirst("[:/].*$", "");
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || u.startsWith("[::1]");
            u = (loopback ? "http://" : "https://") + u;
        }
        URI uri = URI.create(u);
        if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("not a registry URL: " + url);
        }
        return uri;
    }

    public URI base() { return base; }

    /** The version check ({@code GET /v2/}), authenticated: throws when the registry cannot be reached or refuses the credentials. */
    public void ping() throws IOException {
        HttpResponse<InputStream> r = send("/v2/", null, "GET", null);
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw new Failure(r.statusCode(), "the upstream registry answered " + r.statusCode() + " to /v2/");
        }
    }

    /** The manifest {@code reference} (tag or digest) of {@code repository}; null when the upstream has none (404). */
    public Manifest manifest(String repository, String reference) throws IOException {
        HttpResponse<InputStream> r = send("/v2/" + repository + "/manifests/" + reference, repository, "GET", ACCEPT);
        try (InputStream in = r.body()) {
            if (r.statusCode() == 404) return null;
            if (r.statusCode() != 200) throw new Failure(r.statusCode(), "the upstream registry answered " + r.statusCode() + " for manifest " + repository + ":" + reference);
            byte[] bytes = in.readNBytes((int) io.dockyard.registry.domain.Registry.MAX_MANIFEST + 1);
            if (bytes.length > (int) io.dockyard.registry.domain.Registry.MAX_MANIFEST) throw new Failure(r.statusCode(), "the upstream manifest is too large");
            String type = r.headers().firstValue("Content-Type").map(t -> t.replaceFirst(";.*$", "").strip()).orElse(null);
            return new Manifest(bytes, type, r.headers().firstValue("Docker-Content-Digest").orElse(null));
        }
    }

    /** Opens the blob {@code digest} of {@code repository} (the caller closes it); a Failure when the upstream does not serve it. */
    public InputStream blob(String repository, String digest) throws IOException {
        HttpResponse<InputStream> r = send("/v2/" + repository + "/blobs/" + digest, repository, "GET", null);
        if (r.statusCode() != 200) {
            r.body().close();
            throw new Failure(r.statusCode(), "the upstream registry answered " + r.statusCode() + " for blob " + digest + " of " + repository);
        }
        return r.body();
    }

    private HttpResponse<InputStream> send(String path, String repository, String method, String accept) throws IOException {
        String scope = repository == null ? "" : "repository:" + repository + ":pull";
        String auth = authorization(scope, null);
        HttpResponse<InputStream> r = exchange(path, method, accept, auth);
        if (r.statusCode() != 401) return r;
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        r.body().close();
        auth = authorization(scope, challenge);
        if (auth == null) throw new Failure(401, "the upstream registry wants credentials and the rule has none");
        return exchange(path, method, accept, auth);
    }

    /**
     * One request, following redirects (blobs are often redirected to an object store or CDN with a presigned URL): the
     * Authorization header goes only to the registry's own host, never to the place a redirect points at elsewhere.
     */
    private HttpResponse<InputStream> exchange(String path, String method, String accept, String auth) throws IOException {
        URI uri = base.resolve(path);
        try {
            for (int hop = 0; ; hop++) {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).method(method, HttpRequest.BodyPublishers.noBody());
                if (accept != null) b.header("Accept", accept);
                boolean sameHost = base.getHost().equalsIgnoreCase(uri.getHost()) && base.getPort() == uri.getPort();
                if (auth != null && sameHost) b.header("Authorization", auth);
                HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                int s = r.statusCode();
                var location = r.headers().firstValue("Location");
                if (!(s == 301 || s == 302 || s == 303 || s == 307 || s == 308) || location.isEmpty()) return r;
                r.body().close();
                if (hop >= MAX_REDIRECTS) throw new Failure(s, "the upstream registry redirected " + path + " more than " + MAX_REDIRECTS + " times");
                uri = uri.resolve(location.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted");
        } catch (Failure e) {
            throw e;
        } catch (IOException e) {
            throw new Failure(0, "the upstream registry " + base + " cannot be reached: " + e.getMessage());
        }
    }

    /** The Authorization header for a request of {@code scope}: a cached token, or (after a challenge) a new one or Basic. */
    private String authorization(String scope, String challenge) throws IOException {
        Token cached = tokens.get(scope);
        if (challenge == null) {
            if (cached != null && cached.expiresAtMillis > System.currentTimeMillis()) return "Bearer " + cached.value;
            return null;
        }
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) return basic();
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) throw new Failure(401, "the upstream registry asks for unsupported authentication: " + challenge);
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) p.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        String realm = p.get("realm");
        if (realm == null) throw new Failure(401, "the upstream registry's Bearer challenge names no realm");
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (p.containsKey("service")) q.append("service=").append(enc(p.get("service"))).append('&');
        String wanted = p.getOrDefault("scope", scope);
        if (!wanted.isEmpty()) q.append("scope=").append(enc(wanted));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString())).timeout(Duration.ofSeconds(30)).GET();
        String basic = basic();
        if (basic != null) b.header("Authorization", basic);
        HttpResponse<byte[]> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted");
        } catch (IOException e) {
            throw new Failure(0, "the upstream registry's token service " + realm + " cannot be reached: " + e.getMessage());
        }
        if (r.statusCode() != 200) throw new Failure(r.statusCode() == 401 || r.statusCode() == 403 ? 401 : r.statusCode(),
                "the upstream registry's token service answered " + r.statusCode());
        JsonNode doc = JSON.readTree(r.body());
        String token = doc.path("token").asText(doc.path("access_token").asText(""));
        if (token.isEmpty()) throw new Failure(401, "the upstream registry's token service answered no token");
        long ttl = Math.max(60, doc.path("expires_in").asLong(60)) - 10;
        tokens.put(scope, new Token(token, System.currentTimeMillis() + ttl * 1000));
        return "Bearer " + token;
    }

    private String basic() {
        if (credentials == null) return null;
        return "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.accessToken()).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
