package io.dockyard.agent;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.dockyard.core.Doc;
import io.dockyard.core.model.NetworkBinding;
import io.dockyard.core.model.Task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the task metadata endpoint (v4, and v3 which is the same less a few fields), in the ECS
 * agent's field names: a container ({@code ${ECS_CONTAINER_METADATA_URI_V4}}) and its task ({@code /task}).
 * Read from what the agent knows of the task and an inspect of each container.
 */
final class TaskMetadata {
    private TaskMetadata() {}

    static Map<String, Object> task(TaskRunner r, Engine engine, String availabilityZone, boolean v4) {
        Task t = r.task();
        TaskLayout layout = r.layout();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cluster", t.clusterArn());
        m.put("TaskARN", t.taskArn());
        if (layout != null) {
            m.put("Family", layout.family());
            m.put("Revision", layout.revision());
        }
        String service = serviceName(t);
        if (v4 && service != null) m.put("ServiceName", service);
        m.put("DesiredStatus", t.desiredStatus());
        m.put("KnownStatus", r.state.reported().name());
        if (layout != null && layout.taskSized() && (layout.taskCpu() != null || layout.taskMemory() != null)) {
            Map<String, Object> limits = new LinkedHashMap<>();
            if (layout.taskCpu() != null) limits.put("CPU", layout.taskCpu() / 1024.0);
            if (layout.taskMemory() != null) limits.put("Memory", layout.taskMemory());
            m.put("Limits", limits);
        }
        putTime(m, "PullStartedAt", r.state.pullStartedAt);
        putTime(m, "PullStoppedAt", r.state.pullStoppedAt);
        putTime(m, "ExecutionStoppedAt", r.state.executionStoppedAt);
        m.put("AvailabilityZone", availabilityZone);
        if (v4) m.put("LaunchType", t.launchType() == null ? "EC2" : t.launchType());
        List<Map<String, Object>> containers = new ArrayList<>();
        for (ContainerState c : r.containers().values()) containers.add(container(r, c, engine, v4));
        m.put("Containers", containers);
        return m;
    }

    static Map<String, Object> container(TaskRunner r, ContainerState c, Engine engine, boolean v4) {
        Task t = r.task();
        TaskLayout layout = r.layout();
        InspectContainerResponse in = c.dockerId == null ? null : engine.inspect(c.dockerId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("DockerId", c.dockerId);
        m.put("Name", c.name());
        m.put("DockerName", in != null && in.getName() != null ? in.getName().replaceFirst("^/", "") : layout == null ? null : layout.dockerName(c.name()));
        m.put("Image", c.plan.spec().image());
        m.put("ImageID", in != null ? in.getImageId() : c.imageDigest);
        if (!c.bindings.isEmpty()) {
            List<Map<String, Object>> ports = new ArrayList<>();
            for (NetworkBinding b : c.bindings) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("ContainerPort", b.containerPort());
                p.put("Protocol", b.protocol());
                p.put("HostPort", b.hostPort());
                p.put("HostIp", b.bindIP());
                ports.add(p);
            }
            m.put("Ports", ports);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (in != null && in.getConfig() != null && in.getConfig().getLabels() != null) {
            in.getConfig().getLabels().forEach((k, v) -> { if (!k.startsWith("io.dockyard.")) labels.put(k, v); });
        }
        m.put("Labels", labels);
        m.put("DesiredStatus", "STOPPED".equals(t.desiredStatus()) ? "STOPPED" : "RUNNING");
        m.put("KnownStatus", switch (c.phase) {
            case NONE -> "NONE";
            case CREATED -> "CREATED";
            case RUNNING -> "RUNNING";
            case STOPPED -> "STOPPED";
        });
        if (c.isStopped() && c.exitCode != null) m.put("ExitCode", c.exitCode);
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("CPU", c.plan.cpu());
        if (c.plan.memory() != null) limits.put("Memory", c.plan.memory());
        m.put("Limits", limits);
        if (in != null && in.getState() != null) {
            m.put("CreatedAt", in.getCreated());
            String started = in.getState().getStartedAt(), finished = in.getState().getFinishedAt();
            if (started != null && !started.startsWith("0001-")) m.put("StartedAt", started);
            if (finished != null && !finished.startsWith("0001-")) m.put("FinishedAt", finished);
        }
        m.put("Type", "NORMAL");
        if (v4) {
            Map<String, Object> lc = Doc.map(c.plan.raw(), "logConfiguration");
            String driver = lc == null ? "json-file" : Doc.str(lc, "logDriver");
            m.put("LogDriver", driver);
            Map<String, Object> options = new LinkedHashMap<>();
            if (lc != null && Doc.map(lc, "options") != null) options.putAll(Doc.map(lc, "options"));
            if ("awslogs".equals(driver) && c.dockerId != null) {
                try {
                    AwslogsOptions o = AwslogsOptions.of(lc);
                    options.put("awslogs-stream", o.streamName(c.name(), t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1), c.dockerId));
                } catch (ContainerPlan.SetupError e) {
                    // a bad option: the container never started
                }
            }
            m.put("LogOptions", options);
            m.put("ContainerARN", c.record.containerArn());
        }
        m.put("Networks", networks(r, in, engine, v4));
        return m;
    }

    private static List<Map<String, Object>> networks(TaskRunner r, InspectContainerResponse in, Engine engine, boolean v4) {
        TaskLayout layout = r.layout();
        String mode = layout == null ? "bridge" : layout.networkMode();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("NetworkMode", mode);
        if ("none".equals(mode)) return List.of(n);
        InspectContainerResponse holder = in;
        if (layout != null && layout.awsvpc() && layout.pauseId() != null) holder = engine.inspect(layout.pauseId());
        ContainerNetwork net = null;
        if (holder != null && holder.getNetworkSettings() != null && holder.getNetworkSettings().getNetworks() != null) {
            net = holder.getNetworkSettings().getNetworks().values().stream().findFirst().orElse(null);
        }
        if ("host".equals(mode)) {
            n.put("IPv4Addresses", List.of());
        } else if (net != null && net.getIpAddress() != null && !net.getIpAddress().isEmpty()) {
            n.put("IPv4Addresses", List.of(net.getIpAddress()));
            if (v4 && "awsvpc".equals(mode)) {
                n.put("AttachmentIndex", 0);
                n.put("MACAddress", net.getMacAddress());
                n.put("IPv4SubnetCIDRBlock", cidr(net.getIpAddress(), net.getIpPrefixLen()));
                n.put("PrivateDNSName", "ip-" + net.getIpAddress().replace('.', '-') + ".ec2.internal");
                n.put("SubnetGatewayIpv4Address", net.getGateway() + "/" + net.getIpPrefixLen());
            }
        }
        return List.of(n);
    }

    /** The network ({@code a.b.c.d/len}) an address belongs to. */
    static String cidr(String ip, Integer prefix) {
        if (prefix == null) return null;
        String[] p = ip.split("\\.");
        long a = 0;
        for (String part : p) a = (a << 8) | Integer.parseInt(part);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long net = a & mask;
        return ((net >> 24) & 255) + "." + ((net >> 16) & 255) + "." + ((net >> 8) & 255) + "." + (net & 255) + "/" + prefix;
    }

    private static String serviceName(Task t) {
        if (t.serviceName() != null) return t.serviceName();
        String g = t.group();
        return g != null && g.startsWith("service:") ? g.substring("service:".length()) : null;
    }

    private static void putTime(Map<String, Object> m, String key, Instant at) {
        if (at != null) m.put(key, at.toString());
    }
}
