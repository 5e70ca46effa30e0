package io.dockyard.registry.cache;

import io.dockyard.core.port.Store;
import io.dockyard.registry.bytes.FileByteStore;
import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.CreationTemplate;
import io.dockyard.registry.domain.Records.PullThroughCacheRule;
import io.dockyard.registry.domain.Records.ResourceTag;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.RegistryException;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PullThroughCacheTest {
    @TempDir Path dir;
    private FakeRegistry upstream;

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final MovableClock clock = new MovableClock();
    private Registry registry;
    private PullThroughCache cache;

    private void start(FakeRegistry.Auth auth, String credentialArn) throws Exception {
        upstream = new FakeRegistry(auth);
        Store store = new CachedStore(new MemoryJournal());
        registry = new Registry(store, new FileByteStore(dir), clock);
        cache = new PullThroughCache(registry, new RepositoryTemplates(registry));
        cache.secrets(arn -> arn.endsWith("/good") ? "{\"username\":\"user\",\"accessToken\":\"secret\"}" : null);
        store.put(Records.PULL_THROUGH_CACHE_RULE, new PullThroughCacheRule("hub", upstream.url(), null, credentialArn, null, null, clock.instant(), clock.instant()));
    }

    @AfterEach
    void stop() {
        if (upstream != null) upstream.close();
    }

    @Test
    void theFirstPullFetchesThroughTheTokenFlowAndLaterPullsAreLocalForADay() throws Exception {
        start(FakeRegistry.Auth.BEARER, "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/good");
        String digest = upstream.image("library/app", "v1", "{\"architecture\":\"amd64\"}", "layer-bytes");
        assertThat(cache.actionsFor("hub/library/app", "v1")).containsExactly("ecr:CreateRepository", "ecr:BatchImportUpstreamImage");

        cache.ensure("hub/library/app", "v1");

        assertThat(registry.findRepository("hub/library/app")).isPresent();
        assertThat(registry.resolve("hub/library/app", "v1").digest()).isEqualTo(digest);
        assertThat(registry.images("hub/library/app").get(0).blobs()).allSatisfy(b -> assertThat(registry.link("hub/library/app", b.digest())).isPresent());
        assertThat(upstream.lastScope).contains("scope=repository:library/app:pull").contains("service=fake");
        assertThat(upstream.blobGets.get()).isEqualTo(2);
        assertThat(cache.actionsFor("hub/library/app", "v1")).isEmpty();

        int gets = upstream.manifestGets.get();
        cache.ensure("hub/library/app", "v1");
        cache.ensure("hub/library/app", digest);
        assertThat(upstream.manifestGets.get()).as("fresh for 24 h: no upstream request").isEqualTo(gets);

        clock.now = clock.now.plus(Duration.ofHours(25));
        String moved = upstream.image("library/app", "v1", "{\"architecture\":\"arm64\"}", "layer-bytes");
        assertThat(cache.actionsFor("hub/library/app", "v1")).containsExactly("ecr:BatchImportUpstreamImage");
        cache.ensure("hub/library/app", "v1");
        assertThat(registry.resolve("hub/library/app", "v1").digest()).as("re-checked after a day").isEqualTo(moved);
        assertThat(upstream.blobGets.get()).as("the shared layer is not fetched again").isEqualTo(3);
    }

    @Test
    void anIndexBringsEveryManifestItListsAndBasicAuthWorks() throws Exception {
        start(FakeRegistry.Auth.BASIC, "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/good");
        String amd = upstream.image("app", null, "{\"architecture\":\"amd64\"}", "amd-layer");
        String arm = upstream.image("app", null, "{\"architecture\":\"arm64\"}", "arm-layer");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":" + upstream.manifests.get("app:" + amd).length + ",\"digest\":\"" + amd + "\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":" + upstream.manifests.get("app:" + arm).length + ",\"digest\":\"" + arm + "\",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}";
        String indexDigest = upstream.manifest("app", "latest", index, "application/vnd.oci.image.index.v1+json");

        cache.ensure("hub/app", "latest");

        assertThat(registry.resolve("hub/app", "latest").digest()).isEqualTo(indexDigest);
        assertThat(registry.image("hub/app", amd)).isPresent();
        assertThat(registry.image("hub/app", arm)).isPresent();
        assertThat(upstream.tokenGets.get()).isZero();
        assertThat(upstream.blobGets.get()).as("the platforms' layers wait until they are pulled").isZero();
        assertThat(cache.actionsFor("hub/app", amd)).containsExactly("ecr:BatchImportUpstreamImage");

        cache.ensure("hub/app", amd); // the client pulls its platform's manifest: its blobs come along
        assertThat(upstream.blobGets.get()).isEqualTo(2);
        assertThat(cache.actionsFor("hub/app", amd)).isEmpty();
        registry.images("hub/app").stream().filter(i -> i.digest().equals(amd)).findFirst().orElseThrow().blobs()
                .forEach(b -> assertThat(registry.sizeOf(b.digest())).isPositive());

        String armLayer = FakeRegistry.sha("arm-layer".getBytes());
        assertThat(registry.sizeOf(armLayer)).isEqualTo(-1);
        cache.ensureBlob("hub/app", armLayer); // a client that goes straight for a blob
        assertThat(registry.sizeOf(armLayer)).isEqualTo("arm-layer".length());
        assertThat(upstream.blobGets.get()).isEqualTo(3);
    }

    @Test
    void aRepositoryIsCreatedFromTheMatchingTemplate() throws Exception {
        start(FakeRegistry.Auth.NONE, null);
        upstream.image("team/app", "v1", "{}", "layer");
        Instant t = clock.instant();
        registry.store().put(Records.CREATION_TEMPLATE, new CreationTemplate("ROOT", null, "AES256", null, List.of(), "MUTABLE", List.of(), null, null,
                List.of("PULL_THROUGH_CACHE"), null, t, t));
        registry.store().put(Records.CREATION_TEMPLATE, new CreationTemplate("hub", "cached", "KMS", null, List.of(new ResourceTag("team", "platform")),
                "IMMUTABLE", List.of(), "{\"Version\":\"2012-10-17\",\"Statement\":[]}", "{\"rules\":[]}", List.of("PULL_THROUGH_CACHE"), null, t, t));
        registry.store().put(Records.CREATION_TEMPLATE, new CreationTemplate("hub/team", "push only", "AES256", null, List.of(), "MUTABLE", List.of(), null, null,
                List.of("CREATE_ON_PUSH"), null, t, t));

        cache.ensure("hub/team/app", "v1");

        Records.Repository r = registry.findRepository("hub/team/app").orElseThrow();
        assertThat(r.imageTagMutability()).isEqualTo("IMMUTABLE");
        assertThat(r.encryptionType()).isEqualTo("KMS");
        assertThat(r.tags()).containsExactly(new ResourceTag("team", "platform"));
        assertThat(r.policyText()).contains("2012-10-17");
        assertThat(r.lifecyclePolicyText()).isEqualTo("{\"rules\":[]}");
    }

    @Test
    void theCachedImageIsServedWhenTheUpstreamIsGoneAndFailuresWithoutACopyAreNotFound() throws Exception {
        start(FakeRegistry.Auth.NONE, null);
        upstream.image("app", "v1", "{}", "layer");
        cache.ensure("hub/app", "v1");
        upstream.close();
        clock.now = clock.now.plus(Duration.ofDays(2));
        cache.ensure("hub/app", "v1");
        assertThat(registry.resolve("hub/app", "v1")).isNotNull();
        assertThatThrownBy(() -> cache.ensure("hub/app", "v2")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.MANIFEST_UNKNOWN));
        assertThatThrownBy(() -> cache.ensure("hub/other", "v1")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.NAME_UNKNOWN));
        assertThat(registry.findRepository("hub/other")).as("no repository for a failed first pull").isEmpty();
        cache.ensure("elsewhere/app", "v1"); // no rule: nothing happens
        assertThat(registry.findRepository("elsewhere/app")).isEmpty();
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefused() throws Exception {
        start(FakeRegistry.Auth.NONE, null);
        upstream.image("app", "v1", "{}", "layer");
        String layer = FakeRegistry.sha("layer".getBytes());
        upstream.blobs.put(layer, "tampered".getBytes());
        assertThatThrownBy(() -> cache.ensure("hub/app", "v1")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.getMessage()).contains("has the digest"));
        assertThat(registry.bytes().size(layer)).isEqualTo(-1);
        assertThat(registry.resolve("hub/app", "v1")).isNull();
    }

    @Test
    void aMissingSecretOrBadCredentialsFailThePull() throws Exception {
        start(FakeRegistry.Auth.BEARER, "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/missing");
        upstream.image("app", "v1", "{}", "layer");
        assertThatThrownBy(() -> cache.ensure("hub/app", "v1")).hasMessageContaining("does not exist");
        registry.store().put(Records.PULL_THROUGH_CACHE_RULE, new PullThroughCacheRule("hub", upstream.url(), null, null, null, null, clock.instant(), clock.instant()));
        assertThatThrownBy(() -> cache.ensure("hub/app", "v1")).hasMessageContaining("token service answered 401");
    }

    @Test
    void blobsRedirectedElsewhereAreFetchedThereWithoutTheRegistrysCredentials() throws Exception {
        start(FakeRegistry.Auth.BEARER, "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/good");
        upstream.redirectBlobs = true;
        String digest = upstream.image("app", "v1", "{}", "layer");
        cache.ensure("hub/app", "v1");
        assertThat(registry.resolve("hub/app", "v1").digest()).isEqualTo(digest);
        assertThat(upstream.cdnGets.get()).isEqualTo(2);
    }

    @Test
    void upstreamUrlsDefaultToHttpsExceptOnLoopback() {
        assertThat(Upstream.base("registry-1.docker.io").toString()).isEqualTo("https://registry-1.docker.io");
        assertThat(Upstream.base("localhost:5000/").toString()).isEqualTo("http://localhost:5000");
        assertThat(Upstream.base("http://mirror.internal:5000").toString()).isEqualTo("http://mirror.internal:5000");
        assertThatThrownBy(() -> Upstream.base("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    }
}
