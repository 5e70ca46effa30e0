package io.dockyard.it.ecs;

import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskField;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task operations as a user drives them with the AWS CLI and the SDK: validation, tags, idempotency, reads. */
class TasksIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    private AwsCli aws;

    @BeforeEach
    void setUp() {
        aws = dockyard.cli();
        aws.run("ecs", "create-cluster", "--cluster-name", "apps").ok();
        aws.run("ecs", "register-task-definition", "--family", "web", "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"dockyard-test/busybox:latest\",\"memory\":64,\"command\":[\"sleep\",\"60\"]}]").ok();
        aws.run("ecs", "register-task-definition", "--family", "fg", "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc",
                "--cpu", "256", "--memory", "512", "--tags", "key=owner,value=td",
                "--container-definitions", "[{\"name\":\"app\",\"image\":\"dockyard-test/busybox:latest\",\"command\":[\"sleep\",\"60\"]}]").ok();
    }

    @Test
    void badInputGetsTheAwsErrorAndCreatesNoTask() {
        assertThat(aws.run("ecs", "run-task", "--cluster", "nope", "--task-definition", "web").stderr()).contains("ClusterNotFoundException");
        assertThat(aws.run("ecs", "run-task", "--cluster", "apps", "--task-definition", "missing").stderr())
                .contains("ClientException").contains("TaskDefinition not found.");
        assertThat(aws.run("ecs", "run-task", "--cluster", "apps", "--task-definition", "web", "--count", "11").stderr())
                .contains("InvalidParameterException");
        assertThat(aws.run("ecs", "run-task", "--cluster", "apps", "--task-definition", "fg", "--launch-type", "FARGATE").stderr())
                .contains("InvalidParameterException").contains("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        assertThat(aws.run("ecs", "run-task", "--cluster", "apps", "--task-definition", "web", "--overrides",
                "{\"containerOverrides\":[{\"name\":\"ghost\",\"command\":[\"true\"]}]}").stderr())
                .contains("InvalidParameterException").contains("ghost");
        assertThat(aws.run("ecs", "run-task", "--cluster", "apps", "--task-definition", "web", "--launch-type", "FARGATE",
                "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}").stderr())
                .contains("ClientException").contains("Task definition does not support launch_type FARGATE.");
        assertThat(aws.run("ecs", "stop-task", "--cluster", "apps", "--task", "0123456789abcdef0123456789abcdef").stderr())
                .contains("InvalidParameterException").contains("The referenced task was not found.");
        for (String status : List.of("RUNNING", "STOPPED")) {
            assertThat(aws.run("ecs", "list-tasks", "--cluster", "apps", "--desired-status", status).ok().at("/taskArns").size()).isZero();
        }
    }

    @Test
    void fargateTaskWithTagsOverridesAndIdempotentClientToken() {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            Consumer<RunTaskRequest.Builder> req = b -> b.cluster("apps").taskDefinition("fg").launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1").securityGroups("sg-1")))
                    .overrides(o -> o.containerOverrides(c -> c.name("app").command("sleep", "30")))
                    .tags(Tag.builder().key("env").value("test").build())
                    .enableECSManagedTags(true).propagateTags(PropagateTags.TASK_DEFINITION)
                    .startedBy("tasks-it").clientToken("token-1");
            var task = ecs.runTask(req).tasks().get(0);
            assertThat(ecs.runTask(req).tasks()).as("same clientToken, same task").extracting(t -> t.taskArn()).containsExactly(task.taskArn());
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("apps").taskDefinition("fg").launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-2"))).clientToken("token-1")))
                    .isInstanceOf(ConflictException.class);

            var described = ecs.describeTasks(b -> b.cluster("apps").tasks(task.taskArn()).include(TaskField.TAGS)).tasks().get(0);
            assertThat(described.tags()).extracting(Tag::key).contains("env", "owner", "aws:ecs:clusterName");
            assertThat(described.overrides().containerOverrides().get(0).command()).containsExactly("sleep", "30");
            assertThat(described.cpu()).isEqualTo("256");
            assertThat(described.memory()).isEqualTo("512");
            assertThat(described.group()).isEqualTo("family:fg");
            assertThat(described.startedBy()).isEqualTo("tasks-it");
            assertThat(described.availabilityZone()).isNotBlank();
            assertThat(described.attachments().get(0).details()).anyMatch(d -> d.name().equals("subnetId") && d.value().equals("subnet-1"));
            assertThat(ecs.describeTasks(b -> b.cluster("apps").tasks(task.taskArn())).tasks().get(0).tags()).isEmpty();

            ecs.tagResource(b -> b.resourceArn(task.taskArn()).tags(Tag.builder().key("extra").value("1").build()));
            ecs.untagResource(b -> b.resourceArn(task.taskArn()).tagKeys("env"));
            assertThat(ecs.listTagsForResource(b -> b.resourceArn(task.taskArn())).tags()).extracting(Tag::key).contains("extra").doesNotContain("env");
            String clusterArn = described.clusterArn();
            ecs.tagResource(b -> b.resourceArn(clusterArn).tags(Tag.builder().key("tier").value("gold").build()));
            assertThat(ecs.listTagsForResource(b -> b.resourceArn(clusterArn)).tags()).extracting(Tag::value).containsExactly("gold");
            assertThat(ecs.listTagsForResource(b -> b.resourceArn(described.taskDefinitionArn())).tags()).extracting(Tag::key).containsExactly("owner");
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(clusterArn.replace("apps", "gone")).tags(Tag.builder().key("k").value("v").build())))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.tagResource(b -> b.resourceArn(task.taskArn().replace(described.taskArn().substring(described.taskArn().lastIndexOf('/') + 1), "0000"))
                    .tags(Tag.builder().key("k").value("v").build()))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn("not-an-arn"))).isInstanceOf(InvalidParameterException.class);

            var stopped = ecs.stopTask(b -> b.cluster("apps").task(task.taskArn())).task();
            assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
            assertThat(stopped.stopCode().toString()).isEqualTo("UserInitiated");
            assertThat(stopped.stoppedReason()).isEqualTo("Task stopped by user");
            assertThat(ecs.listTasks(b -> b.cluster("apps").desiredStatus("STOPPED")).taskArns()).containsExactly(task.taskArn());
            assertThat(ecs.listTasks(b -> b.cluster("apps").family("fg").launchType(LaunchType.FARGATE)).taskArns()).isEmpty();
        }
    }

    @Test
    void describeReportsMissingTasksAndListPaginates() {
        var out = aws.run("ecs", "describe-tasks", "--cluster", "apps", "--tasks", "0123456789abcdef0123456789abcdef").ok();
        assertThat(out.at("/tasks").size()).isZero();
        assertThat(out.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        assertThat(out.at("/failures/0/arn").asText()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task/apps/0123456789abcdef0123456789abcdef");
        assertThat(aws.run("ecs", "describe-tasks", "--cluster", "missing", "--tasks", "x").stderr()).contains("ClusterNotFoundException");
        assertThat(aws.run("ecs", "list-tasks", "--cluster", "apps", "--max-items", "1", "--page-size", "500").stderr()).contains("InvalidParameterException");
        for (int i = 0; i < 3; i++) {
            aws.run("ecs", "run-task", "--cluster", "apps", "--task-definition", "fg", "--launch-type", "FARGATE",
                    "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}").ok();
        }
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            List<String> all = ecs.listTasksPaginator(b -> b.cluster("apps").maxResults(2)).taskArns().stream().toList();
            assertThat(all).hasSize(3).doesNotHaveDuplicates();
            assertThat(ecs.describeTasks(b -> b.cluster("apps").tasks(all)).tasks()).hasSize(3);
        }
    }
}
