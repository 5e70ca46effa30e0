package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Responses the load balancer writes itself, as bytes: ELB's error pages, fixed responses and redirects. */
final class Replies {
    private Replies() {}

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Temporarily Unavailable"),
            Map.entry(504, "Gateway Time-out"));

    private static volatile long dateSecond;
    private static volatile String date = "";

    /** The page ALB answers 400, 502, 503 and 504 with. */
    static ByteBuf error(ByteBufAllocator alloc, int status, boolean head, boolean close) {
        String title = status + " " + reason(status);
        String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n</body>\r\n</html>\r\n";
        return build(alloc, status, "text/html", html, null, head, close);
    }

    /** The status of a fixed response. */
    static int fixedStatus(Map<String, Object> config) {
        try {
            return Integer.parseInt(String.valueOf(config.get("StatusCode")));
        } catch (NumberFormatException e) {
            return 200;
        }
    }

    static ByteBuf fixed(ByteBufAllocator alloc, Map<String, Object> config, boolean head, boolean close) {
        String body = (String) config.getOrDefault("MessageBody", "");
        String type = (String) config.getOrDefault("ContentType", "text/plain");
        return build(alloc, Integer.parseInt((String) config.get("StatusCode")), type + "; charset=utf-8", body == null ? "" : body, null, head, close);
    }

    /** A 301/302 to the RedirectConfig target; {@code #{protocol}}, {@code #{host}}, {@code #{port}}, {@code #{path}}, {@code #{query}} are the request's. */
    static ByteBuf redirect(ByteBufAllocator alloc, RequestFacts request, String listenerProtocol, int listenerPort, Map<String, Object> config,
                            boolean head, boolean close) {
        String host = request.host() == null ? "localhost" : request.host();
        String path = request.path().substring(request.path().startsWith("/") ? 1 : 0);
        String query = request.query() == null ? "" : request.query();
        String protocol = fill((String) config.get("Protocol"), listenerProtocol, host, listenerPort, path, query);
        String port = fill((String) config.get("Port"), listenerProtocol, host, listenerPort, path, query);
        String location = protocol.toLowerCase() + "://" + fill((String) config.get("Host"), listenerProtocol, host, listenerPort, path, query)
                + (isDefaultPort(protocol, port) ? "" : ":" + port)
                + fill((String) config.get("Path"), listenerProtocol, host, listenerPort, path, query);
        String q = fill((String) config.get("Query"), listenerProtocol, host, listenerPort, path, query);
        if (!q.isEmpty()) location += "?" + q;
        int status = "HTTP_301".equals(config.get("StatusCode")) ? 301 : 302;
        return build(alloc, status, "text/html", "", location, head, close);
    }

    private static boolean isDefaultPort(String protocol, String port) {
        return ("HTTP".equalsIgnoreCase(protocol) && "80".equals(port)) || ("HTTPS".equalsIgnoreCase(protocol) && "443".equals(port));
    }

    private static String fill(String template, String protocol, String host, int port, String path, String query) {
        if (template == null) return "";
        return template.replace("#{protocol}", protocol).replace("#{host}", host).replace("#{port}", Integer.toString(port))
                .replace("#{path}", path).replace("#{query}", query);
    }

    static String reason(int status) { return REASONS.getOrDefault(status, "Status " + status); }

    /** Today's HTTP date, formatted at most once a second. */
    static String date() {
        long now = System.currentTimeMillis() / 1000;
        if (now != dateSecond) {
            date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
            dateSecond = now;
        }
        return date;
    }

    private static ByteBuf build(ByteBufAllocator alloc, int status, String type, String body, String location, boolean head, boolean close) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(160).append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Server: awselb/2.0\r\nDate: ").append(date()).append("\r\nContent-Type: ").append(type)
                .append("\r\nContent-Length: ").append(b.length).append("\r\n");
        if (location != null) s.append("Location: ").append(location).append("\r\n");
        s.append(close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n");
        byte[] h = s.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.ioBuffer(h.length + (head ? 0 : b.length));
        out.writeBytes(h);
        if (!head) out.writeBytes(b);
        return out;
    }
}
