package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The observability views of a service, read through CloudWatch Logs, CloudWatch and Application Auto Scaling: its
 * awslogs lines (newest last, filtered by a filter pattern), its CPU and memory over the last hour as SVG charts, its
 * scaling activities, and the account's alarms.
 */
public final class Observe {
    static final Duration LOG_WINDOW = Duration.ofMinutes(30);
    static final int LOG_LINES = 150;
    static final Duration CHART_WINDOW = Duration.ofHours(1);

    public record LogLine(Instant at, String stream, String message) {}

    /** Where a task definition's first awslogs container writes: its group and the stream prefix of its tasks. */
    public record LogTarget(String group, String streamPrefix) {}

    public record Chart(String title, String points, String latest, String max, int width, int height, int samples) {}

    public record Alarm(String name, String state, String reason, String metric, String threshold, Instant updated) {}

    private final Reads reads;

    Observe(Reads reads) { this.reads = reads; }

    /** The task definition's awslogs destination, or null when none of its containers uses awslogs. */
    LogTarget logTarget(String taskDefinition) {
        JsonNode td = reads.ecs("DescribeTaskDefinition", Map.of("taskDefinition", taskDefinition)).path("taskDefinition");
        for (JsonNode c : td.path("containerDefinitions")) {
            JsonNode lc = c.path("logConfiguration");
            if (!"awslogs".equals(lc.path("logDriver").asText())) continue;
            JsonNode o = lc.path("options");
            String prefix = o.path("awslogs-stream-prefix").asText("");
            return new LogTarget(o.path("awslogs-group").asText(), prefix.isEmpty() ? "" : prefix + "/" + c.path("name").asText() + "/");
        }
        return null;
    }

    /** The newest lines of the target (up to {@link #LOG_LINES}, the last {@link #LOG_WINDOW}), oldest first. */
    List<LogLine> logs(LogTarget target, String filterPattern) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("logGroupName", target.group());
        if (!target.streamPrefix().isEmpty()) in.put("logStreamNamePrefix", target.streamPrefix());
        if (filterPattern != null && !filterPattern.isBlank()) in.put("filterPattern", filterPattern);
        in.put("startTime", Instant.now().minus(LOG_WINDOW).toEpochMilli());
        List<LogLine> lines = new ArrayList<>();
        try {
            for (JsonNode e : reads.every("logs", "FilterLogEvents", in, "events", 10_000)) {
                String stream = e.path("logStreamName").asText();
                lines.add(new LogLine(Instant.ofEpochMilli(e.path("timestamp").asLong()), stream.substring(stream.lastIndexOf('/') + 1),
                        e.path("message").asText()));
            }
        } catch (AwsException e) {
            if (!e.code().equals("ResourceNotFoundException")) throw e;
        }
        lines.sort(Comparator.comparing(LogLine::at));
        return lines.size() > LOG_LINES ? lines.subList(lines.size() - LOG_LINES, lines.size()) : lines;
    }

    /** A service's metric (AWS/ECS, by cluster and service) over the last hour, a point a minute, as an SVG polyline. */
    Chart serviceMetric(String cluster, String service, String metric, String title) {
        return metric("AWS/ECS", metric, List.of(Map.of("Name", "ClusterName", "Value", cluster), Map.of("Name", "ServiceName", "Value", service)),
                "Average", title, true);
    }

    /** Requests a minute through a target group (AWS/ApplicationELB RequestCount by target group). */
    Chart requests(String targetGroupArn, String title) {
        String dimension = targetGroupArn.substring(targetGroupArn.indexOf(":targetgroup/") + 1);
        return metric("AWS/ApplicationELB", "RequestCount", List.of(Map.of("Name", "TargetGroup", "Value", dimension)), "Sum", title, false);
    }

    /** A task's metric (ECS/ContainerInsights with the TaskId dimension: Container Insights "enhanced"). */
    Chart taskMetric(String cluster, String family, String taskId, String metric, String title) {
        return metric("ECS/ContainerInsights", metric, List.of(Map.of("Name", "ClusterName", "Value", cluster),
                Map.of("Name", "TaskDefinitionFamily", "Value", family), Map.of("Name", "TaskId", "Value", taskId)), "Average", title, false);
    }

    private Chart metric(String namespace, String metric, List<Map<String, String>> dimensions, String statistic, String title, boolean percent) {
        Instant end = Instant.now(), start = end.minus(CHART_WINDOW);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("Namespace", namespace);
        in.put("MetricName", metric);
        in.put("Dimensions", dimensions);
        in.put("StartTime", start.getEpochSecond());
        in.put("EndTime", end.getEpochSecond());
        in.put("Period", 60);
        in.put("Statistics", List.of(statistic));
        List<double[]> points = new ArrayList<>();
        for (JsonNode p : reads.ecsLike("monitoring", "GetMetricStatistics", in).path("Datapoints")) {
            Instant at = Views.time(p, "Timestamp");
            if (at != null) points.add(new double[]{at.toEpochMilli(), p.path(statistic).asDouble()});
        }
        points.sort(Comparator.comparingDouble(a -> a[0]));
        return chart(title, points, start.toEpochMilli(), end.toEpochMilli(), 600, 120, percent);
    }

    static Chart chart(String title, List<double[]> points, long from, long to, int width, int height) {
        return chart(title, points, from, to, width, height, true);
    }

    /** Percentages are drawn on a scale of at least 100; other values on the largest one seen (at least 1). */
    static Chart chart(String title, List<double[]> points, long from, long to, int width, int height, boolean percent) {
        double max = percent ? 100 : 1;
        for (double[] p : points) max = Math.max(max, p[1]);
        StringBuilder s = new StringBuilder();
        for (double[] p : points) {
            double x = (p[0] - from) * width / Math.max(1, to - from);
            double y = height - p[1] / max * height;
            if (!s.isEmpty()) s.append(' ');
            s.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        String suffix = percent ? " %" : "";
        String latest = points.isEmpty() ? "no data" : String.format(Locale.ROOT, "%.1f", points.getLast()[1]) + suffix;
        return new Chart(title, s.toString(), latest, String.format(Locale.ROOT, "%.0f", max) + suffix, width, height, points.size());
    }

    /** The service's scaling activities (Application Auto Scaling), as timeline steps. */
    List<Views.Step> scalingActivities(String cluster, String service) {
        List<Views.Step> steps = new ArrayList<>();
        Map<String, Object> in = Map.of("ServiceNamespace", "ecs", "ResourceId", "service/" + cluster + "/" + service);
        for (JsonNode a : reads.ecsLike("application-autoscaling", "DescribeScalingActivities", in).path("ScalingActivities")) {
            String status = Views.text(a, "StatusCode");
            steps.add(new Views.Step(Views.time(a, "StartTime"), "Failed".equals(status) ? "bad" : "scaling",
                    "Scaling: " + Views.text(a, "Description") + " (" + status + ")", Views.text(a, "Cause")));
        }
        return steps;
    }

    List<Alarm> alarms() {
        List<Alarm> out = new ArrayList<>();
        for (JsonNode a : reads.ecsLike("monitoring", "DescribeAlarms", Map.of()).path("MetricAlarms")) {
            String metric = Views.text(a, "MetricName").isEmpty() ? "metric math" : Views.text(a, "Namespace") + " " + Views.text(a, "MetricName");
            out.add(new Alarm(Views.text(a, "AlarmName"), Views.text(a, "StateValue"), Views.text(a, "StateReason"), metric,
                    Views.text(a, "ComparisonOperator") + " " + Views.text(a, "Threshold"), Views.time(a, "StateUpdatedTimestamp")));
        }
        return out;
    }
}
