package io.dockyard.autoscaling.scaling;

import io.dockyard.autoscaling.model.Activity;
import io.dockyard.autoscaling.model.ScalableTarget;
import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.model.ScheduledAction;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.core.schedule.Schedule;
import io.dockyard.autoscaling.state.ScalingState;
import io.dockyard.core.port.Alarming;
import io.dockyard.core.port.DesiredCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scaler loop (on the leader, every second): for each scalable target, the scheduled actions that
 * are due, then the policies whose alarms are in ALARM — target tracking (scale out when any policy's
 * high alarm fires, in only when every policy's low alarm agrees) and step scaling (the user's alarms
 * that name the policy) — within min/max, cooldowns and the suspended switches; each change is an
 * activity.
 */
public final class Scaler {
    private static final Logger log = LoggerFactory.getLogger(Scaler.class);
    /** AWS's default cooldown of a policy that names none. */
    static final int DEFAULT_COOLDOWN = 300;

    private final ScalingState state;
    private final Alarming alarms;
    private final DesiredCounts services;
    private final Clock clock;
    /** When each scheduled action was last looked at (not kept over a restart: missed times are not caught up). */
    private final Map<String, Instant> looked = new ConcurrentHashMap<>();
    private final Instant started;

    public Scaler(ScalingState state, Alarming alarms, DesiredCounts services, Clock clock) {
        this.state = state;
        this.alarms = alarms;
        this.services = services;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** One round over every target. */
    public void tick() {
        Instant now = clock.instant();
        Map<String, List<Alarming.Seen>> byAction = null;
        Map<TargetKey, List<ScalingPolicy>> policies = new HashMap<>();
        for (ScalingPolicy p : state.policies()) policies.computeIfAbsent(p.target(), k -> new ArrayList<>()).add(p);
        Map<TargetKey, List<ScheduledAction>> schedules = new HashMap<>();
        for (ScheduledAction a : state.scheduled()) schedules.computeIfAbsent(a.target(), k -> new ArrayList<>()).add(a);
        for (ScalableTarget t : state.targets()) {
            try {
                List<ScheduledAction> due = schedules.getOrDefault(t.key(), List.of());
                if (!due.isEmpty() && !t.suspended().scheduled()) t = scheduled(t, due, now);
                List<ScalingPolicy> ps = policies.getOrDefault(t.key(), List.of());
                if (ps.isEmpty()) continue;
                if (byAction == null && ps.stream().anyMatch(p -> !p.isTracking())) byAction = alarms.byAlarmAction();
                dynamic(t, ps, byAction == null ? Map.of() : byAction, now);
            } catch (RuntimeException e) {
                log.warn("scaling target={} failed: {}", t.resourceId(), e.toString());
            }
        }
    }

    // ---- scheduled actions ----

    private ScalableTarget scheduled(ScalableTarget t, List<ScheduledAction> actions, Instant now) {
        for (ScheduledAction a : actions) {
            String key = a.target() + "|" + a.name();
            Instant after = looked.getOrDefault(key, a.created().isAfter(started) ? a.created() : started);
            looked.put(key, now);
            if (a.startTime() != null && now.isBefore(a.startTime())) continue;
            if (a.endTime() != null && now.isAfter(a.endTime())) continue;
            Instant fire;
            try {
                fire = Schedule.parse(a.schedule()).due(after, now, Schedule.zone(a.timezone()), a.startTime() != null ? a.startTime() : a.created());
            } catch (Schedule.Invalid e) {
                continue;
            }
            if (fire == null) continue;
            Instant fired = state.memory(t.key()).scheduleFired().get(a.name());
            if (fired != null && !fire.isAfter(fired)) continue;
            t = apply(t, a, now);
            state.remember(t.key(), m -> {
                Map<String, Instant> f = new HashMap<>(m.scheduleFired());
                f.put(a.name(), fire);
                return new ScalingState.Memory(m.lastOut(), m.outFrom(), m.lastIn(), m.policyActed(), f);
            });
        }
        return t;
    }

    private ScalableTarget apply(ScalableTarget t, ScheduledAction a, Instant now) {
        int min = a.minCapacity() != null ? a.minCapacity() : t.minCapacity();
        int max = a.maxCapacity() != null ? a.maxCapacity() : t.maxCapacity();
        if (min > max) {
            record(t.key(), "Setting min capacity to " + min + " and max capacity to " + max, "scheduled action name " + a.name() + " was triggered",
                    now, "Failed", "Minimum capacity cannot be greater than maximum capacity.");
            return t;
        }
        ScalableTarget updated = t.withBounds(min, max);
        state.put(updated);
        record(t.key(), describeBounds(a), "scheduled action name " + a.name() + " was triggered", now, "Successful", null);
        log.info("scheduled action target={} action={} min={} max={}", t.resourceId(), a.name(), min, max);
        enforceBounds(updated, now);
        return updated;
    }

    private static String describeBounds(ScheduledAction a) {
        if (a.minCapacity() != null && a.maxCapacity() != null) return "Setting min capacity to " + a.minCapacity() + " and max capacity to " + a.maxCapacity();
        return a.minCapacity() != null ? "Setting min capacity to " + a.minCapacity() : "Setting max capacity to " + a.maxCapacity();
    }

    /** Brings the service's desired count into [min, max] (after registration or a scheduled action changed them). */
    public void enforceBounds(ScalableTarget t, Instant now) {
        OptionalInt current = services.get(t.key().cluster(), t.key().service());
        if (current.isEmpty()) return;
        int c = current.getAsInt();
        if (c < t.minCapacity()) set(t, c, t.minCapacity(), "the desired count of " + c + " was below the minimum capacity of " + t.minCapacity(), now);
        else if (c > t.maxCapacity()) set(t, c, t.maxCapacity(), "the desired count of " + c + " was above the maximum capacity of " + t.maxCapacity(), now);
    }

    // ---- policies ----

    private record Proposal(int capacity, String cause, ScalingPolicy policy) {}

    private void dynamic(ScalableTarget t, List<ScalingPolicy> policies, Map<String, List<Alarming.Seen>> byAction, Instant now) {
        OptionalInt currentCount = services.get(t.key().cluster(), t.key().service());
        if (currentCount.isEmpty()) return;
        int current = currentCount.getAsInt();
        ScalingState.Memory memory = state.memory(t.key());
        Proposal out = null, in = null;
        boolean trackingAgreeIn = true;
        Proposal trackingIn = null;
        int tracking = 0;
        for (ScalingPolicy p : policies) {
            if (p.isTracking()) {
                tracking++;
                ScalingPolicy.Tracking cfg = p.tracking();
                Alarming.Seen high = alarms.alarm(p.highAlarm()).orElse(null);
                if (high != null && "ALARM".equals(high.state()) && !high.recent().isEmpty()) {
                    boolean cooling = memory.lastOut() != null && now.isBefore(memory.lastOut().plusSeconds(cooldown(cfg.scaleOutCooldown())));
                    // in a scale-out cooldown the capacity already added counts: the value was measured on the capacity before it
                    int measuredOn = cooling ? Math.min(current, Math.max(1, memory.outFrom())) : current;
                    int wanted = Decisions.tracking(measuredOn, high.recent().getFirst(), cfg.targetValue());
                    if (wanted > current && (out == null || wanted > out.capacity())) out = new Proposal(wanted, alarmCause(high, p), p);
                }
                if (cfg.disableScaleIn()) continue;
                Alarming.Seen low = alarms.alarm(p.lowAlarm()).orElse(null);
                if (low == null || !"ALARM".equals(low.state())) {
                    trackingAgreeIn = false;
                    continue;
                }
                // the highest datapoint read; none at all is a count's missing periods, zero
                double value = low.recent().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                int wanted = Math.min(current - 1, Decisions.tracking(current, value, cfg.targetValue()));
                boolean cooling = (memory.lastIn() != null && now.isBefore(memory.lastIn().plusSeconds(cooldown(cfg.scaleInCooldown()))))
                        || (memory.lastOut() != null && now.isBefore(memory.lastOut().plusSeconds(cooldown(cfg.scaleOutCooldown()))));
                if (cooling) trackingAgreeIn = false;
                else if (trackingIn == null || wanted > trackingIn.capacity()) trackingIn = new Proposal(wanted, alarmCause(low, p), p);
            } else {
                for (Alarming.Seen alarm : byAction.getOrDefault(p.arn(), List.of())) {
                    if (!alarm.actionsEnabled() || !"ALARM".equals(alarm.state()) || alarm.recent().isEmpty()) continue;
                    ScalingPolicy.Step cfg = p.step();
                    Instant acted = memory.policyActed().get(p.name());
                    if (acted != null && now.isBefore(acted.plusSeconds(cooldown(cfg.cooldown())))) continue;
                    double breach = Decisions.aggregate(alarm.recent(), cfg.aggregation()) - alarm.threshold();
                    ScalingPolicy.Adjustment step = Decisions.step(cfg.adjustments(), breach);
                    if (step == null) continue;
                    int wanted = Decisions.adjust(current, cfg, step.scalingAdjustment());
                    if (wanted > current && (out == null || wanted > out.capacity())) out = new Proposal(wanted, alarmCause(alarm, p), p);
                    if (wanted < current && (in == null || wanted > in.capacity())) in = new Proposal(wanted, alarmCause(alarm, p), p);
                }
            }
        }
        if (tracking > 0 && trackingAgreeIn && trackingIn != null && (in == null || trackingIn.capacity() > in.capacity())) in = trackingIn;
        Proposal up = out, down = in;
        if (up != null && !t.suspended().dynamicOut()) {
            int target = Decisions.bounded(current, up.capacity(), t.minCapacity(), t.maxCapacity());
            if (target != current) {
                set(t, current, target, up.cause(), now);
                int from = current;
                state.remember(t.key(), m -> {
                    boolean cooling = m.lastOut() != null && now.isBefore(m.lastOut().plusSeconds(cooldown(trackingCooldown(up.policy(), true))));
                    return new ScalingState.Memory(now, cooling ? m.outFrom() : from, m.lastIn(), acted(m, up.policy(), now), m.scheduleFired());
                });
            }
            return;
        }
        if (down != null && !t.suspended().dynamicIn()) {
            int target = Decisions.bounded(current, down.capacity(), t.minCapacity(), t.maxCapacity());
            if (target != current) {
                set(t, current, target, down.cause(), now);
                state.remember(t.key(), m -> new ScalingState.Memory(m.lastOut(), m.outFrom(), now, acted(m, down.policy(), now), m.scheduleFired()));
            }
        }
    }

    private static Map<String, Instant> acted(ScalingState.Memory m, ScalingPolicy p, Instant now) {
        Map<String, Instant> acted = new HashMap<>(m.policyActed());
        acted.put(p.name(), now);
        return acted;
    }

    private static Integer trackingCooldown(ScalingPolicy p, boolean out) {
        if (!p.isTracking()) return p.step().cooldown();
        return out ? p.tracking().scaleOutCooldown() : p.tracking().scaleInCooldown();
    }

    private static int cooldown(Integer seconds) { return seconds == null ? DEFAULT_COOLDOWN : seconds; }

    private static String alarmCause(Alarming.Seen alarm, ScalingPolicy p) {
        return "monitor alarm " + alarm.name() + " in state ALARM triggered policy " + p.name();
    }

    private void set(ScalableTarget t, int from, int to, String cause, Instant now) {
        boolean ok = services.set(t.key().cluster(), t.key().service(), to);
        record(t.key(), "Setting desired count to " + to + ".", cause, now, ok ? "Successful" : "Failed",
                ok ? "Successfully set desired count to " + to + ". Change successfully fulfilled by ecs." : "Failed to set desired count: the ECS service does not exist.");
        log.info("scaled target={} from={} to={} cause=\"{}\"", t.resourceId(), from, to, cause);
    }

    void record(TargetKey k, String description, String cause, Instant now, String status, String message) {
        state.record(new Activity(UUID.randomUUID().toString(), k, description, cause, now, now.plus(Duration.ofMillis(1)), status, message, null));
    }
}
