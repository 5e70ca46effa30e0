package io.dockyard.cloudwatch;

import io.dockyard.cloudwatch.alarms.Alarms;
import io.dockyard.cloudwatch.alarms.FileAlarmStore;
import io.dockyard.core.port.metrics.AlarmStore;
import io.dockyard.cloudwatch.api.AlarmOperations;
import io.dockyard.cloudwatch.api.GetMetricData;
import io.dockyard.cloudwatch.api.GetMetricStatistics;
import io.dockyard.cloudwatch.api.ListMetrics;
import io.dockyard.cloudwatch.api.PutMetricData;
import io.dockyard.cloudwatch.metrics.FileMetricStore;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.AlarmStates;
import io.dockyard.core.port.MetricSink;
import io.dockyard.cloudwatch.alarms.Alarm;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.QueryService;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics and alarms on the edge port, in the three protocols its clients speak: Smithy RPC v2
 * CBOR (current botocore: AWS CLI v1, boto3), JSON 1.0 and the Query protocol (AWS CLI v2, the Java SDK
 * v2) — one handler per operation behind all three. Data under {@code <data-dir>/metrics} and
 * {@code <data-dir>/alarms} ({@link #start(Path, Clock, Supervisor, Supervisor, Duration)}), or in stores
 * every replica of a fleet shares (PostgreSQL: {@link #start(MetricStore, AlarmStore, Clock, Supervisor, Duration)}).
 */
public final class CloudWatch implements AutoCloseable {
    public static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
    public static final String SIGNING_NAME = "monitoring";
    public static final String EVALUATION_ENV = "DOCKYARD_ALARM_EVALUATION_SECONDS";
    /**
     * How often every alarm is evaluated at least: 10 s. Each alarm is also evaluated within a second of its newest period
     * completing, so a high-resolution alarm (10 s periods) acts within seconds of its data; an alarm reads only complete
     * periods, so it sees the same data as CloudWatch's.
     */
    static final Duration DEFAULT_EVALUATION = Duration.ofSeconds(10);
    /** The error shape of each Query error code, for the JSON and CBOR answers. */
    static final Map<String, String> ERROR_SHAPES = Map.ofEntries(
            Map.entry("InvalidParameterValue", "InvalidParameterValueException"),
            Map.entry("MissingParameter", "MissingRequiredParameterException"),
            Map.entry("InvalidParameterCombination", "InvalidParameterCombinationException"),
            Map.entry("InternalServiceError", "InternalServiceFault"),
            Map.entry("InvalidFormat", "InvalidFormatFault"),
            Map.entry("LimitExceeded", "LimitExceededFault"),
            Map.entry("ResourceNotFound", "ResourceNotFound"),
            Map.entry("ResourceNotFoundException", "ResourceNotFoundException"),
            Map.entry("InvalidNextToken", "InvalidNextToken"),
            Map.entry("LimitExceededException", "LimitExceededException"));

    private final MetricStore store;
    private final Alarms alarms;
    private final JsonService json;
    private final QueryService query;
    private volatile Duration evaluation = DEFAULT_EVALUATION;
    private final Clock clock;

    private CloudWatch(MetricStore store, AlarmStore alarmStore, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.alarms = new Alarms(alarmStore, clock, store);
        List<Operation> ops = new ArrayList<>(List.of(new PutMetricData(store, clock), new GetMetricStatistics(store), new GetMetricData(store),
                new ListMetrics(store, clock)));
        ops.addAll(AlarmOperations.all(alarms, clock));
        this.json = JsonService.queryCompatible(TARGET_PREFIX, SIGNING_NAME, ops, ERROR_SHAPES);
        this.query = QueryService.of(SIGNING_NAME, "2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/", ops);
    }

    /**
     * Opens the stores and starts the loops: points forced to disk every second, retention every minute, and — on
     * {@code leader} — alarms evaluated every {@code evaluation} (default 10 s; CloudWatch: a minute, 10 s for high-resolution alarms).
     */
    public static CloudWatch start(Path dataDir, Clock clock, Supervisor supervisor, Supervisor leader, Duration evaluation) {
        FileMetricStore files = new FileMetricStore(dataDir.resolve("metrics"), clock);
        supervisor.every("metrics-sync", Duration.ofSeconds(1), files::sync);
        supervisor.every("metrics-retention", Duration.ofMinutes(1), files::expire);
        return start(new CloudWatch(files, new FileAlarmStore(dataDir.resolve("alarms"), clock), clock), leader, evaluation);
    }

    /**
     * On stores every replica shares: their retention runs on {@code leader} only, as does alarm evaluation, which so
     * evaluates every replica's alarms on every replica's datapoints.
     */
    public static CloudWatch start(MetricStore metrics, AlarmStore alarms, Clock clock, Supervisor leader, Duration evaluation) {
        leader.every("metrics-retention", Duration.ofMinutes(1), metrics::expire);
        return start(new CloudWatch(metrics, alarms, clock), leader, evaluation);
    }

    private static CloudWatch start(CloudWatch cw, Supervisor leader, Duration evaluation) {
        cw.evaluation = evaluation;
        // every second, each alarm as its newest period completes, and every alarm at least every `evaluation`
        Duration tick = evaluation.compareTo(Duration.ofSeconds(1)) < 0 ? evaluation : Duration.ofSeconds(1);
        leader.every("alarm-evaluation", tick, () -> cw.alarms.evaluate(evaluation));
        return cw;
    }

    public static Duration evaluationPeriod(Map<String, String> env) {
        String v = env.get(EVALUATION_ENV);
        return v == null || v.isBlank() ? DEFAULT_EVALUATION : Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }

    public JsonService jsonService() { return json; }
    public QueryService queryService() { return query; }
    public MetricStore metrics() { return store; }

    /** The store as the publisher of AWS's own metrics (AWS/ECS, Container Insights, AWS/ApplicationELB) sees it. */
    public MetricSink sink() {
        return new MetricSink() {
            @Override
            public void put(String namespace, String name, Map<String, String> dimensions, java.time.Instant at, double value, String unit) {
                store.put(new MetricId(namespace, name, dimensions), List.of(new MetricStore.Datapoint(at, value, 1, Double.NaN, Double.NaN, Double.NaN, unit, 1)));
            }

            @Override
            public void putSet(String namespace, String name, Map<String, String> dimensions, java.time.Instant at, double count, double sum, double min,
                               double max, String unit) {
                if (count > 0) store.put(new MetricId(namespace, name, dimensions), List.of(new MetricStore.Datapoint(at, Double.NaN, count, sum, min, max, unit, 1)));
            }
        };
    }
    public Alarms alarms() { return alarms; }

    /**
     * Tells every alarm state change to EventBridge as {@code CloudWatch Alarm State Change} (source {@code aws.cloudwatch}),
     * with the alarm's name, state, previous state and configuration, as CloudWatch sends it.
     */
    public void publishTo(io.dockyard.core.port.EventPublisher publisher) {
        alarms.listen((after, beforeState) -> {
            java.util.Map<String, Object> state = new java.util.LinkedHashMap<>();
            state.put("value", after.state());
            state.put("reason", after.stateReason());
            if (after.stateReasonData() != null) state.put("reasonData", after.stateReasonData());
            state.put("timestamp", after.stateUpdated().toString());
            java.util.Map<String, Object> metric = new java.util.LinkedHashMap<>();
            if (after.metric() != null) {
                metric.put("namespace", after.metric().namespace());
                metric.put("name", after.metric().name());
                metric.put("dimensions", after.metric().dimensions());
            }
            java.util.Map<String, Object> configuration = new java.util.LinkedHashMap<>();
            if (after.description() != null) configuration.put("description", after.description());
            configuration.put("metrics", after.metric() == null ? java.util.List.of()
                    : java.util.List.of(java.util.Map.of("id", "m1", "metricStat", java.util.Map.of("metric", metric, "period", after.period(),
                            "stat", after.statistic() == null ? String.valueOf(after.extendedStatistic()) : after.statistic()), "returnData", true)));
            java.util.Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("alarmName", after.name());
            detail.put("state", state);
            detail.put("previousState", java.util.Map.of("value", beforeState));
            detail.put("configuration", configuration);
            publisher.publish(new io.dockyard.core.port.EventPublisher.Event("aws.cloudwatch", "CloudWatch Alarm State Change",
                    java.util.List.of(after.arn()), io.dockyard.protocol.Json.write(detail), clock.instant()));
        });
    }

    /** The alarms as Application Auto Scaling manages and watches them; ARNs in {@code region} and {@code account}. */
    public io.dockyard.core.port.Alarming alarming(String region, String account) {
        return new io.dockyard.cloudwatch.alarms.AlarmPort(alarms, clock, region, account);
    }

    /** The alarms as ECS deployments see them: state, and the window an alarm needs to see a change. */
    public AlarmStates alarmStates() {
        return new AlarmStates() {
            @Override public String state(String name) { return alarms.state(name); }

            @Override
            public Duration window(String name) {
                Alarm a = alarms.get(name);
                if (a == null) return Duration.ZERO;
                // the periods it reads, plus the time a datapoint takes to arrive and a period to complete, plus one evaluation
                int period = a.period() > 0 ? a.period() : a.metrics().stream().mapToInt(q -> q.period()).max().orElse(60);
                return Duration.ofSeconds((long) period * (a.evaluationPeriods() + 3)).plus(evaluation);
            }
        };
    }

    /** Forgets every metric and alarm (the dev reset). */
    public void reset() {
        store.clear();
        alarms.clear();
    }

    @Override
    public void close() {
        store.close();
        alarms.close();
    }
}
