package io.dockyard.protocol.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM certificates and private keys as operators hold them (the edge's {@code --tls-cert}/{@code --tls-key}, a load
 * balancer's HTTPS listener, an agent's {@code --ca-bundle}): a certificate file may hold a chain (leaf first); a key may be
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}); encrypted keys are
 * refused with a message saying so. Problems are {@link IllegalArgumentException}s naming what was wrong.
 */
public final class Pem {
    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private Pem() {}

    /** Every certificate in the PEM text, in order; none is an error. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) out.add(CERTS.getCertificate(h));
            }
        } catch (IOException | GeneralSecurityException | IllegalStateException e) { // bad base64 is an IllegalStateException
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        return out;
    }

    /** The first private key in the PEM text. */
    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) return KEYS.getPrivateKey(pair.getPrivateKeyInfo()); // an EC key may lack its public half
                if (o instanceof PrivateKeyInfo info) return KEYS.getPrivateKey(info);
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("the private key is encrypted; give it unencrypted (openssl pkey -in key.pem -out plain.pem)");
                }
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no PEM private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY) found");
    }

    public static List<X509Certificate> certificates(Path file) { return certificates(read(file)); }

    public static PrivateKey privateKey(Path file) { return privateKey(read(file)); }

    /** PEM text of certificates or keys ({@code CERTIFICATE}, {@code PRIVATE KEY} in PKCS#8). */
    public static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            for (Object o : objects) w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : new JcaMiscPEMGenerator(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A key store holding the key with its chain under {@code alias}, password {@code password}. */
    public static KeyStore keyStore(String alias, PrivateKey key, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the key and the certificate chain (leaf first, each signed by the next) do not go together: " + e.getMessage(), e);
        }
    }

    /** A trust store whose anchors are these certificates. */
    public static KeyStore trustStore(List<X509Certificate> anchors) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < anchors.size(); i++) ks.setCertificateEntry("ca-" + i, anchors.get(i));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
