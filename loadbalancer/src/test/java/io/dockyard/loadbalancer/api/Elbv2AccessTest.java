package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Elbv2AccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
    static final String LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1", TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/2",
            LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/3", RULE = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/1/3/4";
    final Elbv2Access elb = new Elbv2Access();

    @Test
    void theMostSpecificArnOfTheInputIsTheResource() {
        assertThat(elb.action("CreateListener")).isEqualTo("elasticloadbalancing:CreateListener");
        assertThat(elb.resources("DeleteLoadBalancer", Map.of("LoadBalancerArn", LB), CTX)).containsExactly(LB);
        assertThat(elb.resources("CreateListener", Map.of("LoadBalancerArn", LB, "DefaultActions", List.of(Map.of("TargetGroupArn", TG))), CTX)).containsExactly(LB);
        assertThat(elb.resources("RegisterTargets", Map.of("TargetGroupArn", TG), CTX)).containsExactly(TG);
        assertThat(elb.resources("CreateRule", Map.of("ListenerArn", LISTENER), CTX)).containsExactly(LISTENER);
        assertThat(elb.resources("ModifyRule", Map.of("RuleArn", RULE), CTX)).containsExactly(RULE);
        assertThat(elb.resources("SetRulePriorities", Map.of("RulePriorities", List.of(Map.of("RuleArn", RULE, "Priority", "1"))), CTX)).containsExactly(RULE);
        assertThat(elb.resources("AddTags", Map.of("ResourceArns", List.of(LB, TG)), CTX)).containsExactly(LB, TG);
    }

    @Test
    void describesAndCreatesNameNone() {
        assertThat(elb.resources("DescribeListeners", Map.of("LoadBalancerArn", LB), CTX)).isEmpty();
        assertThat(elb.resources("CreateLoadBalancer", Map.of("Name", "web"), CTX)).isEmpty();
    }
}
