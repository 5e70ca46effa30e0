package io.dockyard.launch;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityProvidersTest {
    private static Map<String, Object> item(String p, Integer base, Integer weight) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("capacityProvider", p);
        if (base != null) m.put("base", base);
        if (weight != null) m.put("weight", weight);
        return m;
    }

    @Test
    void baseFirstThenTheWeights() {
        List<CapacityProviders.Item> s = CapacityProviders.parse(List.of(item("FARGATE", 1, 1), item("FARGATE_SPOT", null, 3)));
        assertThat(CapacityProviders.split(s, Map.of(), 5)).containsExactly(Map.entry("FARGATE", 2), Map.entry("FARGATE_SPOT", 3));
        assertThat(CapacityProviders.split(s, Map.of(), 1)).containsExactly(Map.entry("FARGATE", 1));
        // replacing interrupted Spot tasks: the base is there, the weights ask for Spot again
        assertThat(CapacityProviders.split(s, Map.of("FARGATE", 2), 3)).containsExactly(Map.entry("FARGATE_SPOT", 3));
        assertThat(CapacityProviders.split(s, Map.of("FARGATE", 2, "FARGATE_SPOT", 3), 4)).containsExactly(Map.entry("FARGATE", 1), Map.entry("FARGATE_SPOT", 3));
    }

    @Test
    void aLoneProviderTakesEverything() {
        List<CapacityProviders.Item> s = CapacityProviders.parse(List.of(item("FARGATE_SPOT", null, null)));
        assertThat(CapacityProviders.split(s, Map.of(), 4)).containsExactly(Map.entry("FARGATE_SPOT", 4));
    }

    @Test
    void strategiesEcsRefuses() {
        for (List<Map<String, Object>> bad : List.of(
                List.of(item("FARGATE", 1, 1), item("FARGATE_SPOT", 1, 1)),
                List.of(item("FARGATE", null, 0), item("FARGATE_SPOT", null, 0)),
                List.of(item("FARGATE", null, 1), item("FARGATE", null, 1)),
                List.of(item("FARGATE", null, 1001)),
                List.of(item("FARGATE", -1, 1)),
                List.of(item("FARGATE", null, 1), item("my-asg", null, 1)))) {
            assertThatThrownBy(() -> CapacityProviders.parse(bad)).as(bad.toString()).isInstanceOf(AwsException.class)
                    .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidParameterException");
        }
    }
}
