package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a task definition may ask of the host, in secure mode: privileged containers (and devices), the host's network,
 * PID and IPC namespaces, added Linux capabilities and host-path volumes are refused at registration unless the operator
 * allows them ({@code --allow-privileged}, {@code --allow-host-network}, {@code --allow-capabilities},
 * {@code --allowed-host-paths}). Local mode allows everything ({@link #ANY}).
 */
public record HostSafety(boolean privileged, boolean hostNamespaces, Set<String> capabilities, List<String> hostPaths) {
    /** Local mode: anything goes. */
    public static final HostSafety ANY = new HostSafety(true, true, null, null);

    public HostSafety {
        capabilities = capabilities == null ? null : Set.copyOf(capabilities.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
        hostPaths = hostPaths == null ? null : hostPaths.stream().map(p -> Path.of(p).normalize().toString()).toList();
    }

    /** Refuses (ClientException) what the operator has not allowed. */
    public void check(Map<String, Object> doc) {
        if (!hostNamespaces) {
            for (String member : List.of("networkMode", "pidMode", "ipcMode")) {
                if ("host".equals(Doc.str(doc, member))) {
                    refuse(member + " host is not allowed on this Dockyard (secure mode); an operator allows host namespaces with --allow-host-network.");
                }
            }
        }
        for (Map<String, Object> c : Doc.maps(doc, "containerDefinitions")) {
            String name = Doc.str(c, "name");
            if (!privileged && Boolean.TRUE.equals(Doc.bool(c, "privileged"))) {
                refuse("Container " + name + ": privileged containers are not allowed on this Dockyard (secure mode); an operator allows them with --allow-privileged.");
            }
            Map<String, Object> linux = Doc.map(c, "linuxParameters");
            if (!privileged && !Doc.list(linux, "devices").isEmpty()) {
                refuse("Container " + name + ": host devices are not allowed on this Dockyard (secure mode); an operator allows them with --allow-privileged.");
            }
            if (capabilities != null) {
                for (String cap : Doc.strings(Doc.map(linux, "capabilities"), "add")) {
                    String k = cap.toUpperCase(Locale.ROOT);
                    if (!capabilities.contains(k) && !capabilities.contains("ALL")) {
                        refuse("Container " + name + ": adding the capability " + cap + " is not allowed on this Dockyard (secure mode); an operator allows it with --allow-capabilities.");
                    }
                }
            }
        }
        if (hostPaths != null) {
            for (Map<String, Object> v : Doc.maps(doc, "volumes")) {
                String source = Doc.str(Doc.map(v, "host"), "sourcePath");
                if (source != null && !allowedPath(source)) {
                    refuse("Volume " + Doc.str(v, "name") + ": the host path " + source + " is not allowed on this Dockyard (secure mode); an operator allows paths with --allowed-host-paths.");
                }
            }
        }
    }

    private boolean allowedPath(String source) {
        Path p;
        try {
            p = Path.of(source).normalize();
        } catch (RuntimeException e) {
            return false;
        }
        for (String allowed : hostPaths) if (p.startsWith(Path.of(allowed))) return true;
        return false;
    }

    private static void refuse(String message) { throw new AwsException("ClientException", 400, message); }
}
