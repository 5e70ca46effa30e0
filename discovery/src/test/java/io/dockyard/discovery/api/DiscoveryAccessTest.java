package io.dockyard.discovery.api;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
    static final String P = "arn:aws:servicediscovery:eu-west-1:123456789012:";

    @Test
    void namespacesAndServicesAreTheirArns() {
        DiscoveryAccess d = new DiscoveryAccess();
        assertThat(d.resources("GetNamespace", Map.of("Id", "ns-1"), CTX)).containsExactly(P + "namespace/ns-1");
        assertThat(d.resources("DeleteService", Map.of("Id", "srv-1"), CTX)).containsExactly(P + "service/srv-1");
        assertThat(d.resources("RegisterInstance", Map.of("ServiceId", "srv-1", "InstanceId", "i"), CTX)).containsExactly(P + "service/srv-1");
        assertThat(d.resources("CreateService", Map.of("Name", "web", "DnsConfig", Map.of("NamespaceId", "ns-2")), CTX)).containsExactly(P + "namespace/ns-2");
        assertThat(d.resources("CreateService", Map.of("Name", "web", "NamespaceId", "ns-3"), CTX)).containsExactly(P + "namespace/ns-3");
        assertThat(d.resources("GetOperation", Map.of("OperationId", "op"), CTX)).isEmpty();
        assertThat(d.resources("ListNamespaces", Map.of(), CTX)).isEmpty();
        assertThat(d.resources("TagResource", Map.of("ResourceARN", P + "namespace/ns-1"), CTX)).containsExactly(P + "namespace/ns-1");
    }
}
