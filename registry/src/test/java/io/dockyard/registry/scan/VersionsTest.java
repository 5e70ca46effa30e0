package io.dockyard.registry.scan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Version order per ecosystem: each row is {@code a < b}, checked both ways, plus equalities. */
class VersionsTest {
    private static void less(String ecosystem, String a, String b) {
        assertThat(Versions.of(ecosystem).compare(a, b)).as(a + " < " + b).isNegative();
        assertThat(Versions.of(ecosystem).compare(b, a)).as(b + " > " + a).isPositive();
    }

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.1", "1.0-1, 1.0-2", "1.0~rc1, 1.0", "1.0~~, 1.0~", "1.0~, 1.0", "1.0, 1.0+b1", "1.0, 1.0a",
            "1:0.9, 2:0.1", "9.9, 1:0.1", "2.30-1, 2.36-9+deb12u4", "1.2.3-1, 1.2.10-1", "1.0-1, 1.0-1.1", "1.0-1~bpo1, 1.0-1",
            "3.0.11-1~deb12u2, 3.0.11-1~deb12u3", "7.88.1-10+deb12u5, 7.88.1-10+deb12u8", "1.0a, 1.0b", "1.0-1, 1.0.1-1", "0:1.0, 1.1"})
    void debian(String a, String b) { less("Debian:12", a, b); }

    @ParameterizedTest
    @CsvSource({
            "1.2.3-r0, 1.2.3-r1", "1.2.3-r9, 1.2.4-r0", "1.2, 1.2.1", "1.2_alpha1, 1.2_beta1", "1.2_rc1, 1.2", "1.2, 1.2_p1",
            "1.2a, 1.2b", "1.2, 1.2a", "3.1.4-r5, 3.1.4_p1-r0", "1.9, 1.10", "1.2_pre2, 1.2_rc1", "2.0_git20230101, 2.0_p1",
            "1.36.1-r5, 1.36.1-r15", "8.5.0-r0, 8.11.1-r0"})
    void alpine(String a, String b) { less("Alpine:v3.19", a, b); }

    @ParameterizedTest
    @CsvSource({
            "1.0.0, 2.0.0", "1.2.3, 1.10.0", "1.0.0-alpha, 1.0.0", "1.0.0-alpha, 1.0.0-alpha.1", "1.0.0-alpha.1, 1.0.0-alpha.beta",
            "1.0.0-beta.2, 1.0.0-beta.11", "1.0.0-rc.1, 1.0.0", "v1.2.3, v1.2.4", "4.17.20, 4.17.21", "0.0.9, 0.1"})
    void semver(String a, String b) { less("npm", a, b); }

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.1", "1.0.dev1, 1.0a1", "1.0a1, 1.0b1", "1.0b2, 1.0rc1", "1.0rc1, 1.0", "1.0, 1.0.post1", "1.0, 1.0.1",
            "2.0, 10.0", "2.0, 1!0.1", "1.0.post1, 1.0.1", "2.31.0, 2.32.0", "1.0a1.dev1, 1.0a1", "1.0c1, 1.0"})
    void pypi(String a, String b) { less("PyPI", a, b); }

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.1", "1.0-alpha-1, 1.0-beta-1", "1.0-beta-1, 1.0-rc-1", "1.0-rc-1, 1.0-SNAPSHOT", "1.0-SNAPSHOT, 1.0",
            "1.0, 1.0-sp1", "1.0, 1.0.1", "2.14.1, 2.15.0", "2.9.10.8, 2.10.0", "1.0-M1, 1.0-RC1", "1.0-alpha1, 1.0", "9.4.50.v20221201, 9.4.51.v20230217"})
    void maven(String a, String b) { less("Maven", a, b); }

    @org.junit.jupiter.api.Test
    void equalities() {
        assertThat(Versions.of("Maven").compare("1.0", "1.0.0")).isZero();
        assertThat(Versions.of("Maven").compare("1.0-ga", "1.0")).isZero();
        assertThat(Versions.of("Maven").compare("1.0-final", "1")).isZero();
        assertThat(Versions.of("PyPI").compare("1.0", "1.0.0")).isZero();
        assertThat(Versions.of("PyPI").compare("1.0+local.1", "1.0")).isZero();
        assertThat(Versions.of("npm").compare("1.2.3+build.5", "1.2.3")).isZero();
        assertThat(Versions.of("Debian").compare("1:1.0-1", "1:1.0-1")).isZero();
        assertThat(Versions.of("Debian:12").compare("1.0", "0:1.0")).isZero();
        assertThat(Versions.of("Debian:12").compare("1.0-00", "1.0-0")).isZero();
    }
}
