package io.dockyard.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryLoginTest {
    @Test
    void findsTheRegistryHostOfAnImageReference() {
        assertThat(RegistryLogin.registryHost("localhost:4566/my-sample-app:latest")).isEqualTo("localhost:4566");
        assertThat(RegistryLogin.registryHost("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app@sha256:abc")).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(RegistryLogin.registryHost("localhost/app")).isEqualTo("localhost");
        assertThat(RegistryLogin.registryHost("busybox:latest")).isNull();
        assertThat(RegistryLogin.registryHost("dockyard-test/busybox:latest")).isNull();
    }
}
