package io.dockyard.registry.ecr;

import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.EventPublisher;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.Json;
import io.dockyard.registry.domain.Records;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECR's {@code ECR Image Action} events on the default EventBridge bus, as ECR sends them: PUSH when a tag is set on an
 * image (or an image is pushed by digest alone), DELETE when an image is deleted. It follows the store's change feed on
 * the leader, so each action is told once, whichever protocol (docker push, PutImage, BatchDeleteImage) made it.
 */
public final class EcrEvents {
    private final Store store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final String region;
    private final String account;

    public EcrEvents(Store store, EventPublisher publisher, Clock clock, String region, String account) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.region = region;
        this.account = account;
    }

    /** The loop body: changes after its start are told. */
    public void run() throws InterruptedException {
        Changes changes = store.changes();
        long seen = changes.head();
        while (!Thread.currentThread().isInterrupted()) {
            Changes.Page page = changes.since(seen, 4096);
            seen = page.next(seen);
            for (Change c : page.changes()) {
                if (c.kind().equals(Records.TAG.name()) && !c.deleted()) {
                    store.get(Records.TAG, c.key()).ifPresent(t -> publish("PUSH", t.repository(), t.digest(), t.tag()));
                } else if (c.kind().equals(Records.IMAGE.name())) {
                    int at = c.key().indexOf('@');
                    if (at < 0) continue;
                    String repo = c.key().substring(0, at), digest = c.key().substring(at + 1);
                    if (c.deleted()) publish("DELETE", repo, digest, null);
                    else if (c.version() == 1 && page.changes().stream().noneMatch(o -> o.kind().equals(Records.TAG.name()) && o.revision() == c.revision())) {
                        publish("PUSH", repo, digest, null);
                    }
                }
            }
            if (page.changes().isEmpty()) changes.await(seen, Duration.ofSeconds(1));
        }
    }

    private void publish(String action, String repository, String digest, String tag) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("result", "SUCCESS");
        detail.put("repository-name", repository);
        detail.put("image-digest", digest);
        detail.put("action-type", action);
        if (tag != null) detail.put("image-tag", tag);
        String arn = "arn:aws:ecr:" + region + ":" + account + ":repository/" + repository;
        publisher.publish(new EventPublisher.Event("aws.ecr", "ECR Image Action", List.of(arn), Json.write(detail), clock.instant()));
    }
}
