package io.dockyard.logs.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.core.port.logs.LogStream;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** CreateLogStream, DeleteLogStream, DescribeLogStreams. */
public final class StreamOperations {

    record Names(String group, String stream) {
        static Names parse(Input in) { return new Names(in.group("logGroupName", true), in.stream("logStreamName", true)); }
    }

    record Describe(String group, String prefix, boolean byLastEventTime, boolean descending, Integer limit, String nextToken) {
        static Describe parse(Input in) {
            String group = LogsApi.groupOf(in, true);
            String prefix = in.stream("logStreamNamePrefix", false);
            String orderBy = in.str("orderBy");
            if (orderBy != null && !orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
                throw Input.constraint("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
            }
            boolean byTime = "LastEventTime".equals(orderBy);
            if (byTime && prefix != null) throw Input.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
            String token = in.str("nextToken");
            if (token != null && token.isEmpty()) throw Input.constraint("nextToken", token, "Member must have length greater than or equal to 1");
            return new Describe(group, prefix, byTime, in.bool("descending"), in.integer("limit", 1, 50), token);
        }
    }

    private final LogsApi api;

    public StreamOperations(LogsApi api) { this.api = api; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateLogStream", this::create), NamedOperation.of("DeleteLogStream", this::delete),
                NamedOperation.of("DescribeLogStreams", this::describe));
    }

    private Object create(Map<String, Object> body, RequestContext ctx) {
        Names r = Names.parse(new Input(body));
        LogStore.Outcome o = api.store().createStream(r.group(), r.stream(), api.now());
        if (o == LogStore.Outcome.NO_GROUP) throw LogsApi.groupNotFound();
        if (o == LogStore.Outcome.EXISTS) throw new AwsException("ResourceAlreadyExistsException", 400, "The specified log stream already exists");
        return Map.of();
    }

    private Object delete(Map<String, Object> body, RequestContext ctx) {
        Names r = Names.parse(new Input(body));
        LogStore.Outcome o = api.store().deleteStream(r.group(), r.stream());
        if (o == LogStore.Outcome.NO_GROUP) throw LogsApi.groupNotFound();
        if (o == LogStore.Outcome.NO_STREAM) throw LogsApi.streamNotFound();
        return Map.of();
    }

    private Object describe(Map<String, Object> body, RequestContext ctx) {
        Describe r = Describe.parse(new Input(body));
        List<LogStream> streams = new ArrayList<>(api.store().streams(r.group()).orElseThrow(LogsApi::groupNotFound));
        if (r.prefix() != null) streams.removeIf(s -> !s.name().startsWith(r.prefix()));
        Comparator<LogStream> order = r.byLastEventTime()
                ? Comparator.comparing((LogStream s) -> s.lastEventTimestamp() == null ? Long.MIN_VALUE : s.lastEventTimestamp()).thenComparing(LogStream::name)
                : Comparator.comparing(LogStream::name);
        streams.sort(r.descending() ? order.reversed() : order);
        Pages<LogStream> page = Pages.slice(streams, r.limit() == null ? 50 : r.limit(), r.nextToken(), () -> Input.invalid("The specified nextToken is invalid."));
        String groupArn = LogsApi.groupArn(ctx, r.group());
        return Out.obj().with("logStreams", page.items().stream().map(s -> Out.obj().with("logStreamName", s.name())
                .with("creationTime", s.creationTime()).with("firstEventTimestamp", s.firstEventTimestamp())
                .with("lastEventTimestamp", s.lastEventTimestamp()).with("lastIngestionTime", s.lastIngestionTime())
                .with("uploadSequenceToken", EventTokens.sequenceToken(s.nextSequence()))
                .with("arn", groupArn + ":log-stream:" + s.name()).with("storedBytes", s.storedBytes())).toList())
                .with("nextToken", page.nextToken());
    }
}
