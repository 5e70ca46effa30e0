package io.dockyard.protocol;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.StoreUnavailableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Smithy RPC v2 CBOR: POST {@code /service/<ServiceShape>/operation/<Operation>} with
 * {@code smithy-protocol: rpc-v2-cbor} and a CBOR body, answered in CBOR with the same header; errors
 * are {@code {"__type", "message"}} with the error's status, and for services that keep their Query
 * error codes ({@code awsQueryCompatible}) also {@code x-amzn-query-error: Code;Sender}. The services
 * are the same {@link JsonService}s the JSON protocols serve, keyed by their target prefix.
 */
public final class CborProtocolHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(CborProtocolHandler.class);

    private final Map<String, JsonService> services = new HashMap<>();
    private final Gate gate;
    private final String defaultRegion;
    private final String account;
    private volatile RequestObserver observer = RequestObserver.NONE;

    /** Who is told of every request answered (metrics, traces). */
    public CborProtocolHandler observe(RequestObserver o) {
        observer = o;
        return this;
    }

    public CborProtocolHandler(List<JsonService> services, Gate gate, String defaultRegion, String account) {
        services.forEach(s -> this.services.put(s.targetPrefix(), s));
        this.gate = gate;
        this.defaultRegion = defaultRegion;
        this.account = account;
    }

    public static boolean accepts(Request request) { return Family.of(request) == Family.AWS_CBOR; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long t0 = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        String requestId = RequestIds.next();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.getHeaders().put("smithy-protocol", "rpc-v2-cbor");
        JsonService service = null;
        String observedOp = "unknown";
        Object result;
        int status = 200;
        try {
            String[] p = Request.getPathInContext(request).split("/");
            // "", "service", prefix, "operation", name
            if (p.length != 5 || !"service".equals(p[1]) || !"operation".equals(p[3])) {
                throw new AwsException("UnknownOperationException", 404, "No operation at " + Request.getPathInContext(request) + ".");
            }
            service = services.get(p[2]);
            Operation op = service == null ? null : service.operations().get(p[4]);
            if (op == null) throw new AwsException("UnknownOperationException", 404, "Operation " + p[2] + "." + p[4] + " is not supported.");
            observedOp = op.name();
            Gate.Caller caller = gate.authenticate(Gate.signed(request, Http.raw(request)), Gate.sourceIp(request), false);
            Map<String, Object> input = parse(Http.body(request));
            RequestContext ctx = new RequestContext(requestId, caller.region() != null ? caller.region() : defaultRegion, caller.accessKeyId(), account);
            gate.authorize(caller, service.signingName(), op.name(), input, ctx, false);
            result = op.handle(input, ctx);
        } catch (AwsException e) {
            status = e.status();
            result = errorBody(service, e.code(), e.getMessage(), status, response);
        } catch (StoreUnavailableException e) {
            log.warn("request {} failed: {}", requestId, e.getMessage());
            status = 503;
            result = errorBody(service, "ServiceUnavailable", "The service is unavailable: its database cannot be reached. Retry the request.", status, response);
        } catch (RuntimeException e) {
            log.error("request {} failed", requestId, e);
            status = 500;
            result = errorBody(service, "InternalFailure", "An internal error occurred (request " + requestId + ").", status, response);
        }
        byte[] body = Cbor.write(result == null ? Map.of() : result);
        // Server-side handling time (body read, operation, encoding; not the transfer), as the standard Server-Timing header.
        response.getHeaders().put("Server-Timing", RequestIds.serverTiming(System.nanoTime() - t0));
        Http.send(response, callback, status, Cbor.CONTENT_TYPE, body);
        observer.observed(service == null || "unknown".equals(observedOp) ? "unknown" : service.targetPrefix(), observedOp, status, startedAt,
                System.nanoTime() - t0);
        return true;
    }

    private static Map<String, Object> errorBody(JsonService service, String code, String message, int status, Response response) {
        if (service != null && service.queryCompatible()) {
            response.getHeaders().put("x-amzn-query-error", code + ";" + (status >= 500 ? "Receiver" : "Sender"));
            return JsonProtocolHandler.error(service.errorType(code), message);
        }
        return JsonProtocolHandler.error(code, message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] body) {
        if (body.length == 0) return new HashMap<>();
        try {
            Object parsed = Cbor.MAPPER.readValue(body, Object.class);
            if (parsed instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw new AwsException("SerializationException", 400, "The request body must be a CBOR map.");
        } catch (IOException e) {
            throw new AwsException("SerializationException", 400, "The request body is not valid CBOR.");
        }
    }
}
