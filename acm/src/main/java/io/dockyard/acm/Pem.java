package io.dockyard.acm;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and checks what ImportCertificate gets, as ACM does: one PEM certificate, an unencrypted PEM private key
 * (PKCS#1, SEC1 or PKCS#8) of a supported algorithm that matches it, a chain whose first certificate signed it
 * and each next one the one before, and a certificate valid now. Every failure is a ValidationException.
 */
public final class Pem {
    private Pem() {}

    /** A certificate with its key and chain, checked. */
    public record Parsed(X509Certificate certificate, List<X509Certificate> chain, PrivateKey key) {}

    public static Parsed parse(byte[] certificate, byte[] privateKey, byte[] chain, Instant now) {
        List<X509Certificate> leaf = certificates(certificate, "certificate");
        if (leaf.isEmpty()) throw Errors.validation("The certificate field contains no certificate.");
        if (leaf.size() > 1) throw Errors.validation("The certificate field contains more than one certificate. You can specify only one certificate in this field.");
        X509Certificate cert = leaf.getFirst();
        List<X509Certificate> intermediates = chain == null ? List.of() : certificates(chain, "certificate chain");
        PrivateKey key = privateKey(privateKey);
        keyAlgorithm(cert.getPublicKey());
        if (!matches(key, cert.getPublicKey())) throw Errors.validation("The private key does not match the public key in the certificate.");
        if (now.isAfter(cert.getNotAfter().toInstant())) throw Errors.validation("The certificate has expired (it was valid until " + cert.getNotAfter().toInstant() + ").");
        if (now.isBefore(cert.getNotBefore().toInstant())) throw Errors.validation("The certificate is not yet valid (it is valid from " + cert.getNotBefore().toInstant() + ").");
        X509Certificate child = cert;
        for (X509Certificate parent : intermediates) {
            try {
                child.verify(parent.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw Errors.validation("Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: " + intermediates.indexOf(parent));
            }
            child = parent;
        }
        return new Parsed(cert, intermediates, key);
    }

    /** Every certificate in PEM text (other PEM objects are refused). */
    public static List<X509Certificate> certificates(byte[] pem, String what) {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder h)) throw Errors.validation("Could not parse the " + what + ": it holds something else than PEM certificates.");
                out.add(new JcaX509CertificateConverter().getCertificate(h));
            }
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            throw Errors.validation("Could not parse the " + what + ". It must be PEM-encoded.");
        }
        if (out.isEmpty()) throw Errors.validation("Could not parse the " + what + ". It must be PEM-encoded.");
        return out;
    }

    /** The one unencrypted private key in PEM text. */
    public static PrivateKey privateKey(byte[] pem) {
        try (PEMParser p = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            while (o instanceof org.bouncycastle.asn1.x9.X9ECParameters || o instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier) o = p.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
            if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw Errors.validation("The private key is encrypted. Certificate Manager imports only unencrypted private keys.");
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a key this reads: the error below
        }
        throw Errors.validation("The private key is not supported. It must be an unencrypted PEM-encoded RSA or EC private key.");
    }

    /** ACM's name of the key's algorithm: RSA_1024..RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1. */
    public static String keyAlgorithm(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits == 1024 || bits == 2048 || bits == 3072 || bits == 4096) return "RSA_" + bits;
        } else if (key instanceof ECPublicKey ec) {
            switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256: return "EC_prime256v1";
                case 384: return "EC_secp384r1";
                case 521: return "EC_secp521r1";
                default: break;
            }
        }
        throw Errors.validation("The certificate's key algorithm is not supported (RSA 1024, 2048, 3072 or 4096 bits, or EC P-256, P-384 or P-521).");
    }

    /** Whether the private key signs what the public key verifies. */
    static boolean matches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm().equals("EC") ? "EC" : pub.getAlgorithm())
                && !("ECDSA".equals(key.getAlgorithm()) && "EC".equals(pub.getAlgorithm()))) return false;
        String alg = pub instanceof RSAPublicKey ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            byte[] probe = "dockyard acm key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A certificate as PEM text. */
    public static String encode(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates as PEM text, one after the other. */
    public static String encode(List<X509Certificate> cs) {
        StringBuilder b = new StringBuilder();
        cs.forEach(c -> b.append(encode(c)));
        return b.toString();
    }
}
