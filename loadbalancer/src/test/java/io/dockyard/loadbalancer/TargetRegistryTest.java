package io.dockyard.loadbalancer;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.api.TargetService;
import io.dockyard.loadbalancer.model.HealthCheck;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.TargetGroup;
import io.dockyard.loadbalancer.api.TargetGroupSettings;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process target registry a controller uses: same validation and errors as the API. */
class TargetRegistryTest {
    private final Store store = new CachedStore(new MemoryJournal());
    private final TargetRegistry registry = new TargetService(new Elbv2(store, DataPlanePort.NONE, Clock.systemUTC(), "us-east-1a"));

    private String group(String type) {
        String arn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + type + "/0123456789abcdef";
        HealthCheck hc = TargetGroupSettings.defaults("HTTP");
        store.put(LbKinds.TARGET_GROUP, new TargetGroup(arn, type, "HTTP", "HTTP1", 80, "vpc-dockyard", type, "ipv4", hc, TargetGroupSettings.defaultAttributes("HTTP")));
        return arn;
    }

    @Test
    void instanceTargetsMustBeContainerInstances() {
        String tg = group("instance");
        assertThatThrownBy(() -> registry.register(tg, "i-0123456789abcdef0", 8080))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidTarget"));
        store.put(Kinds.CONTAINER_INSTANCE, new ContainerInstance("arn:aws:ecs:us-east-1:000000000000:container-instance/default/abc", "arn:aws:ecs:us-east-1:000000000000:cluster/default",
                "i-0123456789abcdef0", "ACTIVE", null, true, List.of(), List.of(), Map.of(), List.of(), null, Instant.now(), Instant.now(), null, 1));
        registry.register(tg, "i-0123456789abcdef0", 8080);
        registry.register(tg, "i-0123456789abcdef0", 8080);
        assertThat(registry.health(tg)).singleElement().satisfies(h -> {
            assertThat(h.port()).isEqualTo(8080);
            assertThat(h.state()).isEqualTo("unused");
            assertThat(h.reason()).isEqualTo("Target.NotInUse");
        });
        registry.deregister(tg, "i-0123456789abcdef0", 8080);
        assertThat(registry.health(tg)).isEmpty();
        assertThatThrownBy(() -> registry.deregister(tg, "i-0123456789abcdef0", 8080))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidTarget"));
    }

    @Test
    void ipTargetsMustBeIpv4AndTheGroupMustExist() {
        String tg = group("ip");
        assertThatThrownBy(() -> registry.register(tg, "web-1", 80)).isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidTarget"));
        assertThatThrownBy(() -> registry.register(tg.replace("0123", "9999"), "127.0.0.1", 80))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("TargetGroupNotFound"));
        registry.register(tg, "127.0.0.1", 32768);
        assertThat(registry.health(tg)).extracting(TargetHealth::id).containsExactly("127.0.0.1");
    }
}
