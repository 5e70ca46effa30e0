package io.dockyard.it.edge;

import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol-shape table: every error path the edge and Jetty have, for each protocol family,
 * answers with the expected status in that protocol's shape (AWS JSON {@code __type}, Query XML
 * {@code ErrorResponse}, OCI {@code errors}) — never HTML, never a 500.
 */
class ProtocolShapesIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();

    private static final String ELB = "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0";
    private static final String ECS = "Authorization: " + EcsWire.AUTHORIZATION;
    private static final String CM = "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/servicediscovery/aws4_request, SignedHeaders=host, Signature=0";
    private static final String CM_CREATE = "X-Amz-Target: Route53AutoNaming_v20170314.CreateHttpNamespace";

    enum Shape {
        JSON("\\{\"__type\":\"%s\",\"message\":\".*\"\\}"),
        XML("<\\?xml version=\"1.0\" encoding=\"UTF-8\"\\?>\n<ErrorResponse xmlns=\"[^\"]+\"><Error><Type>Sender</Type><Code>%s</Code><Message>.*</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>"),
        OCI("\\{\"errors\":\\[\\{\"code\":\"%s\",\"message\":\".*\",\"detail\":\\{\\}\\}\\]\\}");

        final String pattern;
        Shape(String pattern) { this.pattern = pattern; }
    }

    record Case(String name, String head, String body, int status, Shape shape, String code) {}

    @Test
    void everyErrorPathAnswersInItsProtocolsShape() throws Exception {
        int port = dockyard.process().port();
        String host = "Host: localhost:" + port;
        String big = "x".repeat(1_100_000);
        List<Case> table = List.of(
                // protocol detection by signing scope, not Content-Type
                new Case("query, JSON content type", "POST / HTTP/1.1\r\n" + host + "\r\n" + ELB + "\r\nContent-Type: application/json", "{\"Action\":\"DescribeLoadBalancers\"}", 400, Shape.XML, "InvalidAction"),
                new Case("query, no content type", "POST / HTTP/1.1\r\n" + host + "\r\n" + ELB, "Action=NoSuchAction&Version=2015-12-01", 400, Shape.XML, "InvalidAction"),
                new Case("query in the URL, GET", "GET /?Action=NoSuchAction&Version=2015-12-01 HTTP/1.1\r\n" + host + "\r\n" + ELB, null, 400, Shape.XML, "InvalidAction"),
                new Case("json, form content type", "POST / HTTP/1.1\r\n" + host + "\r\n" + ECS + "\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.Nope", "{}", 400, Shape.JSON, "UnknownOperationException"),
                new Case("json, no target", "POST / HTTP/1.1\r\n" + host + "\r\n" + ECS + "\r\nContent-Type: application/x-amz-json-1.1", "{}", 400, Shape.JSON, "UnknownOperationException"),
                new Case("json, target of 5000 characters", "POST / HTTP/1.1\r\n" + host + "\r\n" + ECS + "\r\nX-Amz-Target: " + "A".repeat(5000), "{}", 400, Shape.JSON, "UnknownOperationException"),
                new Case("json, NUL in the target", "POST / HTTP/1.1\r\n" + host + "\r\n" + ECS + "\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.List\u0000Clusters", "{}", 400, Shape.JSON, "SerializationException"),
                new Case("json, malformed body", "POST / HTTP/1.1\r\n" + host + "\r\n" + ECS + "\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters", "{\"a\":", 400, Shape.JSON, "SerializationException"),
                // credentials
                new Case("json, unsigned", "POST / HTTP/1.1\r\n" + host + "\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters", "{}", 403, Shape.JSON, "MissingAuthenticationTokenException"),
                new Case("query, unsigned", "POST / HTTP/1.1\r\n" + host + "\r\nContent-Type: application/x-www-form-urlencoded", "Action=DescribeLoadBalancers&Version=2015-12-01", 403, Shape.XML, "MissingAuthenticationToken"),
                new Case("registry, no login", "GET /v2/_catalog HTTP/1.1\r\n" + host, null, 401, Shape.OCI, "UNAUTHORIZED"),
                // Host
                new Case("json, foreign host", "POST / HTTP/1.1\r\nHost: rebind.example\r\n" + ECS + "\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters", "{}", 403, Shape.JSON, "AccessDeniedException"),
                new Case("query, foreign host", "POST / HTTP/1.1\r\nHost: rebind.example\r\n" + ELB, "Action=DescribeLoadBalancers&Version=2015-12-01", 403, Shape.XML, "AccessDenied"),
                new Case("registry, foreign host", "GET /v2/ HTTP/1.1\r\nHost: rebind.example", null, 403, Shape.OCI, "DENIED"),
                // sizes
                new Case("json, body over 1 MiB", "POST / HTTP/1.1\r\n" + host + "\r\n" + ECS + "\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters", big, 413, Shape.JSON, "RequestEntityTooLargeException"),
                new Case("query, body over 1 MiB", "POST / HTTP/1.1\r\n" + host + "\r\n" + ELB, big, 413, Shape.XML, "RequestEntityTooLarge"),
                new Case("headers over 16 KiB", "GET / HTTP/1.1\r\n" + host + "\r\nX-Big: " + "b".repeat(20_000), null, 431, Shape.JSON, "RequestHeaderFieldsTooLargeException"),
                // paths Jetty refuses
                new Case("registry, encoded slash", "GET /v2/a%2fb/manifests/latest HTTP/1.1\r\n" + host, null, 400, Shape.OCI, "NAME_INVALID"),
                new Case("registry, encoded dot-dot", "GET /v2/a/%2e%2e/%2e%2e/manifests/latest HTTP/1.1\r\n" + host, null, 400, Shape.OCI, "NAME_INVALID"),
                new Case("registry, encoded dot-dot (upper case)", "GET /v2/a/%2E%2E/b/blobs/sha256:00 HTTP/1.1\r\n" + host, null, 400, Shape.OCI, "NAME_INVALID"),
                // the request line cannot be parsed at all: no path is known, AWS JSON's shape (docs/security.md)
                new Case("registry, encoded NUL", "GET /v2/a%00b/manifests/latest HTTP/1.1\r\n" + host, null, 400, Shape.JSON, "SerializationException"),
                new Case("registry, encoded backslash", "GET /v2/a%5cb/manifests/latest HTTP/1.1\r\n" + host, null, 400, Shape.OCI, "NAME_INVALID"),
                new Case("unknown path", "GET /nothing/here HTTP/1.1\r\n" + host + "\r\n" + ECS, null, 400, Shape.JSON, "UnknownOperationException"),
                // Cloud Map members per the model
                new Case("cloud map, Description an object", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\n" + CM_CREATE, "{\"Name\":\"a\",\"Description\":{\"x\":1}}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, Description a list", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\n" + CM_CREATE, "{\"Name\":\"a\",\"Description\":[1]}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, Description of 100 KB", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\n" + CM_CREATE, "{\"Name\":\"a\",\"Description\":\"" + "d".repeat(100_000) + "\"}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, SOA TTL 1e30", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\nX-Amz-Target: Route53AutoNaming_v20170314.CreatePrivateDnsNamespace",
                        "{\"Name\":\"a.local\",\"Vpc\":\"vpc-1\",\"Properties\":{\"DnsProperties\":{\"SOA\":{\"TTL\":1e30}}}}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, SOA TTL 2^31", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\nX-Amz-Target: Route53AutoNaming_v20170314.CreatePrivateDnsNamespace",
                        "{\"Name\":\"a.local\",\"Vpc\":\"vpc-1\",\"Properties\":{\"DnsProperties\":{\"SOA\":{\"TTL\":2147483648}}}}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, control character in a tag", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\n" + CM_CREATE, "{\"Name\":\"a\",\"Tags\":[{\"Key\":\"k\\u0001\",\"Value\":\"v\"}]}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, lone surrogate in a tag", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\n" + CM_CREATE, "{\"Name\":\"a\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"\\ud800\"}]}", 400, Shape.JSON, "InvalidInput"),
                new Case("cloud map, tag value of 257", "POST / HTTP/1.1\r\n" + host + "\r\n" + CM + "\r\n" + CM_CREATE, "{\"Name\":\"a\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"" + "v".repeat(257) + "\"}]}", 400, Shape.JSON, "InvalidInput"));

        List<String> wrong = new ArrayList<>();
        RawHttp raw = new RawHttp(port);
        for (Case c : table) {
            RawHttp.Answer a = raw.send(c.head(), c.body());
            boolean ok = a.status() == c.status() && a.body().matches("(?s)" + String.format(c.shape().pattern, c.code()));
            if (!ok) wrong.add(c.name() + ": expected " + c.status() + " " + c.shape() + " " + c.code() + ", got " + a.status() + " " + a.body());
            assertThat(a.body()).as(c.name()).doesNotContainIgnoringCase("<html");
        }
        assertThat(wrong).as("cases answered in the wrong shape").isEmpty();
        // nothing was created by the refused Cloud Map calls
        assertThat(dockyard.cli().run("servicediscovery", "list-namespaces").ok().path("Namespaces").size()).isZero();
    }
}
