package io.dockyard.protocol;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The protocol family a request belongs to, and so the shape every answer to it takes, errors from
 * Jetty included: AWS JSON 1.1 ({@code {"__type","message"}}), AWS Query ({@code <ErrorResponse>}),
 * the OCI registry ({@code {"errors":[…]}}), or Dockyard's own JSON (agent protocol, dev helpers).
 * Decided once at the edge ({@link #classify}) from the path, the SigV4 signing scope (header or
 * presigned query), {@code X-Amz-Target} and {@code Action} — the Content-Type only as a last hint.
 */
public enum Family {
    AWS_JSON, AWS_QUERY, AWS_CBOR, REGISTRY, AGENT, DEV, CONSOLE;

    /** The request attribute holding the family decided at the edge. */
    public static final String ATTRIBUTE = "dockyard.family";

    /** The family the edge decided for the request (AWS JSON when none was decided). */
    public static Family of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Family f ? f : AWS_JSON;
    }

    /**
     * Decides the family. {@code querySigningNames} are the SigV4 service names of the Query
     * protocol services (e.g. {@code elasticloadbalancing}).
     */
    public static Family classify(Request request, Set<String> querySigningNames) {
        String path = request.getHttpURI().getPath();
        if (path != null) {
            if (path.equals("/v2") || path.startsWith("/v2/")) return REGISTRY;
            if (path.startsWith("/_dockyard/agent/")) return AGENT;
            if (path.startsWith("/_dockyard/") || path.startsWith("/moto-api/") || path.equals("/metrics")) return DEV;
            if (path.startsWith("/service/") && request.getHeaders().get("smithy-protocol") != null) return AWS_CBOR;
            if (path.equals("/console") || path.startsWith("/console/")) return CONSOLE;
            if (path.equals("/") && browsing(request)) return CONSOLE;
        }
        if (request.getHeaders().get("X-Amz-Target") != null) return AWS_JSON;
        String service = signingService(request);
        if (service != null) return querySigningNames.contains(service) ? AWS_QUERY : AWS_JSON;
        String query = request.getHttpURI().getQuery();
        if (query != null && (query.startsWith("Action=") || query.contains("&Action="))) return AWS_QUERY;
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) return AWS_QUERY;
        return AWS_JSON;
    }

    /**
     * A browser asking for the root page: a GET with no AWS signature, target or action, that accepts HTML
     * (the console's front door; every AWS protocol request to {@code /} is signed or names its action).
     */
    static boolean browsing(Request request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) return false;
        if (request.getHeaders().get(HttpHeader.AUTHORIZATION) != null || request.getHeaders().get("X-Amz-Target") != null) return false;
        if (request.getHttpURI().getQuery() != null && !request.getHttpURI().getQuery().isEmpty()) return false;
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** The service of the SigV4 credential scope, from the Authorization header or a presigned query; null when unsigned. */
    public static String signingService(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null) return SigV4.parse(auth).map(SigV4::service).orElse(null);
        return SigV4.presigned(request.getHttpURI().getQuery()).map(SigV4::service).orElse(null);
    }

    /** Whether requests of this family must be AWS-signed (an Authorization header or a presigned query). */
    public boolean signed() { return this == AWS_JSON || this == AWS_QUERY || this == AWS_CBOR; }

    /** An error answer in this family's shape: its content type and body. */
    public record Answer(String contentType, byte[] body) {}

    /**
     * Renders an error. {@code code} is the AWS-style code (e.g. {@code AccessDenied}): JSON families
     * add AWS JSON's {@code Exception} suffix where AWS does, the registry maps it to its OCI code.
     */
    public Answer error(int status, Problem problem, String message, String requestId) {
        return switch (this) {
            case AWS_QUERY -> new Answer("text/xml", QueryXml.error("http://dockyard.io/doc/query/", status, problem.query, message, requestId).getBytes(StandardCharsets.UTF_8));
            case REGISTRY -> new Answer("application/json", Json.write(ociBody(problem.oci, message)).getBytes(StandardCharsets.UTF_8));
            case AWS_CBOR -> new Answer(Cbor.CONTENT_TYPE, Cbor.write(JsonProtocolHandler.error(problem.json, message)));
            case CONSOLE -> new Answer("text/plain;charset=utf-8", (status + " " + problem.json.replace("Exception", "") + ": " + message + "\n").getBytes(StandardCharsets.UTF_8));
            default -> new Answer(this == AWS_JSON ? "application/x-amz-json-1.1" : "application/json",
                    Json.write(JsonProtocolHandler.error(problem.json, message)).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** The OCI distribution spec's error body: {@code {"errors":[{"code","message","detail"}]}}. */
    public static java.util.Map<String, Object> ociBody(String code, String message) {
        return Out.obj().with("errors", java.util.List.of(Out.obj().with("code", code).with("message", message).with("detail", java.util.Map.of())));
    }

    /** What the edge refuses, named in each family's vocabulary. */
    public enum Problem {
        HOST_NOT_ALLOWED("AccessDeniedException", "AccessDenied", "DENIED"),
        CROSS_SITE("AccessDeniedException", "AccessDenied", "DENIED"),
        MISSING_AUTHENTICATION("MissingAuthenticationTokenException", "MissingAuthenticationToken", "UNAUTHORIZED"),
        TOO_LARGE("RequestEntityTooLargeException", "RequestEntityTooLarge", "SIZE_INVALID"),
        HEADERS_TOO_LARGE("RequestHeaderFieldsTooLargeException", "RequestHeaderFieldsTooLarge", "SIZE_INVALID"),
        BAD_REQUEST("SerializationException", "MalformedQueryString", "NAME_INVALID"),
        NOT_FOUND("UnknownOperationException", "InvalidAction", "NOT_FOUND"),
        METHOD_NOT_ALLOWED("UnknownOperationException", "InvalidAction", "UNSUPPORTED"),
        UNAVAILABLE("ServiceUnavailableException", "ServiceUnavailable", "UNAVAILABLE"),
        INTERNAL("InternalFailure", "InternalFailure", "UNKNOWN");

        final String json;
        final String query;
        final String oci;

        Problem(String json, String query, String oci) {
            this.json = json;
            this.query = query;
            this.oci = oci;
        }

        /** The problem Jetty meant by an HTTP status it answers itself. */
        public static Problem forStatus(int status) {
            return switch (status) {
                case 401, 403 -> CROSS_SITE;
                case 404 -> NOT_FOUND;
                case 405 -> METHOD_NOT_ALLOWED;
                case 413 -> TOO_LARGE;
                case 414, 431 -> HEADERS_TOO_LARGE;
                case 503 -> UNAVAILABLE;
                default -> status >= 500 ? INTERNAL : BAD_REQUEST;
            };
        }

        /** The code in the given family's vocabulary. */
        public String code(Family family) {
            return switch (family) {
                case AWS_QUERY -> query;
                case REGISTRY -> oci;
                default -> json;
            };
        }
    }
}
