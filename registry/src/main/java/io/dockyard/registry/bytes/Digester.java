package io.dockyard.registry.bytes;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An output stream that hashes what passes through it and counts the bytes. */
public final class Digester extends FilterOutputStream {
    private final MessageDigest md;
    private final String algorithm;
    private long count;

    public Digester(OutputStream out, String algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.md = newDigest(algorithm);
    }

    /** A fresh MessageDigest for {@code sha256} or {@code sha512}. */
    public static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        md.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        md.update(b, off, len);
        count += len;
    }

    public long count() { return count; }

    /** The digest of everything written; call once. */
    public Digest digest() { return new Digest(algorithm, HexFormat.of().formatHex(md.digest())); }

    /** The digest of a whole stream. */
    public static Digest of(InputStream in, String algorithm) throws IOException {
        try (Digester d = new Digester(OutputStream.nullOutputStream(), algorithm)) {
            in.transferTo(d);
            return d.digest();
        }
    }
}
