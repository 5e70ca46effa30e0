package io.dockyard.agent;

import io.dockyard.core.agent.AgentRegistered;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.ContainerInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container instance: registers it, long-polls its work (the poll is also the heartbeat), and
 * keeps one {@link TaskRunner} per task. A poll answered 404 means the control plane forgot the
 * instance: its containers are removed and it registers again.
 */
final class InstanceLoop implements Runnable {
    private final ReentrantLock lock = new ReentrantLock();
    private static final Logger log = LoggerFactory.getLogger(InstanceLoop.class);

    private final TaskServices s;
    private final ControlPlane controlPlane;
    private final Adoption adoption;
    private final String cluster;
    private final boolean fargate;
    private final Map<String, TaskRunner> runners = new ConcurrentHashMap<>();
    /**
     * The task definitions handed over lately, by ARN (under the lock): the tasks of one definition share one parsed copy
     * (each task of a 1,000-task service held its own, some 5 KB). Only for sharing, so a few dozen are enough.
     */
    private final Map<String, Map<String, Object>> definitions = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) { return size() > 64; }
    };
    private volatile boolean closed;
    private volatile String instanceArn;
    private volatile Supervisor.Loop loop;
    /** A listed task came without its task definition and has no runner here: the next poll asks for everything. */
    private volatile boolean needFullPoll;

    InstanceLoop(TaskServices s, ControlPlane controlPlane, Adoption adoption, String cluster, boolean fargate) {
        this.s = s;
        this.controlPlane = controlPlane;
        this.adoption = adoption;
        this.cluster = cluster;
        this.fargate = fargate;
    }

    InstanceLoop start() {
        loop = s.supervisor().start(fargate ? "fargate-runner" : "instance-" + cluster, this::run);
        return this;
    }

    String instanceArn() { return instanceArn; }

    /** The last refusal warned about (403s repeat on every retry). */
    private String refusal;

    @Override
    public void run() {
        long since = 0;
        long backoff = 100;
        while (!closed) {
            try {
                if (instanceArn == null) {
                    register();
                    since = 0;
                }
                if (needFullPoll) {
                    needFullPoll = false;
                    since = 0;
                }
                AgentWork work = controlPlane.poll(instanceArn, since, s.config().pollWait());
                backoff = 100;
                if (closed) return;
                since = work.version();
                List<AssignedTask> tasks = work.tasks() == null ? List.of() : work.tasks();
                reconcile(tasks);
                pace(tasks.size());
            } catch (ControlPlane.HttpError e) {
                if (e.status == 404 && instanceArn != null) {
                    log.info("control plane forgot instance={}; removing its containers and registering again", instanceArn);
                    forgetInstance();
                    continue;
                }
                if (e.status == 403 && !String.valueOf(e.awsMessage()).equals(refusal)) {
                    // secure mode refused the agent's key (unsigned, a wrong secret, a policy without the ECS agent actions): say it once
                    refusal = String.valueOf(e.awsMessage());
                    log.warn("control plane refused the agent cluster={}: {} {} (check the agent's access key and that its policy allows the ECS agent actions)",
                            cluster, e.awsCode(), refusal);
                } else {
                    log.debug("control plane answered {} cluster={}", e.getMessage(), cluster);
                }
                backoff = sleep(backoff);
            } catch (IOException e) {
                log.debug("control plane unreachable: {}", e.toString());
                backoff = sleep(backoff);
            } catch (InterruptedException e) {
                if (closed) return;
                Thread.interrupted();
            } catch (RuntimeException e) {
                log.warn("instance loop cluster={}: {}", cluster, e.toString());
                backoff = sleep(backoff);
            }
        }
    }

    private void register() throws IOException, InterruptedException {
        HostInfo h = s.host();
        List<Attribute> attributes = new ArrayList<>(h.attributes(s.config().availabilityZone()));
        if (s.config().localMode()) attributes.add(Attribute.of(AgentRegistration.LOCAL_CAPACITY, "true"));
        attributes.add(Attribute.of(ContainerInstance.ADDRESS, HostAddress.advertised(s.config(), controlPlane)));
        if (s.execPort().get() > 0) attributes.add(Attribute.of("dockyard.exec-port", Integer.toString(s.execPort().get())));
        AgentRegistration r = new AgentRegistration(cluster, s.config().instanceName(), h.cpu(), h.memory(), HostInfo.RESERVED_PORTS,
                attributes, h.versionInfo(Agent.VERSION), fargate);
        AgentRegistered reg = controlPlane.register(r);
        instanceArn = reg.containerInstanceArn();
        log.info("registered instance={} cluster={} endpoint={}{}", instanceArn, reg.clusterArn(), controlPlane.endpoint(), fargate ? " (fargate runner)" : "");
    }

    private void reconcile(List<AssignedTask> tasks) {
        lock.lock();
        try {
            if (closed) return;
            Set<String> listed = new HashSet<>();
            for (AssignedTask a : tasks) {
                String arn = a.task().taskArn();
                listed.add(arn);
                TaskRunner r = runners.get(arn);
                if (r != null) {
                    // Only a changed task wakes its runner: a poll lists every task, most of them unchanged.
                    if (a.task().version() != r.task().version() || !java.util.Objects.equals(a.task().desiredStatus(), r.task().desiredStatus())
                            || r.finished()) r.update(a);
                    continue;
                }
                if (a.taskDefinition() == null) {
                    // Known to the control plane as handed over, but not by this loop: ask for everything again.
                    needFullPoll = true;
                    continue;
                }
                r = new TaskRunner(s, instanceArn, shared(a), adoption.claim(arn));
                runners.put(arn, r);
                Thread.ofVirtual().name("task-" + arn.substring(arn.lastIndexOf('/') + 1)).start(r);
            }
            runners.entrySet().removeIf(e -> {
                if (listed.contains(e.getKey())) return false;
                if (e.getValue().finished()) return true;
                e.getValue().requestStop();
                return false;
            });
            adoption.releaseOrphans(instanceArn, listed);
        } finally {
            lock.unlock();
        }
    }

    /** The task with the copy of its definition the loop already holds, when it is the same (a definition ARN's is). */
    private AssignedTask shared(AssignedTask a) {
        String arn = a.task().taskDefinitionArn();
        if (arn == null) return a;
        Map<String, Object> held = definitions.merge(arn, a.taskDefinition(), (old, neu) -> old.equals(neu) ? old : neu);
        return held == a.taskDefinition() ? a : new AssignedTask(a.task(), held);
    }

    /** The control plane no longer knows this instance: drop its runners and containers, register anew. */
    private void forgetInstance() {
        lock.lock();
        try {
            String arn = instanceArn;
            runners.values().forEach(TaskRunner::cancel);
            runners.clear();
            if (arn != null) s.engine().listByLabel(Labels.INSTANCE, arn).forEach(c -> s.engine().remove(c.getId()));
            instanceArn = null;
        } finally {
            lock.unlock();
        }
    }

    /** Stops polling; with {@code cancel}, also abandons the runners (a purge removes their containers). */
    void close(boolean cancel) {
        lock.lock();
        try {
            closed = true;
            if (cancel) {
                runners.values().forEach(TaskRunner::cancel);
                runners.clear();
            }
            Supervisor.Loop l = loop;
            if (l != null) l.stop();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A poll lists every task of the instance and any store change answers it: with many tasks, a short
     * pause (a quarter of a millisecond per task, at most 250 ms) lets a burst of changes gather into
     * one answer instead of one full list per change. A few tasks are not held up.
     */
    private static void pace(int tasks) throws InterruptedException {
        long ms = Math.min(250, tasks / 4);
        if (ms > 0) Thread.sleep(ms);
    }

    private long sleep(long backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            // closing
        }
        return Math.min(backoff * 2, 2000);
    }
}
