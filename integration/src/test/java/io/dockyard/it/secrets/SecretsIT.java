package io.dockyard.it.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.OwnDockyard;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Secrets Manager, SSM Parameter Store and KMS as users drive them (the AWS CLI and the SDK for Java v2), values encrypted
 * at rest under a master key outside the database and still there after kill -9, and a task whose containers get secrets
 * from both stores as environment variables (a Secrets Manager JSON key, a stage, an SSM name and ARN), with ECS's error
 * when one is missing.
 */
class SecretsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "secrets";

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage();
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        aws = dockyard.cli();
        aws.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "list-container-instances", "--cluster", CLUSTER).ok()
                .at("/containerInstanceArns").size() == 1);
    }

    @Test
    void secretsManagerKeepsVersionsStagesAndARecoveryWindow() {
        JsonNode created = aws.run("secretsmanager", "create-secret", "--name", "app/db-pass", "--secret-string", "first-pass",
                "--description", "the database password", "--tags", "Key=team,Value=payments").ok();
        String arn = created.at("/ARN").asText();
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-pass-[A-Za-z0-9]{6}");
        String v1 = created.at("/VersionId").asText();
        assertThat(aws.run("secretsmanager", "get-secret-value", "--secret-id", "app/db-pass").ok().at("/SecretString").asText()).isEqualTo("first-pass");

        String v2 = aws.run("secretsmanager", "put-secret-value", "--secret-id", arn, "--secret-string", "second-pass").ok().at("/VersionId").asText();
        assertThat(v2).isNotEqualTo(v1);
        JsonNode current = aws.run("secretsmanager", "get-secret-value", "--secret-id", arn).ok();
        assertThat(current.at("/SecretString").asText()).isEqualTo("second-pass");
        assertThat(current.at("/VersionStages").toString()).isEqualTo("[\"AWSCURRENT\"]");
        assertThat(aws.run("secretsmanager", "get-secret-value", "--secret-id", arn, "--version-stage", "AWSPREVIOUS").ok().at("/SecretString").asText())
                .isEqualTo("first-pass");
        // a partial ARN (without the random suffix) names the secret too
        String partial = arn.substring(0, arn.length() - 7);
        assertThat(aws.run("secretsmanager", "describe-secret", "--secret-id", partial).ok().at("/VersionIdsToStages/" + v1).toString())
                .isEqualTo("[\"AWSPREVIOUS\"]");

        JsonNode listed = aws.run("secretsmanager", "list-secrets", "--filters", "Key=tag-key,Values=team").ok().at("/SecretList");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).at("/Description").asText()).isEqualTo("the database password");
        assertThat(secretNames(aws.run("secretsmanager", "list-secrets", "--filters", "Key=name,Values=!app/").ok())).doesNotContain("app/db-pass");

        AwsCli.Result dup = aws.run("secretsmanager", "create-secret", "--name", "app/db-pass", "--secret-string", "x");
        assertThat(dup.exitCode()).isNotZero();
        assertThat(dup.stderr()).contains("ResourceExistsException").contains("already exists");

        JsonNode deleted = aws.run("secretsmanager", "delete-secret", "--secret-id", arn, "--recovery-window-in-days", "7").ok();
        assertThat(deleted.at("/DeletionDate").asDouble()).isGreaterThan(System.currentTimeMillis() / 1000.0 + 6 * 86400);
        assertThat(aws.run("secretsmanager", "get-secret-value", "--secret-id", arn).stderr())
                .contains("InvalidRequestException").contains("marked for deletion");
        assertThat(secretNames(aws.run("secretsmanager", "list-secrets").ok())).doesNotContain("app/db-pass");
        assertThat(secretNames(aws.run("secretsmanager", "list-secrets", "--include-planned-deletion").ok())).contains("app/db-pass");
        aws.run("secretsmanager", "restore-secret", "--secret-id", arn).ok();
        assertThat(aws.run("secretsmanager", "get-secret-value", "--secret-id", arn).ok().at("/SecretString").asText()).isEqualTo("second-pass");

        aws.run("secretsmanager", "delete-secret", "--secret-id", arn, "--force-delete-without-recovery").ok();
        assertThat(aws.run("secretsmanager", "describe-secret", "--secret-id", arn).stderr()).contains("ResourceNotFoundException");
        assertThat(aws.run("secretsmanager", "delete-secret", "--secret-id", arn, "--force-delete-without-recovery", "--recovery-window-in-days", "7").stderr())
                .contains("InvalidParameterException");
    }

    private static List<String> secretNames(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.at("/SecretList").forEach(s -> out.add(s.at("/Name").asText()));
        return out;
    }

    @Test
    void theSdkStoresBinarySecretsAndRetriesIdempotently() {
        try (SecretsManagerClient sm = Sdk.secretsManager(dockyard.endpoint())) {
            byte[] key = {0, 1, 2, (byte) 0xff, 42};
            String token = "0123456789abcdef0123456789abcdef";
            String arn = sm.createSecret(r -> r.name("tls-key").secretBinary(SdkBytes.fromByteArray(key)).clientRequestToken(token)).arn();
            // the same request again (an SDK retry) answers the same version; another value under that token is refused
            assertThat(sm.createSecret(r -> r.name("tls-key").secretBinary(SdkBytes.fromByteArray(key)).clientRequestToken(token)).arn()).isEqualTo(arn);
            assertThatThrownBy(() -> sm.createSecret(r -> r.name("tls-key").secretString("other").clientRequestToken(token)))
                    .isInstanceOf(ResourceExistsException.class);
            var value = sm.getSecretValue(r -> r.secretId(arn));
            assertThat(value.secretBinary().asByteArray()).isEqualTo(key);
            assertThat(value.versionId()).isEqualTo(token);
            assertThat(sm.getRandomPassword(r -> r.passwordLength(40L).excludePunctuation(true)).randomPassword()).matches("[A-Za-z0-9]{40}");
        }
    }

    @Test
    void parameterStoreKeepsHierarchiesVersionsAndSecureStrings() {
        aws.run("ssm", "put-parameter", "--name", "/app/prod/url", "--type", "String", "--value", "jdbc:postgresql://db.internal").ok();
        aws.run("ssm", "put-parameter", "--name", "/app/prod/token", "--type", "SecureString", "--value", "tok-123").ok();
        aws.run("ssm", "put-parameter", "--name", "/app/prod/deep/hosts", "--type", "StringList", "--value", "a,b").ok();
        assertThat(aws.run("ssm", "put-parameter", "--name", "/app/prod/url", "--type", "String", "--value", "x").stderr()).contains("ParameterAlreadyExists");
        assertThat(aws.run("ssm", "put-parameter", "--name", "/app/prod/url", "--type", "String", "--value", "jdbc:postgresql://db2.internal", "--overwrite").ok()
                .at("/Version").asInt()).isEqualTo(2);

        JsonNode hidden = aws.run("ssm", "get-parameter", "--name", "/app/prod/token").ok().at("/Parameter");
        assertThat(hidden.at("/Type").asText()).isEqualTo("SecureString");
        assertThat(hidden.at("/Value").asText()).isNotEqualTo("tok-123");
        assertThat(aws.run("ssm", "get-parameter", "--name", "/app/prod/token", "--with-decryption").ok().at("/Parameter/Value").asText()).isEqualTo("tok-123");

        List<String> oneLevel = names(aws.run("ssm", "get-parameters-by-path", "--path", "/app/prod").ok());
        assertThat(oneLevel).containsExactlyInAnyOrder("/app/prod/url", "/app/prod/token");
        List<String> recursive = names(aws.run("ssm", "get-parameters-by-path", "--path", "/app", "--recursive", "--with-decryption").ok());
        assertThat(recursive).containsExactlyInAnyOrder("/app/prod/url", "/app/prod/token", "/app/prod/deep/hosts");

        aws.run("ssm", "label-parameter-version", "--name", "/app/prod/url", "--parameter-version", "1", "--labels", "stable").ok();
        assertThat(aws.run("ssm", "get-parameter", "--name", "/app/prod/url:stable").ok().at("/Parameter/Value").asText()).isEqualTo("jdbc:postgresql://db.internal");
        assertThat(aws.run("ssm", "get-parameter-history", "--name", "/app/prod/url").ok().at("/Parameters").size()).isEqualTo(2);

        try (SsmClient ssm = Sdk.ssm(dockyard.endpoint())) {
            var got = ssm.getParameters(r -> r.names("/app/prod/token", "/nope").withDecryption(true));
            assertThat(got.parameters()).singleElement().satisfies(p -> {
                assertThat(p.value()).isEqualTo("tok-123");
                assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING);
            });
            assertThat(got.invalidParameters()).containsExactly("/nope");
        }
        aws.run("ssm", "delete-parameter", "--name", "/app/prod/deep/hosts").ok();
        assertThat(aws.run("ssm", "get-parameter", "--name", "/app/prod/deep/hosts").stderr()).contains("ParameterNotFound");
    }

    private static List<String> names(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.at("/Parameters").forEach(p -> out.add(p.at("/Name").asText()));
        return out;
    }

    @Test
    void kmsEncryptsUnderAKeyAndItsAlias() throws Exception {
        String keyId = aws.run("kms", "create-key", "--description", "app data").ok().at("/KeyMetadata/KeyId").asText();
        aws.run("kms", "create-alias", "--alias-name", "alias/app", "--target-key-id", keyId).ok();
        Path plain = Files.createTempFile("kms-", ".bin");
        Files.writeString(plain, "hello kms");
        JsonNode enc = aws.run("kms", "encrypt", "--key-id", "alias/app", "--plaintext", "fileb://" + plain, "--encryption-context", "app=web").ok();
        assertThat(enc.at("/KeyId").asText()).endsWith(":key/" + keyId);
        Path blob = Files.createTempFile("kms-", ".blob");
        Files.write(blob, java.util.Base64.getDecoder().decode(enc.at("/CiphertextBlob").asText()));
        JsonNode dec = aws.run("kms", "decrypt", "--ciphertext-blob", "fileb://" + blob, "--encryption-context", "app=web").ok();
        assertThat(new String(java.util.Base64.getDecoder().decode(dec.at("/Plaintext").asText()), StandardCharsets.UTF_8)).isEqualTo("hello kms");
        assertThat(aws.run("kms", "decrypt", "--ciphertext-blob", "fileb://" + blob, "--encryption-context", "app=other").stderr())
                .contains("InvalidCiphertextException");
        aws.run("kms", "disable-key", "--key-id", keyId).ok();
        assertThat(aws.run("kms", "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plain).stderr()).contains("DisabledException");
        assertThat(aws.run("kms", "describe-key", "--key-id", "alias/nope").stderr()).contains("NotFoundException");
    }

    @Test
    void valuesAreEncryptedAtRestAndSurviveKill9() throws Exception {
        String marker = "plain-" + System.nanoTime();
        aws.run("secretsmanager", "create-secret", "--name", "at-rest", "--secret-string", marker).ok();
        aws.run("ssm", "put-parameter", "--name", "/at-rest", "--type", "SecureString", "--value", marker + "-ssm").ok();
        Path master = dockyard.process().dataDir().resolve("master.key");
        assertThat(Files.getPosixFilePermissions(master)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        dockyard.process().kill9();
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dockyard.process().dataDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), needle)).as("plaintext in " + f).isEqualTo(-1);
            }
        }
        dockyard.process().start();
        assertThat(aws.run("secretsmanager", "get-secret-value", "--secret-id", "at-rest").ok().at("/SecretString").asText()).isEqualTo(marker);
        assertThat(aws.run("ssm", "get-parameter", "--name", "/at-rest", "--with-decryption").ok().at("/Parameter/Value").asText()).isEqualTo(marker + "-ssm");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void aTaskGetsSecretsFromBothStoresAsEnvironmentVariables() throws Exception {
        String db = aws.run("secretsmanager", "create-secret", "--name", "task/db", "--secret-string", "{\"user\":\"admin\",\"password\":\"pw-9f2\"}").ok()
                .at("/ARN").asText();
        aws.run("secretsmanager", "put-secret-value", "--secret-id", db, "--secret-string", "{\"user\":\"admin\",\"password\":\"pw-new\"}").ok();
        aws.run("ssm", "put-parameter", "--name", "/task/url", "--type", "SecureString", "--value", "grpc://svc.internal").ok();
        aws.run("ssm", "put-parameter", "--name", "task-mode", "--type", "String", "--value", "blue").ok();
        String ssmArn = "arn:aws:ssm:us-east-1:000000000000:parameter/task-mode";
        List<Map<String, String>> secrets = List.of(
                Map.of("name", "DB_JSON", "valueFrom", db),
                Map.of("name", "DB_PASSWORD", "valueFrom", db + ":password::"),
                Map.of("name", "DB_OLD_PASSWORD", "valueFrom", db + ":password:AWSPREVIOUS:"),
                Map.of("name", "APP_URL", "valueFrom", "/task/url"),
                Map.of("name", "MODE", "valueFrom", ssmArn));
        register("with-secrets", secrets, "echo \"pw=$DB_PASSWORD old=$DB_OLD_PASSWORD url=$APP_URL mode=$MODE json=$DB_JSON\"");
        String task = run("with-secrets");
        JsonNode stopped = awaitStopped(task);
        assertThat(stopped.at("/containers/0/exitCode").asInt()).as(stopped.toString()).isZero();
        String id = task.substring(task.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !messages("/ecs/secrets", "ecs/app/" + id).isEmpty());
        assertThat(messages("/ecs/secrets", "ecs/app/" + id)).containsExactly(
                "pw=pw-new old=pw-9f2 url=grpc://svc.internal mode=blue json={\"user\":\"admin\",\"password\":\"pw-new\"}");
        // the values are nowhere in ECS's answers about the task
        String described = aws.run("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks", task).stdout()
                + aws.run("ecs", "describe-task-definition", "--task-definition", "with-secrets").stdout();
        assertThat(described).doesNotContain("pw-new").doesNotContain("svc.internal").contains(db + ":password::");
    }

    @Test
    void aMissingSecretStopsTheTaskBeforeAnyContainerStarts() throws Exception {
        String missing = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nope-AbCdEf";
        register("missing-asm", List.of(Map.of("name", "X", "valueFrom", missing)), "echo started");
        register("missing-ssm", List.of(Map.of("name", "Y", "valueFrom", "/not/there")), "echo started");
        String asmTask = run("missing-asm"), ssmTask = run("missing-ssm");
        JsonNode asm = awaitStopped(asmTask);
        assertThat(asm.at("/stopCode").asText()).isEqualTo("TaskFailedToStart");
        assertThat(asm.at("/stoppedReason").asText()).startsWith("ResourceInitializationError: unable to pull secrets or registry auth: "
                + "execution resource retrieval failed: unable to retrieve secret from asm").contains(missing).contains("ResourceNotFoundException");

        JsonNode ssm = awaitStopped(ssmTask);
        assertThat(ssm.at("/stopCode").asText()).isEqualTo("TaskFailedToStart");
        assertThat(ssm.at("/stoppedReason").asText()).contains("unable to retrieve secrets from ssm").contains("invalid ssm parameters: /not/there");
        assertThat(ssm.at("/containers/0/exitCode").isMissingNode() || ssm.at("/containers/0/exitCode").isNull()).isTrue();
    }

    private static void register(String family, List<Map<String, String>> secrets, String script) throws Exception {
        Map<String, Object> c = Docker.shellContainer(script);
        c.put("secrets", secrets);
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "/ecs/secrets", "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "ecs", "awslogs-create-group", "true")));
        aws.run("ecs", "register-task-definition", "--family", family, "--execution-role-arn", "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
                "--container-definitions", JSON.writeValueAsString(List.of(c))).ok();
    }

    private static String run(String family) {
        return aws.run("ecs", "run-task", "--cluster", CLUSTER, "--task-definition", family).ok().at("/tasks/0/taskArn").asText();
    }

    private static JsonNode describe(String taskArn) {
        return new EcsWire(dockyard.endpoint()).call("DescribeTasks", Map.of("cluster", CLUSTER, "tasks", List.of(taskArn))).at("/tasks/0");
    }

    private static JsonNode awaitStopped(String taskArn) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> "STOPPED".equals(describe(taskArn).at("/lastStatus").asText()));
        return describe(taskArn);
    }

    private static List<String> messages(String group, String stream) {
        List<String> out = new ArrayList<>();
        AwsCli.Result r = aws.run("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head");
        if (r.exitCode() != 0) return out;
        r.json().at("/events").forEach(e -> out.add(e.at("/message").asText()));
        return out;
    }
}
