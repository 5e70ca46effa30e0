package io.dockyard.scheduler;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ECS rules on placementConstraints and placementStrategy. */
class PlacementRulesTest {

    private static Map<String, Object> map(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static void refused(List<Map<String, Object>> constraints, List<Map<String, Object>> strategies, String message) {
        assertThatThrownBy(() -> Scheduler.validate(constraints, strategies))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidParameterException"))
                .hasMessageContaining(message);
    }

    @Test
    void atMostTenConstraintsAndFiveStrategies() {
        Map<String, Object> distinct = map("type", "distinctInstance");
        Map<String, Object> spread = map("type", "spread", "field", "instanceId");
        Scheduler.validate(Collections.nCopies(10, distinct), Collections.nCopies(5, spread));
        refused(Collections.nCopies(11, distinct), List.of(), "The maximum is 10");
        refused(List.of(), Collections.nCopies(6, spread), "The maximum is 5");
    }

    @Test
    void constraintTypesAndExpressions() {
        refused(List.of(map("type", "sameInstance")), List.of(), "Invalid placement constraint type 'sameInstance'");
        refused(List.of(map()), List.of(), "Invalid placement constraint type 'null'");
        refused(List.of(map("type", "memberOf")), List.of(), "requires an expression");
        refused(List.of(map("type", "distinctInstance", "expression", "task:group == a")), List.of(), "cannot be specified");
        refused(List.of(map("type", "memberOf", "expression", "attribute:x ==")), List.of(), "Invalid cluster query expression");
    }

    @Test
    void strategyTypesAndFields() {
        refused(List.of(), List.of(map("type", "pack")), "Invalid placement strategy type 'pack'");
        refused(List.of(), List.of(map("type", "binpack", "field", "disk")), "Valid fields are cpu and memory");
        refused(List.of(), List.of(map("type", "binpack")), "Invalid field 'null'");
        refused(List.of(), List.of(map("type", "spread", "field", "memory")), "instanceId, host and attribute:<name>");
        refused(List.of(), List.of(map("type", "spread", "field", "attribute:")), "for the spread placement strategy");
    }

    @Test
    void compilesInOrderAndNormalisesFields() {
        PlacementRules.Compiled c = PlacementRules.compile(
                List.of(map("type", "distinctInstance"), map("type", "memberOf", "expression", "attribute:a == b")),
                List.of(map("type", "spread", "field", "host"), map("type", "binpack", "field", "MEMORY"), map("type", "random", "field", "ignored")));
        assertThat(c.distinctInstance()).isTrue();
        assertThat(c.memberOf()).hasSize(1);
        assertThat(c.strategies()).containsExactly(new PlacementRules.Strategy("spread", "instanceId"),
                new PlacementRules.Strategy("binpack", "memory"), new PlacementRules.Strategy("random", null));
    }
}
