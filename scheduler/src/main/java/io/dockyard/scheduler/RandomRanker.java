package io.dockyard.scheduler;

import java.util.SplittableRandom;

/** random: a uniform choice among the candidates still tied; stages after it never decide. */
record RandomRanker(SplittableRandom random) implements Ranker {}
