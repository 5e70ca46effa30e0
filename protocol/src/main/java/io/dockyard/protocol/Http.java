package io.dockyard.protocol;

import io.dockyard.core.AwsException;
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

    /** The request attribute holding the body cap in bytes the edge decided (-1: none). */
    public static final String BODY_LIMIT = "dockyard.bodyLimit";

    /**
     * The whole body, read up to the cap the edge set for the request's family (1 MiB when none was
     * set): a longer body, declared or streamed (chunked), is a 413 in the family's shape, and what
     * is left of it is not read (the answer closes the connection).
     */
    public static byte[] body(Request request) throws IOException {
        byte[] raw = raw(request);
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        if (encoding == null || !encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")) return raw;
        return gunzip(request, raw);
    }

    /**
     * A body sent with {@code Content-Encoding: gzip} (the SDKs compress large PutMetricData requests), inflated up to the
     * same cap (a compression bomb is a 413); a body that is not gzip is a 400 in the family's shape.
     */
    private static byte[] gunzip(Request request, byte[] raw) throws IOException {
        long limit = request.getAttribute(BODY_LIMIT) instanceof Long l && l >= 0 ? l : 64L << 20;
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            return capped(request, in, limit, -1);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            Family f = Family.of(request);
            throw new AwsException(Family.Problem.BAD_REQUEST.code(f), 400, "The request body is not valid gzip: " + e.getMessage());
        }
    }

    /** The body as sent (still compressed if it was), read once and kept on the request: what a SigV4 signature covers. */
    public static byte[] raw(Request request) throws IOException {
        if (request.getAttribute(RAW_BODY) instanceof byte[] b) return b;
        byte[] b = readRaw(request);
        request.setAttribute(RAW_BODY, b);
        return b;
    }

    private static final String RAW_BODY = "dockyard.rawBody";

    private static byte[] readRaw(Request request) throws IOException {
        long limit = request.getAttribute(BODY_LIMIT) instanceof Long l ? l : EdgePolicy.DEFAULT_JSON_BODY;
        long declared = request.getLength();
        if (limit >= 0 && declared > limit) throw tooLarge(request, limit);
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (limit < 0) return in.readAllBytes();
            return capped(request, in, limit, declared);
        }
    }

    /**
     * Reads {@code in} to its end, at most {@code limit} bytes (a 413 past it). A declared length is read straight into
     * an array of that size; a body of unknown length (chunked, inflated) by {@link InputStream#readNBytes(int)}, which
     * reads into small buffers and joins them once, so a refused body costs about its cap in garbage, not the 2-4x of a
     * doubling buffer's copies.
     */
    private static byte[] capped(Request request, InputStream in, long limit, long declared) throws IOException {
        if (declared >= 0 && declared <= limit) {
            byte[] body = in.readNBytes((int) declared);
            if (in.read() >= 0) throw tooLarge(request, limit); // cannot happen over HTTP/1.1 (the parser ends the content at its length)
            return body;
        }
        byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (body.length > limit) throw tooLarge(request, limit);
        return body;
    }

    private static AwsException tooLarge(Request request, long limit) {
        Family f = Family.of(request);
        return new AwsException(Family.Problem.TOO_LARGE.code(f), 413, tooLargeMessage(limit));
    }

    static String tooLargeMessage(long limit) {
        return "The request body is larger than the " + limit + " bytes allowed for this API.";
    }

    /** Writes a whole response and completes the callback. A 413 closes the connection (the rest of the body was not read). */
    public static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (status == 413) response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public static void sendJson(Response response, Callback callback, int status, Object body) {
        send(response, callback, status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
