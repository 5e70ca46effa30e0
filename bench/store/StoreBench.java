import io.dockyard.core.port.Index;
import io.dockyard.core.port.Kind;
import io.dockyard.store.CachedStore;
import io.dockyard.store.SqliteJournal;
import io.dockyard.store.postgres.DatabaseUrl;
import io.dockyard.store.postgres.PostgresJournal;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commits per second of the store on SQLite (embedded) and on PostgreSQL, side by side: blind puts,
 * read-modify-writes of records in separate index buckets (writers that never conflict: as placements
 * in different clusters) and of one hot record (every writer conflicts), from 1 and 8 threads.
 * Run: bench/store/run.sh [postgresql://…]
 */
public class StoreBench {
    public record Item(String id, String group, int n) {}
    static final Kind<Item> ITEM = Kind.of("bench.item", Item.class, Item::id);
    static final Index<Item> BY_GROUP = Index.of("bench.by-group", ITEM, Item::group);

    public static void main(String[] args) throws Exception {
        int ops = Integer.getInteger("ops", 4000);
        List<String[]> rows = new ArrayList<>();
        for (String backend : args.length > 0 ? List.of("sqlite", args[0]) : List.of("sqlite")) {
            for (int threads : new int[] {1, 8}) {
                for (String load : List.of("put", "disjoint-rmw", "hot-rmw")) {
                    try (CachedStore store = open(backend)) {
                        double perSec = run(store, load, threads, ops);
                        rows.add(new String[] {backend.startsWith("sqlite") ? "sqlite" : "postgresql", load, Integer.toString(threads), String.format("%.0f", perSec)});
                        System.err.printf("%-10s %-13s threads=%d %8.0f commits/s%n", rows.getLast()[0], load, threads, perSec);
                    }
                }
            }
        }
        System.out.println("| backend | load | threads | commits/s |\n|---|---|---|---|");
        for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
    }

    static CachedStore open(String backend) throws Exception {
        if (backend.equals("sqlite")) return SqliteJournal.open(Files.createTempDirectory("store-bench").resolve("state.db"));
        return PostgresJournal.open(DatabaseUrl.parse(backend));
    }

    static double run(CachedStore store, String load, int threads, int ops) throws Exception {
        for (int t = 0; t < threads; t++) store.put(ITEM, new Item("hot-" + t, "g" + t, 0));
        store.put(ITEM, new Item("hot", "hot", 0));
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                while (next.getAndIncrement() < ops) {
                    switch (load) {
                        case "put" -> store.put(ITEM, new Item("k" + next.get() + "-" + id, "g" + id, 1));
                        case "disjoint-rmw" -> store.atomically(() -> {
                            int n = store.list(BY_GROUP, "g" + id).size();
                            store.update(ITEM, "hot-" + id, i -> new Item(i.id(), i.group(), i.n() + n));
                        });
                        default -> store.update(ITEM, "hot", i -> new Item(i.id(), i.group(), i.n() + 1));
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (load.equals("hot-rmw") && store.get(ITEM, "hot").orElseThrow().n() < ops) throw new AssertionError("lost updates");
        return ops / seconds;
    }
}
