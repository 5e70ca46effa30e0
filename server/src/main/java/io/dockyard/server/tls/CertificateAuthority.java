package io.dockyard.server.tls;

import io.dockyard.protocol.tls.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dockyard's own certificate authority for the edge, kept in {@code <data-dir>/tls}: {@code ca.pem} (what clients trust) and
 * {@code ca-key.pem}, and the server certificate it signs, {@code server.pem} (leaf then CA) and {@code server-key.pem}; keys
 * are readable by the owner only. Made on first start, reused after (every file is written whole and renamed into place, so a
 * kill -9 leaves the old file or the new one); the server certificate is issued again when the names it must cover change or
 * it nears its end. ECDSA P-256 keys; the CA lasts {@link #CA_LIFETIME}, the server certificate {@link #LEAF_LIFETIME}.
 */
public final class CertificateAuthority {
    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    static final Duration LEAF_LIFETIME = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key with its certificate chain, leaf first. */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {}

    private final Path dir;
    private final Clock clock;
    private final Issued ca;

    private CertificateAuthority(Path dir, Clock clock, Issued ca) {
        this.dir = dir;
        this.clock = clock;
        this.ca = ca;
    }

    /** The CA kept in {@code dir}, made there when there is none (or what is there is not a usable pair). */
    public static CertificateAuthority open(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
            Issued ca = load(dir.resolve("ca-key.pem"), dir.resolve("ca.pem"));
            if (ca == null || !ca.chain().getFirst().getNotAfter().toInstant().isAfter(clock.instant())) {
                KeyPair pair = keyPair();
                X509Certificate cert = caCertificate(pair, clock.instant());
                write(dir.resolve("ca-key.pem"), Pem.encode(pair.getPrivate()), true);
                write(dir.resolve("ca.pem"), Pem.encode(cert), false);
                write(dir.resolve("server.pem"), "", false); // whatever the old CA signed is void
                ca = new Issued(pair.getPrivate(), List.of(cert));
            }
            return new CertificateAuthority(dir, clock, ca);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the edge's CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() { return ca.chain().getFirst(); }

    /** The CA certificate's file: what clients are told to trust. */
    public Path certificateFile() { return dir.resolve("ca.pem"); }

    /** The server certificate for exactly these names (host names and IP addresses), the kept one while it still fits. */
    public Issued serverCertificate(Collection<String> names) {
        Set<String> wanted = new TreeSet<>(names);
        Issued kept = load(dir.resolve("server-key.pem"), dir.resolve("server.pem"));
        if (kept != null && fits(kept, wanted)) return kept;
        KeyPair pair = keyPair();
        X509Certificate leaf = leafCertificate(pair, wanted);
        try {
            write(dir.resolve("server-key.pem"), Pem.encode(pair.getPrivate()), true);
            write(dir.resolve("server.pem"), Pem.encode(leaf, certificate()), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the edge's certificate in " + dir + ": " + e.getMessage(), e);
        }
        return new Issued(pair.getPrivate(), List.of(leaf, certificate()));
    }

    private boolean fits(Issued kept, Set<String> wanted) {
        X509Certificate leaf = kept.chain().getFirst();
        try {
            leaf.verify(certificate().getPublicKey());
            return leaf.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE)) && SubjectNames.of(leaf).equals(wanted);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private X509Certificate leafCertificate(KeyPair pair, Set<String> names) {
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate(), serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(LEAF_LIFETIME)), new X500Name("CN=" + names.stream().filter(n -> !SubjectNames.isAddress(n)).findFirst().orElse("dockyard")),
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream().map(SubjectNames::generalName).toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate()));
            return sign(b, ca.key());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate caCertificate(KeyPair pair, Instant now) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name name = new X500Name("CN=Dockyard local CA " + Long.toHexString(RANDOM.nextLong() & 0xffffffffL) + ",O=Dockyard");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_LIFETIME)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(pair.getPublic()));
            return sign(b, pair.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey by) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(by)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() { return new BigInteger(127, RANDOM).add(BigInteger.ONE); }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key and chain in these files when both are there and the key is the first certificate's; else null. */
    private static Issued load(Path keyFile, Path certFile) {
        if (!Files.isRegularFile(keyFile) || !Files.isRegularFile(certFile)) return null;
        try {
            PrivateKey key = Pem.privateKey(keyFile);
            List<X509Certificate> chain = Pem.certificates(certFile);
            return matches(key, chain.getFirst()) ? new Issued(key, chain) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code key} is the private half of the certificate's public key (a signature made with one verifies with the other). */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        try {
            byte[] probe = "dockyard".getBytes(StandardCharsets.US_ASCII);
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Writes the file whole under a temporary name, then renames it into place; {@code secret}: readable by the owner only. */
    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
