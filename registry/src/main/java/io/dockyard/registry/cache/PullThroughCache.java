package io.dockyard.registry.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.bytes.Digester;
import io.dockyard.registry.domain.ManifestDoc;
import io.dockyard.registry.domain.MediaTypes;
import io.dockyard.registry.domain.Names;
import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.PullThroughCacheRule;
import io.dockyard.registry.domain.Records.UpstreamCheck;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * ECR's pull-through cache: a pull of {@code <prefix>/<upstream repository>:<tag>} that a rule covers creates the
 * repository (from its creation template), fetches the manifest — an index with every manifest it lists — and their
 * blobs from the upstream registry, verifies every digest, stores them content-addressed and serves them from then on.
 * A tag is checked against the upstream again at most once every {@link #RECHECK} (as ECR does); when the upstream cannot
 * be reached the cached image is served.
 */
public final class PullThroughCache {
    private static final Logger log = LoggerFactory.getLogger(PullThroughCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a cached tag is served before the upstream is asked again. */
    public static final Duration RECHECK = Duration.ofHours(24);
    /** Blobs of one image fetched at once. */
    static final int PARALLEL_BLOBS = 4;

    private final Registry registry;
    private final RepositoryTemplates templates;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile Function<String, String> secrets = arn -> null;

    public PullThroughCache(Registry registry, RepositoryTemplates templates) {
        this.registry = registry;
        this.templates = templates;
    }

    /** How secret values are read: the SecretString of the secret an ARN names, null when there is no such secret. */
    public void secrets(Function<String, String> reader) { this.secrets = reader; }

    /** Whether secrets can be read (the server wired Secrets Manager in). */
    public String secretValue(String arn) { return secrets.apply(arn); }

    /** A rule covering a repository, and the repository's name upstream. */
    public record Match(PullThroughCacheRule rule, String upstreamRepository) {}

    /** The rule with the longest prefix covering {@code repository}, if any. */
    public Optional<Match> match(String repository) {
        return registry.store().list(Records.PULL_THROUGH_CACHE_RULE).stream()
                .filter(r -> root(r) || RepositoryTemplates.covers(r.ecrRepositoryPrefix(), repository))
                .max(Comparator.comparingInt(r -> root(r) ? 0 : r.ecrRepositoryPrefix().length()))
                .map(r -> {
                    String rest = root(r) ? repository : repository.substring(r.ecrRepositoryPrefix().replaceAll("/+$", "").length() + 1);
                    String up = r.upstreamRepositoryPrefix();
                    return new Match(r, up == null || up.equals(RepositoryTemplates.ROOT) ? rest : up.replaceAll("/+$", "") + "/" + rest);
                });
    }

    private static boolean root(PullThroughCacheRule r) { return RepositoryTemplates.ROOT.equals(r.ecrRepositoryPrefix()); }

    /**
     * The IAM actions a pull of {@code reference} from {@code repository} needs beyond the pull itself, as ECR documents
     * them: {@code ecr:CreateRepository} when the cache would create the repository, {@code ecr:BatchImportUpstreamImage}
     * when it would fetch from the upstream. Empty when no rule covers the repository or the image is cached and fresh.
     */
    public List<String> actionsFor(String repository, String reference) {
        if (match(repository).isEmpty() || !cacheable(reference)) return List.of();
        List<String> out = new ArrayList<>();
        if (registry.findRepository(repository).isEmpty()) out.add("ecr:CreateRepository");
        if (!fresh(repository, reference)) out.add("ecr:BatchImportUpstreamImage");
        return out;
    }

    private static boolean cacheable(String reference) {
        return reference.contains(":") ? Digest.parse(reference) != null : Names.validTag(reference);
    }

    private boolean fresh(String repository, String reference) {
        if (registry.findRepository(repository).isEmpty()) return false;
        if (reference.contains(":")) return registry.image(repository, reference).isPresent() && !pending(repository, reference);
        if (registry.tag(repository, reference).isEmpty()) return false;
        Optional<UpstreamCheck> c = registry.store().get(Records.UPSTREAM_CHECK, repository + ":" + reference);
        return c.isPresent() && c.get().checkedAt().plus(RECHECK).isAfter(registry.clock().instant());
    }

    /** Whether a platform manifest of a cached index still lacks (some of) its blobs: they are fetched when it is pulled. */
    private boolean pending(String repository, String digest) {
        return registry.store().get(Records.UPSTREAM_CHECK, repository + "@" + digest).isPresent();
    }

    /**
     * Makes {@code reference} of {@code repository} available locally when a rule covers the repository and the cached copy
     * is missing or stale. Upstream failures leave a cached copy in place; without one they answer MANIFEST_UNKNOWN
     * (NAME_UNKNOWN when the repository was never created).
     */
    public void ensure(String repository, String reference) {
        Optional<Match> m = match(repository);
        if (m.isEmpty() || !cacheable(reference) || fresh(repository, reference)) return;
        ReentrantLock lock = locks.computeIfAbsent(repository + "|" + reference, k -> new ReentrantLock());
        lock.lock();
        try {
            if (fresh(repository, reference)) return;
            fetch(repository, reference, m.get());
        } finally {
            lock.unlock();
            locks.remove(repository + "|" + reference, lock);
        }
    }

    private void fetch(String repository, String reference, Match m) {
        boolean cached = registry.findRepository(repository).isPresent() && registry.resolve(repository, reference) != null;
        try {
            Upstream upstream = new Upstream(m.rule().upstreamRegistryUrl(), credentials(m.rule()));
            if (reference.contains(":") && cached && pending(repository, reference)) {
                Records.Image image = registry.image(repository, reference).orElseThrow();
                List<ManifestDoc.Descriptor> blobs = image.blobs().stream().filter(b -> !MediaTypes.FOREIGN.contains(b.mediaType()))
                        .map(b -> new ManifestDoc.Descriptor(b.mediaType(), b.digest(), b.size(), null, null)).distinct().toList();
                blobs(repository, m.upstreamRepository(), upstream, blobs);
                registry.store().delete(Records.UPSTREAM_CHECK, repository + "@" + reference);
                log.info("pull-through cache: the blobs of {}@{} from {}", repository, reference, upstream.base());
                return;
            }
            Upstream.Manifest manifest = upstream.manifest(m.upstreamRepository(), reference);
            if (manifest == null) {
                if (cached) return;
                throw notThere(repository, reference, "the upstream registry has no manifest " + m.upstreamRepository() + ":" + reference);
            }
            templates.createIfMissing(repository, RepositoryTemplates.PULL_THROUGH_CACHE);
            String digest = store(repository, m.upstreamRepository(), upstream, manifest, reference, true);
            if (!reference.contains(":")) {
                registry.store().put(Records.UPSTREAM_CHECK, new UpstreamCheck(repository + ":" + reference, digest, registry.clock().instant()));
            }
            log.info("pull-through cache: {}:{} from {} ({})", repository, reference, upstream.base(), digest);
        } catch (IOException | IllegalArgumentException e) {
            if (cached) {
                log.info("pull-through cache: serving the cached {}:{}; the upstream failed: {}", repository, reference, e.getMessage());
                return;
            }
            throw notThere(repository, reference, e.getMessage());
        } catch (RegistryException e) {
            // what the upstream served could not be stored (an invalid manifest, say): a cached copy still serves
            if (cached) {
                log.info("pull-through cache: serving the cached {}:{}; the upstream's copy was refused: {}", repository, reference, e.getMessage());
                return;
            }
            throw e;
        }
    }

    private RegistryException notThere(String repository, String reference, String why) {
        if (registry.findRepository(repository).isEmpty()) {
            return Problem.NAME_UNKNOWN.with("The repository with name '" + repository + "' does not exist in the registry and the pull through cache could not fetch "
                    + reference + ": " + why + ".");
        }
        return Problem.MANIFEST_UNKNOWN.with("Manifest " + reference + " is not in repository " + repository + " and the pull through cache could not fetch it: " + why + ".");
    }

    /** The rule's credentials from its secret, or null without one. */
    Upstream.Credentials credentials(PullThroughCacheRule rule) throws IOException {
        if (rule.credentialArn() == null) return null;
        String value = secrets.apply(rule.credentialArn());
        if (value == null) throw new Upstream.Failure(0, "the secret " + rule.credentialArn() + " does not exist");
        return parseCredentials(value);
    }

    /** A pull-through cache secret's value {@code {"username":…,"accessToken":…}}. */
    public static Upstream.Credentials parseCredentials(String value) throws IOException {
        JsonNode doc;
        try {
            doc = JSON.readTree(value);
        } catch (IOException e) {
            doc = null;
        }
        if (doc == null || !doc.path("username").isTextual() || !doc.path("accessToken").isTextual()) {
            throw new Upstream.Failure(0, "the secret is not a JSON object with a username and an accessToken");
        }
        return new Upstream.Credentials(doc.path("username").asText(), doc.path("accessToken").asText());
    }

    /**
     * Stores a manifest fetched from the upstream under {@code reference} (a tag, or its digest): first what it references —
     * an index's manifests, an image's config and layers — then the manifest itself. Returns its digest.
     */
    String store(String repository, String upstreamRepository, Upstream upstream, Upstream.Manifest manifest, String reference, boolean eager) throws IOException {
        Digest expected = reference.contains(":") ? Digest.parse(reference) : null;
        Digest actual = Digester.of(new ByteArrayInputStream(manifest.bytes()), expected == null ? "sha256" : expected.algorithm());
        if (expected != null && !expected.equals(actual)) {
            throw new Upstream.Failure(502, "the upstream manifest " + reference + " has the digest " + actual);
        }
        Digest announced = manifest.digest() == null ? null : Digest.parse(manifest.digest());
        if (expected == null && announced != null) {
            Digest check = announced.algorithm().equals(actual.algorithm()) ? actual : Digester.of(new ByteArrayInputStream(manifest.bytes()), announced.algorithm());
            if (!announced.equals(check)) throw new Upstream.Failure(502, "the upstream manifest " + reference + " is not the " + announced + " it announced");
        }
        String digest = actual.toString();
        boolean present = registry.image(repository, digest).isPresent();
        if (!present) {
            ManifestDoc doc = ManifestDoc.read(new ByteArrayInputStream(manifest.bytes()), manifest.mediaType());
            if (doc.isIndex()) {
                for (ManifestDoc.Descriptor d : doc.manifests()) {
                    if (registry.image(repository, d.digest()).isPresent()) continue;
                    Upstream.Manifest child = upstream.manifest(upstreamRepository, d.digest());
                    if (child == null) throw new Upstream.Failure(404, "the upstream index lists " + d.digest() + ", which it does not serve");
                    store(repository, upstreamRepository, upstream, child, d.digest(), false);
                }
            } else {
                List<ManifestDoc.Descriptor> blobs = new ArrayList<>();
                if (doc.config() != null) blobs.add(doc.config());
                blobs.addAll(doc.layers());
                List<ManifestDoc.Descriptor> own = blobs.stream().filter(d -> !MediaTypes.FOREIGN.contains(d.mediaType())).distinct().toList();
                if (eager) {
                    blobs(repository, upstreamRepository, upstream, own);
                } else if (!placeholders(repository, upstreamRepository, upstream, own)) {
                    registry.store().put(Records.UPSTREAM_CHECK, new UpstreamCheck(repository + "@" + digest, digest, registry.clock().instant()));
                }
            }
        }
        if (present && reference.contains(":")) return digest;
        try {
            registry.pushManifest(repository, reference.contains(":") ? digest : reference, new ByteArrayInputStream(manifest.bytes()), manifest.mediaType(), false);
        } catch (RegistryException e) {
            if (e.problem() != Problem.TAG_IMMUTABLE) throw e;
            log.info("pull-through cache: {}:{} moved upstream but the tag is immutable here; keeping the cached image", repository, reference);
            return registry.tag(repository, reference).map(Records.Tag::digest).orElse(digest);
        }
        return digest;
    }

    /**
     * Links the blobs of a platform manifest an index lists without fetching them (ECR, too, fetches layers as they are
     * pulled): stored bytes are linked, missing ones get a link of their size that the first pull of the manifest or the
     * blob fills. Returns whether every blob's bytes are here.
     */
    private boolean placeholders(String repository, String upstreamRepository, Upstream upstream, List<ManifestDoc.Descriptor> blobs) throws IOException {
        boolean complete = true;
        for (ManifestDoc.Descriptor d : blobs) {
            if (registry.sizeOf(d.digest()) >= 0) {
                if (registry.link(repository, d.digest()).isEmpty()) registry.linkExisting(repository, d.digest());
            } else if (d.size() == null || Digest.parse(d.digest()) == null) {
                blob(repository, upstreamRepository, upstream, d);
            } else {
                registry.store().put(Records.BLOB_LINK, new Records.BlobLink(repository, d.digest(), d.size(), registry.clock().instant()));
                complete = false;
            }
        }
        return complete;
    }

    /** A blob GET: fetches the bytes of a blob linked in a cached repository but not fetched yet; BLOB_UNKNOWN when that fails. */
    public void ensureBlob(String repository, String digest) {
        Optional<Match> m = match(repository);
        if (m.isEmpty() || Digest.parse(digest) == null) return;
        Optional<Records.BlobLink> link = registry.link(repository, digest);
        if (link.isEmpty() || registry.sizeOf(digest) >= 0) return;
        try {
            Upstream upstream = new Upstream(m.get().rule().upstreamRegistryUrl(), credentials(m.get().rule()));
            blob(repository, m.get().upstreamRepository(), upstream, new ManifestDoc.Descriptor(null, digest, link.get().size(), null, null));
        } catch (IOException | IllegalArgumentException e) {
            throw Problem.BLOB_UNKNOWN.with("Blob " + digest + " of " + repository + " could not be fetched by the pull through cache: " + e.getMessage() + ".");
        }
    }

    /** Fetches an image's blobs, {@link #PARALLEL_BLOBS} at a time (as docker pulls layers); the first failure is thrown. */
    private void blobs(String repository, String upstreamRepository, Upstream upstream, List<ManifestDoc.Descriptor> blobs) throws IOException {
        if (blobs.size() <= 1) {
            for (ManifestDoc.Descriptor d : blobs) blob(repository, upstreamRepository, upstream, d);
            return;
        }
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_BLOBS);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Void>> running = new ArrayList<>();
            for (ManifestDoc.Descriptor d : blobs) {
                running.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        blob(repository, upstreamRepository, upstream, d);
                        return null;
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (var f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    running.forEach(r -> r.cancel(true));
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Upstream.Failure(0, "interrupted");
                }
            }
        }
    }

    /** Makes one blob visible in the repository: linked when its bytes are stored already, else fetched and verified. */
    private void blob(String repository, String upstreamRepository, Upstream upstream, ManifestDoc.Descriptor d) throws IOException {
        if (registry.link(repository, d.digest()).isPresent() && registry.sizeOf(d.digest()) >= 0) return;
        Digest want = Digest.parse(d.digest());
        if (want == null) throw new Upstream.Failure(502, "the upstream manifest names an invalid digest " + d.digest());
        if (registry.sizeOf(d.digest()) < 0) {
            String stage = "upstream-" + UUID.randomUUID();
            try {
                long count;
                Digest got;
                try (InputStream in = upstream.blob(upstreamRepository, d.digest()); OutputStream out = registry.bytes().append(stage);
                     Digester dg = new Digester(out, want.algorithm())) {
                    in.transferTo(dg);
                    dg.flush();
                    count = dg.count();
                    got = dg.digest();
                }
                if (!want.equals(got)) throw new Upstream.Failure(502, "the upstream blob " + d.digest() + " has the digest " + got);
                if (d.size() != null && d.size() != count) throw new Upstream.Failure(502, "the upstream blob " + d.digest() + " has " + count + " bytes, not " + d.size());
                registry.bytes().commit(stage, d.digest());
            } finally {
                registry.bytes().discard(stage);
            }
        }
        try {
            registry.linkExisting(repository, d.digest());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
