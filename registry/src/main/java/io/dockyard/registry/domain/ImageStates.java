package io.dockyard.registry.domain;

import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.ImageArchive;
import io.dockyard.registry.domain.Records.ImageReplication;
import io.dockyard.registry.domain.Records.ReplicationDestination;
import io.dockyard.registry.domain.Records.ReplicationRule;
import io.dockyard.registry.domain.Records.ReplicationStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the registry keeps per image besides the image: its storage class (UpdateImageStorageClass: ARCHIVED, or ACTIVATING
 * for {@code restoreDelay} after a restore, then ACTIVE) and its replication (the destinations the replication rules named
 * when it was pushed). Registered as push and delete listeners: a push records the replication and restores an archived
 * image (as ECR does when an archived image is pushed again); a delete drops both records.
 */
public final class ImageStates {
    private final Registry registry;
    private final Duration restoreDelay;

    public ImageStates(Registry registry, Duration restoreDelay) {
        this.registry = registry;
        this.restoreDelay = restoreDelay;
        registry.onPush(this::pushed);
        registry.onDelete(this::deleted);
    }

    /** The destinations a push to {@code repository} replicates to under {@code rules}: every rule covering it, each destination once. */
    public static List<ReplicationDestination> destinations(List<ReplicationRule> rules, String repository) {
        Set<ReplicationDestination> out = new LinkedHashSet<>();
        for (ReplicationRule r : rules) if (r.covers(repository)) out.addAll(r.destinations());
        return new ArrayList<>(out);
    }

    private void pushed(Image image) {
        var store = registry.store();
        store.atomically(() -> {
            store.get(Records.IMAGE_ARCHIVE, image.key()).filter(ImageArchive::archived)
                    .ifPresent(a -> store.put(Records.IMAGE_ARCHIVE, new ImageArchive(a.key(), false, a.lastArchivedAt(), registry.clock().instant())));
            List<ReplicationRule> rules = store.get(Records.REPLICATION, Records.REPLICATION_KEY).map(Records.ReplicationConfiguration::rules).orElse(List.of());
            List<ReplicationDestination> to = destinations(rules, image.repository());
            if (to.isEmpty()) return null;
            // Dockyard keeps one repository namespace that every region's endpoint serves: in each destination region of this
            // account the image is readable (DescribeImages, BatchGetImage, docker pull) as soon as the push is stored.
            store.put(Records.IMAGE_REPLICATION, new ImageReplication(image.key(),
                    to.stream().map(d -> new ReplicationStatus(d.region(), d.registryId(), "COMPLETE", null)).toList()));
            return null;
        });
    }

    private void deleted(String repository, String digest) {
        registry.store().delete(Records.IMAGE_ARCHIVE, repository + "@" + digest);
        registry.store().delete(Records.IMAGE_REPLICATION, repository + "@" + digest);
    }

    /** The images that share {@code image}'s storage class: itself, its index children and its referrers (signatures, SBOMs). */
    private List<Image> withDependents(Image image) {
        List<Image> all = new ArrayList<>();
        all.add(image);
        for (Records.Ref child : image.manifests()) registry.image(image.repository(), child.digest()).ifPresent(all::add);
        for (Image i : registry.images(image.repository())) if (image.digest().equals(i.subject())) all.add(i);
        return all;
    }

    /** Moves the image (with its children and referrers) to the archive; the new status. */
    public String archive(Image image) {
        return registry.store().atomically(() -> {
            Instant now = registry.clock().instant();
            for (Image i : withDependents(image)) {
                Instant activated = registry.store().get(Records.IMAGE_ARCHIVE, i.key()).map(ImageArchive::lastActivatedAt).orElse(null);
                registry.store().put(Records.IMAGE_ARCHIVE, new ImageArchive(i.key(), true, now, activated));
            }
            return "ARCHIVED";
        });
    }

    /** Starts restoring an archived image (with its children and referrers): ACTIVATING for the restore delay, then ACTIVE. */
    public String restore(Image image) {
        return registry.store().atomically(() -> {
            Instant active = registry.clock().instant().plus(restoreDelay);
            for (Image i : withDependents(image)) {
                registry.store().get(Records.IMAGE_ARCHIVE, i.key()).filter(ImageArchive::archived)
                        .ifPresent(a -> registry.store().put(Records.IMAGE_ARCHIVE, new ImageArchive(a.key(), false, a.lastArchivedAt(), active)));
            }
            return "ACTIVATING";
        });
    }

    /** The image's archive record, when it was ever archived. */
    public java.util.Optional<ImageArchive> archiveOf(Image image) { return registry.store().get(Records.IMAGE_ARCHIVE, image.key()); }
}
