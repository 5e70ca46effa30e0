package io.dockyard.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks the best candidate under a chain of rankers without rescanning every instance per task.
 * Candidates are split into leaves that share every class key (one leaf per combination of
 * spread-attribute values); inside a leaf class keys are equal, so a heap ordered by the whole
 * chain stays valid as class counts move. The best candidate is the best of the leaf tops.
 * Candidates must all be feasible: the caller removes one as soon as it no longer fits.
 */
final class Selector {
    private final Ranker[] prefix;
    private final Ranker.ByClass[] byClass;
    private final boolean instanceKeys;
    private final RandomRanker random;
    private final IndexedHeap[] leaves;
    private final int[] leafOf;
    private final int[] stack;

    Selector(int size, List<Ranker> chain, int[] candidates) {
        List<Ranker> p = new ArrayList<>();
        RandomRanker rnd = null;
        for (Ranker r : chain) {
            if (r instanceof RandomRanker rr) {
                rnd = rr;
                break;
            }
            p.add(r);
        }
        prefix = p.toArray(Ranker[]::new);
        random = rnd;
        byClass = p.stream().filter(r -> r instanceof Ranker.ByClass).toArray(Ranker.ByClass[]::new);
        instanceKeys = p.stream().anyMatch(r -> r instanceof Ranker.ByInstance);
        leafOf = new int[size];
        stack = new int[candidates.length + 1];
        leaves = buildLeaves(candidates, new int[size]);
    }

    /** The best candidate, or -1 when none is left. */
    int best() {
        int best = -1;
        for (IndexedHeap leaf : leaves) {
            if (leaf.size() > 0 && (best < 0 || compareTotal(leaf.peek(), best) < 0)) best = leaf.peek();
        }
        return best < 0 || random == null ? best : pickAmongTies(best);
    }

    /** A task landed on candidate i; {@code stillFeasible} tells whether it can take one more. */
    void placed(int i, boolean stillFeasible) {
        for (Ranker.ByClass r : byClass) r.placed(i);
        IndexedHeap leaf = leaves[leafOf[i]];
        if (stillFeasible) leaf.update(i);
        else leaf.remove(i);
    }

    private int pickAmongTies(int best) {
        int total = 0;
        for (IndexedHeap leaf : leaves) if (tied(leaf, best)) total += tiedCount(leaf);
        int r = random.random().nextInt(total);
        for (IndexedHeap leaf : leaves) {
            if (!tied(leaf, best)) continue;
            int n = tiedCount(leaf);
            if (r < n) return instanceKeys ? leaf.tiedWithTop(this::comparePrefix, r, stack) : leaf.at(r);
            r -= n;
        }
        throw new IllegalStateException("no tied candidate");
    }

    private boolean tied(IndexedHeap leaf, int best) {
        return leaf.size() > 0 && comparePrefix(leaf.peek(), best) == 0;
    }

    private int tiedCount(IndexedHeap leaf) {
        return instanceKeys ? leaf.tiedWithTop(this::comparePrefix, -1, stack) : leaf.size();
    }

    private int compareTotal(int a, int b) {
        int c = comparePrefix(a, b);
        return c != 0 ? c : Integer.compare(a, b);
    }

    private int comparePrefix(int a, int b) {
        for (Ranker r : prefix) {
            int c = switch (r) {
                case Ranker.ByInstance x -> Long.compare(x.key(a), x.key(b));
                case Ranker.ByClass x -> Long.compare(x.key(x.classOf(a)), x.key(x.classOf(b)));
                case RandomRanker x -> 0;
            };
            if (c != 0) return c;
        }
        return 0;
    }

    private IndexedHeap[] buildLeaves(int[] candidates, int[] pos) {
        int count = 1;
        for (Ranker.ByClass r : byClass) {
            Map<Long, Integer> ids = new HashMap<>();
            for (int c : candidates) {
                long key = ((long) leafOf[c] << 32) | r.classOf(c);
                Integer id = ids.get(key);
                if (id == null) ids.put(key, id = ids.size());
                leafOf[c] = id;
            }
            count = Math.max(1, ids.size());
        }
        int[] sizes = new int[count];
        for (int c : candidates) sizes[leafOf[c]]++;
        int[][] members = new int[count][];
        for (int l = 0; l < count; l++) members[l] = new int[sizes[l]];
        int[] fill = new int[count];
        for (int c : candidates) members[leafOf[c]][fill[leafOf[c]]++] = c;
        IndexedHeap[] out = new IndexedHeap[count];
        for (int l = 0; l < count; l++) out[l] = new IndexedHeap(members[l], pos, this::compareTotal);
        return out;
    }
}
