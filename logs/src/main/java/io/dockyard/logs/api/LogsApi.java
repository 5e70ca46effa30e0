package io.dockyard.logs.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;

/** What every CloudWatch Logs operation shares: the store, the clock, group lookups, ARNs and the service's errors. */
public final class LogsApi {
    static final long DAY_MS = 86_400_000L;

    private final LogStore store;
    private final Clock clock;

    public LogsApi(LogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    LogStore store() { return store; }

    long now() { return clock.millis(); }

    static AwsException groupNotFound() { return new AwsException("ResourceNotFoundException", 400, "The specified log group does not exist."); }

    static AwsException streamNotFound() { return new AwsException("ResourceNotFoundException", 400, "The specified log stream does not exist."); }

    LogGroup group(String name) { return store.group(name).orElseThrow(LogsApi::groupNotFound); }

    /** The oldest timestamp the group still shows (its retention), or 0. */
    long visibleFrom(LogGroup g) {
        return g.retentionInDays() == null ? 0 : now() - g.retentionInDays() * DAY_MS;
    }

    /** {@code arn:aws:logs:<region>:<account>:log-group:<name>} (the group's {@code logGroupArn}; its {@code arn} adds {@code :*}). */
    static String groupArn(RequestContext ctx, String name) {
        return "arn:aws:logs:" + ctx.region() + ":" + ctx.account() + ":log-group:" + name;
    }

    /**
     * The group a request names by {@code logGroupName} or {@code logGroupIdentifier} (a name or a
     * log group ARN, with or without {@code :*}): exactly one of them.
     */
    static String groupOf(Input in, boolean required) {
        String name = in.group("logGroupName", false);
        String id = in.name("logGroupIdentifier", false, java.util.regex.Pattern.compile("[\\w#+=/:,.@-]*"), 2048);
        if (name != null && id != null) throw Input.invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        if (id != null) return nameOfArn(id);
        if (name == null && required) throw Input.invalid("Should provide either a logGroupName or a logGroupIdentifier.");
        return name;
    }

    /** The group name in a log group ARN (the text itself when it is no ARN). */
    static String nameOfArn(String arnOrName) {
        if (!arnOrName.startsWith("arn:")) return arnOrName;
        String[] parts = arnOrName.split(":", 7);
        if (parts.length < 7 || !parts[2].equals("logs") || !parts[5].equals("log-group")) throw Input.invalid("Invalid log group ARN: " + arnOrName);
        String rest = parts[6];
        if (rest.endsWith(":*")) rest = rest.substring(0, rest.length() - 2);
        return rest;
    }
}
