package io.dockyard.it.lb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.CustomHealthNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.ResourceInUseException;
import software.amazon.awssdk.services.servicediscovery.model.ServiceNotFoundException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cloud Map through the AWS CLI and the SDK, and its DNS server queried with a real DNS client (UDP and TCP). */
class CloudMapIT {
    private static DockyardProcess dockyard;
    private static int dnsPort;

    @BeforeAll
    static void start() throws Exception {
        Docker.ensureTestImage();
        dnsPort = DockyardProcess.freePort();
        dockyard = new DockyardProcess("--dns-address", "127.0.0.1:" + dnsPort).start();
    }

    @AfterAll
    static void stop() { if (dockyard != null) dockyard.close(); }

    private static List<Record> query(String name, int type, boolean tcp, int expectedRcode) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
        assertThat(response.getRcode()).as("rcode of " + name).isEqualTo(expectedRcode);
        return response.getSection(Section.ANSWER);
    }

    @Test
    void dnsAnswersForRegisteredHealthyInstances() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String op = aws.run("servicediscovery", "create-private-dns-namespace", "--name", "apps.local", "--vpc", "vpc-1").ok().at("/OperationId").asText();
        JsonNode operation = aws.run("servicediscovery", "get-operation", "--operation-id", op).ok().at("/Operation");
        assertThat(operation.at("/Status").asText()).isEqualTo("SUCCESS");
        String ns = operation.at("/Targets/NAMESPACE").asText();
        assertThat(aws.run("servicediscovery", "get-namespace", "--id", ns).ok().at("/Namespace/Type").asText()).isEqualTo("DNS_PRIVATE");

        String svc = aws.run("servicediscovery", "create-service", "--name", "web", "--dns-config",
                "NamespaceId=" + ns + ",DnsRecords=[{Type=A,TTL=20},{Type=SRV,TTL=20}]", "--health-check-custom-config", "FailureThreshold=1")
                .ok().at("/Service/Id").asText();
        aws.run("servicediscovery", "register-instance", "--service-id", svc, "--instance-id", "web-1", "--attributes",
                "AWS_INSTANCE_IPV4=127.0.0.11,AWS_INSTANCE_PORT=8081").ok();
        aws.run("servicediscovery", "register-instance", "--service-id", svc, "--instance-id", "web-2", "--attributes",
                "AWS_INSTANCE_IPV4=127.0.0.12,AWS_INSTANCE_PORT=8082").ok();
        assertThat(aws.run("servicediscovery", "list-instances", "--service-id", svc).ok().at("/Instances").size()).isEqualTo(2);

        List<Record> a = query("web.apps.local.", Type.A, false, Rcode.NOERROR);
        assertThat(a).extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
        assertThat(a).allMatch(r -> r.getTTL() == 20);
        List<Record> srv = query("web.apps.local.", Type.SRV, true, Rcode.NOERROR);
        assertThat(srv).extracting(r -> ((SRVRecord) r).getPort()).containsExactlyInAnyOrder(8081, 8082);
        Name target = ((SRVRecord) srv.get(0)).getTarget();
        assertThat(query(target.toString(), Type.A, false, Rcode.NOERROR)).hasSize(1);
        query("nope.apps.local.", Type.A, false, Rcode.NXDOMAIN);
        query("web.elsewhere.", Type.A, true, Rcode.NXDOMAIN);

        aws.run("servicediscovery", "deregister-instance", "--service-id", svc, "--instance-id", "web-2").ok();
        assertThat(query("web.apps.local.", Type.A, false, Rcode.NOERROR)).extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("127.0.0.11");
        aws.run("servicediscovery", "update-instance-custom-health-status", "--service-id", svc, "--instance-id", "web-1", "--status", "UNHEALTHY").ok();
        assertThat(query("web.apps.local.", Type.A, true, Rcode.NOERROR)).isEmpty();

        try (ServiceDiscoveryClient sd = LbClients.cloudMap(dockyard.endpoint())) {
            var all = sd.discoverInstances(b -> b.namespaceName("apps.local").serviceName("web").healthStatus(HealthStatusFilter.ALL));
            assertThat(all.instances()).singleElement().satisfies(i -> {
                assertThat(i.instanceId()).isEqualTo("web-1");
                assertThat(i.healthStatusAsString()).isEqualTo("UNHEALTHY");
                assertThat(i.attributes()).containsEntry("AWS_INSTANCE_PORT", "8081");
            });
            assertThat(sd.discoverInstances(b -> b.namespaceName("apps.local").serviceName("web").healthStatus(HealthStatusFilter.HEALTHY)).instances()).isEmpty();
            sd.updateInstanceCustomHealthStatus(b -> b.serviceId(svc).instanceId("web-1").status("HEALTHY"));
            assertThat(query("web.apps.local.", Type.A, false, Rcode.NOERROR)).hasSize(1);
        }
    }

    @Test
    void badInputGetsCloudMapErrors() {
        try (ServiceDiscoveryClient sd = LbClients.cloudMap(dockyard.endpoint())) {
            String op = sd.createHttpNamespace(b -> b.name("errors-ns")).operationId();
            String ns = sd.getOperation(b -> b.operationId(op)).operation().targets().get(software.amazon.awssdk.services.servicediscovery.model.OperationTargetType.NAMESPACE);
            assertThatThrownBy(() -> sd.getNamespace(b -> b.id("ns-doesnotexist0000"))).isInstanceOf(NamespaceNotFoundException.class);
            assertThatThrownBy(() -> sd.getService(b -> b.id("srv-doesnotexist000"))).isInstanceOf(ServiceNotFoundException.class);
            assertThatThrownBy(() -> sd.createService(b -> b.name("web").namespaceId(ns).dnsConfig(d -> d.dnsRecords(r -> r.type("A").ttl(10L)))))
                    .isInstanceOf(InvalidInputException.class);
            String svc = sd.createService(b -> b.name("web").namespaceId(ns)).service().id();
            assertThatThrownBy(() -> sd.registerInstance(b -> b.serviceId(svc).instanceId("x").attributes(Map.of("AWS_INSTANCE_IPV4", "300.1.1.1"))))
                    .isInstanceOf(InvalidInputException.class);
            sd.registerInstance(b -> b.serviceId(svc).instanceId("x").attributes(Map.of("color", "blue")));
            assertThatThrownBy(() -> sd.updateInstanceCustomHealthStatus(b -> b.serviceId(svc).instanceId("x").status("UNHEALTHY")))
                    .isInstanceOf(CustomHealthNotFoundException.class);
            assertThatThrownBy(() -> sd.deleteService(b -> b.id(svc))).isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() -> sd.deleteNamespace(b -> b.id(ns))).isInstanceOf(ResourceInUseException.class);
            assertThat(sd.discoverInstances(b -> b.namespaceName("errors-ns").serviceName("web").queryParameters(Map.of("color", "blue"))).instances()).hasSize(1);
            assertThat(sd.listServices(b -> b.filters(f -> f.name("NAMESPACE_ID").values(ns))).services()).hasSize(1);
        }
    }

    @Test
    void instancesOneByOneTheirHealthAndTheOperationsList() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String op = aws.run("servicediscovery", "create-http-namespace", "--name", "getters").ok().at("/OperationId").asText();
        String ns = aws.run("servicediscovery", "get-operation", "--operation-id", op).ok().at("/Operation/Targets/NAMESPACE").asText();
        String svc = aws.run("servicediscovery", "create-service", "--name", "api", "--namespace-id", ns,
                "--health-check-custom-config", "FailureThreshold=1").ok().at("/Service/Id").asText();
        String reg = aws.run("servicediscovery", "register-instance", "--service-id", svc, "--instance-id", "i-1",
                "--attributes", "AWS_INSTANCE_IPV4=10.0.0.1,color=blue").ok().at("/OperationId").asText();
        aws.run("servicediscovery", "register-instance", "--service-id", svc, "--instance-id", "i-2", "--attributes", "AWS_INSTANCE_IPV4=10.0.0.2").ok();
        aws.run("servicediscovery", "update-instance-custom-health-status", "--service-id", svc, "--instance-id", "i-2", "--status", "UNHEALTHY").ok();

        JsonNode one = aws.run("servicediscovery", "get-instance", "--service-id", svc, "--instance-id", "i-1").ok();
        assertThat(one.at("/Instance/Id").asText()).isEqualTo("i-1");
        assertThat(one.at("/Instance/Attributes/color").asText()).isEqualTo("blue");
        assertThat(one.at("/ResourceOwner").asText()).isEqualTo("000000000000");
        AwsCli.Result missing = aws.run("servicediscovery", "get-instance", "--service-id", svc, "--instance-id", "i-9");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("InstanceNotFound");

        JsonNode health = aws.run("servicediscovery", "get-instances-health-status", "--service-id", svc).ok().at("/Status");
        assertThat(health.at("/i-1").asText()).isEqualTo("HEALTHY");
        assertThat(health.at("/i-2").asText()).isEqualTo("UNHEALTHY");
        assertThat(aws.run("servicediscovery", "get-instances-health-status", "--service-id", svc, "--instances", "i-2").ok().at("/Status").size()).isEqualTo(1);

        JsonNode registrations = aws.run("servicediscovery", "list-operations", "--filters",
                "Name=SERVICE_ID,Values=" + svc + ",Condition=EQ", "Name=TYPE,Values=REGISTER_INSTANCE,Condition=EQ").ok().at("/Operations");
        assertThat(registrations.size()).isEqualTo(2);
        assertThat(registrations.toString()).contains(reg).contains("SUCCESS");
        assertThat(aws.run("servicediscovery", "list-operations", "--filters", "Name=NAMESPACE_ID,Values=" + ns + ",Condition=EQ").ok()
                .at("/Operations/0/Id").asText()).isEqualTo(op);
        AwsCli.Result badFilter = aws.run("servicediscovery", "list-operations", "--filters", "Name=UPDATE_DATE,Values=1,Condition=EQ");
        assertThat(badFilter.stderr()).contains("InvalidInput");

        // tags on the namespace and the service, by ARN
        String nsArn = aws.run("servicediscovery", "get-namespace", "--id", ns).ok().at("/Namespace/Arn").asText();
        String svcArn = aws.run("servicediscovery", "get-service", "--id", svc).ok().at("/Service/Arn").asText();
        aws.run("servicediscovery", "tag-resource", "--resource-arn", nsArn, "--tags", "Key=team,Value=a", "Key=env,Value=ci").ok();
        aws.run("servicediscovery", "tag-resource", "--resource-arn", svcArn, "--tags", "Key=tier,Value=web").ok();
        aws.run("servicediscovery", "untag-resource", "--resource-arn", nsArn, "--tag-keys", "env").ok();
        assertThat(aws.run("servicediscovery", "list-tags-for-resource", "--resource-arn", nsArn).ok().at("/Tags").toString())
                .isEqualTo("[{\"Key\":\"team\",\"Value\":\"a\"}]");
        assertThat(aws.run("servicediscovery", "list-tags-for-resource", "--resource-arn", svcArn).ok().at("/Tags/0/Key").asText()).isEqualTo("tier");
        AwsCli.Result unknown = aws.run("servicediscovery", "list-tags-for-resource", "--resource-arn", svcArn.replace(svc, "srv-nope"));
        assertThat(unknown.stderr()).contains("ResourceNotFoundException");

        // updates of the namespace and the service; the instances' revision
        String upd = aws.run("servicediscovery", "update-http-namespace", "--id", ns, "--namespace", "Description=renamed").ok().at("/OperationId").asText();
        assertThat(aws.run("servicediscovery", "get-operation", "--operation-id", upd).ok().at("/Operation/Type").asText()).isEqualTo("UPDATE_NAMESPACE");
        assertThat(aws.run("servicediscovery", "get-namespace", "--id", ns).ok().at("/Namespace/Description").asText()).isEqualTo("renamed");
        AwsCli.Result wrongType = aws.run("servicediscovery", "update-private-dns-namespace", "--id", ns, "--namespace", "Description=x");
        assertThat(wrongType.stderr()).contains("InvalidInput");
        aws.run("servicediscovery", "update-service", "--id", svc, "--service", "Description=the api").ok();
        assertThat(aws.run("servicediscovery", "get-service", "--id", svc).ok().at("/Service/Description").asText()).isEqualTo("the api");
        // the service's own attributes
        aws.run("servicediscovery", "update-service-attributes", "--service-id", svc, "--attributes", "owner=team-a,tier=1").ok();
        aws.run("servicediscovery", "delete-service-attributes", "--service-id", svc, "--attributes", "tier").ok();
        JsonNode attrs = aws.run("servicediscovery", "get-service-attributes", "--service-id", svc).ok().at("/ServiceAttributes");
        assertThat(attrs.at("/ServiceArn").asText()).isEqualTo(svcArn);
        assertThat(attrs.at("/Attributes").toString()).isEqualTo("{\"owner\":\"team-a\"}");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 30; i++) many.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        assertThat(aws.run("servicediscovery", "update-service-attributes", "--service-id", svc, "--attributes", many.toString()).stderr())
                .contains("ServiceAttributesLimitExceededException");

        // DiscoverInstancesRevision goes to the data- host prefix: the SDK with host prefixes off, as the discover calls above
        try (ServiceDiscoveryClient sd = LbClients.cloudMap(dockyard.endpoint())) {
            long before = sd.discoverInstancesRevision(b -> b.namespaceName("getters").serviceName("api")).instancesRevision();
            aws.run("servicediscovery", "deregister-instance", "--service-id", svc, "--instance-id", "i-1").ok();
            assertThat(sd.discoverInstancesRevision(b -> b.namespaceName("getters").serviceName("api")).instancesRevision()).isGreaterThan(before);
            assertThatThrownBy(() -> sd.discoverInstancesRevision(b -> b.namespaceName("getters").serviceName("nope")))
                    .isInstanceOf(ServiceNotFoundException.class);
        }
    }

    @Test
    void aPublicDnsNamespaceIsAnsweredByTheDnsServerToo() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String op = aws.run("servicediscovery", "create-public-dns-namespace", "--name", "example.test",
                "--properties", "DnsProperties={SOA={TTL=60}}").ok().at("/OperationId").asText();
        String ns = aws.run("servicediscovery", "get-operation", "--operation-id", op).ok().at("/Operation/Targets/NAMESPACE").asText();
        JsonNode namespace = aws.run("servicediscovery", "get-namespace", "--id", ns).ok().at("/Namespace");
        assertThat(namespace.at("/Type").asText()).isEqualTo("DNS_PUBLIC");
        assertThat(namespace.at("/Properties/DnsProperties/HostedZoneId").asText()).startsWith("Z");
        aws.run("servicediscovery", "update-public-dns-namespace", "--id", ns, "--namespace", "Properties={DnsProperties={SOA={TTL=120}}}").ok();
        assertThat(aws.run("servicediscovery", "get-namespace", "--id", ns).ok().at("/Namespace/Properties/DnsProperties/SOA/TTL").asInt()).isEqualTo(120);
        String svc = aws.run("servicediscovery", "create-service", "--name", "www", "--dns-config", "NamespaceId=" + ns + ",DnsRecords=[{Type=A,TTL=30}]")
                .ok().at("/Service/Id").asText();
        aws.run("servicediscovery", "register-instance", "--service-id", svc, "--instance-id", "w1", "--attributes", "AWS_INSTANCE_IPV4=127.0.0.21").ok();
        assertThat(query("www.example.test.", Type.A, false, Rcode.NOERROR)).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                .containsExactly("127.0.0.21");
        assertThat(aws.run("servicediscovery", "list-namespaces", "--filters", "Name=TYPE,Values=DNS_PUBLIC,Condition=EQ").ok()
                .at("/Namespaces").size()).isEqualTo(1);
    }
}
