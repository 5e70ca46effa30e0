package io.dockyard.loadbalancer.dataplane;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Map;

/** Responses the load balancer writes itself: ELB's error pages, fixed responses and redirects. */
final class Responses {
    private Responses() {}

    private static final Map<Integer, String> REASONS = Map.of(502, "Bad Gateway", 503, "Service Temporarily Unavailable", 504, "Gateway Time-out");

    /** The page ALB answers 502, 503 and 504 with. */
    static ProxyResponse error(ProxyResponse response, int status) {
        String title = status + " " + REASONS.getOrDefault(status, "Error");
        String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n</body>\r\n</html>\r\n";
        return body(response.setStatusCode(status), "text/html", html).putHeader("Server", "awselb/2.0");
    }

    static ProxyResponse fixed(ProxyResponse response, Map<String, Object> config) {
        String body = (String) config.getOrDefault("MessageBody", "");
        String type = (String) config.getOrDefault("ContentType", "text/plain");
        return body(response.setStatusCode(Integer.parseInt((String) config.get("StatusCode"))), type + "; charset=utf-8", body).putHeader("Server", "awselb/2.0");
    }

    /** A 301/302 to the RedirectConfig target; {@code #{protocol}}, {@code #{host}}, {@code #{port}}, {@code #{path}}, {@code #{query}} are the request's. */
    static ProxyResponse redirect(ProxyResponse response, HttpServerRequest request, int listenerPort, Map<String, Object> config) {
        String host = request.authority() == null ? "localhost" : request.authority().host();
        String path = request.path() == null ? "" : request.path().substring(request.path().startsWith("/") ? 1 : 0);
        String query = request.query() == null ? "" : request.query();
        String protocol = fill((String) config.get("Protocol"), "http", host, listenerPort, path, query);
        String port = fill((String) config.get("Port"), "http", host, listenerPort, path, query);
        String location = protocol.toLowerCase() + "://" + fill((String) config.get("Host"), "http", host, listenerPort, path, query)
                + (isDefaultPort(protocol, port) ? "" : ":" + port)
                + fill((String) config.get("Path"), "http", host, listenerPort, path, query);
        String q = fill((String) config.get("Query"), "http", host, listenerPort, path, query);
        if (!q.isEmpty()) location += "?" + q;
        int status = "HTTP_301".equals(config.get("StatusCode")) ? 301 : 302;
        return body(response.setStatusCode(status), "text/html", "").putHeader("Location", location).putHeader("Server", "awselb/2.0");
    }

    private static boolean isDefaultPort(String protocol, String port) {
        return ("HTTP".equalsIgnoreCase(protocol) && "80".equals(port)) || ("HTTPS".equalsIgnoreCase(protocol) && "443".equals(port));
    }

    private static String fill(String template, String protocol, String host, int port, String path, String query) {
        return template.replace("#{protocol}", protocol.toUpperCase()).replace("#{host}", host).replace("#{port}", Integer.toString(port))
                .replace("#{path}", path).replace("#{query}", query);
    }

    private static ProxyResponse body(ProxyResponse response, String type, String text) {
        Buffer b = Buffer.buffer(text);
        response.headers().clear();
        return response.setBody(Body.body(b, MediaType.parse(type))).putHeader("Content-Type", type);
    }
}
