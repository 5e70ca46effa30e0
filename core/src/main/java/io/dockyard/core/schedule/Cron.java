package io.dockyard.core.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * An AWS cron expression: six fields (minutes, hours, day-of-month, month, day-of-week, year) with
 * {@code * , - /}, names (JAN–DEC, SUN–SAT; day-of-week 1 is Sunday), {@code ?} in one of the two day
 * fields, {@code L} (last day of the month; in day-of-week, {@code 6L} the last Friday), {@code W} (the weekday nearest a
 * day of the month, {@code 15W}; {@code LW} the last weekday) and {@code #} (the nth weekday of the month).
 */
public record Cron(BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean lastDay, BitSet months, BitSet daysOfWeek, int nth, BitSet years,
                   boolean anyDayOfMonth, boolean anyDayOfWeek, int nearestWeekday, boolean lastWeekday, boolean lastDayOfWeek) implements Schedule {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far back a late look (after a restart) searches for a missed minute. */
    static final int LOOK_BACK_MINUTES = 24 * 60;

    static Cron parse(String body) {
        String[] f = body.trim().split("\\s+");
        if (f.length != 6) throw new Schedule.Invalid("A cron expression has six fields (minutes hours day-of-month month day-of-week year): " + body);
        boolean domAny = f[2].equals("?"), dowAny = f[4].equals("?");
        if (domAny == dowAny) throw new Schedule.Invalid("Exactly one of day-of-month and day-of-week must be '?': " + body);
        boolean last = f[2].equals("L"), lastWeekday = f[2].equals("LW");
        int nearest = 0;
        if (!lastWeekday && f[2].endsWith("W")) nearest = number(f[2].substring(0, f[2].length() - 1), 1, 31, List.of(), "day-of-month");
        int nth = 0;
        String dow = f[4];
        boolean lastDow = dow.length() > 1 && dow.endsWith("L");
        if (lastDow) dow = dow.substring(0, dow.length() - 1);
        if (dow.contains("#")) {
            String[] p = dow.split("#");
            if (p.length != 2) throw new Schedule.Invalid("Invalid day-of-week: " + dow);
            nth = number(p[1], 1, 5, List.of(), "day-of-week");
            dow = p[0];
        }
        return new Cron(field(f[0], 0, 59, List.of(), "minutes"), field(f[1], 0, 23, List.of(), "hours"),
                domAny || last || lastWeekday || nearest > 0 ? new BitSet() : field(f[2], 1, 31, List.of(), "day-of-month"), last,
                field(f[3], 1, 12, MONTHS, "month"), dowAny ? new BitSet() : field(dow, 1, 7, DAYS, "day-of-week"), nth,
                field(f[5], 1970, 2199, List.of(), "year"), domAny, dowAny, nearest, lastWeekday, lastDow);
    }

    private static BitSet field(String spec, int min, int max, List<String> names, String what) {
        BitSet bits = new BitSet();
        for (String part : spec.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, List.of(), what);
                range = part.substring(0, slash);
            }
            int lo, hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] p = range.split("-", 2);
                lo = number(p[0], min, max, names, what);
                hi = number(p[1], min, max, names, what);
                if (lo > hi) throw new Schedule.Invalid("Invalid " + what + " range: " + range);
            } else {
                lo = number(range, min, max, names, what);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) bits.set(v);
        }
        return bits;
    }

    private static int number(String s, int min, int max, List<String> names, String what) {
        int named = names.indexOf(s.toUpperCase(Locale.ROOT));
        if (named >= 0) return named + 1;
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) throw new Schedule.Invalid("The " + what + " value " + s + " is out of range " + min + "-" + max + ".");
            return v;
        } catch (NumberFormatException e) {
            throw new Schedule.Invalid("Invalid " + what + " value: " + s);
        }
    }

    /** Whether the minute starting at {@code t} is one of this schedule's. */
    boolean matches(ZonedDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue()) || !years.get(t.getYear())) return false;
        if (!anyDayOfMonth) {
            if (lastDay) return t.getDayOfMonth() == t.toLocalDate().lengthOfMonth();
            if (lastWeekday) return t.toLocalDate().equals(weekdayNear(t.toLocalDate().withDayOfMonth(t.toLocalDate().lengthOfMonth())));
            if (nearestWeekday > 0) {
                int day = Math.min(nearestWeekday, t.toLocalDate().lengthOfMonth());
                return t.toLocalDate().equals(weekdayNear(t.toLocalDate().withDayOfMonth(day)));
            }
            return daysOfMonth.get(t.getDayOfMonth());
        }
        int dow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
        if (!daysOfWeek.get(dow)) return false;
        if (lastDayOfWeek) return t.toLocalDate().plusWeeks(1).getMonthValue() != t.getMonthValue();
        if (nth == 0) return true;
        return t.toLocalDate().with(TemporalAdjusters.dayOfWeekInMonth(nth, t.getDayOfWeek())).equals(t.toLocalDate());
    }

    /** The weekday nearest {@code d} within its month (Saturday → Friday, Sunday → Monday, not crossing the month). */
    private static java.time.LocalDate weekdayNear(java.time.LocalDate d) {
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY) return d.getDayOfMonth() > 1 ? d.minusDays(1) : d.plusDays(2);
        if (d.getDayOfWeek() == DayOfWeek.SUNDAY) return d.getDayOfMonth() < d.lengthOfMonth() ? d.plusDays(1) : d.minusDays(2);
        return d;
    }

    @Override
    public Instant due(Instant after, Instant upTo, ZoneId zone, Instant anchor) {
        ZonedDateTime t = upTo.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < LOOK_BACK_MINUTES && t.toInstant().isAfter(after); i++, t = t.minusMinutes(1)) {
            if (matches(t)) return t.toInstant();
        }
        return null;
    }
}
