package io.dockyard.logs.api;

import io.dockyard.core.AwsException;
import io.dockyard.logs.insights.InsightsQuery;
import io.dockyard.logs.insights.QueryRun;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * StartQuery, GetQueryResults, StopQuery: Logs Insights queries (the {@link InsightsQuery} subset),
 * each run on its own virtual thread; the last {@value #KEPT} queries' results are kept in memory.
 */
public final class QueryOperations {
    static final int KEPT = 100;

    record Start(List<String> groups, long startTime, long endTime, InsightsQuery query, Integer limit) {
        static Start parse(Input in) {
            String name = in.group("logGroupName", false);
            List<String> names = in.strings("logGroupNames");
            List<String> ids = in.strings("logGroupIdentifiers");
            int given = (name != null ? 1 : 0) + (names != null ? 1 : 0) + (ids != null ? 1 : 0);
            if (given != 1) throw Input.invalid("Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be given.");
            List<String> groups = name != null ? List.of(name) : names != null ? names : ids.stream().map(LogsApi::nameOfArn).toList();
            if (groups.isEmpty() || groups.size() > 50) throw Input.invalid("A query names 1 to 50 log groups.");
            Long start = in.time("startTime");
            Long end = in.time("endTime");
            if (start == null || end == null) throw Input.invalid("1 validation error detected: Value null at '" + (start == null ? "startTime" : "endTime") + "' failed to satisfy constraint: Member must not be null");
            if (end < start) throw Input.invalid("endTime must be greater than or equal to startTime.");
            String text = in.required("queryString");
            if (text.length() > 10_000) throw Input.constraint("queryString", "...", "Member must have length less than or equal to 10000");
            String language = in.str("queryLanguage");
            if (language != null && !language.equals("CWLI")) throw Input.invalid("Only the Logs Insights query language (CWLI) is supported.");
            Integer limit = in.integer("limit", 1, 100_000);
            InsightsQuery query;
            try {
                query = InsightsQuery.parse(text);
            } catch (InsightsQuery.MalformedQuery e) {
                throw new AwsException("MalformedQueryException", 400, "Query is malformed: " + e.getMessage());
            }
            return new Start(groups, start, end, query, limit);
        }
    }

    private final LogsApi api;
    private final Map<String, QueryRun> runs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

    public QueryOperations(LogsApi api) { this.api = api; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("StartQuery", this::start), NamedOperation.of("GetQueryResults", this::results),
                NamedOperation.of("StopQuery", this::stop));
    }

    private Object start(Map<String, Object> body, RequestContext ctx) {
        Start r = Start.parse(new Input(body));
        for (String g : r.groups()) api.group(g);
        long from = r.startTime() * 1000;
        long to = r.endTime() * 1000 + 1000;
        long visible = r.groups().stream().mapToLong(g -> api.visibleFrom(api.group(g))).min().orElse(0);
        QueryRun run = new QueryRun(r.query(), r.groups(), Math.max(from, visible), to, r.limit());
        String id = UUID.randomUUID().toString();
        runs.put(id, run);
        order.add(id);
        while (order.size() > KEPT) {
            String old = order.poll();
            if (old != null) runs.remove(old);
        }
        Thread.ofVirtual().name("logs-query-" + id).start(() -> run.run(api.store()));
        return Out.obj().with("queryId", id);
    }

    private QueryRun run(Input in) {
        String id = in.required("queryId");
        QueryRun run = runs.get(id);
        if (run == null) throw new AwsException("ResourceNotFoundException", 400, "Query does not exist: " + id);
        return run;
    }

    private Object results(Map<String, Object> body, RequestContext ctx) {
        QueryRun run = run(new Input(body));
        String status = run.status();
        return Out.obj().with("queryLanguage", "CWLI").with("results", status.equals("Complete") ? new ArrayList<>(run.results()) : List.of())
                .with("statistics", run.statistics()).with("status", status);
    }

    private Object stop(Map<String, Object> body, RequestContext ctx) {
        QueryRun run = run(new Input(body));
        boolean running = run.status().equals("Running") || run.status().equals("Scheduled");
        run.stop();
        return Out.obj().with("success", running);
    }
}
