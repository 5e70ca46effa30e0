package io.dockyard.registry;

import io.dockyard.protocol.Edge;
import io.dockyard.protocol.JsonService;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Store;
import io.dockyard.registry.auth.RegistryTokens;
import io.dockyard.registry.bytes.ByteStore;
import io.dockyard.registry.bytes.FileByteStore;
import io.dockyard.registry.cache.PullThroughCache;
import io.dockyard.registry.cache.RepositoryTemplates;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.Uploads;
import io.dockyard.registry.ecr.Ecr;
import io.dockyard.registry.ecr.EcrOperations;
import io.dockyard.registry.lifecycle.BlobCollector;
import io.dockyard.registry.lifecycle.Lifecycle;
import io.dockyard.registry.oci.DistributionHandler;
import io.dockyard.registry.scan.ImageScans;
import io.dockyard.registry.scan.OsvDatabase;
import io.dockyard.registry.scan.SbomHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * ECR in one piece, for the server to wire: the {@code /v2/} edge route (OCI distribution), the ECR
 * JSON service, and the background housekeeping (lifecycle policies, garbage collection).
 * Bytes live under {@code <data-dir>/registry}, or in an S3 bucket ({@link S3Settings}).
 */
public final class RegistryModule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryModule.class);

    private final Registry registry;
    private final Uploads uploads;
    private final Lifecycle lifecycle;
    private final BlobCollector collector;
    private final Edge.Route route;
    private final JsonService service;
    private final RegistrySettings settings;
    private final List<Supervisor.Loop> loops = new ArrayList<>();
    private final ByteStore bytes;
    private final ImageScans scans;
    private final SbomHandler sbom;
    private final RepositoryTemplates templates;
    private final PullThroughCache cache;

    /** {@code scheme}: how clients reach the edge ({@code http} or {@code https}), for the URLs the registry hands out. */
    public RegistryModule(Store store, Path dataDir, String registryHost, String scheme, String account, Clock clock, RegistrySettings settings) {
        Path root = dataDir.resolve("registry");
        ByteStore bytes = settings.s3() == null ? new FileByteStore(root) : settings.s3().open();
        if (settings.s3() != null) log.info("registry blobs in {}", settings.s3().describe());
        this.bytes = bytes;
        this.settings = settings;
        this.registry = new Registry(store, bytes, clock);
        this.uploads = new Uploads(registry);
        this.lifecycle = new Lifecycle(registry);
        this.collector = new BlobCollector(registry, uploads, settings.gcGrace(), settings.uploadExpiry());
        RegistryTokens tokens = new RegistryTokens(RegistryTokens.loadOrCreateSecret(root.resolve("secret")), account, clock);
        this.templates = new RepositoryTemplates(registry);
        this.cache = new PullThroughCache(registry, templates);
        this.distribution = new DistributionHandler(registry, uploads, tokens, scheme + "://" + registryHost, cache, templates);
        this.route = new Edge.Route("registry", DistributionHandler::accepts, distribution);
        this.scans = new ImageScans(registry, new OsvDatabase(dataDir));
        registry.onPush(scans::pushed);
        registry.onDelete(scans::deleted);
        this.sbom = new SbomHandler(registry, scans, tokens);
        var states = new io.dockyard.registry.domain.ImageStates(registry,
                RegistrySettings.duration(System.getenv(), "DOCKYARD_ECR_RESTORE_DELAY", java.time.Duration.ofSeconds(5)));
        this.service = EcrOperations.service(new Ecr(registry, uploads, tokens, registryHost, scheme + "://" + registryHost, account, scans, states), lifecycle, cache);
    }

    /** With settings from the environment and the system clock. */
    public static RegistryModule create(Store store, Path dataDir, String registryHost, String account) {
        return create(store, dataDir, registryHost, "http", account, null);
    }

    /** With the blob store named on the command line ({@code file} or {@code s3://bucket/prefix}; null: the environment's). */
    public static RegistryModule create(Store store, Path dataDir, String registryHost, String scheme, String account, String blobStore) {
        return new RegistryModule(store, dataDir, registryHost, scheme, account, Clock.systemUTC(),
                RegistrySettings.from(System.getenv()).withBlobStore(blobStore, System.getenv()));
    }

    private final DistributionHandler distribution;

    /** Who may push and pull through the registry protocol (secure mode); everyone by default. */
    public void access(io.dockyard.core.port.ResourceAccess access, String region, String account) {
        distribution.access(access, region, account);
        sbom.access(access, region, account);
    }

    /**
     * How the pull-through cache reads the secrets its rules name: the SecretString of a secret ARN, null when there is
     * no such secret (the server wires Secrets Manager in).
     */
    public void secretValues(java.util.function.Function<String, String> reader) { cache.secrets(reader); }

    /** A repository's policy, or null (for the API edge's authorization). */
    public String repositoryPolicy(String name) {
        return registry.store().get(io.dockyard.registry.domain.Records.REPOSITORY, name).map(io.dockyard.registry.domain.Records.Repository::policyText).orElse(null);
    }

    /** The {@code /v2} route for the edge. */
    public Edge.Route route() { return route; }

    /** The SBOM export, {@code GET /_dockyard/ecr/sbom/<repository>@<digest>} (CycloneDX 1.5 JSON; docs/scanning.md). */
    public Edge.Route sbomRoute() { return Edge.pathPrefix("ecr-sbom", SbomHandler.PREFIX, sbom); }

    /** The ECR JSON 1.1 service. */
    public JsonService service() { return service; }

    /** Starts lifecycle runs and garbage collection on their intervals, as supervised loops. */
    public RegistryModule start(Supervisor supervisor) {
        loops.add(supervisor.every("registry-lifecycle", settings.lifecycleInterval(), lifecycle::runAll));
        loops.add(supervisor.every("registry-gc", settings.gcInterval(), collector::collect));
        loops.add(supervisor.every("ecr-continuous-scan", java.time.Duration.ofMinutes(1), scans::rescanContinuous));
        return this;
    }

    @Override
    public void close() {
        loops.forEach(Supervisor.Loop::stop);
        if (bytes instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the blob store: {}", e.toString());
            }
        }
    }
}
