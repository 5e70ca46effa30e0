package io.dockyard.logs.store;

import io.dockyard.core.port.logs.LogStore;
import io.dockyard.core.port.logs.LogStoreContractTest;
import io.dockyard.core.port.logs.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the file store (with small segments, so reads and expiry cross segments), plus its crash recovery. */
class FileLogStoreTest extends LogStoreContractTest {
    @TempDir Path dir;

    @Override
    protected LogStore open() { return FileLogStore.open(dir.resolve("logs"), 4096); }

    @Override
    protected LogStore reopen() {
        store.close();
        return open();
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void segmentsRollAndSealedOnesCarryATimeIndex() throws IOException {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        for (int i = 0; i < 40; i++) store.append("g", "s", events(i * 10L, 10, "message number "), 1);
        assertThat(files(".seg").size()).isGreaterThan(3);
        assertThat(files(".idx")).hasSize(files(".seg").size() - 1);
        store = reopen();
        assertThat(store.read("g", "s", 0, Long.MAX_VALUE, 55, 65, 100, Long.MAX_VALUE, false)).extracting(StoredEvent::timestamp)
                .containsExactly(55L, 56L, 57L, 58L, 59L, 60L, 61L, 62L, 63L, 64L);
    }

    @Test
    void aTornLastRecordIsCutOnOpenAndAppendsGoOn() throws IOException {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        store.append("g", "s", events(0, 3, "ok"), 1);
        store.close();
        Path seg = files(".seg").getLast();
        long good = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3})); // a record cut mid-write
        }
        store = open();
        assertThat(Files.size(seg)).isEqualTo(good);
        assertThat(store.stream("g", "s").orElseThrow().nextSequence()).isEqualTo(3);
        store.append("g", "s", events(10, 1, "after"), 2);
        assertThat(store.read("g", "s", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 10, Long.MAX_VALUE, false))
                .extracting(StoredEvent::message).containsExactly("ok0", "ok1", "ok2", "after0");
    }

    @Test
    void aGroupWhoseDeletionWasCutShortIsGoneAfterOpen() throws IOException {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        store.close();
        Files.delete(files("group.json").getFirst()); // deletion removes the metadata first, then the files
        store = open();
        assertThat(store.groups(null)).isEmpty();
        assertThat(files(".seg")).isEmpty();
    }
}
