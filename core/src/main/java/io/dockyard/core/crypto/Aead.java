package io.dockyard.core.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** AES-256-GCM with a random 96-bit nonce: {@code nonce || ciphertext || tag}, with associated data. */
public final class Aead {
    static final int NONCE = 12;
    static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public Aead(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("AES-256 needs 32 bytes");
        this.key = new SecretKeySpec(key, "AES");
    }

    public byte[] seal(byte[] plaintext, byte[] associated) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            if (associated != null) c.updateAAD(associated);
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens what {@link #seal} made; throws when the key, the data or the associated data differ. */
    public byte[] open(byte[] sealed, byte[] associated) throws GeneralSecurityException {
        if (sealed.length < NONCE + TAG_BITS / 8) throw new javax.crypto.AEADBadTagException("too short");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
        if (associated != null) c.updateAAD(associated);
        return c.doFinal(sealed, NONCE, sealed.length - NONCE);
    }
}
