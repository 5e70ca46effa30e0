package io.dockyard.cloudtrail;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.AuditLog;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * LookupEvents: the trail's events, newest first, within {@code StartTime}–{@code EndTime}, filtered by one lookup attribute
 * (EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId), 1–50 a page; each with
 * its {@code CloudTrailEvent} document (eventVersion 1.08: userIdentity, eventSource, eventName, sourceIPAddress,
 * requestParameters left out, errorCode/errorMessage when refused).
 */
final class LookupEvents {
    static final List<String> KEYS = List.of("EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId");
    private final AuditLog trail;

    LookupEvents(AuditLog trail) { this.trail = trail; }

    Object handle(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<JsonInput> attributes = in.structs("LookupAttributes");
        if (attributes.size() > 1) throw new AwsException("InvalidLookupAttributesException", 400, "You cannot specify more than one lookup attribute.");
        Predicate<AuditLog.Event> filter = e -> true;
        for (JsonInput a : attributes) {
            String key = a.required("AttributeKey"), value = a.required("AttributeValue");
            if (!KEYS.contains(key)) throw new AwsException("InvalidLookupAttributesException", 400, "The attribute key " + key + " is not valid.");
            filter = e -> matches(e, key, value);
        }
        Instant start = in.instant("StartTime"), end = in.instant("EndTime");
        if (start != null && end != null && start.isAfter(end)) throw new AwsException("InvalidTimeRangeException", 400, "Start time must be before end time.");
        Integer max = in.integer("MaxResults");
        if (max != null && (max < 1 || max > 50)) throw new AwsException("InvalidMaxResultsException", 400, "MaxResults must be between 1 and 50.");
        if (in.str("EventCategory") != null && !"insight".equals(in.str("EventCategory"))) {
            throw new AwsException("InvalidEventCategoryException", 400, "The event category " + in.str("EventCategory") + " is not valid.");
        }
        int size = max == null ? 50 : max;
        java.util.function.Supplier<AwsException> badToken = () -> new AwsException("InvalidNextTokenException", 400, "Invalid NextToken.");
        // the events up to the end of this page and one more (is there a next page?), newest first
        int wanted = (int) Math.min(Integer.MAX_VALUE, (long) Pages.start(in.str("NextToken"), badToken) + size + 1);
        List<AuditLog.Event> all = "insight".equals(in.str("EventCategory")) ? List.of() : trail.newestFirst(start, end, filter, wanted);
        Pages<AuditLog.Event> page = Pages.slice(all, size, in.str("NextToken"), badToken);
        return Out.obj().with("Events", page.items().stream().map(LookupEvents::wire).toList()).with("NextToken", page.nextToken());
    }

    static boolean readOnly(String eventName) {
        for (String p : List.of("Describe", "List", "Get", "BatchGet", "Lookup", "Search", "Head", "Discover", "Test", "Simulate")) {
            if (eventName.startsWith(p)) return true;
        }
        return false;
    }

    private static boolean matches(AuditLog.Event e, String key, String value) {
        return switch (key) {
            case "EventId" -> value.equals(e.eventId());
            case "EventName" -> value.equals(e.eventName());
            case "ReadOnly" -> value.equalsIgnoreCase(Boolean.toString(readOnly(e.eventName())));
            case "Username" -> value.equals(e.userName());
            case "EventSource" -> value.equals(e.eventSource());
            case "AccessKeyId" -> value.equals(e.accessKeyId());
            case "ResourceName" -> e.resources().contains(value);
            case "ResourceType" -> e.resources().stream().anyMatch(r -> value.equals(resourceType(r)));
            default -> false;
        };
    }

    /** CloudTrail's type of an ARN's resource: {@code AWS::ECS::Cluster}, {@code AWS::SecretsManager::Secret}, … */
    static String resourceType(String arn) {
        String[] p = arn.split(":", 6);
        if (p.length < 6) return "AWS::Unknown";
        String service = switch (p[2]) {
            case "ecs" -> "ECS";
            case "ecr" -> "ECR";
            case "secretsmanager" -> "SecretsManager";
            case "ssm" -> "SSM";
            case "iam" -> "IAM";
            case "kms" -> "KMS";
            case "sqs" -> "SQS";
            case "logs" -> "Logs";
            case "sts" -> "STS";
            default -> p[2].toUpperCase(Locale.ROOT);
        };
        String kind = p[2].equals("sqs") ? "queue" : p[5].split("[/:]", 2)[0];
        String type = kind.isEmpty() ? "Resource" : java.util.Arrays.stream(kind.split("-"))
                .map(w -> w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1)).reduce("", String::concat);
        return "AWS::" + service + "::" + type;
    }

    private static Out wire(AuditLog.Event e) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("type", e.principalType());
        identity.put("arn", e.principalArn());
        identity.put("accountId", e.account());
        if (e.accessKeyId() != null) identity.put("accessKeyId", e.accessKeyId());
        if (e.userName() != null) identity.put("userName", e.userName());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("eventVersion", "1.08");
        doc.put("userIdentity", identity);
        doc.put("eventTime", e.time().toString());
        doc.put("eventSource", e.eventSource());
        doc.put("eventName", e.eventName());
        doc.put("awsRegion", e.region());
        doc.put("sourceIPAddress", e.sourceIp());
        if (e.errorCode() != null) {
            doc.put("errorCode", e.errorCode());
            doc.put("errorMessage", e.errorMessage());
        }
        doc.put("requestID", e.requestId());
        doc.put("eventID", e.eventId());
        doc.put("readOnly", readOnly(e.eventName()));
        doc.put("resources", e.resources().stream().map(r -> Map.of("ARN", r, "accountId", e.account(), "type", resourceType(r))).toList());
        doc.put("eventType", "AwsApiCall");
        doc.put("managementEvent", true);
        doc.put("recipientAccountId", e.account());
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(doc);
        } catch (Exception ex) {
            json = "{}";
        }
        return Out.obj().with("EventId", e.eventId()).with("EventName", e.eventName()).with("ReadOnly", Boolean.toString(readOnly(e.eventName())))
                .with("AccessKeyId", e.accessKeyId()).with("EventTime", e.time()).with("EventSource", e.eventSource()).with("Username", e.userName())
                .with("Resources", e.resources().stream().map(r -> Out.obj().with("ResourceType", resourceType(r)).with("ResourceName", r)).toList())
                .with("CloudTrailEvent", json);
    }
}
