package io.dockyard.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One ranking stage (one placement strategy): it orders candidates, lower keys first; the next
 * stage breaks its ties. Keys are read live from the {@link ClusterState}, so they follow each
 * placement of the request.
 */
sealed interface Ranker permits Ranker.ByInstance, Ranker.ByClass, RandomRanker {

    /** A key of the instance itself, which changes only when a task lands on that instance. */
    non-sealed interface ByInstance extends Ranker {
        long key(int instance);
    }

    /** A key shared by a class of instances (an attribute value), which changes when a task lands anywhere in the class. */
    non-sealed interface ByClass extends Ranker {
        int classOf(int instance);

        long key(int cls);

        /** A task of the request landed on the instance. */
        void placed(int instance);
    }

    /** The stages of a strategy list; an empty list means the RunTask default (random). */
    static List<Ranker> of(ClusterState state, String group, List<PlacementRules.Strategy> strategies, SplittableRandom random) {
        List<Ranker> out = new ArrayList<>();
        if (strategies.isEmpty()) out.add(new RandomRanker(random));
        for (PlacementRules.Strategy s : strategies) {
            out.add(switch (s.type()) {
                case "binpack" -> new BinpackRanker(state, "memory".equals(s.field()));
                case "spread" -> s.field().equals("instanceId")
                        ? new InstanceSpreadRanker(state.groupCounts(group))
                        : new AttributeSpreadRanker(state, s.field().substring("attribute:".length()), state.groupCounts(group));
                default -> new RandomRanker(random);
            });
        }
        return out;
    }
}
