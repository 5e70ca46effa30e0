package io.dockyard.logs.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStream;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy. */
public final class GroupOperations {
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
            2922, 3288, 3653);
    private static final Set<String> CLASSES = Set.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY");

    record Create(String name, Map<String, String> tags) {
        static Create parse(Input in) {
            String name = in.group("logGroupName", true);
            String cls = in.str("logGroupClass");
            if (cls != null && !CLASSES.contains(cls)) throw Input.constraint("logGroupClass", cls, "Member must satisfy enum value set: " + CLASSES);
            String kms = in.str("kmsKeyId");
            if (kms != null && kms.length() > 256) throw Input.constraint("kmsKeyId", kms, "Member must have length less than or equal to 256");
            return new Create(name, in.tags("tags", false));
        }
    }

    record Describe(String prefix, String pattern, Integer limit, String nextToken, List<String> identifiers) {
        static Describe parse(Input in) {
            String prefix = in.group("logGroupNamePrefix", false);
            String pattern = in.str("logGroupNamePattern");
            if (pattern != null && (pattern.length() > 512 || !pattern.matches("[\\.\\-_/#A-Za-z0-9]*"))) {
                throw Input.constraint("logGroupNamePattern", pattern, "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*");
            }
            if (prefix != null && pattern != null) throw Input.invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
            List<String> ids = in.strings("logGroupIdentifiers");
            if (ids != null && (prefix != null || pattern != null)) throw Input.invalid("logGroupIdentifiers cannot be combined with a prefix or a pattern.");
            String token = in.str("nextToken");
            if (token != null && token.isEmpty()) throw Input.constraint("nextToken", token, "Member must have length greater than or equal to 1");
            return new Describe(prefix, pattern, in.integer("limit", 1, 50), token, ids);
        }
    }

    record Retention(String name, int days) {
        static Retention parse(Input in) {
            String name = in.group("logGroupName", true);
            Long days = in.longValue("retentionInDays");
            if (days == null) throw Input.invalid("1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null");
            if (!RETENTION_DAYS.contains(days.intValue()) || days != days.intValue()) {
                throw Input.constraint("retentionInDays", days, "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]");
            }
            return new Retention(name, days.intValue());
        }
    }

    private final LogsApi api;

    public GroupOperations(LogsApi api) { this.api = api; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateLogGroup", this::create), NamedOperation.of("DeleteLogGroup", this::delete),
                NamedOperation.of("DescribeLogGroups", this::describe), NamedOperation.of("PutRetentionPolicy", this::putRetention),
                NamedOperation.of("DeleteRetentionPolicy", this::deleteRetention));
    }

    private Object create(Map<String, Object> body, RequestContext ctx) {
        Create r = Create.parse(new Input(body));
        if (!api.store().createGroup(new LogGroup(r.name(), api.now(), null, r.tags()))) {
            throw new AwsException("ResourceAlreadyExistsException", 400, "The specified log group already exists");
        }
        return Map.of();
    }

    private Object delete(Map<String, Object> body, RequestContext ctx) {
        String name = new Input(body).group("logGroupName", true);
        if (!api.store().deleteGroup(name)) throw LogsApi.groupNotFound();
        return Map.of();
    }

    private Object describe(Map<String, Object> body, RequestContext ctx) {
        Describe r = Describe.parse(new Input(body));
        List<LogGroup> groups = api.store().groups(r.prefix());
        if (r.pattern() != null) {
            String p = r.pattern().toLowerCase(Locale.ROOT);
            groups = groups.stream().filter(g -> g.name().toLowerCase(Locale.ROOT).contains(p)).toList();
        }
        if (r.identifiers() != null) {
            List<String> names = r.identifiers().stream().map(LogsApi::nameOfArn).toList();
            groups = groups.stream().filter(g -> names.contains(g.name())).toList();
        }
        Pages<LogGroup> page = Pages.slice(groups, r.limit() == null ? 50 : r.limit(), r.nextToken(), () -> Input.invalid("The specified nextToken is invalid."));
        return Out.obj().with("logGroups", page.items().stream().map(g -> shape(g, ctx)).toList()).with("nextToken", page.nextToken());
    }

    private Map<String, Object> shape(LogGroup g, RequestContext ctx) {
        long bytes = api.store().streams(g.name()).orElse(List.of()).stream().mapToLong(LogStream::storedBytes).sum();
        String arn = LogsApi.groupArn(ctx, g.name());
        return Out.obj().with("logGroupName", g.name()).with("creationTime", g.creationTime()).with("retentionInDays", g.retentionInDays())
                .with("metricFilterCount", 0).with("arn", arn + ":*").with("storedBytes", bytes).with("logGroupClass", "STANDARD")
                .with("logGroupArn", arn);
    }

    private Object putRetention(Map<String, Object> body, RequestContext ctx) {
        Retention r = Retention.parse(new Input(body));
        if (!api.store().updateGroup(r.name(), g -> g.withRetention(r.days()))) throw LogsApi.groupNotFound();
        return Map.of();
    }

    private Object deleteRetention(Map<String, Object> body, RequestContext ctx) {
        String name = new Input(body).group("logGroupName", true);
        if (!api.store().updateGroup(name, g -> g.withRetention(null))) throw LogsApi.groupNotFound();
        return Map.of();
    }
}
