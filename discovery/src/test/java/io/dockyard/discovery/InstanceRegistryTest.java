package io.dockyard.discovery;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process instance registry a controller uses: API validation, and DNS sees the change at once. */
class InstanceRegistryTest {
    private final RequestContext ctx = new RequestContext("r", "us-east-1", "test", "000000000000");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(Discovery d, String op, Map<String, Object> in, RequestContext ctx) {
        return (Map<String, Object>) d.service().operations().get(op).handle(new java.util.HashMap<>(in), ctx);
    }

    @Test
    void registeredInstancesAreAnsweredByDns() throws Exception {
        try (Supervisor supervisor = new Supervisor();
             Discovery d = Discovery.start(new CachedStore(new MemoryJournal()), Clock.systemUTC(), "127.0.0.1:0", supervisor)) {
            String op = (String) call(d, "CreatePrivateDnsNamespace", Map.of("Name", "svc.local", "Vpc", "vpc-1"), ctx).get("OperationId");
            Map<String, Object> operation = (Map<String, Object>) call(d, "GetOperation", Map.of("OperationId", op), ctx).get("Operation");
            String ns = ((Map<String, String>) operation.get("Targets")).get("NAMESPACE");
            Map<String, Object> svc = (Map<String, Object>) call(d, "CreateService", Map.of("Name", "api", "NamespaceId", ns,
                    "DnsConfig", Map.of("DnsRecords", List.of(Map.of("Type", "A", "TTL", 10)))), ctx).get("Service");
            String arn = (String) svc.get("Arn");

            InstanceRegistry registry = d.instances();
            assertThat(registry.register(arn, "task-1", Map.of("AWS_INSTANCE_IPV4", "127.0.0.31"))).isNotBlank();
            assertThatThrownBy(() -> registry.register(arn, "task-2", Map.of("AWS_INSTANCE_PORT", "80")))
                    .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidInput"));
            assertThatThrownBy(() -> registry.health(arn, "task-1", "UNHEALTHY"))
                    .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("CustomHealthNotFound"));

            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", d.dnsPort()));
            resolver.setTimeout(Duration.ofSeconds(2));
            Message m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("api.svc.local."), Type.A, DClass.IN)));
            assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("127.0.0.31");

            registry.deregister(arn, "task-1");
            assertThat(resolver.send(Message.newQuery(Record.newRecord(Name.fromString("api.svc.local."), Type.A, DClass.IN))).getSection(Section.ANSWER)).isEmpty();
            assertThatThrownBy(() -> registry.deregister(arn, "task-1"))
                    .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InstanceNotFound"));
        }
    }
}
