package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS CLI (botocore, an implementation independent of the Java SDK) as a second oracle: its requests must verify.
 * Skipped when no {@code aws} executable is on the PATH.
 */
class AwsCliOracleTest {
    private static CaptureServer server;
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(Duration.ofMinutes(5));

    @BeforeAll
    static void start() {
        server = new CaptureServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Optional<String> aws() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, "aws");
            if (f.canExecute()) return Optional.of(f.getPath());
        }
        return Optional.empty();
    }

    private static void run(String token, String... args) throws IOException, InterruptedException {
        Optional<String> aws = aws();
        assumeTrue(aws.isPresent(), "no AWS CLI on the PATH");
        List<String> command = new ArrayList<>(List.of(aws.get()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", server.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", token == null ? SdkOracle.AK : SdkOracle.SESSION_AK);
        env.put("AWS_SECRET_ACCESS_KEY", token == null ? SdkOracle.SK : SdkOracle.SESSION_SK);
        if (token != null) env.put("AWS_SESSION_TOKEN", token);
        env.put("AWS_CONFIG_FILE", "/nonexistent");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " timed out");
        }
    }

    private static void verifyAll(String service) {
        List<SignedRequest> requests = server.take();
        assumeTrue(!requests.isEmpty(), "the AWS CLI sent nothing (not working here)");
        Key session = new Key(SdkOracle.SESSION_AK, SdkOracle.SESSION_SK, SdkOracle.TOKEN, null, "role/bob");
        Credentials keys = id -> Optional.ofNullable(id.equals(SdkOracle.AK) ? SdkOracle.LONG_TERM : id.equals(SdkOracle.SESSION_AK) ? session : null);
        for (SignedRequest r : requests) {
            assertThat(VERIFIER.verify(r, keys, Instant.now()).service()).isEqualTo(service);
        }
    }

    @Test
    void jsonService() throws Exception {
        run(null, "ecs", "describe-services", "--cluster", "my cluster", "--services", "a/b", "ü ✓", "x+y%20");
        verifyAll("ecs");
    }

    @Test
    void jsonServiceWithSessionToken() throws Exception {
        run(SdkOracle.TOKEN, "ecs", "list-clusters");
        verifyAll("ecs");
    }

    @Test
    void queryService() throws Exception {
        run(null, "elbv2", "describe-load-balancers", "--names", "a b", "x+y", "ü/~*");
        verifyAll("elasticloadbalancing");
    }
}
