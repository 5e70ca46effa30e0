package io.dockyard.core.crypto;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyTest {
    @Test
    void theMasterKeyFileIsMadeOnceWithOwnerOnlyAccess() throws Exception {
        Path dir = Files.createTempDirectory("mk-");
        MasterKey first = MasterKey.load(Map.of(), dir);
        byte[] sealed = first.wrap(new byte[]{9}, "id");
        MasterKey again = MasterKey.load(Map.of(), dir);
        assertThat(again.unwrap(sealed, "id")).containsExactly(9);
        assertThat(Files.getPosixFilePermissions(dir.resolve("master.key"))).hasToString("[OWNER_READ, OWNER_WRITE]");
        String inline = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(MasterKey.load(Map.of(MasterKey.ENV, inline), dir).source()).isEqualTo(MasterKey.ENV);
        assertThatThrownBy(() -> MasterKey.load(Map.of(MasterKey.ENV, "c2hvcnQ="), dir)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKey.load(Map.of(MasterKey.FILE_ENV, dir.resolve("missing").toString()), dir)).hasMessageContaining("does not exist");
    }

    @Test
    void sealedDataOpensOnlyWithItsAssociatedData() throws Exception {
        Aead a = new Aead(new byte[32]);
        byte[] sealed = a.seal(new byte[]{1, 2}, new byte[]{3});
        assertThat(a.open(sealed, new byte[]{3})).containsExactly(1, 2);
        assertThatThrownBy(() -> a.open(sealed, new byte[]{4})).isInstanceOf(java.security.GeneralSecurityException.class);
    }
}
