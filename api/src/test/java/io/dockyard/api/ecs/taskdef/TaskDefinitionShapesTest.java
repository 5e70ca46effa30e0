package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.model.TaskDefinition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.dockyard.api.ecs.taskdef.TaskDefinitionRulesTest.doc;
import static org.assertj.core.api.Assertions.assertThat;

/** The wire form: what was sent, plus exactly what ECS adds and defaults. */
class TaskDefinitionShapesTest {

    private static Map<String, Object> render(String json) {
        Map<String, Object> d = doc(json);
        TaskDefinition td = new TaskDefinition("arn:aws:ecs:us-east-1:1:task-definition/f:1", "f", 1, "ACTIVE", d, Compatibilities.of(d),
                RequiredAttributes.of(d), Instant.ofEpochSecond(1), null, "arn:aws:iam::1:root", List.of(), false);
        return TaskDefinitionShapes.taskDefinition(td);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> td, int i) {
        return ((List<Map<String, Object>>) td.get("containerDefinitions")).get(i);
    }

    @Test
    void addsTheDefaultsEcsFillsIn() {
        Map<String, Object> td = render("{'family':'f','containerDefinitions':[{'name':'app','image':'busybox','memory':64,"
                + "'portMappings':[{'containerPort':80}],'healthCheck':{'command':['CMD','true']}}]}");
        assertThat(td.keySet()).containsExactly("taskDefinitionArn", "containerDefinitions", "family", "revision", "volumes", "status",
                "requiresAttributes", "placementConstraints", "compatibilities", "registeredAt", "registeredBy");
        assertThat(td.get("volumes")).isEqualTo(List.of());
        assertThat(td.get("compatibilities")).isEqualTo(List.of("EXTERNAL", "EC2"));
        assertThat(td.get("requiresAttributes")).isEqualTo(List.of(Map.of("name", "ecs.capability.container-health-check")));
        Map<String, Object> c = container(td, 0);
        assertThat(c).containsEntry("cpu", 0).containsEntry("essential", true).containsEntry("environment", List.of())
                .containsEntry("mountPoints", List.of()).containsEntry("volumesFrom", List.of()).containsEntry("systemControls", List.of());
        assertThat(c.get("portMappings")).isEqualTo(List.of(Map.of("containerPort", 80, "protocol", "tcp")));
        assertThat(c.get("healthCheck")).isEqualTo(Map.of("command", List.of("CMD", "true"), "interval", 30, "timeout", 5, "retries", 3));
    }

    @Test
    void awsvpcPortMappingsGetTheContainerPortAsHostPort() {
        Map<String, Object> td = render("{'family':'f','networkMode':'awsvpc','cpu':'1 vCPU','memory':'2 GB','containerDefinitions':[{'name':'app','image':'busybox',"
                + "'portMappings':[{'containerPort':8080,'protocol':'udp'}]}]}");
        assertThat(container(td, 0).get("portMappings")).isEqualTo(List.of(Map.of("containerPort", 8080, "hostPort", 8080, "protocol", "udp")));
        assertThat(td).containsEntry("cpu", "1024").containsEntry("memory", "2048");
        assertThat(td.get("compatibilities")).isEqualTo(List.of("EC2", "FARGATE", "MANAGED_INSTANCES"));
        assertThat(td.get("requiresAttributes")).isEqualTo(List.of(Map.of("name", "com.amazonaws.ecs.capability.docker-remote-api.1.18"),
                Map.of("name", "ecs.capability.task-eni")));
    }

    @Test
    void keepsWhatWasSentAndDropsNullsAndUnknownMembers() {
        Map<String, Object> td = render("{'family':'f','taskRoleArn':'','volumes':[],'containerDefinitions':[{'name':'app','image':'busybox','memory':64,"
                + "'cpu':10,'essential':false,'command':['sleep','1'],'hostname':null,'madeUp':1},{'name':'b','image':'busybox','memory':8}],'alsoMadeUp':true}");
        assertThat(td).doesNotContainKeys("taskRoleArn", "alsoMadeUp");
        Map<String, Object> c = container(td, 0);
        assertThat(c).containsEntry("cpu", 10).containsEntry("essential", false).containsEntry("command", List.of("sleep", "1"))
                .doesNotContainKeys("hostname", "madeUp");
    }
}
