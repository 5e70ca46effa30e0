package io.dockyard.iam.api;

import io.dockyard.iam.model.ManagedPolicy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies every account has from the start ({@code arn:aws:iam::aws:policy/…}): read-only, one version
 * ({@code v1}), built in rather than stored. Their documents follow what AWS publishes, cut to the actions of the services
 * Dockyard serves (ECS, ECR, ELBv2, Cloud Map, CloudWatch Logs and metrics, Application Auto Scaling, SQS, EventBridge and
 * Scheduler, Secrets Manager, SSM, KMS, IAM, STS).
 */
final class ManagedPolicies {
    private ManagedPolicies() {}

    private static final Instant CREATED = Instant.parse("2015-02-06T18:39:46Z");
    private static final Map<String, ManagedPolicy> BY_ARN = new LinkedHashMap<>();

    static {
        add("/", "AdministratorAccess", "Provides full access to AWS services and resources.",
                allow(List.of("*"), null));
        add("/", "ReadOnlyAccess", "Provides read-only access to AWS services and resources.", allow(List.of(
                "application-autoscaling:Describe*", "application-autoscaling:ListTagsForResource",
                "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
                "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:Describe*", "ecr:Get*", "ecr:List*",
                "ecs:Describe*", "ecs:List*",
                "elasticloadbalancing:Describe*",
                "events:Describe*", "events:List*", "events:TestEventPattern",
                "iam:Generate*", "iam:Get*", "iam:List*", "iam:Simulate*",
                "kms:Describe*", "kms:Get*", "kms:List*",
                "logs:Describe*", "logs:FilterLogEvents", "logs:Get*", "logs:ListTagsForResource", "logs:ListTagsLogGroup", "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter",
                "scheduler:Get*", "scheduler:List*",
                "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecretVersionIds", "secretsmanager:ListSecrets",
                "servicediscovery:DiscoverInstances", "servicediscovery:Get*", "servicediscovery:List*",
                "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListDeadLetterSourceQueues", "sqs:ListQueueTags", "sqs:ListQueues",
                "ssm:Describe*", "ssm:Get*", "ssm:List*",
                "sts:GetCallerIdentity"), null));
        add("/", "AmazonECS_FullAccess", "Provides administrative access to Amazon ECS resources and enables ECS features through access to other AWS service resources, including VPCs, Auto Scaling groups, and CloudFormation stacks.",
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement("ECSIntegrationsManagementPolicy", List.of(
                        "application-autoscaling:*", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics",
                        "cloudwatch:ListMetrics", "cloudwatch:PutMetricAlarm", "ecs:*", "elasticloadbalancing:*",
                        "events:DeleteRule", "events:DescribeRule", "events:ListRuleNamesByTarget", "events:ListTargetsByRule", "events:PutRule", "events:PutTargets", "events:RemoveTargets",
                        "iam:ListAttachedRolePolicies", "iam:ListInstanceProfiles", "iam:ListRoles",
                        "logs:CreateLogGroup", "logs:DescribeLogGroups", "logs:FilterLogEvents",
                        "servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:CreateService", "servicediscovery:DeleteService", "servicediscovery:GetNamespace",
                        "servicediscovery:GetOperation", "servicediscovery:GetService", "servicediscovery:ListNamespaces", "servicediscovery:ListServices", "servicediscovery:UpdateService",
                        "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"), null)
                        + ",{\"Sid\":\"PassRoleForECS\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringLike\":{\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"}}}]}");
        List<String> ecrRead = List.of("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories", "ecr:ListImages", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetLifecyclePolicy", "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource", "ecr:DescribeImageScanFindings");
        add("/", "AmazonEC2ContainerRegistryReadOnly", "Provides read-only access to Amazon EC2 Container Registry repositories.", allow(ecrRead, null));
        List<String> ecrPush = new ArrayList<>(ecrRead);
        ecrPush.addAll(List.of("ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"));
        add("/", "AmazonEC2ContainerRegistryPowerUser",
                "Provides full access to Amazon EC2 Container Registry repositories, but does not allow repository deletion or policy changes.", allow(ecrPush, null));
        add("/", "AmazonEC2ContainerRegistryFullAccess", "Provides administrative access to Amazon ECR resources", allow(List.of("ecr:*"), null));
        add("/service-role/", "AmazonECSTaskExecutionRolePolicy", "Provides access to other AWS service resources that are required to run Amazon ECS tasks",
                allow(List.of("ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                        "logs:CreateLogStream", "logs:PutLogEvents"), null));
        // AWS's document as published (version 7): what an EC2 container instance's agent needs, the agent protocol's actions among them
        add("/service-role/", "AmazonEC2ContainerServiceforEC2Role", "Default policy for the Amazon EC2 Role for Amazon EC2 Container Service.",
                "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement(null, List.of("ec2:DescribeTags", "ecs:CreateCluster", "ecs:DeregisterContainerInstance",
                        "ecs:DiscoverPollEndpoint", "ecs:Poll", "ecs:RegisterContainerInstance", "ecs:StartTelemetrySession", "ecs:UpdateContainerInstancesState",
                        "ecs:Submit*", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                        "logs:CreateLogStream", "logs:PutLogEvents"), null)
                        + "," + statement(null, List.of("ecs:TagResource"), "{\"StringEquals\":{\"ecs:CreateAction\":[\"CreateCluster\",\"RegisterContainerInstance\"]}}") + "]}");
        add("/", "SecretsManagerReadWrite", "Provides read/write access to AWS Secrets Manager via the AWS Management Console.", allow(List.of(
                "secretsmanager:*", "kms:DescribeKey", "kms:ListAliases", "kms:ListKeys", "tag:GetResources"), null));
        add("/", "AmazonSSMReadOnlyAccess", "Provides read only access to Amazon SSM.", allow(List.of("ssm:Describe*", "ssm:Get*", "ssm:List*"), null));
        add("/", "CloudWatchLogsFullAccess", "Provides full access to CloudWatch Logs", allow(List.of("logs:*", "cloudwatch:GenerateQuery"), null));
        add("/", "AmazonSQSFullAccess", "Provides full access to Amazon SQS via the AWS Management Console.", allow(List.of("sqs:*"), null));
    }

    private static String statement(String sid, List<String> actions, String condition) {
        StringBuilder b = new StringBuilder("{");
        if (sid != null) b.append("\"Sid\":\"").append(sid).append("\",");
        b.append("\"Effect\":\"Allow\",\"Action\":");
        if (actions.size() == 1) b.append('"').append(actions.get(0)).append('"');
        else b.append(actions.stream().map(a -> "\"" + a + "\"").reduce((x, y) -> x + "," + y).map(s -> "[" + s + "]").orElseThrow());
        b.append(",\"Resource\":\"*\"");
        if (condition != null) b.append(",\"Condition\":").append(condition);
        return b.append('}').toString();
    }

    private static String allow(List<String> actions, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement(null, actions, condition) + "]}";
    }

    private static void add(String path, String name, String description, String document) {
        String arn = ManagedPolicy.AWS_PREFIX + path.substring(1) + name;
        BY_ARN.put(arn, new ManagedPolicy(arn, name, path, "ANPA" + stableId(name), description, CREATED, CREATED, "v1", 2,
                List.of(new ManagedPolicy.Version("v1", document, CREATED)), Map.of()));
    }

    /** 16 upper-case alphanumerics from the name's hash: the same policy id in every account and at every start. */
    private static String stableId(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            char[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 16; i++) b.append(alphabet[(h[i] & 0xff) % alphabet.length]);
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<ManagedPolicy> get(String arn) { return Optional.ofNullable(BY_ARN.get(arn)); }

    /** All of them, by name. */
    static List<ManagedPolicy> all() {
        return BY_ARN.values().stream().sorted(Comparator.comparing(p -> p.name().toLowerCase(java.util.Locale.ROOT))).toList();
    }
}
