package io.dockyard.registry.lifecycle;

import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Applies lifecycle policies: which images of a repository a policy expires, and expiring them. */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private final Registry registry;

    public Lifecycle(Registry registry) { this.registry = registry; }

    /** The images of the repository as candidates (children of an index in the repository are left to their index). */
    public List<LifecyclePolicy.Candidate> candidates(String repo) {
        return registry.images(repo).stream()
                .filter(i -> !registry.referencedByIndex(repo, i.digest()))
                .map(i -> new LifecyclePolicy.Candidate(i.digest(), registry.tagsOf(repo, i.digest()), i.pushedAt()))
                .toList();
    }

    /** What the policy would expire in the repository now. */
    public List<LifecyclePolicy.Expiry> preview(String repo, LifecyclePolicy policy) {
        return policy.evaluate(candidates(repo), registry.clock().instant());
    }

    /** Runs every repository's policy once, expiring images; returns how many were expired. */
    public int runAll() {
        int expired = 0;
        for (Repository r : registry.repositories()) {
            if (r.lifecyclePolicyText() == null) continue;
            try {
                expired += run(r.name());
            } catch (RuntimeException e) {
                log.warn("lifecycle policy of {} failed: {}", r.name(), e.toString());
            }
        }
        return expired;
    }

    /** Runs one repository's policy in one transaction. */
    public int run(String repo) {
        return registry.store().atomically(() -> {
            Repository r = registry.findRepository(repo).orElse(null);
            if (r == null || r.lifecyclePolicyText() == null) return 0;
            List<LifecyclePolicy.Expiry> expiries = preview(repo, LifecyclePolicy.parse(r.lifecyclePolicyText()));
            for (LifecyclePolicy.Expiry e : expiries) {
                registry.deleteImage(repo, e.image().digest());
                log.info("lifecycle expired image repository={} digest={} tags={} rule={}", repo, e.image().digest(), e.image().tags(), e.rulePriority());
            }
            registry.store().put(Records.REPOSITORY, r.withLifecycle(r.lifecyclePolicyText(), registry.clock().instant()));
            return expiries.size();
        });
    }

    /** Whether the image is still present (for tests and logs). */
    public boolean present(String repo, String digest) { return registry.image(repo, digest).map(Image::digest).isPresent(); }
}
