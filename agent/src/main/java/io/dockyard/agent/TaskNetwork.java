package io.dockyard.agent;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import io.dockyard.core.Doc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's own network namespace (awsvpc, FARGATE): a "pause" container on the awsvpc network holds
 * it, the task's containers join it, and its address is reported as the task's ENI.
 */
final class TaskNetwork {
    private TaskNetwork() {}

    /**
     * Creates and starts the namespace holder; returns its id. For awsvpc it sits on the awsvpc network
     * and carries the DNS settings and extra hosts of the task's containers; for pidMode/ipcMode "task"
     * alone it only holds the shared PID/IPC namespaces.
     */
    static String createPause(TaskServices s, TaskLayout layout, List<ContainerPlan> plans) {
        PauseImage.ensure(s.engine(), s.host().architecture());
        String network = layout.awsvpc() ? AwsvpcNetwork.NAME : "none";
        if (layout.awsvpc()) s.awsvpc().ensure();
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(network).withIpcMode("shareable");
        List<String> dns = new ArrayList<>(), search = new ArrayList<>(), extra = new ArrayList<>();
        for (ContainerPlan p : plans) {
            Doc.strings(p.raw(), "dnsServers").stream().filter(d -> !dns.contains(d)).forEach(dns::add);
            Doc.strings(p.raw(), "dnsSearchDomains").stream().filter(d -> !search.contains(d)).forEach(search::add);
            Doc.maps(p.raw(), "extraHosts").forEach(h -> extra.add(Doc.str(h, "hostname") + ":" + Doc.str(h, "ipAddress")));
        }
        if (!dns.isEmpty()) host.withDns(dns);
        if (!search.isEmpty()) host.withDnsSearch(search);
        if (!extra.isEmpty()) host.withExtraHosts(extra.toArray(String[]::new));
        String id = s.engine().client().createContainerCmd(PauseImage.IMAGE)
                .withName(Labels.containerName(layout.family, layout.revision, "internalecspause"))
                .withEntrypoint(PauseImage.ENTRYPOINT)
                .withLabels(layout.labels(null))
                .withHostConfig(host)
                .exec().getId();
        layout.pauseId(id);
        s.engine().start(id);
        return id;
    }

    /** The holder's address on the awsvpc network: {ip, mac}; null when it is gone. */
    static String[] address(Engine engine, String pauseId) {
        InspectContainerResponse r = engine.inspect(pauseId);
        if (r == null || r.getNetworkSettings() == null || r.getNetworkSettings().getNetworks() == null) return null;
        ContainerNetwork n = r.getNetworkSettings().getNetworks().get(AwsvpcNetwork.NAME);
        if (n == null || n.getIpAddress() == null || n.getIpAddress().isEmpty()) return null;
        return new String[] {n.getIpAddress(), n.getMacAddress()};
    }

    /**
     * The task's ElasticNetworkInterface attachment with its details filled in, keeping what the control
     * plane put there (id, subnet, interface id).
     */
    static Map<String, Object> eni(List<Map<String, Object>> attachments, String ip, String mac) {
        Map<String, Object> base = attachments.stream().filter(a -> "ElasticNetworkInterface".equals(a.get("type")))
                .findFirst().orElse(Map.of());
        Map<String, Object> eni = new LinkedHashMap<>(base);
        eni.putIfAbsent("id", java.util.UUID.randomUUID().toString());
        eni.put("type", "ElasticNetworkInterface");
        Map<String, String> details = new LinkedHashMap<>();
        for (Map<String, Object> d : Doc.maps(base, "details")) details.put(Doc.str(d, "name"), Doc.str(d, "value"));
        details.putIfAbsent("subnetId", "subnet-dockyard");
        details.putIfAbsent("networkInterfaceId", "eni-" + Labels.randomHex(9).substring(0, 17));
        details.put("macAddress", mac);
        details.put("privateDnsName", "ip-" + ip.replace('.', '-') + ".ec2.internal");
        details.put("privateIPv4Address", ip);
        List<Map<String, Object>> out = new ArrayList<>();
        details.forEach((k, v) -> {
            Map<String, Object> kv = new LinkedHashMap<>();
            kv.put("name", k);
            kv.put("value", v);
            out.add(kv);
        });
        eni.put("details", out);
        return eni;
    }

    /** The attachment as it looks in a given task state (ATTACHED while running, DELETED once stopped). */
    static Map<String, Object> withStatus(Map<String, Object> eni, String taskStatus) {
        Map<String, Object> e = new LinkedHashMap<>(eni);
        e.put("status", switch (taskStatus) {
            case "DEPROVISIONING" -> "DETACHING";
            case "STOPPED" -> "DELETED";
            default -> "ATTACHED";
        });
        return e;
    }
}
