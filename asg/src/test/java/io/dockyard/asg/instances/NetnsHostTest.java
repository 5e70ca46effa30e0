package io.dockyard.asg.instances;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NetnsHostTest {
    @Test
    void eachSlotIsA30OfTheSubnetWithTheGatewayFirstAndTheHostSecond() {
        NetnsHost one = new NetnsHost(1, "10.213", Path.of("/tmp/x"));
        assertThat(one.name()).isEqualTo("dyh-1");
        assertThat(one.gateway()).isEqualTo("10.213.0.5");
        assertThat(one.address()).isEqualTo("10.213.0.6");
        NetnsHost far = new NetnsHost(300, "10.213", Path.of("/tmp/x"));
        assertThat(far.gateway()).isEqualTo("10.213.4.177");
        assertThat(far.address()).isEqualTo("10.213.4.178");
        assertThat(far.dockerHost()).isEqualTo("unix:///run/dyh-300/docker.sock");
    }

    @Test
    void noTwoSlotsShareAnAddressAndNoneLeavesTheSubnet() {
        Set<String> seen = new HashSet<>();
        for (int slot = 1; slot < 16_000; slot++) {
            NetnsHost h = new NetnsHost(slot, "10.213", Path.of("/tmp/x"));
            assertThat(seen.add(h.gateway())).isTrue();
            assertThat(seen.add(h.address())).isTrue();
            String[] octets = h.address().split("\\.");
            assertThat(Integer.parseInt(octets[2])).isBetween(0, 255);
            assertThat(h.name().length() + 1).as("veth names fit IFNAMSIZ").isLessThanOrEqualTo(15);
        }
    }

    @Test
    void theHostsNamespacesAreReadFromIpNetnsDirectory(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        for (String n : new String[]{"dyh-3", "dyh-12", "other", "dyh-x", "dyh-"}) java.nio.file.Files.createFile(dir.resolve(n));
        assertThat(NetnsHost.existingSlots(dir)).containsExactlyInAnyOrder(3, 12);
        assertThat(NetnsHost.existingSlots(dir.resolve("absent"))).isEmpty();
    }
}
