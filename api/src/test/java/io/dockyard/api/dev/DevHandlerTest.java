package io.dockyard.api.dev;

import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Reset needs the X-Dockyard-Dev header and can be turned off; health stays open either way. */
class DevHandlerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int port, String method, String path, boolean header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (header) b.header(DevHandler.HEADER, "1");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void with(boolean helpers, AtomicInteger resets, ServerTest test) throws Exception {
        DevHandler dev = new DevHandler(new CachedStore(new MemoryJournal()), true, "test", java.util.List::of).helpers(helpers);
        dev.onReset(resets::incrementAndGet);
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(dev);
        server.start();
        try {
            test.run(c.getLocalPort());
        } finally {
            server.stop();
        }
    }

    interface ServerTest { void run(int port) throws Exception; }

    @Test
    void resetNeedsTheCustomHeader() throws Exception {
        AtomicInteger resets = new AtomicInteger();
        with(true, resets, port -> {
            HttpResponse<String> simple = send(port, "POST", "/_dockyard/reset", false);
            assertThat(simple.statusCode()).isEqualTo(403);
            assertThat(simple.body()).contains("AccessDeniedException").contains(DevHandler.HEADER);
            assertThat(send(port, "POST", "/moto-api/reset", false).statusCode()).isEqualTo(403);
            assertThat(resets).hasValue(0);
            assertThat(send(port, "POST", "/_dockyard/reset", true).statusCode()).isEqualTo(200);
            assertThat(send(port, "POST", "/moto-api/reset", true).statusCode()).isEqualTo(200);
            assertThat(resets).hasValue(2);
            assertThat(send(port, "GET", "/_dockyard/health", false).statusCode()).isEqualTo(200);
        });
    }

    @Test
    void noDevHelpersTurnsResetOffButNotHealth() throws Exception {
        AtomicInteger resets = new AtomicInteger();
        with(false, resets, port -> {
            HttpResponse<String> reset = send(port, "POST", "/_dockyard/reset", true);
            assertThat(reset.statusCode()).isEqualTo(403);
            assertThat(reset.body()).contains("--no-dev-helpers");
            assertThat(resets).hasValue(0);
            assertThat(send(port, "GET", "/_dockyard/health", false).statusCode()).isEqualTo(200);
        });
    }
}
