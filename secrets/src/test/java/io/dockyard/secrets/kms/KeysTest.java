package io.dockyard.secrets.kms;

import io.dockyard.core.AwsException;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {
    final CachedStore store = new CachedStore(new MemoryJournal());
    final Keys keys = new Keys(store, MasterKey.of(new byte[32]), Clock.systemUTC(), "us-east-1", "000000000000");

    @Test
    void aBlobOpensOnlyWithItsContextAndFindsItsKeyByItself() {
        KmsKey k = keys.create("d", "CUSTOMER", Map.of());
        byte[] blob = keys.encrypt(k.arn(), "hello".getBytes(StandardCharsets.UTF_8), Map.of("a", "1", "b", "2"));
        assertThat(new String(keys.decrypt(blob, Map.of("b", "2", "a", "1")).plaintext(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThatThrownBy(() -> keys.decrypt(blob, Map.of("a", "1"))).isInstanceOf(AwsException.class).extracting("code").isEqualTo("InvalidCiphertextException");
        blob[blob.length - 1] ^= 1;
        assertThatThrownBy(() -> keys.decrypt(blob, Map.of("a", "1", "b", "2"))).extracting("code").isEqualTo("InvalidCiphertextException");
    }

    @Test
    void theMaterialIsStoredOnlyWrappedAndAnotherMasterKeyCannotOpenIt() {
        KmsKey k = keys.create("d", "CUSTOMER", Map.of());
        byte[] blob = keys.encrypt(k.keyId(), new byte[]{1, 2, 3}, Map.of());
        byte[] other = new byte[32];
        other[0] = 7;
        Keys stranger = new Keys(store, MasterKey.of(other), Clock.systemUTC(), "us-east-1", "000000000000");
        assertThatThrownBy(() -> stranger.decrypt(blob, Map.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("master key");
    }

    @Test
    void keysAreNamedByIdArnAliasAndAliasArnAndAwsManagedKeysAppearOnFirstUse() {
        KmsKey k = keys.create("d", "CUSTOMER", Map.of());
        keys.putAlias(new KmsAlias("alias/app", keys.aliasArn("alias/app"), k.keyId(), keys.now(), keys.now()));
        assertThat(keys.resolve(k.keyId())).isEqualTo(k);
        assertThat(keys.resolve(k.arn())).isEqualTo(k);
        assertThat(keys.resolve("alias/app").keyId()).isEqualTo(k.keyId());
        assertThat(keys.resolve("arn:aws:kms:us-east-1:000000000000:alias/app").keyId()).isEqualTo(k.keyId());
        assertThatThrownBy(() -> keys.resolve("alias/nope")).extracting("code").isEqualTo("NotFoundException");
        KmsKey managed = keys.resolve("alias/aws/secretsmanager");
        assertThat(managed.awsManaged()).isTrue();
        assertThat(keys.resolve("alias/aws/secretsmanager")).isEqualTo(managed);
    }

    @Test
    void disabledAndPendingDeletionKeysRefuseToEncrypt() {
        KmsKey k = keys.create("d", "CUSTOMER", Map.of());
        keys.put(k.withState(KmsKey.DISABLED, null));
        assertThatThrownBy(() -> keys.encrypt(k.keyId(), new byte[1], Map.of())).extracting("code").isEqualTo("DisabledException");
        keys.put(k.withState(KmsKey.PENDING_DELETION, keys.now().plusSeconds(3600)));
        assertThatThrownBy(() -> keys.encrypt(k.keyId(), new byte[1], Map.of())).extracting("code").isEqualTo("KMSInvalidStateException");
        keys.put(k.withState(KmsKey.PENDING_DELETION, keys.now().minusSeconds(1)));
        assertThatThrownBy(() -> keys.resolve(k.keyId())).extracting("code").isEqualTo("NotFoundException");
    }
}
