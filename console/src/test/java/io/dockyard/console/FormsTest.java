package io.dockyard.console;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormsTest {
    @Test
    void formsDecodeAndRepeatedFieldsJoinByLines() {
        assertThat(Forms.parse("a=1&b=x+y%21&a=2&c")).containsExactly(Map.entry("a", "1\n2"), Map.entry("b", "x y!"), Map.entry("c", ""));
    }

    @Test
    void anErrorMessageIsShownAtTheFieldItNames() {
        List<String> fields = List.of("cluster", "clusterName", "family", "containerName", "image", "size", "logGroup");
        assertThat(Forms.fieldNamedIn("Cluster name must be between 1 and 255 characters.", fields)).isEqualTo("clusterName");
        assertThat(Forms.fieldNamedIn("Container.name should not be null or empty.", fields, TaskDefinitionForm.ALIASES)).isEqualTo("containerName");
        assertThat(Forms.fieldNamedIn("Invalid 'cpu' setting for task.", fields, TaskDefinitionForm.ALIASES)).isEqualTo("size");
        assertThat(Forms.fieldNamedIn("The family is too long.", fields, TaskDefinitionForm.ALIASES)).isEqualTo("family");
        assertThat(Forms.fieldNamedIn("Something else went wrong.", fields, TaskDefinitionForm.ALIASES)).isNull();
        // a word inside another word is not a mention
        assertThat(Forms.fieldNamedIn("The images were pruned.", List.of("image"))).isNull();
    }

    @Test
    void theTaskDefinitionFormIsRegisterTaskDefinitionsInput() {
        Map<String, String> form = new java.util.HashMap<>(Map.of("family", "web", "containerName", "app", "image", "busybox", "size", "256/512",
                "networkMode", "bridge", "compatibility", "EC2", "containerPort", "80", "hostPort", "0"));
        form.putAll(Map.of("environment", "A=1\n\nB=x=y", "command", "httpd -f", "logGroup", "/ecs/web"));
        Map<String, Object> in = TaskDefinitionForm.input(form);
        assertThat(in).containsEntry("family", "web").containsEntry("cpu", "256").containsEntry("memory", "512")
                .containsEntry("requiresCompatibilities", List.of("EC2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> c = ((List<Map<String, Object>>) in.get("containerDefinitions")).getFirst();
        assertThat(c).containsEntry("command", List.of("sh", "-c", "httpd -f"))
                .containsEntry("portMappings", List.of(Map.of("containerPort", 80, "hostPort", 0, "protocol", "tcp")))
                .containsEntry("environment", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "x=y")));
        assertThat(c.get("logConfiguration").toString()).contains("awslogs-group=/ecs/web");
        assertThatThrownBy(() -> TaskDefinitionForm.input(Map.of("environment", "=nothing"))).isInstanceOf(Actions.FieldError.class)
                .hasMessageContaining("has no name");
        assertThatThrownBy(() -> TaskDefinitionForm.input(Map.of("containerPort", "eighty"))).isInstanceOf(Actions.FieldError.class)
                .hasMessageContaining("not a whole number");
    }

    @Test
    @SuppressWarnings("unchecked")
    void containersAddedOnThePageFollowTheFirstInTheOrderOfTheirNumbers() {
        // as the browser posts them: the added containers' fields end with -N; an unchecked box leaves only its hidden "false"
        Map<String, String> form = Forms.parse("family=web&containerName=app&image=busybox&essential=false%0Atrue"
                + "&containerName-3=third&image-3=img3&essential-3=false&command-3=sleep+1"
                + "&containerName-1=second&image-1=img1&essential-1=false%0Atrue&containerPort-1=8080");
        List<Map<String, Object>> cs = (List<Map<String, Object>>) TaskDefinitionForm.input(form).get("containerDefinitions");
        assertThat(cs).extracting(c -> c.get("name")).containsExactly("app", "second", "third");
        assertThat(cs).extracting(c -> c.get("essential")).containsExactly(true, true, false);
        assertThat(cs.get(1)).containsEntry("image", "img1").containsEntry("portMappings", List.of(Map.of("containerPort", 8080, "protocol", "tcp")));
        assertThat(cs.get(2)).containsEntry("command", List.of("sh", "-c", "sleep 1")).doesNotContainKey("portMappings");
        assertThatThrownBy(() -> TaskDefinitionForm.input(Map.of("containerName-2", "x", "containerPort-2", "many")))
                .isInstanceOf(Actions.FieldError.class).extracting(e -> ((Actions.FieldError) e).field()).isEqualTo("containerPort-2");
        Map<String, String> eleven = new java.util.HashMap<>(Map.of("containerName", "a"));
        for (int i = 1; i <= TaskDefinitionForm.MAX_CONTAINERS; i++) eleven.put("containerName-" + i, "c" + i);
        assertThatThrownBy(() -> TaskDefinitionForm.input(eleven)).hasMessageContaining("at most 10 containers");
    }

    @Test
    void fargateSizesAreTheValidPairs() {
        assertThat(TaskDefinitionForm.FARGATE_SIZES.get(256)).containsExactly(512, 1024, 2048);
        assertThat(TaskDefinitionForm.FARGATE_SIZES.get(1024)).startsWith(2048).endsWith(8192);
        assertThat(TaskDefinitionForm.FARGATE_SIZES.get(4096)).startsWith(8192).endsWith(30720);
    }
}
