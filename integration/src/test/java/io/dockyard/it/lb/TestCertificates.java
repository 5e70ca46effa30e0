package io.dockyard.it.lb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Certificates made by openssl in a directory: a CA ({@code ca.pem}) and leaves it signs ({@code <name>.pem},
 * {@code <name>.key}); their import with the AWS CLI; curl and a JDK TLS socket that trust only that CA.
 */
final class TestCertificates {
    private final Path dir;

    TestCertificates(Path dir) {
        this.dir = dir;
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "2",
                "-subj", "/CN=Dockyard IT CA/O=Dockyard IT");
    }

    String f(String name) { return dir.resolve(name).toString(); }

    private static void openssl(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Cmd.run(Map.of(), null, cmd).ok();
    }

    /** A leaf for {@code host} (CN and DNS SAN) with this serial, signed by the CA: {@code <name>.pem} and {@code <name>.key}. */
    TestCertificates leaf(String name, String host, int serial) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + host + "\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f(name + ".key"), "-out", f(name + ".csr"), "-subj", "/CN=" + host);
        openssl("x509", "-req", "-in", f(name + ".csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-set_serial", Integer.toString(serial),
                "-days", "1", "-out", f(name + ".pem"), "-extfile", f(name + ".ext"));
        return this;
    }

    /** {@code aws acm import-certificate} of a leaf with the CA as its chain, and more arguments. */
    JsonNode importCertificate(AwsCli aws, String name, String... more) {
        String[] args = {"acm", "import-certificate", "--certificate", "fileb://" + f(name + ".pem"), "--private-key", "fileb://" + f(name + ".key"),
                "--certificate-chain", "fileb://" + f("ca.pem")};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return aws.run(all).ok();
    }

    /** curl {@code https://host:port/path} resolved to 127.0.0.1 (SNI = host), trusting only the CA. */
    Cmd.Result curl(String host, int port, String path) {
        return Cmd.run(Map.of(), null, "curl", "-sS", "--max-time", "10", "--cacert", f("ca.pem"), "--resolve", host + ":" + port + ":127.0.0.1",
                "https://" + host + ":" + port + path);
    }

    /** The serial of the certificate presented for this SNI name (none: null), the chain checked against the CA. */
    long servedSerial(int port, String sni) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            if (sni != null) p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber().longValueExact();
        }
    }
}
