package io.dockyard.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key that wraps every KMS key's material: 256 bits kept outside the state database. Taken from
 * {@value #ENV} (base64), else from the file {@value #FILE_ENV} names, else from {@code <data-dir>/master.key},
 * written with mode 0600 on first start. A fleet of control planes must share it (set one of the two variables
 * on every replica); losing it loses every secret, so back it up apart from the database.
 */
public final class MasterKey {
    public static final String ENV = "DOCKYARD_MASTER_KEY";
    public static final String FILE_ENV = "DOCKYARD_MASTER_KEY_FILE";
    static final int BYTES = 32;

    private final Aead aead;
    private final byte[] raw;
    private final String source;

    private MasterKey(byte[] key, String source) {
        if (key.length != BYTES) throw new IllegalArgumentException("the master key must be 32 bytes (256 bits), base64-encoded; " + source + " holds " + key.length);
        this.aead = new Aead(key);
        this.raw = key.clone();
        this.source = source;
    }

    /** A master key from these bytes (tests). */
    public static MasterKey of(byte[] key) { return new MasterKey(key.clone(), "given"); }

    /** Loads the master key as the class comment says, creating the file under {@code dataDir} on first start. */
    public static MasterKey load(Map<String, String> env, Path dataDir) {
        String inline = env.get(ENV);
        if (inline != null && !inline.isBlank()) return new MasterKey(decode(inline.strip(), ENV), ENV);
        String file = env.get(FILE_ENV);
        Path path = file != null && !file.isBlank() ? Path.of(file) : dataDir.resolve("master.key");
        try {
            if (Files.exists(path)) return new MasterKey(decode(Files.readString(path).strip(), path.toString()), path.toString());
            if (file != null && !file.isBlank()) throw new IllegalArgumentException(FILE_ENV + " names " + path + ", which does not exist");
            byte[] key = new byte[BYTES];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(path.getParent());
            Path tmp = path.resolveSibling("master.key.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.SYNC);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new MasterKey(key, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + path, e);
        }
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key in " + where + " is not base64", e);
        }
    }

    /** Where the key came from (for the start-up log; never the key). */
    public String source() { return source; }

    /** Seals a KMS key's material, bound to the key's id. */
    public byte[] wrap(byte[] material, String keyId) { return aead.seal(material, keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }

    /** Opens material sealed by {@link #wrap}; fails when the master key is not the one that wrapped it. */
    public byte[] unwrap(byte[] sealed, String keyId) {
        try {
            return aead.open(sealed, keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("KMS key " + keyId + " cannot be unwrapped: the master key (" + source + ") is not the one it was created under");
        }
    }

    /**
     * A key derived for one purpose: HMAC-SHA256 of {@code label} under the master key. Secrets that must be recomputable
     * but never stored (the secret half of an IAM access key) come from here.
     */
    public byte[] derive(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(raw, "HmacSHA256"));
            return mac.doFinal(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() { return "MasterKey[" + source + "]"; }

}
