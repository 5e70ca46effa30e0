package io.dockyard.registry.cache;

import io.dockyard.core.port.Store;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.CreationTemplate;
import io.dockyard.registry.domain.Records.PullThroughCacheRule;
import io.dockyard.registry.domain.Records.ResourceTag;
import io.dockyard.registry.domain.Records.UpstreamCheck;
import io.dockyard.store.SqliteJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pull-through cache's record kinds survive the store's codec and a reopen of the SQLite journal. */
class CacheRecordsTest {
    @TempDir Path dir;

    @Test
    void rulesTemplatesAndChecksRoundTrip() throws Exception {
        Instant t = Instant.parse("2026-12-01T10:15:30.123Z");
        PullThroughCacheRule rule = new PullThroughCacheRule("hub", "registry-1.docker.io", "docker-hub",
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/hub-AbCdEf", null, null, t, t);
        CreationTemplate template = new CreationTemplate("hub", "d", "KMS", null, List.of(new ResourceTag("k", "v")), "IMMUTABLE_WITH_EXCLUSION",
                List.of("latest*"), "{}", null, List.of("PULL_THROUGH_CACHE", "CREATE_ON_PUSH"), null, t, t);
        UpstreamCheck check = new UpstreamCheck("hub/library/nginx:latest", "sha256:" + "a".repeat(64), t);
        Path file = dir.resolve("store.db");
        Store store = SqliteJournal.open(file);
        store.put(Records.PULL_THROUGH_CACHE_RULE, rule);
        store.put(Records.CREATION_TEMPLATE, template);
        store.put(Records.UPSTREAM_CHECK, check);
        if (store instanceof AutoCloseable c) c.close();

        Store again = SqliteJournal.open(file);
        assertThat(again.get(Records.PULL_THROUGH_CACHE_RULE, "hub")).contains(rule);
        assertThat(again.get(Records.CREATION_TEMPLATE, "hub")).contains(template);
        assertThat(again.get(Records.UPSTREAM_CHECK, check.key())).contains(check);
        if (again instanceof AutoCloseable c) c.close();
    }
}
