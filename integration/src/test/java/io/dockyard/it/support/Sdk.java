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
