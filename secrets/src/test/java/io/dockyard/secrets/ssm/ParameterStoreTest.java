package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonService;
import io.dockyard.secrets.kms.KmsAlias;
import io.dockyard.secrets.kms.KmsKey;
import io.dockyard.store.CachedStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PutParameter, GetParameter(s), DeleteParameter(s): versions, SecureString encryption, names and the errors of each. */
class ParameterStoreTest extends SsmHarness {

    @Test
    void aPutMakesVersionOneAndOverwritesAddVersionsKeepingWhatTheyLeaveOut() {
        Map<String, Object> first = call("PutParameter", "Name", "/app/url", "Value", "http://a", "Type", "String", "Description", "the url");
        assertThat(first).containsEntry("Version", 1L).containsEntry("Tier", "Standard");
        AwsException again = error("PutParameter", "Name", "/app/url", "Value", "http://b", "Type", "String");
        assertThat(again.code()).isEqualTo("ParameterAlreadyExists");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.getMessage()).isEqualTo("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
        assertThat(call("PutParameter", "Name", "/app/url", "Value", "http://b", "Overwrite", true)).containsEntry("Version", 2L);

        Map<String, Object> p = parameter(call("GetParameter", "Name", "/app/url"));
        assertThat(p).containsEntry("Name", "/app/url").containsEntry("Type", "String").containsEntry("Value", "http://b").containsEntry("Version", 2L)
                .containsEntry("ARN", ARN_PREFIX + "app/url").containsEntry("DataType", "text").doesNotContainKey("Selector");
        assertThat(p.get("LastModifiedDate")).isInstanceOf(java.time.Instant.class);
        assertThat(parameter(call("GetParameter", "Name", "/app/url:1"))).containsEntry("Value", "http://a").containsEntry("Version", 1L)
                .containsEntry("Selector", ":1").containsEntry("Name", "/app/url");
        assertThat(parameter(call("GetParameter", "Name", ARN_PREFIX + "app/url"))).containsEntry("Value", "http://b");
        assertThat(items(call("DescribeParameters"), "Parameters").getFirst()).containsEntry("Description", "the url").containsEntry("Version", 2L)
                .containsEntry("LastModifiedUser", "arn:aws:iam::000000000000:user/dockyard").containsEntry("Policies", List.of());

        AwsException version = error("GetParameter", "Name", "/app/url:9");
        assertThat(version.code()).isEqualTo("ParameterVersionNotFound");
        assertThat(version.getMessage()).isEqualTo("Systems Manager could not find version 9 of /app/url. Verify the version and try again.");
        AwsException missing = error("GetParameter", "Name", "/app/nope");
        assertThat(missing.code()).isEqualTo("ParameterNotFound");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(code("GetParameter", "Name", "/app/url:nolabel")).isEqualTo("ParameterNotFound");
    }

    @Test
    void aNameWithAndWithoutItsLeadingSlashIsOneParameter() {
        put("plain", "1", "String");
        assertThat(parameter(call("GetParameter", "Name", "/plain"))).containsEntry("Name", "plain").containsEntry("ARN", ARN_PREFIX + "plain");
        assertThat(code("PutParameter", "Name", "/plain", "Value", "2", "Type", "String")).isEqualTo("ParameterAlreadyExists");
        assertThat(parameter(call("GetParameter", "Name", " plain "))).containsEntry("Value", "1");
    }

    @Test
    void secureStringsAreStoredOnlyAsCiphertextAndDecryptedOnlyWithDecryption() {
        String secret = "hunter2-very-secret";
        call("PutParameter", "Name", "/db/password", "Value", secret, "Type", "SecureString");
        assertThat(journal.load().rows()).anyMatch(row -> row.kind().equals("ssm.parameter") && row.key().equals("db/password"));
        for (CachedStore.Row row : journal.load().rows()) {
            assertThat(row.body()).doesNotContain(secret).doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
        Parameter stored = store.get(ParameterBook.KIND, "db/password").orElseThrow();
        assertThat(stored.latest().value()).isNull();
        assertThat(new String(stored.latest().ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(stored.keyId()).isEqualTo("alias/aws/ssm");

        String hidden = (String) parameter(call("GetParameter", "Name", "/db/password")).get("Value");
        assertThat(hidden).isNotEqualTo(secret).isEqualTo(Base64.getEncoder().encodeToString(stored.latest().ciphertext()));
        assertThat(parameter(call("GetParameter", "Name", "/db/password", "WithDecryption", true))).containsEntry("Value", secret)
                .containsEntry("Type", "SecureString");
        assertThat(items(call("DescribeParameters"), "Parameters").getFirst()).containsEntry("KeyId", "alias/aws/ssm");

        // a replica reading the same journal decrypts it too
        CachedStore replica = new CachedStore(journal);
        JsonService other = ParameterStoreApi.service(keys(replica), "us-east-1", "000000000000");
        assertThat(parameter(call(other, "GetParameter", "Name", "/db/password", "WithDecryption", true))).containsEntry("Value", secret);
    }

    @Test
    void secureStringsUseTheKeyNamedAndAnUnknownKeyIsInvalidKeyId() {
        KmsKey k = keys.create("app", "CUSTOMER", Map.of());
        keys.putAlias(new KmsAlias("alias/app", "arn:aws:kms:us-east-1:000000000000:alias/app", k.keyId(), keys.now(), keys.now()));
        call("PutParameter", "Name", "/k", "Value", "s1", "Type", "SecureString", "KeyId", "alias/app");
        assertThat(keys.decrypt(store.get(ParameterBook.KIND, "k").orElseThrow().latest().ciphertext(), Map.of("PARAMETER_ARN", ARN_PREFIX + "k"))
                .key().keyId()).isEqualTo(k.keyId());
        overwrite("/k", "s2");
        assertThat(store.get(ParameterBook.KIND, "k").orElseThrow().keyId()).isEqualTo("alias/app");
        assertThat(parameter(call("GetParameter", "Name", "/k:1", "WithDecryption", true))).containsEntry("Value", "s1");

        AwsException bad = error("PutParameter", "Name", "/k2", "Value", "x", "Type", "SecureString", "KeyId", "alias/nope");
        assertThat(bad.code()).isEqualTo("InvalidKeyId");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.getMessage()).contains("alias/nope is not found").contains("Error Code: NotFoundException");
        assertThat(store.get(ParameterBook.KIND, "k2")).isEmpty();
        assertThat(code("PutParameter", "Name", "/k3", "Value", "x", "Type", "String", "KeyId", "alias/app")).isEqualTo("ValidationException");
    }

    @Test
    void theTypeCanChangeOnOverwriteAndEachVersionKeepsItsOwn() {
        put("/t", "plain", "String");
        call("PutParameter", "Name", "/t", "Value", "hidden", "Type", "SecureString", "Overwrite", true);
        assertThat(parameter(call("GetParameter", "Name", "/t:1", "WithDecryption", true))).containsEntry("Type", "String").containsEntry("Value", "plain");
        assertThat(parameter(call("GetParameter", "Name", "/t", "WithDecryption", true))).containsEntry("Type", "SecureString").containsEntry("Value", "hidden");
        assertThat(code("PutParameter", "Name", "/new", "Value", "x")).isEqualTo("ValidationException");
    }

    @Test
    void namesAreCheckedAsParameterStoreChecksThem() {
        AwsException reserved = error("PutParameter", "Name", "awsThing", "Value", "x", "Type", "String");
        assertThat(reserved.code()).isEqualTo("ValidationException");
        assertThat(reserved.getMessage()).isEqualTo("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
        assertThat(error("PutParameter", "Name", "SSM-x", "Value", "x", "Type", "String").getMessage()).isEqualTo(Names.RESERVED);
        assertThat(error("PutParameter", "Name", "/ssm/x/y", "Value", "x", "Type", "String").getMessage()).isEqualTo(Names.BAD_NAME);
        assertThat(code("PutParameter", "Name", "/aws/x", "Value", "x", "Type", "String")).isEqualTo("AccessDeniedException");
        for (String bad : List.of("has space", "a/b", "/a//b", "/a/", "x@y", "/")) {
            AwsException e = error("PutParameter", "Name", bad, "Value", "x", "Type", "String");
            assertThat(e.code()).as(bad).isEqualTo("ValidationException");
            assertThat(e.getMessage()).as(bad).isEqualTo(Names.BAD_NAME);
        }
        assertThat(code("GetParameter", "Name", "{bad}")).isEqualTo("ValidationException");
        put("/" + String.join("/", java.util.Collections.nCopies(15, "l")), "deep", "String");
        assertThat(code("PutParameter", "Name", "/" + String.join("/", java.util.Collections.nCopies(16, "l")), "Value", "x", "Type", "String"))
                .isEqualTo("HierarchyLevelLimitExceededException");
        assertThat(code("PutParameter", "Name", "/" + "n".repeat(1012 - ARN_PREFIX.length()), "Value", "x", "Type", "String"))
                .isEqualTo("ValidationException");
        put("/" + "n".repeat(1011 - ARN_PREFIX.length()), "x", "String");
        assertThat(error("PutParameter", "Value", "x", "Type", "String").getMessage())
                .isEqualTo("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void valuesAreCheckedAgainstTheirTierPatternAndDataType() {
        String big = "v".repeat(4097);
        AwsException tooBig = error("PutParameter", "Name", "/big", "Value", big, "Type", "String");
        assertThat(tooBig.getMessage()).isEqualTo("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger"
                + " parameter value, upgrade the parameter to use the advanced-parameter tier.");
        assertThat(call("PutParameter", "Name", "/big", "Value", big, "Type", "String", "Tier", "Intelligent-Tiering")).containsEntry("Tier", "Advanced");
        assertThat(call("PutParameter", "Name", "/big", "Value", "small", "Overwrite", true)).containsEntry("Tier", "Advanced");
        assertThat(code("PutParameter", "Name", "/big", "Value", "small", "Overwrite", true, "Tier", "Standard")).isEqualTo("ValidationException");
        assertThat(call("PutParameter", "Name", "/small", "Value", "s", "Type", "String", "Tier", "Intelligent-Tiering")).containsEntry("Tier", "Standard");
        assertThat(code("PutParameter", "Name", "/t", "Value", "x", "Type", "String", "Tier", "Premium")).isEqualTo("ValidationException");

        call("PutParameter", "Name", "/num", "Value", "42", "Type", "String", "AllowedPattern", "^\\d+$");
        AwsException mismatch = error("PutParameter", "Name", "/num", "Value", "abc", "Overwrite", true);
        assertThat(mismatch.code()).isEqualTo("ParameterPatternMismatchException");
        assertThat(mismatch.getMessage()).isEqualTo("Parameter value, cannot be validated against allowedPattern: ^\\d+$");
        assertThat(code("PutParameter", "Name", "/re", "Value", "x", "Type", "String", "AllowedPattern", "(")).isEqualTo("InvalidAllowedPatternException");

        assertThat(call("PutParameter", "Name", "/ami", "Value", "ami-0123456789abcdef0", "Type", "String", "DataType", "aws:ec2:image"))
                .containsEntry("Version", 1L);
        assertThat(parameter(call("GetParameter", "Name", "/ami"))).containsEntry("DataType", "aws:ec2:image");
        assertThat(code("PutParameter", "Name", "/ami2", "Value", "nope", "Type", "String", "DataType", "aws:ec2:image")).isEqualTo("ValidationException");
        assertThat(code("PutParameter", "Name", "/dt", "Value", "x", "Type", "String", "DataType", "Text")).isEqualTo("ValidationException");
        assertThat(error("PutParameter", "Name", "/e", "Value", "", "Type", "String").getMessage())
                .isEqualTo("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
        assertThat(code("PutParameter", "Name", "/n", "Value", "{{ssm:other}}", "Type", "String")).isEqualTo("ValidationException");
        assertThat(error("PutParameter", "Name", "/tg", "Value", "x", "Type", "String", "Overwrite", true, "Tags", List.of(tag("a", "b"))).getMessage())
                .startsWith("Invalid request: tags and overwrite can't be used together.");
    }

    @Test
    void aHundredVersionsAreKeptAndALabelledOldestBlocksTheNext() {
        put("/v", "0", "String");
        for (int i = 1; i < 100; i++) overwrite("/v", String.valueOf(i));
        assertThat(call("PutParameter", "Name", "/v", "Value", "100", "Overwrite", true)).containsEntry("Version", 101L);
        assertThat(code("GetParameter", "Name", "/v:1")).isEqualTo("ParameterVersionNotFound");
        assertThat(store.get(ParameterBook.KIND, "v").orElseThrow().versions()).hasSize(100);
        call("LabelParameterVersion", "Name", "/v", "ParameterVersion", 2, "Labels", List.of("keep"));
        AwsException blocked = error("PutParameter", "Name", "/v", "Value", "101", "Overwrite", true);
        assertThat(blocked.code()).isEqualTo("ParameterMaxVersionLimitExceeded");
        assertThat(blocked.getMessage()).contains("Version 2, the oldest version, can't be deleted");
    }

    @Test
    void getParametersAnswersTheFoundInNameOrderAndTheOthersAsInvalid() {
        put("/b", "2", "String");
        put("/a", "1", "StringList");
        overwrite("/a", "1,2");
        Map<String, Object> r = call("GetParameters", "Names", List.of("/b", "/missing", "/a:1", "/a", "/b:7", "bad name"));
        assertThat(items(r, "Parameters")).extracting(m -> m.get("Name") + "=" + m.get("Value")).containsExactly("/a=1", "/a=1,2", "/b=2");
        assertThat(strings(r, "InvalidParameters")).containsExactly("/missing", "/b:7", "bad name");
        assertThat(code("GetParameters", "Names", List.of())).isEqualTo("ValidationException");
        assertThat(code("GetParameters", "Names", java.util.Collections.nCopies(11, "/a"))).isEqualTo("ValidationException");
    }

    @Test
    void deletingRemovesEveryVersionAndTheNameCanBeUsedAgain() {
        put("/d", "1", "String");
        overwrite("/d", "2");
        assertThat(call("DeleteParameter", "Name", "/d")).isEmpty();
        assertThat(code("GetParameter", "Name", "/d")).isEqualTo("ParameterNotFound");
        assertThat(code("DeleteParameter", "Name", "/d")).isEqualTo("ParameterNotFound");
        assertThat(call("PutParameter", "Name", "/d", "Value", "again", "Type", "String")).containsEntry("Version", 1L);
        put("/e", "1", "String");
        Map<String, Object> r = call("DeleteParameters", "Names", List.of("/d", "/nope", "/e"));
        assertThat(strings(r, "DeletedParameters")).containsExactly("/d", "/e");
        assertThat(strings(r, "InvalidParameters")).containsExactly("/nope");
        assertThat(store.list(ParameterBook.KIND)).isEmpty();
    }
}
