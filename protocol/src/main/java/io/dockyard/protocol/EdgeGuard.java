package io.dockyard.protocol;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every request passes before it is routed (docs/security.md): it names an allowed Host
 * (stops DNS rebinding), a browser's cross-site request is refused unless its Origin is on the CORS
 * allow-list (and a CORS preflight is answered explicitly), AWS API requests carry an AWS
 * {@code Authorization} header or a presigned query (a browser form cannot), and a body declared
 * larger than its family's cap is answered 413 before it is read. The request's {@link Family} and
 * body cap are left as attributes for the handlers ({@link Http#body} enforces the cap while reading).
 */
public final class EdgeGuard extends Handler.Wrapper {
    private static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    private static final String ALLOW_HEADERS = "authorization, content-type, x-amz-target, x-amz-date, x-amz-security-token, "
            + "x-amz-user-agent, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request, x-dockyard-dev";

    private final EdgePolicy policy;
    private final Set<String> querySigningNames;

    /**
     * The URI rules of the edge's connector: Jetty's defaults, except that suspicious and illegal path characters (an
     * encoded NUL, a backslash) reach the edge, which refuses them in the protocol's error shape instead of the parser's.
     */
    public static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("dockyard",
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS, UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS);

    public EdgeGuard(EdgePolicy policy, Set<String> querySigningNames, Handler next) {
        super(next);
        this.policy = policy;
        this.querySigningNames = Set.copyOf(querySigningNames);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Family family = Family.classify(request, querySigningNames);
        request.setAttribute(Family.ATTRIBUTE, family);
        if (request.getHttpURI().hasViolation(UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS)
                || request.getHttpURI().hasViolation(UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS)) {
            // let through the parser (see URI_COMPLIANCE) so that the refusal has the shape of the path's protocol
            return refuse(family, response, callback, 400, Family.Problem.BAD_REQUEST, "The request path contains characters that are not allowed (such as an encoded NUL).");
        }
        String host = request.getHttpURI().getHost();
        if (!hostAllowed(host)) {
            return refuse(family, response, callback, 403, Family.Problem.HOST_NOT_ALLOWED,
                    "Host '" + host + "' is not allowed; add it with --allowed-hosts (DOCKYARD_ALLOWED_HOSTS).");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && family == Family.CONSOLE && sameOrigin(request, origin)) origin = null; // the console's own pages posting back
        boolean corsAllowed = origin != null && policy.corsOrigins().contains(origin);
        if (origin != null && "OPTIONS".equals(request.getMethod()) && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
            if (!corsAllowed) return refuse(family, response, callback, 403, Family.Problem.CROSS_SITE, "Cross-origin requests from " + origin + " are not allowed (see --cors-origins).");
            cors(response, origin);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
            response.setStatus(204);
            response.write(true, null, callback);
            return true;
        }
        if (origin != null ? !corsAllowed : crossSiteFetch(request)) {
            return refuse(family, response, callback, 403, Family.Problem.CROSS_SITE,
                    "Cross-origin requests" + (origin == null ? "" : " from " + origin) + " are not allowed (see --cors-origins).");
        }
        if (corsAllowed) cors(response, origin);
        if (family == Family.AGENT && !"GET".equals(request.getMethod()) && !json(request)) {
            return refuse(family, response, callback, 415, Family.Problem.CROSS_SITE, "Agent protocol requests carry application/json.");
        }
        if (family.signed() && !signed(request)) {
            return refuse(family, response, callback, 403, Family.Problem.MISSING_AUTHENTICATION, "Missing Authentication Token");
        }
        long limit = limit(family, request);
        request.setAttribute(Http.BODY_LIMIT, limit);
        if (limit >= 0 && request.getLength() > limit) {
            return refuse(family, response, callback, 413, Family.Problem.TOO_LARGE, Http.tooLargeMessage(limit));
        }
        return super.handle(request, response, callback);
    }

    boolean hostAllowed(String host) {
        if (host == null || host.isEmpty() || policy.anyHost()) return true;
        if (ipLiteral(host)) return true;
        String h = host.toLowerCase(Locale.ROOT);
        return policy.allowedHosts().contains(h) || h.endsWith(".localhost");
    }

    /** An IPv4 dotted quad or a bracketed IPv6 address: a name no rebinding DNS answer can stand behind. */
    static boolean ipLiteral(String host) {
        if (host.charAt(0) == '[') return true;
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') dots++;
            else if (c < '0' || c > '9') return false;
        }
        return dots == 3;
    }

    /** An Origin that is the request's own scheme, host and port (the Host header was checked above). */
    static boolean sameOrigin(Request request, String origin) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        return host != null && origin.equals(request.getHttpURI().getScheme() + "://" + host);
    }

    /** A browser fetch from another site (Fetch Metadata), when it sent no Origin. */
    private static boolean crossSiteFetch(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        return site != null && !site.equals("same-origin") && !site.equals("none");
    }

    /** A JSON body: a type a browser form cannot send without a CORS preflight. */
    private static boolean json(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "application/json", 0, 16);
    }

    /** An AWS Authorization header (any credentials pass in local mode) or a presigned query. */
    static boolean signed(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null) return auth.startsWith("AWS");
        String query = request.getHttpURI().getQuery();
        return query != null && (query.contains("X-Amz-Signature=") || query.contains("X-Amz-Credential="));
    }

    private long limit(Family family, Request request) {
        return switch (family) {
            case AWS_QUERY, AWS_CBOR -> policy.queryBodyLimit();
            case AWS_JSON -> {
                String target = request.getHeaders().get("X-Amz-Target");
                int dot = target == null ? -1 : target.lastIndexOf('.');
                Long special = dot < 0 ? null : policy.targetBodyLimits().get(target.substring(0, dot));
                yield special != null ? special : policy.jsonBodyLimit();
            }
            case AGENT -> policy.jsonBodyLimit();
            case DEV -> EdgePolicy.DEV_BODY;
            case CONSOLE -> EdgePolicy.CONSOLE_BODY;
            case REGISTRY -> -1; // blobs stream unbounded; the registry caps manifests itself
        };
    }

    private static void cors(Response response, String origin) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "x-amzn-RequestId, x-amz-request-id");
        response.getHeaders().add(HttpHeader.VARY, "Origin");
    }

    /** Answers with the family's error shape; a refused body is not read, so the connection closes after the answer. */
    static boolean refuse(Family family, Response response, Callback callback, int status, Family.Problem problem, String message) {
        String requestId = RequestIds.next();
        Family.Answer a = family.error(status, problem, message, requestId);
        response.setStatus(status);
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.body().length);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(a.body()), callback);
        return true;
    }
}
