package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real AWS SDK clients (ECS: JSON 1.1, SQS: JSON 1.0, ELBv2: Query) talk to a loopback server; every request they send, with
 * all the headers the SDK pipeline adds, verifies at the real clock.
 */
class SdkClientEndToEndTest {
    private static CaptureServer server;
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(Duration.ofMinutes(5));
    private static final Key SESSION = new Key(SdkOracle.SESSION_AK, SdkOracle.SESSION_SK, SdkOracle.TOKEN,
            Instant.now().plus(Duration.ofHours(1)), "role/bob");
    private static final Credentials KEYS = id -> Optional.ofNullable(
            id.equals(SdkOracle.AK) ? SdkOracle.LONG_TERM : id.equals(SdkOracle.SESSION_AK) ? SESSION : null);

    @BeforeAll
    static void start() { server = new CaptureServer(); }

    @AfterAll
    static void stop() { server.close(); }

    private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, AwsCredentials credentials) {
        return builder.endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                      .credentialsProvider(StaticCredentialsProvider.create(credentials))
                      .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                      .build();
    }

    private static List<Verified> verifyAll(String service, int expected) {
        List<SignedRequest> requests = server.take();
        assertThat(requests).hasSize(expected);
        return requests.stream().map(r -> {
            Verified v = VERIFIER.verify(r, KEYS, Instant.now());
            assertThat(v.service()).isEqualTo(service);
            assertThat(v.region()).isEqualTo("us-east-1");
            return v;
        }).toList();
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            // the empty answer may not satisfy the client; only the request matters here
        }
    }

    @Test
    void ecsJsonClient() {
        try (EcsClient ecs = client(EcsClient.builder().httpClient(UrlConnectionHttpClient.create()),
                AwsBasicCredentials.create(SdkOracle.AK, SdkOracle.SK))) {
            quietly(ecs::listClusters);
            quietly(() -> ecs.describeServices(r -> r.cluster("my cluster").services("a/b", "ü ✓", "x+y%20")));
            quietly(() -> ecs.createCluster(r -> r.clusterName("c").tags(Tag.builder().key("k =&").value("v\n\"").build())));
        }
        assertThat(verifyAll("ecs", 3)).allSatisfy(v -> assertThat(v.key().principal()).isEqualTo("user/alice"));
    }

    @Test
    void ecsWithSessionCredentials() {
        try (EcsClient ecs = client(EcsClient.builder().httpClient(UrlConnectionHttpClient.create()),
                AwsSessionCredentials.create(SdkOracle.SESSION_AK, SdkOracle.SESSION_SK, SdkOracle.TOKEN))) {
            quietly(ecs::listClusters);
        }
        assertThat(verifyAll("ecs", 1)).allSatisfy(v -> assertThat(v.key().principal()).isEqualTo("role/bob"));
    }

    @Test
    void sqsJsonClient() {
        try (SqsClient sqs = client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()),
                AwsBasicCredentials.create(SdkOracle.AK, SdkOracle.SK))) {
            quietly(() -> sqs.listQueues(r -> r.queueNamePrefix("a b+c")));
            quietly(() -> sqs.getQueueUrl(r -> r.queueName("q/ü")));
        }
        verifyAll("sqs", 2);
    }

    @Test
    void elbv2QueryClient() {
        try (ElasticLoadBalancingV2Client elb = client(ElasticLoadBalancingV2Client.builder().httpClient(UrlConnectionHttpClient.create()),
                AwsBasicCredentials.create(SdkOracle.AK, SdkOracle.SK))) {
            quietly(() -> elb.describeLoadBalancers(r -> r.names("a b", "x+y", "ü/~*")));
            quietly(() -> elb.describeTargetGroups(r -> r.targetGroupArns(
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067")));
        }
        List<Verified> verified = verifyAll("elasticloadbalancing", 2);
        assertThat(new String(verified.get(0).body())).contains("Action=DescribeLoadBalancers");
    }
}
