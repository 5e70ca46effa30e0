package io.dockyard.logs.api;

import io.dockyard.core.port.logs.LogEvent;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PutLogEvents with AWS's batch rules: 1 to 10,000 events, at most 1,048,576 bytes counting 26 bytes
 * per event, in chronological order, spanning at most 24 hours. Events more than 2 hours in the
 * future, more than 14 days old, or older than the group's retention are not stored and reported in
 * {@code rejectedLogEventsInfo}. The sequence token is accepted and ignored, as AWS does now. The
 * events are on disk when the call answers.
 */
public final class PutLogEvents implements Operation {
    static final int MAX_EVENTS = 10_000;
    static final long MAX_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD = 26;
    static final long MAX_SPAN_MS = 24 * 3_600_000L;
    static final long TOO_NEW_MS = 2 * 3_600_000L;
    static final long TOO_OLD_MS = 14 * LogsApi.DAY_MS;

    record Request(String group, String stream, List<LogEvent> events) {
        static Request parse(Input in) {
            String group = in.group("logGroupName", true);
            String stream = in.stream("logStreamName", true);
            String token = in.str("sequenceToken");
            if (token != null && token.isEmpty()) throw Input.constraint("sequenceToken", token, "Member must have length greater than or equal to 1");
            List<Object> raw = in.list("logEvents");
            if (raw == null) throw Input.invalid("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");
            if (raw.isEmpty() || raw.size() > MAX_EVENTS) throw Input.constraint("logEvents", "[...]", "Member must have length between 1 and " + MAX_EVENTS);
            List<LogEvent> events = new ArrayList<>(raw.size());
            long bytes = 0;
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof Map<?, ?> m)) throw Input.invalid("logEvents." + (i + 1) + " must be a structure.");
                @SuppressWarnings("unchecked") Input e = new Input((Map<String, Object>) m);
                Long ts = e.longValue("timestamp");
                String message = e.str("message");
                if (ts == null) throw Input.invalid("1 validation error detected: Value null at 'logEvents." + (i + 1) + ".member.timestamp' failed to satisfy constraint: Member must not be null");
                if (message == null) throw Input.invalid("1 validation error detected: Value null at 'logEvents." + (i + 1) + ".member.message' failed to satisfy constraint: Member must not be null");
                if (message.isEmpty()) throw Input.constraint("logEvents." + (i + 1) + ".member.message", message, "Member must have length greater than or equal to 1");
                bytes += message.getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
                events.add(new LogEvent(ts, message));
            }
            if (bytes > MAX_BATCH_BYTES) throw Input.invalid("Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
            for (int i = 1; i < events.size(); i++) {
                if (events.get(i).timestamp() < events.get(i - 1).timestamp()) {
                    throw Input.invalid("Log events in a single PutLogEvents request must be in chronological order.");
                }
            }
            if (events.getLast().timestamp() - events.getFirst().timestamp() > MAX_SPAN_MS) {
                throw Input.invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
            }
            return new Request(group, stream, events);
        }
    }

    private final LogsApi api;

    public PutLogEvents(LogsApi api) { this.api = api; }

    @Override
    public String name() { return "PutLogEvents"; }

    @Override
    public Object handle(Map<String, Object> body, RequestContext ctx) {
        Request r = Request.parse(new Input(body));
        LogGroup group = api.group(r.group());
        long now = api.now();
        List<LogEvent> events = r.events();
        int n = events.size();
        int tooOldEnd = 0, expiredEnd = 0, tooNewStart = n;
        long expiredBefore = group.retentionInDays() == null ? Long.MIN_VALUE : now - group.retentionInDays() * LogsApi.DAY_MS;
        while (tooOldEnd < n && events.get(tooOldEnd).timestamp() < now - TOO_OLD_MS) tooOldEnd++;
        while (expiredEnd < n && events.get(expiredEnd).timestamp() < expiredBefore) expiredEnd++;
        while (tooNewStart > 0 && events.get(tooNewStart - 1).timestamp() > now + TOO_NEW_MS) tooNewStart--;
        int from = Math.max(tooOldEnd, expiredEnd);
        LogStore.Outcome o = from < tooNewStart ? api.store().append(r.group(), r.stream(), events.subList(from, tooNewStart), now)
                : api.store().stream(r.group(), r.stream()).isPresent() ? LogStore.Outcome.OK : LogStore.Outcome.NO_STREAM;
        if (o == LogStore.Outcome.NO_GROUP) throw LogsApi.groupNotFound();
        if (o == LogStore.Outcome.NO_STREAM) throw LogsApi.streamNotFound();
        Out rejected = Out.obj().with("tooNewLogEventStartIndex", tooNewStart < n ? tooNewStart : null)
                .with("tooOldLogEventEndIndex", tooOldEnd > 0 ? tooOldEnd : null)
                .with("expiredLogEventEndIndex", expiredEnd > 0 ? expiredEnd : null);
        long next = api.store().stream(r.group(), r.stream()).map(s -> s.nextSequence()).orElse(0L);
        return Out.obj().with("nextSequenceToken", EventTokens.sequenceToken(next)).with("rejectedLogEventsInfo", rejected.isEmpty() ? null : rejected);
    }
}
