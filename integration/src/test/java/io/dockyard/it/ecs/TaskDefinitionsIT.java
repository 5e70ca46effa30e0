package io.dockyard.it.ecs;

import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Task definition operations through the AWS CLI and the SDK. */
class TaskDefinitionsIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @TempDir
    Path tmp;

    @Test
    void registerAndDescribeWithTheCli() throws IOException {
        AwsCli aws = dockyard.cli();
        Path file = tmp.resolve("web.json");
        Files.writeString(file, """
                {"family": "web", "containerDefinitions": [{"name": "app", "image": "dockyard-test/busybox:latest", "memory": 64}]}
                """);
        var first = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file).ok();
        assertThat(first.at("/taskDefinition/taskDefinitionArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        assertThat(first.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        assertThat(first.at("/taskDefinition/status").asText()).isEqualTo("ACTIVE");
        var second = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file).ok();
        assertThat(second.at("/taskDefinition/revision").asInt()).isEqualTo(2);

        var latest = aws.run("ecs", "describe-task-definition", "--task-definition", "web").ok();
        assertThat(latest.at("/taskDefinition/revision").asInt()).isEqualTo(2);
        assertThat(latest.at("/taskDefinition/containerDefinitions/0/image").asText()).isEqualTo("dockyard-test/busybox:latest");
        assertThat(latest.at("/taskDefinition/containerDefinitions/0/memory").asInt()).isEqualTo(64);
        assertThat(latest.at("/taskDefinition/registeredAt").isMissingNode()).isFalse();
        var byRevision = aws.run("ecs", "describe-task-definition", "--task-definition", "web:1").ok();
        assertThat(byRevision.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        var missing = aws.run("ecs", "describe-task-definition", "--task-definition", "nope");
        assertThat(missing.stderr()).contains("ClientException");
    }
}
