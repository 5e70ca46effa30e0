package io.dockyard.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dockyard.core.AwsException;
import io.dockyard.core.port.StoreUnavailableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS JSON 1.1 protocol (and 1.0, which differs only in its content type): POST with {@code X-Amz-Target: Prefix.Operation} and a JSON body,
 * answered with the output structure or {@code {"__type": code, "message": text}} and the error's
 * HTTP status. Every answer carries {@code x-amzn-RequestId}.
 */
public final class JsonProtocolHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(JsonProtocolHandler.class);
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String CONTENT_TYPE_1_0 = "application/x-amz-json-1.0";
    private static final int MAX_TARGET = 256;

    private final Map<String, JsonService> services = new HashMap<>();
    private final Gate gate;
    private final String defaultRegion;
    private final String account;
    private volatile RequestObserver observer = RequestObserver.NONE;

    public JsonProtocolHandler(List<JsonService> services, Gate gate, String defaultRegion, String account) {
        services.forEach(s -> this.services.put(s.targetPrefix(), s));
        this.gate = gate;
        this.defaultRegion = defaultRegion;
        this.account = account;
    }

    /** Who is told of every request answered (metrics, traces). */
    public JsonProtocolHandler observe(RequestObserver o) {
        observer = o;
        return this;
    }

    /** Whether this request is for a JSON 1.1 service (the edge's {@link Family} decision). */
    public static boolean accepts(Request request) {
        return Family.of(request) == Family.AWS_JSON;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long started = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        String requestId = RequestIds.next();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        Object result;
        int status = 200;
        String contentType = requestContentType(request);
        // the target, resolved once: for the dispatch, the error's shape and the observer
        String target = request.getHeaders().get("X-Amz-Target");
        int dot = target == null || !wellFormedTarget(target) ? -1 : target.lastIndexOf('.');
        JsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
        Operation op = service == null ? null : service.operations().get(target.substring(dot + 1));
        try {
            result = dispatch(request, requestId, target, service, op);
        } catch (AwsException e) {
            status = e.status();
            if (service != null && service.queryCompatible()) {
                response.getHeaders().put("x-amzn-query-error", e.code() + ";" + (status >= 500 ? "Receiver" : "Sender"));
                result = error(service.errorType(e.code()), e.getMessage());
            } else {
                result = error(e.code(), e.getMessage());
            }
        } catch (StoreUnavailableException e) {
            // ServerException (HTTP 500) is what ECS answers and what the AWS SDKs retry.
            log.warn("request {} failed: {}", requestId, e.getMessage());
            status = 500;
            result = error("ServerException", "The service is unavailable: its database cannot be reached. Retry the request.");
        } catch (RuntimeException e) {
            log.error("request {} failed", requestId, e);
            status = 500;
            result = error("ServerException", "An internal error occurred (request " + requestId + ").");
        }
        byte[] body = Json.writeBytes(result == null ? Map.of() : result);
        // Server-side handling time (body read, operation, rendering), as the standard Server-Timing header.
        response.getHeaders().put("Server-Timing", RequestIds.serverTiming(System.nanoTime() - started));
        Http.send(response, callback, status, contentType, body);
        observer.observed(op != null ? service.targetPrefix() : "unknown", op != null ? op.name() : "unknown", status, startedAt,
                System.nanoTime() - started);
        return true;
    }

    /** JSON 1.0 is answered as 1.0, everything else as 1.1. */
    private static String requestContentType(Request request) {
        String t = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return t != null && t.startsWith(CONTENT_TYPE_1_0) ? CONTENT_TYPE_1_0 : CONTENT_TYPE;
    }

    private Object dispatch(Request request, String requestId, String target, JsonService service, Operation op) throws Exception {
        if (target == null) throw new AwsException("UnknownOperationException", 400, "The request names no operation (X-Amz-Target).");
        if (!wellFormedTarget(target)) throw new AwsException("UnknownOperationException", 400, "The X-Amz-Target header is not a valid operation name.");
        if (op == null) throw new AwsException("UnknownOperationException", 400, "Operation " + target + " is not supported.");
        Gate.Caller caller = gate.authenticate(Gate.signed(request, Http.raw(request)), Gate.sourceIp(request), false);
        Map<String, Object> input = parse(Http.body(request));
        RequestContext ctx = new RequestContext(requestId, caller.region() != null ? caller.region() : defaultRegion, caller.accessKeyId(), account);
        gate.authorize(caller, service.signingName(), op.name(), input, ctx, false);
        return op.handle(input, ctx);
    }

    /** {@code Prefix.Operation}: at most 256 visible ASCII characters (a long or NUL-laden one is not echoed back). */
    static boolean wellFormedTarget(String target) {
        if (target.isEmpty() || target.length() > MAX_TARGET) return false;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) return false;
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] body) {
        if (body.length == 0) return new HashMap<>();
        try {
            Object parsed = Json.MAPPER.readValue(body, Object.class);
            if (parsed instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw new AwsException("SerializationException", 400, "The request body must be a JSON object.");
        } catch (JsonProcessingException e) {
            throw new AwsException("SerializationException", 400, "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new AwsException("SerializationException", 400, "The request body could not be read.");
        }
    }

    static Map<String, Object> error(String code, String message) {
        return Out.obj().with("__type", code).with("message", message);
    }
}
