package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.cloudwatch.alarms.Alarm;
import io.dockyard.core.port.metrics.AlarmHistoryItem;
import io.dockyard.cloudwatch.alarms.Alarms;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The alarm operations: PutMetricAlarm, DescribeAlarms(ForMetric), DescribeAlarmHistory, SetAlarmState, DeleteAlarms, Enable/DisableAlarmActions, and tags. */
public final class AlarmOperations {
    private AlarmOperations() {}

    static final Set<String> COMPARISONS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold");
    static final Set<String> MISSING = Set.of("breaching", "notBreaching", "ignore", "missing");
    static final Set<String> STATES = Set.of(Alarm.OK, Alarm.ALARM, Alarm.INSUFFICIENT);

    public static List<Operation> all(Alarms alarms, Clock clock) {
        return List.of(new Put(alarms, clock), new Describe(alarms), new ForMetric(alarms), new History(alarms), new SetState(alarms),
                new Delete(alarms), new Actions(alarms, true), new Actions(alarms, false), new Tag(alarms), new Untag(alarms), new ListTags(alarms));
    }

    static AwsException notFound(String what) { return new AwsException("ResourceNotFound", 404, what); }

    static List<String> names(QueryInput in, String member, int max) {
        List<String> names = in.strings(member);
        if (names.size() > max) throw QueryInput.invalid("The collection " + member + " must not have a size greater than " + max + ".");
        return names;
    }

    /** Pages of a sorted list: the token is the index of the next item. */
    static <T> Out page(List<T> all, QueryInput in, int defaultSize, String member, java.util.function.Function<T, Object> wire) {
        Integer max = in.integer("MaxRecords");
        if (max != null && (max < 1 || max > 100)) throw QueryInput.badValue("MaxRecords", max);
        Pages<T> page = Pages.slice(all, max == null ? defaultSize : max, in.str("NextToken"),
                () -> new AwsException("InvalidNextToken", 400, "The service returned an invalid NextToken."));
        return Out.obj().with(member, page.items().stream().map(wire).toList()).with("NextToken", page.nextToken());
    }

    static final class Put implements Operation {
        private final Alarms alarms;
        private final Clock clock;

        Put(Alarms alarms, Clock clock) {
            this.alarms = alarms;
            this.clock = clock;
        }

        @Override public String name() { return "PutMetricAlarm"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            String name = in.required("AlarmName");
            if (name.length() > 255) throw QueryInput.badValue("AlarmName", name);
            Integer evaluation = in.integer("EvaluationPeriods");
            if (evaluation == null) throw QueryInput.missing("EvaluationPeriods");
            if (evaluation < 1) throw QueryInput.badValue("EvaluationPeriods", evaluation);
            Integer m = in.integer("DatapointsToAlarm");
            if (m != null && (m < 1 || m > evaluation)) throw QueryInput.invalid("DatapointsToAlarm must be between 1 and EvaluationPeriods (" + evaluation + ").");
            String comparison = in.required("ComparisonOperator");
            if (!COMPARISONS.contains(comparison)) throw QueryInput.badValue("ComparisonOperator", comparison);
            Double threshold = in.num("Threshold");
            if (threshold == null) throw QueryInput.missing("Threshold");
            String missing = in.str("TreatMissingData");
            if (missing != null && !MISSING.contains(missing)) throw QueryInput.badValue("TreatMissingData", missing);
            List<MetricQuery> queries = in.has("Metrics") ? MetricQuery.parse(in, "Metrics") : List.of();
            boolean single = in.has("MetricName") || in.has("Namespace") || in.has("Statistic") || in.has("ExtendedStatistic") || in.has("Period");
            if (single == !queries.isEmpty()) throw QueryInput.combination("Exactly one of MetricName (with Namespace, Statistic and Period) and Metrics must be given.");
            MetricId metric = null;
            String statistic = null, extended = null, returnId = null, unit = Metrics.unit(in);
            int period = 0;
            if (single) {
                metric = new MetricId(Metrics.namespace(in, false), in.required("MetricName"), Metrics.dimensions(in));
                statistic = in.str("Statistic");
                extended = in.str("ExtendedStatistic");
                if ((statistic == null) == (extended == null)) throw QueryInput.combination("Exactly one of Statistic and ExtendedStatistic must be given.");
                if (statistic != null && !Metrics.STATISTICS.contains(statistic)) throw QueryInput.badValue("Statistic", statistic);
                if (extended != null && !Metrics.percentile(extended)) throw QueryInput.badValue("ExtendedStatistic", extended);
                period = alarmPeriod(in, "Period");
                if ((long) period * evaluation > 7 * 86_400L) throw QueryInput.invalid("The evaluation period cannot exceed 7 days (Period × EvaluationPeriods).");
            } else {
                List<MetricQuery> returned = queries.stream().filter(MetricQuery::returnData).toList();
                if (returned.size() != 1) throw QueryInput.invalid("Exactly one element of the Metrics list must return data (ReturnData true).");
                returnId = returned.getFirst().id();
                try {
                    MetricQuery.evaluate(queries, io.dockyard.cloudwatch.metrics.NoMetrics.INSTANCE, Instant.EPOCH, Instant.EPOCH.plusSeconds(60));
                } catch (MetricMath.Invalid e) {
                    throw QueryInput.invalid("Error in expression: " + e.getMessage());
                }
            }
            Instant now = clock.instant();
            Alarm old = alarms.get(name);
            String arn = "arn:aws:cloudwatch:" + ctx.region() + ":" + ctx.account() + ":alarm:" + name;
            Map<String, String> tags = new LinkedHashMap<>(old == null ? Map.of() : old.tags());
            for (QueryInput t : in.structs("Tags")) tags.put(t.required("Key"), t.str("Value") == null ? "" : t.str("Value"));
            Boolean enabled = in.bool("ActionsEnabled");
            Alarm a = new Alarm(name, arn, in.str("AlarmDescription"), enabled == null || enabled, names(in, "OKActions", 5), names(in, "AlarmActions", 5),
                    names(in, "InsufficientDataActions", 5), metric, statistic, extended, period, unit, queries, returnId, evaluation,
                    m == null ? evaluation : m, threshold, comparison, missing == null ? "missing" : missing, in.str("EvaluateLowSampleCountPercentile"), now,
                    old == null ? Alarm.INSUFFICIENT : old.state(), old == null ? "Unchecked: Initial alarm creation" : old.stateReason(),
                    old == null ? null : old.stateReasonData(), old == null ? now : old.stateUpdated(), old == null ? now : old.stateTransitioned(), Map.copyOf(tags));
            alarms.put(a, old == null);
            return Out.obj();
        }
    }

    /** An alarm's period: 10, 20, 30 or a multiple of 60 seconds. */
    static int alarmPeriod(QueryInput in, String member) {
        Integer p = in.integer(member);
        if (p == null) throw QueryInput.missing(member);
        if (p != 10 && p != 20 && p != 30 && (p < 60 || p % 60 != 0)) throw QueryInput.invalid("Period must be 10, 20, 30 or a multiple of 60.");
        return p;
    }

    static final class Describe implements Operation {
        private final Alarms alarms;
        Describe(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "DescribeAlarms"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            List<String> names = names(in, "AlarmNames", 100);
            String prefix = in.str("AlarmNamePrefix"), state = in.str("StateValue"), action = in.str("ActionPrefix");
            if (!names.isEmpty() && prefix != null) throw QueryInput.combination("AlarmNames and AlarmNamePrefix cannot be used together.");
            if (state != null && !STATES.contains(state)) throw QueryInput.badValue("StateValue", state);
            List<String> types = in.strings("AlarmTypes");
            boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
            Predicate<Alarm> match = a -> (names.isEmpty() || names.contains(a.name())) && (prefix == null || a.name().startsWith(prefix))
                    && (state == null || state.equals(a.state())) && (action == null || a.alarmActions().stream().anyMatch(x -> x.startsWith(action))
                    || a.okActions().stream().anyMatch(x -> x.startsWith(action)) || a.insufficientDataActions().stream().anyMatch(x -> x.startsWith(action)));
            List<Alarm> all = metricAlarms ? alarms.all().stream().filter(match).toList() : List.of();
            return page(all, in, 50, "MetricAlarms", AlarmWire::alarm).with("CompositeAlarms", List.of());
        }
    }

    static final class ForMetric implements Operation {
        private final Alarms alarms;
        ForMetric(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "DescribeAlarmsForMetric"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            MetricId metric = new MetricId(Metrics.namespace(in, false), in.required("MetricName"), Metrics.dimensions(in));
            String stat = in.str("Statistic"), ext = in.str("ExtendedStatistic"), unit = Metrics.unit(in);
            Integer period = in.integer("Period");
            List<Object> out = new ArrayList<>();
            for (Alarm a : alarms.all()) {
                boolean watches = metric.equals(a.metric()) || a.metrics().stream().anyMatch(q -> metric.equals(q.metric()));
                if (!watches) continue;
                if (stat != null && !stat.equals(a.statistic())) continue;
                if (ext != null && !ext.equals(a.extendedStatistic())) continue;
                if (period != null && period != a.period()) continue;
                if (unit != null && !unit.equals(a.unit())) continue;
                out.add(AlarmWire.alarm(a));
            }
            return Out.obj().with("MetricAlarms", out);
        }
    }

    static final class History implements Operation {
        private final Alarms alarms;
        History(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "DescribeAlarmHistory"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            String name = in.str("AlarmName"), type = in.str("HistoryItemType"), scan = in.str("ScanBy");
            if (type != null && !Set.of("ConfigurationUpdate", "StateUpdate", "Action", "AlarmContributorStateUpdate", "AlarmContributorAction").contains(type)) {
                throw QueryInput.badValue("HistoryItemType", type);
            }
            if (scan != null && !scan.equals("TimestampDescending") && !scan.equals("TimestampAscending")) throw QueryInput.badValue("ScanBy", scan);
            Instant from = in.instant("StartDate"), to = in.instant("EndDate");
            List<AlarmHistoryItem> items = new ArrayList<>(alarms.history().stream()
                    .filter(h -> (name == null || name.equals(h.alarmName())) && (type == null || type.equals(h.type()))
                            && (from == null || !h.timestamp().isBefore(from)) && (to == null || !h.timestamp().isAfter(to))).toList());
            Comparator<AlarmHistoryItem> byTime = Comparator.comparing(AlarmHistoryItem::timestamp);
            items.sort("TimestampAscending".equals(scan) ? byTime : byTime.reversed());
            return page(items, in, 100, "AlarmHistoryItems", AlarmWire::history);
        }
    }

    static final class SetState implements Operation {
        private final Alarms alarms;
        SetState(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "SetAlarmState"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            String name = in.required("AlarmName"), state = in.required("StateValue"), reason = in.required("StateReason");
            if (!STATES.contains(state)) throw QueryInput.badValue("StateValue", state);
            String data = in.str("StateReasonData");
            if (data != null) {
                try {
                    Json.MAPPER.readTree(data);
                } catch (Exception e) {
                    throw new AwsException("InvalidFormat", 400, "StateReasonData is not valid JSON.");
                }
            }
            if (alarms.get(name) == null) throw notFound("Alarm " + name + " does not exist.");
            alarms.setState(name, state, reason, data);
            return Out.obj();
        }
    }

    static final class Delete implements Operation {
        private final Alarms alarms;
        Delete(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "DeleteAlarms"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            List<String> names = names(new QueryInput(input), "AlarmNames", 100);
            if (names.isEmpty()) throw QueryInput.missing("AlarmNames");
            if (!alarms.delete(names)) throw notFound("At least one of the alarms " + names + " does not exist.");
            return Out.obj();
        }
    }

    static final class Actions implements Operation {
        private final Alarms alarms;
        private final boolean enable;

        Actions(Alarms alarms, boolean enable) {
            this.alarms = alarms;
            this.enable = enable;
        }

        @Override public String name() { return enable ? "EnableAlarmActions" : "DisableAlarmActions"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            List<String> names = names(new QueryInput(input), "AlarmNames", 100);
            if (names.isEmpty()) throw QueryInput.missing("AlarmNames");
            alarms.update(names.stream().filter(n -> alarms.get(n) != null).toList(), (a, now) -> a.withActionsEnabled(enable));
            return Out.obj();
        }
    }

    private static Alarm byArn(Alarms alarms, QueryInput in) {
        String arn = in.required("ResourceARN");
        int at = arn.indexOf(":alarm:");
        if (!arn.startsWith("arn:aws:cloudwatch:") || at < 0) throw QueryInput.badValue("ResourceARN", arn);
        Alarm a = alarms.get(arn.substring(at + 7));
        if (a == null) throw new AwsException("ResourceNotFoundException", 404, "Resource " + arn + " not found.");
        return a;
    }

    static final class Tag implements Operation {
        private final Alarms alarms;
        Tag(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "TagResource"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            Alarm a = byArn(alarms, in);
            Map<String, String> tags = new LinkedHashMap<>(a.tags());
            List<QueryInput> add = in.structs("Tags");
            if (add.isEmpty()) throw QueryInput.missing("Tags");
            for (QueryInput t : add) {
                String k = t.required("Key"), v = t.str("Value");
                if (k.length() > 128 || k.startsWith("aws:")) throw QueryInput.badValue(t.path("Key"), k);
                tags.put(k, v == null ? "" : v);
            }
            if (tags.size() > 50) throw new AwsException("LimitExceededException", 400, "A resource can have at most 50 tags.");
            alarms.update(List.of(a.name()), (x, now) -> x.withTags(tags));
            return Out.obj();
        }
    }

    static final class Untag implements Operation {
        private final Alarms alarms;
        Untag(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "UntagResource"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            QueryInput in = new QueryInput(input);
            Alarm a = byArn(alarms, in);
            Map<String, String> tags = new LinkedHashMap<>(a.tags());
            in.strings("TagKeys").forEach(tags::remove);
            alarms.update(List.of(a.name()), (x, now) -> x.withTags(tags));
            return Out.obj();
        }
    }

    static final class ListTags implements Operation {
        private final Alarms alarms;
        ListTags(Alarms alarms) { this.alarms = alarms; }
        @Override public String name() { return "ListTagsForResource"; }

        @Override
        public Object handle(Map<String, Object> input, RequestContext ctx) {
            Alarm a = byArn(alarms, new QueryInput(input));
            List<Object> tags = new ArrayList<>();
            a.tags().forEach((k, v) -> tags.add(Out.obj().with("Key", k).with("Value", v)));
            return Out.obj().with("Tags", tags);
        }
    }
}
