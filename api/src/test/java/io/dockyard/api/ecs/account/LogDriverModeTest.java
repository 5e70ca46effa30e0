package io.dockyard.api.ecs.account;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogDriverModeTest {
    private static Map<String, Object> container(String name, Map<String, Object> log) {
        return log == null ? Map.of("name", name) : Map.of("name", name, "logConfiguration", log);
    }

    @Test
    void theDefaultModeFillsOnlyAwslogsContainersThatSetNone() {
        Map<String, Object> doc = Map.of("family", "web", "containerDefinitions", List.of(
                container("a", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "g"))),
                container("b", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "g", "mode", "non-blocking"))),
                container("c", Map.of("logDriver", "json-file")),
                container("d", null),
                container("e", Map.of("logDriver", "awslogs"))));
        Map<String, Object> out = LogDriverMode.withMode(doc, "blocking");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cs = (List<Map<String, Object>>) out.get("containerDefinitions");
        assertThat(mode(cs.get(0))).isEqualTo("blocking");
        assertThat(mode(cs.get(0)).equals("blocking") && options(cs.get(0)).get("awslogs-group").equals("g")).isTrue();
        assertThat(mode(cs.get(1))).as("set by the container: kept").isEqualTo("non-blocking");
        assertThat(cs.get(2)).isSameAs(doc.get("containerDefinitions") instanceof List<?> l ? l.get(2) : null);
        assertThat(cs.get(3)).doesNotContainKey("logConfiguration");
        assertThat(mode(cs.get(4))).isEqualTo("blocking");
        assertThat(LogDriverMode.lacksMode(cs.get(0))).isFalse();
        assertThat(out.get("family")).isEqualTo("web");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(Map<String, Object> c) {
        return (Map<String, Object>) ((Map<String, Object>) c.get("logConfiguration")).get("options");
    }

    private static Object mode(Map<String, Object> c) { return options(c).get("mode"); }
}
