package io.dockyard.discovery.dns;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Store;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Instance;
import io.dockyard.discovery.model.Namespace;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DnsServerTest {
    private final Store store = new CachedStore(new MemoryJournal());
    private DnsServer dns;

    private final Supervisor supervisor = new Supervisor();

    @AfterEach
    void stop() {
        if (dns != null) dns.close();
        supervisor.close();
    }

    private Message ask(String name, int type, boolean tcp) throws Exception {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    @Test
    void answersHealthyInstancesAndNxdomain() throws Exception {
        store.put(DiscoveryKinds.NAMESPACE, new Namespace("ns-1", "arn", "corp.internal", "DNS_PRIVATE", null, "ZABC", 30L, null, Instant.now(), List.of()));
        store.put(DiscoveryKinds.SERVICE, new DiscoveryService("srv-1", "arn", "api", "ns-1", null, "DNS_HTTP", "MULTIVALUE",
                Map.of("A", 5L, "SRV", 7L), 1, null, Instant.now(), List.of(), 1));
        store.put(DiscoveryKinds.INSTANCE, new Instance("srv-1", "a", Map.of("AWS_INSTANCE_IPV4", "127.0.0.21", "AWS_INSTANCE_PORT", "9000"), "HEALTHY", Instant.now()));
        store.put(DiscoveryKinds.INSTANCE, new Instance("srv-1", "b", Map.of("AWS_INSTANCE_IPV4", "127.0.0.22", "AWS_INSTANCE_PORT", "9001"), "UNHEALTHY", Instant.now()));
        dns = DnsServer.start(store, "127.0.0.1", 0, supervisor);

        Message a = ask("api.corp.internal.", Type.A, false);
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(a.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
            assertThat(r.rdataToString()).isEqualTo("127.0.0.21");
            assertThat(r.getTTL()).isEqualTo(5);
        });
        Message srv = ask("api.corp.internal.", Type.SRV, true);
        assertThat(srv.getSection(Section.ANSWER)).singleElement().satisfies(r -> assertThat(r.rdataToString()).isEqualTo("1 1 9000 a.api.corp.internal."));
        assertThat(srv.getSection(Section.ADDITIONAL)).anyMatch(r -> r.getType() == Type.A && r.rdataToString().equals("127.0.0.21"));
        Message none = ask("web.corp.internal.", Type.A, false);
        assertThat(none.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(none.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
        assertThat(ask("api.corp.internal.", Type.TXT, false).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("example.org.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        store.delete(DiscoveryKinds.INSTANCE, Instance.key("srv-1", "a"));
        dns.refresh();
        assertThat(ask("api.corp.internal.", Type.A, false).getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void stoppingTheSupervisorEndsTheServingLoopsAtOnce() throws Exception {
        dns = DnsServer.start(store, "127.0.0.1", 0, supervisor);
        assertThat(ask("example.org.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(supervisor.states()).extracting(s -> s.name()).contains("dns-udp-0", "dns-tcp");

        // The interrupt closes the sockets the loops block on; they must end, not spin on the closed socket until the
        // server itself closes (at shutdown that held the supervisor for its whole wait).
        long t0 = System.nanoTime();
        supervisor.close(Duration.ofSeconds(5));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(supervisor.states()).isEmpty();
        assertThat(ms).isLessThan(2_000);
    }
}
