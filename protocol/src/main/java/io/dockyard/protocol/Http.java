package io.dockyard.protocol;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small blocking helpers over Jetty's request and response, for handlers running on virtual threads. */
public final class Http {
    private Http() {}

    public static byte[] body(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readAllBytes();
        }
    }

    /** Writes a whole response and completes the callback. */
    public static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public static void sendJson(Response response, Callback callback, int status, Object body) {
        send(response, callback, status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
