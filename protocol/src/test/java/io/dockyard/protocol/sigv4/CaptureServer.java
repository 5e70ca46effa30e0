package io.dockyard.protocol.sigv4;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test helper: a loopback HTTP server that records every request as the edge would see it (raw path, raw query, headers,
 * body) and answers with an empty AWS JSON or Query/XML response, so real AWS clients can be pointed at it.
 */
final class CaptureServer implements AutoCloseable {
    private final HttpServer server;
    private final List<SignedRequest> requests = new CopyOnWriteArrayList<>();

    CaptureServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The requests received so far, and forgets them. */
    List<SignedRequest> take() {
        List<SignedRequest> out = new ArrayList<>(requests);
        requests.clear();
        return out;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
        requests.add(new SignedRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                headers, body));
        boolean json = ex.getRequestHeaders().containsKey("X-Amz-Target");
        String action = ex.getRequestHeaders().containsKey("X-Amz-Target") ? "" : action(body);
        byte[] response = (json ? "{}" : "<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>r</RequestId>"
                                        + "</ResponseMetadata></" + action + "Response>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", json ? "application/x-amz-json-1.1" : "text/xml");
        ex.getResponseHeaders().add("x-amzn-RequestId", "r");
        ex.sendResponseHeaders(200, response.length);
        ex.getResponseBody().write(response);
        ex.close();
    }

    private static String action(byte[] form) {
        for (String pair : new String(form, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) return pair.substring("Action=".length());
        }
        return "Unknown";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
