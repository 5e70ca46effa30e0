package io.dockyard.acm;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

/** Certificates made in memory for the tests: a CA and leaves it signs. */
final class TestCerts {
    private TestCerts() {}

    record Made(X509Certificate cert, KeyPair keys) {
        byte[] certPem() { return pem(cert); }
        /** PKCS#1 for RSA keys (as {@code openssl genrsa}), PKCS#8 for EC keys (as {@code openssl genpkey}). */
        byte[] keyPem() {
            try {
                return keys.getPrivate().getAlgorithm().equals("RSA") ? pem(keys.getPrivate())
                        : pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static KeyPair keys(String alg, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
        g.initialize(size);
        return g.generateKeyPair();
    }

    static Made ca(String cn) throws Exception {
        KeyPair k = keys("RSA", 2048);
        return new Made(sign(new X500Name("CN=" + cn + ",O=Dockyard Test"), k, new X500Name("CN=" + cn + ",O=Dockyard Test"), k, BigInteger.ONE,
                Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86400), true), k);
    }

    static Made leaf(Made issuer, String cn, long serial, Instant from, Instant to, KeyPair k, String... sans) throws Exception {
        return new Made(sign(new X500Name("CN=" + cn), k, new X500Name(issuer.cert().getSubjectX500Principal().getName()), issuer.keys(),
                BigInteger.valueOf(serial), from, to, false, sans), k);
    }

    static Made leaf(Made issuer, String cn, long serial, String... sans) throws Exception {
        return leaf(issuer, cn, serial, Instant.now().minusSeconds(60), Instant.now().plusSeconds(86400), keys("RSA", 2048), sans);
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, BigInteger serial,
                                        Instant from, Instant to, boolean ca, String... sans) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(to), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (sans.length > 0) {
            GeneralName[] names = new GeneralName[sans.length];
            for (int i = 0; i < sans.length; i++) names[i] = new GeneralName(GeneralName.dNSName, sans[i]);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        String alg = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate())));
    }

    static byte[] pem(Object o) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter p = new JcaPEMWriter(w)) {
                p.writeObject(o);
            }
            return w.toString().getBytes(StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
