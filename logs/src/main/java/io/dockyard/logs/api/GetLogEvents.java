package io.dockyard.logs.api;

import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.StoredEvent;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * GetLogEvents: one stream's events in [startTime, endTime), from the head ({@code startFromHead})
 * or, by default, the newest; up to {@code limit} (10,000) events and 1 MiB. {@code nextForwardToken}
 * and {@code nextBackwardToken} ({@code f/…}, {@code b/…}) page on; at the end the same forward
 * token comes back, as AWS does.
 */
public final class GetLogEvents implements Operation {
    static final long MAX_BYTES = 1_048_576;

    record Request(String group, String stream, long startTime, long endTime, EventTokens.StreamToken token, int limit, boolean startFromHead) {
        static Request parse(Input in) {
            String group = LogsApi.groupOf(in, true);
            String stream = in.stream("logStreamName", true);
            Long start = in.time("startTime");
            Long end = in.time("endTime");
            String token = in.str("nextToken");
            Integer limit = in.integer("limit", 1, 10_000);
            return new Request(group, stream, start == null ? Long.MIN_VALUE : start, end == null ? Long.MAX_VALUE : end,
                    token == null ? null : EventTokens.parseStream(token), limit == null ? 10_000 : limit, in.bool("startFromHead"));
        }
    }

    private final LogsApi api;

    public GetLogEvents(LogsApi api) { this.api = api; }

    @Override
    public String name() { return "GetLogEvents"; }

    @Override
    public Object handle(Map<String, Object> body, RequestContext ctx) {
        Request r = Request.parse(new Input(body));
        LogGroup group = api.group(r.group());
        if (api.store().stream(r.group(), r.stream()).isEmpty()) throw LogsApi.streamNotFound();
        long start = Math.max(r.startTime(), api.visibleFrom(group));
        boolean forward = r.token() == null ? r.startFromHead() : r.token().forward();
        long at = r.token() == null ? (forward ? 0 : Long.MAX_VALUE) : r.token().sequence();
        List<StoredEvent> events = forward
                ? api.store().read(r.group(), r.stream(), at, Long.MAX_VALUE, start, r.endTime(), r.limit(), MAX_BYTES, false)
                : api.store().read(r.group(), r.stream(), 0, at, start, r.endTime(), r.limit(), MAX_BYTES, true);
        String nextForward, nextBackward;
        if (events.isEmpty()) {
            long here = at == Long.MAX_VALUE ? 0 : at;
            nextForward = EventTokens.forward(here);
            nextBackward = EventTokens.backward(here);
        } else {
            nextForward = EventTokens.forward(events.getLast().sequence() + 1);
            nextBackward = EventTokens.backward(events.getFirst().sequence());
        }
        return Out.obj().with("events", events.stream().map(e -> Out.obj().with("timestamp", e.timestamp()).with("message", e.message())
                .with("ingestionTime", e.ingestionTime())).toList()).with("nextForwardToken", nextForward).with("nextBackwardToken", nextBackward);
    }
}
