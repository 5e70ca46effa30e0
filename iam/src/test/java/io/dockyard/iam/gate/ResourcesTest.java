package io.dockyard.iam.gate;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResourcesTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
    final Resources resources = new Resources(id -> "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + id + "-AbCdEf");

    @Test
    void actionsArePrefixedAsIamNamesThem() {
        assertThat(Resources.action("ecs", "RunTask")).isEqualTo("ecs:RunTask");
        assertThat(Resources.action("monitoring", "PutMetricAlarm")).isEqualTo("cloudwatch:PutMetricAlarm");
    }

    @Test
    void theInputsResourcesBecomeTheirArns() {
        assertThat(resources.of("ecr", "PutImage", Map.of("repositoryName", "team/web"), CTX))
                .containsExactly("arn:aws:ecr:eu-west-1:123456789012:repository/team/web");
        assertThat(resources.of("ecr", "GetAuthorizationToken", Map.of(), CTX)).containsExactly("*");
        assertThat(resources.of("secretsmanager", "GetSecretValue", Map.of("SecretId", "db"), CTX))
                .containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf");
        assertThat(resources.of("ssm", "GetParameters", Map.of("Names", List.of("/app/url", "plain")), CTX))
                .containsExactly("arn:aws:ssm:eu-west-1:123456789012:parameter/app/url", "arn:aws:ssm:eu-west-1:123456789012:parameter/plain");
        assertThat(resources.of("ecs", "UpdateService", Map.of("cluster", "prod", "service", "web"), CTX))
                .containsExactly("arn:aws:ecs:eu-west-1:123456789012:service/prod/web");
        assertThat(resources.of("ecs", "CreateCluster", Map.of("clusterName", "dev"), CTX)).containsExactly("arn:aws:ecs:eu-west-1:123456789012:cluster/dev");
        assertThat(resources.of("ecs", "ListClusters", Map.of(), CTX)).containsExactly("*");
        assertThat(resources.of("sqs", "SendMessage", Map.of("QueueUrl", "http://localhost:4566/123456789012/jobs"), CTX))
                .containsExactly("arn:aws:sqs:eu-west-1:123456789012:jobs");
        assertThat(resources.of("iam", "CreateAccessKey", Map.of("UserName", "ci"), CTX)).containsExactly("arn:aws:iam::123456789012:user/ci");
        assertThat(resources.of("sts", "AssumeRole", Map.of("RoleArn", "arn:aws:iam::123456789012:role/r"), CTX)).containsExactly("arn:aws:iam::123456789012:role/r");
        String cert = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1f";
        assertThat(resources.of("acm", "DeleteCertificate", Map.of("CertificateArn", cert), CTX)).containsExactly(cert);
        assertThat(resources.of("acm", "ImportCertificate", Map.of("CertificateArn", cert), CTX)).containsExactly(cert);
        assertThat(resources.of("acm", "ImportCertificate", Map.of(), CTX)).containsExactly("arn:aws:acm:eu-west-1:123456789012:certificate/*");
        assertThat(resources.of("acm", "ListCertificates", Map.of(), CTX)).containsExactly("*");
    }

    @Test
    void requestsCarryConditionKeys() {
        Map<String, List<String>> c = Resources.context("sts", Map.of("ExternalId", "x"), CTX, "10.0.0.1", false);
        assertThat(c).containsEntry("sts:ExternalId", List.of("x")).containsEntry("aws:SourceIp", List.of("10.0.0.1"))
                .containsEntry("aws:RequestedRegion", List.of("eu-west-1"));
        assertThat(Resources.context("ecs", Map.of("cluster", "prod"), CTX, null, false))
                .containsEntry("ecs:cluster", List.of("arn:aws:ecs:eu-west-1:123456789012:cluster/prod"));
    }
}
