package io.dockyard.discovery.dns;

import io.dockyard.core.port.Store;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Instance;
import io.dockyard.discovery.model.Namespace;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of every private DNS namespace, built from the store: for each service with a DnsConfig,
 * an A record per healthy instance (AWS_INSTANCE_IPV4) and an SRV record per healthy instance
 * (AWS_INSTANCE_PORT, target {@code <instance>.<service>.<namespace>} with its own A record), with
 * the TTLs of the DnsConfig; the namespace's SOA. Immutable: rebuilt on every change.
 */
final class DnsIndex {
    /** The records at one name, by type. */
    record Node(Map<Integer, List<Record>> byType) {}

    /** One zone (namespace): its apex and SOA. */
    record Zone(Name apex, SOARecord soa) {}

    private final Map<Name, Node> nodes;
    private final List<Zone> zones;

    static final DnsIndex EMPTY = new DnsIndex(Map.of(), List.of());

    private DnsIndex(Map<Name, Node> nodes, List<Zone> zones) {
        this.nodes = nodes;
        this.zones = zones;
    }

    Node node(Name name) { return nodes.get(name); }

    /** The zone that contains the name, or null. */
    Zone zoneOf(Name name) {
        Zone best = null;
        for (Zone z : zones) {
            if (name.subdomain(z.apex()) && (best == null || z.apex().labels() > best.apex().labels())) best = z;
        }
        return best;
    }

    static DnsIndex build(Store store) {
        Map<Name, Map<Integer, List<Record>>> nodes = new HashMap<>();
        List<Zone> zones = new ArrayList<>();
        Map<String, Name> apexById = new HashMap<>();
        for (Namespace ns : store.list(DiscoveryKinds.NAMESPACE, Namespace::dns)) {
            try {
                Name apex = Name.fromString(ns.name() + ".");
                long ttl = ns.soaTtl() == null ? 15 : ns.soaTtl();
                SOARecord soa = new SOARecord(apex, DClass.IN, ttl, Name.fromString("ns-1.awsdns.localhost."),
                        Name.fromString("awsdns-hostmaster.amazon.com."), 1, 7200, 900, 1209600, ttl);
                zones.add(new Zone(apex, soa));
                apexById.put(ns.id(), apex);
                nodes.computeIfAbsent(apex, k -> new HashMap<>()).computeIfAbsent(Type.SOA, k -> new ArrayList<>()).add(soa);
            } catch (TextParseException e) {
                // a name Cloud Map accepted but DNS cannot carry: no zone
            }
        }
        Map<String, List<Instance>> instances = new HashMap<>();
        for (Instance i : store.list(DiscoveryKinds.INSTANCE)) {
            if (!"UNHEALTHY".equals(i.health())) instances.computeIfAbsent(i.serviceId(), k -> new ArrayList<>()).add(i);
        }
        for (DiscoveryService s : store.list(DiscoveryKinds.SERVICE)) {
            Name apex = apexById.get(s.namespaceId());
            if (apex == null || s.dnsRecords().isEmpty()) continue;
            try {
                Name svc = Name.concatenate(Name.fromString(s.name()), apex);
                nodes.computeIfAbsent(svc, k -> new HashMap<>());
                for (Instance i : instances.getOrDefault(s.id(), List.of())) add(nodes, s, svc, i);
            } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
                // not a DNS name
            }
        }
        Map<Name, Node> frozen = new HashMap<>();
        nodes.forEach((n, m) -> frozen.put(n, new Node(Map.copyOf(m))));
        return new DnsIndex(Map.copyOf(frozen), List.copyOf(zones));
    }

    private static void add(Map<Name, Map<Integer, List<Record>>> nodes, DiscoveryService s, Name svc, Instance i) {
        String ip = i.attributes().get("AWS_INSTANCE_IPV4");
        if (ip == null) return;
        InetAddress addr;
        try {
            addr = InetAddress.getByAddress(InetAddress.getByName(ip).getAddress());
        } catch (UnknownHostException e) {
            return;
        }
        Long aTtl = s.dnsRecords().get("A");
        if (aTtl != null) nodes.get(svc).computeIfAbsent(Type.A, k -> new ArrayList<>()).add(new ARecord(svc, DClass.IN, aTtl, addr));
        Long srvTtl = s.dnsRecords().get("SRV");
        String port = i.attributes().get("AWS_INSTANCE_PORT");
        if (srvTtl != null && port != null) {
            try {
                Name target = Name.concatenate(Name.fromString(i.id().replaceAll("[^A-Za-z0-9_-]", "-")), svc);
                nodes.get(svc).computeIfAbsent(Type.SRV, k -> new ArrayList<>()).add(new SRVRecord(svc, DClass.IN, srvTtl, 1, 1, Integer.parseInt(port), target));
                nodes.computeIfAbsent(target, k -> new HashMap<>()).computeIfAbsent(Type.A, k -> new ArrayList<>()).add(new ARecord(target, DClass.IN, srvTtl, addr));
            } catch (TextParseException | org.xbill.DNS.NameTooLongException | NumberFormatException e) {
                // not representable in DNS
            }
        }
    }
}
