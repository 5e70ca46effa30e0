package io.dockyard.events.rules;

import io.dockyard.core.model.Tag;

import java.time.Instant;
import java.util.List;

/**
 * A rule on a bus: an event pattern or a schedule expression (or both), ENABLED or DISABLED, with its targets.
 * {@code scheduleAnchor} starts a rate schedule (when the rule got its schedule); {@code lastFired} is the last
 * occurrence it fired for, kept so an occurrence fires once even across a restart.
 */
public record Rule(String name, String bus, String arn, String eventPattern, String scheduleExpression, String state, String description,
                   String roleArn, List<Tag> tags, List<Target> targets, Instant scheduleAnchor, Instant lastFired) {
    public Rule {
        tags = tags == null ? List.of() : List.copyOf(tags);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public boolean enabled() { return "ENABLED".equals(state); }

    public Rule withTargets(List<Target> t) {
        return new Rule(name, bus, arn, eventPattern, scheduleExpression, state, description, roleArn, tags, t, scheduleAnchor, lastFired);
    }

    public Rule withState(String s) {
        return new Rule(name, bus, arn, eventPattern, scheduleExpression, s, description, roleArn, tags, targets, scheduleAnchor, lastFired);
    }

    public Rule withTags(List<Tag> t) {
        return new Rule(name, bus, arn, eventPattern, scheduleExpression, state, description, roleArn, t, targets, scheduleAnchor, lastFired);
    }

    public Rule firedAt(Instant at) {
        return new Rule(name, bus, arn, eventPattern, scheduleExpression, state, description, roleArn, tags, targets, scheduleAnchor, at);
    }
}
