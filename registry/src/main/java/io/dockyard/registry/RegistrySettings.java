package io.dockyard.registry;

import java.time.Duration;
import java.util.Map;

/**
 * Registry tunables, from the environment: where bytes live ({@code DOCKYARD_BLOB_STORE}: {@code file},
 * the default, under the data directory, or {@code s3://bucket/prefix} with {@link S3Settings}; null
 * {@code s3} means the file store), how often lifecycle policies run
 * ({@code DOCKYARD_ECR_LIFECYCLE_INTERVAL}, default 1h), how often garbage collection runs
 * ({@code DOCKYARD_REGISTRY_GC_INTERVAL}, 1h), how old unreferenced bytes must be before removal
 * ({@code DOCKYARD_REGISTRY_GC_GRACE}, 1h) and when an idle upload session expires
 * ({@code DOCKYARD_REGISTRY_UPLOAD_EXPIRY}, 24h). Durations: {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601.
 */
public record RegistrySettings(Duration lifecycleInterval, Duration gcInterval, Duration gcGrace, Duration uploadExpiry, S3Settings s3) {

    public static RegistrySettings defaults() {
        return new RegistrySettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24), null);
    }

    public static RegistrySettings from(Map<String, String> env) {
        RegistrySettings d = defaults();
        return new RegistrySettings(
                duration(env, "DOCKYARD_ECR_LIFECYCLE_INTERVAL", d.lifecycleInterval()),
                duration(env, "DOCKYARD_REGISTRY_GC_INTERVAL", d.gcInterval()),
                duration(env, "DOCKYARD_REGISTRY_GC_GRACE", d.gcGrace()),
                duration(env, "DOCKYARD_REGISTRY_UPLOAD_EXPIRY", d.uploadExpiry()),
                null).withBlobStore(env.get("DOCKYARD_BLOB_STORE"), env);
    }

    /** With the blob store {@code spec} ({@code file}, blank or null: the file store; {@code s3://...}: S3, configured from {@code env}). */
    public RegistrySettings withBlobStore(String spec, Map<String, String> env) {
        if (spec == null || spec.isBlank()) return this;
        S3Settings s3 = null;
        if (S3Settings.names(spec)) s3 = S3Settings.parse(spec, env);
        else if (!spec.trim().equals("file")) throw new IllegalArgumentException("blob store " + spec + " is neither file nor s3://<bucket>[/<prefix>]");
        return new RegistrySettings(lifecycleInterval, gcInterval, gcGrace, uploadExpiry, s3);
    }

    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        return parse(v.trim(), name);
    }

    static Duration parse(String v, String name) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a duration (e.g. 30s, 5m, 1h, PT1H)");
        }
    }
}
