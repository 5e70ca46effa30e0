package io.dockyard.registry.scan;

import io.dockyard.core.port.Store;
import io.dockyard.registry.domain.MediaTypes;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Ref;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Image scans: started by StartImageScan or on push (when the repository or a registry rule asks), run on a virtual
 * thread, their results stored as {@link ImageScan} records. A scan reads the image's layers from the byte store in
 * order ({@link SbomExtractor}) and matches the packages against the imported {@link OsvDatabase}.
 */
public final class ImageScans {
    private static final Logger log = LoggerFactory.getLogger(ImageScans.class);
    /** As ECR basic scanning: one scan per image per day (unless the database was imported since). */
    public static final Duration QUOTA = Duration.ofHours(24);

    private static final Set<String> CONFIGS = Set.of("application/vnd.docker.container.image.v1+json", "application/vnd.oci.image.config.v1+json");

    private final Registry registry;
    private final OsvDatabase database;
    /** Scans run two at a time (a push burst or a continuous re-scan queues on virtual threads). */
    private final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(2);

    public ImageScans(Registry registry, OsvDatabase database) {
        this.registry = registry;
        this.database = database;
    }

    public OsvDatabase database() { return database; }

    private Store store() { return registry.store(); }

    public ScanningConfiguration configuration() { return store().get(ScanningConfiguration.KIND, "registry").orElse(ScanningConfiguration.DEFAULT); }

    public void configure(ScanningConfiguration c) { store().put(ScanningConfiguration.KIND, c); }

    /** The scan frequency in effect for the repository: its registry rule's, else SCAN_ON_PUSH when the repository asks, else MANUAL. */
    public String frequency(Repository r) {
        ScanningConfiguration.Rule rule = configuration().ruleFor(r.name());
        if (rule != null) return rule.scanFrequency();
        return r.scanOnPush() ? "SCAN_ON_PUSH" : "MANUAL";
    }

    /** The last scan of the image, if any. */
    public Optional<ImageScan> scan(String repository, String digest) { return store().get(ImageScan.KIND, repository + "@" + digest); }

    /** Why the image cannot be scanned (an index or an artifact), or null. */
    public static String unsupported(Image image) {
        if (!image.manifests().isEmpty()) return "The operation is not supported for this image type (manifest lists and indexes are not scanned; scan their images).";
        String type = image.artifactType() != null ? image.artifactType() : image.configMediaType();
        if (image.artifactType() != null || image.configMediaType() != null && !CONFIGS.contains(image.configMediaType())) {
            return "The operation is not supported for this image type (artifact of type " + type + ").";
        }
        return null;
    }

    /** Whether a new scan of the image would exceed the daily quota. */
    public boolean quotaExceeded(ImageScan last) {
        if (last == null || last.completedAt() == null) return false;
        if (last.completedAt().plus(QUOTA).isBefore(registry.clock().instant())) return false;
        try {
            return database.current().map(db -> !db.importedAt().isAfter(last.completedAt())).orElse(true);
        } catch (IOException e) {
            return true;
        }
    }

    /** An IN_PROGRESS scan older than 10 minutes: its server stopped during the scan; StartImageScan starts it again. */
    public boolean stale(ImageScan s) {
        return s.status().equals("IN_PROGRESS") && s.startedAt().plus(Duration.ofMinutes(10)).isBefore(registry.clock().instant());
    }

    /** Records the scan IN_PROGRESS and runs it on a virtual thread. */
    public ImageScan start(Image image) {
        ImageScan pending = new ImageScan(image.repository(), image.digest(), "IN_PROGRESS", "The scan is in progress.", registry.clock().instant(), null, null, List.of());
        store().put(ImageScan.KIND, pending);
        Thread.ofVirtual().name("ecr-scan").start(() -> run(image, pending));
        return pending;
    }

    /** The image is gone: its scan goes with it (a later push of the same digest is scanned anew). */
    public void deleted(String repository, String digest) { store().delete(ImageScan.KIND, repository + "@" + digest); }

    /** On push: scans the new image when its repository scans on push and it has not been scanned. */
    public void pushed(Image image) {
        try {
            if (unsupported(image) != null || scan(image.repository(), image.digest()).isPresent()) return;
            Repository r = registry.findRepository(image.repository()).orElse(null);
            if (r == null) return;
            String f = frequency(r);
            if (f.equals("SCAN_ON_PUSH") || f.equals("CONTINUOUS_SCAN")) start(image);
        } catch (RuntimeException e) {
            log.warn("scan on push of {}@{} not started: {}", image.repository(), image.digest(), e.toString());
        }
    }

    /**
     * CONTINUOUS_SCAN: scans the images of repositories under a continuous rule that were never scanned or were scanned
     * before the database was last imported. Run every minute on the leader; returns how many scans it started.
     */
    public int rescanContinuous() throws IOException {
        if (configuration().rules().stream().noneMatch(r -> r.scanFrequency().equals("CONTINUOUS_SCAN"))) return 0;
        Optional<OsvDatabase.Loaded> db = database.current();
        if (db.isEmpty()) return 0;
        int started = 0;
        for (Repository r : registry.repositories()) {
            if (!frequency(r).equals("CONTINUOUS_SCAN")) continue;
            for (Image i : registry.images(r.name())) {
                if (unsupported(i) != null) continue;
                ImageScan s = scan(i.repository(), i.digest()).orElse(null);
                if (s == null || s.completedAt() != null && s.completedAt().isBefore(db.get().importedAt())) {
                    start(i);
                    started++;
                }
            }
        }
        if (started > 0) log.info("continuous scanning: {} images scanned again", started);
        return started;
    }

    private void run(Image image, ImageScan pending) {
        running.acquireUninterruptibly();
        try {
            scanNow(image, pending);
        } finally {
            running.release();
        }
    }

    private void scanNow(Image image, ImageScan pending) {
        ImageScan done;
        try {
            Sbom sbom = sbom(image);
            List<Finding> findings = database.match(sbom);
            Instant updated = database.current().map(OsvDatabase.Loaded::sourceUpdatedAt).orElse(null);
            String description = updated == null ? "The scan was completed successfully (no vulnerability database is imported: see dockyard scan-db import)."
                    : "The scan was completed successfully.";
            done = new ImageScan(image.repository(), image.digest(), "COMPLETE", description, pending.startedAt(), registry.clock().instant(), updated, findings);
            log.debug("scanned {}@{}: {} packages, {} findings", image.repository(), image.digest(), sbom.packages().size(), findings.size());
        } catch (IOException | RuntimeException e) {
            String why = e instanceof SbomExtractor.UnsupportedLayerException ? "UnsupportedImageError: " + e.getMessage() : "The scan failed: " + e.getMessage();
            log.info("scan of {}@{} failed: {}", image.repository(), image.digest(), e.toString());
            done = new ImageScan(image.repository(), image.digest(), "FAILED", why, pending.startedAt(), registry.clock().instant(), null, List.of());
        }
        ImageScan result = done;
        store().atomically(() -> {
            if (registry.image(image.repository(), image.digest()).isPresent()) store().put(ImageScan.KIND, result);
            else store().delete(ImageScan.KIND, result.key());
        });
    }

    /** What the image has installed, read from its layers in order. */
    public Sbom sbom(Image image) throws IOException {
        SbomExtractor x = new SbomExtractor();
        List<Ref> blobs = image.blobs();
        for (Ref layer : blobs.subList(Math.min(1, blobs.size()), blobs.size())) {
            if (MediaTypes.FOREIGN.contains(layer.mediaType())) continue;
            if (layer.mediaType() != null && layer.mediaType().contains("zstd")) {
                throw new SbomExtractor.UnsupportedLayerException("layer " + layer.digest() + " is " + layer.mediaType());
            }
            try (InputStream in = registry.open(layer.digest(), 0)) {
                x.layer(in);
            }
        }
        return x.sbom();
    }
}
