package io.dockyard.autoscaling;

import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.scaling.Decisions;
import io.dockyard.core.schedule.Schedule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionsTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void targetTrackingIsProportionalAndRoundsUp() {
        assertThat(Decisions.tracking(2, 75, 50)).isEqualTo(3);
        assertThat(Decisions.tracking(4, 50, 50)).isEqualTo(4);
        assertThat(Decisions.tracking(3, 10, 50)).isEqualTo(1);
        assertThat(Decisions.tracking(0, 10, 50)).isEqualTo(1);
        assertThat(Decisions.tracking(0, 0, 50)).isZero();
    }

    @Test
    void stepsPickTheIntervalOfTheBreachAndAdjustByType() {
        List<ScalingPolicy.Adjustment> steps = List.of(new ScalingPolicy.Adjustment(null, 0.0, -1), new ScalingPolicy.Adjustment(0.0, 20.0, 1),
                new ScalingPolicy.Adjustment(20.0, null, 3));
        assertThat(Decisions.step(steps, -5).scalingAdjustment()).isEqualTo(-1);
        assertThat(Decisions.step(steps, 0).scalingAdjustment()).isEqualTo(1);
        assertThat(Decisions.step(steps, 19.9).scalingAdjustment()).isEqualTo(1);
        assertThat(Decisions.step(steps, 20).scalingAdjustment()).isEqualTo(3);
        assertThat(Decisions.step(List.of(new ScalingPolicy.Adjustment(0.0, 10.0, 1)), 10)).isNull();

        ScalingPolicy.Step change = new ScalingPolicy.Step("ChangeInCapacity", steps, null, null, null);
        ScalingPolicy.Step exact = new ScalingPolicy.Step("ExactCapacity", steps, null, null, null);
        ScalingPolicy.Step percent = new ScalingPolicy.Step("PercentChangeInCapacity", steps, 2, null, null);
        assertThat(Decisions.adjust(4, change, 3)).isEqualTo(7);
        assertThat(Decisions.adjust(4, exact, 3)).isEqualTo(3);
        assertThat(Decisions.adjust(10, percent, 25)).isEqualTo(12);   // 2.5 toward zero: 2
        assertThat(Decisions.adjust(4, percent, 10)).isEqualTo(6);     // 0.4 → 0, at least the magnitude 2
        assertThat(Decisions.adjust(10, percent, -50)).isEqualTo(5);
    }

    @Test
    void boundsFollowEcsRulesOutsideTheRange() {
        assertThat(Decisions.bounded(3, 9, 1, 5)).isEqualTo(5);
        assertThat(Decisions.bounded(3, 0, 1, 5)).isEqualTo(1);
        assertThat(Decisions.bounded(0, 1, 2, 5)).isEqualTo(2);       // out from below the minimum: at least the minimum
        assertThat(Decisions.bounded(1, 0, 2, 5)).isEqualTo(1);       // in from below the minimum: nothing
        assertThat(Decisions.bounded(8, 7, 1, 5)).isEqualTo(5);       // in from above the maximum: at most the maximum
        assertThat(Decisions.bounded(8, 9, 1, 5)).isEqualTo(8);       // out from above the maximum: nothing
    }

    @Test
    void aggregationsOfTheAlarmsDatapoints() {
        assertThat(Decisions.aggregate(List.of(1.0, 5.0, 3.0), null)).isEqualTo(3.0);
        assertThat(Decisions.aggregate(List.of(1.0, 5.0, 3.0), "Maximum")).isEqualTo(5.0);
        assertThat(Decisions.aggregate(List.of(1.0, 5.0, 3.0), "Minimum")).isEqualTo(1.0);
        assertThat(Decisions.aggregate(List.of(), "Average")).isNaN();
    }

    @Test
    void atRateAndCronSchedules() {
        Instant t = Instant.parse("2026-12-07T17:59:30Z"); // a Monday
        Schedule at = Schedule.parse("at(2026-12-07T19:00:00)");
        assertThat(at.due(t, t.plusSeconds(60), ZoneId.of("Europe/Paris"), t)).isEqualTo(Instant.parse("2026-12-07T18:00:00Z"));
        assertThat(at.due(t.plusSeconds(60), t.plusSeconds(120), ZoneId.of("Europe/Paris"), t)).isNull();

        Schedule rate = Schedule.parse("rate(5 minutes)");
        Instant anchor = Instant.parse("2026-12-07T17:00:00Z");
        assertThat(rate.due(Instant.parse("2026-12-07T17:04:00Z"), Instant.parse("2026-12-07T17:05:10Z"), UTC, anchor))
                .isEqualTo(Instant.parse("2026-12-07T17:05:00Z"));
        assertThat(rate.due(Instant.parse("2026-12-07T17:05:00Z"), Instant.parse("2026-12-07T17:09:59Z"), UTC, anchor)).isNull();

        Schedule weekdays = Schedule.parse("cron(0 18 ? * MON-FRI *)");
        assertThat(weekdays.due(t, t.plusSeconds(60), UTC, t)).isEqualTo(Instant.parse("2026-12-07T18:00:00Z"));
        Instant saturday = Instant.parse("2026-12-12T17:59:30Z");
        assertThat(weekdays.due(saturday, saturday.plusSeconds(60), UTC, saturday)).isNull();
        Schedule lastDay = Schedule.parse("cron(30 6 L * ? *)");
        assertThat(lastDay.due(Instant.parse("2026-02-28T06:29:00Z"), Instant.parse("2026-02-28T06:31:00Z"), UTC, t)).isEqualTo(Instant.parse("2026-02-28T06:30:00Z"));
        Schedule firstMonday = Schedule.parse("cron(0 9 ? * 2#1 *)");
        assertThat(firstMonday.due(Instant.parse("2026-12-07T08:59:00Z"), Instant.parse("2026-12-07T09:01:00Z"), UTC, t)).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(firstMonday.due(Instant.parse("2026-12-14T08:59:00Z"), Instant.parse("2026-12-14T09:01:00Z"), UTC, t)).isNull();
        Schedule every15 = Schedule.parse("cron(0/15 * * * ? *)");
        assertThat(every15.due(Instant.parse("2026-12-07T10:44:00Z"), Instant.parse("2026-12-07T10:46:00Z"), UTC, t)).isEqualTo(Instant.parse("2026-12-07T10:45:00Z"));
    }

    @Test
    void invalidSchedulesAreRefused() {
        for (String bad : List.of("cron(0 18 * * MON-FRI *)", "cron(0 18 ? * MON-FRI)", "cron(61 * * * ? *)", "rate(1 minutes)", "rate(0 hours)",
                "at(2026-13-01T00:00:00)", "every(5 minutes)", "cron(0 9 ? * FUNDAY *)")) {
            assertThatThrownBy(() -> Schedule.parse(bad)).as(bad).isInstanceOf(Schedule.Invalid.class);
        }
        assertThatThrownBy(() -> Schedule.zone("Mars/Olympus")).isInstanceOf(Schedule.Invalid.class);
    }
}
