package io.dockyard.secrets.kms;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.core.crypto.Aead;
import io.dockyard.core.crypto.MasterKey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * KMS keys and aliases in the store, and encryption under them. A ciphertext blob is
 * {@code 0x01 || key id (36 ASCII bytes) || AES-GCM(nonce, data, tag)} with the encryption context (sorted) as associated
 * data, so Decrypt finds its key in the blob as KMS does. A key pending deletion is gone once its deletion date passes.
 */
public final class Keys {
    public static final Kind<KmsKey> KEY = Kind.of("kms.key", KmsKey.class, KmsKey::keyId);
    public static final Kind<KmsAlias> ALIAS = Kind.of("kms.alias", KmsAlias.class, KmsAlias::name);
    static final byte VERSION = 1;
    static final int ID_LENGTH = 36;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final MasterKey master;
    private final Clock clock;
    private final String region, account;

    public Keys(Store store, MasterKey master, Clock clock, String region, String account) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.region = region;
        this.account = account;
    }

    public record Decrypted(KmsKey key, byte[] plaintext) {}

    public Instant now() { return clock.instant(); }

    String keyArn(String id) { return "arn:aws:kms:" + region + ":" + account + ":key/" + id; }

    String aliasArn(String name) { return "arn:aws:kms:" + region + ":" + account + ":" + name; }

    /** Creates a symmetric key. */
    public KmsKey create(String description, String manager, Map<String, String> tags) {
        String id = UUID.randomUUID().toString();
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        KmsKey k = new KmsKey(id, keyArn(id), description == null ? "" : description, manager, KmsKey.ENABLED, now(), null, master.wrap(material, id), tags);
        store.put(KEY, k);
        return k;
    }

    /** Every key that still exists. */
    public List<KmsKey> list() { return store.list(KEY).stream().filter(k -> !gone(k)).toList(); }

    public List<KmsAlias> aliases() {
        return store.list(ALIAS).stream().sorted(java.util.Comparator.comparing(KmsAlias::name)).toList();
    }

    private boolean gone(KmsKey k) { return k.deletionDate() != null && !now().isBefore(k.deletionDate()); }

    /**
     * The key a KeyId names: a key id, a key ARN, {@code alias/name} or an alias ARN; NotFoundException otherwise.
     * The AWS managed aliases ({@code alias/aws/…}) make their key on first use.
     */
    public KmsKey resolve(String ref) {
        if (ref == null || ref.isEmpty()) throw new AwsException("ValidationException", 400, "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        String prefix = "arn:aws:kms:" + region + ":" + account + ":";
        String r = ref.startsWith(prefix) ? ref.substring(prefix.length()) : ref;
        if (r.startsWith("arn:")) throw notFound("Invalid arn " + ref);
        if (r.startsWith("alias/")) {
            KmsAlias a = store.get(ALIAS, r).orElse(null);
            if (a == null && r.startsWith("alias/aws/")) return awsManaged(r);
            if (a == null) throw notFound("Alias " + aliasArn(r) + " is not found.");
            return key(a.targetKeyId()).orElseThrow(() -> notFound("Alias " + aliasArn(r) + " is not found."));
        }
        String id = r.startsWith("key/") ? r.substring(4) : r;
        return key(id).orElseThrow(() -> notFound("Key '" + keyArn(id) + "' does not exist"));
    }

    Optional<KmsKey> key(String id) { return store.get(KEY, id).filter(k -> !gone(k)); }

    /** The AWS managed key behind {@code alias/aws/<service>}, made on first use. */
    public KmsKey awsManaged(String alias) {
        return store.atomically(() -> {
            KmsAlias a = store.get(ALIAS, alias).orElse(null);
            if (a != null) return key(a.targetKeyId()).orElseThrow();
            String service = alias.substring("alias/aws/".length());
            KmsKey k = create("Default key that protects my " + service + " data when no other key is defined", "AWS", Map.of());
            store.put(ALIAS, new KmsAlias(alias, aliasArn(alias), k.keyId(), now(), now()));
            return k;
        });
    }

    /** Encrypts under the key {@code ref} names, which must be enabled. */
    public byte[] encrypt(String ref, byte[] plaintext, Map<String, String> context) {
        KmsKey k = usable(resolve(ref));
        byte[] sealed = new Aead(material(k)).seal(plaintext, associated(k.keyId(), context));
        return ByteBuffer.allocate(1 + ID_LENGTH + sealed.length).put(VERSION).put(k.keyId().getBytes(StandardCharsets.US_ASCII)).put(sealed).array();
    }

    /** Decrypts a blob made by {@link #encrypt} with the same context; InvalidCiphertextException otherwise. */
    public Decrypted decrypt(byte[] blob, Map<String, String> context) {
        if (blob == null || blob.length < 1 + ID_LENGTH + 28 || blob[0] != VERSION) throw invalidCiphertext();
        String id = new String(blob, 1, ID_LENGTH, StandardCharsets.US_ASCII);
        KmsKey k = usable(key(id).orElseThrow(Keys::invalidCiphertext));
        byte[] sealed = java.util.Arrays.copyOfRange(blob, 1 + ID_LENGTH, blob.length);
        try {
            return new Decrypted(k, new Aead(material(k)).open(sealed, associated(id, context)));
        } catch (GeneralSecurityException e) {
            throw invalidCiphertext();
        }
    }

    /** A data key: its plaintext and its blob under a key. */
    public record DataKey(KmsKey key, byte[] plaintext, byte[] blob) {}

    /** A fresh data key of {@code bytes} random bytes, and its blob under {@code ref}. */
    public DataKey generateDataKey(String ref, int bytes, Map<String, String> context) {
        byte[] plain = new byte[bytes];
        RANDOM.nextBytes(plain);
        byte[] blob = encrypt(ref, plain, context);
        return new DataKey(resolve(ref), plain, blob);
    }

    public void put(KmsKey k) { store.put(KEY, k); }

    public void putAlias(KmsAlias a) { store.put(ALIAS, a); }

    public Optional<KmsAlias> alias(String name) { return store.get(ALIAS, name); }

    public void deleteAlias(String name) { store.delete(ALIAS, name); }

    public Store store() { return store; }

    private KmsKey usable(KmsKey k) {
        if (KmsKey.DISABLED.equals(k.state())) throw new AwsException("DisabledException", 400, k.arn() + " is disabled.");
        if (KmsKey.PENDING_DELETION.equals(k.state())) throw new AwsException("KMSInvalidStateException", 400, k.arn() + " is pending deletion.");
        return k;
    }

    private byte[] material(KmsKey k) { return master.unwrap(k.wrappedMaterial(), k.keyId()); }

    private static byte[] associated(String keyId, Map<String, String> context) {
        StringBuilder b = new StringBuilder(keyId);
        new TreeMap<>(context == null ? Map.<String, String>of() : context).forEach((k, v) -> b.append('\0').append(k).append('=').append(v));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static AwsException notFound(String message) { return new AwsException("NotFoundException", 400, message); }

    public static AwsException invalidCiphertext() { return new AwsException("InvalidCiphertextException", 400, null); }
}
