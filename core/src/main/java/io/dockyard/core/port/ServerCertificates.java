package io.dockyard.core.port;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Certificates a TLS server can present, by ARN (Certificate Manager keeps them; the load balancer's HTTPS listeners
 * present them): the private key in clear and the chain, leaf first. Their records are of the kind {@link #KIND},
 * keyed by ARN, so a reader follows re-imports on the store's change feed.
 */
public interface ServerCertificates {
    /** The stored kind of the certificates' records (the key of a change is the certificate's ARN). */
    String KIND = "acm.certificate";

    /** The key and chain of the certificate {@code arn}, or empty when there is none. */
    Optional<Served> find(String arn);

    /** A certificate ready to serve: its key, its chain (leaf first) and the host names it covers (CN and DNS SANs). */
    record Served(String arn, PrivateKey key, List<X509Certificate> chain, List<String> names) {}

    /** Who uses a certificate: the ARNs of the listeners that present it (for InUseBy, and to refuse deleting it). */
    interface Users {
        List<String> of(String certificateArn);

        Users NONE = arn -> List.of();
    }

    /** No certificates (tests, and a Dockyard without Certificate Manager). */
    ServerCertificates NONE = arn -> Optional.empty();
}
