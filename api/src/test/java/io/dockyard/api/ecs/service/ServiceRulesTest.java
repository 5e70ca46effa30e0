package io.dockyard.api.ecs.service;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** deploymentConfiguration of LINEAR and CANARY services: ECS's ranges, the strategy each configuration belongs to, UpdateService's merge. */
class ServiceRulesTest {

    private static void refused(Map<String, Object> cfg, String message) {
        assertThatThrownBy(() -> ServiceRules.deploymentConfiguration(cfg, false)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("InvalidParameterException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void accepted(Map<String, Object> cfg) {
        assertThatCode(() -> ServiceRules.deploymentConfiguration(cfg, false)).doesNotThrowAnyException();
    }

    private static Map<String, Object> linear(Object stepPercent, Object stepBake) {
        Map<String, Object> c = new HashMap<>();
        if (stepPercent != null) c.put("stepPercent", stepPercent);
        if (stepBake != null) c.put("stepBakeTimeInMinutes", stepBake);
        return Map.of("strategy", "LINEAR", "linearConfiguration", c);
    }

    private static Map<String, Object> canary(Object canaryPercent, Object canaryBake) {
        Map<String, Object> c = new HashMap<>();
        if (canaryPercent != null) c.put("canaryPercent", canaryPercent);
        if (canaryBake != null) c.put("canaryBakeTimeInMinutes", canaryBake);
        return Map.of("strategy", "CANARY", "canaryConfiguration", c);
    }

    @Test
    void linearStepsAreMultiplesOfATenthFrom3To100AndBakeTimesUpToADay() {
        for (Object ok : List.of(3.0, 3, 10.5, 33.3, 99.9, 100.0)) accepted(linear(ok, 6));
        accepted(linear(null, null));
        accepted(linear(10.0, 0));
        accepted(linear(10.0, 1440));
        refused(linear(2.9, null), "stepPercent must be between 3.0 and 100.0.");
        refused(linear(100.1, null), "stepPercent must be between 3.0 and 100.0.");
        refused(linear(10.05, null), "stepPercent must be a multiple of 0.1.");
        refused(linear(10.0, 1441), "stepBakeTimeInMinutes must be between 0 and 1440.");
        refused(linear(10.0, -1), "stepBakeTimeInMinutes must be between 0 and 1440.");
    }

    @Test
    void canaryPercentFromATenthTo100() {
        for (Object ok : List.of(0.1, 5.0, 50, 100.0)) accepted(canary(ok, 10));
        refused(canary(0.0, null), "canaryPercent must be between 0.1 and 100.0.");
        refused(canary(100.5, null), "canaryPercent must be between 0.1 and 100.0.");
        refused(canary(12.34, null), "canaryPercent must be a multiple of 0.1.");
        refused(canary(5.0, 2000), "canaryBakeTimeInMinutes must be between 0 and 1440.");
        refused(Map.of("strategy", "CANARY", "bakeTimeInMinutes", 1441), "bakeTimeInMinutes must be between 0 and 1440.");
    }

    @Test
    void aConfigurationBelongsToItsStrategy() {
        refused(Map.of("strategy", "CANARY", "linearConfiguration", Map.of("stepPercent", 10.0)),
                "linearConfiguration can only be specified when the deployment strategy is LINEAR.");
        refused(Map.of("canaryConfiguration", Map.of("canaryPercent", 10.0)),
                "canaryConfiguration can only be specified when the deployment strategy is CANARY.");
        refused(Map.of("strategy", "BLUE_GREEN", "canaryConfiguration", Map.of()),
                "canaryConfiguration can only be specified when the deployment strategy is CANARY.");
        assertThatThrownBy(() -> ServiceRules.deploymentConfiguration(linear("ten", null), false))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void linearAndCanaryNeedTheAdvancedConfigurationOfBlueGreen() {
        List<Map<String, Object>> plain = List.of(Map.of("targetGroupArn", "tg-blue", "containerName", "web", "containerPort", 80));
        assertThatThrownBy(() -> ServiceRules.blueGreen(Map.of("strategy", "LINEAR"), plain)).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.getMessage()).startsWith("The LINEAR deployment strategy requires advancedConfiguration"));
        assertThatThrownBy(() -> ServiceRules.blueGreen(Map.of("strategy", "CANARY"), plain)).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.getMessage()).startsWith("The CANARY deployment strategy requires advancedConfiguration"));
        assertThatCode(() -> ServiceRules.blueGreen(Map.of("strategy", "ROLLING"), plain)).doesNotThrowAnyException();
        assertThatCode(() -> ServiceRules.blueGreen(Map.of(), plain)).as("no strategy given: ROLLING").doesNotThrowAnyException();
        assertThatCode(() -> ServiceRules.blueGreen(null, plain)).as("no deploymentConfiguration").doesNotThrowAnyException();
    }

    @Test
    void updateServiceKeepsStoredMembersButDropsAConfigurationTheNewStrategyDoesNotUse() {
        Map<String, Object> stored = Map.of("strategy", "LINEAR", "linearConfiguration", Map.of("stepPercent", 20.0), "bakeTimeInMinutes", 2);
        assertThat(ServiceRules.merge(stored, Map.of("bakeTimeInMinutes", 0)))
                .containsEntry("linearConfiguration", Map.of("stepPercent", 20.0)).containsEntry("bakeTimeInMinutes", 0);
        assertThat(ServiceRules.merge(stored, Map.of("strategy", "CANARY")))
                .doesNotContainKey("linearConfiguration").containsEntry("strategy", "CANARY").containsEntry("bakeTimeInMinutes", 2);
        Map<String, Object> wrong = ServiceRules.merge(stored, Map.of("strategy", "ROLLING", "linearConfiguration", Map.of()));
        assertThatThrownBy(() -> ServiceRules.deploymentConfiguration(wrong, false)).as("a configuration sent with the wrong strategy is refused")
                .isInstanceOf(AwsException.class);
        assertThat(ServiceRules.merge(null, null)).isEmpty();
    }
}
