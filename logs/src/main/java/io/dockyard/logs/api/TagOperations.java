package io.dockyard.logs.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** TagResource, UntagResource, ListTagsForResource (log groups by ARN) and the older TagLogGroup, UntagLogGroup, ListTagsLogGroup. */
public final class TagOperations {
    private static final Pattern ARN = Pattern.compile("[\\w+=/:,.@-]*");
    private static final int MAX_TAGS = 50;

    private final LogsApi api;

    public TagOperations(LogsApi api) { this.api = api; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("TagResource", (b, c) -> tag(groupOfArn(new Input(b)), new Input(b).tags("tags", true))),
                NamedOperation.of("UntagResource", (b, c) -> untag(groupOfArn(new Input(b)), new Input(b).strings("tagKeys"))),
                NamedOperation.of("ListTagsForResource", (b, c) -> list(groupOfArn(new Input(b)))),
                NamedOperation.of("TagLogGroup", (b, c) -> tag(new Input(b).group("logGroupName", true), new Input(b).tags("tags", true))),
                NamedOperation.of("UntagLogGroup", (b, c) -> untag(new Input(b).group("logGroupName", true), new Input(b).strings("tags"))),
                NamedOperation.of("ListTagsLogGroup", (b, c) -> list(new Input(b).group("logGroupName", true))));
    }

    /** The log group a resource ARN names ({@code arn:aws:logs:<region>:<account>:log-group:<name>}). */
    private static String groupOfArn(Input in) {
        String arn = in.name("resourceArn", true, ARN, 1011);
        if (!arn.startsWith("arn:")) throw Input.invalid("Invalid ARN: " + arn);
        return LogsApi.nameOfArn(arn);
    }

    private Object tag(String group, Map<String, String> tags) {
        api.group(group);
        Map<String, String> merged = new LinkedHashMap<>(api.group(group).tags());
        merged.putAll(tags);
        if (merged.size() > MAX_TAGS) throw new io.dockyard.core.AwsException("TooManyTagsException", 400, "A resource can have no more than " + MAX_TAGS + " tags.");
        if (!api.store().updateGroup(group, g -> g.withTags(merged))) throw LogsApi.groupNotFound();
        return Map.of();
    }

    private Object untag(String group, List<String> keys) {
        if (keys == null) throw Input.invalid("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        Map<String, String> left = new LinkedHashMap<>(api.group(group).tags());
        keys.forEach(left::remove);
        if (!api.store().updateGroup(group, g -> g.withTags(left))) throw LogsApi.groupNotFound();
        return Map.of();
    }

    private Object list(String group) {
        return Out.obj().with("tags", new TreeMap<>(api.group(group).tags()));
    }

}
