package io.dockyard.it.lb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ELBv2 control plane through the AWS CLI, the SDK and raw Query requests. */
class LoadBalancerApiIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void createDescribeModifyAndDeleteWithTheCli() throws Exception {
        AwsCli aws = dockyard.cli();
        JsonNode lb = aws.run("elbv2", "create-load-balancer", "--name", "api-lb", "--tags", "Key=team,Value=core").ok().at("/LoadBalancers/0");
        String lbArn = lb.at("/LoadBalancerArn").asText();
        assertThat(lbArn).matches("arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/api-lb/[0-9a-f]{16}");
        assertThat(lb.at("/DNSName").asText()).matches("api-lb-\\d+\\.us-east-1\\.elb\\.localhost");
        assertThat(lb.at("/Type").asText()).isEqualTo("application");
        assertThat(aws.run("elbv2", "describe-load-balancers", "--names", "api-lb").ok().at("/LoadBalancers/0/State/Code").asText()).isEqualTo("active");

        JsonNode tg = aws.run("elbv2", "create-target-group", "--name", "api-tg", "--protocol", "HTTP", "--port", "80", "--target-type", "ip").ok().at("/TargetGroups/0");
        String tgArn = tg.at("/TargetGroupArn").asText();
        assertThat(tg.at("/HealthCheckIntervalSeconds").asInt()).isEqualTo(30);
        assertThat(tg.at("/HealthCheckTimeoutSeconds").asInt()).isEqualTo(5);
        assertThat(tg.at("/HealthyThresholdCount").asInt()).isEqualTo(5);
        assertThat(tg.at("/UnhealthyThresholdCount").asInt()).isEqualTo(2);
        assertThat(tg.at("/HealthCheckPath").asText()).isEqualTo("/");
        assertThat(tg.at("/Matcher/HttpCode").asText()).isEqualTo("200");
        assertThat(tg.at("/HealthCheckPort").asText()).isEqualTo("traffic-port");

        JsonNode modified = aws.run("elbv2", "modify-target-group", "--target-group-arn", tgArn, "--health-check-path", "/health",
                "--matcher", "HttpCode=200-299", "--health-check-interval-seconds", "10").ok().at("/TargetGroups/0");
        assertThat(modified.at("/HealthCheckPath").asText()).isEqualTo("/health");
        assertThat(modified.at("/Matcher/HttpCode").asText()).isEqualTo("200-299");

        JsonNode attrs = aws.run("elbv2", "modify-target-group-attributes", "--target-group-arn", tgArn, "--attributes",
                "Key=deregistration_delay.timeout_seconds,Value=5", "Key=load_balancing.algorithm.type,Value=least_outstanding_requests").ok();
        assertThat(attrs.at("/Attributes").toString()).contains("\"Key\":\"deregistration_delay.timeout_seconds\",\"Value\":\"5\"")
                .contains("least_outstanding_requests").contains("slow_start.duration_seconds");

        int port = DockyardProcess.freePort();
        String listenerArn = aws.run("elbv2", "create-listener", "--load-balancer-arn", lbArn, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tgArn).ok().at("/Listeners/0/ListenerArn").asText();
        JsonNode listener = aws.run("elbv2", "describe-listeners", "--load-balancer-arn", lbArn).ok().at("/Listeners/0");
        assertThat(listener.at("/ListenerArn").asText()).isEqualTo(listenerArn);
        assertThat(listener.at("/DefaultActions/0/ForwardConfig/TargetGroups/0/Weight").asInt()).isEqualTo(1);
        assertThat(aws.run("elbv2", "describe-target-groups", "--load-balancer-arn", lbArn).ok().at("/TargetGroups/0/LoadBalancerArns/0").asText()).isEqualTo(lbArn);

        String r1 = aws.run("elbv2", "create-rule", "--listener-arn", listenerArn, "--priority", "10", "--conditions", "Field=path-pattern,Values=/a*",
                "--actions", "Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=a}").ok().at("/Rules/0/RuleArn").asText();
        String r2 = aws.run("elbv2", "create-rule", "--listener-arn", listenerArn, "--priority", "20", "--conditions", "Field=host-header,Values=*.example.com",
                "--actions", "Type=forward,TargetGroupArn=" + tgArn).ok().at("/Rules/0/RuleArn").asText();
        aws.run("elbv2", "set-rule-priorities", "--rule-priorities", "RuleArn=" + r1 + ",Priority=30", "RuleArn=" + r2 + ",Priority=5").ok();
        JsonNode rules = aws.run("elbv2", "describe-rules", "--listener-arn", listenerArn).ok().at("/Rules");
        assertThat(rules.size()).isEqualTo(3);
        assertThat(rules.get(0).at("/RuleArn").asText()).isEqualTo(r2);
        assertThat(rules.get(0).at("/Priority").asText()).isEqualTo("5");
        assertThat(rules.get(0).at("/Conditions/0/HostHeaderConfig/Values/0").asText()).isEqualTo("*.example.com");
        assertThat(rules.get(2).at("/Priority").asText()).isEqualTo("default");
        assertThat(rules.get(2).at("/IsDefault").asBoolean()).isTrue();

        aws.run("elbv2", "add-tags", "--resource-arns", tgArn, listenerArn, "--tags", "Key=env,Value=test").ok();
        aws.run("elbv2", "remove-tags", "--resource-arns", lbArn, "--tag-keys", "team").ok();
        JsonNode tags = aws.run("elbv2", "describe-tags", "--resource-arns", lbArn, tgArn).ok().at("/TagDescriptions");
        assertThat(tags.get(0).at("/Tags").size()).isZero();
        assertThat(tags.get(1).at("/Tags/0/Key").asText()).isEqualTo("env");

        aws.run("elbv2", "delete-rule", "--rule-arn", r1).ok();
        aws.run("elbv2", "delete-listener", "--listener-arn", listenerArn).ok();
        aws.run("elbv2", "delete-target-group", "--target-group-arn", tgArn).ok();
        aws.run("elbv2", "delete-load-balancer", "--load-balancer-arn", lbArn).ok();
        assertThat(aws.run("elbv2", "describe-load-balancers", "--load-balancer-arns", lbArn).stderr()).contains("LoadBalancerNotFound");
        assertThat(aws.run("elbv2", "describe-target-groups").ok().at("/TargetGroups").size()).isZero();
    }

    @Test
    void badInputGetsAwsErrorsAndChangesNothing() {
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String missingTg = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/nope/0123456789abcdef";
            assertThatThrownBy(() -> elb.describeTargetGroups(b -> b.targetGroupArns(missingTg)))
                    .isInstanceOfSatisfying(TargetGroupNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatThrownBy(() -> elb.registerTargets(b -> b.targetGroupArn(missingTg).targets(t -> t.id("127.0.0.1").port(80))))
                    .isInstanceOf(TargetGroupNotFoundException.class);

            String lbArn = elb.createLoadBalancer(b -> b.name("dup")).loadBalancers().get(0).loadBalancerArn();
            assertThat(elb.createLoadBalancer(b -> b.name("dup")).loadBalancers().get(0).loadBalancerArn()).isEqualTo(lbArn);
            assertThatThrownBy(() -> elb.createLoadBalancer(b -> b.name("dup").type("network"))).isInstanceOf(DuplicateLoadBalancerNameException.class);
            assertThatThrownBy(() -> elb.createLoadBalancer(b -> b.name("bad_name!")))
                    .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
            assertThatThrownBy(() -> elb.describeLoadBalancers(b -> b.names("nope"))).isInstanceOf(LoadBalancerNotFoundException.class);

            String tg = elb.createTargetGroup(b -> b.name("errs").protocol(ProtocolEnum.HTTP).port(80).targetType("ip")).targetGroups().get(0).targetGroupArn();
            assertThatThrownBy(() -> elb.registerTargets(b -> b.targetGroupArn(tg).targets(t -> t.id("not-an-ip"))))
                    .isInstanceOf(InvalidTargetException.class);
            assertThatThrownBy(() -> elb.modifyTargetGroup(b -> b.targetGroupArn(tg).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(6)))
                    .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
            assertThat(elb.describeTargetGroups(b -> b.targetGroupArns(tg)).targetGroups().get(0).healthCheckIntervalSeconds()).isEqualTo(30);

            int port;
            try {
                port = DockyardProcess.freePort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            String listener = elb.createListener(b -> b.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg))).listeners().get(0).listenerArn();
            assertThatThrownBy(() -> elb.deleteTargetGroup(b -> b.targetGroupArn(tg))).isInstanceOf(ResourceInUseException.class);
            elb.createRule(b -> b.listenerArn(listener).priority(1).conditions(c -> c.field("path-pattern").values("/x")).actions(a -> a.type("forward").targetGroupArn(tg)));
            assertThatThrownBy(() -> elb.createRule(b -> b.listenerArn(listener).priority(1).conditions(c -> c.field("path-pattern").values("/y"))
                    .actions(a -> a.type("forward").targetGroupArn(tg)))).isInstanceOf(PriorityInUseException.class);
            assertThat(elb.describeRules(b -> b.listenerArn(listener)).rules()).hasSize(2);
            assertThat(elb.describeTargetGroups(b -> b.names("errs")).targetGroups()).hasSize(1);
        }
    }

    @Test
    void errorsAreQueryProtocolXml() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=x")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DeleteListener&Version=2015-12-01&ListenerArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A000000000000%3Alistener%2Fapp%2Fx%2F1%2F2"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>ListenerNotFound</Code>")
                .containsPattern("<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>");
        HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=x")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeLoadBalancers&Version=2015-12-01")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeLoadBalancersResult><LoadBalancers></LoadBalancers>")
                .doesNotContain("<member>");
    }
}
