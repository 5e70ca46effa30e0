package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewsTest {
    private static JsonNode json(String text) throws Exception { return Json.MAPPER.readTree(text); }

    @Test
    void aServiceIsReadFromDescribeServicesAnswer() throws Exception {
        Views.Service s = Views.service("demo", json("""
                {"serviceName":"web","serviceArn":"arn:aws:ecs:us-east-1:0:service/demo/web","status":"ACTIVE","desiredCount":3,"runningCount":2,
                 "pendingCount":1,"taskDefinition":"arn:aws:ecs:us-east-1:0:task-definition/web:7","launchType":"EC2","createdAt":1764800000.123,
                 "deploymentController":{"type":"ECS"},
                 "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","taskDefinition":"arn:aws:ecs:us-east-1:0:task-definition/web:7","desiredCount":3,
                   "runningCount":2,"pendingCount":1,"failedTasks":0,"rolloutState":"IN_PROGRESS","createdAt":1764800001,"updatedAt":1764800002}],
                 "events":[{"id":"e1","createdAt":1764800003.5,"message":"(service web) has started 1 tasks"}],
                 "loadBalancers":[{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/web-tg/abc","containerName":"app","containerPort":80}]}
                """));
        assertThat(s.taskDefinition()).isEqualTo("web:7");
        assertThat(s.rollout()).isEqualTo("IN_PROGRESS");
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(1764800000123L));
        assertThat(s.events().getFirst().at()).isEqualTo(Instant.ofEpochMilli(1764800003500L));
        assertThat(s.loadBalancers().getFirst().targetGroup()).isEqualTo("web-tg");
        assertThat(s.deployments().getFirst().pending()).isEqualTo(1);
    }

    @Test
    void theTimelineIsNewestFirstWithDeploymentsEventsAndScalingAmongThem() throws Exception {
        Views.Service s = Views.service("demo", json("""
                {"serviceName":"web","events":[{"createdAt":100,"message":"(service web) has reached a steady state."},
                  {"createdAt":50,"message":"(service web) is unable to place a task"}]}"""));
        List<JsonNode> deployments = List.of(json("""
                {"serviceDeploymentArn":"arn:aws:ecs:us-east-1:0:service-deployment/demo/web/d1","status":"ROLLBACK_SUCCESSFUL","createdAt":70,
                 "rollback":{"reason":"circuit breaker"},"deploymentCircuitBreaker":{"status":"TRIGGERED","failureCount":3,"threshold":3}}"""));
        List<Views.Step> steps = Timeline.of(s, deployments, List.of(new Views.Step(Instant.ofEpochSecond(80), "scaling", "Scaling: up", "alarm")));
        assertThat(steps).extracting(Views.Step::at).containsExactly(Instant.ofEpochSecond(100), Instant.ofEpochSecond(80), Instant.ofEpochSecond(70),
                Instant.ofEpochSecond(50));
        assertThat(steps.get(0).css()).isEqualTo("ok");
        assertThat(steps.get(2).css()).isEqualTo("deployment bad");
        assertThat(steps.get(2).detail()).contains("circuit breaker TRIGGERED (3 of 3 failures)").contains("rolled back: circuit breaker");
        assertThat(steps.get(3).css()).isEqualTo("bad");
    }

    @Test
    void aChartScalesItsPointsIntoTheBox() {
        Observe.Chart c = Observe.chart("CPU", List.of(new double[]{0, 0}, new double[]{500, 50}, new double[]{1000, 200}), 0, 1000, 600, 120);
        assertThat(c.points()).isEqualTo("0.0,120.0 300.0,90.0 600.0,0.0");
        assertThat(c.latest()).isEqualTo("200.0 %");
        assertThat(c.max()).isEqualTo("200 %");
        assertThat(Observe.chart("CPU", List.of(), 0, 1, 600, 120).latest()).isEqualTo("no data");
    }
}
