package io.dockyard.scheduler;

import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds container instance fixtures the way the agent registers them. */
final class TestingInstance {
    static final String CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/test";

    private final String id;
    private long cpu = 1024, memory = 2048;
    private String status = "ACTIVE";
    private boolean connected = true;
    private final List<String> tcp = new ArrayList<>(), udp = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();
    private Instant registeredAt = Instant.parse("2024-01-01T00:00:00Z");
    private String agentVersion = "1.80.0";

    TestingInstance(String id) {
        this.id = id;
        attributes.add(Attribute.of("ecs.instance-type", "t3.medium"));
        attributes.add(Attribute.of("ecs.availability-zone", "us-east-1a"));
    }

    static String arn(String id) { return "arn:aws:ecs:us-east-1:123456789012:container-instance/test/" + id; }

    TestingInstance cpu(long v) { cpu = v; return this; }
    TestingInstance memory(long v) { memory = v; return this; }
    TestingInstance status(String v) { status = v; return this; }
    TestingInstance disconnected() { connected = false; return this; }
    TestingInstance reservedTcp(String... ports) { tcp.addAll(List.of(ports)); return this; }
    TestingInstance reservedUdp(String... ports) { udp.addAll(List.of(ports)); return this; }
    TestingInstance registeredAt(String v) { registeredAt = Instant.parse(v); return this; }
    TestingInstance agentVersion(String v) { agentVersion = v; return this; }
    TestingInstance az(String v) { return attribute("ecs.availability-zone", v); }
    TestingInstance type(String v) { return attribute("ecs.instance-type", v); }

    TestingInstance attribute(String name, String value) {
        attributes.removeIf(a -> a.name().equals(name));
        attributes.add(Attribute.of(name, value));
        return this;
    }

    ContainerInstance build() {
        List<Resource> resources = List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory),
                Resource.stringSet("PORTS", List.copyOf(tcp)), Resource.stringSet("PORTS_UDP", List.copyOf(udp)));
        return new ContainerInstance(arn(id), CLUSTER, "i-" + id, status, null, connected, resources, List.copyOf(attributes),
                Map.of("agentVersion", agentVersion), List.of(), null, registeredAt, registeredAt, null, 1);
    }
}
