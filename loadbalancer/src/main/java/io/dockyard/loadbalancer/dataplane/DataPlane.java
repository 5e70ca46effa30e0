package io.dockyard.loadbalancer.dataplane;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.ServerCertificates;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.DataPlanePort;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.TargetHealth;
import io.dockyard.loadbalancer.api.Actions;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.LoadBalancer;
import io.dockyard.loadbalancer.model.Registration;
import io.dockyard.loadbalancer.model.Rule;
import io.dockyard.loadbalancer.model.TargetGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The load balancers' data plane: keeps the bound listener ports, the target pools and the health
 * checker in line with the stored state. {@link #reconcile()} runs after every API change (so a
 * deregistered target gets no new request once DeregisterTargets has answered) and every second
 * (recovery after a restart or a reset).
 */
public final class DataPlane implements DataPlanePort, AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final Store store;
    private final String bindAddress;
    private final long responseTimeoutMs;
    private final int instances;
    private Transport transport;
    private final Map<String, ListenerServer> listeners = new ConcurrentHashMap<>();
    private final Map<String, TargetPool> pools = new ConcurrentHashMap<>();
    private final LbCounters counters = new LbCounters();
    private final Set<String> bindFailures = ConcurrentHashMap.newKeySet();
    private final HealthChecker checker;
    private final Supervisor.Loop loop, certificateLoop;
    private final TlsContexts tls;
    private volatile boolean closed;

    /**
     * A data plane binding listeners on {@code bindAddress}; a target that does not answer within {@code responseTimeout} gets a 504.
     * Its loops ({@code lb-reconcile}, {@code lb-health}) run under {@code supervisor}.
     */
    public DataPlane(Store store, String bindAddress, Duration responseTimeout, Supervisor supervisor) {
        this(store, bindAddress, responseTimeout, supervisor, ServerCertificates.NONE);
    }

    /** A data plane whose HTTPS listeners present {@code certificates}, following their changes on the store's change feed. */
    public DataPlane(Store store, String bindAddress, Duration responseTimeout, Supervisor supervisor, ServerCertificates certificates) {
        this.tls = new TlsContexts(certificates);
        this.store = store;
        this.bindAddress = bindAddress;
        this.responseTimeoutMs = responseTimeout.toMillis();
        this.instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.checker = new HealthChecker(pools::values, supervisor);
        this.loop = supervisor.start("lb-reconcile", this::run);
        this.certificateLoop = supervisor.start("lb-certificates", this::followCertificates);
    }

    /** Re-reads the certificates when one changes in the store (a re-import): new TLS connections present the new one. */
    private void followCertificates() {
        Changes.Follower follower = store.changes().follow(c -> ServerCertificates.KIND.equals(c.kind()), store.changes().head());
        while (!closed) {
            try {
                if (follower.await(Duration.ofSeconds(30))) {
                    tls.invalidate();
                    syncRoutes();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("load balancer certificate refresh failed: {}", e.toString());
            }
        }
    }

    /** What the routes are made of: load balancers, target groups, listeners, rules, registrations, and instances' addresses. */
    private static final Set<String> FOLLOWED = Set.of(LbKinds.LOAD_BALANCER.name(), LbKinds.TARGET_GROUP.name(), LbKinds.LISTENER.name(),
            LbKinds.RULE.name(), LbKinds.REGISTRATION.name(), io.dockyard.core.port.Kinds.CONTAINER_INSTANCE.name());

    /** Reconciles once, then each time the change feed carries a change of what the routes are made of (no polling). */
    private void run() {
        Changes.Follower follower = store.changes().follow(c -> FOLLOWED.contains(c.kind()), store.changes().head());
        boolean due = true;
        while (!closed) {
            try {
                if (due) reconcile();
                // a listener whose port was taken is tried again each second until it binds
                due = follower.await(bindFailures.isEmpty() ? Duration.ofSeconds(30) : Duration.ofSeconds(1)) || !bindFailures.isEmpty();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("load balancer reconcile failed: {}", e.toString());
                due = true;
                try {
                    Thread.sleep(1000); // a store that failed: try again in a second
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void open(Listener l) {
        lock.lock();
        try {
            ListenerServer existing = listeners.get(l.arn());
            if (existing != null && existing.port() == l.port()) return;
            ListenerServer bound = bind(l);
            if (bound == null) {
                throw ElbErrors.invalidConfiguration("Port " + l.port() + " is not available on the Dockyard host (" + bindAddress + ")");
            }
            if (existing != null) existing.close();
            listeners.put(l.arn(), bound);
            bindFailures.remove(l.arn());
            log.info("listener {} {} bound on {}:{}", l.protocol(), l.arn(), bindAddress, l.port());
        } finally {
            lock.unlock();
        }
    }

    /** The event loops, started with the first listener (a Dockyard without load balancers never loads Netty). Callers hold {@code lock}. */
    private Transport transport() {
        if (transport == null) {
            transport = new Transport(instances);
            log.debug("load balancer transport: {}", transport.epoll() ? "epoll" : "nio");
        }
        return transport;
    }

    private ListenerServer bind(Listener l) {
        Transport t = transport();
        if (!"TCP".equals(l.protocol())) {
            return HttpListener.open(t, bindAddress, l.port(), pools::get, responseTimeoutMs, l.loadBalancerArn(), counters, l.https(),
                    l.https() ? tls.sni(l.certificates(), l.sslPolicy()) : null);
        }
        return TcpListener.open(t, bindAddress, l.port(), pools::get);
    }

    /** What the HTTP listeners counted (for AWS/ApplicationELB metrics). */
    public LbCounters counters() { return counters; }

    /** Target health per target group, for HealthyHostCount and UnHealthyHostCount. */
    public Map<String, List<TargetHealth>> healthByGroup() {
        Map<String, List<TargetHealth>> out = new java.util.LinkedHashMap<>();
        pools.forEach((arn, p) -> out.put(arn, p.health()));
        return out;
    }

    @Override
    public void close(String listenerArn) {
        lock.lock();
        try {
            ListenerServer s = listeners.remove(listenerArn);
            if (s != null) s.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<TargetHealth> health(String targetGroupArn) {
        TargetPool p = pools.get(targetGroupArn);
        return p == null ? List.of() : p.health();
    }

    @Override
    public void changed() { reconcile(); }

    /**
     * Brings ports, pools and routes in line with the store. The store write (load balancers become
     * active) happens before taking {@code lock}: API calls hold the store's write lock when
     * they call {@link #open}, so the two locks are never taken in the other order.
     */
    public void reconcile() {
        if (closed) return;
        for (LoadBalancer lb : store.list(LbKinds.LOAD_BALANCER, b -> "provisioning".equals(b.state()))) {
            store.atomically(() -> store.get(LbKinds.LOAD_BALANCER, lb.arn()).filter(b -> "provisioning".equals(b.state()))
                    .ifPresent(b -> store.put(LbKinds.LOAD_BALANCER, b.withState("active"))));
        }
        syncRoutes();
    }

    private void syncRoutes() {
        lock.lock();
        try {
            if (closed) return;
            List<Listener> stored = store.list(LbKinds.LISTENER);
            List<Rule> rules = store.list(LbKinds.RULE);
            Set<String> used = new HashSet<>();
            stored.forEach(l -> used.addAll(Actions.targetGroups(l.defaultActions())));
            rules.forEach(r -> used.addAll(Actions.targetGroups(r.actions())));
            syncPools(used);
            Set<String> live = new HashSet<>();
            for (Listener l : stored) {
                live.add(l.arn());
                ListenerServer s = listeners.get(l.arn());
                if (s == null || s.port() != l.port()) {
                    try {
                        open(l);
                        s = listeners.get(l.arn());
                    } catch (RuntimeException e) {
                        if (bindFailures.add(l.arn())) log.warn("cannot bind listener {} on {}:{}: {}", l.arn(), bindAddress, l.port(), e.getMessage());
                        continue;
                    }
                }
                List<Map.Entry<List<Map<String, Object>>, List<Map<String, Object>>>> compiled = rules.stream()
                        .filter(r -> r.listenerArn().equals(l.arn()))
                        .sorted(java.util.Comparator.comparingInt(Rule::priority))
                        .map(r -> Map.entry(r.conditions(), r.actions())).toList();
                s.routes(RouteTable.compile(compiled, l.defaultActions()));
                if (s instanceof HttpListener h) h.tls(l.https(), l.https() ? tls.sni(l.certificates(), l.sslPolicy()) : null);
            }
            for (String arn : Set.copyOf(listeners.keySet())) if (!live.contains(arn)) close(arn);
        } finally {
            lock.unlock();
        }
    }

    private void syncPools(Set<String> used) {
        long now = System.nanoTime();
        Map<String, TargetGroup> groups = new ConcurrentHashMap<>();
        store.list(LbKinds.TARGET_GROUP).forEach(g -> groups.put(g.arn(), g));
        Map<String, List<Registration>> regs = new java.util.HashMap<>();
        for (Registration r : store.list(LbKinds.REGISTRATION)) regs.computeIfAbsent(r.targetGroupArn(), k -> new java.util.ArrayList<>()).add(r);
        InstanceAddresses addresses = new InstanceAddresses(store);
        for (TargetGroup g : groups.values()) {
            TargetPool pool = pools.computeIfAbsent(g.arn(), k -> new TargetPool(g));
            pool.configure(g);
            pool.inUse = used.contains(g.arn());
            Set<String> wanted = new HashSet<>();
            for (Registration r : regs.getOrDefault(g.arn(), List.of())) {
                TargetState t = pool.get(r.id() + ":" + r.port());
                wanted.add(r.id() + ":" + r.port());
                String host = "instance".equals(g.targetType()) ? addresses.of(r.id()) : r.id();
                if (t == null || t.draining || !t.host.equals(host)) pool.add(new TargetState(r.id(), r.port(), host));
            }
            for (TargetState t : pool.all()) {
                if (!t.draining && !wanted.contains(t.key())) {
                    t.drainDeadlineNanos = now + g.intAttribute("deregistration_delay.timeout_seconds", 300) * 1_000_000_000L;
                    t.draining = true;
                    log.info("target {} of {} is draining", t.key(), g.name());
                }
            }
            pool.refresh();
        }
        pools.keySet().removeIf(arn -> !groups.containsKey(arn));
    }

    @Override
    public void close() {
        closed = true;
        loop.stop();
        certificateLoop.stop();
        checker.close();
        listeners.values().forEach(ListenerServer::close);
        listeners.clear();
        Transport t;
        lock.lock();
        try {
            t = transport;
        } finally {
            lock.unlock();
        }
        if (t != null) t.close();
    }
}
