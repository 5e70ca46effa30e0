package io.dockyard.protocol.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * What a client of the edge trusts: the certificates of a CA bundle file ({@code dockyard agent --ca-bundle}), checked as any
 * HTTPS client checks them (chain and host name); or exactly one certificate, the edge's own, for the embedded agent that
 * reaches its own process on loopback (no host name to check: whoever shows that certificate holds the edge's key).
 */
public final class ClientTrust {
    private ClientTrust() {}

    /** Trusts the CA certificates in this PEM file (and only those). */
    public static SSLContext bundle(Path caBundle) {
        return context(trustManagers(Pem.certificates(caBundle)));
    }

    /** Trusts exactly this certificate as the server's, whatever name the client used. */
    public static SSLContext pinned(X509Certificate served) {
        return context(new TrustManager[] {new X509ExtendedTrustManager() {
            private void check(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain.length == 0 || !chain[0].equals(served)) throw new CertificateException("not the edge's certificate");
            }

            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { check(chain, authType); }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain, authType); }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain, authType); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { throw new CertificateException("no client certificates"); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { throw new CertificateException("no client certificates"); }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("no client certificates"); }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[] {served}; }
        }});
    }

    private static TrustManager[] trustManagers(List<X509Certificate> anchors) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(Pem.trustStore(anchors));
            return Arrays.stream(f.getTrustManagers()).filter(t -> t instanceof X509ExtendedTrustManager).toArray(TrustManager[]::new);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context(TrustManager[] trust) {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, trust, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
