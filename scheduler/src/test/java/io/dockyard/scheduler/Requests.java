package io.dockyard.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds placement requests as handlers send them (ECS JSON structures). */
final class Requests {
    private long cpu, memory;
    private final List<String> ports = new ArrayList<>();
    private int count = 1;
    private String group = "family:web";
    private final List<Map<String, Object>> constraints = new ArrayList<>();
    private final List<Map<String, Object>> strategy = new ArrayList<>();
    private Long seed = 7L;

    static Requests task(long cpu, long memory) {
        Requests r = new Requests();
        r.cpu = cpu;
        r.memory = memory;
        return r;
    }

    Requests ports(String... p) { ports.addAll(List.of(p)); return this; }
    Requests count(int n) { count = n; return this; }
    Requests group(String g) { group = g; return this; }
    Requests seed(Long s) { seed = s; return this; }
    Requests distinctInstance() { constraints.add(Map.of("type", "distinctInstance")); return this; }
    Requests memberOf(String expression) { constraints.add(Map.of("type", "memberOf", "expression", expression)); return this; }
    Requests binpack(String field) { return strategy("binpack", field); }
    Requests spread(String field) { return strategy("spread", field); }
    Requests random() { return strategy("random", null); }

    Requests strategy(String type, String field) {
        Map<String, Object> s = new HashMap<>();
        s.put("type", type);
        if (field != null) s.put("field", field);
        strategy.add(s);
        return this;
    }

    Demand demand() { return new Demand(cpu, memory, List.copyOf(ports)); }

    PlacementRequest build() {
        return new PlacementRequest(demand(), count, group, "web", constraints, strategy, seed);
    }
}
