package io.dockyard.it.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.net.URI;

/** AWS SDK for Java v2 clients pointed at a Dockyard endpoint. */
public final class Sdk {
    private Sdk() {}

    /** An HTTP client for SDK clients that trusts the CA certificates in {@code caBundle} (a secure-mode edge's {@code tls/ca.pem}). */
    public static software.amazon.awssdk.http.SdkHttpClient trusting(java.nio.file.Path caBundle) {
        try {
            javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            f.init(io.dockyard.protocol.tls.Pem.trustStore(io.dockyard.protocol.tls.Pem.certificates(caBundle)));
            return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(f::getTrustManagers).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    public static EcsClient ecs(String endpoint) {
        return EcsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static CloudWatchLogsClient logs(String endpoint) {
        return CloudWatchLogsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudwatch(String endpoint) {
        return software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient autoscaling(String endpoint) {
        return software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static software.amazon.awssdk.services.sqs.SqsClient sqs(String endpoint) {
        return software.amazon.awssdk.services.sqs.SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager(String endpoint) {
        return software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static software.amazon.awssdk.services.ssm.SsmClient ssm(String endpoint) {
        return software.amazon.awssdk.services.ssm.SsmClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static EcrClient ecr(String endpoint) {
        return EcrClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
