package io.dockyard.events.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.schedule.Schedule;
import io.dockyard.events.delivery.Dispatcher;
import io.dockyard.events.rules.Target;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fires the schedules (on the leader, four times a second): each occurrence of an ENABLED schedule between its start and
 * end dates is delivered to its target once — at the occurrence, or, with a FLEXIBLE window, at a random moment within
 * the window after it — and recorded as fired; a one-time ({@code at()}) schedule or one past its end date with
 * {@code ActionAfterCompletion} DELETE is deleted once it completes.
 */
public final class SchedulerRunner {
    private final Schedules schedules;
    private final Dispatcher dispatcher;
    private final Clock clock;
    /** A flexible occurrence waiting for its moment: schedule key → [occurrence, fire at] (epoch ms). */
    private final Map<String, long[]> pending = new ConcurrentHashMap<>();

    public SchedulerRunner(Schedules schedules, Dispatcher dispatcher, Clock clock) {
        this.schedules = schedules;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    public void tick() {
        Instant now = clock.instant();
        for (ScheduleSpec s : schedules.all()) {
            if (!s.enabled()) continue;
            Schedule sched;
            ZoneId zone;
            try {
                sched = Schedule.parse(s.expression(), true);
                zone = Schedule.zone(s.timezone());
            } catch (Schedule.Invalid e) {
                continue;
            }
            Instant anchor = s.startDate() != null ? s.startDate() : s.created();
            Instant after = s.lastFired() != null ? s.lastFired() : anchor.minusMillis(1);
            Instant upTo = s.endDate() != null && s.endDate().isBefore(now) ? s.endDate() : now;
            Instant due = sched.due(after, upTo, zone, anchor);
            String key = s.group() + "/" + s.name();
            if (due != null && (s.startDate() == null || !due.isBefore(s.startDate()))) {
                if ("FLEXIBLE".equals(s.flexibleMode()) && s.maxWindowMinutes() > 0) {
                    long[] p = pending.computeIfAbsent(key, k -> new long[]{due.toEpochMilli(),
                            due.toEpochMilli() + ThreadLocalRandom.current().nextLong(s.maxWindowMinutes() * 60_000L)});
                    if (p[0] != due.toEpochMilli()) pending.put(key, p = new long[]{due.toEpochMilli(),
                            due.toEpochMilli() + ThreadLocalRandom.current().nextLong(s.maxWindowMinutes() * 60_000L)});
                    if (now.toEpochMilli() < p[1]) continue;
                    pending.remove(key);
                }
                if (!schedules.fire(s.group(), s.name(), due)) continue;
                fire(s, due);
                if (sched instanceof Schedule.At) complete(s);
            } else if (s.endDate() != null && now.isAfter(s.endDate())) {
                complete(s);
            }
        }
    }

    private void complete(ScheduleSpec s) {
        if ("DELETE".equals(s.actionAfterCompletion())) schedules.remove(s.group(), s.name());
    }

    private void fire(ScheduleSpec s, Instant occurrence) {
        Target t = s.target();
        boolean ecs = t.arn().contains(":ecs:");
        Target target = new Target(t.id(), t.arn(), t.roleArn(), t.input() == null && !ecs ? "{}" : t.input(), null, null, t.ecs(), t.sqsGroupId(),
                t.retry(), t.deadLetterArn());
        JsonNode event = dispatcher.event("aws.scheduler", "Scheduled Event", List.of(s.arn()), null, occurrence);
        Dispatcher.Origin origin = new Dispatcher.Origin(s.name(), s.arn(), "chronos-schedule/" + s.name());
        Thread.ofVirtual().start(() -> dispatcher.deliver(origin, target, event, 0));
    }
}
