package io.dockyard.registry.oci;

import io.dockyard.registry.auth.RegistryTokens;
import io.dockyard.registry.cache.PullThroughCache;
import io.dockyard.registry.cache.RepositoryTemplates;
import io.dockyard.registry.domain.Names;
import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.RegistryException;
import io.dockyard.registry.domain.Uploads;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI Distribution API v1.1 under {@code /v2/}, authenticated as ECR does it (HTTP Basic, user
 * {@code AWS}, a password from GetAuthorizationToken). Routes each path to its endpoints.
 */
public final class DistributionHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(DistributionHandler.class);
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/?([^/]*)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
    private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/([^/]+)");
    /** Query parameter carrying a password on blob URLs handed out by GetDownloadUrlForLayer. */
    public static final String TOKEN_PARAM = "dockyard-token";

    private final RegistryTokens tokens;
    private final Registry registry;
    private volatile io.dockyard.core.port.ResourceAccess access = io.dockyard.core.port.ResourceAccess.ANY;
    private volatile String arnPrefix = "arn:aws:ecr:us-east-1:000000000000:repository/";
    private final String realm;
    private final BlobEndpoints blobs;
    private final UploadEndpoints uploads;
    private final ManifestEndpoints manifests;
    private final ListEndpoints lists;
    private final PullThroughCache cache;
    private final RepositoryTemplates templates;

    /** {@code registryUrl}: the registry as clients reach it, e.g. {@code https://localhost:4566} (the token realm). */
    public DistributionHandler(Registry registry, Uploads uploads, RegistryTokens tokens, String registryUrl,
                               PullThroughCache cache, RepositoryTemplates templates) {
        this.cache = cache;
        this.templates = templates;
        this.tokens = tokens;
        this.registry = registry;
        this.realm = "Basic realm=\"" + registryUrl + "/\",service=\"ecr.amazonaws.com\"";
        this.blobs = new BlobEndpoints(registry, cache);
        this.uploads = new UploadEndpoints(uploads);
        this.manifests = new ManifestEndpoints(registry, cache);
        this.lists = new ListEndpoints(registry);
    }

    /** Who may do what (secure mode: IAM policies and the repository's policy); {@code ANY} in local mode. */
    public void access(io.dockyard.core.port.ResourceAccess a, String region, String account) {
        this.access = a;
        this.arnPrefix = "arn:aws:ecr:" + region + ":" + account + ":repository/";
    }

    /** Whether the request is for the registry ({@code /v2} or below). */
    public static boolean accepts(Request r) {
        String p = Request.getPathInContext(r);
        return p.equals("/v2") || p.startsWith("/v2/");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        String path = Request.getPathInContext(request);
        Exchange x = null;
        try {
            x = route(request, response, callback, path);
            if (x == null) return true;
            if (!authenticated(x)) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, realm);
                OciErrors.send(x, Problem.UNAUTHORIZED, "Not authorized: log in with 'aws ecr get-login-password | docker login --username AWS --password-stdin'.");
                return true;
            }
            if (!permitted(x, path)) return true;
            if (createsOnPush(x, path)) templates.createIfMissing(x.repo, RepositoryTemplates.CREATE_ON_PUSH);
            dispatch(x, path);
        } catch (RegistryException e) {
            OciErrors.send(x, e.problem(), e.getMessage());
        } catch (UncheckedIOException e) {
            log.debug("registry I/O {} {}: {}", request.getMethod(), path, e.toString());
            OciErrors.send(x, Problem.BLOB_UPLOAD_INVALID, "The request body could not be read completely.");
        } catch (RuntimeException e) {
            log.error("registry request {} {} failed", request.getMethod(), path, e);
            OciErrors.send(x, 500, "UNKNOWN", "An internal error occurred.");
        }
        return true;
    }

    /**
     * Checks the caller's right to the ECR action the request amounts to (as ECR's registry does: a push is
     * InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload, PutImage; a pull BatchGetImage, GetDownloadUrlForLayer);
     * answers DENIED itself when refused.
     */
    private boolean permitted(Exchange x, String path) {
        if (x.repo == null && !path.endsWith("_catalog")) return true; // the version check docker login makes: a password suffices
        String caller = caller(x);
        String action = action(x, path);
        String arn = x.repo == null ? "*" : arnPrefix + x.repo;
        String policy = x.repo == null ? null : registry.store().get(io.dockyard.registry.domain.Records.REPOSITORY, x.repo)
                .map(io.dockyard.registry.domain.Records.Repository::policyText).orElse(null);
        try {
            access.check(caller, action, arn, policy);
            for (String extra : extraActions(x, path)) access.check(caller, extra, arn, policy);
            return true;
        } catch (io.dockyard.core.AwsException e) {
            OciErrors.send(x, Problem.DENIED, e.getMessage());
            return false;
        }
    }

    /** The access key id the request's password was issued to. */
    private String caller(Exchange x) {
        return tokens.basicCaller(x.header("Authorization")).orElseGet(() -> tokens.caller(x.param(TOKEN_PARAM)).orElse(null));
    }

    /**
     * What a request needs beyond its own action because the registry would create the repository or fetch from an upstream:
     * a pull through a pull-through cache rule (ecr:CreateRepository, ecr:BatchImportUpstreamImage), a push that creates its
     * repository from a CREATE_ON_PUSH template (ecr:CreateRepository).
     */
    private java.util.List<String> extraActions(Exchange x, String path) {
        if (x.repo == null) return java.util.List.of();
        if (MANIFEST.matcher(path).matches() && (x.method().equals("GET") || x.head())) return cache.actionsFor(x.repo, x.ref);
        if (createsOnPush(x, path)) return java.util.List.of("ecr:CreateRepository");
        return java.util.List.of();
    }

    /** Whether the request is a push to a repository that does not exist and that a CREATE_ON_PUSH template covers. */
    private boolean createsOnPush(Exchange x, String path) {
        boolean push = (UPLOADS.matcher(path).matches() && x.method().equals("POST")) || (MANIFEST.matcher(path).matches() && x.method().equals("PUT"));
        return push && registry.findRepository(x.repo).isEmpty() && templates.matching(x.repo, RepositoryTemplates.CREATE_ON_PUSH).isPresent();
    }

    /** The ECR action of a registry request. */
    static String action(Exchange x, String path) {
        String m = x.method();
        if (x.repo == null) return "ecr:DescribeRepositories";
        if (UPLOADS.matcher(path).matches()) {
            return switch (m) {
                case "POST" -> "ecr:InitiateLayerUpload";
                case "PUT" -> "ecr:CompleteLayerUpload";
                default -> "ecr:UploadLayerPart";
            };
        }
        if (MANIFEST.matcher(path).matches()) {
            return switch (m) {
                case "PUT" -> "ecr:PutImage";
                case "DELETE" -> "ecr:BatchDeleteImage";
                default -> "ecr:BatchGetImage";
            };
        }
        if (BLOB.matcher(path).matches()) return x.head() ? "ecr:BatchCheckLayerAvailability" : "DELETE".equals(m) ? "ecr:BatchDeleteImage" : "ecr:GetDownloadUrlForLayer";
        if (TAGS.matcher(path).matches()) return "ecr:ListImages";
        return "ecr:BatchGetImage";
    }

    private boolean authenticated(Exchange x) {
        if (tokens.validBasic(x.header("Authorization"))) return true;
        String t = x.param(TOKEN_PARAM);
        return t != null && (x.method().equals("GET") || x.head()) && blobPath(x) && tokens.valid(t);
    }

    private boolean blobPath(Exchange x) { return x.ref != null && BLOB.matcher(Request.getPathInContext(x.request)).matches(); }

    /** Parses the path into repository and reference; answers 404/NAME_INVALID itself and returns null. */
    private Exchange route(Request request, Response response, Callback callback, String path) {
        for (Pattern p : new Pattern[] {UPLOADS, BLOB, MANIFEST, TAGS, REFERRERS}) {
            Matcher m = p.matcher(path);
            if (!m.matches()) continue;
            Exchange x = new Exchange(request, response, callback, m.group(1), m.groupCount() > 1 ? m.group(2) : null);
            if (!Names.validRepository(x.repo)) {
                OciErrors.send(x, Problem.NAME_INVALID, "Invalid repository name '" + x.repo + "'.");
                return null;
            }
            return x;
        }
        Exchange x = new Exchange(request, response, callback, null, null);
        if (path.equals("/v2") || path.equals("/v2/") || path.equals("/v2/_catalog")) return x;
        OciErrors.send(x, 404, "NOT_FOUND", "No registry endpoint at " + path + ".");
        return null;
    }

    private void dispatch(Exchange x, String path) {
        String method = x.method();
        if (x.repo == null) {
            if (path.endsWith("_catalog")) {
                if (!method.equals("GET")) { unsupported(x); return; }
                lists.catalog(x);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                x.json(200, "application/json", Map.of());
            } else {
                unsupported(x);
            }
            return;
        }
        if (UPLOADS.matcher(path).matches()) {
            switch (method) {
                case "POST" -> { if (x.ref.isEmpty()) uploads.post(x); else unsupported(x); }
                case "PATCH" -> uploads.patch(x);
                case "PUT" -> uploads.put(x);
                case "GET" -> uploads.status(x);
                case "DELETE" -> uploads.cancel(x);
                default -> unsupported(x);
            }
        } else if (BLOB.matcher(path).matches()) {
            switch (method) {
                case "GET", "HEAD" -> blobs.get(x);
                case "DELETE" -> blobs.delete(x);
                default -> unsupported(x);
            }
        } else if (MANIFEST.matcher(path).matches()) {
            switch (method) {
                case "GET", "HEAD" -> manifests.get(x, () -> access.principalArn(caller(x)));
                case "PUT" -> manifests.put(x);
                case "DELETE" -> manifests.delete(x);
                default -> unsupported(x);
            }
        } else if (TAGS.matcher(path).matches()) {
            if (method.equals("GET")) lists.tags(x); else unsupported(x);
        } else {
            if (method.equals("GET")) manifests.referrers(x); else unsupported(x);
        }
    }

    private static void unsupported(Exchange x) {
        OciErrors.send(x, Problem.UNSUPPORTED, "Method " + x.method() + " is not supported here.");
    }
}
