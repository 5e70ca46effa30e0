package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostSafetyTest {
    static final HostSafety STRICT = new HostSafety(false, false, Set.of("NET_BIND_SERVICE"), List.of("/srv/data"));

    static Map<String, Object> def(Map<String, Object> container, List<Map<String, Object>> volumes, String networkMode) {
        Map<String, Object> c = new java.util.HashMap<>(Map.of("name", "app", "image", "busybox"));
        c.putAll(container);
        Map<String, Object> d = new java.util.HashMap<>(Map.of("family", "f", "containerDefinitions", List.of(c), "volumes", volumes));
        if (networkMode != null) d.put("networkMode", networkMode);
        return d;
    }

    @Test
    void secureModeRefusesWhatTheOperatorHasNotAllowed() {
        assertThatThrownBy(() -> STRICT.check(def(Map.of("privileged", true), List.of(), null))).isInstanceOf(AwsException.class)
                .hasMessageContaining("privileged").extracting("code").isEqualTo("ClientException");
        assertThatThrownBy(() -> STRICT.check(def(Map.of(), List.of(), "host"))).hasMessageContaining("--allow-host-network");
        assertThatThrownBy(() -> STRICT.check(def(Map.of("linuxParameters", Map.of("capabilities", Map.of("add", List.of("SYS_ADMIN")))), List.of(), null)))
                .hasMessageContaining("SYS_ADMIN");
        assertThatThrownBy(() -> STRICT.check(def(Map.of(), List.of(Map.of("name", "root", "host", Map.of("sourcePath", "/"))), null)))
                .hasMessageContaining("--allowed-host-paths");
        // a path that climbs out of an allowed one is not under it
        assertThatThrownBy(() -> STRICT.check(def(Map.of(), List.of(Map.of("name", "up", "host", Map.of("sourcePath", "/srv/data/../../etc"))), null)))
                .hasMessageContaining("/etc");
        assertThatThrownBy(() -> STRICT.check(def(Map.of("linuxParameters", Map.of("devices", List.of(Map.of("hostPath", "/dev/kvm")))), List.of(), null)))
                .hasMessageContaining("devices");
    }

    @Test
    void whatIsAllowedPassesAndLocalModeAllowsEverything() {
        Map<String, Object> ok = def(Map.of("linuxParameters", Map.of("capabilities", Map.of("add", List.of("net_bind_service")))),
                List.of(Map.of("name", "data", "host", Map.of("sourcePath", "/srv/data/app"))), "bridge");
        assertThatCode(() -> STRICT.check(ok)).doesNotThrowAnyException();
        Map<String, Object> everything = def(Map.of("privileged", true), List.of(Map.of("name", "root", "host", Map.of("sourcePath", "/"))), "host");
        assertThatCode(() -> HostSafety.ANY.check(everything)).doesNotThrowAnyException();
    }
}
