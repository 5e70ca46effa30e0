package io.dockyard.it.support;

import org.awaitility.Awaitility;

import java.time.Duration;

/**
 * How often an {@code await().until(...)} without its own interval asks again: once a second, first at once. Most
 * conditions run the AWS CLI, which costs about a CPU-second a call (Python starting); at Awaitility's default 100 ms a
 * waiting test kept a core busy, slowing the class beside it on a two-core machine.
 */
public final class Polling {
    private Polling() {}

    static {
        Awaitility.setDefaultPollInterval(Duration.ofSeconds(1));
        Awaitility.setDefaultPollDelay(Duration.ZERO);
    }

    /** Loads the class (its static block sets the defaults once per JVM). */
    public static void install() {}
}
