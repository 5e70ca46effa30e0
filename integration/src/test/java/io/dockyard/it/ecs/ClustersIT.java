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

    @Test
    void accountSettingsApplyPerPrincipalWithTheAccountDefaultAndTakeEffectOnNewClusters() {
        AwsCli aws = dockyard.cli();
        String role = "arn:aws:iam::000000000000:role/deployer";
        // AWS's defaults, as effective settings
        var effective = aws.run("ecs", "list-account-settings", "--effective-settings", "--name", "containerInsights").ok().at("/settings/0");
        assertThat(effective.at("/value").asText()).isEqualTo("disabled");
        assertThat(effective.at("/type").asText()).isEqualTo("aws_managed");
        assertThat(aws.run("ecs", "list-account-settings").ok().at("/settings").size()).as("nothing set yet").isZero();

        // the account default, then one principal's own value over it
        assertThat(aws.run("ecs", "put-account-setting-default", "--name", "containerInsights", "--value", "enhanced").ok()
                .at("/setting/principalArn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        aws.run("ecs", "put-account-setting", "--name", "containerInsights", "--value", "disabled", "--principal-arn", role).ok();
        assertThat(aws.run("ecs", "list-account-settings", "--effective-settings", "--name", "containerInsights", "--principal-arn", role).ok()
                .at("/settings/0/value").asText()).isEqualTo("disabled");
        assertThat(aws.run("ecs", "list-account-settings", "--effective-settings", "--name", "containerInsights").ok()
                .at("/settings/0/value").asText()).isEqualTo("enhanced");

        // a new cluster takes the account default; one created with settings keeps its own
        String insights = aws.run("ecs", "create-cluster", "--cluster-name", "insightful").ok().at("/cluster/settings").toString();
        assertThat(insights).contains("\"value\":\"enhanced\"");
        assertThat(aws.run("ecs", "create-cluster", "--cluster-name", "quiet", "--settings", "name=containerInsights,value=disabled").ok()
                .at("/cluster/settings").toString()).contains("\"value\":\"disabled\"");

        // the role's own setting removed: it falls back to the default
        assertThat(aws.run("ecs", "delete-account-setting", "--name", "containerInsights", "--principal-arn", role).ok()
                .at("/setting/value").asText()).isEqualTo("disabled");
        assertThat(aws.run("ecs", "list-account-settings", "--effective-settings", "--name", "containerInsights", "--principal-arn", role).ok()
                .at("/settings/0/value").asText()).isEqualTo("enhanced");
        // every setting name, paged by 10 at most
        var page = aws.run("ecs", "list-account-settings", "--effective-settings", "--max-items", "20").ok();
        assertThat(page.at("/settings").size()).isEqualTo(11);

        // bad input: the errors ECS answers
        AwsCli.Result badName = aws.run("ecs", "put-account-setting", "--name", "nope", "--value", "enabled");
        assertThat(badName.exitCode()).isNotZero();
        assertThat(badName.stderr()).contains("InvalidParameterException");
        AwsCli.Result badValue = aws.run("ecs", "put-account-setting", "--name", "containerInsights", "--value", "maybe");
        assertThat(badValue.stderr()).contains("InvalidParameterException");
        AwsCli.Result defaultOnly = aws.run("ecs", "put-account-setting", "--name", "fargateFIPSMode", "--value", "enabled", "--principal-arn", role);
        assertThat(defaultOnly.stderr()).contains("InvalidParameterException");
        // the long ARN formats are the only ones, as on AWS today: enabling is accepted, disabling refused
        aws.run("ecs", "put-account-setting-default", "--name", "taskLongArnFormat", "--value", "enabled").ok();
        assertThat(aws.run("ecs", "put-account-setting", "--name", "serviceLongArnFormat", "--value", "disabled").stderr())
                .contains("InvalidParameterException").contains("You can no longer disable Long Arn settings.");
        aws.run("ecs", "delete-account-setting", "--name", "containerInsights").ok();
        aws.run("ecs", "delete-cluster", "--cluster", "insightful").ok();
        aws.run("ecs", "delete-cluster", "--cluster", "quiet").ok();
    }
}
