package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.utils.AttributeMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing matrix of secure mode: the AWS CLI v1 (1.45; and the v2 at {@link AwsCli#V2}, 2.9, whose older models speak
 * Query to SQS and CloudWatch), boto3 and the SDK for Java v2 as signing oracles, each signing with a real access key IAM
 * issued, for every operation family on the edge — JSON 1.1, JSON 1.0, Query/XML, Smithy RPC v2 CBOR, REST-JSON, SigV4
 * presigned query strings, and the registry's password (GetAuthorizationToken, then HTTP Basic). Every signed call
 * succeeds; the same signed request with one byte changed (a body byte, a header value, a path byte, a query parameter, a
 * byte of the registry password) is refused with the protocol's AWS error and changes nothing. (No client sends
 * aws-chunked payloads to Dockyard: there is no S3 API on the edge.)
 */
class SigningMatrixIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--secure", "--dns-address", "off").withoutReset();
    private static String keyId, secret;
    private static AwsCli cli;

    @BeforeAll
    static void aUserWithAnAccessKey() {
        List<String> out = dockyard.process().output();
        AwsCli root = dockyard.cli().as(value(out, "AWS_ACCESS_KEY_ID="), value(out, "AWS_SECRET_ACCESS_KEY="), null);
        root.run("iam", "create-user", "--user-name", "matrix").ok();
        root.run("iam", "put-user-policy", "--user-name", "matrix", "--policy-name", "all", "--policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}").ok();
        JsonNode key = root.run("iam", "create-access-key", "--user-name", "matrix").ok().at("/AccessKey");
        keyId = key.at("/AccessKeyId").asText();
        secret = key.at("/SecretAccessKey").asText();
        cli = dockyard.cli().as(keyId, secret, null);
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the output:\n" + String.join("\n", lines)));
    }

    // ---- the AWS CLI: every family's signed call succeeds --------------------------------------------------------------

    static Stream<Arguments> cliCalls() {
        return Stream.of(
                Arguments.of("v1", "JSON 1.1", List.of("logs", "create-log-group", "--log-group-name", "mx-cli-v1")),
                Arguments.of("v1", "JSON 1.1", List.of("ecs", "create-cluster", "--cluster-name", "mx-cli-v1")),
                Arguments.of("v1", "JSON 1.1", List.of("secretsmanager", "create-secret", "--name", "mx-cli-v1", "--secret-string", "s")),
                Arguments.of("v1", "JSON 1.1", List.of("ssm", "put-parameter", "--name", "/mx/cli-v1", "--value", "v", "--type", "String")),
                Arguments.of("v1", "JSON 1.1", List.of("kms", "create-key")),
                Arguments.of("v1", "JSON 1.1", List.of("servicediscovery", "list-namespaces")),
                Arguments.of("v1", "JSON 1.1", List.of("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs")),
                Arguments.of("v1", "JSON 1.1", List.of("events", "put-rule", "--name", "mx-cli-v1", "--schedule-expression", "rate(1 hour)")),
                Arguments.of("v1", "JSON 1.1", List.of("cloudtrail", "lookup-events", "--max-results", "1")),
                Arguments.of("v1", "JSON 1.0", List.of("sqs", "create-queue", "--queue-name", "mx-cli-v1")),
                Arguments.of("v1", "Query", List.of("iam", "create-user", "--user-name", "mx-cli-v1")),
                Arguments.of("v1", "Query", List.of("sts", "get-caller-identity")),
                Arguments.of("v1", "Query", List.of("elbv2", "describe-load-balancers")),
                Arguments.of("v1", "Query", List.of("autoscaling", "describe-auto-scaling-groups")),
                Arguments.of("v1", "CBOR", List.of("cloudwatch", "put-metric-alarm", "--alarm-name", "mx-cli-v1", "--namespace", "mx", "--metric-name", "m",
                        "--statistic", "Average", "--period", "60", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanThreshold")),
                Arguments.of("v1", "REST-JSON", List.of("scheduler", "create-schedule-group", "--name", "mx-cli-v1")),
                Arguments.of("v1", "JSON 1.1 + registry", List.of("ecr", "get-login-password")),
                Arguments.of("v2", "Query", List.of("sqs", "create-queue", "--queue-name", "mx-cli-v2")),
                Arguments.of("v2", "Query", List.of("cloudwatch", "describe-alarms", "--alarm-names", "mx-cli-v1")),
                Arguments.of("v2", "JSON 1.1", List.of("ecs", "list-clusters")));
    }

    @ParameterizedTest(name = "CLI {0} {1}: {2}")
    @MethodSource("cliCalls")
    void theCliSignsEveryFamily(String version, String family, List<String> args) {
        AwsCli c = "v2".equals(version) ? cli.v2() : cli;
        AwsCli.Result r = c.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(family + " " + args + ": " + r.stderr()).isZero();
    }

    // ---- boto3: success, and the same request one byte off ----------------------------------------------------------------

    static Stream<Arguments> boto3Cases() {
        return Stream.of(
                Arguments.of("json11-body", "InvalidSignatureException"),
                Arguments.of("json11-header", "InvalidSignatureException"),
                Arguments.of("json10-body", "InvalidSignatureException"),
                Arguments.of("query-body", "SignatureDoesNotMatch"),
                Arguments.of("cbor-body", "InvalidSignatureException"),
                Arguments.of("restjson-path", "InvalidSignatureException"),
                Arguments.of("presigned-query", "SignatureDoesNotMatch"));
    }

    @ParameterizedTest(name = "boto3 {0}")
    @MethodSource("boto3Cases")
    void boto3SignsAndAChangedByteIsRefused(String family, String code) throws Exception {
        Path script = Path.of(SigningMatrixIT.class.getResource("/signing/boto3_matrix.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), dockyard.endpoint(), keyId, secret, family).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode r = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        JsonNode tampered = r.at("/tampered");
        assertThat(tampered.at("/status").asInt()).as(out).isEqualTo(403);
        String errorType = tampered.at("/headers").properties().stream().filter(e -> e.getKey().equalsIgnoreCase("x-amzn-ErrorType"))
                .map(e -> e.getValue().asText()).findFirst().orElse("");
        assertThat(tampered.at("/body").asText() + " " + errorType).as(out).contains(code);
        assertThat(r.at("/absent").asBoolean()).as("the changed request changed nothing: " + out).isTrue();
        JsonNode ok = r.at("/ok");
        if (family.startsWith("presigned")) {
            assertThat(ok.at("/status").asInt()).as(out).isEqualTo(200);
            assertThat(ok.at("/body").asText()).contains("arn:aws:iam::000000000000:user/matrix");
            assertThat(r.at("/ok_get").asInt()).as("a GET presigned by botocore's request signer: " + out).isEqualTo(200);
        } else {
            assertThat(ok.toString()).as(out).contains(family.equals("json11-header") ? "mx-b3-ecs" : "mx-b3-a");
        }
    }

    // ---- the SDK for Java v2: success, and the signed request one byte off ------------------------------------------------

    /** Sends, before the signed request goes, a copy with the first {@code from} (of the body, or of {@code header}'s value) changed to {@code to}. */
    static final class OneByteOff implements ExecutionInterceptor {
        final String header, from, to;
        volatile HttpResponse<String> answer;

        OneByteOff(String header, String from, String to) {
            this.header = header;
            this.from = from;
            this.to = to;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (answer != null) return;
            SdkHttpRequest signed = context.httpRequest();
            // the bytes that go: the signed request's own content (the Query marshaller moves its parameters there), else the request body
            java.util.Optional<software.amazon.awssdk.http.ContentStreamProvider> content = signed instanceof software.amazon.awssdk.http.SdkHttpFullRequest full
                    ? full.contentStreamProvider() : java.util.Optional.empty();
            if (content.isEmpty()) content = context.requestBody().map(software.amazon.awssdk.core.sync.RequestBody::contentStreamProvider);
            byte[] body = content.map(p -> {
                try (var in = p.newStream()) {
                    return in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).orElse(new byte[0]);
            // the SDK's Query marshaller may leave the parameters in the query string at this stage: the byte is then changed there
            boolean inQuery = header == null && !new String(body, StandardCharsets.UTF_8).contains(from);
            HttpRequest.Builder copy = HttpRequest.newBuilder(inQuery ? URI.create(oneByte(signed.getUri().toString())) : signed.getUri());
            signed.forEachHeader((name, values) -> {
                if (Set.of("host", "content-length", "connection", "expect").contains(name.toLowerCase(java.util.Locale.ROOT))) return;
                for (String v : values) copy.header(name, name.equals(header) ? oneByte(v) : v);
            });
            byte[] sent = header == null && !inQuery ? oneByte(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : body;
            try {
                answer = http().send(copy.method(signed.method().name(), HttpRequest.BodyPublishers.ofByteArray(sent)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private String oneByte(String s) {
            assertThat(s).contains(from);
            return s.replaceFirst(java.util.regex.Pattern.quote(from), to);
        }

        void refused(String code, BooleanSupplier changedNothing) {
            assertThat(answer).as("the changed copy was sent").isNotNull();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
            assertThat(answer.body() + " " + answer.headers().firstValue("x-amzn-ErrorType").orElse("")).contains(code);
            assertThat(changedNothing.getAsBoolean()).as("the changed request changed nothing").isTrue();
        }
    }

    private static <B extends AwsClientBuilder<B, C>, C> C sdk(B builder, ExecutionInterceptor interceptor) {
        return builder.endpointOverride(URI.create(dockyard.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(interceptor).build())
                .build();
    }

    private static SdkHttpClient sdkHttp() {
        return UrlConnectionHttpClient.builder().buildWithDefaults(AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build());
    }

    private static final ExecutionInterceptor NONE = new ExecutionInterceptor() {};

    @Test
    void theSdkSignsJson11AndAChangedBodyByteIsRefused() {
        OneByteOff off = new OneByteOff(null, "mx-sdk-a", "mx-sdk-b");
        try (CloudWatchLogsClient logs = sdk(CloudWatchLogsClient.builder().httpClient(sdkHttp()), off);
             CloudWatchLogsClient clean = sdk(CloudWatchLogsClient.builder().httpClient(sdkHttp()), NONE)) {
            logs.createLogGroup(r -> r.logGroupName("mx-sdk-a"));
            off.refused("InvalidSignatureException", () -> clean.describeLogGroups(r -> r.logGroupNamePrefix("mx-sdk-b")).logGroups().isEmpty());
            assertThat(clean.describeLogGroups(r -> r.logGroupNamePrefix("mx-sdk-a")).logGroups()).hasSize(1);
        }
    }

    @Test
    void theSdkSignsJson11AndAChangedHeaderIsRefused() {
        // the Content-Type header's JSON version one off (a header the signature covers, and one Dockyard accepts either way)
        OneByteOff off = new OneByteOff("Content-Type", "1.1", "1.0");
        try (EcsClient ecs = sdk(EcsClient.builder().httpClient(sdkHttp()), off);
             EcsClient clean = sdk(EcsClient.builder().httpClient(sdkHttp()), NONE)) {
            assertThat(clean.describeClusters(r -> r.clusters("mx-sdk-ecs")).clusters()).isEmpty();
            ecs.createCluster(r -> r.clusterName("mx-sdk-ecs"));
            assertThat(off.answer).isNotNull();
            assertThat(off.answer.statusCode()).as(off.answer.body()).isEqualTo(403);
            assertThat(off.answer.body()).contains("InvalidSignatureException");
            assertThat(clean.describeClusters(r -> r.clusters("mx-sdk-ecs")).clusters()).hasSize(1);
        }
    }

    @Test
    void theSdkSignsJson10AndAChangedBodyByteIsRefused() {
        OneByteOff off = new OneByteOff(null, "mx-sdk-a", "mx-sdk-b");
        try (SqsClient sqs = sdk(SqsClient.builder().httpClient(sdkHttp()), off);
             SqsClient clean = sdk(SqsClient.builder().httpClient(sdkHttp()), NONE)) {
            assertThat(sqs.createQueue(r -> r.queueName("mx-sdk-a")).queueUrl()).endsWith("/mx-sdk-a");
            off.refused("InvalidSignatureException", () -> {
                try {
                    clean.getQueueUrl(r -> r.queueName("mx-sdk-b"));
                    return false;
                } catch (QueueDoesNotExistException e) {
                    return true;
                }
            });
        }
    }

    @Test
    void theSdkSignsQueryAndAChangedBodyByteIsRefused() {
        OneByteOff off = new OneByteOff(null, "mx-sdk-a", "mx-sdk-b");
        try (CloudWatchClient cw = sdk(CloudWatchClient.builder().httpClient(sdkHttp()), off);
             CloudWatchClient clean = sdk(CloudWatchClient.builder().httpClient(sdkHttp()), NONE)) {
            cw.putMetricAlarm(r -> r.alarmName("mx-sdk-a").namespace("mx").metricName("m").statistic(Statistic.AVERAGE).period(60)
                    .evaluationPeriods(1).threshold(1.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            off.refused("SignatureDoesNotMatch", () -> clean.describeAlarms(r -> r.alarmNames("mx-sdk-b")).metricAlarms().isEmpty());
            assertThat(clean.describeAlarms(r -> r.alarmNames("mx-sdk-a")).metricAlarms()).hasSize(1);
        }
    }

    @Test
    void theSdksPresignedQueryAuthenticatesAndAChangedParameterDoesNot() throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder().method(software.amazon.awssdk.http.SdkHttpMethod.GET)
                .uri(URI.create(dockyard.endpoint() + "/?Action=GetCallerIdentity&Version=2011-06-15")).build();
        var signer = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create();
        URI presigned = signer.sign(r -> r.identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(keyId, secret)).request(request)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.AUTH_LOCATION,
                        software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.EXPIRATION_DURATION, java.time.Duration.ofMinutes(5)))
                .request().getUri();
        assertThat(presigned.getRawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
        HttpResponse<String> ok = http().send(HttpRequest.newBuilder(presigned).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("arn:aws:iam::000000000000:user/matrix");
        URI changed = URI.create(presigned.toString().replace("X-Amz-Expires=300", "X-Amz-Expires=301"));
        HttpResponse<String> refused = http().send(HttpRequest.newBuilder(changed).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    // ---- the registry's password ----------------------------------------------------------------------------------------

    @Test
    void theRegistryPasswordAuthenticatesAndOneByteOffDoesNot() throws Exception {
        String password = cli.run("ecr", "get-login-password").stdout().strip();
        assertThat(password).isNotEmpty();
        assertThat(registry(password, "GET", "/v2/")).isEqualTo(200);
        int i = password.length() / 2;
        String changed = password.substring(0, i) + (password.charAt(i) == 'A' ? 'B' : 'A') + password.substring(i + 1);
        assertThat(registry(changed, "GET", "/v2/")).isEqualTo(401);
        // an upload started with the changed password is refused, and none is started
        cli.run("ecr", "create-repository", "--repository-name", "mx/registry").ok();
        assertThat(registry(changed, "POST", "/v2/mx/registry/blobs/uploads/")).isEqualTo(401);
        assertThat(registry(password, "POST", "/v2/mx/registry/blobs/uploads/")).isEqualTo(202);
    }

    private static int registry(String password, String method, String path) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
        return http().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + path)).header("Authorization", "Basic " + basic)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An HTTP client for the edge, trusting its certificate when it speaks HTTPS. */
    private static HttpClient http() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
                @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
