package io.dockyard.console;

import io.dockyard.core.port.Changes;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Server-sent events for open pages: an {@code change} event each time the store's change feed moves (at most one per
 * {@link #COALESCE}), a comment every {@link #KEEP_ALIVE} otherwise. Runs on the request's virtual thread until the
 * browser goes away.
 */
final class Live {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration COALESCE = Duration.ofMillis(150);
    private final Changes changes;

    Live(Changes changes) { this.changes = changes; }

    void stream(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            long seen = changes.head();
            send(out, "retry: 2000\n: live\n\n");
            while (!Thread.currentThread().isInterrupted()) {
                long head = changes.await(seen, KEEP_ALIVE);
                if (head > seen) {
                    seen = head;
                    send(out, "event: change\ndata: " + head + "\n\n");
                    Thread.sleep(COALESCE);
                } else {
                    send(out, ": keep-alive\n\n");
                }
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e); // the browser went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
