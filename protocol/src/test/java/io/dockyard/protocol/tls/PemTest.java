package io.dockyard.protocol.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {

    private static KeyPair pair(String alg, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
        g.initialize(size);
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair p, String cn) throws Exception { return issued(p, cn, p, cn); }

    private static X509Certificate issued(KeyPair p, String cn, KeyPair by, String issuer) throws Exception {
        String alg = by.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.TWO,
                Date.from(Instant.now()), Date.from(Instant.now().plusSeconds(3600)), new X500Name("CN=" + cn), p.getPublic())
                .build(new JcaContentSignerBuilder(alg).build(by.getPrivate())));
    }

    /** The key pair as OpenSSL's traditional format writes it: RSA PRIVATE KEY (PKCS#1) or EC PRIVATE KEY (SEC1). */
    private static String traditional(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaMiscPEMGenerator(o));
        }
        return out.toString();
    }

    /** An EC key as {@code openssl ec} writes it: SEC1 with its curve named inside. */
    private static String sec1(KeyPair ec) throws Exception {
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo pki = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(pki.parsePrivateKey());
        byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), pki.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        StringWriter out = new StringWriter();
        try (org.bouncycastle.util.io.pem.PemWriter w = new org.bouncycastle.util.io.pem.PemWriter(out)) {
            w.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", der));
        }
        return out.toString();
    }

    @Test
    void readsPkcs8Pkcs1AndEcKeys() throws Exception {
        KeyPair rsa = pair("RSA", 2048), ec = pair("EC", 256);
        String pkcs1 = traditional(rsa), sec1 = sec1(ec), pkcs8 = Pem.encode(rsa.getPrivate());
        assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
        assertThat(sec1).contains("BEGIN EC PRIVATE KEY");
        assertThat(pkcs8).contains("BEGIN PRIVATE KEY");
        assertThat(Pem.privateKey(pkcs1).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(Pem.privateKey(pkcs8).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(Pem.privateKey(sec1).getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) Pem.privateKey(sec1)).getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS());
        assertThat(Pem.privateKey(Pem.encode(ec.getPrivate())).getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
    }

    @Test
    void readsAChainInOrderAndSkipsOtherBlocks() throws Exception {
        KeyPair a = pair("EC", 256), b = pair("EC", 256);
        X509Certificate ca = selfSigned(b, "ca"), leaf = issued(a, "leaf", b, "ca");
        String file = "subject=leaf\n" + Pem.encode(leaf) + sec1(a) + "# the CA\n" + Pem.encode(ca);
        assertThat(Pem.certificates(file)).containsExactly(leaf, ca);
        KeyStore ks = Pem.keyStore("edge", Pem.privateKey(file), Pem.certificates(file), "pw".toCharArray());
        assertThat(ks.getCertificateChain("edge")).hasSize(2);
        assertThat(Pem.trustStore(List.of(ca)).isCertificateEntry("ca-0")).isTrue();
    }

    @Test
    void refusesWhatIsNotThere() throws Exception {
        KeyPair rsa = pair("RSA", 2048);
        assertThatThrownBy(() -> Pem.certificates(traditional(rsa))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.privateKey(Pem.encode(selfSigned(rsa, "x")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM private key");
        StringWriter enc = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(enc)) {
            w.writeObject(rsa.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build("secret".toCharArray()));
        }
        assertThatThrownBy(() -> Pem.privateKey(enc.toString())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
