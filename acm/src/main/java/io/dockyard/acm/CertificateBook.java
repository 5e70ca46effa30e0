package io.dockyard.acm;

import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.ServerCertificates;
import io.dockyard.core.port.Store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The imported certificates in the store, and the one place their private keys are sealed and opened: with the
 * master key's AES-GCM ({@link MasterKey#wrap}), bound to the certificate's ARN, as KMS key material is.
 */
public final class CertificateBook implements ServerCertificates {
    public static final Kind<StoredCertificate> CERTIFICATE = Kind.of(ServerCertificates.KIND, StoredCertificate.class, StoredCertificate::arn);
    private static final Pattern ARN = Pattern.compile("arn:[\\w+=/,.@-]+:acm:[\\w+=/,.@-]*:[0-9]*:[\\w+=,.@-]+(/[\\w+=,.@-]+)*");

    final Store store;
    private final MasterKey master;
    private final Clock clock;
    private final String region, account;
    private volatile ServerCertificates.Users users = ServerCertificates.Users.NONE;

    public CertificateBook(Store store, MasterKey master, Clock clock, String region, String account) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.region = region;
        this.account = account;
    }

    void users(ServerCertificates.Users u) { users = u; }

    List<String> usersOf(String arn) { return users.of(arn); }

    Instant now() { return clock.instant(); }

    String newArn() { return "arn:aws:acm:" + region + ":" + account + ":certificate/" + UUID.randomUUID(); }

    /** The certificate an ARN names: InvalidArnException when it is no ACM ARN, ResourceNotFoundException when none has it. */
    StoredCertificate get(String arn) {
        if (arn == null) throw Errors.constraint("certificateArn", null, "Member must not be null");
        if (arn.length() > 2048 || !ARN.matcher(arn).matches()) throw Errors.invalidArn(arn);
        return store.get(CERTIFICATE, arn).orElseThrow(() -> Errors.notFound(arn));
    }

    List<StoredCertificate> all() { return store.list(CERTIFICATE); }

    void put(StoredCertificate c) { store.put(CERTIFICATE, c); }

    void delete(String arn) { store.delete(CERTIFICATE, arn); }

    byte[] seal(String arn, PrivateKey key) { return master.wrap(key.getEncoded(), arn); }

    /** The leaf certificate of a stored record. */
    static X509Certificate leaf(StoredCertificate c) { return Pem.certificates(c.certificatePem().getBytes(StandardCharsets.US_ASCII), "certificate").getFirst(); }

    static List<X509Certificate> chain(StoredCertificate c) {
        return c.chainPem() == null || c.chainPem().isEmpty() ? List.of() : Pem.certificates(c.chainPem().getBytes(StandardCharsets.US_ASCII), "certificate chain");
    }

    @Override
    public Optional<Served> find(String arn) {
        StoredCertificate c = arn == null ? null : store.get(CERTIFICATE, arn).orElse(null);
        if (c == null) return Optional.empty();
        X509Certificate leaf = leaf(c);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(chain(c));
        try {
            byte[] der = master.unwrap(c.sealedKey(), c.arn());
            PrivateKey key = KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            return Optional.of(new Served(arn, key, List.copyOf(chain), Details.names(leaf)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the private key of " + arn + ": " + e.getMessage(), e);
        }
    }
}
