package io.dockyard.core.model;

import java.util.List;
import java.util.Map;

/** One container of a task, as DescribeTasks shows it. */
public record Container(
        String containerArn,
        String name,
        String image,
        String imageDigest,
        String runtimeId,
        String lastStatus,
        Integer exitCode,
        String reason,
        List<NetworkBinding> networkBindings,
        List<Map<String, Object>> networkInterfaces,
        String healthStatus,
        String cpu,
        String memory,
        String memoryReservation) {

    public Builder toBuilder() { return new Builder(this); }

    /** Copy-with-changes for a container. */
    public static final class Builder {
        private String containerArn, name, image, imageDigest, runtimeId, lastStatus, reason, healthStatus, cpu, memory, memoryReservation;
        private Integer exitCode;
        private List<NetworkBinding> networkBindings;
        private List<Map<String, Object>> networkInterfaces;

        public Builder() {}

        Builder(Container c) {
            containerArn = c.containerArn; name = c.name; image = c.image; imageDigest = c.imageDigest; runtimeId = c.runtimeId;
            lastStatus = c.lastStatus; exitCode = c.exitCode; reason = c.reason; networkBindings = c.networkBindings;
            networkInterfaces = c.networkInterfaces; healthStatus = c.healthStatus; cpu = c.cpu; memory = c.memory;
            memoryReservation = c.memoryReservation;
        }

        public Builder containerArn(String v) { containerArn = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder imageDigest(String v) { imageDigest = v; return this; }
        public Builder runtimeId(String v) { runtimeId = v; return this; }
        public Builder lastStatus(String v) { lastStatus = v; return this; }
        public Builder exitCode(Integer v) { exitCode = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder networkBindings(List<NetworkBinding> v) { networkBindings = v; return this; }
        public Builder networkInterfaces(List<Map<String, Object>> v) { networkInterfaces = v; return this; }
        public Builder healthStatus(String v) { healthStatus = v; return this; }
        public Builder cpu(String v) { cpu = v; return this; }
        public Builder memory(String v) { memory = v; return this; }
        public Builder memoryReservation(String v) { memoryReservation = v; return this; }

        public Container build() {
            return new Container(containerArn, name, image, imageDigest, runtimeId, lastStatus, exitCode, reason,
                    networkBindings == null ? List.of() : networkBindings,
                    networkInterfaces == null ? List.of() : networkInterfaces,
                    healthStatus, cpu, memory, memoryReservation);
        }
    }
}
