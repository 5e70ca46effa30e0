import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.Rule;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * EventBridge pattern matching on one thread: {@code rules} rules on the default bus (a tenth of them without a source
 * constraint, the rest on 100 sources, each with detail conditions of every kind: exact, prefix, numeric range,
 * anything-but, exists, wildcard, $or), then {@code events} events of those sources matched the way the dispatcher
 * matches them (the rules of the event's source and those that name none). Reports events/s and matches.
 * usage: java -cp <events, store, protocol, core classes and jackson> bench/events/PatternBench.java [rules=1000] [events=1000000]
 */
public class PatternBench {
    public static void main(String[] args) throws Exception {
        int ruleCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int eventCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Random random = new Random(42);
        RuleState state = new RuleState(new io.dockyard.store.CachedStore(new io.dockyard.store.MemoryJournal()), null, new Bus("default", "arn", null, Instant.now(), List.of()));
        String[] kinds = {"order", "payment", "refund", "shipment", "login"};
        for (int i = 0; i < ruleCount; i++) {
            String source = i % 10 == 0 ? null : "app.source" + (i % 100);
            String detail = switch (i % 6) {
                case 0 -> "{\"kind\":[\"" + kinds[i % 5] + "\"]}";
                case 1 -> "{\"customer\":[{\"prefix\":\"c" + (i % 7) + "\"}]}";
                case 2 -> "{\"total\":[{\"numeric\":[\">\"," + (i % 500) + ",\"<=\"," + (i % 500 + 100) + "]}]}";
                case 3 -> "{\"kind\":[{\"anything-but\":[\"login\",\"refund\"]}],\"flag\":[{\"exists\":true}]}";
                case 4 -> "{\"region\":[{\"wildcard\":\"eu-*-" + (i % 3) + "\"}]}";
                default -> "{\"$or\":[{\"kind\":[\"refund\"]},{\"total\":[{\"numeric\":[\">=\",900]}]}]}";
            };
            String pattern = "{" + (source == null ? "" : "\"source\":[\"" + source + "\"],") + "\"detail\":" + detail + "}";
            state.putRule(new Rule("r" + i, "default", "arn:aws:events:us-east-1:000000000000:rule/r" + i, pattern, null, "ENABLED", null, null,
                    List.of(), List.of(), Instant.now(), null));
        }
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.put("source", "app.source" + random.nextInt(100));
            e.put("detail-type", "Thing");
            ObjectNode d = e.putObject("detail");
            d.put("kind", kinds[random.nextInt(5)]);
            d.put("customer", "c" + random.nextInt(100));
            d.put("total", random.nextInt(1000));
            d.put("region", "eu-west-" + random.nextInt(3));
            if (random.nextBoolean()) d.put("flag", true);
            events.add(e);
        }
        long matches = 0;
        for (int warm = 0; warm < 3; warm++) matches = run(state, events, 200_000);
        long t0 = System.nanoTime();
        matches = run(state, events, eventCount);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("pattern matching: %,d events against %,d rules in %.2f s = %,.0f events/s on one thread (%,d rule matches, %.1f per event)%n",
                eventCount, ruleCount, seconds, eventCount / seconds, matches, matches / (double) eventCount);
    }

    static long run(RuleState state, List<JsonNode> events, int n) {
        long matches = 0;
        for (int i = 0; i < n; i++) {
            JsonNode e = events.get(i % events.size());
            for (RuleState.Compiled c : state.candidates("default", e.path("source").asText())) if (c.pattern().matches(e)) matches++;
        }
        return matches;
    }
}
