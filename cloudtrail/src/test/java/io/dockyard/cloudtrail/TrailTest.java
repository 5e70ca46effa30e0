package io.dockyard.cloudtrail;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.AuditLog;
import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrailTest {
    static final RequestContext CTX = new RequestContext("r", "us-east-1", "AKID", "000000000000");
    final Instant now = Instant.parse("2026-12-04T12:00:00Z");

    static AuditLog.Event event(String id, Instant t, String name, String user, String error, String... resources) {
        return new AuditLog.Event(id, t, "ecs.amazonaws.com", name, "us-east-1", "127.0.0.1", "req-" + id, "AKIA1", "arn:aws:iam::000000000000:user/" + user,
                "IAMUser", user, "000000000000", List.of(resources), error, error == null ? null : "denied");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(AuditLog t, Map<String, Object> in) {
        return (List<Map<String, Object>>) ((Map<String, Object>) new LookupEvents(t).handle(in, CTX)).get("Events");
    }

    @Test
    void eventsSurviveARestartAndAreFoundNewestFirstByAttribute() throws Exception {
        Path dir = Files.createTempDirectory("trail-");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (Trail t = new Trail(dir, clock)) {
            t.record(event("1", now.minusSeconds(30), "CreateCluster", "ci", null, "arn:aws:ecs:us-east-1:000000000000:cluster/dev"));
            t.record(event("2", now.minusSeconds(20), "DeleteCluster", "ci", "AccessDeniedException", "arn:aws:ecs:us-east-1:000000000000:cluster/dev"));
            t.record(event("3", now.minusSeconds(10), "ListClusters", "ops", null));
        }
        Trail again = new Trail(dir, clock);
        assertThat(events(again, Map.of())).extracting(e -> e.get("EventId")).containsExactly("3", "2", "1");
        assertThat(events(again, Map.of("LookupAttributes", List.of(Map.of("AttributeKey", "Username", "AttributeValue", "ci")))))
                .extracting(e -> e.get("EventName")).containsExactly("DeleteCluster", "CreateCluster");
        assertThat(events(again, Map.of("LookupAttributes", List.of(Map.of("AttributeKey", "ReadOnly", "AttributeValue", "true")))))
                .extracting(e -> e.get("EventName")).containsExactly("ListClusters");
        assertThat(events(again, Map.of("LookupAttributes", List.of(Map.of("AttributeKey", "ResourceType", "AttributeValue", "AWS::ECS::Cluster")))))
                .hasSize(2);
        Map<String, Object> denied = events(again, Map.of("LookupAttributes", List.of(Map.of("AttributeKey", "EventId", "AttributeValue", "2")))).getFirst();
        assertThat((String) denied.get("CloudTrailEvent")).contains("\"errorCode\":\"AccessDeniedException\"").contains("\"userName\":\"ci\"");
        assertThat(events(again, Map.of("StartTime", now.minusSeconds(15).getEpochSecond()))).hasSize(1);
        again.close();
    }

    @Test
    void badLookupsGetCloudTrailsErrors() throws Exception {
        Trail t = new Trail(Files.createTempDirectory("trail-"), Clock.fixed(now, ZoneOffset.UTC));
        assertThatThrownBy(() -> events(t, Map.of("MaxResults", 51))).extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidMaxResultsException");
        assertThatThrownBy(() -> events(t, Map.of("LookupAttributes", List.of(Map.of("AttributeKey", "Nope", "AttributeValue", "x")))))
                .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidLookupAttributesException");
        assertThatThrownBy(() -> events(t, Map.of("StartTime", 200, "EndTime", 100))).extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidTimeRangeException");
        t.close();
    }
}
