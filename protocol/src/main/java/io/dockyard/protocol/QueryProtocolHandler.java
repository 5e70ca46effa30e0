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

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS Query protocol: a form-encoded POST with {@code Action} and {@code Version}, routed to a
 * {@link QueryService} by the SigV4 credential scope's service (else by Version), answered with
 * {@code <ActionResponse>} XML or an {@code <ErrorResponse>} with the error's HTTP status.
 */
public final class QueryProtocolHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(QueryProtocolHandler.class);
    private static final String CONTENT_TYPE = "text/xml";

    private final Map<String, QueryService> bySigningName = new HashMap<>();
    private final Map<String, QueryService> byVersion = new HashMap<>();
    private final Gate gate;
    private final String defaultRegion;
    private final String account;
    private volatile RequestObserver observer = RequestObserver.NONE;

    /** Who is told of every request answered (metrics, traces). */
    public QueryProtocolHandler observe(RequestObserver o) {
        observer = o;
        return this;
    }

    public QueryProtocolHandler(List<QueryService> services, Gate gate, String defaultRegion, String account) {
        services.forEach(s -> {
            bySigningName.put(s.signingName(), s);
            byVersion.put(s.version(), s);
        });
        this.gate = gate;
        this.defaultRegion = defaultRegion;
        this.account = account;
    }

    /**
     * Whether this request is for a Query service: the edge's {@link Family} decision (its signing
     * scope names a Query service, or it carries {@code Action}, or a form body), whatever its Content-Type.
     */
    public static boolean accepts(Request request) {
        return Family.of(request) == Family.AWS_QUERY;
    }

    /** The parameters: the URL's query string (GET, or a POST that puts them there) and the body, as one form. */
    private static String formOf(Request request) throws java.io.IOException {
        String body = new String(Http.body(request), StandardCharsets.UTF_8);
        String query = request.getHttpURI().getQuery();
        if (query == null || query.isEmpty()) return body;
        return body.isEmpty() ? query : query + "&" + body;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long t0 = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        String requestId = RequestIds.next();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        Map<String, Object> input = Map.of();
        String observedService = "unknown", observedOp = "unknown";
        Optional<SigV4> sig = SigV4.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        QueryService service = sig.map(s -> bySigningName.get(s.service())).orElse(null);
        String namespace = service == null ? "http://dockyard.io/doc/query/" : service.xmlNamespace();
        String body;
        int status = 200;
        try {
            input = QueryForm.parse(formOf(request));
            if (service == null) service = byVersion.get(QueryParams.str(input, "Version"));
            if (service != null) namespace = service.xmlNamespace();
            String action = QueryParams.str(input, "Action");
            Operation op = service == null || action == null ? null : service.operations().get(action);
            if (op == null) throw new AwsException("InvalidAction", 400, "The action " + action + " is not valid for this web service.");
            observedService = service.signingName();
            observedOp = action;
            Gate.Caller caller = gate.authenticate(Gate.signed(request, Http.raw(request)), Gate.sourceIp(request), true);
            RequestContext ctx = new RequestContext(requestId, caller.region() != null ? caller.region() : defaultRegion, caller.accessKeyId(), account);
            gate.authorize(caller, service.signingName(), action, input, ctx, true);
            Object result = op.handle(input, ctx);
            body = QueryXml.response(action, namespace, result, requestId);
        } catch (AwsException e) {
            status = e.status();
            body = QueryXml.error(namespace, status, e.code(), e.getMessage(), requestId);
        } catch (StoreUnavailableException e) {
            log.warn("request {} ({}) failed: {}", requestId, input.get("Action"), e.getMessage());
            status = 503;
            body = QueryXml.error(namespace, 503, "ServiceUnavailable", "The service is unavailable: its database cannot be reached. Retry the request.", requestId);
        } catch (RuntimeException e) {
            log.error("request {} ({}) failed", requestId, input.get("Action"), e);
            status = 500;
            body = QueryXml.error(namespace, 500, "InternalFailure", "An internal error occurred (request " + requestId + ").", requestId);
        }
        Http.send(response, callback, status, CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
        observer.observed(observedService, observedOp, status, startedAt, System.nanoTime() - t0);
        return true;
    }
}
