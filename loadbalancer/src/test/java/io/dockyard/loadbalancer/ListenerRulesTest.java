package io.dockyard.loadbalancer;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.api.RuleSwitch;
import io.dockyard.loadbalancer.api.TargetGroupSettings;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.Rule;
import io.dockyard.loadbalancer.model.TargetGroup;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Traffic shifting for blue/green, linear and canary: a rule's forward action points all its weight at one target group, or splits it. */
class ListenerRulesTest {
    private static final String P = "arn:aws:elasticloadbalancing:us-east-1:000000000000:";
    private final Store store = new CachedStore(new MemoryJournal());
    private final ListenerRules rules = new RuleSwitch(new Elbv2(store, DataPlanePort.NONE, Clock.systemUTC(), "us-east-1a"));

    private String group(String name) {
        String arn = P + "targetgroup/" + name + "/0123456789abcdef";
        store.put(LbKinds.TARGET_GROUP, new TargetGroup(arn, name, "HTTP", "HTTP1", 80, "vpc-dockyard", "ip", "ipv4",
                TargetGroupSettings.defaults("HTTP"), TargetGroupSettings.defaultAttributes("HTTP")));
        return arn;
    }

    private static Map<String, Object> forward(String tg) {
        return Map.of("Type", "forward", "TargetGroupArn", tg, "Order", 1,
                "ForwardConfig", Map.of("TargetGroups", List.of(Map.of("TargetGroupArn", tg, "Weight", 1))));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tuples(List<Map<String, Object>> actions) {
        return (List<Map<String, Object>>) ((Map<String, Object>) actions.get(0).get("ForwardConfig")).get("TargetGroups");
    }

    @Test
    void aRuleShiftsAllWeightAndBackKeepingBothGroupsListed() {
        String blue = group("blue"), green = group("green");
        String listener = P + "listener/app/lb/1/2";
        String arn = P + "listener-rule/app/lb/1/2/3";
        store.put(LbKinds.RULE, new Rule(arn, listener, 10, List.of(), List.of(forward(blue))));
        rules.forward(arn, green);
        Rule r = store.get(LbKinds.RULE, arn).orElseThrow();
        assertThat(tuples(r.actions())).containsExactly(Map.of("TargetGroupArn", blue, "Weight", 0), Map.of("TargetGroupArn", green, "Weight", 100));
        assertThat(r.actions().get(0)).doesNotContainKey("TargetGroupArn").containsEntry("Order", 1);
        rules.forward(arn, blue);
        assertThat(tuples(store.get(LbKinds.RULE, arn).orElseThrow().actions()))
                .containsExactly(Map.of("TargetGroupArn", blue, "Weight", 100), Map.of("TargetGroupArn", green, "Weight", 0));
    }

    @Test
    void aRuleSplitsByWeightAndOtherGroupsGetNone() {
        String blue = group("blue"), green = group("green"), other = group("other");
        String arn = P + "listener-rule/app/lb/1/2/4";
        store.put(LbKinds.RULE, new Rule(arn, P + "listener/app/lb/1/2", 12, List.of(), List.of(forward(other))));
        Map<String, Integer> split = new java.util.LinkedHashMap<>();
        split.put(blue, 750);
        split.put(green, 250);
        rules.weigh(arn, split);
        assertThat(tuples(store.get(LbKinds.RULE, arn).orElseThrow().actions())).as("groups not listed yet are added, in order")
                .containsExactly(Map.of("TargetGroupArn", other, "Weight", 0), Map.of("TargetGroupArn", blue, "Weight", 750),
                        Map.of("TargetGroupArn", green, "Weight", 250));
        rules.weigh(arn, Map.of(green, 999, blue, 1));
        assertThat(tuples(store.get(LbKinds.RULE, arn).orElseThrow().actions()))
                .containsExactly(Map.of("TargetGroupArn", other, "Weight", 0), Map.of("TargetGroupArn", blue, "Weight", 1),
                        Map.of("TargetGroupArn", green, "Weight", 999));
        assertThatThrownBy(() -> rules.weigh(arn, Map.of(green, 1000))).as("ALB weights are 0..999")
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("ValidationError"));
        assertThat(tuples(store.get(LbKinds.RULE, arn).orElseThrow().actions())).extracting(t -> t.get("Weight")).containsExactly(0, 1, 999);
    }

    @Test
    void aDefaultRuleIsTheListenersDefaultActions() {
        String blue = group("blue"), green = group("green");
        Listener l = new Listener(P + "listener/app/lb/1/9", P + "loadbalancer/app/lb/1", "HTTP", 8080, List.of(forward(blue)), P + "listener-rule/app/lb/1/9/default");
        store.put(LbKinds.LISTENER, l);
        rules.forward(l.defaultRuleArn(), green);
        assertThat(tuples(store.get(LbKinds.LISTENER, l.arn()).orElseThrow().defaultActions()))
                .containsExactly(Map.of("TargetGroupArn", blue, "Weight", 0), Map.of("TargetGroupArn", green, "Weight", 100));
        rules.forward(l.arn(), blue);
        assertThat(tuples(store.get(LbKinds.LISTENER, l.arn()).orElseThrow().defaultActions()))
                .as("a listener ARN (NLB) shifts its default actions").containsExactly(Map.of("TargetGroupArn", blue, "Weight", 100), Map.of("TargetGroupArn", green, "Weight", 0));
    }

    @Test
    void unknownRulesAndGroupsAndNonForwardRulesAreRefused() {
        String blue = group("blue");
        assertThatThrownBy(() -> rules.forward(P + "listener-rule/app/lb/1/2/404", blue))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("RuleNotFound"));
        String arn = P + "listener-rule/app/lb/1/2/5";
        store.put(LbKinds.RULE, new Rule(arn, P + "listener/app/lb/1/2", 11, List.of(),
                List.of(Map.of("Type", "fixed-response", "FixedResponseConfig", Map.of("StatusCode", "200")))));
        assertThatThrownBy(() -> rules.forward(arn, blue)).isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidLoadBalancerAction"));
        assertThatThrownBy(() -> rules.forward(arn, blue.replace("blue", "nope"))).isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("TargetGroupNotFound"));
    }
}
