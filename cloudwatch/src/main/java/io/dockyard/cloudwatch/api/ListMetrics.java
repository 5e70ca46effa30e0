package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ListMetrics: filtered by namespace, name and dimensions (a filter without a value matches any value),
 * {@code RecentlyActive=PT3H} for metrics with data in the last three hours; 500 per page.
 */
public final class ListMetrics implements Operation {
    static final int PAGE = 500;
    private final MetricStore store;
    private final Clock clock;

    public ListMetrics(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String name() { return "ListMetrics"; }

    @Override
    public Object handle(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        String ns = in.str("Namespace"), name = in.str("MetricName");
        List<QueryInput> filters = in.structs("Dimensions");
        if (filters.size() > Metrics.MAX_DIMENSIONS) throw QueryInput.invalid("The collection Dimensions must not have a size greater than 30.");
        List<String[]> dims = new ArrayList<>();
        for (QueryInput f : filters) dims.add(new String[]{f.required("Name"), f.str("Value")});
        String recently = in.str("RecentlyActive");
        if (recently != null && !recently.equals("PT3H")) throw QueryInput.badValue("RecentlyActive", recently);
        Instant since = recently == null ? null : clock.instant().minusSeconds(3 * 3600);
        List<MetricId> all = new ArrayList<>(store.list(m -> (ns == null || ns.equals(m.namespace())) && (name == null || name.equals(m.name()))
                && dims.stream().allMatch(d -> m.dimensions().containsKey(d[0]) && (d[1] == null || d[1].equals(m.dimensions().get(d[0])))), since));
        all.sort(Comparator.comparing(MetricId::key));
        String token = in.str("NextToken");
        Pages<MetricId> page = Pages.slice(all, PAGE, token, () -> QueryInput.badValue("NextToken", token));
        return Out.obj().with("Metrics", page.items().stream().map(Metrics::wire).toList()).with("NextToken", page.nextToken());
    }
}
