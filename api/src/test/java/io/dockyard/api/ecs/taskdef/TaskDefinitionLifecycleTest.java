package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deleted revision stays DELETE_IN_PROGRESS while a task uses it, then goes; numbering continues. */
class TaskDefinitionLifecycleTest {
    private final Ecs ecs = new Ecs(new CachedStore(new MemoryJournal()), Clock.systemUTC(), "us-east-1a");
    private final RequestContext ctx = new RequestContext("r", "us-east-1", "test", "000000000000");

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(TaskDefinitionOperation op, Map<String, Object> in) {
        return (Map<String, Object>) op.handle(in, ctx);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String status) {
        return (List<String>) call(new ListTaskDefinitionsHandler(ecs), Map.of("status", status)).get("taskDefinitionArns");
    }

    @Test
    void deletedRevisionLivesWhileATaskUsesIt() {
        Map<String, Object> container = Map.of("name", "app", "image", "busybox", "memory", 32);
        for (int i = 0; i < 2; i++) call(new RegisterTaskDefinitionHandler(ecs), Map.of("family", "web", "containerDefinitions", List.of(container)));
        String arn = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2";
        call(new DeregisterTaskDefinitionHandler(ecs), Map.of("taskDefinition", "web:2"));
        Task running = new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/1").taskDefinitionArn(arn).lastStatus("RUNNING").build();
        ecs.store().put(Kinds.TASK, running);

        var deleted = call(new DeleteTaskDefinitionsHandler(ecs), Map.of("taskDefinitions", List.of("web:2")));
        assertThat((List<?>) deleted.get("taskDefinitions")).hasSize(1);
        assertThat(list("DELETE_IN_PROGRESS")).containsExactly(arn);
        Map<?, ?> described = (Map<?, ?>) call(new DescribeTaskDefinitionHandler(ecs), Map.of("taskDefinition", "web:2")).get("taskDefinition");
        assertThat(described.get("status")).isEqualTo("DELETE_IN_PROGRESS");
        assertThat(described.get("deleteRequestedAt")).isNotNull();
        assertThatThrownBy(() -> ecs.taskDefinition("web:2")).as("new tasks can not use it").isInstanceOf(AwsException.class);

        ecs.store().put(Kinds.TASK, running.toBuilder().lastStatus("STOPPED").build());
        assertThat(list("DELETE_IN_PROGRESS")).isEmpty();
        assertThatThrownBy(() -> call(new DescribeTaskDefinitionHandler(ecs), Map.of("taskDefinition", "web:2")))
                .isInstanceOf(AwsException.class).hasMessage("Unable to describe task definition.");
        assertThat(list("ACTIVE")).containsExactly("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        Map<?, ?> next = (Map<?, ?>) call(new RegisterTaskDefinitionHandler(ecs), Map.of("family", "web", "containerDefinitions", List.of(container))).get("taskDefinition");
        assertThat(next.get("revision")).isEqualTo(3);
    }

    @Test
    void refusedRegistrationStoresNothing() {
        assertThatThrownBy(() -> call(new RegisterTaskDefinitionHandler(ecs), Map.of("family", "web",
                "containerDefinitions", List.of(Map.of("name", "app", "memory", 32)))))
                .isInstanceOf(AwsException.class);
        assertThat(ecs.store().list(Kinds.TASK_DEFINITION)).isEmpty();
        assertThat(ecs.store().list(TaskDefinitionFamily.KIND)).isEmpty();
    }
}
