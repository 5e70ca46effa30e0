package io.dockyard.agent;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.ContainerSpec;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.model.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The start phase of one task's {@link TaskRunner}, up to its containers created: their plans and
 * records (taking over those a previous agent process made), the task's layout, network namespace and
 * volumes, then the containers created in dependency order, images pulled when missing.
 */
final class TaskSetup {
    /** The runner's logger: these are its log lines. */
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final Executor VIRTUAL = r -> Thread.ofVirtual().start(r);

    private final TaskRunner runner;
    private final TaskServices s;
    private final String instanceArn;
    private final Map<String, Object> taskDefinition;
    private final List<com.github.dockerjava.api.model.Container> adopted;
    private final TaskContainers containers;
    private final TaskState state;
    private TaskLayout layout;
    private java.util.function.Supplier<io.dockyard.protocol.sigv4.Key> logsAs;
    private boolean logsAsMade;

    TaskSetup(TaskRunner runner, TaskServices s, String instanceArn, Map<String, Object> taskDefinition,
              List<com.github.dockerjava.api.model.Container> adopted, TaskContainers containers, TaskState state) {
        this.runner = runner;
        this.s = s;
        this.instanceArn = instanceArn;
        this.taskDefinition = taskDefinition;
        this.adopted = adopted;
        this.containers = containers;
        this.state = state;
    }

    /** Who ships the task's awslogs output: its execution role's renewing session in secure mode, else null (the agent's key). */
    synchronized java.util.function.Supplier<io.dockyard.protocol.sigv4.Key> logsAs() {
        if (!logsAsMade) {
            logsAs = ExecutionRole.forLogs(s.registryLogin().controlPlane(), runner.task(), instanceArn, taskDefinition);
            logsAsMade = true;
        }
        return logsAs;
    }

    /** The task's layout once {@link #prepare()} got that far, else null. */
    TaskLayout layout() { return layout; }

    /** The containers' plans and records from the task definition, and those of a previous agent taken over. */
    void prepare() {
        Task task = runner.task();
        Map<String, Container> records = new LinkedHashMap<>();
        for (Container c : task.containers()) records.put(c.name(), c);
        state.begin(task);
        TaskDefinitionSpec spec = TaskDefinitionSpec.parse(taskDefinition);
        layout = new TaskLayout(s.agentId(), instanceArn, task, spec, taskDefinition);
        containers.layout(layout);
        for (ContainerSpec cs : spec.containers()) {
            ContainerPlan plan = ContainerPlan.of(cs, task.overrides());
            Container rec = records.getOrDefault(cs.name(), new Container.Builder().name(cs.name()).build());
            containers.all.put(cs.name(), new ContainerState(plan, rec));
        }
        s.metadata().register(runner);
        adopt();
    }

    /** Takes over containers a previous agent process made for this task. */
    private void adopt() {
        if (adopted.isEmpty()) return;
        Task task = runner.task();
        String pause = containers.adopt(adopted, task.status().ordinal() >= TaskStatus.RUNNING.ordinal(), id -> s.byDockerId().put(id, runner));
        if (pause != null) {
            String[] addr = TaskNetwork.address(s.engine(), pause);
            if (addr != null) state.network(TaskNetwork.eni(task.attachments(), addr[0], addr[1]), addr[0]);
        }
        log.info("adopted task={} containers={}", task.taskArn(), adopted.size());
    }

    /** The namespace holder (and the awsvpc ENI of its address) and the task's volumes. */
    void provision() {
        if (layout.needsHolder() && layout.pauseId() == null) {
            String pause = TaskNetwork.createPause(s, layout, containers.all.values().stream().map(c -> c.plan).toList());
            if (runner.cancelled()) {
                s.engine().remove(pause);
                throw new TaskRunner.Cancelled();
            }
        }
        if (layout.awsvpc() && layout.pauseId() != null && !state.hasNetwork()) {
            String pause = layout.pauseId();
            String[] addr = TaskNetwork.address(s.engine(), pause);
            if (addr == null) throw new IllegalStateException("the task's network namespace got no address");
            state.network(TaskNetwork.eni(runner.task().attachments(), addr[0], addr[1]), addr[0]);
            state.connectivityAt = Instant.now();
        }
        TaskVolumes.prepare(s.engine(), layout, TaskDefinitionSpec.parse(taskDefinition).volumes());
        runner.checkCancelled();
    }

    /**
     * Creates the containers not made yet, in dependency order. An image that is present locally is
     * used as is ("cached"; its digest is read alongside); a missing one is pulled when the create
     * says so, then the create is repeated.
     */
    void createMissing() {
        List<ContainerPlan> fresh = containers.all.values().stream().filter(c -> c.phase == ContainerState.Phase.NONE).map(c -> c.plan).toList();
        Map<String, Map<String, String>> secrets;
        try {
            io.dockyard.protocol.sigv4.Key as = ExecutionRole.forSecrets(s.registryLogin().controlPlane(), TaskSecrets.any(fresh),
                    runner.task(), instanceArn, taskDefinition);
            secrets = s.secrets().resolve(fresh, as);
        } catch (ContainerPlan.SetupError e) {
            containers.all.values().forEach(c -> { if (c.phase == ContainerState.Phase.NONE) c.reason = e.getMessage(); });
            throw e;
        }
        runner.checkCancelled();
        state.pullStartedAt = Instant.now();
        Map<String, CompletableFuture<String>> digests = new LinkedHashMap<>();
        for (ContainerState c : containers.all.values()) {
            if (c.phase != ContainerState.Phase.NONE) continue;
            digests.computeIfAbsent(c.plan.spec().image(), i -> CompletableFuture.supplyAsync(() -> Images.digestIfPresent(s.engine(), i), VIRTUAL));
        }
        try {
            for (ContainerState c : Dependencies.creationOrder(containers.all)) {
                if (c.phase != ContainerState.Phase.NONE) continue;
                if (runner.stopWanted()) return;
                c.dockerId = create(c, digests, secrets.getOrDefault(c.name(), Map.of()));
                s.byDockerId().put(c.dockerId, runner);
                c.phase = ContainerState.Phase.CREATED;
                c.waitingSince = Instant.now();
                if (runner.cancelled()) {
                    s.engine().remove(c.dockerId); // made after a purge listed the containers
                    throw new TaskRunner.Cancelled();
                }
            }
        } catch (Images.PullError e) {
            containers.all.values().forEach(c -> { if (c.phase == ContainerState.Phase.NONE) c.reason = e.getMessage(); });
            throw e;
        } finally {
            state.pullStoppedAt = Instant.now();
            for (ContainerState c : containers.all.values()) {
                CompletableFuture<String> d = digests.get(c.plan.spec().image());
                if (c.imageDigest == null && d != null) c.imageDigest = d.getNow(null);
            }
        }
    }

    private String create(ContainerState c, Map<String, CompletableFuture<String>> digests, Map<String, String> secretEnv) {
        String image = c.plan.spec().image();
        for (int attempt = 0; ; attempt++) {
            CreateContainerCmd cmd = s.engine().client().createContainerCmd(image);
            if (attempt == 0 && s.registryLogin().controlPlane().secure() && s.registryLogin().ours(image)) {
                ContainerPlan plan = c.plan; // the execution role must be allowed to pull it, cached or not
                Optional<com.github.dockerjava.api.model.AuthConfig> auth;
                try {
                    auth = PullAuth.resolve(plan, image, s.registryLogin(), s.secrets(), runner.task(), instanceArn, taskDefinition);
                } catch (ContainerPlan.SetupError failed) {
                    throw new Images.PullError(failed.getMessage());
                }
                digests.put(image, CompletableFuture.completedFuture(Images.refresh(s.engine(), image, auth)));
            }
            try {
                if (attempt == 0) s.awslogs().prepare(c.plan, runner.task().taskArn(), logsAs());
                Map<String, String> env = new LinkedHashMap<>(secretEnv);
                env.putAll(s.metadata().environment(layout, c.name()));
                ContainerFactory.configure(cmd, c.plan, layout, s.config().taskBindAddress(), env, s.metadata().caBundle());
                String id = cmd.exec().getId();
                if (c.imageDigest == null) c.imageDigest = digests.get(image).join();
                return id;
            } catch (ContainerPlan.SetupError e) {
                c.reason = e.getMessage();
                throw e;
            } catch (NotFoundException e) {
                if (attempt > 0 || !String.valueOf(e.getMessage()).contains("No such image")) {
                    c.reason = "CannotCreateContainerError: " + TaskContainers.message(e);
                    throw new ContainerPlan.SetupError(c.reason);
                }
                ContainerPlan plan = c.plan;
                String digest = Images.ensure(s.engine(), image, () -> {
                    try {
                        return PullAuth.resolve(plan, image, s.registryLogin(), s.secrets(), runner.task(), instanceArn, taskDefinition);
                    } catch (ContainerPlan.SetupError failed) {
                        throw new Images.PullError(failed.getMessage()); // every container not made yet gets the reason
                    }
                });
                digests.put(image, CompletableFuture.completedFuture(digest));
                runner.checkCancelled();
            } catch (RuntimeException e) {
                c.reason = "CannotCreateContainerError: " + TaskContainers.message(e);
                throw new ContainerPlan.SetupError(c.reason);
            }
        }
    }
}
