package io.dockyard.scheduler.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Typed comparisons of the values expressions compare: versions, dates, numbers, strings. */
final class Values {
    private Values() {}

    /** A moment given in an expression, with the precision it was written in (DAYS or SECONDS). */
    record Moment(Instant instant, ChronoUnit precision) {
        /** Compares {@code other}, cut to this moment's precision, with this moment. */
        int compareFrom(Instant other) { return other.truncatedTo(precision).compareTo(instant); }
    }

    /** Parses the date formats ECS documents for registeredAt, or returns null. */
    static Moment moment(String s) {
        try {
            if (s.length() == 10) return new Moment(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC), ChronoUnit.DAYS);
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return new Moment(OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.SECONDS), ChronoUnit.SECONDS);
            }
            return new Moment(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether s is a dotted version of numbers (1.14.5). */
    static boolean isVersion(String s) { return s.matches("\\d+(\\.\\d+)*"); }

    /** Compares dotted versions number by number (1.9 < 1.14); a non-version sorts by text. */
    static int compareVersions(String a, String b) {
        if (!isVersion(a) || !isVersion(b)) return a.compareTo(b);
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            BigDecimal p = new BigDecimal(i < x.length ? x[i] : "0"), q = new BigDecimal(i < y.length ? y[i] : "0");
            int c = p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Compares as numbers when both are numbers, else as text. */
    static int compareLoosely(String a, String b) {
        BigDecimal x = number(a), y = number(b);
        return x != null && y != null ? x.compareTo(y) : a.compareTo(b);
    }

    /** The number s reads as, or null. */
    static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
