package io.dockyard.protocol.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessMappingsTest {
    @Test
    void servicesAreFoundByTheirSigningNameAndActionsPrefixed() {
        AccessMappings m = AccessMappings.of(AccessMapping.unscoped("ecs"), AccessMapping.unscoped("sqs"));
        assertThat(m.find("ecs")).isPresent();
        assertThat(m.find("ecs").orElseThrow().action("RunTask")).isEqualTo("ecs:RunTask");
        assertThat(m.find("acm")).isEmpty();
    }

    @Test
    void everyExposedServiceMustBringAMapping() {
        AccessMappings m = AccessMappings.of(AccessMapping.unscoped("ecs"));
        assertThat(m.missing(List.of("ecs", "sqs", "acm"))).containsExactly("acm", "sqs");
        assertThatThrownBy(() -> m.require(List.of("ecs", "sqs"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("[sqs]");
        assertThat(m.require(List.of("ecs"))).isSameAs(m);
        assertThatThrownBy(() -> AccessMappings.of(AccessMapping.unscoped("ecs"), AccessMapping.unscoped("ecs"))).isInstanceOf(IllegalArgumentException.class);
    }
}
