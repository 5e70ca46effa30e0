package io.dockyard.core.model;

import io.dockyard.core.Doc;

import java.util.List;
import java.util.Map;

/**
 * The typed view of one container definition. {@code raw} keeps the whole definition for members
 * this record does not name (the agent reads those from it).
 */
public record ContainerSpec(
        String name,
        String image,
        int cpu,
        Integer memory,
        Integer memoryReservation,
        boolean essential,
        List<String> command,
        List<String> entryPoint,
        List<Map<String, Object>> environment,
        List<PortMapping> portMappings,
        Map<String, Object> raw) {

    /** A port mapping; hostPort null or 0 means a dynamic host port (bridge mode). */
    public record PortMapping(int containerPort, Integer hostPort, String protocol, String name) {}

    public static ContainerSpec parse(Map<String, Object> m) {
        Boolean essential = Doc.bool(m, "essential");
        Integer cpu = Doc.integer(m, "cpu");
        List<PortMapping> ports = Doc.maps(m, "portMappings").stream().map(p -> {
            Integer cp = Doc.integer(p, "containerPort");
            Integer hp = Doc.integer(p, "hostPort");
            String proto = Doc.str(p, "protocol");
            return new PortMapping(cp == null ? (hp == null ? 0 : hp) : cp, hp, proto == null ? "tcp" : proto, Doc.str(p, "name"));
        }).toList();
        return new ContainerSpec(
                Doc.str(m, "name"),
                Doc.str(m, "image"),
                cpu == null ? 0 : cpu,
                Doc.integer(m, "memory"),
                Doc.integer(m, "memoryReservation"),
                essential == null || essential,
                Doc.strings(m, "command"),
                Doc.strings(m, "entryPoint"),
                Doc.maps(m, "environment"),
                ports,
                m);
    }
}
