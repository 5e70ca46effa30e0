package io.dockyard.it.ecs;

import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cluster operations through the AWS CLI and the SDK. */
class ClustersIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void createDescribeListDeleteWithTheCli() {
        AwsCli aws = dockyard.cli();
        var created = aws.run("ecs", "create-cluster", "--cluster-name", "demo", "--tags", "key=team,value=core").ok();
        assertThat(created.at("/cluster/clusterArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/demo");
        assertThat(created.at("/cluster/status").asText()).isEqualTo("ACTIVE");

        var described = aws.run("ecs", "describe-clusters", "--clusters", "demo", "missing", "--include", "TAGS").ok();
        assertThat(described.at("/clusters/0/tags/0/key").asText()).isEqualTo("team");
        assertThat(described.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        assertThat(described.at("/failures/0/arn").asText()).endsWith(":cluster/missing");

        assertThat(aws.run("ecs", "list-clusters").ok().at("/clusterArns").toString()).contains("cluster/demo");
        assertThat(aws.run("ecs", "delete-cluster", "--cluster", "demo").ok().at("/cluster/status").asText()).isEqualTo("INACTIVE");
        assertThat(aws.run("ecs", "list-clusters").ok().at("/clusterArns").size()).isZero();
        assertThat(aws.run("ecs", "describe-clusters", "--clusters", "demo").ok().at("/clusters/0/status").asText()).isEqualTo("INACTIVE");
    }

    @Test
    void badInputGetsAwsErrorsAndChangesNothing() {
        AwsCli aws = dockyard.cli();
        var bad = aws.run("ecs", "create-cluster", "--cluster-name", "bad name!");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("InvalidParameterException");
        var missing = aws.run("ecs", "delete-cluster", "--cluster", "nope");
        assertThat(missing.stderr()).contains("ClusterNotFoundException");
        assertThat(aws.run("ecs", "list-clusters").ok().at("/clusterArns").size()).isZero();
    }

    @Test
    void sdkPaginatesAndUpdatesSettings() {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            for (int i = 0; i < 7; i++) { String name = "ca" + i; ecs.createCluster(b -> b.clusterName(name)); }
            List<String> all = new ArrayList<>();
            ecs.listClustersPaginator(b -> b.maxResults(3)).clusterArns().forEach(all::add);
            assertThat(all).hasSize(7).doesNotHaveDuplicates();

            var updated = ecs.updateClusterSettings(b -> b.cluster("ca0").settings(s -> s.name("containerInsights").value("enabled"))).cluster();
            assertThat(updated.settings()).anyMatch(s -> s.nameAsString().equals("containerInsights") && s.value().equals("enabled"));
            var stats = ecs.describeClusters(b -> b.clusters("ca0").include(ClusterField.STATISTICS)).clusters().get(0).statistics();
            assertThat(stats).anyMatch(kv -> kv.name().equals("runningEC2TasksCount") && kv.value().equals("0"));

            assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("nope"))).isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.listClusters(b -> b.maxResults(500))).isInstanceOf(InvalidParameterException.class);
        }
    }
}
