package io.dockyard.core.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AWS schedule expressions: the cron day rules (L, W, LW, nL, #), rates of seconds where allowed, at() in a time zone. */
class ScheduleTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** The latest minute in (after, upTo] the expression names (looking back at most a day, as the schedulers ask every second). */
    private static Instant due(String expression, String after, String upTo) {
        return Schedule.parse(expression, true).due(Instant.parse(after), Instant.parse(upTo), UTC, Instant.parse(after));
    }

    @Test
    void nearestWeekdayAndLastWeekday() {
        // 2026-11-15 is a Sunday: 15W is Monday the 16th
        assertThat(due("cron(0 9 15W * ? *)", "2026-11-14T00:00:00Z", "2026-11-16T23:00:00Z")).isEqualTo("2026-11-16T09:00:00Z");
        assertThat(due("cron(0 9 15W * ? *)", "2026-11-14T00:00:00Z", "2026-11-15T23:00:00Z")).isNull();
        // 2026-02-28 is a Saturday: LW is Friday the 27th
        assertThat(due("cron(0 9 LW * ? *)", "2026-02-27T00:00:00Z", "2026-02-27T23:00:00Z")).isEqualTo("2026-02-27T09:00:00Z");
        assertThat(due("cron(0 9 LW * ? *)", "2026-02-28T00:00:00Z", "2026-02-28T23:00:00Z")).isNull();
        // 2026-08-01 is a Saturday: 1W is Monday the 3rd (not back into July)
        assertThat(due("cron(0 9 1W * ? *)", "2026-07-30T00:00:00Z", "2026-08-03T23:00:00Z")).isEqualTo("2026-08-03T09:00:00Z");
    }

    @Test
    void lastWeekdayOfTheMonthAndNth() {
        // the last Friday (6L) of December 2026 is the 25th; the second Tuesday (3#2) is the 8th
        assertThat(due("cron(0 18 ? * 6L *)", "2026-12-25T00:00:00Z", "2026-12-25T23:00:00Z")).isEqualTo("2026-12-25T18:00:00Z");
        assertThat(due("cron(0 18 ? * 6L *)", "2026-12-18T00:00:00Z", "2026-12-18T23:00:00Z")).as("not the last Friday").isNull();
        assertThat(due("cron(0 18 ? * 3#2 *)", "2026-12-08T00:00:00Z", "2026-12-08T23:00:00Z")).isEqualTo("2026-12-08T18:00:00Z");
        assertThat(due("cron(0 18 ? * 3#2 *)", "2026-12-01T00:00:00Z", "2026-12-01T23:00:00Z")).isNull();
    }

    @Test
    void secondsOnlyWhereAllowed() {
        assertThat(Schedule.parse("rate(5 seconds)", true)).isInstanceOf(Schedule.Rate.class);
        assertThatThrownBy(() -> Schedule.parse("rate(5 seconds)")).isInstanceOf(Schedule.Invalid.class);
        assertThatThrownBy(() -> Schedule.parse("rate(1 seconds)", true)).isInstanceOf(Schedule.Invalid.class);
    }

    @Test
    void atIsLocalTimeInItsZone() {
        Schedule at = Schedule.parse("at(2026-12-24T18:00:00)");
        assertThat(at.due(Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2026-12-24T23:00:00Z"), ZoneId.of("Europe/Paris"), Instant.EPOCH))
                .isEqualTo("2026-12-24T17:00:00Z");
    }
}
