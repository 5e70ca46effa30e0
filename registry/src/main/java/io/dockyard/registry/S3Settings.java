package io.dockyard.registry;

import io.dockyard.registry.bytes.S3ByteStore;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where registry bytes live when they are on S3: {@code --blob-store s3://bucket/prefix} (or
 * {@code DOCKYARD_BLOB_STORE}) plus, from the environment:
 * <ul>
 *   <li>{@code DOCKYARD_S3_ENDPOINT}: an S3-compatible endpoint such as {@code http://minio:9000} (default: AWS's);</li>
 *   <li>{@code DOCKYARD_S3_REGION} (default {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, else us-east-1);</li>
 *   <li>{@code DOCKYARD_S3_PATH_STYLE} ({@code true} by default when an endpoint is set, else {@code false});</li>
 *   <li>{@code DOCKYARD_S3_PRESIGNED_PULLS} ({@code false}): blob pulls answer 307 to a presigned URL;</li>
 *   <li>{@code DOCKYARD_S3_PRESIGN_EXPIRY} (15m): how long such a URL is valid;</li>
 *   <li>{@code DOCKYARD_S3_PUBLIC_ENDPOINT} (default the endpoint): the endpoint presigned URLs name, when
 *       clients reach the store by another address than Dockyard does.</li>
 * </ul>
 * Credentials come from the standard AWS chain (environment, system properties, profile, container or instance role).
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
                         boolean presignedPulls, Duration presignExpiry, URI publicEndpoint) {
    private static final Pattern URL = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/(.*))?");

    /** True when the blob store spec names S3. */
    public static boolean names(String spec) { return spec != null && spec.startsWith("s3://"); }

    /** Parses {@code s3://bucket/prefix} and the S3 settings of the environment; IllegalArgumentException when they are wrong. */
    public static S3Settings parse(String spec, Map<String, String> env) {
        Matcher m = URL.matcher(spec.trim());
        if (!m.matches()) throw new IllegalArgumentException("blob store " + spec + " is not s3://<bucket>[/<prefix>]");
        String prefix = m.group(2) == null ? "" : m.group(2).replaceAll("^/+|/+$", "");
        if (!prefix.isEmpty()) prefix += "/";
        URI endpoint = uri(env, "DOCKYARD_S3_ENDPOINT");
        String region = first(env, "DOCKYARD_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION");
        boolean pathStyle = bool(env, "DOCKYARD_S3_PATH_STYLE", endpoint != null);
        boolean presigned = bool(env, "DOCKYARD_S3_PRESIGNED_PULLS", false);
        Duration expiry = RegistrySettings.duration(env, "DOCKYARD_S3_PRESIGN_EXPIRY", Duration.ofMinutes(15));
        URI publicEndpoint = uri(env, "DOCKYARD_S3_PUBLIC_ENDPOINT");
        return new S3Settings(m.group(1), prefix, endpoint, region == null ? "us-east-1" : region, pathStyle, presigned, expiry,
                publicEndpoint != null ? publicEndpoint : endpoint);
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    private static URI uri(Map<String, String> env, String name) {
        String v = first(env, name);
        if (v == null) return null;
        URI u = URI.create(v);
        if (u.getScheme() == null || u.getHost() == null) throw new IllegalArgumentException(name + "=" + v + " is not a URL such as http://host:9000");
        return u;
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String v = first(env, name);
        if (v == null) return fallback;
        return switch (v.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + "=" + v + " is not true or false");
        };
    }

    /** The store: clients built, the bucket checked (IllegalStateException when it cannot be reached). */
    public S3ByteStore open() {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(pathStyle)
                // one payload hash per request instead of a signature per 128 KiB chunk (SigV4 streaming) over plain HTTP
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (endpoint != null) {
            // S3-compatible stores: only the checksums the API requires (newer SDK defaults trip some of them)
            b.endpointOverride(endpoint)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        S3Client s3 = b.build();
        try {
            s3.headBucket(h -> h.bucket(bucket));
        } catch (RuntimeException e) {
            s3.close();
            throw new IllegalStateException("S3 bucket " + bucket + (endpoint != null ? " at " + endpoint : "") + " cannot be reached: " + e.getMessage(), e);
        }
        S3Presigner presigner = null;
        if (presignedPulls) {
            S3Presigner.Builder p = S3Presigner.builder().region(Region.of(region))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
            if (publicEndpoint != null) p.endpointOverride(publicEndpoint);
            presigner = p.build();
        }
        return new S3ByteStore(s3, presigner, presignExpiry, bucket, prefix);
    }

    /** For logs: where the bytes go. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + (endpoint != null ? " at " + endpoint : "") + (presignedPulls ? " (presigned pulls)" : "");
    }
}
