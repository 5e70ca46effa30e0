package io.dockyard.server;

import io.dockyard.agent.Agent;
import io.dockyard.agent.AgentConfig;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.protocol.EdgePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The {@code dockyard} command: up, server, agent, version. */
@Command(name = "dockyard", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        subcommands = {Main.Up.class, Main.ServerCommand.class, Main.AgentCommand.class, Main.VersionCommand.class, Main.WarmCommand.class, ScanDbCommand.class},
        description = "A self-hosted container platform that speaks the Amazon ECS and ECR APIs.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("session-manager-plugin")) {
            // the AWS CLI's argv for the plugin (JSON, empty profile…) is passed through untouched, not parsed as options
            System.exit(io.dockyard.agent.exec.SessionManagerPlugin.main(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        // Compressed oops: 16 references per 64-byte cache line. Said here, Jetty does not start the JMX platform server to ask.
        System.getProperties().putIfAbsent("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        if (args.length > 0 && FAST.contains(args[0])) {
            // A start: its options straight into the command (FastOptions), picocli only for help or an error.
            Callable<Integer> command = args[0].equals("up") ? new Up() : new ServerCommand();
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            if (FastOptions.parse(command, rest, System.getenv())) System.exit(run(command));
            System.exit(commandLine(args).execute(rest));
        }
        System.exit(commandLine(args).execute(args));
    }

    /** Runs a command as picocli's {@code execute} does: its exit code, or 1 with the stack trace when it throws. */
    private static int run(Callable<Integer> command) {
        try {
            Integer code = command.call();
            return code == null ? 0 : code;
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    /** Subcommands started on their own: picocli models only the one command (its classes load from its jar on every start). */
    private static final java.util.Set<String> FAST = java.util.Set.of("up", "server");

    /**
     * The command line for {@code args}: {@code up} and {@code server}, the commands a start waits on, get a command line of
     * their own (named "dockyard up" for help and errors), which saves picocli modelling every other subcommand's options
     * on each start; everything else goes through the whole command tree.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length == 0 || !FAST.contains(args[0])) return new CommandLine(new Main());
        CommandLine one = new CommandLine(args[0].equals("up") ? new Up() : new ServerCommand());
        one.setCommandName("dockyard " + args[0]);
        return one;
    }

    @Override
    public void run() { CommandLine.usage(this, System.out); }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"dockyard " + Version.VERSION}; }
    }

    /** Options shared by up and server. */
    static class ServerOptions {
        @Option(names = "--port", defaultValue = "${env:DOCKYARD_PORT:-4566}", description = "Edge port (default ${DEFAULT-VALUE}).")
        int port;
        @Option(names = "--host", defaultValue = "${env:DOCKYARD_HOST:-127.0.0.1}", description = "Bind address (default ${DEFAULT-VALUE}).")
        String host;
        @Option(names = "--data-dir", defaultValue = "${env:DOCKYARD_DATA_DIR:-${sys:user.home}/.dockyard}", description = "State directory (default ${DEFAULT-VALUE}).")
        Path dataDir;
        @Option(names = "--region", defaultValue = "${env:DOCKYARD_REGION:-us-east-1}", description = "Region used when a request names none.")
        String region;
        @Option(names = "--account", defaultValue = "${env:DOCKYARD_ACCOUNT:-000000000000}", description = "Account ID in ARNs (default ${DEFAULT-VALUE}).")
        String account;
        @Option(names = "--availability-zone", defaultValue = "${env:DOCKYARD_AZ:-us-east-1a}", description = "Availability zone of the local host.")
        String availabilityZone;
        @Option(names = "--registry-host", defaultValue = "${env:DOCKYARD_REGISTRY_HOST:-}", description = "Registry host in repositoryUri (default localhost:<port>).")
        String registryHost;
        @Option(names = "--lb-bind-address", defaultValue = "${env:DOCKYARD_LB_BIND:-127.0.0.1}", description = "Address load balancer listeners bind (default ${DEFAULT-VALUE}).")
        String lbBindAddress;
        @Option(names = "--dns-address", defaultValue = "${env:DOCKYARD_DNS_ADDRESS:-127.0.0.1:8053}", description = "Cloud Map DNS server host:port, or off (default ${DEFAULT-VALUE}).")
        String dnsAddress;
        @Option(names = "--task-bind-address", defaultValue = "${env:DOCKYARD_TASK_BIND_ADDRESS:-127.0.0.1}",
                description = "Address the embedded agent publishes tasks' host ports on; 0.0.0.0 for every interface (default ${DEFAULT-VALUE}).")
        String taskBindAddress;
        @Option(names = "--blob-store", defaultValue = "${env:DOCKYARD_BLOB_STORE:-file}", description = "Registry blobs: file (under the data directory) or s3://bucket/prefix (DOCKYARD_S3_* settings; default ${DEFAULT-VALUE}).")
        String blobStore;

        @Option(names = "--database", defaultValue = "${env:DOCKYARD_DATABASE:-}",
                description = "Where the state lives: empty for the embedded SQLite file under the data directory, or postgresql://user:password@host:port/database (shared by replicas).")
        String database;

        @Option(names = "--node-name", defaultValue = "${env:DOCKYARD_NODE_NAME:-}",
                description = "This replica's name among replicas sharing a database (default: host name:port).")
        String nodeName;

        @Option(names = "--leader-lease-seconds", defaultValue = "${env:DOCKYARD_LEADER_LEASE_SECONDS:-4}",
                description = "Length of the leader lease among replicas sharing a database; the leader renews it every third, and a new leader acts within about this long after the old one dies (default ${DEFAULT-VALUE}).")
        double leaderLeaseSeconds;

        @Option(names = "--secure", defaultValue = "${env:DOCKYARD_SECURE:-false}",
                description = "Secure mode: every AWS API call must be SigV4-signed with a key IAM issued and is authorized by IAM policies; a root key is printed once at first start (docs/security.md).")
        boolean secure;

        @Option(names = "--allow-privileged", defaultValue = "${env:DOCKYARD_ALLOW_PRIVILEGED:-false}",
                description = "Secure mode: let task definitions ask for privileged containers and host devices.")
        boolean allowPrivileged;
        @Option(names = "--allow-host-network", defaultValue = "${env:DOCKYARD_ALLOW_HOST_NETWORK:-false}",
                description = "Secure mode: let task definitions use the host's network, PID and IPC namespaces.")
        boolean allowHostNetwork;
        @Option(names = "--allow-capabilities", split = ",", defaultValue = "${env:DOCKYARD_ALLOW_CAPABILITIES:-}",
                description = "Secure mode: Linux capabilities task definitions may add (ALL for any).")
        java.util.List<String> allowCapabilities = new java.util.ArrayList<>();
        @Option(names = "--allowed-host-paths", split = ",", defaultValue = "${env:DOCKYARD_ALLOWED_HOST_PATHS:-}",
                description = "Secure mode: host paths (and below) task definitions may mount as volumes.")
        java.util.List<String> allowedHostPaths = new java.util.ArrayList<>();

        @CommandLine.Mixin
        EdgeOptions edge = new EdgeOptions();

        @Option(names = "--tls", defaultValue = "${env:DOCKYARD_TLS:-auto}",
                description = "HTTPS on the edge port: auto (in secure mode), on, or off (TLS ends in a proxy in front; default ${DEFAULT-VALUE}).")
        String tls;
        @Option(names = "--tls-cert", defaultValue = "${env:DOCKYARD_TLS_CERT:-}",
                description = "PEM certificate (chain, leaf first) the edge serves; default: one signed by Dockyard's own CA in <data-dir>/tls.")
        String tlsCert;
        @Option(names = "--tls-key", defaultValue = "${env:DOCKYARD_TLS_KEY:-}", description = "PEM private key of --tls-cert (PKCS#8, PKCS#1 RSA or EC).")
        String tlsKey;
        @Option(names = "--tls-san", split = ",", defaultValue = "${env:DOCKYARD_TLS_SAN:-}",
                description = "More host names or IP addresses the generated certificate covers (it always covers localhost, 127.0.0.1, ::1, this machine's name and --host).")
        java.util.List<String> tlsSans = new java.util.ArrayList<>();

        io.dockyard.server.tls.EdgeTls.Settings tlsSettings() {
            return new io.dockyard.server.tls.EdgeTls.Settings(tls, tlsCert == null || tlsCert.isBlank() ? null : Path.of(tlsCert),
                    tlsKey == null || tlsKey.isBlank() ? null : Path.of(tlsKey), tlsSans);
        }

        /** What task definitions may ask of the host: everything in local mode; in secure mode what the operator allows. */
        io.dockyard.api.ecs.taskdef.HostSafety hostSafety() {
            if (!secure) return io.dockyard.api.ecs.taskdef.HostSafety.ANY;
            return new io.dockyard.api.ecs.taskdef.HostSafety(allowPrivileged, allowHostNetwork,
                    new java.util.HashSet<>(allowCapabilities.stream().filter(c -> !c.isBlank()).toList()),
                    allowedHostPaths.stream().filter(p -> !p.isBlank()).toList());
        }

        ServerConfig config(boolean embeddedAgent) {
            String reg = registryHost == null || registryHost.isBlank() ? "localhost:" + port : registryHost;
            return new ServerConfig(host, port, dataDir, region, account, !secure, embeddedAgent, availabilityZone, reg, lbBindAddress, dnsAddress,
                    taskBindAddress, blobStore, edge.policy(host, reg), database,
                    nodeName, java.time.Duration.ofMillis(Math.max(1000, (long) (leaderLeaseSeconds * 1000))), hostSafety(), tlsSettings());
        }
    }

    /** What the edge lets in (docs/security.md, docs/configuration.md). */
    static final class EdgeOptions {
        @Option(names = "--allowed-hosts", split = ",", defaultValue = "${env:DOCKYARD_ALLOWED_HOSTS:-}", description = "More Host names the edge answers (loopback names, IP addresses, the bind and registry hosts always pass; * for any).")
        java.util.List<String> allowedHosts = new java.util.ArrayList<>();
        @Option(names = "--cors-origins", split = ",", defaultValue = "${env:DOCKYARD_CORS_ORIGINS:-}", description = "Browser origins allowed to call the APIs (default: none).")
        java.util.List<String> corsOrigins = new java.util.ArrayList<>();
        @Option(names = "--no-dev-helpers", description = "Turn off /_dockyard/reset and /moto-api/reset (health stays).")
        boolean noDevHelpers = Boolean.parseBoolean(System.getenv().getOrDefault("DOCKYARD_NO_DEV_HELPERS", "false"));
        @Option(names = "--max-json-body", defaultValue = "${env:DOCKYARD_MAX_JSON_BODY:-1MiB}", description = "Cap of AWS JSON request bodies (default ${DEFAULT-VALUE}).")
        String maxJsonBody;
        @Option(names = "--max-query-body", defaultValue = "${env:DOCKYARD_MAX_QUERY_BODY:-1MiB}", description = "Cap of AWS Query (ELBv2) request bodies (default ${DEFAULT-VALUE}).")
        String maxQueryBody;
        @Option(names = "--max-ecr-body", defaultValue = "${env:DOCKYARD_MAX_ECR_BODY:-16MiB}", description = "Cap of ECR API bodies: UploadLayerPart's 10 MiB parts, base64 (default ${DEFAULT-VALUE}).")
        String maxEcrBody;

        EdgePolicy policy(String bindHost, String registryHost) {
            java.util.Set<String> hosts = new java.util.HashSet<>(allowedHosts);
            hosts.add(bindHost);
            hosts.add(registryHost);
            return new EdgePolicy(hosts, new java.util.HashSet<>(corsOrigins), EdgePolicy.bytes(maxJsonBody), EdgePolicy.bytes(maxQueryBody),
                    java.util.Map.of(io.dockyard.registry.ecr.EcrOperations.TARGET_PREFIX, EdgePolicy.bytes(maxEcrBody),
                            io.dockyard.logs.Logs.TARGET_PREFIX, io.dockyard.logs.Logs.MAX_BODY), !noDevHelpers);
        }
    }

    @Command(name = "up", description = "Run the control plane and a local agent (everything embedded).")
    static final class Up extends ServerOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return serve(config(true), true);
        }
    }

    @Command(name = "server", description = "Run the control plane only (agents join with 'dockyard agent').")
    static final class ServerCommand extends ServerOptions implements Callable<Integer> {
        @Option(names = "--embedded-agent", description = "Also run a local agent in this process.")
        boolean embeddedAgent;

        @Override
        public Integer call() throws Exception {
            return serve(config(embeddedAgent), false);
        }
    }

    static int serve(ServerConfig config, boolean banner) throws Exception {
        Dockyard d = new Dockyard(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(d::close, "shutdown"));
        if (banner) Banner.print(config, d.port());
        d.tlsHelp().ifPresent(System.out::println);
        d.join();
        return 0;
    }

    @Command(name = "agent", description = "Run an agent that registers this host as a container instance.")
    static final class AgentCommand implements Callable<Integer> {
        @Option(names = "--endpoint", required = true,
                description = "Control plane URL, or several comma-separated (tried in order, failed over), e.g. https://cp1:4566,https://cp2:4566.")
        String endpoint;
        @Option(names = "--ca-bundle", defaultValue = "${env:DOCKYARD_CA_BUNDLE:-}",
                description = "PEM CA certificates an https control plane's certificate is checked against (e.g. its <data-dir>/tls/ca.pem; default: the JDK's CAs).")
        String caBundle;
        @Option(names = "--cluster", defaultValue = "default", description = "Cluster to join (default ${DEFAULT-VALUE}).")
        String cluster;
        @Option(names = "--instance-name", description = "Name of this container instance (default: host name).")
        String instanceName;
        @Option(names = "--cpu", description = "CPU units to offer (default: 1024 per core).")
        Long cpu;
        @Option(names = "--memory", description = "Memory to offer in MiB (default: the host's).")
        Long memory;
        @Option(names = "--data-dir", defaultValue = "${sys:user.home}/.dockyard/agent", description = "Agent state directory.")
        Path dataDir;
        @Option(names = "--availability-zone", defaultValue = "${env:DOCKYARD_AZ:-us-east-1a}", description = "Availability zone attribute (default ${DEFAULT-VALUE}).")
        String availabilityZone;
        @Option(names = "--task-bind-address", defaultValue = "${env:DOCKYARD_TASK_BIND_ADDRESS:-0.0.0.0}",
                description = "Address tasks' host ports are published on (default ${DEFAULT-VALUE}: every interface).")
        String taskBindAddress;
        @Option(names = "--task-start-concurrency", defaultValue = "${env:DOCKYARD_TASK_START_CONCURRENCY:-16}",
                description = "Tasks that may set up and start their containers at once (default ${DEFAULT-VALUE}).")
        int startConcurrency;
        @Option(names = "--address", defaultValue = "${env:DOCKYARD_AGENT_ADDRESS:-}",
                description = "IPv4 address this host's task ports are reachable at (default: the address this host reaches the control plane from).")
        String address;
        @Option(names = "--docker-host", defaultValue = "${env:DOCKER_HOST:-}", description = "Docker Engine socket (default: DOCKER_HOST, else unix:///var/run/docker.sock).")
        String dockerHost;
        @Option(names = "--access-key-id", description = "Access key the agent signs with in secure mode (default: AWS_ACCESS_KEY_ID, else the profile's).")
        String accessKeyId;
        @Option(names = "--secret-access-key", description = "Its secret (default: AWS_SECRET_ACCESS_KEY, else the profile's).")
        String secretAccessKey;
        @Option(names = "--session-token", description = "Session token of temporary credentials (default: AWS_SESSION_TOKEN).")
        String sessionToken;
        @Option(names = "--profile", description = "Profile of the shared credentials file to sign with (default: AWS_PROFILE, else default).")
        String profile;
        @Option(names = "--region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "Region the agent signs for (default ${DEFAULT-VALUE}).")
        String region;
        @Option(names = "--relay-via", description = "Relay this host's loopback, at the endpoint's port, to this address at the same port "
                + "(a host in a network namespace reaching a control plane on the machine's loopback; the local instance provider sets it).")
        String relayVia;

        @Override
        public Integer call() throws Exception {
            if (relayVia != null && !relayVia.isBlank()) {
                java.net.URI first = java.net.URI.create(endpoint.split(",")[0].strip());
                int port = io.dockyard.protocol.net.TcpRelay.port(first);
                io.dockyard.protocol.net.TcpRelay.open("127.0.0.1", port, new java.net.InetSocketAddress(relayVia, port));
            }
            Supervisor supervisor = Supervisor.fromEnvironment(new LoopLog(), System.getenv());
            Agent agent = new Agent(AgentConfig.standalone(endpoint, cluster, instanceName, cpu, memory, dataDir).withAvailabilityZone(availabilityZone)
                    .withTaskBindAddress(taskBindAddress).withStartConcurrency(startConcurrency)
                    .withAddress(address).withDockerHost(dockerHost), supervisor);
            if (caBundle != null && !caBundle.isBlank()) agent.trust(io.dockyard.protocol.tls.ClientTrust.bundle(Path.of(caBundle)), Path.of(caBundle));
            AgentCredentials key = AgentCredentials.resolve(accessKeyId, secretAccessKey, sessionToken, profile, System.getenv(),
                    Path.of(System.getProperty("user.home")));
            if (key != null) agent.signWith(key.accessKeyId(), key.secretAccessKey(), key.sessionToken(), region);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                supervisor.close();
            }, "shutdown"));
            agent.start();
            agent.join();
            return 0;
        }
    }

    @Command(name = "warm", hidden = true, description = "Training run for the class-data archive (the launcher runs it once after a build).")
    static final class WarmCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Warmup.run();
            return 0;
        }
    }

    @Command(name = "version", description = "Print the version.")
    static final class VersionCommand implements Runnable {
        @Override public void run() { System.out.println("dockyard " + Version.VERSION); }
    }
}
