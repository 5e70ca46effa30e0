package io.dockyard.agent;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import io.dockyard.core.Doc;
import io.dockyard.core.model.ContainerSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one container definition (with overrides applied) into a Docker create request, as the ECS agent would. */
final class ContainerFactory {
    private static final long MIB = 1024L * 1024L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private ContainerFactory() {}

    /**
     * Fills {@code cmd} for container {@code p} of the task described by {@code t}; published ports bind {@code bindAddress};
     * {@code agentEnv} (the metadata endpoint's variables) comes on top of the container's own environment, as ECS sets it.
     */
    static CreateContainerCmd configure(CreateContainerCmd cmd, ContainerPlan p, TaskLayout t, String bindAddress, Map<String, String> agentEnv) {
        return configure(cmd, p, t, bindAddress, agentEnv, null);
    }

    /** Where a container finds the CA bundle the agent trusts the control plane's HTTPS edge with. */
    static final String CA_BUNDLE = "/etc/dockyard/ca.pem";

    /**
     * As above; {@code caBundle} (or null): the agent's CA bundle, mounted read-only at {@link #CA_BUNDLE}; a container whose
     * environment points an AWS SDK at an https endpoint ({@code AWS_ENDPOINT_URL...}) and names no CA bundle of its own
     * gets {@code AWS_CA_BUNDLE} naming it (not the others: the bundle replaces the SDK's trust store, real AWS included).
     */
    static CreateContainerCmd configure(CreateContainerCmd cmd, ContainerPlan p, TaskLayout t, String bindAddress, Map<String, String> agentEnv,
            java.nio.file.Path caBundle) {
        Map<String, Object> raw = p.raw();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> dockerLabels = Doc.map(raw, "dockerLabels");
        if (dockerLabels != null) dockerLabels.forEach((k, v) -> labels.put(k, String.valueOf(v)));
        labels.putAll(t.labels(p.name()));
        HostConfig host = HostConfig.newHostConfig();
        Map<String, String> env = new LinkedHashMap<>(p.environment());
        env.putAll(agentEnv);
        if (caBundle != null && !env.containsKey("AWS_CA_BUNDLE")
                && env.entrySet().stream().anyMatch(e -> e.getKey().startsWith("AWS_ENDPOINT_URL") && String.valueOf(e.getValue()).startsWith("https:"))) {
            env.put("AWS_CA_BUNDLE", CA_BUNDLE);
        }
        cmd.withImage(p.spec().image()).withName(t.dockerName(p.name())).withLabels(labels)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withStopTimeout(p.stopTimeoutSeconds());
        if (!p.command().isEmpty()) cmd.withCmd(p.command());
        if (!p.spec().entryPoint().isEmpty()) cmd.withEntrypoint(p.spec().entryPoint());
        String wd = Doc.str(raw, "workingDirectory");
        if (wd != null) cmd.withWorkingDir(wd);
        String user = Doc.str(raw, "user");
        if (user != null) cmd.withUser(user);
        if (Boolean.TRUE.equals(Doc.bool(raw, "interactive"))) cmd.withStdinOpen(true);
        if (Boolean.TRUE.equals(Doc.bool(raw, "pseudoTerminal"))) cmd.withTty(true);
        if (Boolean.TRUE.equals(Doc.bool(raw, "disableNetworking"))) cmd.withNetworkDisabled(true);
        HealthCheck hc = healthCheck(Doc.map(raw, "healthCheck"));
        if (hc != null) cmd.withHealthcheck(hc);

        resources(host, p, t);
        network(cmd, host, p, t, bindAddress);
        if (t.dockerPidMode() != null) host.withPidMode(t.dockerPidMode());
        if (t.dockerIpcMode() != null) host.withIpcMode(t.dockerIpcMode());
        storage(host, p, t, caBundle);
        security(host, raw);
        host.withLogConfig(logConfig(Doc.map(raw, "logConfiguration")));
        return cmd.withHostConfig(host);
    }

    private static void resources(HostConfig host, ContainerPlan p, TaskLayout t) {
        host.withCpuShares(Math.max(p.cpu(), 2));
        Long memory = p.memory() == null ? null : p.memory() * MIB;
        if (t.fargate()) {
            if (t.taskCpu() != null) host.withNanoCPUs(t.taskCpu() * SECOND_NANOS / 1024);
            if (t.taskMemory() != null && (memory == null || memory > t.taskMemory() * MIB)) memory = t.taskMemory() * MIB;
        }
        if (memory != null) host.withMemory(memory);
        if (p.memoryReservation() != null) host.withMemoryReservation(p.memoryReservation() * MIB);
        List<Ulimit> ulimits = new ArrayList<>();
        for (Map<String, Object> u : Doc.maps(p.raw(), "ulimits")) {
            ulimits.add(new Ulimit(Doc.str(u, "name"), (long) Doc.integer(u, "softLimit"), (long) Doc.integer(u, "hardLimit")));
        }
        if (!ulimits.isEmpty()) host.withUlimits(ulimits);
    }

    private static void network(CreateContainerCmd cmd, HostConfig host, ContainerPlan p, TaskLayout t, String bindAddress) {
        Map<String, Object> raw = p.raw();
        List<String> dns = Doc.strings(raw, "dnsServers");
        List<String> search = Doc.strings(raw, "dnsSearchDomains");
        List<String> extra = Doc.maps(raw, "extraHosts").stream().map(h -> Doc.str(h, "hostname") + ":" + Doc.str(h, "ipAddress")).toList();
        if (t.pauseId() != null && t.awsvpc()) {
            host.withNetworkMode("container:" + t.pauseId());
            return; // hostname, DNS and ports belong to the namespace holder
        }
        host.withNetworkMode(t.networkMode());
        if (!dns.isEmpty()) host.withDns(dns);
        if (!search.isEmpty()) host.withDnsSearch(search);
        if (!extra.isEmpty()) host.withExtraHosts(extra.toArray(String[]::new));
        String hostname = Doc.str(raw, "hostname");
        if (hostname != null && !"host".equals(t.networkMode())) cmd.withHostName(hostname);
        List<Link> links = new ArrayList<>();
        for (String l : Doc.strings(raw, "links")) {
            String[] parts = l.split(":");
            links.add(new Link(t.dockerName(parts[0]), parts.length > 1 ? parts[1] : parts[0]));
        }
        if (!links.isEmpty()) host.withLinks(links);
        if (!"bridge".equals(t.networkMode())) return;
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (ContainerSpec.PortMapping m : p.spec().portMappings()) {
            ExposedPort ep = new ExposedPort(m.containerPort(), InternetProtocol.parse(m.protocol()));
            exposed.add(ep);
            int hp = m.hostPort() == null ? 0 : m.hostPort();
            bindings.bind(ep, hp == 0 ? Ports.Binding.bindIp(bindAddress) : Ports.Binding.bindIpAndPort(bindAddress, hp));
        }
        if (!exposed.isEmpty()) {
            cmd.withExposedPorts(exposed);
            host.withPortBindings(bindings);
        }
    }

    private static void storage(HostConfig host, ContainerPlan p, TaskLayout t, java.nio.file.Path caBundle) {
        Map<String, Object> raw = p.raw();
        List<Bind> binds = new ArrayList<>();
        for (Map<String, Object> mp : Doc.maps(raw, "mountPoints")) {
            String source = t.volumeSource(Doc.str(mp, "sourceVolume"));
            if (source == null) throw new ContainerPlan.SetupError("CannotCreateContainerError: unknown volume " + Doc.str(mp, "sourceVolume"));
            boolean ro = Boolean.TRUE.equals(Doc.bool(mp, "readOnly"));
            binds.add(new Bind(source, new Volume(Doc.str(mp, "containerPath")), ro ? AccessMode.ro : AccessMode.rw));
        }
        if (caBundle != null) binds.add(new Bind(caBundle.toAbsolutePath().toString(), new Volume(CA_BUNDLE), AccessMode.ro));
        if (!binds.isEmpty()) host.withBinds(binds);
        List<VolumesFrom> from = new ArrayList<>();
        for (Map<String, Object> vf : Doc.maps(raw, "volumesFrom")) {
            boolean ro = Boolean.TRUE.equals(Doc.bool(vf, "readOnly"));
            from.add(new VolumesFrom(t.dockerName(Doc.str(vf, "sourceContainer")), ro ? AccessMode.ro : AccessMode.rw));
        }
        if (!from.isEmpty()) host.withVolumesFrom(from);
        if (Boolean.TRUE.equals(Doc.bool(raw, "readonlyRootFilesystem"))) host.withReadonlyRootfs(true);
    }

    private static void security(HostConfig host, Map<String, Object> raw) {
        if (Boolean.TRUE.equals(Doc.bool(raw, "privileged"))) host.withPrivileged(true);
        List<String> secOpts = Doc.strings(raw, "dockerSecurityOptions");
        if (!secOpts.isEmpty()) host.withSecurityOpts(secOpts);
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (Map<String, Object> s : Doc.maps(raw, "systemControls")) sysctls.put(Doc.str(s, "namespace"), Doc.str(s, "value"));
        if (!sysctls.isEmpty()) host.withSysctls(sysctls);
        Map<String, Object> lp = Doc.map(raw, "linuxParameters");
        if (lp == null) return;
        if (Boolean.TRUE.equals(Doc.bool(lp, "initProcessEnabled"))) host.withInit(true);
        Map<String, Object> caps = Doc.map(lp, "capabilities");
        if (caps != null) {
            List<String> add = Doc.strings(caps, "add"), drop = Doc.strings(caps, "drop");
            if (!add.isEmpty()) host.withCapAdd(add.stream().map(ContainerFactory::capability).toArray(Capability[]::new));
            if (!drop.isEmpty()) host.withCapDrop(drop.stream().map(ContainerFactory::capability).toArray(Capability[]::new));
        }
        Integer shm = Doc.integer(lp, "sharedMemorySize");
        if (shm != null) host.withShmSize(shm * MIB);
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (Map<String, Object> tf : Doc.maps(lp, "tmpfs")) {
            List<String> opts = new ArrayList<>(Doc.strings(tf, "mountOptions"));
            Integer size = Doc.integer(tf, "size");
            if (size != null) opts.add("size=" + size + "m");
            tmpfs.put(Doc.str(tf, "containerPath"), String.join(",", opts));
        }
        if (!tmpfs.isEmpty()) host.withTmpFs(tmpfs);
        List<Device> devices = new ArrayList<>();
        for (Map<String, Object> d : Doc.maps(lp, "devices")) {
            List<String> perms = Doc.strings(d, "permissions");
            String cg = perms.isEmpty() ? "rwm" : String.join("", perms.stream().map(x -> x.substring(0, 1).toLowerCase()).toList());
            String hostPath = Doc.str(d, "hostPath");
            String inContainer = Doc.str(d, "containerPath");
            devices.add(new Device(cg, inContainer == null ? hostPath : inContainer, hostPath));
        }
        if (!devices.isEmpty()) host.withDevices(devices);
        Integer maxSwap = Doc.integer(lp, "maxSwap");
        Integer swappiness = Doc.integer(lp, "swappiness");
        if (swappiness != null) host.withMemorySwappiness((long) swappiness);
        if (maxSwap != null && host.getMemory() != null) host.withMemorySwap(host.getMemory() + maxSwap * MIB);
    }

    private static Capability capability(String name) {
        String n = name.toUpperCase().replaceFirst("^CAP_", "");
        try {
            return Capability.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new ContainerPlan.SetupError("CannotCreateContainerError: unknown Linux capability " + name);
        }
    }

    /** ECS healthCheck (seconds) to a Docker healthcheck (nanoseconds), with the ECS defaults. */
    static HealthCheck healthCheck(Map<String, Object> hc) {
        if (hc == null || Doc.strings(hc, "command").isEmpty()) return null;
        Integer interval = Doc.integer(hc, "interval"), timeout = Doc.integer(hc, "timeout"),
                retries = Doc.integer(hc, "retries"), startPeriod = Doc.integer(hc, "startPeriod");
        return new HealthCheck().withTest(Doc.strings(hc, "command"))
                .withInterval((interval == null ? 30 : interval) * SECOND_NANOS)
                .withTimeout((timeout == null ? 5 : timeout) * SECOND_NANOS)
                .withRetries(retries == null ? 3 : retries)
                .withStartPeriod((startPeriod == null ? 0 : startPeriod) * SECOND_NANOS);
    }

    /** json-file unless the definition names a driver the engine has; awslogs is kept locally as json-file. */
    static LogConfig logConfig(Map<String, Object> lc) {
        String driver = lc == null ? null : Doc.str(lc, "logDriver");
        if (driver == null || driver.equals("awslogs") || driver.equals("awsfirelens") || driver.equals("splunk")) {
            return new LogConfig(LogConfig.LoggingType.JSON_FILE);
        }
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, Object> o = Doc.map(lc, "options");
        if (o != null) o.forEach((k, v) -> opts.put(k, String.valueOf(v)));
        LogConfig.LoggingType type = LogConfig.LoggingType.fromValue(driver);
        return new LogConfig(type == null ? LogConfig.LoggingType.JSON_FILE : type, opts.isEmpty() ? null : opts);
    }
}
