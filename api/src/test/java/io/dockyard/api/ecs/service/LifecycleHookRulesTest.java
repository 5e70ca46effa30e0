package io.dockyard.api.ecs.service;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** deploymentConfiguration.lifecycleHooks: PAUSE hooks accepted as ECS checks them; AWS_LAMBDA refused (no Lambda in Dockyard). */
class LifecycleHookRulesTest {

    private static Map<String, Object> cfg(Map<String, Object> hook) {
        return Map.of("strategy", "BLUE_GREEN", "lifecycleHooks", List.of(hook));
    }

    private static void refused(Map<String, Object> hook, String code) {
        assertThatThrownBy(() -> ServiceRules.deploymentConfiguration(cfg(hook), false))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void pauseHooksAreAccepted() {
        assertThatCode(() -> ServiceRules.deploymentConfiguration(cfg(Map.of("targetType", "PAUSE",
                "lifecycleStages", List.of("POST_TEST_TRAFFIC_SHIFT", "PRE_SCALE_UP"),
                "timeoutConfiguration", Map.of("timeoutInMinutes", 20160, "action", "ROLLBACK"))), false)).doesNotThrowAnyException();
    }

    @Test
    void badHooksAreRefused() {
        refused(Map.of("targetType", "PAUSE", "lifecycleStages", List.of("BAKE_TIME")), "InvalidParameterException");
        refused(Map.of("targetType", "PAUSE", "lifecycleStages", List.of()), "InvalidParameterException");
        refused(Map.of("targetType", "SNS", "lifecycleStages", List.of("PRE_SCALE_UP")), "InvalidParameterException");
        refused(Map.of("targetType", "PAUSE", "lifecycleStages", List.of("PRE_SCALE_UP"),
                "timeoutConfiguration", Map.of("timeoutInMinutes", 0)), "InvalidParameterException");
        refused(Map.of("targetType", "PAUSE", "lifecycleStages", List.of("PRE_SCALE_UP"),
                "timeoutConfiguration", Map.of("action", "WAIT")), "InvalidParameterException");
        refused(Map.of("lifecycleStages", List.of("PRE_SCALE_UP")), "InvalidParameterException");
        refused(Map.of("targetType", "AWS_LAMBDA", "hookTargetArn", "arn:aws:lambda:us-east-1:000000000000:function:f",
                "lifecycleStages", List.of("PRE_SCALE_UP")), "UnsupportedFeatureException");
    }
}
