package io.dockyard.protocol;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the edge lets in (see docs/security.md): the Host names a request may carry (IP literals and
 * {@code *.localhost} always pass; {@code *} lets every name in), the browser origins allowed to use
 * the API through CORS (none by default), and the body caps per protocol family, in bytes
 * ({@code targetBodyLimits}: larger caps for JSON services whose operations carry big documents,
 * by X-Amz-Target prefix, e.g. ECR's UploadLayerPart and PutImage).
 */
public record EdgePolicy(Set<String> allowedHosts, Set<String> corsOrigins, long jsonBodyLimit, long queryBodyLimit,
                         Map<String, Long> targetBodyLimits, boolean devHelpers) {

    public static final long MiB = 1L << 20;
    /** The defaults: 1 MiB for AWS JSON and Query bodies (the agent protocol too), 64 KiB for dev helpers. */
    public static final long DEFAULT_JSON_BODY = MiB;
    public static final long DEFAULT_QUERY_BODY = MiB;
    public static final long DEV_BODY = 64 * 1024;
    /** The console's forms (a task definition's JSON is the largest: ECS allows 64 KiB, and form encoding can triple it). */
    public static final long CONSOLE_BODY = 256 * 1024;
    /** Names that always pass the Host check. */
    public static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1", "host.docker.internal");

    public EdgePolicy {
        Set<String> hosts = new HashSet<>();
        LOCAL_HOSTS.forEach(hosts::add);
        for (String h : allowedHosts) {
            String name = hostPart(h);
            if (name != null && !name.isEmpty()) hosts.add(name);
        }
        allowedHosts = Set.copyOf(hosts);
        corsOrigins = Set.copyOf(corsOrigins);
        targetBodyLimits = Map.copyOf(targetBodyLimits);
    }

    /** Local defaults: the loopback names only, no CORS origin, default caps, dev helpers on. */
    public static EdgePolicy local() {
        return new EdgePolicy(Set.of(), Set.of(), DEFAULT_JSON_BODY, DEFAULT_QUERY_BODY, Map.of(), true);
    }

    /** A size: bytes, or with a unit {@code KiB}/{@code MiB}/{@code GiB} (also {@code k}, {@code m}, {@code g}). */
    public static long bytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (t.endsWith("k")) unit = 1L << 10;
        else if (t.endsWith("m")) unit = 1L << 20;
        else if (t.endsWith("g")) unit = 1L << 30;
        if (unit > 1) t = t.substring(0, t.length() - 1).trim();
        try {
            long n = Long.parseLong(t) * unit;
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (bytes, or e.g. 512KiB, 1MiB)");
        }
    }

    public boolean anyHost() { return allowedHosts.contains("*"); }

    /** The host name of {@code host[:port]} or {@code [v6]:port}, lower case; null for a wildcard bind address. */
    public static String hostPart(String hostAndPort) {
        if (hostAndPort == null) return null;
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) return null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon);
        return h;
    }
}
