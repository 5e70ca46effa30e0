package io.dockyard.sqs.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.QueryInput;
import io.dockyard.protocol.RequestContext;
import io.dockyard.sqs.queue.Errors;
import io.dockyard.sqs.queue.Queue;
import io.dockyard.sqs.queue.Queues;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The queue operations: create, find, list, delete, purge, attributes, tags, dead-letter sources. */
final class QueueOperations {
    private final Queues queues;

    QueueOperations(Queues queues) { this.queues = queues; }

    List<Operation> all() {
        return List.of(
                NamedOperation.of("CreateQueue", this::create),
                NamedOperation.of("GetQueueUrl", this::getUrl),
                NamedOperation.of("ListQueues", this::list),
                NamedOperation.of("DeleteQueue", this::delete),
                NamedOperation.of("PurgeQueue", this::purge),
                NamedOperation.of("GetQueueAttributes", this::getAttributes),
                NamedOperation.of("SetQueueAttributes", this::setAttributes),
                NamedOperation.of("TagQueue", this::tag),
                NamedOperation.of("UntagQueue", this::untag),
                NamedOperation.of("ListQueueTags", this::listTags),
                NamedOperation.of("ListDeadLetterSourceQueues", this::deadLetterSources));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.create(in.str("QueueName"), Wire.strings(in, "Attributes"), Wire.strings(in, "tags"));
        return Out.obj().with("QueueUrl", queues.url(q));
    }

    private Object getUrl(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        String owner = in.str("QueueOwnerAWSAccountId");
        if (owner != null && !owner.equals(ctx.account())) throw Errors.noQueue();
        return Out.obj().with("QueueUrl", queues.url(queues.byName(in.str("QueueName"))));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Integer max = in.integer("MaxResults");
        if (max != null && (max < 1 || max > 1000)) throw Errors.invalidValue("MaxResults", max, "Must be between 1 and 1000, if provided.");
        List<String> names = queues.list(in.str("QueueNamePrefix")).stream().map(q -> q.name).toList();
        int from = 0;
        String token = in.str("NextToken");
        if (token != null) {
            try {
                String after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                while (from < names.size() && names.get(from).compareTo(after) <= 0) from++;
            } catch (IllegalArgumentException e) {
                throw Errors.invalidValue("NextToken", token, "Invalid NextToken value.");
            }
        }
        int limit = max == null ? 1000 : max;
        int to = Math.min(names.size(), from + limit);
        List<String> urls = names.subList(from, to).stream().map(n -> queues.url(queues.byName(n))).toList();
        Out out = Out.obj().withNonEmpty("QueueUrls", urls);
        if (max != null && to < names.size()) {
            out.with("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(names.get(to - 1).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        queues.delete(queues.queue(new QueryInput(input).str("QueueUrl")));
        return Out.obj();
    }

    private Object purge(Map<String, Object> input, RequestContext ctx) {
        queues.purge(queues.queue(new QueryInput(input).str("QueueUrl")));
        return Out.obj();
    }

    private Object getAttributes(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        List<String> names = in.strings("AttributeNames");
        Map<String, String> attrs = queues.attributes(q, names);
        return attrs.isEmpty() ? Out.obj() : Out.obj().with("Attributes", attrs);
    }

    private Object setAttributes(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        if (!in.has("Attributes")) throw Errors.missing("Attributes");
        queues.setAttributes(q, Wire.strings(in, "Attributes"));
        return Out.obj();
    }

    private Object tag(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        Map<String, String> tags = Wire.strings(in, "Tags");
        if (tags.isEmpty()) throw Errors.missing("Tags");
        queues.tag(q, tags);
        return Out.obj();
    }

    private Object untag(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        List<String> keys = in.strings("TagKeys");
        if (keys.isEmpty()) throw Errors.missing("TagKeys");
        queues.untag(q, keys);
        return Out.obj();
    }

    private Object listTags(Map<String, Object> input, RequestContext ctx) {
        Queue q = queues.queue(new QueryInput(input).str("QueueUrl"));
        Map<String, String> tags = q.tags();
        return tags.isEmpty() ? Out.obj() : Out.obj().with("Tags", tags);
    }

    private Object deadLetterSources(Map<String, Object> input, RequestContext ctx) {
        Queue dlq = queues.queue(new QueryInput(input).str("QueueUrl"));
        return Out.obj().with("queueUrls", queues.deadLetterSources(dlq).stream().map(queues::url).toList());
    }
}
