package io.dockyard.agent;

import io.dockyard.core.loop.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent: registers container instances, runs their tasks through Docker, reports what it sees.
 * Local mode ({@code cluster == null}) offers this host to every active cluster and runs FARGATE
 * tasks; standalone mode joins one cluster.
 */
public final class Agent implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    /** The agent version reported in versionInfo. */
    public static final String VERSION = "1.0.0-dockyard";
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final ControlPlane controlPlane;
    private final Supervisor supervisor;
    private final Map<String, InstanceLoop> loops = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private Engine engine;
    private TaskServices services;
    private Adoption adoption;
    private EngineEvents events;
    private InstanceLoop fargateLoop;
    private Supervisor.Loop watcher;
    private Supervisor.Loop connector;
    private Supervisor.Loop sampler;
    private io.dockyard.agent.exec.ExecServer exec;

    /** An agent whose loops (instances, engine events, cluster watcher, cleanups) run under {@code supervisor}. */
    public Agent(AgentConfig config, Supervisor supervisor) {
        this.config = config;
        this.supervisor = supervisor;
        this.controlPlane = new ControlPlane(config.endpoints());
    }

    /** The id labelling every container of this agent (stable per data directory). */
    public String id() { return services == null ? AgentId.load(config.dataDir()) : services.agentId(); }

    /**
     * Calls to an https control plane trust what {@code tls} trusts (the {@code --ca-bundle}, or the edge's own certificate);
     * {@code caBundle} (or null), the PEM file of that trust, is mounted read-only into task containers at
     * {@link ContainerFactory#CA_BUNDLE} (and named by {@code AWS_CA_BUNDLE} where the task sets an https AWS endpoint).
     */
    public Agent trust(javax.net.ssl.SSLContext tls, java.nio.file.Path caBundle) {
        controlPlane.trust(tls);
        this.caBundle = caBundle;
        return this;
    }

    private volatile java.nio.file.Path caBundle;

    /**
     * Signs the agent's calls with this access key (secure mode): the agent protocol (registration, polls, reports, stats)
     * and its AWS API calls (log shipping, registry credentials, secrets).
     */
    public Agent signWith(String accessKeyId, String secretAccessKey, String region) { return signWith(accessKeyId, secretAccessKey, null, region); }

    /** The same with temporary credentials ({@code sessionToken}: STS's, null for a long-term key). */
    public Agent signWith(String accessKeyId, String secretAccessKey, String sessionToken, String region) {
        controlPlane.signWith(new io.dockyard.protocol.sigv4.Key(accessKeyId, secretAccessKey, sessionToken == null || sessionToken.isBlank() ? null : sessionToken,
                null, null), region);
        return this;
    }

    /** The region the agent's calls are scoped to and containers are told ({@code AWS_REGION}). */
    public Agent region(String region) {
        controlPlane.region(region);
        return this;
    }

    /**
     * Connects to Docker, re-reads containers from before, and starts registering and polling. When the
     * engine cannot be reached yet, this keeps trying in the background (the control plane still starts).
     */
    public void start() {
        lock.lock();
        try {
            try {
                connect();
            } catch (RuntimeException e) {
                log.warn("agent waiting for the Docker Engine at {}: {}", config.dockerHost(), e.toString());
                connector = supervisor.start("agent-connect", () -> {
                    while (!closed) {
                        try {
                            Thread.sleep(2000);
                            lock.lock();
                            try {
                                if (closed || services != null) return;
                                connect();
                            } finally {
                                lock.unlock();
                            }
                            return;
                        } catch (InterruptedException ie) {
                            return;
                        } catch (RuntimeException again) {
                            log.debug("Docker Engine still unreachable: {}", again.toString());
                        }
                    }
                });
            }
        } finally {
            lock.unlock();
        }
    }

    private void connect() {
        String agentId = AgentId.load(config.dataDir());
        Engine e = new Engine(config.dockerHost());
        HostInfo host;
        try {
            host = HostInfo.read(e, config);
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        engine = e;
        services = new TaskServices(config, agentId, engine, new Reporter(controlPlane), host, new AwsvpcNetwork(engine),
                new RegistryLogin(controlPlane), supervisor, new Awslogs(engine, controlPlane, config.dataDir()),
                new MetadataEndpoint(engine, config.dataDir(), config.availabilityZone()).caBundle(caBundle).start().credentials(new TaskCredentials(controlPlane), controlPlane::region));
        adoption = new Adoption(services);
        events = new EngineEvents(services).start();
        exec = io.dockyard.agent.exec.ExecServer.start(new ExecBackend(services, controlPlane));
        if (exec != null) services.execPort().set(exec.port());
        sampler = supervisor.every("task-stats", StatsSampler.interval(System.getenv()), new StatsSampler(services, controlPlane)::round);
        adoption.scan();
        log.info("agent started id={} endpoint={} mode={} cpu={} memory={}MiB", agentId, config.endpoint(),
                config.localMode() ? "local" : "cluster " + config.cluster(), host.cpu(), host.memory());
        if (config.localMode()) {
            watcher = supervisor.start("cluster-watcher", this::watchClusters);
        } else {
            loops.put(config.cluster(), new InstanceLoop(services, controlPlane, adoption, config.cluster(), false).start());
        }
        if (config.fargate()) fargateLoop = new InstanceLoop(services, controlPlane, adoption, null, true).start();
    }

    /** Local mode: one container instance in every active cluster, following the cluster list. */
    private void watchClusters() {
        long since = 0;
        long backoff = 100;
        boolean first = true;
        while (!closed) {
            try {
                ControlPlane.Clusters c = controlPlane.clusters(since, config.pollWait());
                backoff = 100;
                since = c.version();
                syncLoops(c.clusters());
                if (first) adoption.releaseOutside(c.clusters());
                first = false;
            } catch (IOException | RuntimeException e) {
                log.debug("cluster list: {}", e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 2000);
            } catch (InterruptedException e) {
                if (closed) return;
            }
        }
    }

    private void syncLoops(List<String> clusters) {
        lock.lock();
        try {
            if (closed) return;
            Set<String> want = new HashSet<>(clusters);
            for (String name : want) loops.computeIfAbsent(name, n -> new InstanceLoop(services, controlPlane, adoption, n, false).start());
            loops.entrySet().removeIf(e -> {
                if (want.contains(e.getKey())) return false;
                e.getValue().close(false);
                return true;
            });
        } finally {
            lock.unlock();
        }
    }

    /** How often agents measure their tasks (and the control plane publishes the metrics): {@code DOCKYARD_STATS_SECONDS}, default 60. */
    public static java.time.Duration statsInterval(Map<String, String> env) { return StatsSampler.interval(env); }

    /** Blocks until {@link #close()}. */
    public void join() throws InterruptedException { stopped.await(); }

    /** Stops and removes every container (and volume) this agent made; other agents' containers are left alone. */
    public void purge() {
        lock.lock();
        try {
            if (services == null) return;
            loops.values().forEach(l -> l.close(true));
            loops.clear();
            if (fargateLoop != null) fargateLoop.close(true);
            adoption.clear();
            services.awslogs().close();
            services.metadata().clear();
            List<Thread> removals = new ArrayList<>();
            for (var c : engine.listByLabel(Labels.AGENT, services.agentId())) {
                removals.add(Thread.ofVirtual().start(() -> engine.remove(c.getId())));
            }
            for (Thread t : removals) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            TaskVolumes.removeAll(engine, services.agentId());
            if (!config.localMode()) loops.put(config.cluster(), new InstanceLoop(services, controlPlane, adoption, config.cluster(), false).start());
            if (config.fargate()) fargateLoop = new InstanceLoop(services, controlPlane, adoption, null, true).start();
            log.info("purged agent={} containers={}", services.agentId(), removals.size());
        } finally {
            lock.unlock();
        }
    }

    /** Stops polling and watching; containers keep running (a new agent on the same data dir re-adopts them). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (watcher != null) watcher.stop();
            if (connector != null) connector.stop();
            if (sampler != null) sampler.stop();
            if (exec != null) exec.close();
            loops.values().forEach(l -> l.close(true));
            loops.clear();
            if (fargateLoop != null) fargateLoop.close(true);
            if (events != null) events.close();
            if (services != null) {
                services.awslogs().close();
                services.metadata().close();
                services.reporter().close();
                services.later().close();
            }
            if (engine != null) engine.close();
            stopped.countDown();
        } finally {
            lock.unlock();
        }
    }
}
