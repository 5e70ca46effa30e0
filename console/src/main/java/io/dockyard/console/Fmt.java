package io.dockyard.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small formatters the templates call (the templates escape what they print). */
public final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Fmt() {}

    public static String time(Instant t) { return t == null ? "" : TIME.format(t); }

    public static String iso(Instant t) { return t == null ? "" : t.toString(); }

    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MiB", n / (1024.0 * 1024));
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    /** The badge class of a state word: ok (running, healthy, completed), warn (pending, in progress), bad (failed, stopped, unhealthy). */
    public static String badge(String state) {
        if (state == null) return "badge";
        return switch (state.toUpperCase(java.util.Locale.ROOT)) {
            case "RUNNING", "ACTIVE", "HEALTHY", "COMPLETED", "COMPLETE", "SUCCESSFUL", "PRIMARY", "OK", "HEALTHY_TARGET" -> "badge ok";
            case "PENDING", "PROVISIONING", "ACTIVATING", "IN_PROGRESS", "DRAINING", "DEACTIVATING", "INITIAL", "UNKNOWN", "STOPPING",
                 "ROLLBACK_IN_PROGRESS", "INSUFFICIENT_DATA", "DEPROVISIONING", "PENDING_STOP", "unused" -> "badge warn";
            case "STOPPED", "FAILED", "UNHEALTHY", "INACTIVE", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "ALARM", "STOP_REQUESTED" -> "badge bad";
            default -> state.equalsIgnoreCase("healthy") ? "badge ok" : state.equalsIgnoreCase("unhealthy") ? "badge bad" : "badge";
        };
    }

    public static String url(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    /** A cluster's or service's page path. */
    public static String clusterPath(String cluster) { return "/console/clusters/" + url(cluster); }

    public static String servicePath(String cluster, String service) { return clusterPath(cluster) + "/services/" + url(service); }

    public static String repositoryPath(String name) { return "/console/registry/repository?name=" + url(name); }
}
