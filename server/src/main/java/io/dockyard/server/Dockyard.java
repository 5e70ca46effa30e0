package io.dockyard.server;

import io.dockyard.agent.Agent;
import io.dockyard.agent.AgentConfig;
import io.dockyard.api.agent.AgentHandler;
import io.dockyard.api.agent.EcsMetrics;
import io.dockyard.api.agent.Housekeeping;
import io.dockyard.api.ecs.task.StoppedTasks;
import io.dockyard.core.Arns;
import io.dockyard.api.dev.DevHandler;
import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperations;
import io.dockyard.controller.service.DaemonTargets;
import io.dockyard.controller.service.ServiceController;
import io.dockyard.protocol.Edge;
import io.dockyard.protocol.CborProtocolHandler;
import io.dockyard.protocol.JsonProtocolHandler;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.QueryProtocolHandler;
import io.dockyard.discovery.Discovery;
import io.dockyard.cloudwatch.CloudWatch;
import io.dockyard.autoscaling.AutoScaling;
import io.dockyard.autoscaling.scaling.TrackingAlarms;
import io.dockyard.launch.ServiceDesiredCounts;
import io.dockyard.launch.SpotInterruptions;
import io.dockyard.asg.Asg;
import io.dockyard.asg.instances.CommandInstances;
import io.dockyard.asg.instances.LocalInstances;
import io.dockyard.controller.capacity.ManagedScaling;
import io.dockyard.controller.capacity.WaitingTasks;
import io.dockyard.sqs.Sqs;
import io.dockyard.events.Events;
import io.dockyard.api.ecs.events.EcsEvents;
import io.dockyard.core.port.InstanceProvider;
import io.dockyard.logs.Logs;
import io.dockyard.launch.ServiceLaunches;
import io.dockyard.loadbalancer.LoadBalancing;
import io.dockyard.protocol.SigV4;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Leadership;
import io.dockyard.core.port.Store;
import io.dockyard.registry.RegistryModule;
import io.dockyard.store.CachedStore;
import io.dockyard.store.SqliteJournal;
import io.dockyard.store.postgres.DatabaseUrl;
import io.dockyard.store.postgres.PostgresAlarmStore;
import io.dockyard.store.postgres.PostgresMetricStore;
import io.dockyard.store.postgres.PostgresLease;
import io.dockyard.store.postgres.PostgresLogStore;
import io.dockyard.store.postgres.PostgresQueueStore;
import io.dockyard.store.postgres.PostgresJournal;
import io.dockyard.protocol.EdgeErrors;
import io.dockyard.protocol.EdgeGuard;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The assembled control plane: store, edge port with every service, and (in local mode) the embedded agent. Every
 * background loop runs under one {@link Supervisor}, whose loop states {@code /_dockyard/health} reports.
 */
public final class Dockyard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dockyard.class);
    /** Request line and headers: 16 KiB (SigV4 with a session token needs some 3 KiB); more is a 431 in AWS JSON shape. */
    static final int MAX_REQUEST_HEADERS = 16 * 1024;
    /** How often clusters tagged with a Spot interruption rate draw their interruptions. */
    static final Duration SPOT_ROUND = Duration.ofSeconds(10);

    private final Ecs ecs;
    private final ServerConfig config;
    private final Store store;
    private final Supervisor supervisor = Supervisor.fromEnvironment(new LoopLog(), System.getenv());
    private final Server server;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final RegistryModule registry;
    private Agent agent;
    private io.dockyard.iam.gate.SecureGate.AgentKey agentKey;
    private final ServiceController serviceController;
    private final Housekeeping housekeeping;
    private final AgentHandler agents;
    private final Leadership leadership;
    /** The edge's certificate and key when it serves HTTPS, else null. */
    private final io.dockyard.server.tls.EdgeTls tls;

    /** The embedded SQLite file under the data directory, or the PostgreSQL database {@code --database} names. */
    static CachedStore openStore(ServerConfig config) {
        String db = config.database();
        if (db == null || db.isBlank()) return SqliteJournal.open(config.dataDir().resolve("state.db"));
        if (DatabaseUrl.isPostgres(db)) {
            DatabaseUrl url = DatabaseUrl.parse(db);
            CachedStore store = PostgresJournal.open(url);
            log.info("state on PostgreSQL database={}", url.redacted());
            return store;
        }
        throw new IllegalArgumentException("--database must be empty (embedded SQLite) or postgresql://user:password@host:port/database, not " + db);
    }

    /**
     * Who runs the controllers: this process alone on the embedded store; on PostgreSQL, the replica that holds the
     * leader lease (the others serve the APIs, load balancers and DNS, and stand by).
     */
    static Leadership openLeadership(ServerConfig config) {
        String db = config.database();
        if (db == null || db.isBlank() || !DatabaseUrl.isPostgres(db)) return Leadership.alone(config.node());
        return PostgresLease.start(DatabaseUrl.parse(db), config.node(), config.leaderLease());
    }

    /**
     * CloudWatch Logs on the files under the data directory, or, on PostgreSQL, in the database every replica
     * shares (a PutLogEvents to one replica is read from any other); the retention loop runs on the leader.
     */
    static Logs openLogs(ServerConfig config, Supervisor leader) {
        String db = config.database();
        Duration retention = Logs.retentionPeriod(System.getenv());
        if (db != null && DatabaseUrl.isPostgres(db)) {
            DatabaseUrl url = DatabaseUrl.parse(db);
            log.info("logs on PostgreSQL database={}", url.redacted());
            return Logs.start(PostgresLogStore.open(url), Clock.systemUTC(), leader, retention);
        }
        return Logs.start(config.dataDir(), Clock.systemUTC(), leader, retention, !"false".equalsIgnoreCase(System.getenv(Logs.FSYNC_ENV)));
    }

    /**
     * The audit trail (LookupEvents): a replica's own files under the data directory, or, on PostgreSQL, the table every
     * replica writes its events to and reads all of them from.
     */
    static io.dockyard.cloudtrail.CloudTrail startCloudTrail(ServerConfig config, Supervisor supervisor) {
        String db = config.database();
        if (db == null || db.isBlank() || !DatabaseUrl.isPostgres(db)) return io.dockyard.cloudtrail.CloudTrail.start(config.dataDir(), Clock.systemUTC(), supervisor);
        return io.dockyard.cloudtrail.CloudTrail.start(new io.dockyard.store.postgres.PostgresAuditLog(DatabaseUrl.parse(db), Clock.systemUTC()), supervisor);
    }

    /**
     * CloudWatch on files under the data directory (embedded store), or on PostgreSQL: every replica then puts and reads
     * the same metrics and alarms, and the leader evaluates all the alarms and runs the metrics' retention.
     */
    static CloudWatch startCloudWatch(ServerConfig config, Supervisor supervisor, Leadership leadership) {
        String db = config.database();
        Duration evaluation = CloudWatch.evaluationPeriod(System.getenv());
        if (db == null || db.isBlank() || !DatabaseUrl.isPostgres(db)) {
            return CloudWatch.start(config.dataDir(), Clock.systemUTC(), supervisor, supervisor.leading(leadership), evaluation);
        }
        DatabaseUrl url = DatabaseUrl.parse(db);
        PostgresMetricStore metrics = new PostgresMetricStore(url, Clock.systemUTC());
        try {
            return CloudWatch.start(metrics, new PostgresAlarmStore(url, Clock.systemUTC()), Clock.systemUTC(), supervisor.leading(leadership), evaluation);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /**
     * SQS with its queues in a journal under the data directory, or, on PostgreSQL, in the database every replica shares
     * (any replica serves any queue; a message is handed to one receiver at a time across replicas).
     */
    private Sqs startSqs(ServerConfig config, java.util.function.Supplier<String> urlBase, io.dockyard.core.port.MetricSink sink) {
        String db = config.database();
        Duration stats = Agent.statsInterval(System.getenv());
        if (db != null && DatabaseUrl.isPostgres(db)) {
            DatabaseUrl url = DatabaseUrl.parse(db);
            log.info("sqs on PostgreSQL database={}", url.redacted());
            return Sqs.start(new PostgresQueueStore(url, Clock.systemUTC()), Clock.systemUTC(), supervisor, config.region(), config.account(), urlBase, sink, stats,
                    leadership::leading);
        }
        return Sqs.start(config.dataDir(), Clock.systemUTC(), supervisor, config.region(), config.account(), urlBase,
                !"false".equalsIgnoreCase(System.getenv(Sqs.FSYNC_ENV)), sink, stats);
    }

    public Dockyard(ServerConfig config) {
        this.config = config;
        this.store = openStore(config);
        this.leadership = openLeadership(config);
        this.tls = config.tlsOn() ? io.dockyard.server.tls.EdgeTls.of(config.tls(), config.dataDir(), config.host(), Clock.systemUTC()) : null;
        this.ecs = new Ecs(store, Clock.systemUTC(), config.availabilityZone()).hostSafety(config.hostSafety())
                .endpoint(config.scheme() + "://" + config.registryHost()).namespaces(new io.dockyard.discovery.StoredNamespaces(store));

        List<JsonService> services = new ArrayList<>();
        services.add(EcsOperations.service(ecs));
        registry = RegistryModule.create(store, config.dataDir(), config.registryHost(), config.scheme(), config.account(), config.blobStore());
        closeables.add(registry);
        services.add(registry.service());
        io.dockyard.core.crypto.MasterKey masterKey = io.dockyard.core.crypto.MasterKey.load(System.getenv(), config.dataDir());
        log.debug("master key from {}", masterKey.source());
        io.dockyard.acm.Acm acm = io.dockyard.acm.Acm.start(store, masterKey, Clock.systemUTC(), config.region(), config.account());
        services.add(acm.service());
        LoadBalancing lb = LoadBalancing.start(store, Clock.systemUTC(), config.availabilityZone(), config.lbBindAddress(), supervisor, acm.certificates());
        acm.usedBy(lb.certificateUsers());
        closeables.add(lb);
        Discovery discovery = Discovery.start(store, Clock.systemUTC(), config.dnsAddress(), supervisor);
        closeables.add(discovery);
        services.add(discovery.service());
        Logs logs = openLogs(config, supervisor.leading(leadership));
        closeables.add(logs);
        services.add(logs.service());
        CloudWatch cloudwatch = startCloudWatch(config, supervisor, leadership);
        closeables.add(cloudwatch);
        services.add(cloudwatch.jsonService());
        AutoScaling autoscaling = AutoScaling.start(config.dataDir(), Clock.systemUTC(), supervisor.leading(leadership),
                cloudwatch.alarming(config.region(), config.account()), new ServiceDesiredCounts(store, config.region(), config.account()),
                TrackingAlarms.fromEnvironment(System.getenv()));
        services.add(autoscaling.service());
        Asg asg = Asg.start(store, Clock.systemUTC(), config.availabilityZone(), instanceProvider(config), supervisor.leading(leadership));
        closeables.add(asg);
        ecs.autoScalingGroups(asg.groups());
        Sqs sqs = startSqs(config, () -> config.endpoint().replaceFirst(":\\d+$", ":" + port()), cloudwatch.sink());
        closeables.add(sqs);
        services.add(sqs.jsonService());
        io.dockyard.secrets.Secrets secrets = io.dockyard.secrets.Secrets.start(store, masterKey, Clock.systemUTC(), config.region(), config.account());
        services.addAll(secrets.services());
        registry.secretValues(secrets.secretLookup()::currentString);
        io.dockyard.iam.Iam iam = io.dockyard.iam.Iam.start(store, masterKey, Clock.systemUTC(), config.account());
        agentKey = io.dockyard.iam.gate.SecureGate.AgentKey.derive(masterKey);
        io.dockyard.cloudtrail.CloudTrail trail = startCloudTrail(config, supervisor);
        closeables.add(trail);
        services.add(trail.service());
        io.dockyard.protocol.access.AccessMappings access = AccessWiring.mappings(secrets.secretLookup()::arn);
        io.dockyard.protocol.Gate gate = config.localMode() ? io.dockyard.protocol.Gate.LOCAL
                : new io.dockyard.iam.gate.SecureGate(iam, Clock.systemUTC(), access,
                        (service, arn) -> switch (service) {
                            case "secretsmanager" -> secrets.secretLookup().policy(arn);
                            case "sts" -> iam.trustPolicy(arn);
                            case "ecr" -> registry.repositoryPolicy(arn.substring(arn.indexOf(":repository/") + 12));
                            default -> null;
                        }, agentKey, trail.trail());
        if (!config.localMode()) iam.bootstrapRootKey().ifPresent(Banner::rootKey);
        if (gate instanceof io.dockyard.iam.gate.SecureGate secure) registry.access(secure, config.region(), config.account());
        Events events = Events.start(store, config.dataDir(), Clock.systemUTC(), supervisor, supervisor.leading(leadership), config.region(), config.account(),
                new EcsTargetRunner(EcsOperations.service(ecs).operations().get("RunTask"), config.region(), config.account()), sqs.sender(),
                logs.writer());
        services.add(events.service());
        events.scheduler().gate(gate);
        supervisor.leading(leadership).start("ecs-events", new EcsEvents(ecs, events.publisher())::run);
        cloudwatch.publishTo(events.publisher());
        supervisor.leading(leadership).start("ecr-events", new io.dockyard.registry.ecr.EcrEvents(store, events.publisher(), Clock.systemUTC(),
                config.region(), config.account())::run);
        ManagedScaling managedScaling = new ManagedScaling(store, asg.groups(), cloudwatch.sink(), Clock.systemUTC(), managedScaleIn(System.getenv()));
        supervisor.leading(leadership).every("managed-scaling", Duration.ofSeconds(1), managedScaling::tick);
        new WaitingTasks(store, ecs.launches(), WaitingTasks.timeout(System.getenv())).start(supervisor.leading(leadership));

        SpotInterruptions spot = new SpotInterruptions(store, Clock.systemUTC(), java.util.random.RandomGenerator.getDefault());
        supervisor.leading(leadership).every("spot-interruptions", SPOT_ROUND, () -> spot.tick(SPOT_ROUND));
        DevHandler dev = new DevHandler(store, config.localMode(), Version.VERSION, supervisor::states).helpers(config.edge().devHelpers())
                .leadership(leadership).spotInterruptions(spot, asg.groups());
        Timeouts timeouts = Timeouts.fromEnvironment();
        EcsMetrics ecsMetrics = new EcsMetrics(store, cloudwatch.sink(), Clock.systemUTC());
        agents = new AgentHandler(ecs, Arns.of(config.region(), config.account()), timeouts.agent()).metrics(ecsMetrics)
                .taskRoles(new TaskRoles(iam, config.localMode(), Clock.systemUTC())).gate(gate);
        supervisor.leading(leadership).every("ecs-metrics", Agent.statsInterval(System.getenv()), ecsMetrics::round);
        lb.publishMetrics(cloudwatch.sink(), Clock.systemUTC(), Agent.statsInterval(System.getenv()), supervisor);
        housekeeping = new Housekeeping(ecs, agents.heartbeats(), StoppedTasks.RETENTION, timeouts.housekeeping());
        closeables.add(housekeeping);
        serviceController = new ServiceController(store, Clock.systemUTC(), new ServiceLaunches(ecs.launches()), new DaemonTargets(), timeouts.taskLost(),
                new ServiceEndpoints(store, lb.targets(), lb.rules(), discovery.instances()), timeouts.deploymentMinute());
        serviceController.alarms(cloudwatch.alarmStates());
        new io.dockyard.controller.daemon.DaemonController(store, Clock.systemUTC(), ecs.launches(), timeouts.deploymentMinute())
                .alarms(cloudwatch.alarmStates()).start(supervisor.leading(leadership));
        services.add(io.dockyard.codedeploy.CodeDeploy.start(store, Clock.systemUTC(), lb.routes(), supervisor.leading(leadership),
                timeouts.deploymentMinute()).service());
        closeables.add(serviceController);
        Telemetry telemetry = new Telemetry(System.getenv());
        closeables.add(telemetry);
        telemetry.watch(store, supervisor);
        HeapKeeper.of(System.getenv()).ifPresent(k -> supervisor.every("heap-keeper", Duration.ofSeconds(15), k::round));
        List<io.dockyard.protocol.QueryService> queryServices = List.of(lb.service(), cloudwatch.queryService(), asg.service(), sqs.queryService(), iam.iam(), iam.sts());
        List<String> exposed = new ArrayList<>(List.of(io.dockyard.events.scheduler.SchedulerAccess.SERVICE));
        services.forEach(s -> exposed.add(s.signingName()));
        queryServices.forEach(s -> exposed.add(s.signingName()));
        access.require(exposed); // every API on the edge brought its IAM action mapping
        io.dockyard.console.Console console = new io.dockyard.console.Console(
                new io.dockyard.console.Api(services, queryServices, gate, config.region(), config.account()),
                new io.dockyard.console.Sessions(gate, !config.localMode(), config.region(), Clock.systemUTC()), store.changes());
        Edge edge = new Edge()
                .add(new Edge.Route("console", io.dockyard.console.Console::accepts, console))
                .add(new Edge.Route("metrics", r -> "/metrics".equals(org.eclipse.jetty.server.Request.getPathInContext(r)), telemetry.handler()))
                .add(new Edge.Route("dev", DevHandler::accepts, dev))
                .add(Edge.pathPrefix("agent", AgentHandler.PREFIX, agents))
                .add(registry.route())
                .add(registry.sbomRoute())
                .add(new Edge.Route("scheduler", io.dockyard.events.scheduler.SchedulerApi::accepts, events.scheduler()))
                .add(new Edge.Route("aws-json", JsonProtocolHandler::accepts,
                        new JsonProtocolHandler(services, gate, config.region(), config.account()).observe(telemetry)))
                .add(new Edge.Route("aws-cbor", CborProtocolHandler::accepts,
                        new CborProtocolHandler(List.of(cloudwatch.jsonService()), gate, config.region(), config.account())
                                .observe(telemetry)))
                .add(new Edge.Route("aws-query", QueryProtocolHandler::accepts,
                        new QueryProtocolHandler(queryServices, gate, config.region(),
                                config.account()).observe(telemetry)));

        QueuedThreadPool threads = new QueuedThreadPool(256);
        threads.setName("edge");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        Set<String> querySigningNames = Set.of(lb.service().signingName(), cloudwatch.queryService().signingName(), asg.service().signingName(),
                sqs.queryService().signingName(), iam.iam().signingName(), iam.sts().signingName());
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADERS);
        http.setSendServerVersion(false);
        http.setUriCompliance(EdgeGuard.URI_COMPLIANCE);
        ServerConnector connector = tls != null ? tls.connector(server, http) : new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new EdgeGuard(config.edge(), querySigningNames, edge));
        server.setErrorHandler(new EdgeErrors(querySigningNames));
        server.setStopTimeout(1000);
        dev.onReset(() -> { if (agent != null) agent.purge(); });
        dev.onReset(logs::reset);
        dev.onReset(cloudwatch::reset);
        dev.onReset(autoscaling::reset);
        dev.onReset(sqs::reset);
        dev.onReset(events::reset);
    }

    /**
     * Where Auto Scaling groups' instances come from: {@code DOCKYARD_INSTANCE_PROVIDER=local} (default: agents started on this
     * machine, under {@code <data-dir>/instances}) or {@code command} (the script {@code DOCKYARD_INSTANCE_COMMAND}).
     */
    private InstanceProvider instanceProvider(ServerConfig config) {
        String kind = System.getenv().getOrDefault("DOCKYARD_INSTANCE_PROVIDER", "local");
        java.util.function.Supplier<String> endpoint = this::localEndpoint;
        return switch (kind) {
            case "command" -> {
                String script = System.getenv("DOCKYARD_INSTANCE_COMMAND");
                if (script == null || script.isBlank()) throw new IllegalArgumentException("DOCKYARD_INSTANCE_PROVIDER=command needs DOCKYARD_INSTANCE_COMMAND (a script)");
                yield new CommandInstances(script, config.endpoint(), () -> commandEnvironment(config));
            }
            case "local" -> {
                String java = ProcessHandle.current().info().command().orElse("java");
                List<String> agent = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "agent"));
                if (tls != null && tls.caFile() != null) agent.addAll(List.of("--ca-bundle", tls.caFile().toString()));
                yield localInstances(agent, endpoint, config.dataDir().resolve("instances"), System.getenv(), () -> agentEnvironment(config));
            }
            default -> throw new IllegalArgumentException("DOCKYARD_INSTANCE_PROVIDER must be local or command, not " + kind);
        };
    }

    /**
     * The local provider's hosts: network namespaces with an engine of their own ({@code DOCKYARD_INSTANCE_NETWORK=namespace}),
     * plain agent processes on this machine's engine ({@code process}), or namespaces when this machine allows them ({@code auto},
     * the default: root, with ip, nsenter, dockerd and iptables); {@code DOCKYARD_INSTANCE_SUBNET} the /16 of their addresses.
     */
    private static InstanceProvider localInstances(List<String> agent, java.util.function.Supplier<String> endpoint, java.nio.file.Path dir,
                                                   java.util.Map<String, String> env, java.util.function.Supplier<java.util.Map<String, String>> agentEnv) {
        String mode = env.getOrDefault("DOCKYARD_INSTANCE_NETWORK", "auto");
        String subnet = env.getOrDefault("DOCKYARD_INSTANCE_SUBNET", "10.213.0.0/16");
        if (!subnet.matches("\\d{1,3}\\.\\d{1,3}\\.0\\.0/16")) throw new IllegalArgumentException("DOCKYARD_INSTANCE_SUBNET must be a /16 such as 10.213.0.0/16: " + subnet);
        String net16 = subnet.substring(0, subnet.indexOf(".0.0/"));
        if ("process".equals(mode)) return new LocalInstances(agent, endpoint, dir, agentEnv);
        java.util.Optional<String> why = io.dockyard.asg.instances.NamespaceInstances.unavailable();
        switch (mode) {
            case "namespace" -> {
                if (why.isPresent()) throw new IllegalArgumentException("DOCKYARD_INSTANCE_NETWORK=namespace, but " + why.get());
                return new io.dockyard.asg.instances.NamespaceInstances(agent, endpoint, dir, net16, agentEnv);
            }
            case "auto" -> {
                if (why.isPresent()) {
                    log.info("auto scaling group instances run as agent processes on this machine's engine: {}", why.get());
                    return new LocalInstances(agent, endpoint, dir, agentEnv);
                }
                log.debug("auto scaling group instances are hosts of their own in {}", subnet);
                return new io.dockyard.asg.instances.NamespaceInstances(agent, endpoint, dir, net16, agentEnv);
            }
            default -> throw new IllegalArgumentException("DOCKYARD_INSTANCE_NETWORK must be auto, namespace or process, not " + mode);
        }
    }

    /**
     * What the local provider's agents sign with: in secure mode the control plane's own agent key (as the embedded agent);
     * in local mode nothing — not the keys of this process's environment or profile, which would make an agent sign, and
     * so act as in secure mode (pulls of the registry's images would want an execution role).
     */
    /** What a {@code command} provider's script hands the agent it starts: its key (secure mode) and the edge's CA (TLS). */
    private java.util.Map<String, String> commandEnvironment(ServerConfig config) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        if (!config.localMode() && agentKey != null) {
            env.put("DOCKYARD_AGENT_ACCESS_KEY_ID", agentKey.id());
            env.put("DOCKYARD_AGENT_SECRET_ACCESS_KEY", agentKey.secret());
        }
        if (tls != null && tls.caFile() != null) env.put("DOCKYARD_CA_BUNDLE", tls.caFile().toString());
        return env;
    }

    private java.util.Map<String, String> agentEnvironment(ServerConfig config) {
        if (!config.localMode() && agentKey != null) {
            return java.util.Map.of("AWS_ACCESS_KEY_ID", agentKey.id(), "AWS_SECRET_ACCESS_KEY", agentKey.secret(), "AWS_SESSION_TOKEN", "",
                    "AWS_PROFILE", "");
        }
        return java.util.Map.of("AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", "", "AWS_SESSION_TOKEN", "", "AWS_PROFILE", "",
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/dockyard-local-mode");
    }

    /** How long ECS managed scaling waits, the reservation under its target, before it scales a group in (DOCKYARD_MANAGED_SCALE_IN_SECONDS, default 300). */
    static Duration managedScaleIn(java.util.Map<String, String> env) {
        String v = env.get("DOCKYARD_MANAGED_SCALE_IN_SECONDS");
        return v == null || v.isBlank() ? Duration.ofSeconds(300) : Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }

    public Dockyard start() throws Exception {
        server.start();
        agents.heartbeats().start(supervisor);
        // The controllers are the leader's duties: on a replica that does not lead they stand by.
        Supervisor leader = supervisor.leading(leadership);
        registry.start(leader);
        housekeeping.start(leader);
        serviceController.start(leader);
        log.info("listening endpoint={} dataDir={} mode={}", config.endpoint(), config.dataDir(), config.localMode() ? "local" : "cluster");
        if (config.embeddedAgent()) {
            agent = new Agent(AgentConfig.embedded(localEndpoint(), config.dataDir().resolve("agent"))
                    .withAvailabilityZone(config.availabilityZone()).withTaskBindAddress(config.taskBindAddress()), supervisor);
            agent.region(config.region());
            if (!config.localMode()) agent.signWith(agentKey.id(), agentKey.secret(), config.region());
            if (tls != null) agent.trust(io.dockyard.protocol.tls.ClientTrust.pinned(tls.served()), tls.caBundle());
            agent.start();
        }
        return this;
    }

    public int port() { return ((ServerConnector) server.getConnectors()[0]).getLocalPort(); }

    /**
     * The edge as this process reaches it: loopback when it listens on every address (or on loopback), else the address it
     * is bound to (an edge bound to the Docker bridge's gateway, say, does not answer on 127.0.0.1).
     */
    String localEndpoint() {
        String h = config.host();
        boolean loopback = h == null || h.isBlank() || h.equals("0.0.0.0") || h.equals("::") || h.equals("localhost") || h.startsWith("127.");
        return config.scheme() + "://" + (loopback ? "127.0.0.1" : h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public void join() throws InterruptedException { server.join(); }

    /** What to tell the operator about the edge's certificate (where the CA is, how clients trust it), when it serves HTTPS. */
    public java.util.Optional<String> tlsHelp() {
        if (tls == null) return java.util.Optional.empty();
        String h = config.host().equals("0.0.0.0") || config.host().equals("::") ? "localhost" : config.host();
        return java.util.Optional.of(tls.trustHelp(config.scheme() + "://" + h + ":" + port(), config.registryHost()));
    }

    /**
     * Stops quickly (SIGTERM): the agent stops polling (its task containers keep running, re-adopted on the next start), the
     * loops end, the services close, agents' long polls are woken so the edge drains at once, then the store closes.
     */
    @Override
    public void close() {
        if (agent != null) agent.close();
        // the loops end before what they use closes (a loop reading a closed pool would fail with a warning)
        supervisor.close(Duration.ofMillis(500));
        for (AutoCloseable c : closeables) {
            try { c.close(); } catch (Exception ignored) { /* shutting down */ }
        }
        ecs.closing(true);
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("requests still in flight at shutdown were cut: {}", e.toString());
        }
        leadership.close();
        store.close();
    }
}
