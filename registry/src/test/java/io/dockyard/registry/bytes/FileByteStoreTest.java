package io.dockyard.registry.bytes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileByteStoreTest extends ByteStoreContract {
    @TempDir Path root;

    @Override
    protected ByteStore create() { return new FileByteStore(root); }

    @Test
    void objectsAreLaidOutByAlgorithmAndPrefixAndStagingNeverSitsUnderADigest() throws IOException {
        String k = key("layout");
        try (OutputStream out = store.append("s")) {
            out.write("layout".getBytes());
        }
        try (var s = Files.walk(root.resolve("blobs"))) {
            assertThat(s.filter(Files::isRegularFile).count()).isZero();
        }
        store.commit("s", k);
        String hex = k.substring("sha256:".length());
        assertThat(root.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)).hasContent("layout");
    }
}
