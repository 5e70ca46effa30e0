package io.dockyard.loadbalancer.dataplane;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MatchersTest {
    @Test
    void wildcardsMatchAsElbDoes() {
        assertThat(Matchers.wildcard("/img/*", false).matcher("/img/a/b.png").matches()).isTrue();
        assertThat(Matchers.wildcard("/img/*", false).matcher("/IMG/a").matches()).isFalse();
        assertThat(Matchers.wildcard("*.example.com", true).matcher("API.Example.com").matches()).isTrue();
        assertThat(Matchers.wildcard("v?", true).matcher("v2").matches()).isTrue();
        assertThat(Matchers.wildcard("a.b", false).matcher("axb").matches()).isFalse();
    }

    @Test
    void cidrBlocksContainAddresses() {
        assertThat(Matchers.Cidr.parse("127.0.0.0/8").contains("127.1.2.3")).isTrue();
        assertThat(Matchers.Cidr.parse("192.168.1.0/24").contains("192.168.2.1")).isFalse();
        assertThat(Matchers.Cidr.parse("127.0.0.1/32").contains("127.0.0.1")).isTrue();
    }
}
