package io.dockyard.it.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail in a secure fleet: two control-plane replicas ({@code dockyard server --secure --database …}) on one
 * PostgreSQL with one master key. A call served by one replica — allowed or refused — is found with
 * {@code aws cloudtrail lookup-events} through the other, and paging runs over both replicas' events.
 */
@ResourceLock("postgres")
class FleetAuditIT {
    private static String url;
    private static DockyardProcess a, b;
    private static AwsCli rootA, rootB;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.createDatabase("dockyard_audit_");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String master = Base64.getEncoder().encodeToString(key);
        a = replica("cp1", master);
        b = replica("cp2", master);
        rootA = a.rootCli();
        rootB = b.cli().as(a.printed("AWS_ACCESS_KEY_ID="), a.printed("AWS_SECRET_ACCESS_KEY="), null);
    }

    private static DockyardProcess replica(String node, String master) {
        return DockyardProcess.controlPlaneOnly("--secure", "--database", url, "--node-name", node, "--dns-address", "off", "--leader-lease-seconds", "2")
                .env("DOCKYARD_MASTER_KEY", master).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) b.close();
        if (a != null) a.close();
        if (url != null) TestPostgres.dropDatabase(url);
    }

    private static JsonNode lookup(AwsCli cli, String key, String value) {
        return cli.run("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=" + key + ",AttributeValue=" + value).ok().at("/Events");
    }

    @Test
    void eachReplicaFindsTheEventsTheOtherServed() {
        rootA.run("iam", "create-user", "--user-name", "auditor").ok();
        JsonNode k = rootA.run("iam", "create-access-key", "--user-name", "auditor").ok().at("/AccessKey");
        AwsCli auditorB = b.cli().as(k.at("/AccessKeyId").asText(), k.at("/SecretAccessKey").asText(), null);
        assertThat(auditorB.run("ecs", "create-cluster", "--cluster-name", "not-allowed").stderr()).contains("AccessDeniedException");

        // CreateUser was served by A: B finds it (written to the shared table within a second)
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode created = lookup(rootB, "EventName", "CreateUser");
            assertThat(created).hasSize(1);
            assertThat(created.at("/0/Username").asText()).isEqualTo("root");
            assertThat(created.at("/0/Resources/0/ResourceName").asText()).isEqualTo("arn:aws:iam::000000000000:user/auditor");
        });
        // the refusal was served by B: A finds it, with its error
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode refused = lookup(rootA, "Username", "auditor");
            assertThat(refused).hasSize(1);
            assertThat(refused.at("/0/EventName").asText()).isEqualTo("CreateCluster");
            assertThat(refused.at("/0/CloudTrailEvent").asText()).contains("\"errorCode\":\"AccessDeniedException\"");
        });

        // the CLI pages through both replicas' events (one a page), whichever replica it asks
        for (int i = 0; i < 3; i++) (i % 2 == 0 ? rootA : rootB).run("ecs", "create-cluster", "--cluster-name", "audited-" + i).ok();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode all = rootB.run("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateCluster",
                    "--page-size", "1").ok().at("/Events");
            assertThat(all.findValuesAsText("EventName")).hasSize(4);
            assertThat(all.toString()).contains("cluster/audited-0", "cluster/audited-1", "cluster/audited-2");
        });
    }
}
