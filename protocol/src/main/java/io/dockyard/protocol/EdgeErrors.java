package io.dockyard.protocol;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The server's error handler: what Jetty answers itself (a URI it refuses, such as an encoded
 * {@code ..}, {@code %2f} or {@code %00}; headers over the size limit; a handler's uncaught failure)
 * is rendered in the shape of the protocol the request belongs to, never as an HTML page.
 */
public final class EdgeErrors extends ErrorHandler {
    private final Set<String> querySigningNames;

    public EdgeErrors(Set<String> querySigningNames) {
        this.querySigningNames = Set.copyOf(querySigningNames);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400) status = 500;
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        Family family = family(request);
        Family.Problem problem = Family.Problem.forStatus(status);
        String requestId = RequestIds.next();
        Family.Answer a = family.error(status, problem, describe(status, message), requestId);
        response.setStatus(status);
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.body().length);
        response.write(true, ByteBuffer.wrap(a.body()), callback);
        return true;
    }

    private Family family(Request request) {
        if (request.getAttribute(Family.ATTRIBUTE) instanceof Family f) return f;
        try {
            return Family.classify(request, querySigningNames);
        } catch (RuntimeException e) {
            return Family.AWS_JSON;
        }
    }

    /** Errors found while parsing the request line and headers: no request to classify, so AWS JSON's shape. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Family.Answer a = Family.AWS_JSON.error(status, Family.Problem.forStatus(status), describe(status, reason), RequestIds.next());
        fields.put(HttpHeader.CONTENT_TYPE, a.contentType());
        return ByteBuffer.wrap(a.body());
    }

    private static String describe(int status, String message) {
        String base = switch (status) {
            case 400 -> "The request is malformed";
            case 413 -> "The request body is too large";
            case 414 -> "The request URI is too long";
            case 431 -> "The request headers are too large";
            default -> status >= 500 ? "An internal error occurred" : "The request was refused";
        };
        if (message == null || message.isBlank()) return base + ".";
        String clean = message.length() > 200 ? message.substring(0, 200) : message;
        return base + ": " + clean.replaceAll("\\p{Cntrl}", "?") + ".";
    }
}
