package io.dockyard.registry.bytes;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ByteStore} driver must do; each driver's test extends this. */
public abstract class ByteStoreContract {
    protected ByteStore store;

    protected abstract ByteStore create() throws IOException;

    /** The granularity of the store's modification times (object stores keep whole seconds). */
    protected java.time.Duration timeResolution() { return java.time.Duration.ofMillis(20); }

    @BeforeEach
    void setUp() throws IOException { store = create(); }

    static String key(String content) throws IOException {
        return Digester.of(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "sha256").toString();
    }

    private void stage(String id, String content) throws IOException {
        try (OutputStream out = store.append(id)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAbsentObjectHasNoSizeAndCannotBeOpened() throws IOException {
        String k = key("nothing");
        assertThat(store.size(k)).isEqualTo(-1);
        assertThat(store.stat(k)).isEmpty();
        assertThatThrownBy(() -> store.open(k, 0)).isInstanceOf(NoSuchFileException.class);
        assertThat(store.delete(k)).isFalse();
    }

    @Test
    void stagedChunksAppendAndCommitUnderTheKey() throws IOException {
        stage("u1", "hello ");
        stage("u1", "world");
        assertThat(store.stagedSize("u1")).isEqualTo(11);
        assertThat(read(store.openStaged("u1"))).isEqualTo("hello world");
        String k = key("hello world");
        assertThat(store.size(k)).isEqualTo(-1);
        store.commit("u1", k);
        assertThat(store.size(k)).isEqualTo(11);
        assertThat(store.stagedSize("u1")).isEqualTo(-1);
        assertThat(read(store.open(k, 0))).isEqualTo("hello world");
        assertThat(read(store.open(k, 6))).isEqualTo("world");
        assertThat(store.list()).extracting(ByteStore.Stat::key).containsExactly(k);
    }

    @Test
    void committingContentThatIsAlreadyStoredKeepsOneCopyAndRefreshesIt() throws IOException {
        String k = key("same");
        stage("a", "same");
        store.commit("a", k);
        Instant first = store.stat(k).orElseThrow().modified();
        stage("b", "same");
        store.commit("b", k);
        assertThat(store.list()).hasSize(1);
        assertThat(store.stat(k).orElseThrow().modified()).isAfterOrEqualTo(first);
        assertThat(store.listStaged()).isEmpty();
    }

    @Test
    void truncatingAStagingAreaDropsItsTail() throws IOException {
        stage("u-t", "hello");
        stage("u-t", " world");
        store.truncateStaged("u-t", 5);
        assertThat(store.stagedSize("u-t")).isEqualTo(5);
        stage("u-t", "!");
        try (var in = store.openStaged("u-t")) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello!");
        }
    }

    @Test
    void discardRemovesAStagingAreaOnly() throws IOException {
        stage("gone", "partial");
        assertThat(store.listStaged()).extracting(ByteStore.Stat::key).containsExactly("gone");
        assertThat(store.discard("gone")).isTrue();
        assertThat(store.discard("gone")).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void deleteRemovesAnObject() throws IOException {
        String k = key("bye");
        stage("x", "bye");
        store.commit("x", k);
        assertThat(store.delete(k)).isTrue();
        assertThat(store.size(k)).isEqualTo(-1);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void touchRefreshesTheModificationTime() throws IOException, InterruptedException {
        String k = key("t");
        stage("t", "t");
        store.commit("t", k);
        Instant before = store.stat(k).orElseThrow().modified();
        Thread.sleep(timeResolution().toMillis());
        store.touch(k);
        assertThat(store.stat(k).orElseThrow().modified()).isAfter(before);
    }

    @Test
    void keysAndIdsThatCouldEscapeTheStoreAreRefused() {
        assertThatThrownBy(() -> store.size("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
