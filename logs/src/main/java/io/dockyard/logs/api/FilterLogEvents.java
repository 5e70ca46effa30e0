package io.dockyard.logs.api;

import io.dockyard.logs.filter.FilterPattern;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStream;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * FilterLogEvents: the events of a group's streams (all, named, or by prefix) in [startTime, endTime)
 * that match the filter pattern, interleaved in timestamp order; up to {@code limit} (10,000) events
 * and about 1 MiB per page, {@code nextToken} for the rest. Memory holds one page: the scan keeps
 * the first {@code limit} matches (and about 1 MiB of them) in a bounded heap.
 */
public final class FilterLogEvents implements Operation {
    static final long MAX_BYTES = 1_048_576;

    record Request(String group, List<String> streams, String prefix, long startTime, long endTime, FilterPattern pattern,
                   int limit, EventTokens.Position after) {
        static Request parse(Input in) {
            String group = LogsApi.groupOf(in, true);
            List<String> streams = in.strings("logStreamNames");
            if (streams != null) {
                if (streams.isEmpty() || streams.size() > 100) throw Input.constraint("logStreamNames", streams, "Member must have length between 1 and 100");
                for (String s : streams) {
                    if (s.isEmpty() || s.length() > 512 || !Input.STREAM_NAME.matcher(s).matches()) throw Input.constraint("logStreamNames", s, "Member must satisfy regular expression pattern: [^:*]*");
                }
            }
            String prefix = in.stream("logStreamNamePrefix", false);
            if (streams != null && prefix != null) throw Input.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive");
            Long start = in.time("startTime");
            Long end = in.time("endTime");
            String text = in.str("filterPattern");
            if (text != null && text.length() > 1024) throw Input.constraint("filterPattern", text, "Member must have length less than or equal to 1024");
            FilterPattern pattern;
            try {
                pattern = FilterPattern.parse(text);
            } catch (FilterPattern.PatternException e) {
                throw Input.invalid(e.getMessage());
            }
            Integer limit = in.integer("limit", 1, 10_000);
            String token = in.str("nextToken");
            in.bool("interleaved");
            return new Request(group, streams, prefix, start == null ? Long.MIN_VALUE : start, end == null ? Long.MAX_VALUE : end, pattern,
                    limit == null ? 10_000 : limit, token == null ? null : EventTokens.parseFilter(token));
        }
    }

    /** A match kept for the page. */
    private record Hit(EventTokens.Position at, long ingestionTime, String message) {}

    private final LogsApi api;

    public FilterLogEvents(LogsApi api) { this.api = api; }

    @Override
    public String name() { return "FilterLogEvents"; }

    @Override
    public Object handle(Map<String, Object> body, RequestContext ctx) {
        Request r = Request.parse(new Input(body));
        LogGroup group = api.group(r.group());
        Collection<String> streams = r.streams();
        if (r.prefix() != null) {
            streams = api.store().streams(r.group()).orElse(List.of()).stream().map(LogStream::name).filter(n -> n.startsWith(r.prefix())).toList();
        }
        long start = Math.max(r.startTime(), api.visibleFrom(group));
        if (r.after() != null) start = Math.max(start, r.after().timestamp());
        PriorityQueue<Hit> page = new PriorityQueue<>(Comparator.comparing(Hit::at).reversed());
        boolean[] more = {false};
        EventTokens.Position after = r.after();
        int[] limit = {r.limit()}; // shrinks when the page's messages pass MAX_BYTES
        long[] pageBytes = {0};
        api.store().scan(r.group(), streams, start, r.endTime(), (stream, seq, ts, ing, bytes, len) -> {
            EventTokens.Position p = null;
            if (after != null) {
                p = new EventTokens.Position(ts, stream, seq);
                if (p.compareTo(after) <= 0) return;
            }
            if (page.size() >= limit[0]) {
                Hit worst = page.peek();
                if (ts > worst.at().timestamp()) { // cheaper than the pattern: this event cannot enter the page
                    more[0] = true;
                    return;
                }
            }
            if (!r.pattern().matches(bytes, len)) return;
            if (p == null) p = new EventTokens.Position(ts, stream, seq);
            if (page.size() >= limit[0]) {
                more[0] = true;
                if (p.compareTo(page.peek().at()) >= 0) return;
                pageBytes[0] -= page.poll().message().length();
            }
            Hit hit = new Hit(p, ing, new String(bytes, 0, len, StandardCharsets.UTF_8));
            page.add(hit);
            pageBytes[0] += hit.message().length();
            while (pageBytes[0] > MAX_BYTES && page.size() > 1) { // memory stays about one page: the latest matches leave
                more[0] = true;
                pageBytes[0] -= page.poll().message().length();
                limit[0] = page.size();
            }
        });
        List<Hit> hits = new ArrayList<>(page);
        hits.sort(Comparator.comparing(Hit::at));
        long bytes = 0;
        int keep = 0;
        while (keep < hits.size() && bytes < MAX_BYTES) bytes += hits.get(keep++).message().length();
        if (keep < hits.size()) {
            more[0] = true;
            hits = hits.subList(0, keep);
        }
        String next = more[0] && !hits.isEmpty() ? EventTokens.filterToken(hits.getLast().at()) : null;
        return Out.obj().with("events", hits.stream().map(h -> Out.obj().with("logStreamName", h.at().stream()).with("timestamp", h.at().timestamp())
                        .with("message", h.message()).with("ingestionTime", h.ingestionTime()).with("eventId", EventTokens.eventId(h.at().stream(), h.at().sequence())))
                        .toList())
                .with("searchedLogStreams", List.of()).with("nextToken", next);
    }
}
