package io.dockyard.acm;

import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.ServerCertificates;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificate Manager (JSON 1.1, target prefix {@code CertificateManager}, signing name {@code acm}) on the shared store:
 * imported certificates only (no requested, validated or renewed ones). The load balancer presents them through
 * {@link #certificates()} and says who uses them through {@link #usedBy}.
 */
public final class Acm {
    public static final String TARGET_PREFIX = "CertificateManager";
    public static final String SIGNING_NAME = "acm";

    private final CertificateBook book;
    private final JsonService service;

    private Acm(CertificateBook book) {
        this.book = book;
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new CertificateOperations(book).all());
        ops.addAll(new TagOperations(book).all());
        this.service = JsonService.of(TARGET_PREFIX, SIGNING_NAME, ops);
    }

    public static Acm start(Store store, MasterKey master, Clock clock, String region, String account) {
        return new Acm(new CertificateBook(store, master, clock, region, account));
    }

    public JsonService service() { return service; }

    /** The imported certificates with their keys, for TLS servers. */
    public ServerCertificates certificates() { return book; }

    /** Who presents a certificate (InUseBy, and DeleteCertificate refused while any does). */
    public Acm usedBy(ServerCertificates.Users users) {
        book.users(users);
        return this;
    }
}
