package io.dockyard.logs.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Logs' IAM actions ({@code logs:<Operation>}) and resources: the log group an operation names
 * ({@code log-group:<name>:*}; logGroupName, or logGroupIdentifier as a name or ARN); PutLogEvents and GetLogEvents,
 * which the Service Authorization Reference scopes to the stream, the stream ({@code log-group:<name>:log-stream:<stream>}).
 */
public final class LogsAccess implements AccessMapping {
    @Override
    public String service() { return "logs"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        String prefix = "arn:aws:logs:" + ctx.region() + ":" + ctx.account() + ":log-group:";
        String group = in.get("logGroupName") instanceof String g ? g
                : in.get("logGroupIdentifier") instanceof String id ? (id.startsWith("arn:") ? groupOf(id) : id) : null;
        if (group == null) return out;
        boolean streamScoped = "PutLogEvents".equals(operation) || "GetLogEvents".equals(operation);
        if (streamScoped && in.get("logStreamName") instanceof String s) out.add(prefix + group + ":log-stream:" + s);
        else out.add(prefix + group + ":*");
        return out;
    }

    /** The group name of a log group's ARN ({@code arn:aws:logs:r:a:log-group:<name>} with or without {@code :*}). */
    private static String groupOf(String arn) {
        int at = arn.indexOf(":log-group:");
        if (at < 0) return arn;
        String name = arn.substring(at + 11);
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }
}
