package io.dockyard.core.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scheduled action's schedule, as Application Auto Scaling writes it: {@code at(yyyy-mm-ddThh:mm:ss)}
 * once, {@code rate(value unit)} with unit minute(s), hour(s) or day(s), or {@code cron(minutes hours
 * day-of-month month day-of-week year)}; local times in the action's timezone.
 */
public sealed interface Schedule permits Schedule.At, Schedule.Rate, Cron {
    /** The latest time this schedule fires in (after, upTo], or null; {@code anchor} starts a rate (the action's start time or creation). */
    Instant due(Instant after, Instant upTo, ZoneId zone, Instant anchor);

    /** Thrown for an expression that is not a valid schedule. */
    final class Invalid extends RuntimeException {
        public Invalid(String message) { super(message); }
    }

    Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(second|seconds|minute|minutes|hour|hours|day|days)\\)");
    Pattern CRON = Pattern.compile("cron\\((.*)\\)");

    static Schedule parse(String expression) { return parse(expression, false); }

    /** With {@code seconds}, {@code rate(n second(s))} too (a Dockyard extension for short schedules in tests). */
    static Schedule parse(String expression, boolean seconds) {
        String e = expression.trim();
        Matcher m = AT.matcher(e);
        if (m.matches()) {
            try {
                return new At(LocalDateTime.parse(m.group(1)));
            } catch (DateTimeParseException x) {
                throw new Invalid("Invalid at() time: " + m.group(1));
            }
        }
        m = RATE.matcher(e);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (n < 1) throw new Invalid("The rate value must be at least 1.");
            if (n == 1 != !unit.endsWith("s")) throw new Invalid("Use the singular unit for a rate of 1 and the plural otherwise: " + e);
            if (unit.startsWith("second") && !seconds) throw new Invalid("Unsupported schedule expression " + expression + ": the unit is minute(s), hour(s) or day(s).");
            ChronoUnit u = unit.startsWith("second") ? ChronoUnit.SECONDS : unit.startsWith("minute") ? ChronoUnit.MINUTES : unit.startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return new Rate(Duration.of(n, u));
        }
        m = CRON.matcher(e);
        if (m.matches()) return Cron.parse(m.group(1));
        throw new Invalid("Unsupported schedule expression " + expression + ": use at(), rate() or cron().");
    }

    /** The timezone of an action: an IANA name (default UTC). */
    static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) return ZoneId.of("UTC");
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new Invalid("Invalid timezone " + timezone + ".");
        }
    }

    record At(LocalDateTime at) implements Schedule {
        @Override
        public Instant due(Instant after, Instant upTo, ZoneId zone, Instant anchor) {
            Instant t = at.atZone(zone).toInstant();
            return t.isAfter(after) && !t.isAfter(upTo) ? t : null;
        }
    }

    record Rate(Duration every) implements Schedule {
        @Override
        public Instant due(Instant after, Instant upTo, ZoneId zone, Instant anchor) {
            if (!upTo.isAfter(anchor)) return null;
            long k = Duration.between(anchor, upTo).toMillis() / every.toMillis();
            if (k < 1) return null;
            Instant t = anchor.plus(every.multipliedBy(k));
            return t.isAfter(after) ? t : null;
        }
    }
}
