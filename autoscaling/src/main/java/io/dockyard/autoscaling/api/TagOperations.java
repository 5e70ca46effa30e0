package io.dockyard.autoscaling.api;

import io.dockyard.protocol.JsonInput;
import io.dockyard.autoscaling.model.ScalableTarget;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** TagResource, UntagResource and ListTagsForResource on scalable targets (the only taggable resource). */
final class TagOperations {
    static final Pattern ARN = Pattern.compile("^arn:.+:application-autoscaling:.+:[0-9]+:scalable-target/[a-zA-Z0-9-]+$");
    static final int MAX_TAGS = 50;

    private final Api api;

    TagOperations(Api api) { this.api = api; }

    List<Operation> all() {
        return List.of(NamedOperation.of("TagResource", this::tag), NamedOperation.of("UntagResource", this::untag),
                NamedOperation.of("ListTagsForResource", this::list));
    }

    static void check(Map<String, String> tags) {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 128) throw Errors.invalid("Tag keys must have length between 1 and 128.");
            if (e.getKey().startsWith("aws:")) throw Errors.invalid("Tag keys cannot start with aws:.");
            if (e.getValue().length() > 256) throw Errors.invalid("Tag values must have length at most 256.");
        }
        if (tags.size() > MAX_TAGS) throw new AwsException("TooManyTagsException", 400, "A resource can have at most " + MAX_TAGS + " tags.");
    }

    private ScalableTarget target(JsonInput in) {
        String arn = in.required("ResourceARN");
        if (!ARN.matcher(arn).matches()) {
            throw Errors.invalid("1 validation error detected: Value '" + arn + "' at 'resourceARN' failed to satisfy constraint: Member must satisfy regular expression pattern");
        }
        return api.state().targets().stream().filter(t -> arn.equals(t.arn())).findFirst()
                .orElseThrow(() -> new AwsException("ResourceNotFoundException", 400, "Scalable target with ARN " + arn + " not found."));
    }

    private Object tag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        ScalableTarget t = target(in);
        if (!in.has("Tags")) throw Errors.invalid("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        Map<String, String> tags = new LinkedHashMap<>(t.tags());
        Map<String, String> add = in.stringMap("Tags");
        check(add);
        tags.putAll(add);
        if (tags.size() > MAX_TAGS) throw new AwsException("TooManyTagsException", 400, "A resource can have at most " + MAX_TAGS + " tags.");
        api.state().put(t.withTags(tags));
        return Out.obj();
    }

    private Object untag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        ScalableTarget t = target(in);
        Map<String, String> tags = new LinkedHashMap<>(t.tags());
        in.strings("TagKeys").forEach(tags::remove);
        api.state().put(t.withTags(tags));
        return Out.obj();
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("Tags", target(new JsonInput(input)).tags());
    }
}
