package io.dockyard.loadbalancer.dataplane;

import io.dockyard.core.port.ServerCertificates;
import io.dockyard.loadbalancer.api.SslPolicies;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TLS contexts of the HTTPS listeners, one per certificate and security policy, made once from Certificate
 * Manager's key and chain and kept until {@link #invalidate} (a certificate changed in the store). A listener's
 * {@link #sni} mapping picks, by the client's SNI host name, the certificate whose names match it (exact, then
 * {@code *.} wildcards), else the default one.
 */
final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private final ServerCertificates source;
    private final Map<String, Optional<Made>> made = new ConcurrentHashMap<>();

    private record Made(SslContext context, List<String> names) {}

    TlsContexts(ServerCertificates source) { this.source = source; }

    /** Forgets every context (the next {@link #sni} reads the certificates again). */
    void invalidate() { made.clear(); }

    /** The SNI mapping of a listener with these certificates (default first) and policy; null when its default certificate is gone. */
    Mapping<String, SslContext> sni(List<String> certificates, String policy) {
        if (certificates.isEmpty()) return null;
        Made first = context(certificates.getFirst(), policy);
        if (first == null) return null;
        DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(first.context());
        for (int i = certificates.size() - 1; i >= 0; i--) {
            Made m = context(certificates.get(i), policy);
            if (m != null) for (String name : m.names()) b.add(name, m.context());
        }
        Mapping<String, SslContext> mapping = b.build();
        return host -> host == null ? first.context() : mapping.map(host);
    }

    private Made context(String arn, String policy) {
        return made.computeIfAbsent(arn + "|" + policy, k -> {
            try {
                return source.find(arn).map(c -> new Made(build(c, policy), c.names()));
            } catch (RuntimeException e) {
                log.warn("certificate {} cannot be served: {}", arn, e.getMessage());
                return Optional.empty();
            }
        }).orElse(null);
    }

    private static SslContext build(ServerCertificates.Served c, String policy) {
        try {
            return SslContextBuilder.forServer(c.key(), c.chain().toArray(X509Certificate[]::new)).sslProvider(SslProvider.JDK)
                    .protocols(SslPolicies.protocols(policy)).build();
        } catch (SSLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
