package io.dockyard.discovery;

import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Store;
import io.dockyard.discovery.api.InstanceOperations;
import io.dockyard.discovery.api.NamespaceOperations;
import io.dockyard.discovery.api.ServiceOperations;
import io.dockyard.discovery.dns.DnsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Cloud Map assembled: the JSON 1.1 service ({@code Route53AutoNaming_v20170314}, signing name
 * {@code servicediscovery}) and the DNS server for private DNS namespaces on {@code dnsAddress}
 * ({@code host:port}; {@code off} runs none). A DNS port that cannot be bound is logged, not fatal.
 */
public final class Discovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    public static final String TARGET_PREFIX = "Route53AutoNaming_v20170314";

    private final JsonService service;
    private final InstanceRegistry instances;
    private final DnsServer dns;

    private Discovery(JsonService service, InstanceRegistry instances, DnsServer dns) {
        this.service = service;
        this.instances = instances;
        this.dns = dns;
    }

    public static Discovery start(Store store, Clock clock, String dnsAddress, Supervisor supervisor) {
        DnsServer dns = null;
        if (dnsAddress != null && !dnsAddress.isBlank() && !dnsAddress.equals("off")) {
            int colon = dnsAddress.lastIndexOf(':');
            String host = colon < 0 ? "127.0.0.1" : dnsAddress.substring(0, colon);
            try {
                int port = Integer.parseInt(colon < 0 ? dnsAddress : dnsAddress.substring(colon + 1));
                dns = DnsServer.start(store, host, port, supervisor);
            } catch (IOException | NumberFormatException e) {
                log.warn("Cloud Map DNS server not started on {}: {}", dnsAddress, e.toString());
            }
        }
        DnsServer d = dns;
        CloudMap cm = new CloudMap(store, clock, () -> { if (d != null) d.refresh(); });
        InstanceOperations instances = new InstanceOperations(cm);
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new NamespaceOperations(cm).all());
        ops.addAll(new ServiceOperations(cm).all());
        ops.addAll(new io.dockyard.discovery.api.TagOperations(cm).all());
        ops.addAll(instances.all());
        return new Discovery(JsonService.of(TARGET_PREFIX, "servicediscovery", ops), instances, dns);
    }

    /** The Cloud Map service for the JSON 1.1 edge. */
    public JsonService service() { return service; }

    /** Register/deregister/health of instances for controllers running in the same process. */
    public InstanceRegistry instances() { return instances; }

    /** The DNS server's port, or -1 when it is not running. */
    public int dnsPort() { return dns == null ? -1 : dns.port(); }

    @Override
    public void close() { if (dns != null) dns.close(); }
}
