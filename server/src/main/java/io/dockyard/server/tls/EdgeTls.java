package io.dockyard.server.tls;

import io.dockyard.protocol.tls.Pem;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * HTTPS on the edge port: the operator's certificate and key ({@code --tls-cert}/{@code --tls-key}), else a server certificate
 * signed by Dockyard's own {@link CertificateAuthority} in {@code <data-dir>/tls}. HTTP/1.1 over TLS 1.2 and 1.3; a plain-HTTP
 * request on the port is not served (Jetty closes the connection).
 */
public final class EdgeTls {
    private static final char[] STORE_PASSWORD = "dockyard".toCharArray();

    /**
     * The operator's settings: {@code mode} {@code auto} (TLS in secure mode, plain HTTP in local mode), {@code on} or {@code off};
     * the certificate (chain) and key files, both or neither; more names for the generated certificate.
     */
    public record Settings(String mode, Path certificate, Path key, List<String> extraNames) {
        public static final Settings AUTO = new Settings("auto", null, null, List.of());

        public Settings {
            mode = mode == null || mode.isBlank() ? "auto" : mode.strip().toLowerCase(Locale.ROOT);
            if (!List.of("auto", "on", "off").contains(mode)) throw new IllegalArgumentException("--tls must be auto, on or off, not " + mode);
            if ((certificate == null) != (key == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            extraNames = extraNames == null ? List.of() : extraNames.stream().filter(n -> !n.isBlank()).toList();
        }

        /** Whether the edge serves HTTPS in this mode ({@code secure}: secure mode). */
        public boolean enabled(boolean secure) { return mode.equals("on") || mode.equals("auto") && secure; }
    }

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final CertificateAuthority ca;
    private final Path certificateFile;

    private EdgeTls(List<X509Certificate> chain, PrivateKey key, CertificateAuthority ca, Path certificateFile) {
        this.certificateFile = certificateFile;
        this.chain = chain;
        this.key = key;
        this.ca = ca;
    }

    /** The operator's certificate and key, or one issued by the data directory's CA for the edge's names. */
    public static EdgeTls of(Settings s, Path dataDir, String bindHost, Clock clock) {
        if (s.certificate() != null) {
            List<X509Certificate> chain = Pem.certificates(s.certificate());
            PrivateKey key = Pem.privateKey(s.key());
            if (!CertificateAuthority.matches(key, chain.getFirst())) {
                throw new IllegalArgumentException("--tls-key " + s.key() + " is not the key of the first certificate in --tls-cert " + s.certificate());
            }
            return new EdgeTls(chain, key, null, s.certificate());
        }
        CertificateAuthority ca = CertificateAuthority.open(dataDir.resolve("tls"), clock);
        CertificateAuthority.Issued leaf = ca.serverCertificate(SubjectNames.forEdge(bindHost, machineName(), s.extraNames()));
        return new EdgeTls(leaf.chain(), leaf.key(), ca, null);
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The certificate the edge shows (the embedded agent trusts exactly this one). */
    public X509Certificate served() { return chain.getFirst(); }

    /** The generated CA's certificate file, or null when the operator gave the certificate. */
    public Path caFile() { return ca == null ? null : ca.certificateFile(); }

    /** What task containers are given to trust the edge with: the generated CA, or the operator's certificate file. */
    public Path caBundle() { return ca == null ? certificateFile : ca.certificateFile(); }

    /** A connector serving HTTP/1.1 over TLS with these HTTP settings. */
    public ServerConnector connector(Server server, HttpConfiguration http) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(Pem.keyStore("edge", key, chain, STORE_PASSWORD));
        tls.setKeyStorePassword(new String(STORE_PASSWORD));
        tls.setKeyManagerPassword(new String(STORE_PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // the SNI a client sends need not be a name the certificate covers (an IP address, a name only --allowed-hosts knows)
        tls.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        return new ServerConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
    }

    /** What to tell the operator once at start: where the CA is and how clients come to trust it. */
    public String trustHelp(String endpoint, String registryHost) {
        if (ca == null) {
            return "TLS: the edge serves the certificate in " + served().getSubjectX500Principal().getName() + " (from --tls-cert).";
        }
        Path f = ca.certificateFile();
        return """
                TLS: the edge serves HTTPS with a certificate signed by Dockyard's own CA: %1$s
                  AWS CLI     aws --endpoint-url %2$s --ca-bundle %1$s ...   (or export AWS_CA_BUNDLE=%1$s)
                  SDKs        AWS_CA_BUNDLE=%1$s (Python, JS, Go); Java: keytool -importcert -file %1$s -keystore <truststore>
                  docker      sudo mkdir -p /etc/docker/certs.d/%3$s && sudo cp %1$s /etc/docker/certs.d/%3$s/ca.crt
                  agents      dockyard agent --endpoint %2$s --ca-bundle %1$s
                  curl        curl --cacert %1$s %2$s/_dockyard/health
                """.formatted(f, endpoint, registryHost);
    }
}
