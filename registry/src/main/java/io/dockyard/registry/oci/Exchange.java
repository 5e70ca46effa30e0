package io.dockyard.registry.oci;

import io.dockyard.protocol.Json;
import io.dockyard.registry.domain.Registry;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** One request to the distribution API and the blocking helpers to answer it (handlers run on virtual threads). */
final class Exchange {
    private static final int BUFFER = 64 * 1024;
    /** Reads of stored files: large, so a big blob takes few read and write calls. */
    private static final int FILE_BUFFER = 1 << 20;
    private static final long DISCARD_LIMIT = 1 << 20;

    final Request request;
    final Response response;
    final Callback callback;
    final String repo;
    final String ref;
    private final Fields query;

    Exchange(Request request, Response response, Callback callback, String repo, String ref) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.repo = repo;
        this.ref = ref;
        this.query = Request.extractQueryParameters(request);
    }

    String method() { return request.getMethod(); }
    boolean head() { return "HEAD".equals(request.getMethod()); }
    String header(String name) { return request.getHeaders().get(name); }
    String param(String name) { return query.getValue(name); }

    Exchange header(String name, Object value) {
        response.getHeaders().put(name, String.valueOf(value));
        return this;
    }

    /** The request body as a stream. */
    InputStream body() { return Content.Source.asInputStream(request); }

    /** Whether the request carries a body (a length above zero, or chunked). */
    boolean hasBody() {
        long len = request.getLength();
        return len > 0 || (len < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    void empty(int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }

    /**
     * Before an error answer: reads and drops what is left of a small request body so the client's
     * connection can carry its next request; a large or chunked one is not read, and the connection
     * is closed after the answer instead (the client then knows not to reuse it).
     */
    void discardBody() {
        long length = request.getLength();
        if (length == 0) return;
        if (length > 0 && length <= DISCARD_LIMIT) {
            try {
                Content.Source.consumeAll(request);
                return;
            } catch (IOException e) {
                // fall through: close
            }
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    void json(int status, String contentType, Object body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head() ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** Sends stored content from {@code offset}: straight from its local file when there is one, else through a stream. */
    void content(int status, String contentType, long offset, long length, Registry registry, String digest) {
        if (head()) {
            stream(status, contentType, length, null);
            return;
        }
        Optional<Path> file = registry.localFile(digest);
        if (file.isEmpty()) {
            stream(status, contentType, length, registry.open(digest, offset));
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if (MappedFiles.AVAILABLE && length >= FILE_BUFFER) {
            MappedFiles.send(file.get(), offset, length, response, callback);
            return;
        }
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, (int) Math.min(FILE_BUFFER, Math.max(4096, length)));
        Content.copy(Content.Source.from(pool, file.get(), offset, length), response, callback);
    }

    /** Sends {@code length} bytes from the stream (nothing for HEAD), then completes. */
    void stream(int status, String contentType, long length, InputStream in) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        try (InputStream source = in) {
            if (head()) {
                response.write(true, null, callback);
                return;
            }
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                byte[] buf = new byte[BUFFER];
                long left = length;
                while (left > 0) {
                    int n = source.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException("stored content ended " + left + " bytes early");
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }
}
