package io.dockyard.api.ecs;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EcsAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
    final EcsAccess ecs = new EcsAccess();

    @Test
    void clustersAndServicesAreTheirArns() {
        assertThat(ecs.action("RunTask")).isEqualTo("ecs:RunTask");
        assertThat(ecs.resources("UpdateService", Map.of("cluster", "prod", "service", "web"), CTX))
                .containsExactly("arn:aws:ecs:eu-west-1:123456789012:service/prod/web");
        assertThat(ecs.resources("CreateCluster", Map.of("clusterName", "dev"), CTX)).containsExactly("arn:aws:ecs:eu-west-1:123456789012:cluster/dev");
        assertThat(ecs.resources("ListClusters", Map.of(), CTX)).isEmpty();
        assertThat(ecs.resources("ListServices", Map.of("cluster", "prod"), CTX)).isEmpty();
        assertThat(ecs.resources("RunTask", Map.of("cluster", "prod", "taskDefinition", "web:3"), CTX))
                .containsExactly("arn:aws:ecs:eu-west-1:123456789012:cluster/prod");
    }

    @Test
    void withoutAClusterTasksAndTaskDefinitionsAreNamed() {
        assertThat(ecs.resources("StopTask", Map.of("task", "abc"), CTX)).containsExactly("arn:aws:ecs:eu-west-1:123456789012:task/default/abc");
        assertThat(ecs.resources("DescribeTasks", Map.of("tasks", List.of("a", "arn:aws:ecs:eu-west-1:123456789012:task/x/b")), CTX))
                .containsExactly("arn:aws:ecs:eu-west-1:123456789012:task/default/a", "arn:aws:ecs:eu-west-1:123456789012:task/x/b");
        assertThat(ecs.resources("RunTask", Map.of("taskDefinition", "web:3"), CTX)).containsExactly("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3");
        assertThat(ecs.resources("DescribeTaskDefinition", Map.of("taskDefinition", "web"), CTX))
                .containsExactly("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:*");
        assertThat(ecs.resources("RegisterTaskDefinition", Map.of("family", "web"), CTX)).isEmpty();
    }

    @Test
    void theClusterAndTaskDefinitionAreConditionKeys() {
        assertThat(ecs.conditions("RunTask", Map.of("cluster", "prod", "taskDefinition", "web:3"), CTX))
                .containsEntry("ecs:cluster", List.of("arn:aws:ecs:eu-west-1:123456789012:cluster/prod"))
                .containsEntry("ecs:task-definition", List.of("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"));
        assertThat(ecs.conditions("ListClusters", Map.of(), CTX)).isEmpty();
    }
}
