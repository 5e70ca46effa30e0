package io.dockyard.registry.bytes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DigestTest {
    @Test
    void parsesSha256AndSha512AndRefusesTheRest() {
        assertThat(Digest.parse("sha256:" + "a".repeat(64))).isEqualTo(new Digest("sha256", "a".repeat(64)));
        assertThat(Digest.parse("sha512:" + "0".repeat(128))).isNotNull();
        assertThat(Digest.parse("sha256:" + "a".repeat(63))).isNull();
        assertThat(Digest.parse("sha256:" + "A".repeat(64))).isNull();
        assertThat(Digest.parse("md5:" + "a".repeat(32))).isNull();
        assertThat(Digest.parse("latest")).isNull();
        assertThat(Digest.parse(null)).isNull();
    }
}
