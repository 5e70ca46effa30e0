package io.dockyard.events.scheduler;

import io.dockyard.events.rules.Target;

import java.time.Instant;

/**
 * An EventBridge Scheduler schedule: its expression ({@code at()}, {@code rate()}, {@code cron()}) in its timezone, the
 * flexible time window, the start and end dates, its target (one, with its retry policy and dead-letter queue), state, and
 * {@code lastFired}, the last occurrence it fired for (kept so an occurrence fires once, across restarts too).
 */
public record ScheduleSpec(String name, String group, String arn, String expression, String timezone, String flexibleMode, int maxWindowMinutes,
                           Target target, Instant startDate, Instant endDate, String state, String description, String actionAfterCompletion,
                           Instant created, Instant modified, Instant lastFired) {
    public boolean enabled() { return "ENABLED".equals(state); }

    public ScheduleSpec firedAt(Instant at) {
        return new ScheduleSpec(name, group, arn, expression, timezone, flexibleMode, maxWindowMinutes, target, startDate, endDate, state, description,
                actionAfterCompletion, created, modified, at);
    }
}
