package io.dockyard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real AWS CLI against a Dockyard endpoint, as a user would. */
public final class AwsCli {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The AWS CLI v2 (Debian's {@code awscli}): {@code aws logs tail} exists only there; the {@code aws} on PATH may be v1. */
    public static final String V2 = "/usr/bin/aws";
    private final String endpoint;
    private final String binary;
    private final String accessKeyId, secretAccessKey, sessionToken;
    /** The CA bundle an https endpoint's certificate is checked against ({@code AWS_CA_BUNDLE}), or null for the CLI's own. */
    private final String caBundle;

    public AwsCli(String endpoint) { this(endpoint, "aws", "test", "test", null, null); }

    private AwsCli(String endpoint, String binary, String accessKeyId, String secretAccessKey, String sessionToken, String caBundle) {
        this.caBundle = caBundle;
        this.endpoint = endpoint;
        this.binary = binary;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
    }

    /** The same endpoint through the AWS CLI v2 at {@link #V2}. */
    public AwsCli v2() { return new AwsCli(endpoint, V2, accessKeyId, secretAccessKey, sessionToken, caBundle); }

    /** The same CLI checking the endpoint's certificate against this CA bundle ({@code AWS_CA_BUNDLE}; null: the CLI's own CAs). */
    public AwsCli caBundle(java.nio.file.Path file) { return new AwsCli(endpoint, binary, accessKeyId, secretAccessKey, sessionToken, file == null ? null : file.toString()); }

    /** The same CLI signing with these credentials ({@code sessionToken} null for a long-term key). */
    public AwsCli as(String id, String secret, String token) { return new AwsCli(endpoint, binary, id, secret, token, caBundle); }

    public String endpoint() { return endpoint; }

    /** The outcome of one CLI call. */
    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(stdout.isBlank() ? "{}" : stdout);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + stdout + "\nstderr: " + stderr, e);
            }
        }

        /** Fails unless the call succeeded; returns the parsed output. */
        public JsonNode ok() {
            if (exitCode != 0) throw new AssertionError("aws exited " + exitCode + ": " + stderr);
            return json();
        }
    }

    /** Starts {@code aws --endpoint-url E --output json <args>} in the background (e.g. {@code logs tail --follow}); the caller reads and ends it. */
    public Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--endpoint-url", endpoint, "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        if (sessionToken != null) env.put("AWS_SESSION_TOKEN", sessionToken);
        else env.remove("AWS_SESSION_TOKEN");
        if (caBundle != null) env.put("AWS_CA_BUNDLE", caBundle);
        else env.remove("AWS_CA_BUNDLE");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        return pb.start();
    }

    /** {@code aws --endpoint-url E --output json <args>}, by a warm CLI worker when there is one ({@link CliWorkers}). */
    public Result run(String... args) {
        try {
            var workers = CliWorkers.of(binary);
            if (workers.isPresent()) {
                List<String> cmd = new ArrayList<>(List.of("--endpoint-url", endpoint, "--output", "json"));
                cmd.addAll(List.of(args));
                Map<String, String> env = new java.util.HashMap<>();
                env.put("AWS_ACCESS_KEY_ID", accessKeyId);
                env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
                env.put("AWS_SESSION_TOKEN", sessionToken);
                env.put("AWS_CA_BUNDLE", caBundle);
                env.put("AWS_DEFAULT_REGION", "us-east-1");
                return workers.get().run(cmd, env, 120);
            }
            Process p = start(args);
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aws timed out: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the AWS CLI (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
