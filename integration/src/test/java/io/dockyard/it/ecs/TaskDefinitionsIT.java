package io.dockyard.it.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task definition operations through the AWS CLI and the SDK, as a user drives them. */
class TaskDefinitionsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String IMAGE = "dockyard-test/busybox:latest";

    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @TempDir
    Path tmp;

    @Test
    void richDefinitionReadsBackAsSentWithTheCli() throws IOException {
        AwsCli aws = dockyard.cli();
        JsonNode sent;
        try (InputStream in = getClass().getResourceAsStream("/taskdefs/rich.json")) {
            sent = MAPPER.readTree(in);
        }
        Path file = tmp.resolve("rich.json");
        Files.writeString(file, sent.toString());
        JsonNode registered = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file).ok();
        assertThat(registered.at("/tags")).isEqualTo(sent.get("tags"));

        JsonNode described = aws.run("ecs", "describe-task-definition", "--task-definition", "rich-web", "--include", "TAGS").ok();
        JsonNode td = described.get("taskDefinition");
        assertThat(registered.get("taskDefinition")).isEqualTo(td);
        assertThat(described.get("tags")).isEqualTo(sent.get("tags"));

        ObjectNode expected = sent.deepCopy();
        expected.remove("tags");
        expected.remove("containerDefinitions");
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            assertThat(td.get(member)).as(member).isEqualTo(expected.get(member));
        }
        for (int i = 0; i < sent.get("containerDefinitions").size(); i++) {
            JsonNode sentContainer = sent.get("containerDefinitions").get(i);
            JsonNode readContainer = td.get("containerDefinitions").get(i);
            for (Iterator<String> it = sentContainer.fieldNames(); it.hasNext(); ) {
                String member = it.next();
                assertThat(readContainer.get(member)).as(sentContainer.get("name") + "." + member).isEqualTo(sentContainer.get(member));
            }
            assertThat(readContainer.size()).as("members of " + sentContainer.get("name")).isEqualTo(sentContainer.size());
        }
        assertThat(td.get("taskDefinitionArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/rich-web:1");
        assertThat(td.get("revision").asInt()).isEqualTo(1);
        assertThat(td.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(td.get("compatibilities")).hasToString("[\"EXTERNAL\",\"EC2\"]");
        assertThat(td.get("registeredBy").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(td.get("registeredAt").asText()).isNotBlank();
        List<String> attributes = new ArrayList<>();
        td.get("requiresAttributes").forEach(a -> attributes.add(a.get("name").asText()));
        assertThat(attributes).contains("com.amazonaws.ecs.capability.task-iam-role", "ecs.capability.container-health-check",
                "ecs.capability.container-ordering", "ecs.capability.secrets.ssm.environment-variables",
                "com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager", "ecs.capability.env-files.s3");
        int sentMembers = expected.size() + 1;
        assertThat(td.size()).as("members: sent + taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy")
                .isEqualTo(sentMembers + 7);
    }

    @Test
    void minimalDefinitionGetsTheDefaultsEcsAdds() throws IOException {
        AwsCli aws = dockyard.cli();
        Path file = tmp.resolve("web.json");
        Files.writeString(file, "{\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"app\", \"image\": \"" + IMAGE + "\", \"memory\": 64,"
                + " \"portMappings\": [{\"containerPort\": 80}]}]}");
        aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file).ok();
        JsonNode second = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file).ok();
        assertThat(second.at("/taskDefinition/revision").asInt()).isEqualTo(2);
        JsonNode td = aws.run("ecs", "describe-task-definition", "--task-definition", "web").ok().get("taskDefinition");
        assertThat(td.get("revision").asInt()).isEqualTo(2);
        assertThat(td.get("volumes")).isEmpty();
        assertThat(td.get("placementConstraints")).isEmpty();
        assertThat(td.get("requiresAttributes")).isEmpty();
        JsonNode c = td.at("/containerDefinitions/0");
        assertThat(c.get("cpu").asInt()).isZero();
        assertThat(c.get("essential").asBoolean()).isTrue();
        assertThat(c.get("environment")).isEmpty();
        assertThat(c.get("mountPoints")).isEmpty();
        assertThat(c.get("volumesFrom")).isEmpty();
        assertThat(c.at("/portMappings/0")).hasToString("{\"containerPort\":80,\"protocol\":\"tcp\"}");
        assertThat(aws.run("ecs", "describe-task-definition", "--task-definition", "web:1").ok().at("/taskDefinition/revision").asInt()).isEqualTo(1);
        String arn = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1";
        assertThat(aws.run("ecs", "describe-task-definition", "--task-definition", arn).ok().at("/taskDefinition/taskDefinitionArn").asText()).isEqualTo(arn);
    }

    @Test
    void fargateDefinitionWithTheSdk() {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            TaskDefinition td = ecs.registerTaskDefinition(b -> b.family("api").networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE).cpu("1 vCPU").memory("2 GB")
                    .containerDefinitions(ContainerDefinition.builder().name("api").image(IMAGE)
                            .portMappings(p -> p.containerPort(8080)).build())).taskDefinition();
            assertThat(td.cpu()).isEqualTo("1024");
            assertThat(td.memory()).isEqualTo("2048");
            assertThat(td.compatibilities()).containsExactly(Compatibility.EC2, Compatibility.FARGATE, Compatibility.MANAGED_INSTANCES);
            assertThat(td.requiresCompatibilities()).containsExactly(Compatibility.FARGATE);
            assertThat(td.containerDefinitions().get(0).portMappings().get(0).hostPort()).isEqualTo(8080);
            assertThat(td.requiresAttributes()).anyMatch(a -> a.name().equals("ecs.capability.task-eni"));

            TaskDefinition awsvpcOnly = ecs.registerTaskDefinition(b -> b.family("api").networkMode(NetworkMode.AWSVPC).cpu("256").memory("4096")
                    .containerDefinitions(ContainerDefinition.builder().name("api").image(IMAGE).build())).taskDefinition();
            assertThat(awsvpcOnly.revision()).isEqualTo(2);
            assertThat(awsvpcOnly.compatibilities()).containsExactly(Compatibility.EC2, Compatibility.MANAGED_INSTANCES);
        }
    }

    @Test
    void revisionsListsSortingPrefixesAndPaginationWithTheSdk() {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            for (String family : List.of("beta", "alpha", "alpha-worker")) {
                for (int i = 0; i < 3; i++) register(ecs, family);
            }
            List<String> asc = new ArrayList<>();
            ecs.listTaskDefinitionsPaginator(b -> b.maxResults(2)).taskDefinitionArns().forEach(asc::add);
            assertThat(asc).extracting(TaskDefinitionsIT::name).containsExactly(
                    "alpha:1", "alpha:2", "alpha:3", "alpha-worker:1", "alpha-worker:2", "alpha-worker:3", "beta:1", "beta:2", "beta:3");
            var firstPage = ecs.listTaskDefinitions(b -> b.maxResults(4));
            assertThat(firstPage.taskDefinitionArns()).hasSize(4);
            assertThat(firstPage.nextToken()).isNotBlank();

            List<String> desc = ecs.listTaskDefinitions(b -> b.sort(SortOrder.DESC)).taskDefinitionArns();
            assertThat(desc).extracting(TaskDefinitionsIT::name).startsWith("beta:3", "beta:2", "beta:1", "alpha-worker:3");
            assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("alpha").sort(SortOrder.DESC)).taskDefinitionArns())
                    .extracting(TaskDefinitionsIT::name).containsExactly("alpha:3", "alpha:2", "alpha:1");

            assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("alpha")).families()).containsExactly("alpha", "alpha-worker");
            List<String> families = new ArrayList<>();
            ecs.listTaskDefinitionFamiliesPaginator(b -> b.maxResults(1)).families().forEach(families::add);
            assertThat(families).containsExactly("beta", "alpha", "alpha-worker");

            assertThatThrownBy(() -> ecs.listTaskDefinitions(b -> b.maxResults(101))).isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> ecs.listTaskDefinitions(b -> b.nextToken("garbage"))).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void deregisterAndDeleteWithTheSdk() {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            for (int i = 0; i < 3; i++) register(ecs, "jobs");
            assertThatThrownBy(() -> ecs.deregisterTaskDefinition(b -> b.taskDefinition("jobs"))).isInstanceOf(ClientException.class);
            assertThatThrownBy(() -> ecs.deregisterTaskDefinition(b -> b.taskDefinition("jobs:9"))).isInstanceOf(ClientException.class);

            TaskDefinition inactive = ecs.deregisterTaskDefinition(b -> b.taskDefinition("jobs:3")).taskDefinition();
            assertThat(inactive.status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
            assertThat(inactive.deregisteredAt()).isNotNull();
            assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("jobs")).taskDefinition().revision()).isEqualTo(2);
            assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("jobs:3")).taskDefinition().status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
            assertThat(ecs.listTaskDefinitions(b -> b.status(TaskDefinitionStatus.INACTIVE)).taskDefinitionArns()).extracting(TaskDefinitionsIT::name)
                    .containsExactly("jobs:3");

            var deleted = ecs.deleteTaskDefinitions(b -> b.taskDefinitions("jobs:3", "jobs:1", "jobs:7", "jobs"));
            assertThat(deleted.taskDefinitions()).singleElement().satisfies(td -> assertThat(td.status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS));
            assertThat(deleted.failures()).hasSize(3);
            assertThat(deleted.failures().get(0).reason()).contains("ACTIVE");
            assertThat(deleted.failures().get(1).reason()).contains("does not exist");
            assertThat(deleted.failures().get(2).arn()).isEqualTo("jobs");

            for (TaskDefinitionStatus s : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE, TaskDefinitionStatus.DELETE_IN_PROGRESS)) {
                assertThat(ecs.listTaskDefinitions(b -> b.status(s)).taskDefinitionArns()).noneMatch(a -> a.endsWith("jobs:3"));
            }
            assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("jobs:3"))).isInstanceOf(ClientException.class);

            ecs.deregisterTaskDefinition(b -> b.taskDefinition("jobs:1"));
            ecs.deregisterTaskDefinition(b -> b.taskDefinition("jobs:2"));
            assertThat(ecs.listTaskDefinitionFamilies(b -> b.status(TaskDefinitionFamilyStatus.INACTIVE)).families()).containsExactly("jobs");
            assertThat(ecs.listTaskDefinitionFamilies(b -> b.status(TaskDefinitionFamilyStatus.ACTIVE)).families()).isEmpty();
            ecs.deleteTaskDefinitions(b -> b.taskDefinitions("jobs:1", "arn:aws:ecs:us-east-1:000000000000:task-definition/jobs:2"));
            assertThat(ecs.listTaskDefinitionFamilies().families()).isEmpty();
            assertThat(register(ecs, "jobs").revision()).as("ECS keeps counting after deletes").isEqualTo(4);
        }
    }

    @Test
    void badInputGetsTheAwsErrorAndChangesNothing() throws Exception {
        AwsCli aws = dockyard.cli();
        String container = "{\"name\": \"app\", \"image\": \"" + IMAGE + "\", \"memory\": 64}";
        assertError(aws, "{\"family\": \"f\", \"requiresCompatibilities\": [\"FARGATE\"], \"networkMode\": \"awsvpc\", \"cpu\": \"256\", \"memory\": \"4096\","
                + " \"containerDefinitions\": [" + container + "]}", "No Fargate configuration exists for given values: 256 CPU, 4096 memory.");
        assertError(aws, "{\"family\": \"f\", \"containerDefinitions\": [{\"name\": \"app\", \"memory\": 64}]}", "Container.image should not be null or empty.");
        assertError(aws, "{\"family\": \"f\", \"containerDefinitions\": [" + container + ", " + container + "]}", "Duplicate container name");
        assertError(aws, "{\"family\": \"f\", \"containerDefinitions\": [{\"name\": \"app\", \"image\": \"x\", \"memory\": 64, \"essential\": false}]}",
                "A task definition must have at least one essential container.");
        var unknown = aws.run("ecs", "describe-task-definition", "--task-definition", "nope:1");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("ClientException").contains("Unable to describe task definition.");

        HttpResponse<String> malformed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition")
                .header("Authorization", io.dockyard.it.support.EcsWire.AUTHORIZATION)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"family\": \"f\", \"containerDefinitions\": [")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(malformed.body()).get("__type").asText()).isEqualTo("SerializationException");

        assertThat(aws.run("ecs", "list-task-definitions").ok().get("taskDefinitionArns")).isEmpty();
        assertThat(aws.run("ecs", "list-task-definition-families").ok().get("families")).isEmpty();
    }

    private void assertError(AwsCli aws, String json, String message) throws IOException {
        Path file = Files.createTempFile(tmp, "bad", ".json");
        Files.writeString(file, json);
        var result = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + file);
        assertThat(result.exitCode()).as(json).isNotZero();
        assertThat(result.stderr()).contains("(ClientException)").contains(message);
    }

    private static TaskDefinition register(EcsClient ecs, String family) {
        return ecs.registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(ContainerDefinition.builder().name("main").image(IMAGE).memory(32).build())).taskDefinition();
    }

    private static String name(String arn) {
        return arn.substring(arn.indexOf("task-definition/") + "task-definition/".length());
    }
}
