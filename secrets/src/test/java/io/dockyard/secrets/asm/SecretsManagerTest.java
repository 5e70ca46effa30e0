package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.secrets.kms.Keys;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsManagerTest {
    static final RequestContext CTX = new RequestContext("rid", "us-east-1", "AKID", "000000000000");
    final CachedStore store = new CachedStore(new MemoryJournal());
    final MutableClock clock = new MutableClock();
    final JsonService api = SecretsManagerApi.service(new Keys(store, MasterKey.of(new byte[32]), clock, "us-east-1", "000000000000"), "us-east-1", "000000000000");

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String op, Object... kv) {
        Map<String, Object> in = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) in.put((String) kv[i], kv[i + 1]);
        return (Map<String, Object>) api.operations().get(op).handle(in, CTX);
    }

    String code(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    @Test
    void putSecretValueMovesCurrentAndPreviousAndDropsOldPrevious() {
        String arn = (String) call("CreateSecret", "Name", "s", "SecretString", "v1", "ClientRequestToken", "t1".repeat(16)).get("ARN");
        call("PutSecretValue", "SecretId", "s", "SecretString", "v2", "ClientRequestToken", "t2".repeat(16));
        call("PutSecretValue", "SecretId", arn, "SecretString", "v3", "ClientRequestToken", "t3".repeat(16));
        Map<String, Object> d = call("DescribeSecret", "SecretId", "s");
        assertThat((Map<String, Object>) d.get("VersionIdsToStages")).containsOnlyKeys("t2".repeat(16), "t3".repeat(16));
        assertThat(call("GetSecretValue", "SecretId", "s").get("SecretString")).isEqualTo("v3");
        assertThat(call("GetSecretValue", "SecretId", "s", "VersionStage", "AWSPREVIOUS").get("SecretString")).isEqualTo("v2");
        assertThat(call("GetSecretValue", "SecretId", "s", "VersionId", "t1".repeat(16)).get("SecretString")).isEqualTo("v1");
        Map<String, Object> versions = call("ListSecretVersionIds", "SecretId", "s", "IncludeDeprecated", true);
        assertThat((List<?>) versions.get("Versions")).hasSize(3);
    }

    @Test
    void stagesMoveOnlyFromTheVersionNamed() {
        call("CreateSecret", "Name", "s", "SecretString", "v1", "ClientRequestToken", "a".repeat(32));
        call("PutSecretValue", "SecretId", "s", "SecretString", "v2", "ClientRequestToken", "b".repeat(32), "VersionStages", List.of("AWSPENDING"));
        assertThat(call("GetSecretValue", "SecretId", "s").get("SecretString")).isEqualTo("v1");
        assertThat(code(() -> call("UpdateSecretVersionStage", "SecretId", "s", "VersionStage", "AWSCURRENT", "MoveToVersionId", "b".repeat(32))))
                .isEqualTo("InvalidParameterException");
        call("UpdateSecretVersionStage", "SecretId", "s", "VersionStage", "AWSCURRENT", "MoveToVersionId", "b".repeat(32), "RemoveFromVersionId", "a".repeat(32));
        assertThat(call("GetSecretValue", "SecretId", "s").get("SecretString")).isEqualTo("v2");
        assertThat(call("GetSecretValue", "SecretId", "s", "VersionStage", "AWSPREVIOUS").get("SecretString")).isEqualTo("v1");
    }

    @Test
    void aDeletedSecretIsGoneAfterItsWindowAndItsNameFreeAgain() {
        call("CreateSecret", "Name", "s", "SecretString", "v1");
        call("DeleteSecret", "SecretId", "s", "RecoveryWindowInDays", 7);
        assertThat(code(() -> call("CreateSecret", "Name", "s", "SecretString", "x"))).isEqualTo("InvalidRequestException");
        assertThat(code(() -> call("PutSecretValue", "SecretId", "s", "SecretString", "x"))).isEqualTo("InvalidRequestException");
        clock.now = clock.now.plus(Duration.ofDays(7));
        assertThat(code(() -> call("DescribeSecret", "SecretId", "s"))).isEqualTo("ResourceNotFoundException");
        call("CreateSecret", "Name", "s", "SecretString", "again");
        assertThat(call("GetSecretValue", "SecretId", "s").get("SecretString")).isEqualTo("again");
    }

    @Test
    void valuesAreStoredOnlyAsCiphertext() {
        call("CreateSecret", "Name", "s", "SecretString", "very-secret-value");
        Secret s = store.get(SecretBook.KIND, "s").orElseThrow();
        String stored = new String(s.versions().getFirst().ciphertext(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("very-secret-value");
    }

    @Test
    void badInputGetsSecretsManagersErrors() {
        assertThat(code(() -> call("CreateSecret", "Name", "bad name!#"))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> call("CreateSecret", "Name", "s", "SecretString", "a", "SecretBinary", "YQ=="))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> call("CreateSecret", "Name", "s", "ClientRequestToken", "short"))).isEqualTo("ValidationException");
        assertThat(code(() -> call("CreateSecret", "Name", "s", "KmsKeyId", "alias/none", "SecretString", "a"))).isEqualTo("InvalidParameterException");
        assertThat(code(() -> call("GetSecretValue", "SecretId", "missing"))).isEqualTo("ResourceNotFoundException");
        assertThat(code(() -> call("DeleteSecret", "SecretId", "missing", "RecoveryWindowInDays", 3))).isEqualTo("InvalidParameterException");
        call("CreateSecret", "Name", "s", "SecretString", "v");
        assertThat(code(() -> call("GetSecretValue", "SecretId", "s", "VersionStage", "NOPE"))).isEqualTo("ResourceNotFoundException");
        assertThat(code(() -> call("PutResourcePolicy", "SecretId", "s", "ResourcePolicy", "{not json"))).isEqualTo("MalformedPolicyDocumentException");
        assertThat(code(() -> call("ListSecrets", "NextToken", "garbage"))).isEqualTo("InvalidNextTokenException");
    }

    @Test
    void listSecretsPagesAndFiltersWithNegation() {
        for (int i = 0; i < 5; i++) call("CreateSecret", "Name", "app/" + i, "SecretString", "v", "Tags", List.of(Map.of("Key", "env", "Value", i % 2 == 0 ? "prod" : "dev")));
        call("CreateSecret", "Name", "other", "SecretString", "v");
        Map<String, Object> page = call("ListSecrets", "MaxResults", 2);
        assertThat((List<?>) page.get("SecretList")).hasSize(2);
        Map<String, Object> rest = call("ListSecrets", "MaxResults", 10, "NextToken", page.get("NextToken"));
        assertThat((List<?>) rest.get("SecretList")).hasSize(4);
        assertThat((List<?>) call("ListSecrets", "Filters", List.of(Map.of("Key", "tag-value", "Values", List.of("prod")))).get("SecretList")).hasSize(3);
        assertThat((List<?>) call("ListSecrets", "Filters", List.of(Map.of("Key", "name", "Values", List.of("!app/")))).get("SecretList")).hasSize(1);
    }
}
