package io.dockyard.launch;

import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.model.TaskOverride;
import io.dockyard.scheduler.Demand;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskDemandTest {

    private static TaskDefinitionSpec spec(String mode, String cpu, String memory, List<Map<String, Object>> containers) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("family", "f");
        if (mode != null) doc.put("networkMode", mode);
        if (cpu != null) doc.put("cpu", cpu);
        if (memory != null) doc.put("memory", memory);
        doc.put("containerDefinitions", containers);
        return TaskDefinitionSpec.parse(doc);
    }

    private static Map<String, Object> container(String name, Integer cpu, Integer memory, Integer reservation, List<Map<String, Object>> ports) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("image", "busybox");
        if (cpu != null) c.put("cpu", cpu);
        if (memory != null) c.put("memory", memory);
        if (reservation != null) c.put("memoryReservation", reservation);
        c.put("portMappings", ports);
        return c;
    }

    @Test
    void sumsContainersUsingMemoryElseReservation() {
        var s = spec(null, null, null, List.of(
                container("a", 128, 256, 64, List.of()),
                container("b", null, null, 100, List.of())));
        assertThat(TaskDemand.of(s, null)).isEqualTo(new Demand(128, 356, List.of()));
    }

    @Test
    void taskLevelSizeWinsIncludingUnits() {
        var s = spec(null, "1 vCPU", "2GB", List.of(container("a", 128, 256, null, List.of())));
        assertThat(TaskDemand.of(s, null)).isEqualTo(new Demand(1024, 2048, List.of()));
    }

    @Test
    void overridesApply() {
        var s = spec(null, null, null, List.of(container("a", 128, 256, null, List.of()), container("b", 10, 20, null, List.of())));
        TaskOverride o = new TaskOverride(List.of(new TaskOverride.ContainerOverride("a", null, null, null, 512, 1000, null, null)),
                null, null, null, null, null);
        assertThat(TaskDemand.of(s, o)).isEqualTo(new Demand(522, 1020, List.of()));
        assertThat(TaskDemand.of(s, new TaskOverride(List.of(), "2048", "4096", null, null, null)).cpu()).isEqualTo(2048);
    }

    @Test
    void staticHostPortsPerNetworkMode() {
        List<Map<String, Object>> ports = List.of(
                Map.of("containerPort", 80, "hostPort", 8080),
                Map.of("containerPort", 81),
                Map.of("containerPort", 53, "hostPort", 5353, "protocol", "udp"));
        assertThat(TaskDemand.of(spec("bridge", null, null, List.of(container("a", 0, 64, null, ports))), null).hostPorts())
                .containsExactly("8080/tcp", "5353/udp");
        assertThat(TaskDemand.of(spec("host", null, null, List.of(container("a", 0, 64, null, ports))), null).hostPorts())
                .containsExactly("8080/tcp", "81/tcp", "5353/udp");
        assertThat(TaskDemand.of(spec("awsvpc", "256", "512", List.of(container("a", 0, 64, null, ports))), null).hostPorts()).isEmpty();
    }
}
